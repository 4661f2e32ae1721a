/**
 * Turns a file's bytes into text: UTF-8 (with or without BOM), GB18030/GBK
 * (what Excel on a Chinese Windows writes) or UTF-16 with a BOM (Excel's
 * "Unicode 文本"). A few corrupt lines (bytes that are not text in the
 * encoding, or NUL bytes) do not stop the file: they are listed, by editor
 * line, for the table readers to report and leave out. Binary files are
 * refused whole.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import type { DataError } from '../model.js';
import { dataError } from '../validate/errors.js';

export type ForcedEncoding = 'utf8' | 'gbk' | 'gb18030';
export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'gb18030' | 'utf-16le' | 'utf-16be';

/** A line holding bytes that are not text: where the first bad character is (1-based, as an editor counts). */
export interface BadLine {
  line: number;
  column: number;
  /** `invalid`: bytes that are not a character of the encoding; `nul`: a NUL byte. */
  reason: 'invalid' | 'nul';
}

/** Text (`bad` lists its corrupt lines, absent when there are none), or a file refused as binary. */
export type Decoded = { text: string; encoding: TextEncoding; bad?: BadLine[] } | { binary: true };

export const SNIFF = 64 * 1024;
export const REPLACEMENT = '\ufffd';
export const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Files that are certainly not text, by their first bytes: zip (.xlsx, .docx),
 * OLE2 (.xls, .doc), PDF, PNG, JPEG, GIF, gzip.
 */
const SIGNATURES: readonly number[][] = [
  [0x50, 0x4b, 0x03, 0x04],
  [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
  [0x25, 0x50, 0x44, 0x46, 0x2d],
  [0x89, 0x50, 0x4e, 0x47],
  [0xff, 0xd8, 0xff],
  [0x47, 0x49, 0x46, 0x38],
  [0x1f, 0x8b],
];

/**
 * Detection: a BOM (UTF-8, UTF-16LE, UTF-16BE); else strict UTF-8 over ALL
 * bytes (a GBK file may be ASCII for its first 64 KB); else, line by line,
 * UTF-8 when at least as many non-ASCII lines are valid UTF-8 as are not (a
 * UTF-8 export with a few corrupt lines), GB18030 otherwise. `forced` skips
 * detection (a UTF-16 BOM still wins: it cannot be anything else).
 *
 * Binary, refused whole: a known binary signature (zip/xlsx, OLE2/xls, ...);
 * more than 1 in 20 of the first 64 KB being control characters other than
 * NUL, tab, LF, FF, CR and ESC; more than 1 in 10 of all bytes being NUL
 * (UTF-16 without a BOM, most binaries); or, when the encoding was detected,
 * more than half the non-empty lines being corrupt.
 *
 * What is "not text": in UTF-8, any invalid sequence; in GB18030, which
 * decodes almost any byte pair, what iconv-lite cannot decode (a lead byte
 * 0x81–0xFE followed by a byte that cannot follow it, a lone 0xFF, a
 * truncated sequence), which it turns into U+FFFD; in UTF-16, an unpaired
 * surrogate or an odd last byte. A NUL byte in any encoding.
 */
export function decodeBytes(buf: Buffer, forced?: ForcedEncoding): Decoded {
  if (hasSignature(buf) || controlHeavy(buf) || nulHeavy(buf)) return { binary: true };
  if (buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff))) return utf16(buf, buf[0] === 0xff);
  const bom = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
  const isForced = forced !== undefined;
  if (forced === 'gbk' || forced === 'gb18030') return finish(decodeGb18030(buf), 'gb18030', true, buf, true);
  if (bom) return finish(buf.toString('utf8', 3), 'utf-8-bom', !isUtf8(buf), buf, isForced);
  // isUtf8 is the strict check (like TextDecoder fatal) but ~100x faster on big files.
  if (isUtf8(buf)) return finish(buf.toString('utf8'), 'utf-8', false, buf, isForced);
  if (forced === 'utf8' || mostlyUtf8(buf)) return finish(buf.toString('utf8'), 'utf-8', true, buf, isForced);
  return finish(decodeGb18030(buf), 'gb18030', true, buf, false);
}

/** Node's own GB18030 decoder (ICU), strict; null in a Node built without it. */
const NATIVE_GB18030 = (() => {
  try {
    return new TextDecoder('gb18030', { fatal: true });
  } catch {
    return null;
  }
})();
/** The characters GB18030-2022 moved out of the private use area, as ICU 73+ reads them (iconv-lite keeps the 2005 mapping). */
export const MOVED_IN_2022 = /[\ufe10-\ufe19\u9fb4-\u9fbb]/;

