/**
 * The records the engine judges: those read, then the stand-ins for rows that
 * could not be split (every cell Unknown: a record that may be anything, see
 * src/validate/standins.ts), with the line of each.
 */
import type { TableName } from '../contract/tables.js';
import { isUnknown, type Dataset, type Rec, type TableData } from '../model.js';
import { WILDCARD } from './kind.js';

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

/** What `related` and `ref` look records up by: built once per dataset (this period's, or an earlier one's), table and column. */
export interface RecordIndexes {
  /** Records of `table` by the value of `by` (each item of a list column); those whose value is unreadable under WILDCARD. */
  relatedIndex(table: TableName, by: string): Map<string, Rec[]>;
  /** A valid record by id. */
  lookup(table: TableName, id: string): Rec | undefined;
}

const INDEXES = new WeakMap<Dataset, RecordIndexes>();

export function recordIndexes(data: Dataset): RecordIndexes {
  let got = INDEXES.get(data);
  if (got) return got;
  const related = new Map<string, Map<string, Rec[]>>();
  const ids = new Map<TableName, Map<string, Rec>>();
  got = {
    relatedIndex(table, by) {
      const key = `${table}.${by}`;
      let m = related.get(key);
      if (!m) {
        m = new Map();
        for (const rec of recordsOf(data, table).records) {
          const v = rec[by];
          // A list column (an instructor's 联系村) points at each of its items.
          const keys = typeof v === 'string' ? [v] : Array.isArray(v) ? v : isUnknown(v) ? [WILDCARD] : [];
          for (const k of keys) {
            let list = m.get(k);
            if (!list) m.set(k, (list = []));
            list.push(rec);
          }
        }
        related.set(key, m);
      }
      return m;
    },
    lookup(table, id) {
      const find = data.tables[table].findById;
      if (find) return find(id);
      let m = ids.get(table);
      if (!m) {
        m = new Map();
        const col = data.contract.tables[table]!.idColumn;
        if (col) for (const rec of data.tables[table].records) if (typeof rec[col] === 'string') m.set(rec[col] as string, rec);
        ids.set(table, m);
      }
      return m.get(id);
    },
  };
  INDEXES.set(data, got);
  return got;
}
