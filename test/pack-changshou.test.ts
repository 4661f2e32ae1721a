/**
 * The second bundled pack, rules/changshou-2026.yaml (长寿镇 2026 衔接 plan),
 * and its sample: fixtures/changshou-2026 (as of 2026-12-31) with last period
 * in fixtures/changshou-2025. Quotes come from the plan as stored; the sample
 * is re-created byte for byte by fixtures/changshou-gen.mjs; and the sample
 * gives the results it was built to show (most rules pass, some fail in named
 * villages, one warns).
 *
 * Blocks marked "NEEDS data:" load the pack, so they need the pack's `data:`
 * section (declared columns, vocabularies, the surveys table) to be supported.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { loadPack, type RulePack } from '../src/engine/pack.js';
import type { Report, Status } from '../src/model.js';
import { run as runCli } from './helpers/cli.js';
import { check } from '../src/run.js';

const path = (p: string) => fileURLToPath(new URL(`../${p}`, import.meta.url));
const PACK = path('rules/changshou-2026.yaml');
const PLAN = path('rules/changshou-2026-plan.zh.txt');
const FIXTURES = path('fixtures');
const SAMPLE = join(FIXTURES, 'changshou-2026');
const LAST = join(FIXTURES, 'changshou-2025');

/** The plan's own words: its `#` lines are notes about the copy, never plan text. */
const planText = readFileSync(PLAN, 'utf8')
  .split(/\r?\n/)
  .filter((line) => !line.startsWith('#'))
  .join('\n');
const packSource = readFileSync(PACK, 'utf8');

/** Pieces of a quote (split at "……", as in the 2020 pack) that the plan text lacks. */
const missingPieces = (id: string, quote: string) =>
  quote
    .split('……')
    .map((piece) => piece.trim())
    .filter((piece) => piece !== '' && !planText.includes(piece))
    .map((piece) => `${id}: ${piece}`);

describe('quotes', () => {
  const rules = (YAML.parse(packSource) as { rules: { id: string; quote: string }[] }).rules;

  it('every rule quotes the plan text exactly (half-width punctuation as stored, note lines left out)', () => {
    expect(rules.length).toBeGreaterThan(0);
    expect(rules.filter((r) => typeof r.quote !== 'string' || r.quote.trim() === '').map((r) => r.id)).toEqual([]);
    expect(rules.flatMap((r) => missingPieces(r.id, r.quote))).toEqual([]);
  });

});

describe('the sample generator', () => {
  const out = mkdtempSync(join(tmpdir(), 'changshou-gen-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('re-creates both committed folders byte for byte', () => {
    execFileSync(process.execPath, [join(FIXTURES, 'changshou-gen.mjs'), out], { stdio: 'pipe' });
    for (const folder of ['changshou-2026', 'changshou-2025']) {
      const committed = readdirSync(join(FIXTURES, folder)).sort();
      expect(readdirSync(join(out, folder)).sort(), folder).toEqual(committed);
      for (const file of committed) {
        expect(readFileSync(join(out, folder, file)).equals(readFileSync(join(FIXTURES, folder, file))), `${folder}/${file}`).toBe(true);
      }
    }
  });

  it('writes the households export in GBK, as Excel on a Chinese Windows does', () => {
    const bytes = readFileSync(join(SAMPLE, 'households.csv'));
    // Not UTF-8 (the header 户编号 is BB A7 B1 E0 BA C5 in GBK).
    expect(bytes.subarray(0, 6)).toEqual(Buffer.from([0xbb, 0xa7, 0xb1, 0xe0, 0xba, 0xc5]));
  });
});

// ─── NEEDS data: (the pack's declared columns, vocabularies and tables) ─────────
describe('the pack loads (NEEDS data:)', () => {
  it('with its fourteen rules in plan order, scope, level and due date', () => {
    const pack = loadPack(PACK);
    expect(pack.id).toBe('changshou-2026');
    expect(pack.rules.map((r) => [r.meta.id, r.meta.scope.kind, r.meta.level, r.meta.due])).toEqual([
      ['1.1a', 'village', 'warning', null],
      ['1.1b', 'village', 'error', null],
      ['1.2', 'village', 'error', '2026-12-31'],
      ['2.1a', 'town', 'error', '2026-12-31'],
      ['2.1b', 'town', 'error', '2026-12-31'],
      ['2.2', 'village', 'error', '2026-12-31'],
      ['3.1', 'town', 'error', '2026-12-31'],
      ['3.2a', 'village', 'error', '2026-12-31'],
      ['3.2b', 'village', 'warning', null],
      ['4.1', 'town', 'error', '2026-12-31'],
      ['4.2', 'town', 'error', '2026-12-31'],
      ['4.2v', 'village', 'warning', null],
      ['5.1', 'town', 'error', '2026-12-31'],
      ['5.2', 'town', 'error', '2026-12-31'],
    ]);
  });
});

