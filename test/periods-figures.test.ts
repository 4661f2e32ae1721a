/**
 * Periods, the Changshou plan's needs (issue 12): a steady rise over every
 * period the folders chain to (稳步提升), the change of a weighted mean
 * (人均纯收入 weighted by people), the change of a share (覆盖率, 100% in both
 * periods is 已全覆盖), a group's growth against a town.yaml figure's growth,
 * and a requirement held in both periods (稳定在10万元以上). Small datasets;
 * last period's folder and the ones before through the CLI. Unknown cells
 * leave a result no-data only when they could change it.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluate } from '../src/engine/evaluate.js';
import { parsePack, PackError, type RulePack } from '../src/engine/pack.js';
import { Unknown, type CellValue, type DataError, type Dataset, type RuleResult } from '../src/model.js';
import { renderFinding } from '../src/report/i18n.js';
import { run, SAMPLE } from './helpers/cli.js';
import { makeDataset } from './helpers/dataset.js';

const HEAD = `
id: periods-figures
title: { zh: 多期, en: Periods }
defaultDue: "2026-12-31"
`;
const rule = (id: string, scope: string, check: string) => `
  - id: "${id}"
    clause: 一
    quote: 引用
    title: { zh: 规则${id}, en: Rule ${id} }
    level: error
    scope: ${scope}
    check: ${check}`;
const pack = (rules: string, extra = ''): RulePack => parsePack(`${HEAD}${extra}\nrules:${rules}\n`, 'periods.yaml');

type Tables = Parameters<typeof makeDataset>[0];
type Town = Record<string, CellValue>;
/** This period's data, then last period's, then the one before ... */
function periods(...all: (Tables | [Tables, Town])[]): Dataset {
  const sets = all.map((x) => (Array.isArray(x) ? makeDataset(x[0], x[1]) : makeDataset(x)));
  for (let i = 0; i < sets.length - 1; i++) sets[i]!.previous = sets[i + 1];
  // Findings name a period by its folder.
  sets.forEach((d, i) => (d.dir = `/data/${2026 - i}`));
  return sets[0]!;
}
const at = (rs: RuleResult[], rule: string, village: string | null = null) => rs.find((r) => r.rule === rule && r.village === village)!;
const codes = (r: RuleResult) => r.notes.map((n) => n.code);
const said = (r: RuleResult, code: string, lang: 'zh' | 'en' = 'zh') => renderFinding(r.notes.find((n) => n.code === code)!, lang);

const village = (id: string, income: CellValue, more: Record<string, CellValue> = {}) => ({ village_id: id, name: `村${id}`, type: '村', poverty_village: false, collective_income: income, ...more });
const hh = (id: string, v: string, labor: CellValue, members: CellValue, more: Record<string, CellValue> = {}) => ({
  household_id: id,
  village_id: v,
  poverty_status: '已脱贫',
  members,
  labor_count: labor,
  industry_covered: true,
  ...more,
});
const err = (file: string, line: number, column: string): DataError => ({ file, line, column, value: '待核实', code: 'bad-number', args: {} });

