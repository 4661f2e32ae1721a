/**
 * What Excel and damaged exports really hand over (issue 10, "What to build",
 * bullets 3 and 4): a corrupt line is an error at its line and the rest of the
 * file is read; UTF-16 "Unicode 文本" is read; `2020/3/5 0:00` is a date and
 * `43895` names the date it would be; headers one edit off, a title row,
 * `5.00153E+11` and a village name where its code belongs each get a hint.
 * Everything through loadData, as the CLI reads a folder.
 */
import { rmSync } from 'node:fs';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { loadData } from '../src/data.js';
import { DATA_MESSAGES } from '../src/messages/data.js';
import { isUnknown, type DataError, type Unknown } from '../src/model.js';
import { serialToDate } from '../src/validate/cells.js';
import { makeDataFolder, VALID_FILES } from './helpers/data-folder.js';

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});
async function load(overrides: Record<string, string | Buffer | null>, opts: Parameters<typeof loadData>[1] = {}) {
  const dir = makeDataFolder(overrides);
  made.push(dir);
  return loadData(dir, opts);
}
const where = (e: DataError) => [e.file, e.line, e.column, e.value, e.code];
const zh = (e: DataError) => DATA_MESSAGES[e.code]!.zh(e.args);
const en = (e: DataError) => DATA_MESSAGES[e.code]!.en(e.args);

const HOUSEHOLDS_HEAD = '户编号,村编号,户主姓名,证件号码,家庭人口数,贫困户状态,劳动力人数,产业覆盖,合作社编号\n';
const H1 = 'H1,V1,张三,11010519491231002X,3,未脱贫,2,是,C1\n';
const H3 = 'H3,V2,王五,,2,非贫困户,1,否,\n';
const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));

