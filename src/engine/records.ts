/**
 * The records the engine judges: those read, then the stand-ins for rows that
 * could not be split (every cell Unknown: a record that may be anything, see
 * src/validate/standins.ts), with the line of each.
 */
import type { TableName } from '../contract/tables.js';
import type { Dataset, Rec, TableData } from '../model.js';

const CACHE = new WeakMap<TableData, { records: Rec[]; lines: number[] }>();

export function recordsOf(data: Dataset, table: TableName): { records: Rec[]; lines: number[] } {
  const t = data.tables[table];
  if (!t.standIns?.length) return t;
  let got = CACHE.get(t);
  if (!got) {
    got = { records: [...t.records, ...t.standIns.map((s) => s.rec)], lines: [...t.lines, ...t.standIns.map((s) => s.line)] };
    CACHE.set(t, got);
  }
  return got;
}

/** A record's id for offender lists; one whose id is unreadable is named after its line (`?households.csv:12`). */
export function recordId(data: Dataset, table: TableName, idColumn: string | null, rec: Rec, order: number): string {
  const id = idColumn ? rec[idColumn] : null;
  if (typeof id === 'string') return id;
  return `?${data.tables[table].file ?? table}:${recordsOf(data, table).lines[order] ?? order + 1}`;
}
