/**
 * What only the data can tell about a pack: a village or entity a rule names
 * that the data lacks, and a data folder exported for another plan or town
 * than the pack's.
 *
 * A named village or entity the data lacks is a no-data result naming it
 * (rule-catalogue.md). When the data has one of a name close to it (白河村
 * where the data has 白鹤村), the pack or the data misspells it: that is also
 * an error of the run, exit 2 like a data error, since a no-data result alone
 * let a CI job pass with a rule that can never be judged. A name with nothing
 * close (an export of part of the town) stays a no-data result only; `--fail-on
 * no-data` fails on it. Another plan or town is a notice. All of them go into
 * the report with the data errors, so every format shows them.
 */
import { type TableName } from '../contract/tables.js';
import { isTable } from '../contract/contract.js';
import type { Dataset, DataError, Notice, RuleResult } from '../model.js';
import { editDistance } from '../text/nearest.js';
import type { RulePack } from './pack.js';

/**
 * The errors for names the pack gives that the data lacks but has a name close
 * to, one per name, listing the rules that name it; each result that named it
 * waits on its error (`waitingOn`), so reports say which results it leaves
 * undecided.
 */
export function namedMissing(dataset: Dataset, results: readonly RuleResult[]): DataError[] {
  const found = new Map<string, { table: TableName; name: string; rules: string[]; results: RuleResult[] }>();
  for (const r of results) {
    // A result that waits on a data error may yet find its village there (an unreadable name): that error already counts.
    if (r.waitingOn?.length) continue;
    for (const n of r.notes) {
      const table = n.code === 'named-village-missing' ? 'villages' : n.code === 'named-entity-missing' ? (n.args.table as TableName) : null;
      if (table === null || !isTable(dataset.contract, table) || typeof n.args.name !== 'string') continue;
      const key = `${table}\u0000${n.args.name}`;
      const entry = found.get(key) ?? { table, name: n.args.name, rules: [], results: [] };
      if (!entry.rules.includes(r.rule)) entry.rules.push(r.rule);
      entry.results.push(r);
      found.set(key, entry);
    }
  }
  const errors: DataError[] = [];
  for (const { table, name, rules, results: naming } of found.values()) {
    const data = dataset.tables[table];
    const names = data.records.map((rec) => rec.name);
    // The entity is in the data, only not where the rule looks (another village): the no-data result says so.
    if (names.includes(name)) continue;
    const nearest = nearestNames(name, names);
    if (nearest === null) continue;
    const error: DataError = {
      file: data.file ?? `${table}.csv`,
      line: null,
      column: dataset.contract.tables[table]!.columns.find((c) => c.key === 'name')?.header ?? null,
      value: name,
      code: table === 'villages' ? 'pack-village-missing' : 'pack-entity-missing',
      args: { name, nearest, rules: rules.join(', '), table },
    };
    errors.push(error);
    for (const r of naming) {
      r.waitingOn = [error];
      // The note says every name as close (白河村: 双河村 and 白鹤村 are both one edit away).
      for (const n of r.notes) if ((n.code === 'named-village-missing' || n.code === 'named-entity-missing') && n.args.name === name) n.args.nearest = nearest;
    }
  }
  return errors;
}

/** Notices when the data folder says it is of another plan (with --rules) or another town than the pack. */
export function packMismatch(pack: RulePack, dataset: Dataset): Notice[] {
  const out: Notice[] = [];
  const manifest = dataset.manifest;
  const manifestFile = dataset.inputs.find((i) => /^manifest\.ya?ml$/i.test(i.file))?.file ?? 'manifest.yaml';
  if (manifest?.plan && manifest.plan !== pack.id) {
    out.push({ file: manifestFile, line: null, column: '方案', value: manifest.plan, code: 'manifest-other-plan', args: { plan: manifest.plan, pack: pack.id } });
  }
  const town = manifest?.town ?? (typeof dataset.town?.name === 'string' ? dataset.town.name : null);
  if (town && pack.town && town !== pack.town) {
    const file = manifest?.town ? manifestFile : (dataset.inputs.find((i) => /^town\.ya?ml$/i.test(i.file))?.file ?? 'town.yaml');
    out.push({ file, line: null, column: manifest?.town ? '镇' : '镇名', value: town, code: 'manifest-other-town', args: { town, pack: pack.id, packTown: pack.town } });
  }
  return out;
}

/**
 * The names in the data closest to `name` when one is a likely slip (at most
 * one edit in a name of up to four characters, two in a longer one, as
 * nearestName), all of those equally close, in data order, joined with 、.
 */
export function nearestNames(name: string, candidates: readonly unknown[]): string | null {
  const max = [...name].length <= 4 ? 1 : 2;
  let best = max + 1;
  let found: string[] = [];
  for (const c of candidates) {
    if (typeof c !== 'string' || c === name || found.includes(c)) continue;
    const d = editDistance(name, c, best + 1);
    if (d > max) continue;
    if (d < best) {
      best = d;
      found = [c];
    } else if (d === best) found.push(c);
  }
  return found.length ? found.slice(0, 3).join('、') : null;
}