describe('a corrupt line in a text file: an error at its line, the rest is read', () => {
  it('UTF-8 with an invalid byte in one row: that row is reported (never its text), the cell holding it unknown, the rest read', async () => {
    // 李四 with its second character cut to one byte, and a stray 0xFF.
    const households = bytes(HOUSEHOLDS_HEAD, H1, 'H2,V2,李', [0xe5, 0xff], ',,1,非贫困户,0,否,\n', H3);
    const r = await load({ 'households.csv': households });
    expect(r.errors.map(where)).toEqual([['households.csv', 3, null, null, 'undecodable-line']]);
    expect(r.errors[0]!.args).toEqual({ line: 3, column: 8, reason: 'invalid', encoding: 'utf-8' });
    // The record stays (rule-catalogue.md): only the cell with the bad bytes (the name) is unknown.
    const hh = r.dataset.tables.households;
    expect(hh.records.map((h) => h.household_id)).toEqual(['H1', 'H2', 'H3']);
    expect(hh).toMatchObject({ rowCount: 3, rejected: 0 });
    expect((hh.records[1]!.head_name as Unknown).error).toBe(r.errors[0]);
    expect(hh.records[1]!.members).toBe(1);
    expect(r.dataset.inputs.find((i) => i.file === 'households.csv')!.encoding).toBe('utf-8');
    expect(zh(r.errors[0]!)).toContain('第 3 行从第 8 个字符起有不是 UTF-8 文字的字节');
    expect(zh(r.errors[0]!)).not.toContain('xlsx');
  });

  it('GBK with a broken double-byte character: decided per line, the file is still GBK and its other rows read', async () => {
    // 0x81 0x20: a GBK lead byte followed by a byte that cannot follow it.
    const households = Buffer.concat([iconv.encode(HOUSEHOLDS_HEAD + H1, 'gbk'), Buffer.from('H2,V2,'), Buffer.from([0x81, 0x20]), iconv.encode(',,1,非贫困户,0,否,\n' + H3, 'gbk')]);
    const r = await load({ 'households.csv': households });
    expect(r.errors.map(where)).toEqual([['households.csv', 3, null, null, 'undecodable-line']]);
    expect(r.errors[0]!.args).toMatchObject({ line: 3, column: 7, reason: 'invalid', encoding: 'gb18030' });
    expect(zh(r.errors[0]!)).toContain('GBK');
    expect(r.dataset.tables.households.records.map((h) => [h.household_id, isUnknown(h.head_name) ? '?' : h.head_name])).toEqual([
      ['H1', '张三'],
      ['H2', '?'],
      ['H3', '王五'],
    ]);
  });

  it('a NUL byte in one row: that row is reported at its line, the rest read', async () => {
    const households = bytes(HOUSEHOLDS_HEAD, H1, 'H2,V2,李', [0x00], '四,,1,非贫困户,0,否,\n', H3);
    const r = await load({ 'households.csv': households });
    expect(r.errors.map(where)).toEqual([['households.csv', 3, null, null, 'undecodable-line']]);
    expect(r.errors[0]!.args).toMatchObject({ line: 3, column: 8, reason: 'nul' });
    expect(zh(r.errors[0]!)).toContain('NUL');
    expect(r.dataset.tables.households.records.map((h) => [h.household_id, isUnknown(h.head_name)])).toEqual([
      ['H1', false],
      ['H2', true],
      ['H3', false],
    ]);
  });

  it('a record over several lines (a quoted line break) with the bad bytes on its second line: reported at the record, naming the line', async () => {
    const visits = bytes('日期,指导员编号,村编号,户编号,内容\n2020-05-01,I1,V1,H1,"技术指导\n第二行', [0xff], '"\n2020-05-02,I1,V2,,走访\n');
    const r = await load({ 'visits.csv': visits });
    expect(r.errors.map(where)).toEqual([['visits.csv', 2, null, null, 'undecodable-line']]);
    expect(r.errors[0]!.args).toMatchObject({ line: 3, column: 4 });
    expect([...r.dataset.tables.visits.lines]).toEqual([2, 4]);
    expect(isUnknown(r.dataset.tables.visits.records[0]!.purpose)).toBe(true);
    expect(r.dataset.tables.visits.records[0]!.village_id).toBe('V1');
  });

  it('still refuses real binaries: an .xlsx (zip) renamed, an old .xls, a mostly-NUL file', async () => {
    const xlsx = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]), Buffer.from('[Content_Types].xml 村编号,名称\n')]);
    const xls = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.from('\n村编号\n')]);
    const nul = Buffer.concat([Buffer.from(VALID_FILES['villages.csv']!), Buffer.alloc(200)]);
    for (const file of [xlsx, xls, nul]) {
      const r = await load({ 'villages.csv': file });
      expect(r.errors.filter((e) => e.file === 'villages.csv').map(where)).toEqual([['villages.csv', null, null, null, 'binary-file']]);
    }
  });

  it('still refuses a file whose lines are mostly not text in any encoding', async () => {
    const garbage = Buffer.from(Array.from({ length: 40 }, (_, i) => (i % 4 === 3 ? 0x0a : [0x81, 0x20, 0xff][i % 3]!)));
    const r = await load({ 'villages.csv': Buffer.concat([Buffer.from('村编号,村（社区）名称,类型,是否贫困村\n'), garbage]) });
    expect(r.errors.filter((e) => e.file === 'villages.csv').map((e) => e.code)).toEqual(['binary-file']);
  });

  it('a YAML table with a corrupt line: reported at that line, the value on it unknown, the records read', async () => {
    const yaml = bytes('- village_id: V1\n  name: 核桃村\n  type: 村\n  poverty_village: 是\n- village_id: V2\n  name: 河包', [0xff], '社区\n  type: 社区\n  poverty_village: 否\n');
    const r = await load({ 'villages.csv': null, 'villages.yaml': yaml });
    expect(r.errors.filter((e) => e.file === 'villages.yaml').map(where)).toEqual([['villages.yaml', 6, null, null, 'undecodable-line']]);
    expect(r.dataset.tables.villages.records.map((v) => [v.village_id, isUnknown(v.name)])).toEqual([
      ['V1', false],
      ['V2', true],
    ]);
    expect(r.dataset.tables.villages).toMatchObject({ rowCount: 2, rejected: 0 });
  });

  it('town.yaml with a corrupt line: reported at that line, the rest of the record read', async () => {
    const town = bytes('name: 河包镇\n# 备注', [0xfe, 0xff], '\nleadership_group:\n  leader: 王明\n  first_deputy: 李华\n');
    const r = await load({ 'town.yaml': town });
    expect(r.errors.map(where)).toEqual([['town.yaml', 2, null, null, 'undecodable-line']]);
    expect(r.dataset.town).toMatchObject({ name: '河包镇', 'leadership_group.leader': '王明' });
  });
});

