/**
 * Validation of a read folder: every table through its zod row schema, then
 * the cross-table checks, then town.yaml and manifest.yaml → a Dataset.
 * An unexpected exception while handling one file becomes a DataError for
 * that file; validation never throws for bad input.
 */
import type { TableName } from '../contract/tables.js';
import { BUILT_IN, type Contract } from '../contract/contract.js';
import type { RawFolder } from '../load/folder.js';
import type { Dataset, DataError, Manifest, Notice, Rec, TableData } from '../model.js';
import { crossCheck } from './cross.js';
import { dataError } from './errors.js';
import type { IdIndex } from './ids.js';
import { checkManifest, checkTown } from './records.js';
import { standIns } from './standins.js';
import { checkCsv, checkXlsx, checkYaml, emptyTable, type CheckedTable, type TableProgress } from './table.js';
import type { LoadProgress } from '../data.js';
import { recordReader } from '../store/table.js';
import { performance } from 'node:perf_hooks';
import { MemoryExhausted } from '../load/memory.js';

export function validateFolder(
  raw: RawFolder,
  errors: DataError[],
  notices: Notice[],
  onProgress?: (p: { file: string; rows: number; bytes: number; totalBytes: number }) => void,
  contract: Contract = BUILT_IN,
): Dataset {
  const { tableNames } = contract;
  const checked = {} as Record<TableName, CheckedTable>;
  const sizes = new Map(raw.inputs.map((i) => [i.file, i.bytes]));
  let totalBytes = 0;
  for (const t of tableNames) totalBytes += raw.files[t] ? (sizes.get(raw.files[t]!.name) ?? 0) : 0;
  let done = 0;
  for (const t of tableNames) {
    const f = raw.files[t];
    if (!f) {
      checked[t] = emptyTable(t, null, false);
      continue;
    }
    const bytes = sizes.get(f.name) ?? 0;
    const progress = onProgress ? progressOf(f.name, done, bytes, totalBytes, onProgress) : undefined;
    const def = contract.tables[t]!;
    try {
      checked[t] =
        f.format === 'csv'
          ? checkCsv(def, f.name, f.text, errors, notices, progress, f)
          : f.format === 'xlsx'
            ? checkXlsx(def, f.name, f.book!, f.sheet!, errors, notices, progress)
            : checkYaml(def, f.name, f.text, errors, notices, f);
      if (onProgress && f.format === 'yaml') onProgress({ file: f.name, rows: checked[t].rows.length, bytes: done + bytes, totalBytes });
      done += bytes;
    } catch (e) {
      if (e instanceof MemoryExhausted) throw e;
      errors.push(internal(f.name, e));
      checked[t] = emptyTable(t, f.name, false);
    }
  }
  try {
    crossCheck(checked, errors, contract);
  } catch (e) {
    errors.push(internal(raw.dir, e));
  }

  let town: Rec | null = null;
  let townColumns = new Set<string>();
  const tf = raw.files.town;
  if (tf) {
    try {
      ({ town, columns: townColumns } = checkTown(tf.name, tf.text, errors, notices, contract.town));
    } catch (e) {
      errors.push(internal(tf.name, e));
    }
  }
  let manifest: Manifest | null = null;
  const mf = raw.files.manifest;
  if (mf) {
    try {
      manifest = checkManifest(mf.name, mf.text, errors, notices);
    } catch (e) {
      errors.push(internal(mf.name, e));
    }
  }

  const tables = {} as Record<TableName, TableData>;
  for (const t of tableNames) {
    tables[t] = finish(checked[t]!, contract);
    const stand = standIns(contract.tables[t]!, checked[t]!, errors);
    if (stand.length) tables[t].standIns = stand;
  }
  return { dir: raw.dir, manifest, town, townColumns, tables, inputs: raw.inputs, contract };
}

function finish(c: CheckedTable, contract: Contract): TableData {
  let rejected = 0;
  for (let r = 0; r < c.bad.length; r++) rejected += c.bad[r]!;
  let lines: Int32Array;
  /** The store row of each record kept; null when record i is row i (every row kept, the usual case). */
  let at: Int32Array | null = null;
  if (rejected === 0) lines = c.lines;
  else {
    const kept = c.rows.length - rejected;
    lines = new Int32Array(kept);
    at = new Int32Array(kept);
    let k = 0;
    for (let r = 0; r < c.rows.length; r++) {
      if (c.bad[r]) continue;
      at[k] = c.rows[r]!;
      lines[k++] = c.lines[r]!;
    }
  }
  const kept = lines.length;
  const base = { table: c.table, file: c.file, columns: c.columns, lines, rowCount: c.rows.length, rejected: c.rows.length - kept };
  const store = c.store;
  let out: TableData;
  if (store === undefined) out = { ...base, records: [] };
  else {
    // The records are views made when first asked for (tests, small tables); the engine reads the rows by index (src/engine/records.ts).
    const rowAt = recordReader({ store, at });
    let records: Rec[] | undefined;
    out = {
      ...base,
      get records(): Rec[] {
        if (records === undefined) {
          records = new Array<Rec>(kept);
          for (let i = 0; i < kept; i++) records[i] = rowAt(i);
        }
        return records;
      },
      rows: { store, at },
    };
    const idKey = contract.tables[c.table]!.idColumn;
    if (c.ids && idKey) out.findById = byIdFinder(c.ids, rowAt, lines, idKey);
  }
  return out;
}

/**
 * A record by id through the id index validation built: the id's line, then a
 * binary search of the (ascending) lines. No second index of a million ids.
 */
function byIdFinder(ids: IdIndex, rowAt: (i: number) => Rec, lines: Int32Array, idKey: string): (id: string) => Rec | undefined {
  return (id) => {
    const line = ids.lineOf(id);
    if (line < 0) return undefined;
    let lo = 0;
    let hi = lines.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const at = lines[mid]!;
      if (at === line) {
        const rec = rowAt(mid);
        return rec[idKey] === id ? rec : undefined;
      }
      if (at < line) lo = mid + 1;
      else hi = mid - 1;
    }
    // Its first row was left out for a data error.
    return undefined;
  };
}

/** Progress of one CSV file: rate-limited to one call per ~100 ms, plus its last call. */
function progressOf(file: string, before: number, bytes: number, totalBytes: number, onProgress: (p: LoadProgress) => void): TableProgress {
  let last = performance.now();
  return {
    report(rows, offset, textLength) {
      const finished = offset >= textLength;
      const now = performance.now();
      if (!finished && now - last < 100) return;
      last = now;
      const within = textLength > 0 ? Math.round((bytes * offset) / textLength) : bytes;
      onProgress({ file, rows, bytes: before + within, totalBytes });
    },
  };
}

export function internal(file: string, e: unknown): DataError {
  const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return dataError(file, null, null, null, 'internal-error', { message: message.slice(0, 300) });
}