/**
 * GB18030 exactly as iconv-lite decodes it, through Node's own decoder when
 * that gives the same text: on bytes that are all valid GB18030 the two differ
 * only in the 18 characters of MOVED_IN_2022 (test/load-gb18030.test.ts
 * checks every valid sequence). A file with an invalid byte or one of those
 * characters is decoded by iconv-lite, as before. Node's decoder builds no
 * tables: the sample's households.csv took ~25 ms, now ~1 ms (start-up, issue 11).
 */
export function decodeGb18030(buf: Uint8Array): string {
  if (NATIVE_GB18030 !== null) {
    let text: string | null = null;
    try {
      text = NATIVE_GB18030.decode(buf);
    } catch {
      // An invalid byte: iconv-lite decides what it becomes.
    }
    if (text !== null && !MOVED_IN_2022.test(text)) return text;
  }
  return iconv.decode(Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength), 'gb18030');
}

export function hasSignature(buf: Buffer): boolean {
  return SIGNATURES.some((sig) => buf.length >= sig.length && sig.every((b, i) => buf[i] === b));
}

/** More than 1 in 20 of the first 64 KB being control characters (NUL aside: see nulHeavy). */
export function controlHeavy(buf: Buffer): boolean {
  // UTF-16 text is half NUL and control bytes by nature.
  if (buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff))) return false;
  const n = Math.min(buf.length, SNIFF);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = buf[i]!;
    // Tab, LF, FF, CR and ESC appear in real text exports.
    if (b < 0x20 && b !== 0 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d && b !== 0x1b) control++;
  }
  return control > 8 && control * 20 > n;
}

/** More than 1 in 10 bytes NUL (a BOM-less UTF-16 file, an image, a database). */
function nulHeavy(buf: Buffer): boolean {
  if (buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff))) return false;
  const limit = buf.length / 10;
  let n = 0;
  for (let i = buf.indexOf(0); i !== -1; i = buf.indexOf(0, i + 1)) if (++n > limit) return true;
  return false;
}

/**
 * Line by line (LF, CRLF or CR): are the non-ASCII lines mostly valid UTF-8?
 * Decided early once 256 non-ASCII lines are 8 to 1 either way (a
 * million-line GBK file need not be split up whole).
 */
function mostlyUtf8(buf: Buffer): boolean {
  let valid = 0;
  let invalid = 0;
  let start = 0;
  let lf = buf.indexOf(0x0a);
  let cr = buf.indexOf(0x0d);
  const len = buf.length;
  while (start < len) {
    if (lf !== -1 && lf < start) lf = buf.indexOf(0x0a, start);
    if (cr !== -1 && cr < start) cr = buf.indexOf(0x0d, start);
    const end = lf === -1 ? (cr === -1 ? len : cr) : cr === -1 ? lf : Math.min(lf, cr);
    if (end > start) {
      const line = buf.subarray(start, end);
      if (!isAscii(line)) {
        if (isUtf8(line)) valid++;
        else invalid++;
        if (valid + invalid >= 256 && (valid >= 8 * invalid || invalid >= 8 * valid)) break;
      }
    }
    start = end + 1;
  }
  return valid >= invalid;
}

function utf16(buf: Buffer, le: boolean): Decoded {
  const even = buf.length - (buf.length % 2);
  const body = le ? buf.subarray(2, even) : Buffer.from(buf.subarray(2, even)).swap16();
  let text = body.toString('utf16le');
  const odd = even !== buf.length;
  const wellFormed = !LONE_SURROGATE.test(text);
  if (!wellFormed) text = text.replace(new RegExp(LONE_SURROGATE.source, 'g'), REPLACEMENT);
  if (odd) text += REPLACEMENT;
  return finish(text, le ? 'utf-16le' : 'utf-16be', !wellFormed || odd, null, false);
}

/**
 * The decoded text with its corrupt lines. `replaced`: U+FFFD in the text
 * marks bytes the decoder could not read (false when the bytes were strictly
 * valid, so a real U+FFFD written in the file is left alone). `forced`: the
 * user chose the encoding, so a file mostly corrupt in it is still read line
 * by line; when the encoding was detected, such a file is binary.
 */
