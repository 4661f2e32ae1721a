/**
 * The data folder → the text of each table file, with its hash, size and
 * detected encoding. Reads only; finds each table as NAME.csv / NAME.yaml /
 * NAME.yml / NAME.xlsx, or as a sheet of the workbook 数据.xlsx (data.xlsx)
 * named after it (file names compared case-insensitively, as on Windows).
 * A workbook is opened here (its parts list and sheets); its rows are read
 * later, streamed, by validation (src/validate/table.ts, checkXlsx). So is a
 * CSV file bigger than one chunk (64 MB): surveyed here in chunks, its rows
 * read later in chunks by checkCsv, with no size cap (src/load/stream.ts).
 */
import { createHash } from 'node:crypto';
import { readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isBookName, sheetLabel, tableOfSheet } from '../contract/sheets.js';
import type { TableName } from '../contract/tables.js';
import { BUILT_IN, type Contract } from '../contract/contract.js';
import type { DataCode, DataError, InputFile, Notice } from '../model.js';
import { dataError } from '../validate/errors.js';
import { pushIgnored } from '../validate/ignored.js';
import { closeSync } from 'node:fs';
import { MAX_TABLE_BYTES, openGuarded, readGuarded } from './guard.js';
import { decodeBytes, delimiterOf, undecodable, type BadLine, type ForcedEncoding } from './encoding.js';
import { chunkBuffer, DEFAULT_CHUNK_BYTES, readFull, surveyCsv, type CsvStream } from './stream.js';
import type { XlsxBook, XlsxSheet } from './xlsx.js';

export interface RawFile {
  /** Name as found in the folder; for a table read from a workbook, `BOOK.xlsx[SHEET]` (src/contract/sheets.ts). */
  name: string;
  format: 'csv' | 'yaml' | 'xlsx';
  /** The decoded text (empty for a workbook: its sheet is streamed from `book`; and for a CSV file bigger than a chunk: see `stream`). */
  text: string;
  /** CSV bigger than one chunk: the open file, read in chunks by checkCsv (src/load/stream.ts), which closes it. */
  stream?: CsvStream;
  /** Lines holding bytes that are not text (absent when none): the table readers report the CSV ones and leave their rows out. */
  bad?: BadLine[];
  /** CSV: the field separator (a tab in Excel's "Unicode 文本"). */
  delimiter?: ',' | '\t';
  /** The encoding it was read in (utf-8, gb18030, utf-16le ...). */
  encoding?: string;
  /** xlsx: the opened workbook and the sheet that holds the table. */
  book?: XlsxBook;
  sheet?: XlsxSheet;
}

export type Slot = TableName | 'town' | 'manifest';

export interface RawFolder {
  dir: string;
  /** null: missing, unreadable or ambiguous (the error says which). */
  files: Record<Slot, RawFile | null>;
  inputs: InputFile[];
}

/** Files the CLI reads itself from the data folder, and the notes `init` writes: not "unknown". */
const OTHER_KNOWN = new Set(['waivers.yaml', 'waivers.yml', '说明.txt']);

/** The files of a folder: manifest.yaml, town.yaml and the contract's tables (a pack may declare more). */
const slotsOf = (contract: Contract): readonly Slot[] => ['manifest', 'town', ...contract.tableNames];

function formsOf(slot: Slot): string[] {
  const yaml = [`${slot}.yaml`, `${slot}.yml`];
  return slot === 'town' || slot === 'manifest' ? yaml : [`${slot}.csv`, ...yaml, `${slot}.xlsx`];
}

/** A workbook read and opened: its bytes' hash and size, or null after an error for it. */
interface OpenBook {
  name: string;
  book: XlsxBook;
  sha256: string;
  bytes: number;
}

