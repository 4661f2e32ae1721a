/**
 * A rule's target is a typed bound (RuleMeta.bound) that the reports read:
 * no report re-parses the machine string `>= 0.95`, and none guesses that a
 * figure is a percentage from a `%` in the target's words.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ruleJson } from '../src/cli/rules.js';
import { loadPack, packPath, parsePack, type RulePack } from '../src/engine/pack.js';
import type { RuleMeta, RuleResult } from '../src/model.js';
import { FORMATTERS } from '../src/report/index.js';
import { makeReport } from './helpers/report-fixture.js';

const bound = (pack: RulePack, id: string) => pack.rules.find((r) => r.meta.id === id)!.meta.bound;

describe('the bound of a rule, as a value', () => {
  const hebao = loadPack('hebao-2020');
  const changshou = loadPack('changshou-2026');

  it('says op, exact decimal value, unit and what it bounds, for every kind of target', () => {
    expect(bound(hebao, '2.6')).toEqual({ op: 'gte', value: '0.95', unit: 'ratio', of: 'figure' });
    expect(bound(hebao, '2.10')).toEqual({ op: 'gt', value: '50000', unit: '元', of: 'figure' });
    expect(bound(hebao, '3.2b')).toEqual({ op: 'gte', value: '1000', unit: '亩', of: 'figure' });
    // 1–2 个特色主导产业: a range.
    expect(bound(changshou, '3.1')).toEqual({ op: 'gte', value: '1', max: '2', unit: 'count', of: 'figure' });
    // Each village's growth, 9.1% 左右: a fraction with its tolerance.
    expect(bound(hebao, '2.9')).toEqual({ op: 'gte', value: '0.091', unit: 'ratio', of: 'each', about: '0.01' });
    expect(bound(hebao, '3.5a')).toEqual({ op: 'gt', value: '10000', unit: '万元', of: 'each' });
    // Growth above the town figure's: the bound moves with it.
    expect(bound(changshou, '2.1a')).toEqual({ op: 'gt', value: '0', unit: 'ratio', of: 'growth', against: 'rural_income' });
    // A change of a share is in percentage points: -7.2 个百分点, not -7.2%.
    expect(bound(changshou, '4.2v')).toEqual({ op: 'gte', value: '0', unit: 'points', of: 'difference' });
    // No single bound: every month, steady rise, all comply.
    expect(bound(hebao, '3.15b')).toBeNull();
    expect(bound(changshou, '4.1')).toBeNull();
    expect(bound(hebao, '2.1')).toBeNull();
  });

  it('follows a use: to the definition it names, and refuses dates', () => {
    const text = readFileSync(packPath('hebao-2020'), 'utf8')
      .replace('definitions:\n', 'definitions:\n  poor_share: { ratio: [poor_members, members], gte: 0.8 }\n')
      .replace('require: { ratio: [poor_members, members], gte: 0.8 }', 'require: { use: poor_share }');
    expect(text).toContain('require: { use: poor_share }');
    const pack = parsePack(text, 'hebao-use.yaml');
    expect(bound(pack, '3.7b')).toEqual({ op: 'gte', value: '0.8', unit: 'ratio', of: 'each' });
    // 3.8's three dates are no number.
    expect(bound(pack, '3.8')).toBeNull();
  });

  it('is in rules --format json, next to the target text', () => {
    const rule = hebao.rules.find((r) => r.meta.id === '2.6')!;
    expect(JSON.parse(JSON.stringify(ruleJson(rule)))).toMatchObject({ targetText: { zh: '≥ 95%' }, bound: { op: 'gte', value: '0.95', unit: 'ratio' } });
  });
});

describe('reports read the bound', () => {
  const res = (rule: string, village: string, actual: number): RuleResult => ({ rule, village, status: 'fail', actual, target: 'all', offenders: [], notes: [] });
  const each = (id: string, zh: string, m: Pick<RuleMeta, 'targetText' | 'bound'>): RuleMeta => ({
    ...makeReport().rules[0]!,
    id,
    title: { zh, en: zh },
    unit: null,
    kind: 'each',
    headline: false,
    ...m,
  });

  it('shows a figure as a percentage because its bound is a fraction, not because the words hold a %', () => {
    const r = makeReport();
    r.rules.push(
      // The words say no %, the bound is a share: 0.75 reads 75.0%.
      each('3.7b', '合作社贫困户成员占比', { targetText: { zh: '每社不低于五分之四', en: 'each at least four fifths' }, bound: { op: 'gte', value: '0.8', unit: 'ratio', of: 'each' } }),
      // The words hold a %, the figure is a head count: 0 reads 0, not 0.0%.
      each('3.7c', '企业吸纳贫困人口', { targetText: { zh: '每家 ≥ 1 人（约占职工 5%）', en: 'each ≥ 1 (about 5% of staff)' }, bound: { op: 'gte', value: '1', unit: null, of: 'each' } }),
    );
    r.results.push(res('3.7b', 'V01', 0.75), res('3.7c', 'V01', 0));
    const out = FORMATTERS.text(r, { lang: 'zh', color: false, width: 200, by: 'both' });
    expect(out).toContain('3.7b 合作社贫困户成员占比（75.0%，目标 每社不低于五分之四）');
    expect(out).toContain('3.7c 企业吸纳贫困人口（0，目标 每家 ≥ 1 人（约占职工 5%））');
  });

  it('states a gap only for a lower bound on the figure itself: not for a range or an upper bound', () => {
    const r = makeReport();
    const rule = r.rules.find((m) => m.id === '3.2b')!;
    const village = (b: RuleMeta['bound']) => {
      rule.bound = b;
      return FORMATTERS.text(r, { lang: 'zh', color: false, width: 200, by: 'both' });
    };
    expect(village({ op: 'gte', value: '1000', unit: '亩', of: 'figure' })).toContain('999.5 亩，距目标 1,000 亩差 0.5 亩');
    // The gap is measured from the bound, whatever the result's machine string says.
    expect(village({ op: 'gte', value: '1200', unit: '亩', of: 'figure' })).toContain('999.5 亩，距目标 1,200 亩差 200.5 亩');
    expect(village({ op: 'gte', value: '1000', max: '2000', unit: '亩', of: 'figure' })).not.toContain('999.5 亩，距目标');
    expect(village({ op: 'lte', value: '1000', unit: '亩', of: 'figure' })).not.toContain('999.5 亩，距目标');
  });
});
