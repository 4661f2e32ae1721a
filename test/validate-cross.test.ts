import { describe, expect, it } from 'vitest';
import { isUnknown } from '../src/model.js';
import { loadData } from '../src/data.js';
import { makeDataFolder } from './helpers/data-folder.js';

const where = (e: { file: string; line: number | null; column: string | null; value: string | null; code: string }) => [e.file, e.line, e.column, e.value, e.code];

describe('cross-table checks', () => {
  it('a duplicate id: the second occurrence is the error, naming the first line', async () => {
    const dir = makeDataFolder({ 'enterprises.csv': '企业编号,企业名称,龙头企业级别\nE1,甲厂,区级\nE2,乙厂,无\nE1,丙厂,市级\n' });
    const { errors, dataset } = await loadData(dir);
    expect(errors.map(where)).toEqual([['enterprises.csv', 4, '企业编号', 'E1', 'duplicate-id']]);
    expect(errors[0]!.args).toEqual({ first: 2 });
    expect(dataset.tables.enterprises.records.map((r) => r.name)).toEqual(['甲厂', '乙厂']);
  });

  it('references resolve (ref and refList); a dangling one is an error on that row', async () => {
    const dir = makeDataFolder({
      'households.csv': '户编号,村编号,户主姓名,家庭人口数,贫困户状态,劳动力人数,产业覆盖,合作社编号\nH1,V1,张三,3,未脱贫,1,是,C1\nH2,V7,李四,2,未脱贫,1,是,C8\n',
      'instructors.csv': '指导员编号,姓名,类别,联系村\nI1,周七,产业发展指导员,V1、V9\n',
      'visits.csv': '日期,指导员编号,村编号,户编号\n2020-05-01,I1,V1,H1\n2020-05-02,I1,,H2\n',
    });
    const { errors, dataset } = await loadData(dir);
    expect(errors.map(where)).toEqual([
      ['households.csv', 3, '村编号', 'V7', 'unknown-ref'],
      ['households.csv', 3, '合作社编号', 'C8', 'unknown-ref'],
      ['instructors.csv', 2, '联系村', 'V1、V9', 'unknown-ref'],
    ]);
    expect(errors.map((e) => e.args)).toEqual([
      { table: 'villages', id: 'V7' },
      { table: 'cooperatives', id: 'C8' },
      { table: 'villages', id: 'V9' },
    ]);
    // H2 is left out for its own error, but it exists: a visit to it is no dangling reference.
    expect(dataset.tables.visits.records).toHaveLength(2);
  });

  it('poor_members ≤ members and poor_employees ≤ employees', async () => {
    const dir = makeDataFolder({
      'cooperatives.csv': '合作社编号,合作社名称,村编号,成员数,建卡贫困户成员数\nC1,社,V1,10,11\n',
      'enterprises.csv': '企业编号,企业名称,龙头企业级别,职工人数,吸纳贫困人口就业数\nE1,厂,区级,5,6\nE2,厂2,无,,6\n',
    });
    const { errors } = await loadData(dir);
    expect(errors.map(where)).toEqual([
      ['enterprises.csv', 2, '吸纳贫困人口就业数', '6', 'exceeds'],
      ['cooperatives.csv', 2, '建卡贫困户成员数', '11', 'exceeds'],
    ]);
    expect(errors[1]!.args).toEqual({ other: '成员数', max: 10 });
  });

  it('a completed project needs a completion date', async () => {
    const dir = makeDataFolder({
      'projects.csv': '项目编号,项目名称,年度,项目类别,资金来源,项目状态,完工日期\nP1,甲,2020,产业扶贫,捐赠资金,已完工,\nP2,乙,2020,其他,其他,在建,\n',
    });
    const { errors } = await loadData(dir);
    expect(errors.map(where)).toEqual([['projects.csv', 2, '完工日期', '', 'completion-date-required']]);
  });

  it('one unit per village and industry', async () => {
    const dir = makeDataFolder({ 'industries.csv': '村编号,产业,规模,单位\nV1,红薯,100,亩\nV1,红薯,3,吨\nV2,红薯,5,吨\nV1,红薯,20,亩\n' });
    const { errors, dataset } = await loadData(dir);
    expect(errors.map(where)).toEqual([['industries.csv', 3, '单位', '吨', 'unit-conflict']]);
    expect(errors[0]!.args).toEqual({ industry: '红薯', unit: '亩', first: 2 });
    // The row stays; its unit is unknown, so a sum over it is no-data, never a wrong total.
    expect(dataset.tables.industries.records).toHaveLength(4);
    expect(isUnknown(dataset.tables.industries.records[1]!.unit)).toBe(true);
  });

  it('village names are unique', async () => {
    const dir = makeDataFolder({ 'villages.csv': '村编号,村（社区）名称,类型,是否贫困村\nV1,核桃村,村,是\nV2,核桃村,村,否\n' });
    const { errors } = await loadData(dir);
    expect(errors.map(where)).toContainEqual(['villages.csv', 3, '村（社区）名称', '核桃村', 'duplicate-village-name']);
  });

  it('a visit names a village, household or enterprise', async () => {
    const dir = makeDataFolder({ 'visits.csv': '日期,指导员编号,村编号,户编号\n2020-05-01,I1,,\n' });
    const { errors } = await loadData(dir);
    expect(errors.map(where)).toEqual([['visits.csv', 2, null, null, 'visit-without-target']]);
  });
});
