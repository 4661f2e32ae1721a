/**
 * A set of ids with the line each was first seen on: an open-addressing hash
 * table over an Int32Array. The ids themselves are read back from the column
 * that keeps them (keyOf), so a million household ids cost ~20 MB (slots, rows, hashes
 * and lines) and one pass; a Map<string, number> costs ~70 MB with its keys.
 *
 * The ids come from the data, so the hash is keyed with a secret drawn when the
 * process starts: with a fixed hash a file can hold ids that all land in one
 * probe chain, and loading 65,536 of them took 17 s instead of 12 ms.
 */
import { randomBytes } from 'node:crypto';
import { grown } from '../store/columns.js';

export class IdIndex {
  private slots: Int32Array;
  private mask: number;
  /** The ids, when no column holds them (keyOf absent). */
  private readonly keys: string[] = [];
  /** With keyOf: the row of each id, whose text the column keeps (no second copy of a million ids). */
  private rows: Int32Array | null;
  /** The first line of each id, in the order they came. */
  private lines: Int32Array;
  /**
   * The hash of each id: a probe compares ids only when their hashes are
   * equal, and growing re-places ids without reading them, so ids kept in a
   * column are read back once per duplicate, not at every probe.
   */
  private hashes: Int32Array;
  private n = 0;

  constructor(
    expected = 16,
    /** The id of a row, read back from the column that holds the ids (src/store/columns.ts). */
    private readonly keyOf?: (row: number) => string,
  ) {
    let size = 16;
    while (size < expected * 2) size *= 2;
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    this.rows = keyOf ? new Int32Array(Math.max(16, Math.ceil(expected))) : null;
    this.lines = new Int32Array(Math.max(16, Math.ceil(expected)));
    this.hashes = new Int32Array(this.lines.length);
  }

  get size(): number {
    return this.n;
  }

  private keyAt(k: number): string {
    return this.rows === null ? this.keys[k]! : this.keyOf!(this.rows[k]!);
  }

  /** Adds the id (of `row`, when the index reads ids from a column); returns -1 when new, else the line it was first seen on (and keeps that). */
  add(id: string, line: number, row = -1): number {
    if ((this.n + 1) * 2 > this.slots.length) this.grow();
    const slots = this.slots;
    const mask = this.mask;
    const h = hash(id);
    let i = h & mask;
    for (;;) {
      const s = slots[i]!;
      if (s === 0) {
        const k = this.n++;
        if (k === this.lines.length) {
          this.lines = grown(this.lines, k + 1);
          this.hashes = grown(this.hashes, k + 1);
        }
        this.lines[k] = line;
        this.hashes[k] = h;
        if (this.rows === null) this.keys.push(id);
        else {
          if (k === this.rows.length) this.rows = grown(this.rows, k + 1);
          this.rows[k] = row;
        }
        slots[i] = k + 1;
        return -1;
      }
      if (this.hashes[s - 1] === h && this.keyAt(s - 1) === id) return this.lines[s - 1]!;
      i = (i + 1) & mask;
    }
  }

  /** The line the id was first seen on, or -1. */
  lineOf(id: string): number {
    const slots = this.slots;
    const mask = this.mask;
    const h = hash(id);
    let i = h & mask;
    for (;;) {
      const s = slots[i]!;
      if (s === 0) return -1;
      if (this.hashes[s - 1] === h && this.keyAt(s - 1) === id) return this.lines[s - 1]!;
      i = (i + 1) & mask;
    }
  }

  has(id: string): boolean {
    return this.lineOf(id) !== -1;
  }

  private grow(): void {
    const size = this.slots.length * 2;
    const slots = new Int32Array(size);
    const mask = size - 1;
    for (let k = 0; k < this.n; k++) {
      let i = this.hashes[k]! & mask;
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = k + 1;
    }
    this.slots = slots;
    this.mask = mask;
  }
}

const KEY = randomBytes(8);
const K0 = KEY.readInt32LE(0);
const K1 = KEY.readInt32LE(4);

/** The hash state (module-level, so that a round is a plain function call). */
let v0 = 0;
let v1 = 0;
let v2 = 0;
let v3 = 0;

function sipRound(): void {
  v0 = (v0 + v1) | 0;
  v1 = ((v1 << 5) | (v1 >>> 27)) ^ v0;
  v0 = (v0 << 16) | (v0 >>> 16);
  v2 = (v2 + v3) | 0;
  v3 = ((v3 << 8) | (v3 >>> 24)) ^ v2;
  v0 = (v0 + v3) | 0;
  v3 = ((v3 << 7) | (v3 >>> 25)) ^ v0;
  v2 = (v2 + v1) | 0;
  v1 = ((v1 << 13) | (v1 >>> 19)) ^ v2;
  v2 = (v2 << 16) | (v2 >>> 16);
}

/**
 * HalfSipHash-1-3 (Aumasson and Bernstein's keyed hash for hash tables; the
 * Linux kernel's hsiphash) over the string's UTF-16LE bytes, a word being two
 * code units, keyed with a secret of this process: ids that collide cannot be
 * computed in advance. ~0.1 s per million ids. (With two rounds per word and
 * four at the end, this code gives the reference HalfSipHash-2-4 test vectors.)
 */
function hash(s: string): number {
  v0 = K0;
  v1 = K1;
  v2 = 0x6c796765 ^ K0;
  v3 = 0x74656462 ^ K1;
  const n = s.length;
  const end = n & ~1;
  let m: number;
  for (let i = 0; i < end; i += 2) {
    m = s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16);
    v3 ^= m;
    sipRound();
    v0 ^= m;
  }
  // The last word: the length in bytes (mod 256) in its top byte, an odd last code unit below.
  m = ((n << 25) & 0xff000000) | (n & 1 ? s.charCodeAt(end) : 0);
  v3 ^= m;
  sipRound();
  v0 ^= m;
  v2 ^= 0xff;
  sipRound();
  sipRound();
  sipRound();
  return v1 ^ v3;
}
