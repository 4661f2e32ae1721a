/**
 * A big UTF-8 CSV file read as bytes, never decoded whole (issue 11: the
 * scanner works on bytes and decodes only what it must).
 *
 * Every byte that CSV syntax gives a meaning to (`,`, a tab, `"`, CR, LF) is
 * ASCII, and in UTF-8 no byte of a multi-byte character is ASCII, so the
 * fields of a valid UTF-8 file can be found in its bytes, and each field's
 * bytes decode to exactly the text the text scanner (csv.ts) would have cut
 * from the decoded file. A record's cells are handed over as offsets into the
 * bytes: a column whose cells repeat (a village, 是/否, a status) is read
 * through a cache keyed on the bytes (src/validate/table.ts), so most cells
 * are never made into strings at all.
 *
 * Only for files the survey found strictly valid UTF-8 with no corrupt line
 * (src/load/stream.ts); every other file is decoded and read as text. The
 * records, cells, lines and problem are those of CsvScanner over the decoded
 * text (test/csv-bytes.test.ts checks it over random text cut anywhere).
 *
 * A record is handed over only when all of it is in the buffer; the bytes of
 * one that goes on past the buffer are read again with the next chunk. A
 * record longer than a chunk (a quote that opens and runs on, perhaps to the
 * end of the file) is given to the text scanner instead, from its first byte,
 * with the rest of the file: then a quote that never closes costs no more
 * memory than it does read as text.
 */
import { fstatSync, closeSync } from 'node:fs';
import { countNewlines, CsvScanner, inner, isBlank, type CsvRecordHandler, type CsvScanEnd } from './csv.js';
import { decodeFile, pieceDecoder, readAfter, releaseChunkBuffer, type CsvStream } from './stream.js';

/**
 * One record: cell i is `q[i]` when that is a string (a quoted field, its
 * quotes undone), else the bytes `buf[s[i]..e[i])`, valid UTF-8. Reused from
 * record to record: copy what you keep.
 */
export interface ByteRecord {
  buf: Buffer;
  n: number;
  s: Int32Array;
  e: Int32Array;
  q: (string | null)[];
}

/** Called for every non-blank record, the header included, as CsvRecordHandler is; `end` the file offset after it (for progress). */
export type ByteRecordHandler = (rec: ByteRecord, line: number, end: number) => void;

/** Cell i of a record as text. */
export function cellText(rec: ByteRecord, i: number): string {
  const q = rec.q[i];
  if (q !== null && q !== undefined) return q;
  return textOfBytes(rec.buf, rec.s[i]!, rec.e[i]!);
}

// Buffer's own slicers, without toString's argument checks (a third of the time for a short cell); toString where a Node lacks them.
type Slicer = (this: Buffer, start: number, end: number) => string;
const proto = Buffer.prototype as unknown as { latin1Slice?: Slicer; utf8Slice?: Slicer };
const latin1: Slicer = proto.latin1Slice ?? function (this: Buffer, s, e) { return this.toString('latin1', s, e); };
const utf8: Slicer = proto.utf8Slice ?? function (this: Buffer, s, e) { return this.toString('utf8', s, e); };

