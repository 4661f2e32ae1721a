/**
 * The records the engine judges: those read, then the stand-ins for rows that
 * could not be split (every cell Unknown: a record that may be anything, see
 * src/validate/standins.ts), with the line of each.
 *
 * A table read from a file is kept as columns (src/store), and the hot loops
 * read its cells by index from them (`perValue`, `cellAt`): a column that
 * keeps a code per row (words, yes/no, references, dates) has each distinct
 * value looked at once, then each row is one read of its code. Where code
 * reads a record by its keys, a big table's records are row views made when
 * read (`rec(i)`), 32 bytes of young garbage each, never held: a town of ten
 * million households keeps no object per household through the run. A small
 * table's views are made once and kept; a table built by hand (tests) is its
 * array.
 */
import type { TableName } from '../contract/tables.js';
import { isUnknown, type CellValue, type Dataset, type Rec, type TableData } from '../model.js';
import { WILDCARD, type Rows } from './kind.js';
import { recordReader, type TableStore } from '../store/table.js';
import { hasFigures, isCoded, NO_FIGURE, UNKNOWN_CODE, type Column } from '../store/columns.js';

/** A table's records by index, in data order, stand-ins last. */
export interface RowSet {
  readonly n: number;
  rec(i: number): Rec;
  line(i: number): number;
  /** A table kept as columns: record i < base is store row `at[i]` (row i when at is null); the stand-ins follow. */
  readonly cols?: { readonly store: TableStore; readonly at: Int32Array | null; readonly base: number };
}

const SETS = new WeakMap<TableData, RowSet>();

/** Up to this many rows, a table's row views are kept for the run (below); past it, made when read. */
const SMALL = 50_000;

export function rowSetOf(data: Dataset, table: TableName): RowSet {
  const t = data.tables[table];
  let got = SETS.get(t);
  if (!got) SETS.set(t, (got = rowSet(t)));
  return got;
}

function rowSet(t: TableData): RowSet {
  const stand = t.standIns ?? [];
  const lines = t.lines;
  const kept = t.rows;
  if (kept && t.lines.length > SMALL) {
    const base = kept.at === null ? kept.store.n : kept.at.length;
    const read = recordReader(kept);
    return {
      n: base + stand.length,
      rec: (i) => (i < base ? read(i) : stand[i - base]!.rec),
      line: (i) => (i < base ? lines[i]! : stand[i - base]!.line),
      cols: { store: kept.store, at: kept.at, base },
    };
  }
  // A small table (every table of a real town but its households and visits): its views are made once and
  // kept, cheaper than making them again for each of fifty rules, and a few MB at most.
  const records = t.records;
  const base = records.length;
  return {
    n: base + stand.length,
    rec: (i) => (i < base ? records[i]! : stand[i - base]!.rec),
    line: (i) => (i < base ? lines[i]! : stand[i - base]!.line),
    ...(kept ? { cols: { store: kept.store, at: kept.at, base } } : {}),
  };
}

/** The column of a set's table that holds `field`, when the set is kept as columns and has it. */
function columnOf(set: RowSet, field: string): Column | undefined {
  const c = set.cols?.store.c;
  if (!c) return undefined;
  for (const col of c) if (col.key === field) return col;
  return undefined;
}

/** Reads cell `field` of record i: from its column, or from the record (stand-ins, tables built by hand). The same value `rec(i)[field]` is. */
export function cellAt(set: RowSet, field: string): (i: number) => Cell {
  const col = columnOf(set, field);
  if (!col) return (i) => set.rec(i)[field];
  const { at, base } = set.cols!;
  return at === null ? (i) => (i < base ? col.get(i) : set.rec(i)[field]) : (i) => (i < base ? col.get(at[i]!) : set.rec(i)[field]);
}

/** A record's cell as `rec[field]` reads it: undefined for a key the record lacks. */
export type Cell = CellValue | undefined;

const PENDING = Symbol('pending');

/**
 * `f` of cell `field` of record i, for records of `set` by index: the same as
 * `f(set.rec(i)[field])`. On a column that keeps a code per row, `f` is called
 * once per distinct value, when a row first holds it, and each row after is a
 * read of its code; an unknown cell is passed as itself (its Unknown carries
 * its own error), every time. `f` must depend only on the value.
 */
export function perValue<T>(set: RowSet, field: string, f: (v: Cell) => T): (i: number) => T {
  const col = columnOf(set, field);
  if (!col || !isCoded(col)) {
    const cell = cellAt(set, field);
    return (i) => f(cell(i));
  }
  const { codes, values } = col.coded();
  const { at, base } = set.cols!;
  const memo: (T | typeof PENDING)[] = new Array(values.length).fill(PENDING);
  const byRow = (row: number): T => {
    const c = codes[row]!;
    if (c === UNKNOWN_CODE) return f(col.get(row));
    const m = memo[c];
    if (m !== PENDING) return m!;
    const r = f(values[c]);
    memo[c] = r;
    return r;
  };
  return at === null ? (i) => (i < base ? byRow(i) : f(set.rec(i)[field])) : (i) => (i < base ? byRow(at[i]!) : f(set.rec(i)[field]));
}