describe('Excel "Unicode 文本": UTF-16 with BOM, tab-separated', () => {
  const villagesTsv = VALID_FILES['villages.csv']!.replace(/,/g, '\t').replace(/\n/g, '\r\n');
  it('UTF-16LE and UTF-16BE read as the same villages as the CSV', async () => {
    const clean = await load({});
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(villagesTsv, 'utf16le')]);
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(villagesTsv, 'utf16le').swap16()]);
    for (const [file, enc] of [[le, 'utf-16le'], [be, 'utf-16be']] as const) {
      const r = await load({ 'villages.csv': file });
      expect(r.errors).toEqual([]);
      expect(r.notices).toEqual([]);
      expect(r.dataset.tables.villages.records).toEqual(clean.dataset.tables.villages.records);
      expect([...r.dataset.tables.villages.lines]).toEqual([2, 3]);
      expect(r.dataset.inputs.find((i) => i.file === 'villages.csv')!.encoding).toBe(enc);
    }
  });
  it('a tab-separated UTF-8 file (header with tabs and no commas) is read too; a cell may hold a comma', async () => {
    const r = await load({ 'industries.csv': '村编号\t产业\t规模\t单位\nV1\t红薯\t"1,200"\t亩\nV2\t肉兔\t500\t只\n' });
    expect(r.errors).toEqual([]);
    expect(r.dataset.tables.industries.records.map((i) => i.scale)).toEqual([1200, 500]);
  });
});

describe('dates as Excel writes them', () => {
  it("Excel's midnight time after a date is the date", async () => {
    const visits = '日期,指导员编号,村编号,户编号,内容\n2020/5/1 0:00,I1,V1,H1,a\n2020/5/2 0:00:00,I1,V1,,b\n2020-05-03 00:00,I1,V2,,c\n';
    const r = await load({ 'visits.csv': visits });
    expect(r.errors).toEqual([]);
    expect(r.dataset.tables.visits.records.map((v) => v.date)).toEqual(['2020-05-01', '2020-05-02', '2020-05-03']);
  });
  it('any other time is still not a date', async () => {
    const r = await load({ 'visits.csv': '日期,村编号\n2020/5/1 14:30,V1\n' });
    expect(r.errors.map((e) => e.code)).toEqual(['bad-date']);
  });
  it('a bare Excel serial number is an error that gives the date it would be', async () => {
    const r = await load({ 'projects.csv': VALID_FILES['projects.csv']!.replace('2020-06-30', '43895') });
    expect(r.errors.map(where)).toEqual([['projects.csv', 2, '完工日期', '43895', 'excel-serial-date']]);
    expect(r.errors[0]!.args).toEqual({ date: '2020-03-05' });
    expect(zh(r.errors[0]!)).toContain('2020-03-05');
    expect(en(r.errors[0]!)).toContain('2020-03-05');
  });
  it("serials count Excel's fake 1900-02-29: 59 and 61 are the days around it, 60 is no date", () => {
    expect([serialToDate(1), serialToDate(59), serialToDate(60), serialToDate(61), serialToDate(43831)]).toEqual(['1900-01-01', '1900-02-28', null, '1900-03-01', '2020-01-01']);
  });
});