describe('rising (稳步提升) over every period read', () => {
  const p = pack(rule('1', 'village', '{ kind: change, table: villages, field: collective_income, compare: rising }'));
  // Oldest last: 2026, 2025, 2024.
  const incomes: Record<string, [CellValue, CellValue, CellValue]> = {
    V1: [120, 110, 100], // up, up
    V2: [130, 100, 120], // above last period, but it fell in 2025
    V3: [100, 100, 100], // flat
    V4: [120, 110, 130], // up last period, but below 2024
  };
  const data = (n: number) => periods(...[0, 1, 2].slice(0, n).map((i) => ({ villages: Object.entries(incomes).map(([id, x]) => village(id, x[i]!)) })));

  it('three periods: never lower than the one before and above the earliest; a fall in the middle fails although this period is above the last', () => {
    const rs = evaluate(p, data(3), { asOf: '2026-12-31' });
    expect(at(rs, '1', 'V1')).toMatchObject({ status: 'pass', actual: 120 });
    expect(at(rs, '1', 'V2').status).toBe('fail');
    expect(at(rs, '1', 'V3').status).toBe('fail');
    expect(at(rs, '1', 'V4').status).toBe('fail');
    // How many periods were read, and their figures.
    expect(said(at(rs, '1', 'V1'), 'periods-read')).toBe('比较了 3 期：2024: 100, 2025: 110, 2026: 120');
    expect(said(at(rs, '1', 'V1'), 'periods-read', 'en')).toBe('3 periods compared: 2024: 100, 2025: 110, 2026: 120');
    expect(p.rules[0]!.meta.targetText.zh).toBe('逐期不降，且本期高于最早一期（稳步提升）');
  });

  it('two periods: above last period (V2 passes on 2025 → 2026 alone)', () => {
    const rs = evaluate(p, data(2), { asOf: '2026-12-31' });
    expect(at(rs, '1', 'V2').status).toBe('pass');
    expect(at(rs, '1', 'V4').status).toBe('pass');
    expect(at(rs, '1', 'V3').status).toBe('fail');
    expect(said(at(rs, '1', 'V2'), 'periods-read')).toBe('比较了 2 期：2025: 100, 2026: 130');
  });

  it('an unreadable figure two periods back leaves a village open only if it could change the verdict; a village new in 2025 is judged on its two periods', () => {
    const e = err('../2024/villages.csv', 3, '集体经营性收入（元）');
    const rs = evaluate(
      p,
      periods(
        { villages: [village('V5', 120), village('V6', 110), village('V7', 120)] },
        { villages: [village('V5', 110), village('V6', 120), village('V7', 110)] },
        { villages: [village('V5', new Unknown(e)), village('V6', new Unknown(e))] },
      ),
      { asOf: '2026-12-31' },
    );
    // 2024 could have been 115 (a fall) or 100 (a steady rise).
    expect(at(rs, '1', 'V5')).toMatchObject({ status: 'no-data', waitingOn: [e] });
    // V6 fell in 2026: whatever 2024 was.
    expect(at(rs, '1', 'V6').status).toBe('fail');
    expect(at(rs, '1', 'V7').status).toBe('pass');
    expect(said(at(rs, '1', 'V7'), 'periods-read')).toBe('比较了 2 期：2025: 110, 2026: 120');
  });

  it('a period whose folder lacks the column ends the periods read, said in a note', () => {
    const rs = evaluate(
      p,
      periods({ villages: [village('V1', 120)] }, { villages: [village('V1', 110)] }, { villages: [{ village_id: 'V1', name: '村V1', type: '村', poverty_village: false }] }),
      { asOf: '2026-12-31' },
    );
    expect(at(rs, '1', 'V1').status).toBe('pass');
    expect(codes(at(rs, '1', 'V1'))).toEqual(['periods-read', 'period-lacks-column']);
    expect(said(at(rs, '1', 'V1'), 'period-lacks-column')).toContain('2024');
  });
});

describe('the change of a weighted mean (人均: Σ field×weight / Σ weight), exactly', () => {
  // Last period every 已脱贫 person's figure was 1; now (1×3 + 2×3 + 2×1) / 7 = 11/7: growth 4/7 = 0.571428571428571428…
  const now = { households: [hh('H1', 'V1', 1, 3), hh('H2', 'V1', 2, 3), hh('H3', 'V1', 2, 1), hh('H4', 'V1', 9, 9, { poverty_status: '未脱贫' })], villages: [village('V1', 1)] };
  const before = { households: [hh('H1', 'V1', 1, 3), hh('H2', 'V1', 1, 3), hh('H3', 'V1', 1, 1)], villages: [village('V1', 1)] };
  const check = (value: string) => `{ kind: change, table: households, where: { field: poverty_status, is: 已脱贫 }, field: labor_count, weight: members, compare: growth, op: gte, value: "${value}" }`;
  const p = pack(rule('a', 'town', check('0.5714285714285714')) + rule('b', 'town', check('0.57142857142857143')) + rule('c', 'town', check('0.6')) + rule('d', 'town', check('0.5')));

  it('per person, not per household (5/3 per household would be 66.7%); a bound one digit past a float decides', () => {
    const rs = evaluate(p, periods(now, before), { asOf: '2026-12-31' });
    expect(at(rs, 'a')).toMatchObject({ status: 'pass', actual: 0.5714285714, numerator: 1.5714285714, denominator: 1 });
    // 4/7 is below 0.57142857142857143, which a float cannot tell from 4/7.
    expect(at(rs, 'b').status).toBe('fail');
    expect(at(rs, 'c').status).toBe('fail');
  });

  it('an unreadable weight is no-data only when it could tip the mean past the bound', () => {
    const e = err('households.csv', 4, '家庭人口数');
    const open = { ...now, households: [...now.households.slice(0, 2), hh('H3', 'V1', 2, new Unknown(e))] };
    // With H3 weighing anything from 0 up, the mean is anywhere in [1.5, 2): a growth of 60% may or may not be reached.
    const rs = evaluate(p, periods(open, before), { asOf: '2026-12-31' });
    expect(at(rs, 'c')).toMatchObject({ status: 'no-data', waitingOn: [e] });
    // ≥ 50% holds whatever it weighs.
    expect(at(rs, 'd').status).toBe('pass');
  });
});

