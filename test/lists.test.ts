/**
 * List columns (an instructor's 联系村) in `related` and `contains`: a record
 * with a list points at each of its items; `contains` finds an item.
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../src/engine/evaluate.js';
import { parsePack } from '../src/engine/pack.js';
import type { RuleResult } from '../src/model.js';
import { makeDataset } from './helpers/dataset.js';

const village = (id: string) => ({ village_id: id, name: `村${id}`, type: '村', poverty_village: false });
const result = (rs: RuleResult[], rule: string, village: string | null = null) => rs.find((r) => r.rule === rule && r.village === village)!;

describe('list columns in related and contains', () => {
  const LIST_PACK = parsePack(
    `
id: lists
title: { zh: 列表列, en: List columns }
defaultDue: "2021-12-31"
rules:
  - id: "1"
    clause: 一
    quote: 每村有联系指导员
    title: { zh: 每村有指导员, en: An instructor for every village }
    level: error
    scope: village
    check: { kind: each, table: villages, require: { related: { table: instructors, by: villages, where: { field: role, is: 产业发展指导员 } }, min: 1 } }
  - id: "2"
    clause: 二
    quote: 指导员联系核桃村
    title: { zh: 联系核桃村, en: Assigned to V1 }
    level: error
    scope: town
    check: { kind: count, tables: [instructors], where: { field: villages, contains: V1 }, op: gte, value: 2 }
`,
    'lists.yaml',
  );
  it('an instructor assigned to several villages counts for each; contains finds an item of the list', () => {
    const instructor = (id: string, villages: string[]) => ({ instructor_id: id, name: '王某', role: '产业发展指导员', villages });
    const d = makeDataset({ villages: [village('V1'), village('V2'), village('V3')], instructors: [instructor('I1', ['V1', 'V2']), instructor('I2', ['V1'])] });
    const rs = evaluate(LIST_PACK, d, { asOf: '2021-12-31' });
    expect(['V1', 'V2', 'V3'].map((v) => result(rs, '1', v).status)).toEqual(['pass', 'pass', 'fail']);
    expect(result(rs, '2')).toMatchObject({ status: 'pass', actual: 2 });
  });
});

describe('a share weighted by a column (people, not households)', () => {
  const pack = parsePack(
    `
id: weighted
title: { zh: 加权, en: Weighted }
defaultDue: "2021-12-31"
rules:
  - id: "1"
    clause: 一
    quote: 脱贫人口产业覆盖率达到90%
    title: { zh: 人口覆盖, en: People covered }
    level: error
    scope: village
    check: { kind: share, table: households, meets: { field: industry_covered, is: true }, min: "0.9", weight: members }
`,
    'weighted.yaml',
  );
  const hh = (id: string, members: unknown, covered: boolean) => ({ household_id: id, village_id: 'V1', poverty_status: '已脱贫', members: members as number, labor_count: 1, industry_covered: covered });
  it('counts people: 9 of 10 people covered is 90% though only 1 of 2 households is', () => {
    const rs = evaluate(pack, makeDataset({ villages: [village('V1')], households: [hh('H1', 9, true), hh('H2', 1, false)] }), { asOf: '2021-12-31' });
    expect(result(rs, '1', 'V1')).toMatchObject({ status: 'pass', actual: 0.9, numerator: 9, denominator: 10 });
  });
  it('an unreadable household size leaves the share open unless it cannot matter', async () => {
    const { Unknown } = await import('../src/model.js');
    const err = { file: 'households.csv', line: 3, column: '家庭人口数', value: '待核实', code: 'bad-int', args: {} };
    const open = evaluate(pack, makeDataset({ villages: [village('V1')], households: [hh('H1', 9, true), hh('H2', new Unknown(err), false)] }), { asOf: '2021-12-31' });
    expect(result(open, '1', 'V1')).toMatchObject({ status: 'no-data', waitingOn: [err] });
  });
});

describe('distinct counts and ranges', () => {
  const pack = parsePack(
    `
id: distinct
title: { zh: 不同值与区间, en: Distinct and ranges }
defaultDue: "2021-12-31"
rules:
  - id: "1"
    clause: 一
    quote: 每村发展1—2个特色主导产业
    title: { zh: 特色主导产业, en: Featured industries }
    level: error
    scope: village
    check: { kind: count, tables: [industries], where: { field: featured, is: true }, distinct: industry, value: 1, max: 2, noun: { zh: 个特色产业, en: featured industries } }
`,
    'distinct.yaml',
  );
  const ind = (v: string, industry: unknown) => ({ village_id: v, industry: industry as string, scale: 10, unit: '亩', featured: true });
  it('counts different industries, not rows, and judges the range 1–2 at both ends', async () => {
    const { Unknown } = await import('../src/model.js');
    const d = makeDataset({
      villages: [village('V1'), village('V2'), village('V3'), village('V4')],
      industries: [ind('V1', '红薯'), ind('V1', '红薯'), ind('V2', '红薯'), ind('V2', '海椒'), ind('V2', '花椒'), ind('V4', '红薯'), ind('V4', new Unknown({ file: 'industries.csv', line: 8, column: '产业', value: '', code: 'required', args: {} }))],
    });
    const rs = evaluate(pack, d, { asOf: '2021-12-31' });
    expect(pack.rules[0]!.meta.targetText.zh).toBe('1–2 个特色产业');
    expect(result(rs, '1', 'V1')).toMatchObject({ status: 'pass', actual: 1 });
    expect(result(rs, '1', 'V2')).toMatchObject({ status: 'fail', actual: 3 });
    expect(result(rs, '1', 'V3')).toMatchObject({ status: 'fail', actual: 0 });
    // 红薯 and an unreadable one: 1 or 2 different industries, both within 1–2.
    expect(result(rs, '1', 'V4')).toMatchObject({ status: 'pass', actual: 1 });
  });
});

describe('a sum of a column whose figures carry their own unit', () => {
  it('adds 投资金额（万元） with unit: 万元, no unit column needed', () => {
    const pack = parsePack(
      `
id: amounts
title: { zh: 投资, en: Investment }
defaultDue: "2021-12-31"
rules:
  - id: "1"
    clause: 一
    quote: 衔接资金用于产业发展的项目投资不少于100万元
    title: { zh: 产业项目投资, en: Industry investment }
    level: error
    scope: town
    check: { kind: sum, table: projects, where: { field: category, is: 产业扶贫 }, field: amount, unit: 万元, value: 100 }
`,
      'amounts.yaml',
    );
    const project = (id: string, amount: number) => ({ project_id: id, name: id, year: 2021, category: '产业扶贫', fund_source: '其他', status: '在建', amount });
    const rs = evaluate(pack, makeDataset({ villages: [village('V1')], projects: [project('P1', 60.5), project('P2', 39.5)] }), { asOf: '2021-12-31' });
    expect(pack.rules[0]!.meta.targetText.zh).toBe('≥ 100 万元');
    expect(result(rs, '1')).toMatchObject({ status: 'pass', actual: 100 });
  });
});