export async function readFolder(
  dir: string,
  /** `chunkBytes`: a CSV file bigger than this is read in chunks of this size (tests force it small). */
  opts: { encoding?: ForcedEncoding; contract?: Contract; chunkBytes?: number } = {},
): Promise<{ raw: RawFolder; errors: DataError[]; notices: Notice[] }> {
  const errors: DataError[] = [];
  const notices: Notice[] = [];
  const contract = opts.contract ?? BUILT_IN;
  const SLOTS = slotsOf(contract);
  const files = Object.fromEntries(SLOTS.map((s) => [s, null])) as Record<Slot, RawFile | null>;
  const raw: RawFolder = { dir, files, inputs: [] };

  let realDir: string;
  let names: string[];
  try {
    const st = await stat(dir);
    if (!st.isDirectory()) {
      errors.push(dataError(dir, null, null, null, 'not-a-folder', { path: dir }));
      return { raw, errors, notices };
    }
    realDir = await realpath(dir);
    names = (await readdir(dir)).sort();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'unknown';
    errors.push(dataError(dir, null, null, null, code === 'ENOENT' || code === 'ENOTDIR' ? 'no-folder' : 'unreadable-folder', { path: dir, reason: code }));
    return { raw, errors, notices };
  }

  const byLower = new Map<string, string>();
  for (const n of names) byLower.set(n.toLowerCase(), n);
  const claimed = new Set<string>();

  // The workbooks that may hold every table (数据.xlsx): opened first, so that their sheets count as forms of their tables.
  const bookSheets = new Map<Slot, { book: OpenBook; sheet: XlsxSheet }[]>();
  let bookFailed = false;
  for (const n of names) {
    if (!isBookName(n)) continue;
    claimed.add(n);
    const opened = await openBook(dir, realDir, n, errors);
    if (!opened) {
      bookFailed = true;
      continue;
    }
    const unknown: Notice[] = [];
    for (const sheet of opened.book.sheets) {
      const t = tableOfSheet(sheet.name, contract);
      if (t === null) unknown.push(dataError(sheetLabel(n, sheet.name), null, null, null, 'xlsx-unknown-sheet', {}));
      else bookSheets.set(t, [...(bookSheets.get(t) ?? []), { book: opened, sheet }]);
    }
    pushIgnored(notices, unknown, (count, shown) => dataError(n, null, null, null, 'xlsx-more-unknown-sheets', { count, shown }));
  }

  for (const slot of SLOTS) {
    const found = formsOf(slot).flatMap((f) => (byLower.has(f) ? [byLower.get(f)!] : []));
    const inBooks = bookSheets.get(slot) ?? [];
    found.forEach((f) => claimed.add(f));
    if (found.length + inBooks.length > 1) {
      const all = [...found, ...inBooks.map((b) => sheetLabel(b.book.name, b.sheet.name))];
      errors.push(dataError(all[0]!, null, null, null, 'two-forms', { files: all.join(', ') }));
      continue;
    }
    if (found.length + inBooks.length === 0) {
      // A workbook that could not be opened may hold it: its own error says so, once.
      if (slot !== 'manifest' && !bookFailed) errors.push(dataError(formsOf(slot)[0]!, null, null, null, 'missing-file', { table: slot }));
      continue;
    }
    if (inBooks.length === 1) {
      const { book, sheet } = inBooks[0]!;
      const label = sheetLabel(book.name, sheet.name);
      files[slot] = { name: label, format: 'xlsx', text: '', book: book.book, sheet };
      // The part's share of the workbook, for progress.
      raw.inputs.push({ file: label, sha256: book.sha256, format: 'xlsx', encoding: 'xlsx', bytes: book.book.storedSizeOf(sheet) });
      continue;
    }
    const name = found[0]!;
    if (name.toLowerCase().endsWith('.xlsx')) {
      const opened = await openBook(dir, realDir, name, errors);
      if (!opened) continue;
      const sheets = opened.book.sheets;
      // The sheet named after the table, else the first one shown.
      const named = sheets.filter((sh) => tableOfSheet(sh.name, contract) === slot);
      if (named.length > 1) {
        errors.push(dataError(name, null, null, null, 'two-forms', { files: named.map((sh) => sheetLabel(name, sh.name)).join(', ') }));
        continue;
      }
      const sheet = named[0] ?? opened.book.firstSheet();
      const label = sheetLabel(name, sheet.name);
      if (sheets.length > 1) notices.push(dataError(label, null, null, null, 'xlsx-other-sheets', { count: sheets.length - 1 }));
      files[slot] = { name: label, format: 'xlsx', text: '', book: opened.book, sheet };
      raw.inputs.push({ file: label, sha256: opened.sha256, format: 'xlsx', encoding: 'xlsx', bytes: opened.bytes });
      continue;
    }
    const format = name.toLowerCase().endsWith('.csv') ? 'csv' : 'yaml';
    const got = format === 'csv' ? readCsv(dir, realDir, name, opts.encoding, opts.chunkBytes ?? DEFAULT_CHUNK_BYTES, errors) : await readOne(dir, realDir, name, opts.encoding, errors);
    if (got) {
      files[slot] = { name, format, text: got.text, encoding: got.encoding };
      if (got.stream) files[slot].stream = got.stream;
      if (got.bad) {
        files[slot].bad = got.bad;
        // A YAML file's corrupt lines are reported here (town.yaml and manifest.yaml have no rows to leave out); CSV ones by checkCsv, at their record.
        if (format === 'yaml') for (const b of got.bad) errors.push(undecodable(name, b.line, b, got.encoding));
      }
      if (got.delimiter) files[slot].delimiter = got.delimiter;
      raw.inputs.push({ file: name, sha256: got.sha256, format, encoding: got.encoding, bytes: got.bytes });
    }
  }
  for (const n of names) {
    if (claimed.has(n) || n.startsWith('.') || OTHER_KNOWN.has(n.toLowerCase())) continue;
    notices.push(dataError(n, null, null, null, 'unknown-file', {}));
  }
  return { raw, errors, notices };
}

