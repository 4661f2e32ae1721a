/**
 * The whole check as one function of plain data: load → validate → evaluate →
 * report. The CLI, the bench and the tests all go through here.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadData } from './data.js';
import { evaluate } from './engine/evaluate.js';
import type { RulePack } from './engine/pack.js';
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

export interface CheckOptions {
  asOf?: string;
  rules?: string[];
  villages?: string[];
  encoding?: 'utf8' | 'gbk' | 'gb18030';
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
  return dataset.tables.villages.records.map((v) => ({
    id: v.village_id as string,
    name: (v.name as string | null) ?? (v.village_id as string),
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

/** Loads, validates and evaluates a data folder with a loaded pack. */
export async function check(dir: string, pack: RulePack, opts: CheckOptions = {}): Promise<Report> {
  const loaded = await loadData(dir, { encoding: opts.encoding });
  const asOf = chooseAsOf(opts.asOf, loaded.dataset);
  const results = evaluate(pack, loaded.dataset, { asOf: asOf.date, rules: opts.rules, villages: opts.villages });
  return buildReport(pack, loaded, results, asOf);
}

/** The exit code, decided once from the report (cli-contract.md). */
export function exitCode(report: Pick<Report, 'dataErrors' | 'results'>, failOn: readonly Status[]): 0 | 1 | 2 {
  if (report.dataErrors.length > 0) return 2;
  const set = new Set(failOn);
  return report.results.some((r) => set.has(r.status)) ? 1 : 0;
}