describe('the change of a share', () => {
  const p = pack(
    rule('s', 'town', '{ kind: change, table: villages, where: { field: type, is: 村 }, meets: { field: three_changes_pilot, is: true }, compare: rising }') +
      rule('w', 'town', '{ kind: change, table: households, meets: { field: industry_covered, is: true }, weight: members, compare: difference, op: gte, value: "0.05" }'),
  );
  const vs = (...pilots: CellValue[]) => ({ villages: [...pilots.map((x, i) => village(`V${i + 1}`, 1, { three_changes_pilot: x })), village('S1', 1, { type: '社区', three_changes_pilot: false })] });

  it('rises: above last period; 100% in both is full coverage (已全覆盖) and passes; a 社区 outside where does not count', () => {
    const run2 = (now: CellValue[], before: CellValue[]) => at(evaluate(p, periods(vs(...now), vs(...before)), { asOf: '2026-12-31' }), 's');
    expect(run2([true, true], [true, false])).toMatchObject({ status: 'pass', actual: 1 });
    const full = run2([true, true], [true, true]);
    expect(full.status).toBe('pass');
    expect(said(full, 'full-coverage')).toBe('各期均为 100%，已全覆盖');
    expect(said(full, 'periods-read')).toBe('比较了 2 期：2025: 100%, 2026: 100%');
    expect(run2([true, false], [true, false])).toMatchObject({ status: 'fail', actual: 0.5 });
    expect(run2([true, false], [true, true]).status).toBe('fail');
    expect(p.rules[0]!.meta.targetText.zh).toBe('逐期不降，且本期高于最早一期（稳步提升）；各期均为 100% 即已全覆盖');
  });

  it('an unreadable cell is no-data only when it could change the verdict', () => {
    const e = err('villages.csv', 3, '三变改革试点');
    // Now 2 of 3 or 3 of 3; last period 1 of 3: a rise either way.
    expect(at(evaluate(p, periods(vs(true, true, new Unknown(e)), vs(true, false, false)), { asOf: '2026-12-31' }), 's').status).toBe('pass');
    // Last period 2 of 3: 2 of 3 now would not be above it.
    expect(at(evaluate(p, periods(vs(true, true, new Unknown(e)), vs(true, true, false)), { asOf: '2026-12-31' }), 's')).toMatchObject({ status: 'no-data', waitingOn: [e] });
  });

  it('a share weighted by people, its difference in points (5 个百分点)', () => {
    const hs = (covered: boolean[]) => ({ villages: [village('V1', 1)], households: covered.map((c, i) => hh(`H${i}`, 'V1', 1, i + 1, { industry_covered: c })) });
    // Weights 1, 2, 3, 4: last period 1+2+3 of 10 people (60%), now 2+3+4 of 10 (90%): +30 points, though 3 of 4 households both times.
    const rs = evaluate(p, periods(hs([false, true, true, true]), hs([true, true, true, false])), { asOf: '2026-12-31' });
    expect(at(rs, 'w')).toMatchObject({ status: 'pass', actual: 0.3 });
    expect(p.rules[1]!.meta.targetText.zh).toBe('比上期增加 ≥ 5 个百分点');
    expect(at(evaluate(p, periods(hs([true, true, true, false]), hs([false, true, true, true])), { asOf: '2026-12-31' }), 'w').status).toBe('fail');
  });
});

