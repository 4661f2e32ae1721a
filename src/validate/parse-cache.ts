/**
 * A column's cells as written → what its parser made of them. Most columns
 * repeat a few values (a village's id, 是/否, a status, a date), so each
 * distinct text is parsed once. A column whose texts are mostly distinct
 * stops caching after a sample, so a cache never holds a million keys.
 *
 * Two forms, one policy: keyed on the text (a cell read as text), and keyed
 * on the bytes (a cell of a UTF-8 file read as bytes, src/load/csv-bytes.ts),
 * which finds a repeated cell without making it a string at all.
 */
import { randomBytes } from 'node:crypto';
import type { CellValue } from '../model.js';
import type { CellFail, CellParser } from './cells.js';
import { grown } from '../store/columns.js';
import { textOfBytes } from '../load/csv-bytes.js';

/** Cells looked at before deciding; the cache stops when more than half of them were distinct. */
const SAMPLE = 4096;
/** Distinct cells kept at most. */
const MAX_KEYS = 65536;

type Parsed = CellValue | CellFail;

export class ParseCache {
  private map: Map<string, Parsed> | null = new Map();
  private calls = 0;
  constructor(private readonly parse: CellParser) {}
  get(cell: string): Parsed {
    const m = this.map;
    // A longer text is a view into the chunk of the file it came from (see own() in cells.ts): kept as a key, it would keep the chunk.
    if (m === null || cell.length >= 13) return this.parse(cell);
    if (++this.calls === SAMPLE && m.size > SAMPLE / 2) this.map = null;
    let v = m.get(cell);
    if (v === undefined) {
      v = this.parse(cell);
      if (m.size < MAX_KEYS) m.set(cell, v);
    }
    return v;
  }
}

/** Longer cells are parsed each time: a column of long repeated texts is rare, and the keys are copied. */
const MAX_BYTES = 64;
/** Slots probed at most: cells are data, so a file could be made of cells whose hashes collide; past this a cell is parsed as if new. */
const MAX_PROBES = 32;
const SEED = randomBytes(4).readInt32LE(0);

export class ByteParseCache {
  private slots = new Int32Array(256);
  private mask = 255;
  /** Per entry: its hash, its bytes' start in `keys` and their length, its value. */
  private hashes = new Int32Array(128);
  private starts = new Int32Array(128);
  private lengths = new Int32Array(128);
  private values: Parsed[] = [];
  private keys = new Uint8Array(4096);
  private used = 0;
  private calls = 0;
  private off = false;
  /** An empty cell's value, parsed once. */
  private empty: Parsed | undefined;
  /** The entry of the last cell found or added (-1: none): a column sorted by it (a village's id) repeats it row after row. */
  private last = -1;
  constructor(private readonly parse: CellParser) {}

  /** The parsed value of the cell `buf[s..e)`, valid UTF-8. */
  get(buf: Buffer, s: number, e: number): Parsed {
    const len = e - s;
    if (len === 0) return this.empty === undefined ? (this.empty = this.parse('')) : this.empty;
    const last = this.last;
    if (last >= 0 && this.lengths[last] === len && this.same(last, buf, s, len)) return this.values[last]!;
    if (this.off || len > MAX_BYTES) return this.parse(textOfBytes(buf, s, e));
    const n = this.values.length;
    if (++this.calls === SAMPLE && n > SAMPLE / 2) {
      this.stop();
      return this.parse(textOfBytes(buf, s, e));
    }
    let h = SEED;
    for (let i = s; i < e; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
    h ^= h >>> 15;
    const slots = this.slots;
    const mask = this.mask;
    let slot = h & mask;
    let probes = 0;
    for (; probes < MAX_PROBES; probes++) {
      const k = slots[slot]!;
      if (k === 0) break;
      const x = k - 1;
      if (this.hashes[x] === h && this.lengths[x] === len && this.same(x, buf, s, len)) {
        this.last = x;
        return this.values[x]!;
      }
      slot = (slot + 1) & mask;
    }
    const v = this.parse(textOfBytes(buf, s, e));
    if (probes < MAX_PROBES && n < MAX_KEYS) this.add(slot, h, buf, s, len, v);
    return v;
  }

  private same(x: number, buf: Buffer, s: number, len: number): boolean {
    const keys = this.keys;
    const at = this.starts[x]!;
    for (let i = 0; i < len; i++) if (keys[at + i] !== buf[s + i]) return false;
    return true;
  }

  private add(slot: number, h: number, buf: Buffer, s: number, len: number, v: Parsed): void {
    const x = this.values.length;
    if (x === this.hashes.length) {
      this.hashes = grown(this.hashes, x + 1);
      this.starts = grown(this.starts, x + 1);
      this.lengths = grown(this.lengths, x + 1);
    }
    if (this.used + len > this.keys.length) this.keys = grown(this.keys, this.used + len);
    buf.copy(this.keys, this.used, s, s + len);
    this.hashes[x] = h;
    this.starts[x] = this.used;
    this.lengths[x] = len;
    this.used += len;
    this.values.push(v);
    this.slots[slot] = x + 1;
    this.last = x;
    if ((x + 1) * 2 > this.slots.length) this.rehash();
  }

  private rehash(): void {
    const size = this.slots.length * 2;
    const slots = new Int32Array(size);
    const mask = size - 1;
    for (let x = 0; x < this.values.length; x++) {
      let i = this.hashes[x]! & mask;
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = x + 1;
    }
    this.slots = slots;
    this.mask = mask;
  }

  private stop(): void {
    this.off = true;
    this.last = -1;
    this.slots = new Int32Array(0);
    this.values = [];
    this.keys = new Uint8Array(0);
  }
}

