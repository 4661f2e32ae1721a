#!/usr/bin/env python3
"""Writes fixtures/xlsx/openpyxl-data.xlsx: a workbook written by another program
(openpyxl, Debian's python3-openpyxl), so the reader is tested on XML it did not
write itself. Run: /usr/bin/python3 test/tools/make-openpyxl-book.py"""
import datetime
import os
import openpyxl

wb = openpyxl.Workbook()
notes = wb.active
notes.title = '说明'
notes['A1'] = '本工作簿由 openpyxl 生成'

hh = wb.create_sheet('农户')
hh.append(['户编号', '村编号', '户主姓名', '证件号码', '联系电话', '家庭人口数', '贫困户状态', '劳动力人数', '产业覆盖', '合作社编号'])
hh.append(['H1', 'V1', '张三', '11010519491231002X', 13800138000, 3, '未脱贫', 2, True, 'C1'])
# An 18-digit ID typed into a General column: a number, its last digits lost.
hh.append(['H2', 'V2', '李四', 110105194912310020, None, 1, '非贫困户', 0, False, None])
hh.append([])
hh.append(['H3', 'V1', '王五', None, None, 2.0, '已脱贫', 1, '否', None])

pj = wb.create_sheet('扶贫项目')
pj.append(['项目编号', '项目名称', '村编号', '年度', '项目类别', '资金来源', '项目状态', '完工日期'])
pj.append(['P1', '红薯基地', 'V1', 2020, '产业扶贫', '财政扶贫资金', '已完工', datetime.date(2020, 6, 30)])
pj.append(['P2', '粉条厂', 'V2', 2020, '产业扶贫', '财政扶贫资金', '已完工', datetime.datetime(2020, 7, 1, 14, 30)])
for row in pj.iter_rows(min_row=2, min_col=8, max_col=8):
    for c in row:
        c.number_format = 'yyyy"年"m"月"d"日"'

out = os.path.join(os.path.dirname(__file__), '..', '..', 'fixtures', 'xlsx', 'openpyxl-data.xlsx')
wb.save(out)