function finish(text: string, encoding: TextEncoding, replaced: boolean, buf: Buffer | null, forced: boolean): Decoded {
  const nul = buf === null || buf.indexOf(0) !== -1;
  if (!replaced && !nul) return { text, encoding };
  const bad = badLines(text, replaced, nul);
  if (bad.length === 0) return { text, encoding };
  if (!forced && bad.length * 2 > nonEmptyLines(text)) return { binary: true };
  return { text, encoding, bad };
}

/** Lines holding U+FFFD (when `replaced`) or NUL, with the column of the first, in line order. */
function badLines(text: string, replaced: boolean, nul: boolean): BadLine[] {
  const out: BadLine[] = [];
  let line = 1;
  let lineStart = 0;
  let i = 0;
  const len = text.length;
  const next = (from: number) => {
    const a = nul ? text.indexOf('\u0000', from) : -1;
    const b = replaced ? text.indexOf(REPLACEMENT, from) : -1;
    return a === -1 ? b : b === -1 ? a : Math.min(a, b);
  };
  for (let at = next(0); at !== -1; at = next(i)) {
    // Count the line ends up to `at`.
    for (; i < at; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
        line++;
        lineStart = i + 1;
      }
    }
    out.push({ line, column: at - lineStart + 1, reason: text.charCodeAt(at) === 0 ? 'nul' : 'invalid' });
    // The rest of this line is already bad: go to its end.
    let e = at;
    while (e < len) {
      const c = text.charCodeAt(e);
      if (c === 10 || c === 13) break;
      e++;
    }
    i = e;
  }
  return out;
}

function nonEmptyLines(text: string): number {
  let n = 0;
  for (const l of text.split(/\r\n|\r|\n/)) if (l.trim() !== '') n++;
  return n;
}

/**
 * The field separator of a CSV file, from its header: the first line that
 * has a tab or a comma (a title row above the header may have neither). A
 * tab when that line has tabs and no commas, or has tabs and the file is
 * UTF-16 (Excel's "Unicode 文本" is tab-separated); a comma otherwise.
 */
export function delimiterOf(text: string, encoding: string): ',' | '\t' {
  const m = /[^\r\n]*[\t,][^\r\n]*/.exec(text.length > SNIFF ? text.slice(0, SNIFF) : text);
  const first = m ? m[0] : '';
  if (first.indexOf('\t') === -1) return ',';
  return encoding.startsWith('utf-16') || first.indexOf(',') === -1 ? '\t' : ',';
}

/**
 * For a CSV reader going through records in order: the corrupt lines of the
 * record that starts on `line` and has these cells (quoted line breaks are
 * `\n` in them), or null when it has none. Returns null always when the file
 * has no corrupt line.
 */
export function corruptLinesOf(bad: readonly BadLine[] | undefined): ((cells: readonly string[], n: number, line: number) => BadLine[] | null) | null {
  if (bad === undefined || bad.length === 0) return null;
  let k = 0;
  return (cells, n, line) => {
    while (k < bad.length && bad[k]!.line < line) k++;
    if (k === bad.length) return null;
    let last = line;
    for (let i = 0; i < n; i++) for (let p = cells[i]!.indexOf('\n'); p !== -1; p = cells[i]!.indexOf('\n', p + 1)) last++;
    if (bad[k]!.line > last) return null;
    const out: BadLine[] = [];
    while (k < bad.length && bad[k]!.line <= last) out.push(bad[k++]!);
    return out;
  };
}

/** A corrupt line's data error, at `line` (its own, or the line its CSV record starts on); never its text. */
export function undecodable(file: string, line: number, b: BadLine, encoding: string): DataError {
  return dataError(file, line, null, null, 'undecodable-line', { line: b.line, column: b.column, reason: b.reason, encoding });
}

/**
 * For a YAML table: the rows (by index) holding a corrupt line, a row running
 * from the line it starts on to the line before the next one starts. Null
 * when the file has no corrupt line. Lines before the first row (comments)
 * belong to no row.
 */
export function corruptRowsOf(bad: readonly BadLine[] | undefined, starts: readonly number[]): Set<number> | null {
  if (bad === undefined || bad.length === 0) return null;
  const out = new Set<number>();
  for (const b of bad) {
    // The last row starting on or before the bad line.
    let lo = 0;
    let hi = starts.length - 1;
    let at = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (starts[mid]! <= b.line) {
        at = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (at !== -1) out.add(at);
  }
  return out;
}