describe('the sample gives the results it was built to show (NEEDS data:)', () => {
  let pack: RulePack;
  let report: Report;
  let names: Map<string | null, string>;

  beforeAll(async () => {
    pack = loadPack(PACK);
    // as_of 2026-12-31 and previous: ../changshou-2025 come from the sample's manifest.
    report = (await check(SAMPLE, { pack })).report;
    names = new Map<string | null, string>([[null, '全镇'], ...report.villages.map((v) => [v.id, v.name] as [string, string])]);
  });

  /** Status of a rule in every village and the town (全镇), by name. */
  const statuses = (r: Report, rule: string): Record<string, Status> =>
    Object.fromEntries(r.results.filter((x) => x.rule === rule).map((x) => [names.get(x.village) ?? String(x.village), x.status]));
  /** Every village with `status`, except those named with another status. */
  const allVillages = (status: Status, except: Record<string, Status> = {}) =>
    Object.fromEntries([...report.villages.map((v) => [v.name, except[v.name] ?? status]), ['全镇', except['全镇'] ?? status]]);
  const town = (rule: string) => report.results.find((x) => x.rule === rule && x.village === null)!;
  const inVillage = (rule: string, name: string) => report.results.find((x) => x.rule === rule && names.get(x.village) === name)!;

  it('reads both folders without a data error (GBK and UTF-8 files, declared columns, 脱贫户 / 边缘户 / 比较满意 / 头 as declared words)', () => {
    expect(report.dataErrors).toEqual([]);
    // No column left unread, and the manifest's plan and town are the pack's.
    expect(report.notices).toEqual([]);
    expect(report.asOf).toBe('2026-12-31');
    expect(report.villages.map((v) => v.name)).toEqual([
      '长寿社区', '茶塅村', '邵阳村', '桂桥村', '龙源村', '东坪村', '合塅村', '金塘村', '新城村', '南冲村', '大塅村', '枫树村', '石坪村', '金坪村',
    ]);
  });

  it('1.1a warns in 南冲村 only: helped 22 days after identification; 大塅村\'s case of 2026-12-22, still open, is 9 days old', () => {
    expect(statuses(report, '1.1a')).toEqual(allVillages('pass', { 南冲村: 'warn', 全镇: 'warn' }));
  });

  it('1.1a counts an open case up to the as-of date: by 2027-01-08 大塅村\'s is 17 days old and warns too', async () => {
    const later = (await check(SAMPLE, { pack, asOf: '2027-01-08', rules: ['1.1a'] })).report;
    expect(statuses(later, '1.1a')).toEqual(allVillages('pass', { 南冲村: 'warn', 大塅村: 'warn', 全镇: 'warn' }));
  });

  it('1.1b passes: every 脱贫不稳定户 and 边缘易致贫户 has assistance recorded', () => {
    expect(statuses(report, '1.1b')).toEqual(allVillages('pass'));
  });

  it('1.2 fails in 大塅村 (one monitored household, risk not cleared at 2026-12-31) and so in the town', () => {
    expect(statuses(report, '1.2')).toEqual(allVillages('pass', { 大塅村: 'fail', 全镇: 'fail' }));
    expect(inVillage('1.2', '大塅村').actual).toBe(1);
  });

  it('2.2 fails in 金坪村: a 脱贫户 with labor on 9,650 元 a head; households without labor under 1万 do not count', () => {
    expect(statuses(report, '2.2')).toEqual(allVillages('pass', { 金坪村: 'fail', 全镇: 'fail' }));
    expect(inVillage('2.2', '金坪村').actual).toBe(1);
  });

  it('3.1 passes with 2 different featured dominant industries (油茶 and 白术), not the 9 rows', () => {
    expect(town('3.1').status).toBe('pass');
    expect(town('3.1').actual).toBe(2);
  });

  it('3.2a fails in 茶塅村 (86,400 元), passes in the other 村, and does not apply to 长寿社区', () => {
    expect(statuses(report, '3.2a')).toEqual(allVillages('pass', { 茶塅村: 'fail', 长寿社区: 'n/a', 全镇: 'fail' }));
    expect(inVillage('3.2a', '茶塅村').actual).toBe(86400);
  });

  it('5.1 and 5.2 pass on the 240 survey rows: 221 aware (92.1%), 227 satisfied or fairly satisfied (94.6%)', () => {
    expect([town('5.1').status, town('5.2').status]).toEqual(['pass', 'pass']);
    expect(Number(town('5.1').actual)).toBeCloseTo(221 / 240, 6);
    expect(Number(town('5.2').actual)).toBeCloseTo(227 / 240, 6);
  });

  // Two periods: last period is fixtures/changshou-2025, named by the sample's manifest (previous: ../changshou-2025).
  it('2.1a passes: 脱贫人口 per-person income grows 9.20%, above the town figure\'s 6.20% (18,700 → 19,860); 2.1b fails at 2.18%', () => {
    expect([town('2.1a').status, town('2.1b').status]).toEqual(['pass', 'fail']);
    expect(Number(town('2.1a').actual)).toBeCloseTo(0.0920, 4);
    expect(Number(town('2.1b').actual)).toBeCloseTo(0.0218, 4);
    // Compared with the town's own growth, which the result states.
    expect(town('2.1b').notes.map((n) => n.code)).toContain('town-figure-change');
  });

  it('3.2b warns in 茶塅村 and 枫树村, under 10万元 in 2025; 长寿社区 (a 社区) is n/a', () => {
    expect(statuses(report, '3.2b')).toEqual(allVillages('pass', { 茶塅村: 'warn', 枫树村: 'warn', 长寿社区: 'n/a', 全镇: 'warn' }));
  });

  it('4.1 passes (7/13 → 9/13 villages with sewage treated); 4.2 passes in the town (83.95% → 90.63%), and 4.2v warns for 枫树村, whose coverage fell', () => {
    expect([town('4.1').status, town('4.2').status]).toEqual(['pass', 'pass']);
    expect(Number(town('4.1').actual)).toBeCloseTo(9 / 13, 8);
    expect(Number(town('4.2').actual)).toBeCloseTo(0.90625, 8);
    expect(statuses(report, '4.2v')).toEqual(allVillages('pass', { 枫树村: 'warn' }));
  });

});