describe('against a town.yaml figure (脱贫人口人均纯收入增速高于全镇农村居民人均可支配收入增速)', () => {
  const DATA = `
data:
  town:
    - { key: rural_income, header: 全镇农村常住居民人均可支配收入（元）, type: number, min: 0, measured: true }`;
  const p = pack(
    rule('g', 'town', '{ kind: change, table: households, where: { field: poverty_status, is: 已脱贫 }, field: labor_count, weight: members, compare: growth, op: gt, value: 0, against: rural_income }') +
      rule('v', 'village', '{ kind: change, table: villages, field: collective_income, compare: growth, op: gt, value: 0, against: rural_income }'),
    DATA,
  );
  const town = (income: CellValue): Town => ({ name: '长寿镇', rural_income: income });
  const hs = (a: number, b: number) => ({ villages: [village('V1', a * 100), village('V2', b * 100)], households: [hh('H1', 'V1', a, 1), hh('H2', 'V2', b, 1)] });
  const judge = (now: Tables, before: Tables, incomeNow: CellValue, incomeBefore: CellValue) => {
    const d = periods([now, town(incomeNow)], [before, town(incomeBefore)]);
    for (let x: Dataset | undefined = d; x; x = x.previous) x.contract = p.contract;
    return evaluate(p, d, { asOf: '2026-12-31' });
  };

  it('the group grew 6%, the town 5%: above; the same 5% is not above; villages too, each on its own growth', () => {
    // Mean of 1.06 and 1.06 on 1 and 1; the town 10,500 on 10,000.
    const rs = judge(hs(1.06, 1.05), hs(1, 1), 10500, 10000);
    expect(p.rules[0]!.meta.targetText.zh).toBe('增长 > town.yaml 中 rural_income 的增长');
    expect(at(rs, 'g')).toMatchObject({ status: 'pass', actual: 0.055 });
    expect(said(at(rs, 'g'), 'town-figure-change')).toBe('town.yaml 中“全镇农村常住居民人均可支配收入（元）”增长 5%（上期 10,000，本期 10,500）');
    expect(at(rs, 'v', 'V1').status).toBe('pass');
    expect(at(rs, 'v', 'V2').status).toBe('fail');
    // The town is judged on its own figure here (225 on 200 is 5.5%, above 5%).
    expect(at(rs, 'v').status).toBe('pass');
    expect(at(judge(hs(1.05, 1.05), hs(1, 1), 10500, 10000), 'g').status).toBe('fail');
  });

  it('the town figure unreadable or empty in a period: no-data, naming the cell or the period; from 0: no growth rate', () => {
    const e: DataError = { file: '../2025/town.yaml', line: 2, column: 'rural_income', value: '待核实', code: 'bad-number', args: {} };
    expect(at(judge(hs(1.06, 1.06), hs(1, 1), 10500, new Unknown(e)), 'g')).toMatchObject({ status: 'no-data', waitingOn: [e] });
    const empty = at(judge(hs(1.06, 1.06), hs(1, 1), 10500, null), 'g');
    expect(empty.status).toBe('no-data');
    expect(said(empty, 'town-figure-empty')).toBe('2025 的 town.yaml 未填写“全镇农村常住居民人均可支配收入（元）”');
    expect(codes(at(judge(hs(1.06, 1.06), hs(1, 1), 10500, 0), 'g'))).toContain('town-figure-previous-zero');
    // A group that fell fails whatever the town did... only if the town could not have fallen further: here it may have.
    expect(at(judge(hs(0.5, 0.5), hs(1, 1), 10500, new Unknown(e)), 'g').status).toBe('no-data');
  });

  it("without the key in last period's town.yaml: no-data, the column named", () => {
    const d = periods([hs(1.06, 1.06), town(10500)], [hs(1, 1), { name: '长寿镇' }]);
    for (let x: Dataset | undefined = d; x; x = x.previous) x.contract = p.contract;
    const r = at(evaluate(p, d, { asOf: '2026-12-31' }), 'g');
    expect(r.status).toBe('no-data');
    expect(r.notes[0]).toMatchObject({ code: 'missing-column-previous', args: { table: 'town', column: 'rural_income' } });
  });
});

