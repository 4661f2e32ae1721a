/**
 * A table as typed columns: no object and no string per cell.
 *
 * Every cell is in one of three states besides its value: present, empty
 * (null) or unknown (an Unknown carrying the data error that made it so,
 * rule-catalogue.md, Missing, unreadable and wrong values). Each column keeps
 * its values in the narrowest form its type allows:
 *
 * - figures in an Int32Array while they are whole numbers in its range, in a
 *   Float64Array from the first that is not;
 * - yes/no in a Uint8Array of small codes;
 * - words, dates, references and lists as a code per row into a dictionary
 *   holding each distinct value once (the codes widen from 1 to 2 to 4 bytes
 *   as the dictionary grows);
 * - ids, ID numbers, phones and names, nearly all distinct, as characters in
 *   one pool (1 byte a character while they are Latin-1, 2 after) with a
 *   length byte per row and the start of every 64th row.
 *
 * The unknown cells of a column, few in any real export, are a map from row
 * to their Unknown. Rows are read back by index (`get`), or through a row
 * view (src/store/table.ts) where code reads a record by its keys.
 */
import type { ColumnDef } from '../contract/tables.js';
import { Unknown, type CellValue } from '../model.js';

export interface Column {
  readonly key: string;
  /** The cell at row `i`: its value, null when empty, an Unknown when unreadable. */
  get(i: number): CellValue;
  /** Appends a cell (the rows come in order). */
  push(v: CellValue): void;
  /** Makes a cell unknown after the fact (a reference that does not resolve, cross.ts). */
  setUnknown(i: number, u: Unknown): void;
  /** Drops spare capacity once the last row is in. */
  seal(): void;
  /** Whether any cell is unknown: a reader looking for one can skip the column when none is. */
  hasUnknown(): boolean;
  /** Bytes of V8's heap the column may ask for at once as it grows (see DictionaryColumn): reading stops before the heap cannot give them. */
  heapReserve(): number;
}

const START = 1024;

type Typed = Uint8Array | Uint16Array | Uint32Array | Int32Array | Float64Array;

/**
 * The first n values of a column's array once the last row is in: a view of
 * it when the spare room is small (no copy, so no second array at the peak),
 * a copy when the room would waste more than an eighth.
 */
export function fit<T extends Typed>(a: T, n: number): T {
  if (a.length <= n) return a;
  return (a.length - n <= n >>> 3 ? a.subarray(0, n) : a.slice(0, n)) as T;
}

/** The array with room for at least `need` values: itself, or a copy twice as large (START at least). */
export function grown<T extends Typed>(a: T, need: number): T {
  if (need <= a.length) return a;
  const b = new (a.constructor as new (n: number) => T)(Math.max(START, need, a.length * 2));
  b.set(a);
  return b;
}

/** What every column shares: its key, its row count and its unknown cells (a map from row, empty in a clean export). */
abstract class Cells {
  protected n = 0;
  protected u: Map<number, Unknown> | null = null;
  constructor(readonly key: string) {}
  /** The unknown cells' map is in V8's heap and doubles its table at once as it grows (a Map costs about 56 bytes an entry at its next size). */
  heapReserve(): number {
    return this.u === null ? 0 : this.u.size * 64;
  }
  hasUnknown(): boolean {
    return this.u !== null && this.u.size > 0;
  }
  protected markUnknown(i: number, x: Unknown): void {
    (this.u ??= new Map()).set(i, x);
  }
  /** Row i holds no value: its Unknown, or null when it is empty. */
  protected noValue(i: number): CellValue {
    return this.u === null ? null : (this.u.get(i) ?? null);
  }
}

/** Row i of a narrow figure column that holds no number: never a value there (see fitsNarrow). */
const NONE = -0x80000000;

/** Whether a figure can be kept in the Int32Array: an integer in range, not the marker, not -0. */
function fitsNarrow(x: number): boolean {
  return (x | 0) === x && x !== NONE && (x !== 0 || 1 / x > 0);
}

/**
 * Figures (int, number). Kept as 4-byte integers (NONE: not present) while
 * every figure is a whole number in Int32 range, as counts, areas in mu and
 * most sums of money are; the first that is not (a fraction, a large number,
 * the marker itself) turns the column once into 8-byte doubles (NaN: not
 * present). NaN is never a value: numberText only takes finite decimal text.
 */
