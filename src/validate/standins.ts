/**
 * Stand-ins for the rows that could not be split into cells (a ragged row, a
 * list item that is not a record, the lines an unclosed quote swallowed).
 * Those rows are left out and counted (rule-catalogue.md), but what they held
 * is unknown, not absent: each becomes a record whose every cell is Unknown,
 * waiting on the row's error, so that the engine counts it as a record that
 * may be anything and anywhere. A verdict it could change is then no-data,
 * never decided by the error.
 */
import type { TableDef } from '../contract/tables.js';
import { Unknown, type DataError, type Rec } from '../model.js';
import type { CheckedTable } from './table.js';

/** Problems that stop reading a CSV file: every line after them is lost. */
const STOPS = new Set(['csv-unclosed-quote', 'csv-syntax']);

export interface StandIn {
  rec: Rec;
  line: number;
}

export function standIns(def: TableDef, checked: CheckedTable, errors: readonly DataError[]): StandIn[] {
  const file = checked.file;
  if (file === null) return [];
  const mine = errors.filter((e) => e.file === file && e.line !== null);
  if (mine.length === 0) return [];
  const firstAt = new Map<number, DataError>();
  for (const e of mine) if (!firstAt.has(e.line!)) firstAt.set(e.line!, e);
  const out: StandIn[] = [];
  const keys = def.columns.map((c) => c.key);
  const make = (err: DataError, line: number): StandIn => {
    const rec = Object.create(null) as Rec;
    const u = new Unknown(err);
    for (const k of keys) rec[k] = u;
    return { rec, line };
  };
  checked.rows.forEach((row, r) => {
    if (row >= 0) return;
    const line = checked.lines[r]!;
    const err = firstAt.get(line);
    if (err) out.push(make(err, line));
  });
  // After a quote that never closes, each non-blank line from its record's to the end may have been a
  // record: the scanner noted those lines as it read (src/load/csv.ts), so the text is not read again.
  const swallowed = checked.swallowed;
  const stop = swallowed === undefined ? undefined : mine.find((e) => STOPS.has(e.code));
  if (stop) for (const line of swallowed!) out.push(make(stop, line));
  return out;
}