describe('a requirement held in both periods (each, periods: both: 稳定在10万元以上)', () => {
  const p = pack(rule('h', 'village', '{ kind: each, table: villages, where: { field: type, is: 村 }, require: { field: collective_income, gte: 100000 }, periods: both, unit: 元 }'));
  it('this period and last; a village absent last period or unreadable there is no-data unless this period already fails', () => {
    const e = err('../2025/villages.csv', 6, '集体经营性收入（元）');
    const rs = evaluate(
      p,
      periods(
        { villages: [village('V1', 120000), village('V2', 120000), village('V3', 90000), village('V4', 120000), village('V5', 120000), village('V6', 90000)] },
        { villages: [village('V1', 100000), village('V2', 90000), village('V3', 120000), village('V5', new Unknown(e)), village('V6', new Unknown(e))] },
      ),
      { asOf: '2026-12-31' },
    );
    expect(at(rs, 'h', 'V1').status).toBe('pass');
    const v2 = at(rs, 'h', 'V2');
    expect(v2.status).toBe('fail');
    expect(said(v2, 'previous-period-not-met')).toBe('上期不符合（上期为 90,000）');
    expect(at(rs, 'h', 'V3').status).toBe('fail');
    expect(at(rs, 'h', 'V4')).toMatchObject({ status: 'no-data' });
    expect(codes(at(rs, 'h', 'V4'))).toContain('entity-not-in-previous');
    expect(at(rs, 'h', 'V5')).toMatchObject({ status: 'no-data', waitingOn: [e] });
    expect(at(rs, 'h', 'V6').status).toBe('fail');
    expect(p.rules[0]!.meta.targetText.zh).toBe('全部符合（本期和上期）');
  });

  it('without last period: no-data saying so; without periods: both, last period is not read', () => {
    const rs = evaluate(p, periods({ villages: [village('V1', 120000)] }), { asOf: '2026-12-31' });
    expect(codes(at(rs, 'h', 'V1'))).toContain('previous-period-missing');
    const plain = pack(rule('h', 'village', '{ kind: each, table: villages, require: { field: collective_income, gte: 100000 } }'));
    expect(at(evaluate(plain, periods({ villages: [village('V1', 120000)] }), { asOf: '2026-12-31' }), 'h', 'V1').status).toBe('pass');
  });
});

describe('a change rule that cannot mean what it says is refused at load, at its line', () => {
  const problems = (check: string): string[] => {
    try {
      pack(rule('x', 'town', check));
    } catch (e) {
      expect(e).toBeInstanceOf(PackError);
      return (e as PackError).problems.map((x) => `${x.where}: ${x.message}`);
    }
    throw new Error('accepted');
  };
  it('rising with a bound, field with meets, weight alone, growth without value, against a key town.yaml lacks', () => {
    expect(problems('{ kind: change, table: villages, field: collective_income, compare: rising, value: 0 }')).toEqual([expect.stringMatching(/^rule x: check.value: compare: rising takes no value/)]);
    expect(problems('{ kind: change, table: villages, field: collective_income, meets: { field: poverty_village, is: true }, compare: rising }')).toEqual([
      expect.stringMatching(/^rule x: check.meets: write field or meets, not both/),
    ]);
    expect(problems('{ kind: change, table: households, weight: members, compare: rising }')).toEqual([expect.stringMatching(/check.weight: weight goes with field/)]);
    expect(problems('{ kind: change, table: villages, field: collective_income, compare: growth }')).toEqual([expect.stringMatching(/compare: growth needs value/)]);
    expect(problems('{ kind: change, table: villages, field: collective_income, compare: growth, value: 0, against: rural_incom }')).toEqual([expect.stringMatching(/check.against: table town has no column "rural_incom"/)]);
    expect(problems('{ kind: change, table: villages, field: collective_income, compare: rising, against: town }')).toEqual([expect.stringMatching(/rising does not go with against/)]);
  });
});

