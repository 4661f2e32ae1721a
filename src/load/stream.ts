/**
 * A CSV table read in chunks, with no size cap but the machine's (issue 11).
 *
 * A file that fits in one chunk is read whole, as it always was
 * (src/load/folder.ts: decodeBytes, then the scanner over the text). A bigger
 * one is read twice, a chunk at a time, never whole:
 *
 * 1. here, when the folder is read (`surveyCsv`): its hash and size, and
 *    every decision decodeBytes makes over the whole file, made the same way
 *    over the chunks: binary or text, the encoding (strict UTF-8 over ALL the
 *    bytes, the line-by-line vote, GB18030), its corrupt lines, whether it is
 *    empty, and the field separator;
 * 2. when the table is validated (`readPieces`, src/validate/table.ts): the
 *    chunks decoded one after the other into pieces of text that the CSV
 *    scanner takes as they come (src/load/csv.ts, CsvScanner).
 *
 * Decoding in pieces gives exactly the text decodeBytes gives: a multi-byte
 * character cut by a chunk's end is held until the next chunk completes it,
 * a UTF-16 surrogate pair likewise, and a GB18030 file goes through the
 * decoder decodeBytes would have used (Node's own when every byte is valid
 * and none of the characters GB18030-2022 moved appears, iconv-lite
 * otherwise), in streaming mode. test/load-stream.test.ts checks it with
 * chunks of a few bytes against decodeBytes.
 *
 * The descriptor opened for the survey stays open until the table is read
 * (the same file, even if its name is swapped meanwhile); if the file's size
 * or modification time changed between the two reads, the table's reader
 * says so (`file-changed`).
 */
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, readSync } from 'node:fs';
import { isAscii, isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import {
  controlHeavy,
  delimiterOf,
  hasSignature,
  LONE_SURROGATE,
  MOVED_IN_2022,
  REPLACEMENT,
  SNIFF,
  type BadLine,
  type ForcedEncoding,
  type TextEncoding,
} from './encoding.js';

/**
 * Bytes read at a time: a file up to this size is read whole. Tests force it
 * small (LoadOptions.chunkBytes). 8 MB: the decoded text of a chunk is held
 * while its rows go into columns, and Chinese text is two bytes a character.
 */
export const DEFAULT_CHUNK_BYTES = 8 * 1024 * 1024;

/** How the pieces of a file are decoded. */
export type PieceCodec = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'gb18030-native' | 'gb18030-iconv';

/** A CSV file surveyed and left open, to be read in chunks when it is validated. */
export interface CsvStream {
  fd: number;
  /** Its size and modification time when it was surveyed. */
  bytes: number;
  mtimeMs: number;
  codec: PieceCodec;
  chunkBytes: number;
}

/** What the survey found: the same decisions decodeBytes makes, without the text. */
export type Survey =
  | { binary: true }
  | { empty: true }
  | { sha256: string; bytes: number; encoding: TextEncoding; codec: PieceCodec; bad?: BadLine[]; delimiter: ',' | '\t' };

// ---------------------------------------------------------------------------------------------
// Chunks

/** Reads into `buf` from `position` until it is full or the file ends; the number of bytes read. */
export function readFull(fd: number, buf: Buffer, position: number): number {
  let got = 0;
  while (got < buf.length) {
    const n = readSync(fd, buf, got, buf.length - got, position + got);
    if (n === 0) break;
    got += n;
  }
  return got;
}

/**
 * Reads up to `want` bytes from file offset `at` into `buf` after its first
 * `kept` bytes (the end of the last chunk, still needed), in a bigger buffer
 * holding those when it has no room: the buffer and the bytes read.
 */
export function readAfter(fd: number, buf: Buffer, kept: number, want: number, at: number): { buf: Buffer; n: number } {
  if (buf.length < kept + want) {
    const bigger = Buffer.allocUnsafe(kept + want + 8);
    buf.copy(bigger, 0, 0, kept);
    buf = bigger;
  }
  return { buf, n: want > 0 ? readFull(fd, buf.subarray(kept, kept + want), at) : 0 };
}

/**
 * The one buffer big files are read into, a chunk at a time: files are
 * surveyed one after another and read one after another, synchronously, so
 * they can share it. Let go after each file is read (readPieces).
 */
let pool: Buffer | null = null;
export function chunkBuffer(chunkBytes: number): Buffer {
  if (pool === null || pool.length < chunkBytes + 8) pool = Buffer.allocUnsafe(chunkBytes + 8);
  return pool;
}
/** Lets the chunk buffer go once a file is read. */
export function releaseChunkBuffer(): void {
  pool = null;
}

/** The chunks of a file from `position`, each read into the chunk buffer (a chunk is gone when the next is read). */
function* chunks(fd: number, chunkBytes: number, position: number): Generator<Buffer> {
  let at = position;
  for (;;) {
    const buf = chunkBuffer(chunkBytes);
    const n = readFull(fd, buf.subarray(0, chunkBytes), at);
    if (n === 0) return;
    at += n;
    yield buf.subarray(0, n);
    if (n < chunkBytes) return;
  }
}

// ---------------------------------------------------------------------------------------------
// UTF-8 in pieces

/** Bytes a UTF-8 sequence starting with `lead` has (0: not a lead byte). */
function seqLength(lead: number): number {
  return lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
}

/** Whether `b` can be byte `i` (1, 2 or 3) of the sequence starting with `lead` (the second byte's range depends on the lead). */
function continues(lead: number, i: number, b: number): boolean {
  if (i !== 1) return b >= 0x80 && b <= 0xbf;
  const lo = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
  const hi = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
  return b >= lo && b <= hi;
}

/**
 * Where `b` can be cut so that both sides decode as they would together: its
 * length, or the start of a sequence at its end that is valid so far but
 * incomplete (the next bytes may complete it).
 */
export function utf8Cut(b: Uint8Array): number {
  const len = b.length;
  let i = len - 1;
  let k = 0;
  while (i >= 0 && k < 3 && (b[i]! & 0xc0) === 0x80) {
    i--;
    k++;
  }
  if (i < 0) return len;
  const lead = b[i]!;
  const need = seqLength(lead);
  if (need === 0 || len - i >= need) return len;
  if (len - i >= 2 && !continues(lead, 1, b[i + 1]!)) return len;
  return i;
}

/**
 * The bytes held from the last chunk (an incomplete sequence) and the start
 * of this one: the held sequence with the bytes of `b` that continue it, and
 * how many of `b` those are; null when `b` ends before the sequence does.
 */
function complete(held: Buffer, b: Buffer): { head: Buffer; used: number } | null {
  const lead = held[0]!;
  const need = seqLength(lead);
  let k = 0;
  while (held.length + k < need && k < b.length && continues(lead, held.length + k, b[k]!)) k++;
  if (held.length + k < need && k === b.length) return null;
  return { head: Buffer.concat([held, b.subarray(0, k)]), used: k };
}

/** Strict UTF-8 validity over chunks: true at the end when all the bytes are valid UTF-8 (what isUtf8 says of them together). */
export class Utf8Check {
  valid = true;
  private held: Buffer | null = null;
  push(chunk: Buffer): void {
    if (!this.valid || chunk.length === 0) return;
    let b = chunk;
    if (this.held !== null) {
      const c = complete(this.held, b);
      if (c === null) {
        this.held = Buffer.concat([this.held, b]);
        return;
      }
      this.held = null;
      if (!isUtf8(c.head)) {
        this.valid = false;
        return;
      }
      b = b.subarray(c.used);
    }
    const cut = utf8Cut(b);
    if (!isUtf8(cut === b.length ? b : b.subarray(0, cut))) this.valid = false;
    else if (cut < b.length) this.held = Buffer.from(b.subarray(cut));
  }
  end(): boolean {
    if (this.held !== null) this.valid = false;
    this.held = null;
    return this.valid;
  }
}

// ---------------------------------------------------------------------------------------------
// Decoding in pieces

/**
 * Decodes a file a chunk at a time. Each call gets the bytes it kept from the
 * last call followed by the new ones, in one buffer, and decodes them into one
 * string (never a string joined to another: the scanner's first slice of a
 * joined string would copy the whole piece), keeping back the bytes at the end
 * that the next chunk may complete. `last`: the file ends with these bytes.
 */
export interface PieceDecoder {
  decode(buf: Buffer, last: boolean): { text: string; keep: number };
  /** UTF-16: an unpaired surrogate or an odd last byte was replaced (decodeBytes' "not well formed"). */
  replaced: boolean;
}

/** Skips the first `n` bytes of a file (a BOM) across calls; the offset in `buf` where its text starts. */
class Skip {
  constructor(private n: number) {}
  from(buf: Buffer): number {
    const s = Math.min(this.n, buf.length);
    this.n -= s;
    return s;
  }
}

/** UTF-8 as Buffer#toString decodes it (an invalid sequence becomes U+FFFD); `bom`: its first 3 bytes skipped. */
class Utf8Pieces implements PieceDecoder {
  replaced = false;
  private readonly skip: Skip;
  constructor(bom: boolean) {
    this.skip = new Skip(bom ? 3 : 0);
  }
  decode(buf: Buffer, last: boolean): { text: string; keep: number } {
    const start = this.skip.from(buf);
    const b = start === 0 ? buf : buf.subarray(start);
    const cut = last ? b.length : utf8Cut(b);
    return { text: b.toString('utf8', 0, cut), keep: b.length - cut };
  }
}

const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

/** UTF-16 after its BOM, as decodeBytes reads it: an unpaired surrogate, or an odd last byte, becomes U+FFFD. */
class Utf16Pieces implements PieceDecoder {
  replaced = false;
  private readonly skip = new Skip(2);
  constructor(private readonly le: boolean) {}
  decode(buf: Buffer, last: boolean): { text: string; keep: number } {
    const start = this.skip.from(buf);
    const b = start === 0 ? buf : buf.subarray(start);
    let even = b.length - (b.length % 2);
    if (!last && even >= 2) {
      // A high surrogate at the end waits for the low one.
      const unit = this.le ? b[even - 2]! | (b[even - 1]! << 8) : (b[even - 2]! << 8) | b[even - 1]!;
      if (unit >= 0xd800 && unit <= 0xdbff) even -= 2;
    }
    const units = b.subarray(0, even);
    let text = this.le ? units.toString('utf16le') : Buffer.from(units).swap16().toString('utf16le');
    if (LONE_SURROGATE.test(text)) {
      this.replaced = true;
      text = text.replace(LONE_SURROGATES, REPLACEMENT);
    }
    if (last && even < b.length) {
      // An odd last byte.
      this.replaced = true;
      text += REPLACEMENT;
    }
    return { text, keep: last ? 0 : b.length - even };
  }
}

/** Node's own GB18030 decoder, strict, in streaming mode (it keeps what it needs itself): throws at an invalid byte. */
class GbNativePieces implements PieceDecoder {
  replaced = false;
  private readonly d = new TextDecoder('gb18030', { fatal: true });
  decode(buf: Buffer, last: boolean): { text: string; keep: number } {
    return { text: this.d.decode(buf, { stream: !last }), keep: 0 };
  }
}

/** Bytes kept at most while waiting for a byte below 0x30 (a CSV file has line ends, commas, spaces). */
const GB_KEEP_MAX = 1024 * 1024;

/**
 * iconv-lite's GB18030 decoder, given the file a part at a time, each part
 * ending on a byte below 0x30: no GB18030 sequence holds such a byte past its
 * first, so the decoder has nothing pending there and decodes the rest as
 * iconv.decode does. (Fed across any other cut, iconv-lite's streaming decoder
 * loses a byte after an invalid sequence: [0x81] then [0x00] gives "\ufffd",
 * where iconv.decode gives "\ufffd\u0000".)
 */
class GbIconvPieces implements PieceDecoder {
  replaced = false;
  private readonly d = iconv.getDecoder('gb18030');
  decode(buf: Buffer, last: boolean): { text: string; keep: number } {
    if (last) return { text: this.d.write(buf) + (this.d.end() ?? ''), keep: 0 };
    let cut = buf.length;
    while (cut > 0 && buf[cut - 1]! >= 0x30 && buf.length - cut < GB_KEEP_MAX) cut--;
    if (cut === 0 && buf.length < GB_KEEP_MAX) return { text: '', keep: buf.length };
    if (cut === 0) cut = buf.length;
    return { text: cut === 0 ? '' : this.d.write(buf.subarray(0, cut)), keep: buf.length - cut };
  }
}

/** Whether this Node has its own GB18030 decoder (ICU). */
const HAS_NATIVE_GB18030 = (() => {
  try {
    new TextDecoder('gb18030', { fatal: true });
    return true;
  } catch {
    return false;
  }
})();

export function pieceDecoder(codec: PieceCodec): PieceDecoder {
  switch (codec) {
    case 'utf-8':
      return new Utf8Pieces(false);
    case 'utf-8-bom':
      return new Utf8Pieces(true);
    case 'utf-16le':
      return new Utf16Pieces(true);
    case 'utf-16be':
      return new Utf16Pieces(false);
    case 'gb18030-native':
      return new GbNativePieces();
    case 'gb18030-iconv':
      return new GbIconvPieces();
  }
}

/**
 * Reads the file in chunks, from its start or from byte `from`, and decodes
 * them, handing each piece of text to `onText` (`last` once, with the last
 * piece, possibly empty); stops early when `onText` returns false. `buf`: a
 * buffer to read into (grown when the bytes kept back need room), `limit`: the
 * offset to read to at most, `firstBytes`: the size of the first read. The
 * offset read to.
 */
export function decodeFile(
  fd: number,
  dec: PieceDecoder,
  chunkBytes: number,
  onText: (text: string, last: boolean, bytesRead: number) => boolean | void,
  opts: { buf?: Buffer; limit?: number; firstBytes?: number; from?: number } = {},
): number {
  const limit = opts.limit ?? Infinity;
  const from = opts.from ?? 0;
  let buf = opts.buf ?? Buffer.allocUnsafe(Math.min(opts.firstBytes ?? chunkBytes, chunkBytes) + 8);
  let want = opts.firstBytes ?? chunkBytes;
  let read = from;
  let kept = 0;
  for (;;) {
    want = Math.min(want, limit - read);
    let n: number;
    ({ buf, n } = readAfter(fd, buf, kept, want, read));
    read += n;
    const last = n < want || read >= limit;
    const { text, keep } = dec.decode(buf.subarray(0, kept + n), last);
    if (onText(text, last, read) === false || last) return read;
    if (keep > 0) buf.copyWithin(0, kept + n - keep, kept + n);
    kept = keep;
    want = chunkBytes;
  }
}

// ---------------------------------------------------------------------------------------------
// Corrupt lines in pieces

const LF = 10;
const CR = 13;

/** Whitespace as String#trim and /\s/ see it. */
function isSpace(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/**
 * The corrupt lines of a text fed in pieces, as badLines (encoding.ts) finds
 * them in the whole text: per line (ended by LF, CRLF or a lone CR), the
 * column of its first U+FFFD (when `replaced`) or NUL (when `nul`); and the
 * number of non-blank lines, which decides whether a file of corrupt lines
 * is binary.
 */
export class BadLineFinder {
  readonly bad: BadLine[] = [];
  nonEmpty = 0;
  private line = 1;
  /** Characters of the current line in earlier pieces. */
  private col = 0;
  private lineBad = false;
  private lineFull = false;
  private cr = false;
  constructor(
    private readonly replaced: boolean,
    private readonly nul: boolean,
  ) {}
  push(text: string): void {
    const len = text.length;
    let i = 0;
    if (this.cr && len > 0) {
      this.cr = false;
      if (text.charCodeAt(0) === LF) i = 1;
    }
    let lineStart = i;
    for (; i < len; i++) {
      const c = text.charCodeAt(i);
      if (c === LF || c === CR) {
        this.endLine();
        if (c === CR) {
          if (i + 1 < len) {
            if (text.charCodeAt(i + 1) === LF) i++;
          } else this.cr = true;
        }
        lineStart = i + 1;
        continue;
      }
      if (!this.lineFull && !isSpace(c)) this.lineFull = true;
      if (!this.lineBad && ((this.nul && c === 0) || (this.replaced && c === 0xfffd))) {
        this.lineBad = true;
        this.bad.push({ line: this.line, column: this.col + (i - lineStart) + 1, reason: c === 0 ? 'nul' : 'invalid' });
      }
    }
    this.col += len - lineStart;
  }
  end(): void {
    if (this.lineFull) this.nonEmpty++;
    this.lineFull = false;
  }
  private endLine(): void {
    if (this.lineFull) this.nonEmpty++;
    this.line++;
    this.col = 0;
    this.lineBad = false;
    this.lineFull = false;
  }
}

// ---------------------------------------------------------------------------------------------
// The survey

/**
 * decodeBytes' line-by-line vote (mostlyUtf8), over the chunks of the file:
 * are its non-ASCII lines mostly valid UTF-8? Decided early once 256 of them
 * are 8 to 1 either way.
 */
function mostlyUtf8(fd: number, chunkBytes: number): boolean {
  let valid = 0;
  let invalid = 0;
  /** The line a chunk ended in: its length so far, whether it is ASCII so far, its UTF-8 check. */
  let length = 0;
  let ascii = true;
  let check: Utf8Check | null = null;
  const vote = (ok: boolean): boolean => {
    if (ok) valid++;
    else invalid++;
    return valid + invalid >= 256 && (valid >= 8 * invalid || invalid >= 8 * valid);
  };
  /** The end of a line that started in an earlier chunk (its last part `seg`); true when the vote is decided. */
  const endLong = (seg: Buffer): boolean => {
    length += seg.length;
    if (seg.length > 0) {
      ascii &&= isAscii(seg);
      check!.push(seg);
    }
    const ok = check!.end();
    const decided = length > 0 && !ascii && vote(ok);
    length = 0;
    ascii = true;
    check = null;
    return decided;
  };
  for (const c of chunks(fd, chunkBytes, 0)) {
    let start = 0;
    const len = c.length;
    let lf = c.indexOf(0x0a);
    let cr = c.indexOf(0x0d);
    while (start <= len) {
      if (lf !== -1 && lf < start) lf = c.indexOf(0x0a, start);
      if (cr !== -1 && cr < start) cr = c.indexOf(0x0d, start);
      const end = lf === -1 ? (cr === -1 ? -1 : cr) : cr === -1 ? lf : Math.min(lf, cr);
      if (end === -1) {
        // The line goes on in the next chunk.
        if (start < len) {
          const seg = c.subarray(start);
          length += seg.length;
          ascii &&= isAscii(seg);
          (check ??= new Utf8Check()).push(seg);
        }
        break;
      }
      const seg = c.subarray(start, end);
      if (check !== null) {
        if (endLong(seg)) return valid >= invalid;
      } else if (seg.length > 0 && !isAscii(seg) && vote(isUtf8(seg))) return valid >= invalid;
      start = end + 1;
    }
  }
  if (check !== null) endLong(Buffer.alloc(0));
  return valid >= invalid;
}

/**
 * Surveys a CSV file bigger than one chunk, from its open descriptor (`first`:
 * its first chunk, already read): see the module comment. `size`: its size
 * when opened (a file of NUL bytes is refused as soon as they are more than a
 * tenth of it).
 */
export function surveyCsv(fd: number, first: Buffer, size: number, chunkBytes: number, forced?: ForcedEncoding): Survey {
  // 1. The bytes: hash, size, NUL bytes, strict UTF-8, the first 64 KB for the signatures.
  const hash = createHash('sha256');
  const utf8 = new Utf8Check();
  const headParts: Buffer[] = [];
  let headLength = 0;
  let head: Buffer | null = null;
  let total = 0;
  let nul = 0;
  /** Whether it starts with a UTF-16 BOM, once its first two bytes are read. */
  let bom16: boolean | null = null;
  const rest = chunks(fd, chunkBytes, first.length);
  for (let c: Buffer | undefined = first; c !== undefined; c = next(rest)) {
    if (head === null) {
      const take = Math.min(SNIFF - headLength, c.length);
      headParts.push(Buffer.from(c.subarray(0, take)));
      headLength += take;
      if (bom16 === null && headLength >= 2) bom16 = isBom16(Buffer.concat(headParts));
      if (headLength === SNIFF) {
        head = Buffer.concat(headParts);
        if (hasSignature(head) || controlHeavy(head)) return { binary: true };
      }
    }
    if (bom16 !== true) nul += countNul(c);
    total += c.length;
    // More than a tenth NUL bytes (not in UTF-16): binary, without reading the rest.
    if (bom16 === false && nul * 10 > Math.max(size, total)) return { binary: true };
    hash.update(c);
    utf8.push(c);
  }
  head ??= Buffer.concat(headParts);
  if (hasSignature(head) || controlHeavy(head)) return { binary: true };
  const utf16 = isBom16(head);
  if (!utf16 && nul * 10 > total) return { binary: true };
  const allUtf8 = utf8.end();

  // 2. The encoding, as decodeBytes chooses it.
  const isForced = forced !== undefined;
  let encoding: TextEncoding;
  let replaced: boolean;
  let strict = isForced;
  if (utf16) {
    encoding = head[0] === 0xff ? 'utf-16le' : 'utf-16be';
    replaced = false; // known once decoded
    strict = false;
  } else if (forced === 'gbk' || forced === 'gb18030') {
    encoding = 'gb18030';
    replaced = true;
  } else if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) {
    encoding = 'utf-8-bom';
    replaced = !allUtf8;
  } else if (allUtf8) {
    encoding = 'utf-8';
    replaced = false;
  } else if (forced === 'utf8' || mostlyUtf8(fd, chunkBytes)) {
    encoding = 'utf-8';
    replaced = true;
  } else {
    encoding = 'gb18030';
    replaced = true;
    strict = false;
  }
  const hasNul = utf16 || nul > 0;

  // 3. The text, decoded in chunks: empty or not, the field separator, the corrupt lines.
  let codec: PieceCodec = encoding === 'gb18030' ? (HAS_NATIVE_GB18030 ? 'gb18030-native' : 'gb18030-iconv') : encoding;
  let got = decodeAll(fd, codec, chunkBytes, replaced || hasNul ? new BadLineFinder(replaced, hasNul) : null);
  if (got === 'iconv') {
    // An invalid byte, or a character GB18030-2022 moved: decodeBytes reads such a file with iconv-lite.
    codec = 'gb18030-iconv';
    got = decodeAll(fd, codec, chunkBytes, new BadLineFinder(true, hasNul));
  }
  let text = got as Decoding;
  if (utf16 && text.replaced) {
    // Not well formed: its U+FFFD mark corrupt bytes too (decodeBytes decides that on the whole text).
    text = decodeAll(fd, codec, chunkBytes, new BadLineFinder(true, hasNul)) as Decoding;
  }
  const finder = text.finder;
  if (finder !== null && finder.bad.length > 0 && !strict && finder.bad.length * 2 > finder.nonEmpty) return { binary: true };
  if (!text.full) return { empty: true };
  return {
    sha256: hash.digest('hex'),
    bytes: total,
    encoding,
    codec,
    ...(finder !== null && finder.bad.length > 0 ? { bad: finder.bad } : {}),
    delimiter: delimiterOf(text.head, encoding),
  };
}

/** NUL bytes in `c` (a run of them counted in a plain loop: an indexOf per byte is slow on a sparse file's zeros). */
function countNul(c: Buffer): number {
  let n = 0;
  const len = c.length;
  for (let i = c.indexOf(0); i !== -1; i = i < len ? c.indexOf(0, i) : -1) {
    let j = i + 1;
    while (j < len && c[j] === 0) j++;
    n += j - i;
    i = j;
  }
  return n;
}

function isBom16(h: Buffer): boolean {
  return h.length >= 2 && ((h[0] === 0xff && h[1] === 0xfe) || (h[0] === 0xfe && h[1] === 0xff));
}

function next(it: Iterator<Buffer>): Buffer | undefined {
  const r = it.next();
  return r.done ? undefined : r.value;
}

interface Decoding {
  /** The first SNIFF characters. */
  head: string;
  /** Some character is not whitespace. */
  full: boolean;
  replaced: boolean;
  finder: BadLineFinder | null;
}

/**
 * Decodes the file in chunks for the survey: all of it when `finder` looks
 * for corrupt lines, else until a non-blank character and SNIFF characters
 * are seen. 'iconv' when a GB18030 file must be read with iconv-lite.
 */
function decodeAll(fd: number, codec: PieceCodec, chunkBytes: number, finder: BadLineFinder | null): Decoding | 'iconv' {
  const dec = pieceDecoder(codec);
  const native = codec === 'gb18030-native';
  let head = '';
  let full = false;
  let moved = false;
  let done = false;
  try {
    decodeFile(
      fd,
      dec,
      chunkBytes,
      (piece, last) => {
        if (native && MOVED_IN_2022.test(piece)) return !(moved = true);
        if (head.length < SNIFF) head += piece.length <= SNIFF - head.length ? piece : piece.slice(0, SNIFF - head.length);
        if (!full && /\S/.test(piece)) full = true;
        finder?.push(piece);
        done = last;
        // Without corrupt lines to find, a first chunk of 1 MB usually settles it.
        return finder !== null || !full || head.length < SNIFF;
      },
      { buf: chunkBuffer(chunkBytes), firstBytes: finder === null ? Math.min(chunkBytes, 1024 * 1024) : chunkBytes },
    );
  } catch (e) {
    if (native && e instanceof TypeError) return 'iconv';
    throw e;
  }
  if (moved) return 'iconv';
  if (done) finder?.end();
  return { head, full, replaced: dec.replaced, finder };
}

// ---------------------------------------------------------------------------------------------
// The read

/**
 * Reads a surveyed file in chunks, handing each piece of text to `write` and
 * the last to `end`, then closes it. Returns false when the file changed
 * since the survey (its size or modification time), or a GB18030 file no
 * longer decodes as it did.
 */
export function readPieces(src: CsvStream, write: (text: string, bytesRead: number) => void, end: (text: string) => void): boolean {
  const fd = src.fd;
  try {
    let read = 0;
    try {
      read = decodeFile(fd, pieceDecoder(src.codec), src.chunkBytes, (text, last, bytesRead) => (last ? end(text) : write(text, bytesRead)), {
        buf: chunkBuffer(src.chunkBytes),
        limit: src.bytes,
      });
    } catch (e) {
      if (src.codec === 'gb18030-native' && e instanceof TypeError) return false;
      throw e;
    }
    const st = fstatSync(fd);
    return read === src.bytes && st.size === src.bytes && st.mtimeMs === src.mtimeMs;
  } finally {
    releaseChunkBuffer();
    closeSync(fd);
  }
}
