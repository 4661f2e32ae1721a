/**
 * Check kinds on cases the hebao-2020 pack does not reach, through small
 * packs: an empty measured figure in a share, a count over two tables.
 */
import { describe, expect, it } from 'vitest';
import { parsePack } from '../src/engine/pack.js';
import { baseTown, row, run } from './helpers/town.js';

const pack = (check: string) =>
  parsePack(
    `id: k
title: { zh: 测试, en: test }
defaultDue: "2020-12-31"
rules:
  - id: k1
    clause: 一
    quote: 引用
    title: { zh: 甲, en: a }
    level: error
    scope: town
    check:
${check.replace(/^/gm, '      ')}
`,
    'k.yaml',
  );

describe('share with a measured figure in its requirement', () => {
  const half = pack(`kind: share
table: enterprises
meets: { field: poor_employees, gte: 5 }
min: 0.5`);
  // Base: E01 15 (meets), E02 2 (misses), E03 2 (misses).
  it('an empty figure that could tip the share makes it no-data', () => {
    const t = baseTown();
    row(t, 'enterprises', 'E03').poor_employees = null; // 1 of 3 known to meet; with E03, 2 of 3 ≥ 50%
    expect(run(t, '2020-12-31', {}, half).result('k1')).toMatchObject({ status: 'no-data', numerator: 1, denominator: 3, offenders: [] });
  });
  it('an empty figure that cannot tip it leaves the fail', () => {
    const t = baseTown();
    row(t, 'enterprises', 'E01').poor_employees = 1;
    row(t, 'enterprises', 'E03').poor_employees = null; // 0 of 3; even with E03, 1 of 3 < 50%
    expect(run(t, '2020-12-31', {}, half).result('k1')).toMatchObject({ status: 'fail', actual: 0, offenders: ['E01', 'E02', 'E03'] });
  });
});

describe('count over two tables', () => {
  const leaders = pack(`kind: count
tables: [enterprises, cooperatives]
where: { field: poverty_leader_level, in: [区级, 市级, 国家级] }
value: 2`);
  it('adds the matches of both tables', () => {
    const t = baseTown();
    expect(run(t, '2020-12-31', {}, leaders).result('k1')).toMatchObject({ status: 'fail', actual: 1 });
    row(t, 'cooperatives', 'C04').poverty_leader_level = '国家级';
    expect(run(t, '2020-12-31', {}, leaders).result('k1')).toMatchObject({ status: 'pass', actual: 2 });
  });
});
