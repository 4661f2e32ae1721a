/**
 * A town can write a new plan as a pack without touching src/: a 2021 plan of
 * two rules, evaluated on the base town.
 */
import { describe, expect, it } from 'vitest';
import { parsePack } from '../src/engine/pack.js';
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
