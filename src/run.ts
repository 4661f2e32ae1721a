/**
 * The whole check as one function of plain data: load → validate → evaluate →
 * report. The CLI, the bench and the tests all go through here.
 */
import { readdirSync, readFileSync, realpathSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { MAX_SMALL_INPUT_BYTES, readGuardedSync } from './load/guard.js';
import { decodeBytes } from './load/encoding.js';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareWithBaseline, type EarlierReport } from './baseline.js';
import { loadData, type LoadProgress } from './data.js';
import { comparesPeriods, evaluate, villagesOf } from './engine/evaluate.js';
import type { RulePack } from './engine/pack.js';
import { namedMissing, packMismatch } from './engine/pack-data.js';
import type { ForcedEncoding } from './load/encoding.js';
import { findWaivers, waiverMatcher } from './waivers.js';
import type { Dataset, DataError, Notice, Report, RuleResult, Status, Summary, VillageInfo } from './model.js';
import { STATUSES } from './model.js';

export const TOOL = { name: 'hebao-check', version: readVersion() };

function readVersion(): string {
  try {
    const pkg = join(dirname(fileURLToPath(import.meta.url)), '..', 'package.json');
    return (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

export interface Loaded {
  dataset: Dataset;
  errors: DataError[];
  notices: Notice[];
}

/** Today as YYYY-MM-DD in local time: the date an official would write. */
export function today(now: Date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

export function summarize(results: readonly RuleResult[]): Summary {
  const summary = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Summary;
  for (const r of results) summary[r.status]++;
  return summary;
}

export function villageInfo(dataset: Dataset): VillageInfo[] {
  // villagesOf names a village with an unreadable id after its line, so it is still reported.
  return villagesOf(dataset).villages.map((v) => ({
    id: v.village_id as string,
    name: typeof v.name === 'string' ? v.name : (v.village_id as string),
    poverty: v.poverty_village === true,
  }));
}

/** Resolves `--village` words (ids or names) to ids; unknown words are returned apart. */
export function resolveVillages(dataset: Dataset, words: readonly string[]): { ids: string[]; unknown: string[] } {
  const villages = villageInfo(dataset);
  const ids: string[] = [];
  const unknown: string[] = [];
  for (const w of words) {
    const v = villages.find((x) => x.id === w || x.name === w);
    if (v) ids.push(v.id);
    else unknown.push(w);
  }
  return { ids, unknown };
}

export function buildReport(
  pack: RulePack,
  loaded: Loaded,
  results: RuleResult[],
  asOf: { date: string; source: Report['asOfSource'] },
): Report {
  const { dataset } = loaded;
  return {
    schemaVersion: 1,
    tool: TOOL,
    plan: pack.id,
    pack: { id: pack.id, title: pack.title, file: pack.file, sha256: pack.sha256 },
    town: dataset.manifest?.town ?? (dataset.town?.name as string | undefined) ?? pack.town,
    asOf: asOf.date,
    asOfSource: asOf.source,
    dataDir: dataset.dir,
    inputs: dataset.inputs,
    leftOut: Object.values(dataset.tables)
      .filter((t) => t.rejected > 0 && t.file)
      .map((t) => ({ file: t.file!, rows: t.rowCount, rejected: t.rejected })),
    villages: villageInfo(dataset),
    rules: pack.rules.map((r) => r.meta),
    unchecked: pack.unchecked,
    summary: summarize(results),
    results,
    dataErrors: loaded.errors,
    notices: loaded.notices,
  };
}

/** The as-of date of a run: the flag, else the manifest's, else today. */
export function chooseAsOf(flag: string | undefined, dataset: Dataset): { date: string; source: Report['asOfSource'] } {
  if (flag) return { date: flag, source: 'flag' };
  if (dataset.manifest?.as_of) return { date: dataset.manifest.as_of, source: 'manifest' };
  return { date: today(), source: 'today' };
}

export interface CheckOptions {
  /** The pack `--rules` named, else the bundled default. */
  pack: RulePack;
  /**
   * Opens the bundled pack a manifest names (`plan: ...`) when it is not
   * `pack`; absent when the user chose the pack (`--rules`), which wins.
   */
  manifestPack?: (name: string) => RulePack;
  /** `YYYY-MM-DD` from `--as-of`; else the manifest's, else today. */
  asOf?: string;
  /** Only these rule ids. */
  rules?: readonly string[];
  /** Only these villages, by id or name as the user wrote them. */
  villages?: readonly string[];
  encoding?: ForcedEncoding;
  /** `--waivers FILE`; else waivers.yaml in the data folder, if any. */
  waivers?: string;
  /** Last period's data folder (`--previous`); else the manifest's `previous`, relative to the data folder. */
  previous?: string;
  /** An earlier JSON report to compare with (`--baseline`), read beforehand. */
  baseline?: { report: EarlierReport; file: string };
  onProgress?: (p: LoadProgress) => void;
  /** Called once loading is done, with the number of rules about to run. */
  onEvaluating?: (rules: number) => void;
}

/** Why a check cannot run as asked: a command-line problem found only once the data is read. */
export class CheckRefused extends Error {
  constructor(
    readonly code: 'unknown-village' | 'manifest-plan' | 'unknown-rule',
    readonly args: Record<string, string | number | null>,
  ) {
    super(code);
  }
}

export interface Checked {
  report: Report;
  /** The pack the data was judged by (the manifest's when it names another bundled pack). */
  pack: RulePack;
  dataset: Dataset;
}

/**
 * The one way through: load and validate the folder, read the waivers,
 * choose the pack and the as-of date, evaluate, apply waivers, compare with
 * a baseline. The check, `explain` and the bench all call it, so a result
 * is the same whichever command shows it (a waived result shows waived).
 */
export async function check(dir: string, opts: CheckOptions): Promise<Checked> {
  // The pack first: the data it declares (tables, columns, words) is part of what the folder is read by.
  let pack = choosePack(opts, manifestPlan(dir));
  let loaded = await loadData(dir, { encoding: opts.encoding, onProgress: opts.onProgress, contract: pack.contract });
  // The manifest as validated names another pack than the first look found (an encoding that look could not read): read the folder again by that one.
  const named = loaded.dataset.manifest?.plan ?? null;
  if (opts.manifestPack && named && named !== pack.id) {
    pack = choosePack(opts, named);
    loaded = await loadData(dir, { encoding: opts.encoding, onProgress: opts.onProgress, contract: pack.contract });
  }
  // Last period's folders are read only for a pack with a rule that compares periods: a folder no rule reads adds no error to the run.
  if (pack.rules.some(comparesPeriods)) await loadPrevious(dir, opts, loaded);
  const { waivers, errors: waiverErrors } = await findWaivers(dir, opts.waivers, opts.encoding);
  loaded.errors.push(...waiverErrors);
  if (opts.rules) {
    const known = new Set(pack.rules.map((r) => r.meta.id));
    const unknown = opts.rules.filter((id) => !known.has(id));
    if (unknown.length) throw new CheckRefused('unknown-rule', { ids: unknown.join(', '), pack: pack.id });
  }
  let villages: string[] | undefined;
  if (opts.villages) {
    const { ids, unknown } = resolveVillages(loaded.dataset, opts.villages);
    if (unknown.length) {
      const known = villageInfo(loaded.dataset).map((v) => `${v.id} ${v.name}`).join('、');
      throw new CheckRefused('unknown-village', { words: unknown.join('、'), known });
    }
    villages = ids;
  }
  const asOf = chooseAsOf(opts.asOf, loaded.dataset);
  const waiverCheck = waiverMatcher(waivers, loaded.dataset, asOf.date);
  opts.onEvaluating?.(opts.rules ? opts.rules.length : pack.rules.length);
  const results = evaluate(pack, loaded.dataset, { asOf: asOf.date, rules: opts.rules, villages, waive: waiverCheck.waive });
  // A village or entity the pack names that the data lacks is an error of the run (exit 2); another plan or town, a notice.
  loaded.errors.push(...namedMissing(loaded.dataset, results));
  loaded.notices.push(...packMismatch(pack, loaded.dataset));
  const report = buildReport(pack, loaded, results, asOf);
  const waiverNotices = waiverCheck.notices(results);
  if (waiverNotices.length) report.waiverNotices = waiverNotices;
  if (opts.baseline) report.baseline = compareWithBaseline(report, opts.baseline.report, opts.baseline.file);
  return { report, pack, dataset: loaded.dataset };
}

/**
 * Last period's folder, read and validated like this one: its data errors are
 * this run's too (a rule comparing periods waits on them), named with the
 * folder as given (`2019-12/households.csv`) so they are told apart. Periods
 * chain: last period's own manifest `previous:` names the one before,
 * relative to that folder and named so (`../2018/villages.csv`), for rules
 * over every period (稳步提升). At most 10 periods in all; a folder already
 * read (previous: looping back) ends the chain. Either is said in a notice.
 */
async function loadPrevious(dir: string, opts: CheckOptions, loaded: Loaded): Promise<void> {
  const MAX_PERIODS = 10;
  const given = opts.previous ?? loaded.dataset.manifest?.previous ?? null;
  if (!given) return;
  const real = (p: string): string => {
    try {
      return realpathSync.native(p);
    } catch {
      return p;
    }
  };
  const seen = new Set([real(dir)]);
  let path = opts.previous ? given : join(dir, given);
  let label = given.replace(/[\\/]+$/, '');
  let named: { file: string } = { file: opts.previous ? label : 'manifest.yaml' };
  let later: Dataset = loaded.dataset;
  for (let periods = 2; ; periods++) {
    const stop = periods > MAX_PERIODS ? 'previous-too-many' : seen.has(real(path)) ? 'previous-cycle' : null;
    if (stop) {
      loaded.notices.push({ file: named.file, line: null, column: 'previous', value: label, code: stop, args: { points: label, max: MAX_PERIODS } });
      return;
    }
    seen.add(real(path));
    const previous = await loadData(path, { encoding: opts.encoding, contract: loaded.dataset.contract });
    for (const e of [...previous.errors, ...previous.notices]) e.file = e.file === path ? label : `${label}/${e.file}`;
    loaded.errors.push(...previous.errors);
    loaded.notices.push(...previous.notices);
    // The report names every file the run read: last period's too, by its folder.
    loaded.dataset.inputs.push(...previous.dataset.inputs.map((i) => ({ ...i, file: `${label}/${i.file}` })));
    later.previous = previous.dataset;
    later = previous.dataset;
    const next = previous.dataset.manifest?.previous;
    if (!next) return;
    named = { file: `${label}/manifest.yaml` };
    path = join(path, next);
    label = join(label, next).replace(/[\\/]+$/, '');
  }
}

/** `--rules` wins; else a bundled pack the manifest names; a manifest may not name a file (a data export must not choose what judges it). */
export function choosePack(opts: Pick<CheckOptions, 'pack' | 'manifestPack'>, plan: string | null): RulePack {
  if (!opts.manifestPack || !plan || plan === opts.pack.id) return opts.pack;
  if (!/^[A-Za-z0-9_-]+$/.test(plan)) throw new CheckRefused('manifest-plan', { plan });
  return opts.manifestPack(plan);
}

/**
 * The plan manifest.yaml names (`plan:`), read before the folder: the pack it
 * names decides which tables and columns the folder holds. Any problem with
 * the manifest is left to the full read, which reports it; here it is no plan.
 */
export function manifestPlan(dir: string): string | null {
  try {
    const name = readdirSync(dir).find((n) => /^manifest\.ya?ml$/i.test(n));
    if (!name) return null;
    const got = readGuardedSync(join(dir, name), { maxBytes: MAX_SMALL_INPUT_BYTES, inside: realpathSync.native(dir) });
    if (!got.ok) return null;
    const decoded = decodeBytes(got.bytes);
    if ('binary' in decoded) return null;
    const doc = parseYaml(decoded.text.replace(/^\uFEFF/, ''), { maxAliasCount: 0 }) as unknown;
    const plan = doc !== null && typeof doc === 'object' && !Array.isArray(doc) ? (doc as Record<string, unknown>).plan : undefined;
    return typeof plan === 'string' && plan.trim() !== '' ? plan.trim() : null;
  } catch {
    return null;
  }
}

/** The exit code, decided once from the report (cli-contract.md). */
export function exitCode(report: Pick<Report, 'dataErrors' | 'results'>, failOn: readonly Status[]): 0 | 1 | 2 {
  if (report.dataErrors.length > 0) return 2;
  const set = new Set(failOn);
  return report.results.some((r) => set.has(r.status)) ? 1 : 0;
}
