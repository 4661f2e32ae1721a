/**
 * Periods (巩固拓展 plans compare this year with last): `change` (growth or
 * difference of a figure), `new` (records absent last period) and the `days`
 * condition (time between two dates of a record), on small datasets, and
 * `--previous` / manifest `previous:` through the CLI. Unknown cells in either
 * period leave a result no-data, never wrong.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluate } from '../src/engine/evaluate.js';
import { parsePack } from '../src/engine/pack.js';
import { Unknown, type DataError, type Dataset, type RuleResult } from '../src/model.js';
import { run, SAMPLE } from './helpers/cli.js';
import { makeDataset } from './helpers/dataset.js';

const PACK = `
id: periods-test
title: { zh: 两期对比, en: Two periods }
defaultDue: "2021-12-31"
rules:
  - id: "1"
    clause: 一
    quote: 村集体经济收入增长10%
    title: { zh: 集体收入增长, en: Collective income growth }
    level: error
    scope: village
    check: { kind: change, table: villages, field: collective_income, compare: growth, op: gte, value: "0.1" }
  - id: "2"
    clause: 二
    quote: 合作社增加
    title: { zh: 合作社增加, en: More cooperatives }
    level: error
    scope: village
    check: { kind: change, table: cooperatives, compare: difference, op: gte, value: 1, unit: 个 }
  - id: "3"
    clause: 三
    quote: 新识别监测户
    title: { zh: 新增户, en: New households }
    level: warning
    scope: town
    check: { kind: new, table: households, where: { field: poverty_status, is: 未脱贫 }, op: gte, value: 1, noun: { zh: 户, en: households } }
  - id: "4"
    clause: 四
    quote: 15天内落实帮扶
    title: { zh: 及时帮扶, en: Assisted in time }
    level: error
    scope: village
    check: { kind: each, table: projects, require: { days: [completion_date, completion_date], lte: 15 } }
`;

const pack = parsePack(PACK, 'periods.yaml');

const village = (id: string, income: unknown) => ({ village_id: id, name: `村${id}`, type: '村', poverty_village: false, collective_income: income as number });
const coop = (id: string, v: string) => ({ cooperative_id: id, name: `社${id}`, village_id: v, members: 10, poor_members: 2 });
const hh = (id: string, v: string, status = '未脱贫') => ({ household_id: id, village_id: v, poverty_status: status, members: 3, labor_count: 1, industry_covered: true });

function dataset(now: Parameters<typeof makeDataset>[0], before?: Parameters<typeof makeDataset>[0]): Dataset {
  const d = makeDataset(now);
  if (before) d.previous = makeDataset(before);
  return d;
}
const results = (d: Dataset): RuleResult[] => evaluate(pack, d, { asOf: '2021-12-31' });
const result = (rs: RuleResult[], rule: string, village: string | null = null) => rs.find((r) => r.rule === rule && r.village === village)!;

describe('change', () => {
  it('growth of a village figure: ≥ 10% passes at the boundary, exactly (110 / 100), and fails below', () => {
    const rs = results(dataset({ villages: [village('V1', 110), village('V2', 109.99)] }, { villages: [village('V1', 100), village('V2', 100)] }));
    expect(result(rs, '1', 'V1')).toMatchObject({ status: 'pass', actual: 0.1 });
    expect(result(rs, '1', 'V2').status).toBe('fail');
    // The town: 219.99 on 200 is 9.995%.
    expect(result(rs, '1').status).toBe('fail');
  });

  it('a difference of counts: one more cooperative in a village; none last period is a start from zero', () => {
    const rs = results(
      dataset({ villages: [village('V1', 1), village('V2', 1)], cooperatives: [coop('C1', 'V1'), coop('C2', 'V1'), coop('C3', 'V2')] }, { villages: [village('V1', 1), village('V2', 1)], cooperatives: [coop('C1', 'V1'), coop('C3', 'V2')] }),
    );
    expect(result(rs, '2', 'V1')).toMatchObject({ status: 'pass', actual: 1 });
    expect(result(rs, '2', 'V2')).toMatchObject({ status: 'fail', actual: 0 });
  });

  it('without last period: no-data saying so, for every result of a kind that compares periods', () => {
    const rs = results(dataset({ villages: [village('V1', 110)] }));
    for (const r of rs.filter((x) => x.rule === '1' || x.rule === '2' || x.rule === '3')) {
      expect(r.status).toBe('no-data');
      expect(r.notes.map((n) => n.code)).toContain('previous-period-missing');
    }
  });

  it('an unreadable figure last period leaves the village open, naming the cell; one that cannot change it does not', () => {
    const err: DataError = { file: '2020/villages.csv', line: 2, column: '集体经营性收入（元）', value: '待核实', code: 'bad-number', args: {} };
    const rs = results(dataset({ villages: [village('V1', 110), village('V2', 0)] }, { villages: [village('V1', new Unknown(err)), village('V2', 100)] }));
    expect(result(rs, '1', 'V1')).toMatchObject({ status: 'no-data', waitingOn: [err] });
    // V2 fell from 100 to 0: it fails whatever V1 was.
    expect(result(rs, '1', 'V2').status).toBe('fail');
  });

  it('a village absent last period is no-data (nothing to compare), not a fail', () => {
    const rs = results(dataset({ villages: [village('V1', 110), village('V9', 50)] }, { villages: [village('V1', 100)] }));
    expect(result(rs, '1', 'V9')).toMatchObject({ status: 'no-data' });
    expect(result(rs, '1', 'V9').notes.map((n) => n.code)).toEqual(['not-in-previous']);
  });
});

describe('new', () => {
  it('counts records whose id was not there last period, among those the filter selects', () => {
    const before = { villages: [village('V1', 1)], households: [hh('H1', 'V1'), hh('H2', 'V1', '已脱贫')] };
    const none = results(dataset({ villages: [village('V1', 1)], households: [hh('H1', 'V1'), hh('H2', 'V1', '已脱贫'), hh('H3', 'V1', '已脱贫')] }, before));
    expect(result(none, '3')).toMatchObject({ status: 'warn', actual: 0 });
    const one = results(dataset({ villages: [village('V1', 1)], households: [hh('H1', 'V1'), hh('H4', 'V1')] }, before));
    expect(result(one, '3')).toMatchObject({ status: 'pass', actual: 1 });
  });

  it('a household whose status is unreadable may be a new 未脱贫 one: no-data, naming it', () => {
    const err: DataError = { file: 'households.csv', line: 3, column: '贫困户状态', value: '某某', code: 'bad-enum', args: {} };
    const rs = results(dataset({ villages: [village('V1', 1)], households: [hh('H1', 'V1'), { ...hh('H5', 'V1'), poverty_status: new Unknown(err) }] }, { villages: [village('V1', 1)], households: [hh('H1', 'V1')] }));
    expect(result(rs, '3')).toMatchObject({ status: 'no-data', waitingOn: [err] });
  });
});

describe('days between two dates of a record', () => {
  const project = (id: string, v: string, done: string | null) => ({ project_id: id, name: id, village_id: v, year: 2021, category: '产业扶贫', fund_source: '其他', status: '在建', completion_date: done });
  it('an empty end date counts to the as-of date; a date unreadable is no-data', () => {
    // days: [completion_date, completion_date] is 0 days when written; the test only needs the reading of the end.
    const rs = results(dataset({ villages: [village('V1', 1), village('V2', 1)], projects: [project('P1', 'V1', '2021-12-01'), project('P2', 'V2', null)] }));
    expect(result(rs, '4', 'V1').status).toBe('pass');
    // No start date either: nothing recorded is not done.
    expect(result(rs, '4', 'V2').status).toBe('fail');
    const err: DataError = { file: 'projects.csv', line: 2, column: '完工日期', value: '2021-02-30', code: 'impossible-date', args: {} };
    const open = results(dataset({ villages: [village('V1', 1)], projects: [{ ...project('P1', 'V1', null), completion_date: new Unknown(err) }] }));
    expect(result(open, '4', 'V1')).toMatchObject({ status: 'no-data', waitingOn: [err] });
  });
});

describe('--previous and manifest previous:', () => {
  const made: string[] = [];
  afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const PACK_FILE = `
id: growth-2021
title: { zh: 河包镇2021年集体经济增长, en: Hebao 2021 collective income growth }
defaultDue: "2020-12-31"
rules:
  - id: "1"
    clause: 一
    quote: 村集体经济收入增长10%
    title: { zh: 集体收入增长, en: Collective income growth }
    level: error
    scope: village
    check: { kind: change, table: villages, field: collective_income, compare: growth, op: gte, value: "0.1" }
`;

  it('compares the sample with a copy of last year where every income was lower by a third; errors of last year are named by its folder', async () => {
    const root = mkdtempSync(join(tmpdir(), 'hebao-periods-'));
    made.push(root);
    const now = join(root, '2020');
    const before = join(root, '2019');
    cpSync(SAMPLE, now, { recursive: true });
    cpSync(SAMPLE, before, { recursive: true });
    const villages = readFileSync(join(before, 'villages.csv'), 'utf8').split('\n');
    const at = villages[0]!.replace(/^\ufeff/, '').split(',').indexOf('集体经营性收入（元）');
    const lowered = villages.map((l, i) => {
      if (i === 0 || l.trim() === '') return l;
      const cells = l.split(',');
      const n = Number(cells[at]);
      cells[at] = Number.isFinite(n) && cells[at] !== '' ? String(Math.round((n * 2) / 3)) : cells[at]!;
      return cells.join(',');
    });
    // One unreadable cell last year, in the first village.
    const first = lowered[1]!.split(',');
    first[at] = '待核实';
    lowered[1] = first.join(',');
    writeFileSync(join(before, 'villages.csv'), lowered.join('\n'));
    writeFileSync(join(root, 'growth.yaml'), PACK_FILE);
    const r = await run([now, '--rules', join(root, 'growth.yaml'), '--previous', before, '--format', 'json']);
    const report = JSON.parse(r.stdout) as { results: RuleResult[]; dataErrors: DataError[]; villages: { id: string }[] };
    expect(r.code).toBe(2);
    expect(report.dataErrors.map((e) => e.file)).toEqual([`${before}/villages.csv`]);
    const firstVillage = report.villages[0]!.id;
    expect(report.results.find((x) => x.village === firstVillage)!.status).toBe('no-data');
    // Villages whose income was lowered grew by half; one with none last year cannot grow from nothing.
    const passed = report.results.filter((x) => x.village !== null && x.status === 'pass');
    expect(passed.length).toBeGreaterThanOrEqual(8);
    expect(passed.every((x) => Math.abs((x.actual as number) - 0.5) < 0.001)).toBe(true);
    expect(report.results.find((x) => x.notes.some((n) => n.code === 'previous-zero'))).toBeDefined();
    // The manifest may name it instead, relative to the data folder.
    writeFileSync(join(now, 'manifest.yaml'), readFileSync(join(now, 'manifest.yaml'), 'utf8') + '\nprevious: ../2019\n');
    const viaManifest = JSON.parse((await run([now, '--rules', join(root, 'growth.yaml'), '--format', 'json'])).stdout) as typeof report;
    expect(viaManifest.results.map((x) => x.status)).toEqual(report.results.map((x) => x.status));
    expect(viaManifest.dataErrors.map((e) => e.file)).toEqual(['../2019/villages.csv']);
  });
});

describe('change against the town', () => {
  const against = parsePack(
    `
id: against-town
title: { zh: 与全镇比, en: Against the town }
defaultDue: "2021-12-31"
rules:
  - id: "1"
    clause: 一
    quote: 脱贫村集体经济收入增速高于全镇平均水平
    title: { zh: 增速高于全镇, en: Faster than the town }
    level: error
    scope: village
    check: { kind: change, table: villages, field: collective_income, compare: growth, op: gt, value: 0, against: town }
`,
    'against.yaml',
  );
  it("each village's growth against the town's (225 on 200 is 12.5%): 20% passes, 5% fails, equal to the town's is not above it", () => {
    const rs = evaluate(
      against,
      dataset({ villages: [village('V1', 120), village('V2', 105), village('V3', 112.5)] }, { villages: [village('V1', 100), village('V2', 100), village('V3', 100)] }),
      { asOf: '2021-12-31' },
    );
    expect(against.rules[0]!.meta.targetText.zh).toBe('增长 > 全镇');
    // Town: 337.5 on 300 is 12.5%.
    expect(result(rs, '1', 'V1')).toMatchObject({ status: 'pass', actual: 0.2 });
    expect(result(rs, '1', 'V2').status).toBe('fail');
    expect(result(rs, '1', 'V3').status).toBe('fail');
    expect(result(rs, '1').status).toBe('fail');
  });
});
