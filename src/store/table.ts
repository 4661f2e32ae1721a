/**
 * A table's rows as columns (src/store/columns.ts), and the row view that
 * lets code which reads a record by its keys (`rec.members`) read a row of
 * them: a view holds its row number (its class knows the table), and its keys
 * are getters that read the row's cell from its column. No cell is copied
 * into it, and the engine makes views only as it reads them
 * (src/engine/records.ts).
 */
import type { TableDef } from '../contract/tables.js';
import type { CellValue, Rec, Unknown } from '../model.js';
import { columnFor, type Column } from './columns.js';

export class TableStore {
  /** The columns, in the contract's order. */
  readonly c: Column[];
  /** Rows pushed so far. */
  n = 0;
  private readonly View: new (i: number) => Rec;
  constructor(
    readonly def: TableDef,
    /** Rows expected: the columns start at this size (an estimate; they grow). */
    size = 0,
  ) {
    this.c = def.columns.map((col) => columnFor(col, size));
    this.View = viewClass(def)(this);
  }
  /** Appends a row from its cells in the contract's column order; returns its row number. */
  append(values: readonly CellValue[]): number {
    const c = this.c;
    for (let k = 0; k < c.length; k++) c[k]!.push(values[k]!);
    return this.n++;
  }
  /** Appends a row given as a record (YAML rows, built by zod); returns its row number. */
  appendRecord(rec: Readonly<Rec>): number {
    const c = this.c;
    for (let k = 0; k < c.length; k++) c[k]!.push(rec[c[k]!.key] ?? null);
    return this.n++;
  }
  /** Appends a row and returns its view. */
  push(values: readonly CellValue[]): Rec {
    return this.row(this.append(values));
  }
  /** The row view of row `i`. */
  row(i: number): Rec {
    return new this.View(i);
  }
  seal(): void {
    for (const col of this.c) col.seal();
  }
  /** Bytes of V8's heap the columns may ask for at once as they grow (Column.heapReserve). */
  heapReserve(): number {
    let n = 0;
    for (const col of this.c) n += col.heapReserve();
    return n;
  }
  /** A store prints as its rows (a test's snapshot, a debugger), not as the arrays that keep them, whose form depends on the order values came in. */
  toJSON(): Rec[] {
    return Array.from({ length: this.n }, (_, i) => this.row(i));
  }
}

type ViewMaker = (store: TableStore) => new (i: number) => Rec;
const VIEWS = new WeakMap<TableDef, ViewMaker>();

/**
 * The view class of a table's store: a getter and a setter per contract key,
 * each its own function reading one kind of column (monomorphic). The setter
 * only ever receives an Unknown (a cell found unreadable by a cross-table
 * check); cells are otherwise never changed. The store is the class's, so a
 * view holds only its row: 32 bytes.
 *
 * A view's row is a private field: no key can name it, and Object.keys and a
 * spread see nothing. The prototype has no prototype and no `constructor`:
 * `rec.__proto__`, `rec.constructor` and `rec.toString` are undefined, as they
 * are on the null-prototype records this replaces.
 */
function viewClass(def: TableDef): ViewMaker {
  let make = VIEWS.get(def);
  if (make) return make;
  // Keys come from the contract (src/contract/tables.ts, or a pack's declared keys, /^[a-z][a-z0-9_]*$/), never from input.
  const members = def.columns
    .map((col, k) => {
      if (!/^[a-z][a-z0-9_]*$/.test(col.key)) throw new Error(`column key ${JSON.stringify(col.key)} is not a plain name`);
      return `get ${col.key}() { return C[${k}].get(this.#i); } set ${col.key}(u) { C[${k}].setUnknown(this.#i, u); }`;
    })
    .join('\n');
  // toJSON: a view prints as the record it stands for (a test's snapshot, a debugger).
  const toJSON = `toJSON() { const o = {}; ${def.columns.map((col) => `o.${col.key} = this.${col.key};`).join(' ')} return o; }`;
  const body = `return (S) => { const C = S.c; const Row = class Row { #i; constructor(i) { this.#i = i; }\n${members}\n${toJSON}\n};
    delete Row.prototype.constructor; Object.setPrototypeOf(Row.prototype, null); return Row; };`;
  make = new Function(body)() as ViewMaker;
  VIEWS.set(def, make);
  return make;
}

/** A read table's records by index: record i is store row `at[i]`, or row i when every row was kept (at null). */
export function recordReader(rows: { store: TableStore; at: Int32Array | null }): (i: number) => Rec {
  const { store, at } = rows;
  return at === null ? (i) => store.row(i) : (i) => store.row(at[i]!);
}

export type { Unknown };