/** The text of the valid UTF-8 bytes `buf[s..e)`: an ASCII cell (an id, an ID number, a phone) is read byte for character, faster. */
export function textOfBytes(buf: Buffer, s: number, e: number): string {
  if (s === e) return '';
  let or = 0;
  for (let i = s; i < e; i++) or |= buf[i]!;
  return or < 0x80 ? latin1.call(buf, s, e) : utf8.call(buf, s, e);
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

/** How a buffer's scan stopped. */
const DONE = -1;
/** The scan of a buffer: the bytes it took (the rest begin a record the next chunk goes on with), or where a quote that never closes opens its record. */
interface Scanned {
  taken: number;
  /** The last buffer: the offset of the record a quote opened and never closed (DONE: none). */
  unclosedAt: number;
}

export class ByteCsvScanner {
  /** The editor line the next record starts on (or the empty lines before it). */
  line = 1;
  private readonly sep: number;
  private readonly rec: ByteRecord = { buf: Buffer.alloc(0), n: 0, s: new Int32Array(64), e: new Int32Array(64), q: [] };

  constructor(
    private readonly onRecord: ByteRecordHandler,
    delimiter: ',' | '\t' = ',',
  ) {
    this.sep = delimiter.charCodeAt(0);
  }

  /**
   * Scans the complete records of `buf` (the file's bytes from offset `base`).
   * Not `last`: a record that goes on past the end is left for the next call.
   */
  scan(buf: Buffer, base: number, last: boolean): Scanned {
    const SEP = this.sep;
    // Bytes above both the separator and CR are ordinary in an unquoted field: one comparison for most.
    const PLAIN = Math.max(SEP, CR);
    const rec = this.rec;
    rec.buf = buf;
    const len = buf.length;
    let pos = 0;
    let line = this.line;
    for (;;) {
      // Empty lines: skipped.
      if (pos >= len) break;
      let c = buf[pos]!;
      if (c === LF) {
        pos++;
        line++;
        continue;
      }
      if (c === CR) {
        if (pos + 1 < len) pos += buf[pos + 1] === LF ? 2 : 1;
        else if (last) pos++;
        else break; // the LF of a CRLF may be in the next chunk
        line++;
        continue;
      }
      const at = pos;
      let ln = line;
      let n = 0;
      let blank = true;
      let complete = false;
      fields: for (;;) {
        if (n === rec.s.length) this.grow();
        if (pos < len && buf[pos] === QUOTE) {
          // A quoted field: "" is a quote, up to the closing quote.
          let a = pos + 1;
          let acc = '';
          let after: number;
          for (;;) {
            const qi = buf.indexOf(QUOTE, a);
            if (qi === -1) {
              if (last) {
                this.line = line;
                return { taken: at, unclosedAt: at };
              }
              break fields;
            }
            if (qi + 1 >= len && !last) break fields; // a closing quote, or the first of "": the next chunk says
            if (qi > a) acc += buf.toString('utf8', a, qi);
            const next = qi + 1 < len ? buf[qi + 1]! : -1;
            if (next === QUOTE) {
              acc += '"';
              a = qi + 2;
              continue;
            }
            pos = qi + 1;
            after = next;
            break;
          }
          let value = acc.length === 0 ? '' : inner(acc);
          if (after !== -1 && after !== SEP && after !== LF && after !== CR) {
            // A closing quote followed by text: taken literally up to the field's end.
            const x = fieldEnd(buf, pos, SEP, PLAIN);
            if (x === len && !last) break fields;
            value = '"' + value + '"' + buf.toString('utf8', pos, x);
            pos = x;
          }
          // Lines inside the quotes.
          if (value.length > 0) ln += countNewlines(value);
          rec.q[n] = value;
          rec.s[n] = rec.e[n] = 0;
          if (blank && value.length > 0 && !isBlank(value)) blank = false;
        } else {
          const x = fieldEnd(buf, pos, SEP, PLAIN);
          if (x === len && !last) break fields;
          rec.q[n] = null;
          rec.s[n] = pos;
          rec.e[n] = x;
          if (blank && x > pos) {
            const b = buf[pos]!;
            // As isBlank: an ASCII letter, digit or sign is not blank; anything else is decoded and trimmed.
            if ((b > 32 && b < 127) || !isBlank(buf.toString('utf8', pos, x))) blank = false;
          }
          pos = x;
        }
        n++;
        // The end of the file (only in the last buffer: in others a field at the end is read on).
        if (pos >= len) {
          complete = true;
          break;
        }
        c = buf[pos]!;
        if (c === SEP) {
          pos++;
          continue;
        }
        // A line end.
        if (c === CR) {
          if (pos + 1 < len) pos += buf[pos + 1] === LF ? 2 : 1;
          else if (last) pos++;
          else break;
        } else pos++;
        ln++;
        complete = true;
        break;
      }
      if (!complete) {
        // The record goes on in the next chunk: read again from its start.
        this.line = line;
        return { taken: at, unclosedAt: DONE };
      }
      const start = line;
      line = ln;
      if (!blank) {
        rec.n = n;
        this.onRecord(rec, start, base + pos);
      }
    }
    this.line = line;
    return { taken: pos, unclosedAt: DONE };
  }

  private grow(): void {
    const r = this.rec;
    const s = new Int32Array(r.s.length * 2);
    s.set(r.s);
    const e = new Int32Array(r.e.length * 2);
    e.set(r.e);
    r.s = s;
    r.e = e;
  }
}

/** Where an unquoted field starting at `from` ends: at the separator or line end after it, or the end of `buf`. */
function fieldEnd(buf: Buffer, from: number, SEP: number, PLAIN: number): number {
  const len = buf.length;
  let x = from;
  while (x < len) {
    const d = buf[x]!;
    if (d <= PLAIN && (d === SEP || d === LF || d === CR)) break;
    x++;
  }
  return x;
}

/**
 * Reads a surveyed UTF-8 file as bytes, a chunk at a time, handing each record
 * to `onBytes`; from a record longer than a chunk, or a quote that never
 * closes, to the end, the file is decoded and read by the text scanner, whose
 * records go to `onCells`. Closes the file. `same`: false when it changed
 * since the survey (its size or modification time).
 */
export function readCsvBytes(
  src: CsvStream,
  delimiter: ',' | '\t',
  onBytes: ByteRecordHandler,
  onCells: CsvRecordHandler,
): { end: CsvScanEnd; same: boolean } {
  const fd = src.fd;
  const chunk = src.chunkBytes;
  try {
    const scanner = new ByteCsvScanner(onBytes, delimiter);
    // The BOM of a utf-8-bom file is not text.
    let read = src.codec === 'utf-8-bom' ? Math.min(3, src.bytes) : 0;
    let buf: Buffer = Buffer.allocUnsafe(chunk + 8);
    let kept = 0;
    let end: CsvScanEnd = { problem: null, swallowed: [] };
    for (;;) {
      const want = Math.min(chunk, src.bytes - read);
      let n: number;
      ({ buf, n } = readAfter(fd, buf, kept, want, read));
      read += n;
      const last = n < want || read >= src.bytes;
      const view = buf.subarray(0, kept + n);
      const base = read - view.length;
      const got = scanner.scan(view, base, last);
      if (got.unclosedAt !== DONE) {
        read = textFrom(src, base + got.unclosedAt, scanner.line, delimiter, onCells, (e) => (end = e));
        break;
      }
      if (last) break;
      kept = view.length - got.taken;
      if (kept > chunk) {
        // One record longer than a chunk: read as text from its start.
        read = textFrom(src, base + got.taken, scanner.line, delimiter, onCells, (e) => (end = e));
        break;
      }
      buf.copyWithin(0, got.taken, view.length);
    }
    const st = fstatSync(fd);
    return { end, same: read === src.bytes && st.size === src.bytes && st.mtimeMs === src.mtimeMs };
  } finally {
    // The survey's chunk buffer, not used here: let go like the text reader does.
    releaseChunkBuffer();
    closeSync(fd);
  }
}

/** The rest of the file from byte `from` (a record's start, on editor line `line`) decoded and scanned as text; the bytes read to. */
function textFrom(src: CsvStream, from: number, line: number, delimiter: ',' | '\t', onCells: CsvRecordHandler, done: (end: CsvScanEnd) => void): number {
  const scanner = new CsvScanner(onCells, delimiter, { line, base: from });
  return decodeFile(src.fd, pieceDecoder('utf-8'), src.chunkBytes, (text, last) => (last ? done(scanner.end(text)) : scanner.write(text)), {
    from,
    limit: src.bytes,
  });
}