/**
 * perValue for many records at once: `f` of cell `field` of each record
 * `orders[k]` of `set`, into `out[k]`, in one pass over the column. `f`
 * returns a code (an integer that fits `out`), and is called once per
 * distinct value of a column that keeps a code per row, and for each unknown
 * cell (as itself).
 */
export function perValueInto(set: RowSet, field: string, orders: Int32Array, f: (v: Cell) => number, out: Uint8Array | Int32Array): void {
  const col = columnOf(set, field);
  if (col && isCoded(col)) {
    const { codes, values } = col.coded();
    // Each value's code once worked out; NaN: not yet, and always for an unknown cell, whose Unknown is its own.
    const memo = new Float64Array(values.length).fill(NaN);
    const slow = (i: number, row: number, c: number): number => {
      if (row < 0) return f(set.rec(i)[field]);
      if (c === UNKNOWN_CODE) return f(col.get(row));
      return (memo[c] = f(values[c]));
    };
    byCode(codes, memo, set.cols!, orders, out, slow);
    return;
  }
  if (col && hasFigures(col)) {
    const fig = col.figures();
    const { at, base } = set.cols!;
    // Whole figures between -SMALL_FIGURE and SMALL_FIGURE (counts, people) worked out once each.
    const memo = fig.narrow ? new Float64Array(2 * SMALL_FIGURE).fill(NaN) : null;
    for (let k = 0; k < orders.length; k++) {
      const i = orders[k]!;
      if (i >= base) {
        out[k] = f(set.rec(i)[field]);
        continue;
      }
      const row = at === null ? i : at[i]!;
      const x = fig.values[row]!;
      if (fig.narrow ? x === NO_FIGURE : x !== x) out[k] = f(col.get(row));
      else if (memo !== null && x >= -SMALL_FIGURE && x < SMALL_FIGURE) {
        let m = memo[x + SMALL_FIGURE]!;
        if (m !== m) m = memo[x + SMALL_FIGURE] = f(x);
        out[k] = m;
      } else out[k] = f(x);
    }
    return;
  }
  const cell = cellAt(set, field);
  for (let k = 0; k < orders.length; k++) out[k] = f(cell(orders[k]!));
}
const SMALL_FIGURE = 1024;

/** perValueInto's pass over a column's codes: a row whose code was worked out is a read; any other goes to `slow` (row -1: a stand-in). */
function byCode(
  codes: Uint8Array | Uint16Array | Int32Array,
  memo: Float64Array,
  cols: NonNullable<RowSet['cols']>,
  orders: Int32Array,
  out: Uint8Array | Int32Array,
  slow: (i: number, row: number, c: number) => number,
): void {
  const { at, base } = cols;
  if (at === null && EVERY.has(orders) && orders.length <= base) {
    // Every row in order (a share over a town's households): record k is row k.
    for (let k = 0; k < orders.length; k++) {
      const c = codes[k]!;
      const m = memo[c]!;
      out[k] = m === m ? m : slow(k, k, c);
    }
    return;
  }
  for (let k = 0; k < orders.length; k++) {
    const i = orders[k]!;
    if (i >= base) {
      out[k] = slow(i, -1, -1);
      continue;
    }
    const row = at === null ? i : at[i]!;
    const c = codes[row]!;
    const m = memo[c]!;
    out[k] = m === m ? m : slow(i, row, c);
  }
}

/** The ids of some villages (as villagesOf names them, a rule's villages), read once per list of villages. */
export function idsOf(villages: readonly Rec[]): string[] {
  let got = IDS.get(villages);
  if (!got) IDS.set(villages, (got = villages.map((v) => v.village_id as string)));
  return got;
}
const IDS = new WeakMap<readonly Rec[], string[]>();

/** Where a record belongs among a rule's villages (villagePlaces): none of them, or any (its village is unreadable). */
export const NOWHERE = -1;
export const ANYWHERE = -2;

/**
 * Where each record `rows.orders[k]` belongs among `villages` (a rule's, in
 * order): the index of its village cell (`field`) among their distinct ids,
 * ANYWHERE when the cell is unreadable, NOWHERE when it is none of them. Read
 * once for the same records and villages (the rules of a town over all its
 * villages share it); read-only.
 */
export function villagePlaces(rows: Rows, field: string, villages: readonly Rec[]): Int32Array {
  let byField = PLACES.get(rows.orders);
  if (!byField) PLACES.set(rows.orders, (byField = new Map()));
  let byVillages = byField.get(field);
  if (!byVillages) byField.set(field, (byVillages = new WeakMap()));
  let got = byVillages.get(villages);
  if (got) return got;
  const index = new Map<string, number>();
  for (const id of idsOf(villages)) if (!index.has(id)) index.set(id, index.size);
  got = new Int32Array(rows.orders.length);
  perValueInto(rows.all, field, rows.orders, (v) => (isUnknown(v) ? ANYWHERE : typeof v === 'string' ? (index.get(v) ?? NOWHERE) : NOWHERE), got);
  byVillages.set(villages, got);
  return got;
}
const PLACES = new WeakMap<Int32Array, Map<string, WeakMap<readonly Rec[], Int32Array>>>();

