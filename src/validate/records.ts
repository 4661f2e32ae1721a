/** town.yaml and manifest.yaml: one mapping each, validated with the same cell parsers as the tables. */
import { MANIFEST_COLUMNS, TOWN_COLUMNS, type ColumnDef } from '../contract/tables.js';
import { parseYamlRecord, type YamlRecord } from '../load/yaml.js';
import { Unknown, type DataError, type Manifest, type Notice, type Rec } from '../model.js';
import { CellFail, cellParser } from './cells.js';
import { dataError, shown } from './errors.js';
import { headerMatcher } from './headers.js';
import { pushIgnored } from './ignored.js';

/**
 * town.yaml and manifest.yaml are a few lines each. Parsing YAML costs ~1.3 µs
 * and ~1.4 KB a character (a million keys: 12 s and 1.4 GB before any check),
 * so a bigger file is refused unread.
 */
export const MAX_RECORD_BYTES = 1024 * 1024;

interface CheckedRecord {
  rec: Rec | null;
  columns: Set<string>;
  /** False when any value or required key failed. */
  ok: boolean;
}

function checkRecord(file: string, text: string, columns: readonly ColumnDef[], errors: DataError[], notices: Notice[]): CheckedRecord {
  // Characters first: no need to count the bytes of a small file.
  const bytes = text.length > MAX_RECORD_BYTES / 3 ? Buffer.byteLength(text) : 0;
  if (bytes > MAX_RECORD_BYTES) {
    errors.push(dataError(file, null, null, null, 'file-too-large', { bytes, max: MAX_RECORD_BYTES }));
    return { rec: null, columns: new Set(), ok: false };
  }
  const parsed = parseYamlRecord(text);
  if (parsed.fatal) {
    errors.push(dataError(file, parsed.fatal.line, null, parsed.fatal.value, parsed.fatal.code, {}));
    return { rec: null, columns: new Set(), ok: false };
  }
  let ok = true;
  // A value that is not a scalar: its key's error, so that the cell is Unknown with it.
  const problemOf = new Map<string, DataError>();
  for (const p of parsed.problems) {
    const err = dataError(file, p.line, p.value, null, p.code, {});
    errors.push(err);
    if (p.value !== null && !problemOf.has(p.value)) problemOf.set(p.value, err);
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
  const forbiddenGroups = new Set<number>();
  groups.forEach((g, gi) => {
    if (!('forbidden' in match(g.key))) return;
    errors.push(dataError(file, g.line, g.key, null, 'forbidden-column', {}));
    forbiddenGroups.add(gi);
    ok = false;
  });
  const unknown: Notice[] = [];
  row.keys.forEach((k, i) => {
    const gi = row.groupOf?.[i] ?? -1;
    // Inside a forbidden mapping: reported once, at the mapping's key.
    if (forbiddenGroups.has(gi)) return;
    const inner = gi === -1 ? k : k.slice(groups[gi]!.key.length + 1);
    // A key written with dots (`a.__proto__: x`) is checked part by part, as if nested.
    const m = 'forbidden' in match(inner) || (inner.includes('.') && inner.split('.').some((part) => 'forbidden' in match(part))) ? ({ forbidden: true } as const) : match(k);
    const line = row.lines[i]!;
    const raw = row.cells[i]!;
    const value = shown(typeof raw === 'string' ? raw : raw.join('、'));
    if ('forbidden' in m) {
      errors.push(dataError(file, line, k, value, 'forbidden-column', {}));
      ok = false;
      return;
    }
    if ('unknown' in m) {
      unknown.push(dataError(file, line, k, null, 'unknown-key', { file }));
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
      const err = dataError(file, line, k, value, v.code, v.args);
      errors.push(err);
      ok = false;
      // The record stays; the value is unknown (rule-catalogue.md, Missing, unreadable and wrong values).
      rec[m.col.key] = new Unknown(err);
    } else rec[m.col.key] = v;
  });
  pushIgnored(notices, unknown, (count, shown) => dataError(file, null, null, null, 'more-unknown-keys', { file, count, shown }));
  const unreadable = new Set<string>();
  for (const k of row.unreadable) {
    const m = match(k);
    if (!('col' in m)) continue;
    unreadable.add(m.col.key);
    const err = problemOf.get(k);
    if (err && !present.has(m.col.key)) {
      rec[m.col.key] = new Unknown(err);
      present.add(m.col.key);
    }
  }
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

/** town.yaml: the flattened record (a bad value is Unknown, the record stays), or null when it cannot be read. */
export function checkTown(file: string, text: string, errors: DataError[], notices: Notice[], columns: readonly ColumnDef[] = TOWN_COLUMNS): { town: Rec | null; columns: Set<string> } {
  const r = checkRecord(file, text, columns, errors, notices);
  return { town: r.rec, columns: r.columns };
}

/** manifest.yaml: a bad value is an error and reads as null; the rest is kept. */
export function checkManifest(file: string, text: string, errors: DataError[], notices: Notice[]): Manifest | null {
  const r = checkRecord(file, text, MANIFEST_COLUMNS, errors, notices);
  if (!r.rec) return null;
  const get = (k: string) => (typeof r.rec![k] === 'string' ? (r.rec![k] as string) : null);
  return { town: get('town'), plan: get('plan'), as_of: get('as_of'), exported_at: get('exported_at'), source: get('source'), previous: get('previous') };
}
