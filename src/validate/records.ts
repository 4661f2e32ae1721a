/** town.yaml and manifest.yaml: one mapping each, validated with the same cell parsers as the tables. */
import { MANIFEST_COLUMNS, TOWN_COLUMNS, type ColumnDef } from '../contract/tables.js';
import { parseYamlRecord, type YamlRecord } from '../load/yaml.js';
import type { DataError, Manifest, Notice, Rec } from '../model.js';
import { CellFail, cellParser } from './cells.js';
import { dataError, shown } from './errors.js';
import { headerMatcher } from './headers.js';

interface CheckedRecord {
  rec: Rec | null;
  columns: Set<string>;
  /** False when any value or required key failed. */
  ok: boolean;
}

function checkRecord(file: string, text: string, columns: readonly ColumnDef[], errors: DataError[], notices: Notice[]): CheckedRecord {
  const parsed = parseYamlRecord(text);
  if (parsed.fatal) {
    errors.push(dataError(file, parsed.fatal.line, null, parsed.fatal.value, parsed.fatal.code, {}));
    return { rec: null, columns: new Set(), ok: false };
  }
  let ok = true;
  for (const p of parsed.problems) {
    errors.push(dataError(file, p.line, p.value, null, p.code, {}));
    ok = false;
  }
  const row = parsed.record as YamlRecord;
  const match = headerMatcher(columns);
  const rec = Object.create(null) as Rec;
  const present = new Set<string>();
  // Nested mappings are flattened (`leadership_group.leader`): the mapping's key and each key inside it
  // are checked like top-level keys, so `__proto__:` as a mapping and `leadership_group.prototype` are
  // errors at their own lines as `__proto__: x` is (data contract).
  const groups = row.groups ?? [];
  const forbiddenGroups = new Set<string>();
  for (const g of groups) {
    if (!('forbidden' in match(g.key))) continue;
    errors.push(dataError(file, g.line, g.key, null, 'forbidden-column', {}));
    forbiddenGroups.add(g.key);
    ok = false;
  }
  row.keys.forEach((k, i) => {
    const g = groups.find((x) => k.startsWith(x.key + '.'));
    // Inside a forbidden mapping: reported once, at the mapping's key.
    if (g && forbiddenGroups.has(g.key)) return;
    const m = g && 'forbidden' in match(k.slice(g.key.length + 1)) ? ({ forbidden: true } as const) : match(k);
    const line = row.lines[i]!;
    const raw = row.cells[i]!;
    const value = shown(typeof raw === 'string' ? raw : raw.join('、'));
    if ('forbidden' in m) {
      errors.push(dataError(file, line, k, value, 'forbidden-column', {}));
      ok = false;
      return;
    }
    if ('unknown' in m) {
      notices.push(dataError(file, line, k, null, 'unknown-key', { file }));
      return;
    }
    if (present.has(m.col.key)) {
      errors.push(dataError(file, line, k, value, 'duplicate-column', { first: m.col.key }));
      ok = false;
      return;
    }
    present.add(m.col.key);
    const v = cellParser(m.col)(raw);
    if (v instanceof CellFail) {
      errors.push(dataError(file, line, k, value, v.code, v.args));
      ok = false;
      rec[m.col.key] = null;
    } else rec[m.col.key] = v;
  });
  const unreadable = new Set(row.unreadable.map((k) => match(k)).flatMap((m) => ('col' in m ? [m.col.key] : [])));
  for (const c of columns) {
    if (present.has(c.key) || unreadable.has(c.key)) continue;
    rec[c.key] = null;
    if (c.required) {
      errors.push(dataError(file, null, `${c.header} (${c.key})`, null, 'missing-key', { header: c.header, key: c.key }));
      ok = false;
    }
  }
  return { rec, columns: present, ok };
}

/** town.yaml: the flattened record, or null when it has an error (left out like a bad row). */
export function checkTown(file: string, text: string, errors: DataError[], notices: Notice[]): { town: Rec | null; columns: Set<string> } {
  const r = checkRecord(file, text, TOWN_COLUMNS, errors, notices);
  return { town: r.ok ? r.rec : null, columns: r.columns };
}

/** manifest.yaml: a bad value is an error and reads as null; the rest is kept. */
export function checkManifest(file: string, text: string, errors: DataError[], notices: Notice[]): Manifest | null {
  const r = checkRecord(file, text, MANIFEST_COLUMNS, errors, notices);
  if (!r.rec) return null;
  const get = (k: string) => (typeof r.rec![k] === 'string' ? (r.rec![k] as string) : null);
  return { town: get('town'), plan: get('plan'), as_of: get('as_of'), exported_at: get('exported_at'), source: get('source') };
}