/** Reads a workbook through the guard and opens it (its parts list and sheets); null after an error naming it. */
async function openBook(dir: string, realDir: string, name: string, errors: DataError[]): Promise<OpenBook | null> {
  try {
    const got = await readGuarded(join(dir, name), { inside: realDir, maxBytes: MAX_TABLE_BYTES });
    if (!got.ok) {
      errors.push(dataError(name, null, null, null, got.code, got.code === 'file-too-large' ? { ...got.args, form: 'xlsx' } : got.args));
      return null;
    }
    if (got.bytes.length === 0) {
      errors.push(dataError(name, null, null, null, 'empty-file', {}));
      return null;
    }
    // The workbook reader (and its unzip library) is loaded only for a folder that has a workbook.
    const { XlsxBook } = await import('./xlsx.js');
    const book = XlsxBook.open(got.bytes);
    if (!(book instanceof XlsxBook)) {
      errors.push(dataError(name, null, null, null, 'xlsx-unreadable', { reason: book.reason }));
      return null;
    }
    return { name, book, sha256: createHash('sha256').update(got.bytes).digest('hex'), bytes: got.bytes.length };
  } catch (e) {
    errors.push(dataError(name, null, null, null, 'unreadable-file', { reason: (e as NodeJS.ErrnoException).code ?? String(e) }));
    return null;
  }
}

/** A table file read: its text (or, for a big CSV file, the open file to read in chunks), hash, encoding, size. */
interface ReadFile {
  text: string;
  stream?: CsvStream;
  sha256: string;
  encoding: string;
  bytes: number;
  bad?: BadLine[];
  /** CSV: the field separator. */
  delimiter?: ',' | '\t';
}