describe('the sample runs from the command line with no --rules (its manifest names the pack)', () => {
  it('check, --rule, explain and validate all read the pack the manifest names', async () => {
    const all = await runCli([SAMPLE, '--format', 'json']);
    expect(JSON.parse(all.stdout).plan).toBe('changshou-2026');
    // The report names last period's files too, by the folder the manifest gives.
    expect(JSON.parse(all.stdout).inputs.map((i: { file: string }) => i.file)).toEqual(expect.arrayContaining(['households.csv', '../changshou-2025/households.csv', '../changshou-2025/town.yaml']));
    expect(all.code).toBe(1);
    // Rule ids are the manifest's pack's: 4.1 is no rule of the default 2020 pack's 4.x.
    const one = await runCli([SAMPLE, '--rule', '4.1', '--format', 'json']);
    expect(JSON.parse(one.stdout).results.map((r: { rule: string; status: string }) => `${r.rule} ${r.status}`)).toEqual(['4.1 pass']);
    const explained = await runCli(['explain', '2.1a', SAMPLE]);
    expect(explained.code).toBe(0);
    expect(explained.stdout).toContain('脱贫人口人均纯收入增速高于全镇');
    const validated = await runCli(['validate', SAMPLE, '--format', 'json']);
    expect(JSON.parse(validated.stdout)).toMatchObject({ valid: true, notices: [] });
  });
});

describe('the manifest names the pack in whatever encoding it is saved in', () => {
  it('a manifest saved as UTF-16 (Notepad\'s "Unicode") still picks changshou-2026', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'changshou-utf16-'));
    for (const f of ['changshou-2026', 'changshou-2025']) cpSync(join(FIXTURES, f), join(parent, f), { recursive: true });
    const manifest = join(parent, 'changshou-2026', 'manifest.yaml');
    const text = readFileSync(manifest, 'utf8');
    writeFileSync(manifest, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const r = await runCli([join(parent, 'changshou-2026'), '--format', 'json']);
    const report = JSON.parse(r.stdout);
    expect(report.plan).toBe('changshou-2026');
    expect(report.dataErrors).toEqual([]);
    expect(report.notices).toEqual([]);
    rmSync(parent, { recursive: true, force: true });
  });
});