class FigureColumn extends Cells implements Column {
  /** The integers, while the column is narrow; empty once it is wide. */
  private s: Int32Array;
  /** The doubles, once the column is wide. */
  private f: Float64Array | null = null;
  constructor(key: string, size: number) {
    super(key);
    this.s = new Int32Array(Math.max(START, size));
  }
  get(i: number): CellValue {
    const f = this.f;
    if (f === null) {
      const x = this.s[i]!;
      if (x !== NONE) return x;
    } else {
      const x = f[i]!;
      if (x === x) return x;
    }
    return this.noValue(i);
  }
  /** Integers to doubles, once: NONE becomes NaN. */
  private widen(): void {
    const s = this.s;
    const f = new Float64Array(s.length);
    for (let k = 0; k < this.n; k++) {
      const x = s[k]!;
      f[k] = x === NONE ? NaN : x;
    }
    this.f = f;
    this.s = new Int32Array(0);
  }
  push(x: CellValue): void {
    const i = this.n++;
    // grown() only when full: the check stays inline on the path every cell takes.
    if (this.f === null) {
      if (i === this.s.length) this.s = grown(this.s, i + 1);
    } else if (i === this.f.length) this.f = grown(this.f, i + 1);
    if (typeof x === 'number') {
      if (this.f === null) {
        if (fitsNarrow(x)) {
          this.s[i] = x;
          return;
        }
        this.widen();
      }
      // Read after widen(), which replaces this.f.
      this.f![i] = x;
    } else {
      if (this.f === null) this.s[i] = NONE;
      else this.f[i] = NaN;
      if (x instanceof Unknown) this.markUnknown(i, x);
    }
  }
  setUnknown(i: number, u: Unknown): void {
    if (this.f === null) this.s[i] = NONE;
    else this.f[i] = NaN;
    this.markUnknown(i, u);
  }
  seal(): void {
    const f = this.f;
    if (f === null) {
      this.s = fit(this.s, this.n);
    } else this.f = fit(f, this.n);
  }
  /** The figure of each row (see Figures). */
  figures(): Figures {
    return this.f === null ? { narrow: true, values: this.s } : { narrow: false, values: this.f };
  }
}

const EMPTY = 0;
const UNKNOWN = 1;

/** yes/no: 0 empty, 1 unknown, 2 no, 3 yes. */
class YesNoColumn extends Cells implements Column {
  private c: Uint8Array;
  constructor(key: string, size: number) {
    super(key);
    this.c = new Uint8Array(Math.max(START, size));
  }
  get(i: number): CellValue {
    const c = this.c[i]!;
    if (c >= 2) return c === 3;
    return c === EMPTY ? null : this.noValue(i);
  }
  push(x: CellValue): void {
    const i = this.n++;
    if (i === this.c.length) this.c = grown(this.c, i + 1);
    if (x === true) this.c[i] = 3;
    else if (x === false) this.c[i] = 2;
    else if (x instanceof Unknown) this.setUnknown(i, x);
    else this.c[i] = EMPTY;
  }
  setUnknown(i: number, u: Unknown): void {
    this.c[i] = UNKNOWN;
    this.markUnknown(i, u);
  }
  seal(): void {
    this.c = fit(this.c, this.n);
  }
  /** The code of each row and the value of each code (see Coded). */
  coded(): Coded {
    return { codes: this.c, values: YES_NO };
  }
}

type Codes = Uint8Array | Uint16Array | Int32Array;

/**
 * Words, dates, references, free text and lists: a code per row into the
 * distinct values. Codes 0 and 1 are empty and unknown; a value's code is its
 * place in `values`. Lists are shared between the rows that hold the same one,
 * and frozen so that no reader can change another row's.
 */