describe('hints where the mistake is common', () => {
  it('a header one edit from a known one: the notice names it, and the missing-column error asks "did you mean"', async () => {
    const r = await load({ 'households.csv': VALID_FILES['households.csv']!.replace('家庭人口数', '家庭人口') });
    expect(r.notices.map(where)).toEqual([['households.csv', 1, '家庭人口', null, 'unknown-column']]);
    expect(r.notices[0]!.args.suggest).toBe('家庭人口数');
    expect(zh(r.notices[0]!)).toContain('是不是“家庭人口数”');
    const missing = r.errors.filter((e) => e.code === 'missing-required-column');
    // `table` too since issue 11: every form's header problems have the same args (town.yaml's read as keys, 项).
    expect(missing.map((e) => e.args)).toEqual([{ table: 'households', header: '家庭人口数', key: 'members', found: '家庭人口' }]);
    expect(zh(missing[0]!)).toContain('“家庭人口”是不是这一列');
    expect(en(missing[0]!)).toContain('did you mean');
  });
  it('a typo (one character changed) and an English key one letter off are named too; an unrelated header is not', async () => {
    const r = await load({ 'households.csv': VALID_FILES['households.csv']!.replace('贫困户状态', '贫困户壮态').replace('劳动力人数', 'labor_cont').replace('合作社编号', '备注') });
    expect(r.notices.map((n) => [n.column, n.args.suggest ?? null])).toEqual([
      ['贫困户壮态', '贫困户状态'],
      ['labor_cont', 'labor_count'],
      ['备注', null],
    ]);
  });
  it('a YAML key one letter off: the same hint', async () => {
    const yaml = '- village_id: V1\n  name: 核桃村\n  type: 村\n  poverty_villag: 是\n';
    const r = await load({ 'villages.csv': null, 'villages.yaml': yaml });
    expect(r.notices.map((n) => [n.line, n.column, n.args.suggest])).toEqual([[4, 'poverty_villag', 'poverty_village']]);
    expect(r.errors.filter((e) => e.code === 'missing-required-column').map((e) => e.args.found)).toEqual(['poverty_villag']);
  });
  it('a title row above the header: one error saying so, not every column missing; the table is read from the header', async () => {
    const r = await load({ 'villages.csv': '河包镇村（社区）基本情况表,,,,\n' + VALID_FILES['villages.csv']! });
    expect(r.errors.map(where)).toEqual([['villages.csv', 1, null, '河包镇村（社区）基本情况表', 'title-row']]);
    expect(zh(r.errors[0]!)).toContain('标题');
    expect(r.dataset.tables.villages.records.map((v) => v.village_id)).toEqual(['V1', 'V2']);
    expect([...r.dataset.tables.villages.lines]).toEqual([3, 4]);
  });
  it('a first line that is a one-column header after all stays the header', async () => {
    const r = await load({ 'villages.csv': '备注\nV1\n' });
    expect(r.errors.map((e) => e.code)).not.toContain('title-row');
    expect(r.errors.filter((e) => e.code === 'missing-required-column').length).toBe(4);
  });
  it('a village code or phone in 5.00153E+11 form gets the scientific-notation hint', async () => {
    const r = await load({
      'villages.csv': VALID_FILES['villages.csv']!.replace('V2,河包社区', '5.00153E+11,河包社区'),
      'households.csv': HOUSEHOLDS_HEAD.replace('合作社编号', '合作社编号,联系电话') + 'H1,V1,张三,11010519491231002X,3,未脱贫,2,是,C1,1.38123E+10\n',
    });
    const sci = r.errors.filter((e) => e.code === 'excel-scientific');
    expect(sci.map(where)).toEqual([
      ['villages.csv', 3, '村编号', '5.00153E+11', 'excel-scientific'],
      ['households.csv', 2, '联系电话', '1.38123E+10', 'excel-scientific'],
    ]);
    expect(zh(sci[0]!)).toContain('科学计数法');
  });
  it('a village name where its code belongs: the error names the code', async () => {
    const r = await load({ 'households.csv': VALID_FILES['households.csv']!.replace('H2,V2,', 'H2,河包社区,'), 'instructors.csv': '指导员编号,姓名,类别,联系村\nI1,周七,产业发展指导员,核桃村;V2\n' });
    const refs = r.errors.filter((e) => e.code === 'unknown-ref');
    expect(refs.map((e) => [e.file, e.line, e.args.id, e.args.hint])).toEqual([
      ['households.csv', 3, '河包社区', 'V2'],
      ['instructors.csv', 2, '核桃村', 'V1'],
    ]);
    expect(zh(refs[0]!)).toContain('V2');
    expect(en(refs[1]!)).toContain('V1');
  });
});
