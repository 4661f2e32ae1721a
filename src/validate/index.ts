/**
 * Validation of a read folder: every table through its zod row schema, then
 * the cross-table checks, then town.yaml and manifest.yaml → a Dataset.
 * An unexpected exception while handling one file becomes a DataError for
 * that file; validation never throws for bad input.
 */
import { TABLE_NAMES, type TableName } from '../contract/tables.js';
import type { RawFolder } from '../load/folder.js';
import type { Dataset, DataError, Manifest, Notice, Rec, TableData } from '../model.js';
import { crossCheck } from './cross.js';
import { dataError } from './errors.js';
import { checkManifest, checkTown } from './records.js';
import { checkCsv, checkYaml, emptyTable, type CheckedTable } from './table.js';

export function validateFolder(raw: RawFolder, errors: DataError[], notices: Notice[]): Dataset {
  const checked = {} as Record<TableName, CheckedTable>;
  for (const t of TABLE_NAMES) {
    const f = raw.files[t];
    if (!f) {
      checked[t] = emptyTable(t, null, false);
      continue;
    }
    try {
      checked[t] = f.format === 'csv' ? checkCsv(t, f.name, f.text, errors, notices) : checkYaml(t, f.name, f.text, errors, notices);
    } catch (e) {
      errors.push(internal(f.name, e));
      checked[t] = emptyTable(t, f.name, false);
    }
  }
  try {
    crossCheck(checked, errors);
  } catch (e) {
    errors.push(internal(raw.dir, e));
  }

  let town: Rec | null = null;
  let townColumns = new Set<string>();
  const tf = raw.files.town;
  if (tf) {
    try {
      ({ town, columns: townColumns } = checkTown(tf.name, tf.text, errors, notices));
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
  for (const t of TABLE_NAMES) tables[t] = finish(checked[t]);
  return { dir: raw.dir, manifest, town, townColumns, tables, inputs: raw.inputs };
}

function finish(c: CheckedTable): TableData {
  const records: Rec[] = [];
  const lines: number[] = [];
  for (let r = 0; r < c.recs.length; r++) {
    if (c.bad[r]) continue;
    records.push(c.recs[r]!);
    lines.push(c.lines[r]!);
  }
  return { table: c.table, file: c.file, columns: c.columns, records, lines, rowCount: c.recs.length, rejected: c.recs.length - records.length };
}

export function internal(file: string, e: unknown): DataError {
  const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return dataError(file, null, null, null, 'internal-error', { message: message.slice(0, 300) });
}
