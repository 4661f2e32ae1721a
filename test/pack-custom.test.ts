/**
 * A town can write a new plan as a pack without touching src/: a 2021 plan of
 * two rules, evaluated on the base town.
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../src/engine/evaluate.js';
import { parsePack } from '../src/engine/pack.js';
import { makeDataset } from './helpers/dataset.js';
import { baseTown, households, row, run, setHouseholds } from './helpers/town.js';

const PLAN_2021 = `
id: hebao-2021
title: { zh: 河包镇2021年产业巩固方案, en: Hebao 2021 consolidation plan }
defaultDue: "2021-06-30"
definitions:
  registered_poor: { field: poverty_status, in: [未脱贫, 已脱贫] }
rules:
  - id: "1"
    clause: 一
    quote: 产业覆盖率达到98%
    title: { zh: 产业覆盖率, en: Industry coverage }
    level: error
    scope: village
    check:
      kind: share
      table: households
      population: { use: registered_poor }
      meets: { field: industry_covered, is: true }
      min: "0.98"
  - id: "2"
    clause: 二
    quote: 黄檀村稻虾达到2500亩
    title: { zh: 黄檀村稻虾, en: Rice-crayfish }
    level: error
    scope: { village: 黄檀村 }
    check:
      kind: sum
      table: industries
      where: { field: industry, is: 稻虾 }
      field: scale
      unit: { field: unit, is: 亩 }
      value: 2500
`;

describe('a second pack', () => {
  const pack = parsePack(PLAN_2021, 'hebao-2021.yaml');

  it('reads its own due date, thresholds and villages', () => {
    expect(pack.rules.map((r) => [r.meta.id, r.meta.due, r.meta.targetText.zh])).toEqual([
      ['1', '2021-06-30', '≥ 98%'],
      ['2', '2021-06-30', '≥ 2,500 亩'],
    ]);
  });

  it('judges the data by its own targets: 49/50 = 98% passes, 2,000 亩 is short of 2,500', () => {
    const t = baseTown();
    setHouseholds(t, 'V01', households('V01', 50, (i) => (i === 9 ? { industry_covered: false } : {})));
    const r = run(t, '2021-06-30', {}, pack);
    expect(r.results.map((x) => x.rule)).toEqual(['1', '1', '1', '1', '1', '2', '2']);
    expect(r.result('1', 'V01')).toMatchObject({ status: 'pass', actual: 0.98 });
    expect(r.result('2', 'V02')).toMatchObject({ status: 'fail', actual: 2000 });
    expect(run(t, '2021-03-31', {}, pack).result('2')).toMatchObject({ status: 'pending', actual: 2000 });
    row(t, 'households', 'H10').industry_covered = false;
    expect(run(t, '2021-06-30', {}, pack).result('1', 'V01')).toMatchObject({ status: 'fail', actual: 0.96, offenders: ['H09', 'H10'] });
  });
});

describe('a definition used on two tables', () => {
  // A definition is read on each table it is used on: the columns it names must be in both files.
  const pack = parsePack(
    `
id: shared-definition
title: { zh: 共用定义, en: Shared definition }
defaultDue: "2021-06-30"
definitions:
  named_fish: { field: name, contains: 鱼 }
rules:
  - id: "1"
    clause: 一
    quote: 有养鱼合作社
    title: { zh: 养鱼合作社, en: Fish cooperatives }
    level: error
    scope: town
    check: { kind: count, tables: [cooperatives], where: { use: named_fish }, op: gte, value: 1 }
  - id: "2"
    clause: 二
    quote: 有养鱼项目
    title: { zh: 养鱼项目, en: Fish projects }
    level: error
    scope: town
    check: { kind: count, tables: [projects], where: { use: named_fish }, op: gte, value: 1 }
  - id: "3"
    clause: 三
    quote: 渔村有养鱼项目
    title: { zh: 渔村有养鱼项目, en: Fish villages have fish projects }
    level: error
    scope: village
    check:
      kind: each
      table: villages
      require: { all: [{ use: named_fish }, { related: { table: projects, by: village_id, where: { use: named_fish } }, min: 1 }] }
`,
    'shared.yaml',
  );
  it('reads its columns on each table: a projects file without 项目名称 makes rule 2 no-data, not a count of 0', () => {
    const data = makeDataset({
      villages: [{ village_id: 'V1', name: '鱼村', type: '村', poverty_village: false }],
      cooperatives: [{ cooperative_id: 'C1', name: '养鱼合作社', village_id: 'V1', members: 5, poor_members: 1 }],
      projects: { records: [{ project_id: 'P1', village_id: 'V1', year: 2021 }], columns: ['project_id', 'village_id', 'year'] },
    });
    const rs = evaluate(pack, data, { asOf: '2021-06-30' });
    expect(rs.find((r) => r.rule === '1')!.status).toBe('pass');
    const r2 = rs.find((r) => r.rule === '2')!;
    expect(r2.status).toBe('no-data');
    expect(r2.notes.map((n) => n.code)).toEqual(['missing-column']);
    // One rule reading the definition on villages and, through related, on projects: both are checked.
    expect(rs.find((r) => r.rule === '3' && r.village === 'V1')!.status).toBe('no-data');
  });
});