class DictionaryColumn extends Cells implements Column {
  private c: Codes;
  private readonly values: (string | readonly string[] | null)[] = [null, null];
  private readonly index = new Map<string, number>();
  constructor(key: string, size: number) {
    super(key);
    this.c = new Uint8Array(Math.max(START, size));
  }
  get(i: number): CellValue {
    const c = this.c[i]!;
    if (c > UNKNOWN) return this.values[c]!;
    return c === EMPTY ? null : this.noValue(i);
  }
  /** The code of a value, added to the dictionary when new. */
  private codeOf(x: string | readonly string[]): number {
    const k = typeof x === 'string' ? x : '\u0000' + x.join('\u0000');
    let code = this.index.get(k);
    if (code === undefined) {
      code = this.values.length;
      this.values.push(typeof x === 'string' ? x : Object.freeze([...x]));
      this.index.set(k, code);
      this.widen(code);
    }
    return code;
  }
  /**
   * The cells are in typed arrays, outside V8's heap, but the distinct values
   * and their index are in it, and a column whose values do not repeat (a
   * note of its own on each household) doubles its index at once: about 56
   * bytes a value for the Map's next table and 8 for the values' array.
   */
  override heapReserve(): number {
    return super.heapReserve() + this.values.length * 64;
  }
  /** A code that does not fit the codes' width: 1 → 2 → 4 bytes, copied once each. */
  private widen(code: number): void {
    const c = this.c;
    if (c instanceof Uint8Array && code > 0xff) {
      const w = new Uint16Array(c.length);
      w.set(c);
      this.c = w;
    } else if (c instanceof Uint16Array && code > 0xffff) {
      const w = new Int32Array(c.length);
      w.set(c);
      this.c = w;
    }
  }
  push(x: CellValue): void {
    const i = this.n++;
    if (i === this.c.length) this.c = grown(this.c, i + 1);
    if (x === null) this.c[i] = EMPTY;
    else if (x instanceof Unknown) this.setUnknown(i, x);
    else {
      // The code first: a new value may widen the codes, and this.c with them.
      const code = this.codeOf(x as string | readonly string[]);
      this.c[i] = code;
    }
  }
  setUnknown(i: number, u: Unknown): void {
    this.c[i] = UNKNOWN;
    this.markUnknown(i, u);
  }
  seal(): void {
    this.c = fit(this.c, this.n);
  }
  /** The code of each row and the value of each code (see Coded). */
  coded(): Coded {
    return { codes: this.c, values: this.values };
  }
}

/** A row's length at or past this is kept in the column's `long` map; the byte holds LONG. */
const LONG = 0xff;
/** Rows per checkpoint: a row's start is its checkpoint's plus the lengths of at most STEP - 1 rows before it. */
const SHIFT = 6;
const STEP = 1 << SHIFT;

/**
 * Text nearly every row has its own of (ids, ID numbers, phones, names): the
 * characters in one pool, a length per row in one byte (LONG: the length is
 * in a map, for the rare value of 255 characters or more), and the start of
 * every 64th row. A row's start is its checkpoint's plus the lengths of the
 * rows between, at most 63 bytes to add; a reader going down the rows in
 * order adds none (the end of the row read last is remembered). A present
 * value is never '' (an empty cell is null), so a row with no characters is
 * empty or unknown. Read back exactly, code unit for code unit, lone
 * surrogates and all.
 */
export class PoolColumn extends Cells implements Column {
  /** Latin-1 bytes, or UTF-16 code units once a character above U+00FF comes. */
  private chars: Uint8Array | Uint16Array;
  private wide = false;
  /** The characters as a Buffer, for decoding long values; dropped when the pool moves. */
  private buf: Buffer | null = null;
  private end = 0;
  /** Row i's length in characters, or LONG. */
  private len: Uint8Array;
  /** The lengths of LONG rows. */
  private long: Map<number, number> | null = null;
  /** Where row i * STEP's characters start. */
  private at: Uint32Array;
  /** The row after the one read last, and where it starts. */
  private nextRow = 0;
  private nextAt = 0;
  /** Rows the table is expected to have (the reader's estimate). */
  private readonly expected: number;
  constructor(key: string, size: number) {
    super(key);
    const rows = Math.max(START, size);
    this.expected = rows;
    this.len = new Uint8Array(rows);
    this.at = new Uint32Array((rows >>> SHIFT) + 1);
    // A first guess; the first growth sizes the pool from the rows so far (room).
    this.chars = new Uint8Array(rows * 4);
  }
  get(i: number): CellValue {
    const u = this.u;
    if (u !== null) {
      const x = u.get(i);
      if (x !== undefined) return x;
    }
    return this.text(i);
  }
  private lengthOf(i: number): number {
    const l = this.len[i]!;
    return l === LONG ? this.long!.get(i)! : l;
  }
  /** The text pushed for row i, even once the cell was made unknown after the fact: what an index of the ids (ids.ts) was built on. */
  text(i: number): string | null {
    if (!(i >= 0 && i < this.n)) return null;
    let s: number;
    if (i === this.nextRow) s = this.nextAt;
    else {
      s = this.at[i >>> SHIFT]!;
      const len = this.len;
      for (let k = i & ~(STEP - 1); k < i; k++) {
        const l = len[k]!;
        s += l === LONG ? this.long!.get(k)! : l;
      }
    }
    const e = s + this.lengthOf(i);
    this.nextRow = i + 1;
    this.nextAt = e;
    if (s === e) return null;
    const c = this.chars;
    let out = '';
    if (e - s <= 12) {
      for (let k = s; k < e; k++) out += String.fromCharCode(c[k]!);
      return out;
    }
    const b = (this.buf ??= Buffer.from(c.buffer, c.byteOffset, c.byteLength));
    return this.wide ? b.toString('utf16le', 2 * s, 2 * e) : b.toString('latin1', s, e);
  }
  private room(more: number): void {
    const need = this.end + more;
    if (need <= this.chars.length) return;
    // Sized once from the characters per row so far, for the rows expected; doubled when that falls short.
    const estimate = this.n < 64 ? 0 : Math.ceil((this.end / this.n) * Math.max(this.expected, this.n * 1.25) * 1.1);
    const size = Math.max(need, estimate > this.chars.length ? estimate : this.chars.length * 2);
    const b = this.wide ? new Uint16Array(size) : new Uint8Array(size);
    b.set(this.chars.subarray(0, this.end));
    this.chars = b;
    this.buf = null;
  }
  private widen(): void {
    const b = new Uint16Array(Math.max(this.chars.length, 16));
    b.set(this.chars.subarray(0, this.end));
    this.chars = b;
    this.buf = null;
    this.wide = true;
  }
  push(x: CellValue): void {
    const i = this.n;
    if (i === this.len.length) this.len = grown(this.len, i + 1);
    if ((i & (STEP - 1)) === 0) {
      const j = i >>> SHIFT;
      if (j === this.at.length) this.at = grown(this.at, j + 1);
      this.at[j] = this.end;
    }
    let l = 0;
    if (typeof x === 'string') {
      l = x.length;
      this.room(l);
      let p = this.end;
      let c = this.chars;
      for (let k = 0; k < l; k++) {
        const ch = x.charCodeAt(k);
        if (ch > 0xff && !this.wide) {
          // What this value wrote so far is copied too.
          this.end = p;
          this.widen();
          c = this.chars;
        }
        c[p++] = ch;
      }
      this.end = p;
    } else if (x instanceof Unknown) this.markUnknown(i, x);
    if (l >= LONG) {
      (this.long ??= new Map()).set(i, l);
      l = LONG;
    }
    this.len[i] = l;
    this.n = i + 1;
  }
  setUnknown(i: number, u: Unknown): void {
    this.markUnknown(i, u);
  }
  seal(): void {
    const n = this.n;
    this.len = fit(this.len, n);
    this.at = fit(this.at, (n + STEP - 1) >>> SHIFT);
    this.chars = fit(this.chars, this.end);
    this.buf = null;
  }
}