/** A YAML table: read whole (its parse needs the whole document), up to MAX_TABLE_BYTES. */
async function readOne(dir: string, realDir: string, name: string, forced: ForcedEncoding | undefined, errors: DataError[]): Promise<ReadFile | null> {
  const path = join(dir, name);
  try {
    // Only a regular file inside the folder, within the size cap (a FIFO would block, a device never ends).
    const got = await readGuarded(path, { inside: realDir, maxBytes: MAX_TABLE_BYTES });
    if (!got.ok) {
      errors.push(dataError(name, null, null, null, got.code, got.code === 'file-too-large' ? { ...got.args, form: 'yaml' } : got.args));
      return null;
    }
    const buf = got.bytes;
    const sha256 = createHash('sha256').update(buf).digest('hex');
    const decoded = decodeBytes(buf, forced);
    if ('binary' in decoded) {
      errors.push(dataError(name, null, null, null, 'binary-file', {}));
      return null;
    }
    if (!/\S/.test(decoded.text)) {
      errors.push(dataError(name, null, null, null, 'empty-file', {}));
      return null;
    }
    return { text: decoded.text, sha256, encoding: decoded.encoding, bytes: buf.length, ...(decoded.bad ? { bad: decoded.bad } : {}) };
  } catch (e) {
    errors.push(dataError(name, null, null, null, 'unreadable-file', { reason: (e as NodeJS.ErrnoException).code ?? String(e) }));
    return null;
  }
}

/**
 * A CSV table, with no size cap: read whole when it fits in one chunk (as it
 * always was: decodeBytes, then the text); else surveyed in chunks here and
 * read in chunks again by checkCsv, never whole (src/load/stream.ts).
 */
function readCsv(dir: string, realDir: string, name: string, forced: ForcedEncoding | undefined, chunkBytes: number, errors: DataError[]): ReadFile | null {
  const refuse = (code: DataCode, args: DataError['args']): null => {
    errors.push(dataError(name, null, null, null, code, args));
    return null;
  };
  // Only a regular file inside the folder (a FIFO would block, a device never ends).
  const opened = openGuarded(join(dir, name), { inside: realDir });
  if (!opened.ok) return refuse(opened.code, opened.args);
  const fd = opened.fd;
  let keepOpen = false;
  try {
    // One byte more than the size: reading fewer says the file ended within the chunk. (A bigger file's
    // chunks are read into one buffer shared by every file: src/load/stream.ts.)
    const first = opened.size + 1 > chunkBytes ? chunkBuffer(chunkBytes).subarray(0, chunkBytes) : Buffer.allocUnsafe(opened.size + 1);
    const n = readFull(fd, first, 0);
    if (n < first.length) {
      const buf = first.subarray(0, n);
      const sha256 = createHash('sha256').update(buf).digest('hex');
      const decoded = decodeBytes(buf, forced);
      if ('binary' in decoded) return refuse('binary-file', {});
      if (!/\S/.test(decoded.text)) return refuse('empty-file', {});
      const delimiter = delimiterOf(decoded.text, decoded.encoding);
      return { text: decoded.text, sha256, encoding: decoded.encoding, bytes: n, delimiter, ...(decoded.bad ? { bad: decoded.bad } : {}) };
    }
    const s = surveyCsv(fd, first, opened.size, chunkBytes, forced);
    if ('binary' in s) return refuse('binary-file', {});
    if ('empty' in s) return refuse('empty-file', {});
    keepOpen = true;
    const stream: CsvStream = { fd, bytes: s.bytes, mtimeMs: opened.mtimeMs, codec: s.codec, chunkBytes };
    return { text: '', stream, sha256: s.sha256, encoding: s.encoding, bytes: s.bytes, delimiter: s.delimiter, ...(s.bad ? { bad: s.bad } : {}) };
  } catch (e) {
    return refuse('unreadable-file', { reason: (e as NodeJS.ErrnoException).code ?? String(e) });
  } finally {
    if (!keepOpen) closeSync(fd);
  }
}