describe('periods chain through the folders (manifest previous:)', () => {
  const made: string[] = [];
  afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const PACK_FILE = `${HEAD}
rules:${rule('1', 'village', '{ kind: change, table: villages, field: collective_income, compare: rising }')}
`;
  /** The sample with every village's income multiplied by `f` (the first village's unreadable when `bad`), naming `previous`. */
  function folder(root: string, name: string, f: number, previous: string | null, bad = false): string {
    const dir = join(root, name);
    cpSync(SAMPLE, dir, { recursive: true });
    const lines = readFileSync(join(dir, 'villages.csv'), 'utf8').split('\n');
    const col = lines[0]!.replace(/^\ufeff/, '').split(',').indexOf('集体经营性收入（元）');
    const out = lines.map((l, i) => {
      if (i === 0 || l.trim() === '') return l;
      const cells = l.split(',');
      const n = Number(cells[col]);
      if (cells[col] !== '' && Number.isFinite(n)) cells[col] = String(Math.round(n * f));
      if (bad && i === 1) cells[col] = '待核实';
      return cells.join(',');
    });
    writeFileSync(join(dir, 'villages.csv'), out.join('\n'));
    const manifest = readFileSync(join(dir, 'manifest.yaml'), 'utf8');
    writeFileSync(join(dir, 'manifest.yaml'), manifest + (previous ? `\nprevious: ${previous}\n` : ''));
    return dir;
  }

  it('reads last period and the ones before, names their errors by folder, and stops at a loop with a notice', async () => {
    const root = mkdtempSync(join(tmpdir(), 'hebao-chain-'));
    made.push(root);
    mkdirSync(join(root, 'p'));
    writeFileSync(join(root, 'p', 'pack.yaml'), PACK_FILE);
    const now = folder(root, '2026', 1.2, '../2025');
    folder(root, '2025', 1.1, '../2024');
    // 2024 names 2026 again: a loop.
    folder(root, '2024', 1.15, '../2026', true);
    const r = await run([now, '--rules', join(root, 'p', 'pack.yaml'), '--as-of', '2026-12-31', '--format', 'json']);
    const report = JSON.parse(r.stdout) as { results: RuleResult[]; dataErrors: DataError[]; notices: DataError[]; villages: { id: string }[] };
    expect(report.dataErrors.map((e) => e.file)).toEqual(['../2024/villages.csv']);
    expect(report.notices.filter((n) => n.code === 'previous-cycle')).toEqual([expect.objectContaining({ file: '../2024/manifest.yaml', args: expect.objectContaining({ points: '../2026' }) })]);
    const rs = report.results.filter((x) => x.village !== null && x.status !== 'n/a' && x.notes.some((n) => n.code === 'periods-read'));
    // 2024 (×1.15) is above 2025 (×1.1): a fall in the middle, for every village with an income.
    expect(rs.length).toBeGreaterThan(5);
    const first = report.villages[0]!.id;
    // The sample's last village has no income recorded in any period.
    const none = report.villages[report.villages.length - 1]!.id;
    for (const x of rs) {
      if (x.village === first || x.village === none) continue;
      expect(x.notes.find((n) => n.code === 'periods-read')!.args.count).toBe(3);
      expect(x.status).toBe('fail');
    }
    // The first village's 2024 income is unreadable: 2025 → 2026 rose, and 2024 could be below 2025.
    expect(report.results.find((x) => x.village === first)!.status).toBe('no-data');
  });

  it('reads at most 10 periods, saying where it stopped', async () => {
    const root = mkdtempSync(join(tmpdir(), 'hebao-cap-'));
    made.push(root);
    const header = readFileSync(join(SAMPLE, 'villages.csv'), 'utf8').split('\n')[0]!;
    for (let y = 2026; y >= 2014; y--) {
      mkdirSync(join(root, String(y)));
      writeFileSync(join(root, String(y), 'manifest.yaml'), `town: 河包镇\nprevious: ../${y - 1}\n`);
      writeFileSync(join(root, String(y), 'villages.csv'), header);
    }
    // Earlier periods are read only for a pack with a rule that compares them.
    const pack = join(root, 'rising.yaml');
    writeFileSync(
      pack,
      'id: rising\ntitle: { zh: 稳步提升, en: Rising }\ndefaultDue: "2026-12-31"\nrules:\n' +
        '  - { id: "1", clause: 一, quote: 稳步提升, title: { zh: 甲, en: a }, level: error, scope: town, check: { kind: change, table: villages, compare: rising } }\n',
    );
    const r = await run([join(root, '2026'), '--rules', pack, '--format', 'json']);
    const report = JSON.parse(r.stdout) as { notices: DataError[] };
    // 2026 and nine periods before it: 2017 is read, the 2016 it names is not.
    expect(report.notices.filter((n) => n.code === 'previous-too-many')).toEqual([expect.objectContaining({ file: '../2017/manifest.yaml', args: expect.objectContaining({ points: '../2016', max: 10 }) })]);
    expect(report.notices.some((n) => n.file.startsWith('../2016/'))).toBe(false);
  });
});