/**
 * Ids, and the names, ID numbers and phones among text: nearly one of each per
 * row, so kept in a pool, never in a dictionary (or a cache of parsed texts,
 * validate/table.ts). Other text (notes, project names) repeats.
 */
export function keptInPool(col: ColumnDef): boolean {
  return col.type.kind === 'id' || (col.type.kind === 'text' && (col.personal !== undefined || col.format !== undefined));
}

/** The form a column's values are kept in, from its contract type. */
export function columnFor(col: ColumnDef, size: number): Column {
  if (keptInPool(col)) return new PoolColumn(col.key, size);
  switch (col.type.kind) {
    case 'int':
    case 'number':
      return new FigureColumn(col.key, size);
    case 'bool':
      return new YesNoColumn(col.key, size);
    default:
      return new DictionaryColumn(col.key, size);
  }
}

/**
 * A column kept as a code per row (yes/no, words, dates, references, lists):
 * `codes[row]` indexes `values`. Code 0 is an empty cell (its value null) and
 * code 1 an unknown one, whose Unknown `get(row)` returns; every other code is
 * a value. Read-only, and read after the last row is in (the arrays are
 * replaced as they grow): the engine judges each distinct value once, then
 * each row by its code (src/engine/records.ts, perValue).
 */
export interface Coded {
  readonly codes: Uint8Array | Uint16Array | Int32Array;
  readonly values: readonly CellValue[];
}
/** The code of an unknown cell in a Coded column. */
export const UNKNOWN_CODE = UNKNOWN;
const YES_NO: readonly CellValue[] = Object.freeze([null, null, false, true]);

/**
 * A figure column's values by row: whole numbers, NO_FIGURE where a row holds
 * none (narrow), or doubles, NaN there (wide). A row holding none is empty or
 * unknown, as `get(row)` says. Read-only, and read after the last row is in.
 */
export type Figures = { readonly narrow: true; readonly values: Int32Array } | { readonly narrow: false; readonly values: Float64Array };
/** Where a narrow figure column's row holds no figure. */
export const NO_FIGURE = NONE;

/** Whether a column keeps figures (see Figures). */
export function hasFigures(col: Column): col is Column & { figures(): Figures } {
  return typeof (col as { figures?: unknown }).figures === 'function';
}

/** Whether a column keeps a code per row (see Coded). */
export function isCoded(col: Column): col is Column & { coded(): Coded } {
  return typeof (col as { coded?: unknown }).coded === 'function';
}
