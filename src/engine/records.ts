/**
 * The records the engine judges: those read, then the stand-ins for rows that
 * could not be split (every cell Unknown: a record that may be anything, see
 * src/validate/standins.ts), with the line of each.
 */
import type { TableName } from '../contract/tables.js';
import { isUnknown, type Dataset, type Rec, type TableData } from '../model.js';
import { WILDCARD, type Rows } from './kind.js';

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

/** Every record of a list, each at its index. */
export function allRows(recs: readonly Rec[]): Rows {
  const orders = new Int32Array(recs.length);
  for (let i = 0; i < orders.length; i++) orders[i] = i;
  return { recs, orders };
}

export const NO_ROWS: Rows = { recs: [], orders: new Int32Array(0) };

/** The rows `keep` selects, in their order. */
export function filterRows(rows: Rows, keep: (rec: Rec) => boolean): Rows {
  const { recs, orders } = rows;
  const kept: Rec[] = [];
  const at = new Int32Array(recs.length);
  for (let i = 0; i < recs.length; i++) {
    const rec = recs[i]!;
    if (!keep(rec)) continue;
    at[kept.length] = orders[i]!;
    kept.push(rec);
  }
  return { recs: kept, orders: at.slice(0, kept.length) };
}

/** Several groups of rows one after the other. */
export function concatRows(parts: readonly Rows[]): Rows {
  let n = 0;
  for (const r of parts) n += r.recs.length;
  const recs: Rec[] = new Array(n);
  const orders = new Int32Array(n);
  let k = 0;
  for (const r of parts) {
    orders.set(r.orders, k);
    for (const rec of r.recs) recs[k++] = rec;
  }
  return { recs, orders };
}

/** The key a record is grouped under by its village cell: the id, WILDCARD when unreadable (it may be any), null when empty. */
export function villageKey(v: Rec[string]): string | null {
  return typeof v === 'string' ? v : isUnknown(v) ? WILDCARD : null;
}

/**
 * Records grouped by a key (their village), each group in data order and the
 * groups in the order their first record comes; a record whose key is null
 * is in none. Two passes, counting then filling, so each group is allocated
 * once at its size.
 */
export function groupRows(recs: readonly Rec[], keyOf: (rec: Rec) => string | null): Map<string, Rows> {
  const sizes = new Map<string, number>();
  for (const rec of recs) {
    const k = keyOf(rec);
    if (k !== null) sizes.set(k, (sizes.get(k) ?? 0) + 1);
  }
  const filling = new Map<string, { recs: Rec[]; orders: Int32Array; n: number }>();
  for (const [k, size] of sizes) filling.set(k, { recs: new Array(size), orders: new Int32Array(size), n: 0 });
  for (let i = 0; i < recs.length; i++) {
    const rec = recs[i]!;
    const k = keyOf(rec);
    if (k === null) continue;
    const g = filling.get(k)!;
    g.recs[g.n] = rec;
    g.orders[g.n++] = i;
  }
  const groups = new Map<string, Rows>();
  for (const [k, g] of filling) groups.set(k, { recs: g.recs, orders: g.orders });
  return groups;
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
