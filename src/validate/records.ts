/** town.yaml and manifest.yaml: one mapping each, validated with the same cell parsers as the tables. */
import { MANIFEST_COLUMNS, TOWN_COLUMNS, type ColumnDef } from '../contract/tables.js';
import { parseYamlRecord, type YamlRecord } from '../load/yaml.js';
import { Unknown, type DataError, type Manifest, type Notice, type Rec } from '../model.js';
import { CellFail, cellParser } from './cells.js';
import { dataError, shown } from './errors.js';
import { FileHeaders } from './headers.js';

/**
 * town.yaml and manifest.yaml are a few lines each. Parsing YAML costs ~1.3 µs
 * and ~1.4 KB a character (a million keys: 12 s and 1.4 GB before any check),
 * so a bigger file is refused unread.
 */
export const MAX_RECORD_BYTES = 1024 * 1024;

interface CheckedRecord {
  rec: Rec | null;
  columns: Set<string>;
}

/** `table`: `town` or `manifest`, named in the header notices and errors as a table's name is in a table's. */
function checkRecord(file: string, text: string, table: string, columns: readonly ColumnDef[], errors: DataError[], notices: Notice[]): CheckedRecord {
  // Characters first: no need to count the bytes of a small file.
  const bytes = text.length > MAX_RECORD_BYTES / 3 ? Buffer.byteLength(text) : 0;
  if (bytes > MAX_RECORD_BYTES) {
    errors.push(dataError(file, null, null, null, 'file-too-large', { bytes, max: MAX_RECORD_BYTES }));
    return { rec: null, columns: new Set() };
  }
  const parsed = parseYamlRecord(text);
  if (parsed.fatal) {
    errors.push(dataError(file, parsed.fatal.line, null, parsed.fatal.value, parsed.fatal.code, {}));
    return { rec: null, columns: new Set() };
  }
  // A value that is not a scalar: its key's error, so that the cell is Unknown with it.
  const problemOf = new Map<string, DataError>();
  for (const p of parsed.problems) {
    const err = dataError(file, p.line, p.value, null, p.code, {});
    errors.push(err);
    if (p.value !== null && !problemOf.has(p.value)) problemOf.set(p.value, err);
  }
  const row = parsed.record as YamlRecord;
  // The keys are classified as a table's headers are (headers.ts FileHeaders): same errors, notices and hints.
  const heads = new FileHeaders(file, table, columns, errors);
  const rec = Object.create(null) as Rec;
  const present = heads.present;
  // Nested mappings are flattened (`leadership_group.leader`): the mapping's key and each key inside it
  // are checked like top-level keys, so `__proto__:` as a mapping and `leadership_group.prototype` are
  // errors at their own lines as `__proto__: x` is (data contract; a dotted name with a forbidden part is forbidden).
  const groups = row.groups ?? [];
  const forbiddenGroups = new Set<number>();
  groups.forEach((g, gi) => {
    if (!('forbidden' in heads.classify(g.key))) return;
    errors.push(dataError(file, g.line, g.key, null, 'forbidden-column', {}));
    forbiddenGroups.add(gi);
  });
  const given = new Map<string, string>();
  row.keys.forEach((k, i) => {
    // Inside a forbidden mapping: reported once, at the mapping's key.
    if (forbiddenGroups.has(row.groupOf?.[i] ?? -1)) return;
    const raw = row.cells[i]!;
    const line = row.lines[i]!;
    const c = heads.read(k, line, null, raw, given);
    // A key given twice: the first one's value counts, as a header row's first column does.
    if (c === null || 'again' in c) return;
    const v = cellParser(c)(raw);
    if (v instanceof CellFail) {
      const err = dataError(file, line, k, shown(typeof raw === 'string' ? raw : raw.join('、')), v.code, v.args);
      errors.push(err);
      // The record stays; the value is unknown (rule-catalogue.md, Missing, unreadable and wrong values).
      rec[c.key] = new Unknown(err);
    } else rec[c.key] = v;
  });
  const unreadable = new Set<string>();
  for (const k of row.unreadable) {
    const m = heads.classify(k);
    if (!('col' in m)) continue;
    unreadable.add(m.col.key);
    const err = problemOf.get(k);
    if (err && !present.has(m.col.key)) {
      rec[m.col.key] = new Unknown(err);
      present.add(m.col.key);
    }
  }
  heads.finish(notices, null, unreadable);
  for (const c of columns) if (!present.has(c.key) && !unreadable.has(c.key)) rec[c.key] = null;
  return { rec, columns: present };
}

/** town.yaml: the flattened record (a bad value is Unknown, the record stays), or null when it cannot be read. */
export function checkTown(file: string, text: string, errors: DataError[], notices: Notice[], columns: readonly ColumnDef[] = TOWN_COLUMNS): { town: Rec | null; columns: Set<string> } {
  const r = checkRecord(file, text, 'town', columns, errors, notices);
  return { town: r.rec, columns: r.columns };
}

/** manifest.yaml: a bad value is an error and reads as null; the rest is kept. */
export function checkManifest(file: string, text: string, errors: DataError[], notices: Notice[]): Manifest | null {
  const r = checkRecord(file, text, 'manifest', MANIFEST_COLUMNS, errors, notices);
  if (!r.rec) return null;
  const get = (k: string) => (typeof r.rec![k] === 'string' ? (r.rec![k] as string) : null);
  return { town: get('town'), plan: get('plan'), as_of: get('as_of'), exported_at: get('exported_at'), source: get('source'), previous: get('previous') };
}