/** A list of records as a RowSet (the villages as villagesOf names them). */
export function listRowSet(recs: readonly Rec[], lines: readonly number[] = []): RowSet {
  return { n: recs.length, rec: (i) => recs[i]!, line: (i) => lines[i] ?? i + 1 };
}

/** Every record of a set, each at its index. */
export function allRows(all: RowSet): Rows {
  const orders = new Int32Array(all.n);
  for (let i = 0; i < orders.length; i++) orders[i] = i;
  EVERY.add(orders);
  return { all, orders };
}
/** Orders that are 0, 1, 2 … (allRows): record k is at position k. */
const EVERY = new WeakSet<Int32Array>();

const EMPTY: RowSet = { n: 0, rec: () => undefined as unknown as Rec, line: () => 0 };
export const NO_ROWS: Rows = { all: EMPTY, orders: new Int32Array(0) };

/** The record at position k of some rows. */
export function recAt(rows: Rows, k: number): Rec {
  return rows.all.rec(rows.orders[k]!);
}

/** The rows `keep` selects (by their index in the set), in their order. */
export function filterRows(rows: Rows, keep: (i: number) => boolean): Rows {
  const { all, orders } = rows;
  const at = new Int32Array(orders.length);
  let n = 0;
  for (let k = 0; k < orders.length; k++) {
    const o = orders[k]!;
    if (keep(o)) at[n++] = o;
  }
  return { all, orders: at.slice(0, n) };
}

/** Several groups of rows of one table, one after the other. */
export function concatRows(parts: readonly Rows[]): Rows {
  if (parts.length === 0) return NO_ROWS;
  let n = 0;
  for (const r of parts) n += r.orders.length;
  const orders = new Int32Array(n);
  let k = 0;
  for (const r of parts) {
    orders.set(r.orders, k);
    k += r.orders.length;
  }
  return { all: parts[0]!.all, orders };
}

/** The key a record is grouped under by its village cell: the id, WILDCARD when unreadable (it may be any), null when empty. */
export function villageKey(v: Cell): string | null {
  return typeof v === 'string' ? v : isUnknown(v) ? WILDCARD : null;
}

/**
 * Records grouped by a key (their village: `keyAt` of each index), each group
 * in data order and the groups in the order their first record comes; a
 * record whose key is null is in none. Two passes, counting then filling, so
 * each group is allocated once at its size; the keys of the first pass are
 * kept, not read twice.
 */
export function groupRows(all: RowSet, keyAt: (i: number) => string | null): Map<string, Rows> {
  const n = all.n;
  const keys: (string | null)[] = new Array(n);
  const sizes = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const k = keyAt(i);
    keys[i] = k;
    if (k !== null) sizes.set(k, (sizes.get(k) ?? 0) + 1);
  }
  const filling = new Map<string, { orders: Int32Array; n: number }>();
  for (const [k, size] of sizes) filling.set(k, { orders: new Int32Array(size), n: 0 });
  for (let i = 0; i < n; i++) {
    const k = keys[i]!;
    if (k === null) continue;
    const g = filling.get(k)!;
    g.orders[g.n++] = i;
  }
  const groups = new Map<string, Rows>();
  for (const [k, g] of filling) groups.set(k, { all, orders: g.orders });
  return groups;
}

/** A record's id for offender lists; one whose id is unreadable is named after its line (`?households.csv:12`). */
export function recordId(data: Dataset, table: TableName, idColumn: string | null, rec: Rec, order: number): string {
  return idOrLine(data, table, idColumn ? rec[idColumn] : null, order);
}

/** recordId of the record at each index of `set` (the table's records), its id read from its column. */
export function recordIdAt(data: Dataset, table: TableName, idColumn: string | null, set: RowSet): (order: number) => string {
  if (!idColumn) return (order) => idOrLine(data, table, null, order);
  const id = cellAt(set, idColumn);
  return (order) => idOrLine(data, table, id(order), order);
}

function idOrLine(data: Dataset, table: TableName, id: Cell, order: number): string {
  if (typeof id === 'string') return id;
  const set = rowSetOf(data, table);
  return `?${data.tables[table].file ?? table}:${order < set.n ? set.line(order) : order + 1}`;
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
        const set = rowSetOf(data, table);
        const cell = cellAt(set, by);
        for (let i = 0; i < set.n; i++) {
          const v = cell(i);
          // A list column (an instructor's 联系村) points at each of its items.
          const keys = typeof v === 'string' ? [v] : Array.isArray(v) ? v : isUnknown(v) ? [WILDCARD] : [];
          if (keys.length === 0) continue;
          // Only a record that points somewhere is kept (a visit names an enterprise, most a village or a household).
          const rec = set.rec(i);
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
        const set = rowSetOf(data, table);
        const n = set.n - (data.tables[table].standIns?.length ?? 0);
        if (col)
          for (let i = 0; i < n; i++) {
            const rec = set.rec(i);
            if (typeof rec[col] === 'string') m.set(rec[col] as string, rec);
          }
        ids.set(table, m);
      }
      return m.get(id);
    },
  };
  INDEXES.set(data, got);
  return got;
}
