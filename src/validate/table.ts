/**
 * One table file (already decoded) → parsed rows: header matching, the
 * table's zod schema per row, errors as codes with file/line/column/value.
 * Cross-table checks run later on the result (cross.ts).
 */
import { z } from 'zod';
import type { ColumnDef, TableDef, TableName } from '../contract/tables.js';
import { checkMemory } from '../load/memory.js';
import { CsvScanner, scanCsv, type CsvRecordHandler, type CsvScanEnd } from '../load/csv.js';
import { corruptLinesOf, corruptRowsOf, undecodable, type BadLine } from '../load/encoding.js';
import { readPieces, type CsvStream } from '../load/stream.js';
import type { XlsxBook, XlsxSheet } from '../load/xlsx.js';
import { EXCEL_MAX_ROWS } from '../contract/sheets.js';
import { parseYamlTable, type Cell } from '../load/yaml.js';
import { Unknown, type CellValue, type DataCode, type DataError, type Notice, type Rec } from '../model.js';
import { CellFail, cellParser, own, type CellParser } from './cells.js';
import { FileHeaders, namesAColumn, titleLike, type GivenAgain } from './headers.js';
import { cellSchema, failOf } from './schema.js';
import { dataError, shown } from './errors.js';
import { IdIndex } from './ids.js';
import { TableStore } from '../store/table.js';
import { fit, grown, keptInPool, PoolColumn, type Column } from '../store/columns.js';
import { pushIgnored } from './ignored.js';
import { ByteParseCache, ParseCache } from './parse-cache.js';
import { cellText as textOf, readCsvBytes, textOfBytes, type ByteRecord, type ByteRecordHandler } from '../load/csv-bytes.js';

export interface CheckedTable {
  table: TableName;
  file: string | null;
  columns: Set<string>;
  /** English key → header as the file writes it (the contract's header when absent). */
  written: Map<string, string>;
  /**
   * Every row read, as its row in `store`; -1 for an unusable row (ragged,
   * not a mapping). A failed cell is Unknown. recOf(tab, r) reads row r as a
   * record: no object per row is held while the folder is read.
   */
  rows: Int32Array;
  /** The editor line of each row read. */
  lines: Int32Array;
  /** YAML only: the line of each key of each row, so errors point at the key. */
  keyLines?: Map<string, number>[];
  /** 1 = the row is left out: a line that cannot be split into cells, or a duplicate id. */
  bad: Uint8Array;
  /** The columns the rows are kept in. */
  store?: TableStore;
  /** False when the file could not be read as a table (syntax error): its ids are unknown. */
  usable: boolean;
  /** CSV: the table's ids with their first line, and duplicates already reported (cross.ts uses it). */
  ids?: IdIndex;
  /** CSV, after a quote that never closes: the non-blank lines from its record's to the end, each a row it may have swallowed (standins.ts). */
  swallowed?: number[];
}

const ABSENT = z.unknown().transform(() => null);

/** Cell schemas and parsers of every table, built once. */
const PER_TABLE = new WeakMap<TableDef, { schemas: Record<string, ReturnType<typeof cellSchema>>; parsers: Map<string, CellParser> }>();
function partsOf(def: TableDef) {
  let p = PER_TABLE.get(def);
  if (!p) {
    const cols = def.columns;
    p = {
      schemas: Object.fromEntries(cols.map((c) => [c.key, cellSchema(c)])),
      parsers: new Map(cols.map((c) => [c.key, cellParser(c)])),
    };
    PER_TABLE.set(def, p);
  }
  return p;
}

/** The row schema of a file: its columns' cell schemas, null for contract columns it lacks. */
function rowSchema(def: TableDef, present: ReadonlySet<string>) {
  const { schemas } = partsOf(def);
  const shape: Record<string, z.ZodType> = {};
  for (const c of def.columns) shape[c.key] = present.has(c.key) ? schemas[c.key]! : ABSENT;
  return z.compile(z.object(shape));
}

export function emptyTable(table: TableName, file: string | null, usable: boolean): CheckedTable {
  return { table, file, columns: new Set(), written: new Map(), rows: new Int32Array(0), lines: new Int32Array(0), bad: new Uint8Array(0), usable };
}

/** Row r read as a record (a view of its row in the store), or null when it could not be read. */
export function recOf(tab: CheckedTable, r: number): Rec | null {
  const s = tab.rows[r]!;
  return s < 0 ? null : tab.store!.row(s);
}

/** Each row read, as recOf gives it, with its index. */
export function eachRec(tab: CheckedTable, fn: (rec: Rec | null, r: number) => void): void {
  for (let r = 0; r < tab.rows.length; r++) fn(recOf(tab, r), r);
}

function writtenDefaults(def: TableDef): Map<string, string> {
  return new Map(def.columns.map((c) => [c.key, c.header]));
}

/** Rows between two looks at the clock for progress. */
const PROGRESS_EVERY = 4096;

export interface TableProgress {
  /** Called with the rows read so far and the offset reached in the text. */
  report(rows: number, offset: number, textLength: number): void;
}

/** Validates one CSV table, one record at a time as the scanner hands them over. */
export function checkCsv(
  def: TableDef,
  file: string,
  text: string,
  errors: DataError[],
  notices: Notice[],
  progress?: TableProgress,
  /**
   * How the file was decoded: its corrupt lines, field separator and encoding;
   * `stream` for a file bigger than one chunk, read here in chunks (then `text` is empty).
   */
  form: { bad?: BadLine[]; delimiter?: ',' | '\t'; encoding?: string; stream?: CsvStream } = {},
): CheckedTable {
  const stream = form.stream;
  if (stream === undefined) {
    return checkRows(def, file, errors, notices, progress, { size: text.length, bad: form.bad, encoding: form.encoding }, (onRow) => {
      const { problem, swallowed } = scanCsv(text, onRow, form.delimiter);
      return problem && { line: problem.line, value: problem.value, code: problem.code, args: {}, swallowed };
    });
  }
  let same = true;
  if ((stream.codec === 'utf-8' || stream.codec === 'utf-8-bom') && !form.bad?.length) {
    // Valid UTF-8 bigger than one chunk: read as bytes, and most cells never become strings (src/load/csv-bytes.ts).
    const checked = checkRows(def, file, errors, notices, progress, { size: stream.bytes, encoding: form.encoding }, (onRow, onBytes) => {
      const got = readCsvBytes(stream, form.delimiter ?? ',', onBytes, onRow);
      same = got.same;
      const problem = got.end.problem;
      return problem ? { line: problem.line, value: problem.value, code: problem.code, args: {}, swallowed: got.end.swallowed } : null;
    });
    if (!same) errors.push(dataError(file, null, null, null, 'file-changed', {}));
    return checked;
  }
  // Bigger than one chunk: each piece of text is scanned as it is decoded, and the text is never whole (src/load/stream.ts).
  const src: RowSource = { size: stream.bytes, bad: form.bad, encoding: form.encoding };
  const checked = checkRows(def, file, errors, notices, progress, src, (onRow) => {
    const scanner = new CsvScanner(onRow, form.delimiter);
    let chars = 0;
    const scanned: { end: CsvScanEnd | null } = { end: null };
    same = readPieces(
      stream,
      (piece, bytesRead) => {
        chars += piece.length;
        // Progress and the id index's first size count characters: the file's, estimated from the bytes read so far.
        src.size = Math.max(chars, Math.round((chars / bytesRead) * stream.bytes));
        scanner.write(piece);
      },
      (piece) => {
        chars += piece.length;
        src.size = chars;
        scanned.end = scanner.end(piece);
      },
    );
    const problem = scanned.end?.problem;
    return problem ? { line: problem.line, value: problem.value, code: problem.code, args: {}, swallowed: scanned.end!.swallowed } : null;
  });
  // Changed between the survey and this read: what was read may mix the two.
  if (!same) errors.push(dataError(file, null, null, null, 'file-changed', {}));
  return checked;
}

/**
 * Validates one table read from a sheet of a workbook (`file` is its label,
 * `households.xlsx[农户]`): the sheet's rows, streamed, go through the same
 * row handler as CSV records, with Excel's row numbers as lines.
 */
export function checkXlsx(
  def: TableDef,
  file: string,
  book: XlsxBook,
  sheet: XlsxSheet,
  errors: DataError[],
  notices: Notice[],
  progress?: TableProgress,
): CheckedTable {
  return checkRows(def, file, errors, notices, progress, { size: book.sizeOf(sheet), sheet: true, maxRows: EXCEL_MAX_ROWS }, (onRow) => {
    const { problem } = book.scanSheet(sheet, onRow);
    return problem && { line: problem.line, value: null, code: problem.code, args: problem.args };
  });
}

/** Where the rows of a table come from, for the row handler. */
interface RowSource {
  /** Length of what is scanned (the text, a sheet's XML): progress, and the first size of the id index (a CSV read in chunks updates it as it goes). */
  size: number;
  /** CSV: its corrupt lines and the encoding it was read in. */
  bad?: BadLine[];
  encoding?: string;
  /** A sheet: a row's empty cells at its end are not written (never ragged), and cells right of the header have no column. */
  sheet?: boolean;
  /** At most this many rows can come (Excel's limit for a sheet). */
  maxRows?: number;
}

/** A problem that stopped the scan: reported before the rows' errors; the rows before it are kept (`swallowed`: see CheckedTable). */
type RowProblem = { line: number | null; value: string | null; code: DataCode; args: DataError['args']; swallowed?: number[] } | null;

/**
 * Header matching, title row, unknown columns, cells, ids: one row at a
 * time, whichever scanner hands the rows over (`scan` calls `onRow` per
 * non-blank row, as scanCsv does).
 */
function checkRows(
  def: TableDef,
  file: string,
  errors: DataError[],
  notices: Notice[],
  progress: TableProgress | undefined,
  src: RowSource,
  /** Calls `onRow` per non-blank row as text, or `onBytes` per row read as bytes. */
  scan: (onRow: CsvRecordHandler, onBytes: ByteRecordHandler) => RowProblem,
): CheckedTable {
  const table = def.name;
  const out = emptyTable(table, file, true);
  const cols = def.columns;
  const keys = cols.map((c) => c.key);
  const nk = keys.length;
  const { parsers } = partsOf(def);
  // Ids, ID numbers, phones and names are each nearly unique: parsed every time. The rest through a cache.
  const parse = cols.map((c) => {
    const p = parsers.get(c.key)!;
    if (keptInPool(c)) return p;
    const cache = new ParseCache(p);
    return (cell: string) => cache.get(cell);
  });
  const parseBytes = cols.map((c) => {
    const p = parsers.get(c.key)!;
    if (keptInPool(c)) return (buf: Buffer, s: number, e: number) => p(textOfBytes(buf, s, e));
    const cache = new ByteParseCache(p);
    return (buf: Buffer, s: number, e: number) => cache.get(buf, s, e);
  });
  let store = null as TableStore | null;
  const heads = new FileHeaders(file, table, cols, errors);
  const match = heads.match;
  /** Per row read: its store row, -1 when it could not be read (ragged); and its line. */
  let rows = new Int32Array(1024);
  let lines = new Int32Array(1024);
  let nRows = 0;
  const badRows: number[] = [];
  let header: string[] | null = null;
  let hl = 1;
  let width = 0;
  /** Per contract column: the cell index in the file, -1 when absent. */
  let at: number[] = [];
  const idx = new Map<string, number>();
  const values: CellValue[] = new Array(nk);
  let sinceLook = 0;
  const idKey = def.idColumn;
  const idAt = idKey === null ? -1 : keys.indexOf(idKey);
  let ids: IdIndex | null = null;
  let headerEnd = 0;

  const headerRow = (cellsOfHeader: string[], line: number) => {
    // Copies: a header kept as a view into the file's text (`written`, a title) would keep the whole text alive.
    const h = cellsOfHeader.map(own);
    header = h;
    hl = line;
    width = h.length;
    // Classified as every form's headers are (headers.ts FileHeaders); a column given twice: the first one's cells count.
    const given = new Map<string, string>();
    h.forEach((name, i) => {
      const c = heads.read(name, hl, i + 1, null, given);
      if (c !== null && !('again' in c)) idx.set(c.key, i);
    });
    out.columns = heads.present;
    out.written = writtenDefaults(def);
    for (const [k, name] of heads.written) out.written.set(k, name);
    heads.finish(notices, hl);
    at = keys.map((k) => idx.get(k) ?? -1);
  };
  /** A title row above the header (河包镇农户信息表): held until the next line shows whether it was one. */
  let title: { cells: string[]; line: number } | undefined;
  const corruptLines = corruptLinesOf(src.bad);
  /** A sheet's columns right of the header that hold something, each said once. */
  const unheaded = new Set<number>();
  const unheadedNotices: Notice[] = [];
  const sheetRow = (cells: string[], n: number, line: number): number => {
    for (let i = n; i < width; i++) cells[i] = '';
    for (let i = width; i < n; i++) {
      if (cells[i]!.trim() === '' || unheaded.has(i)) continue;
      unheaded.add(i);
      unheadedNotices.push(dataError(file, line, null, null, 'unnamed-column', { table, position: i + 1 }));
    }
    return width;
  };

  /** The record being read: as text (`cells`), or as bytes (`bytes`, its text made only when asked for, in `texts`). */
  let cells: string[] = [];
  let bytes: ByteRecord | null = null;
  const texts: string[] = [];
  /** The first n cells of the record as text (the header, a title, a ragged row). */
  const allText = (n: number): string[] => {
    if (bytes === null) return cells;
    for (let i = 0; i < n; i++) texts[i] = textOf(bytes, i);
    return texts;
  };

  const before = errors.length;
  const onRow = (n: number, line: number, end: number) => {
    // Bytes that are not text in this record: reported at the line it starts on; below, the cells that hold them are unknown.
    const corrupt = corruptLines === null ? null : corruptLines(allText(n), n, line);
    let corruptError: DataError | null = null;
    if (corrupt !== null) {
      for (const b of corrupt) {
        const err = undecodable(file, line, b, src.encoding ?? '');
        errors.push(err);
        corruptError ??= err;
      }
    }
    if (header === null) {
      const cells = allText(n);
      if (title === undefined && titleLike(cells, n, match)) {
        title = { cells: cells.slice(0, n), line };
        headerEnd = end;
        return;
      }
      if (title === undefined || namesAColumn(cells, n, match)) {
        if (title !== undefined) errors.push(dataError(file, title.line, null, shown(title.cells.filter((c) => c.trim() !== '').join(' ')), 'title-row', { header: line }));
        headerRow(cells.slice(0, n), line);
        headerEnd = end;
        return;
      }
      // No title after all: that line was the header, and this is the first row.
      headerRow(title.cells, title.line);
    }
    const r = nRows++;
    if (r === rows.length) {
      rows = grown(rows, r + 1);
      lines = grown(lines, r + 1);
    }
    // Sized from the first row's length, so a million ids are not rehashed ten times on the way.
    if (store === null) {
      const expected = Math.min((src.size - headerEnd) / Math.max(1, end - headerEnd), src.size / 32, src.maxRows ?? Infinity);
      const size = Math.ceil(expected * 1.05);
      store = new TableStore(def, size);
      // This is the first row: the rows' store rows and lines start at the columns' size too.
      rows = new Int32Array(Math.max(1024, size));
      lines = new Int32Array(Math.max(1024, size));
      if (idAt >= 0) {
        ids = idIndexOver(store.c[idAt]!, expected);
      }
    }
    lines[r] = line;
    if (progress !== undefined && ++sinceLook === PROGRESS_EVERY) {
      sinceLook = 0;
      progress.report(r + 1, end, src.size);
    }
    // A look at the heap every 16 Ki rows (about 1 µs each): stop with a message before V8 aborts with its own.
    if ((r & 0x3fff) === 0x3fff) checkMemory(file, store.heapReserve());
    if (src.sheet && n !== width) n = sheetRow(cells, n, line);
    if (n !== width && !(n > width && blankFrom(allText(n), width, n))) {
      // No value: the row as written would put every cell of it (a name, an ID) into the report.
      errors.push(dataError(file, line, null, null, 'ragged-row', { expected: width, found: n }));
      rows[r] = -1;
      badRows.push(r);
      return;
    }
    let ok = true;
    for (let k = 0; k < nk; k++) {
      const i = at[k]!;
      if (i < 0) {
        values[k] = null;
        continue;
      }
      let v: CellValue | CellFail;
      if (bytes !== null) {
        // Read as bytes (valid UTF-8: nothing corrupt); a quoted cell is text.
        const q = bytes.q[i];
        v = q !== null ? parse[k]!(q!) : parseBytes[k]!(bytes.buf, bytes.s[i]!, bytes.e[i]!);
      } else {
        const cell = cells[i]!;
        // A cell holding the corrupt bytes (decoded as U+FFFD) or a NUL: unknown; the record's other cells count.
        if (corruptError !== null && (cell.includes('\ufffd') || cell.includes('\u0000'))) {
          values[k] = new Unknown(corruptError);
          continue;
        }
        v = parse[k]!(cell);
      }
      if (v instanceof CellFail) {
        const cell = bytes !== null ? textOf(bytes, i) : cells[i]!;
        // The same error, in the same order, as the table's zod schema reports it (test/validate-fast-path.test.ts).
        // The record stays; the cell is unknown and carries its error (rule-catalogue.md, Missing, unreadable and wrong values).
        const err = dataError(file, line, out.written.get(keys[k]!) ?? keys[k]!, shown(cell), v.code, v.args);
        errors.push(err);
        values[k] = new Unknown(err);
      } else values[k] = v;
    }
    rows[r] = store.append(values);
    // Unique ids, as the cross-table checks did after the cells: every row's id counts, bad rows' too.
    if (ids !== null) {
      const id = values[idAt];
      if (typeof id === 'string') {
        const first = ids.add(id, line, store!.n - 1);
        if (first !== -1) {
          errors.push(dataError(file, line, out.written.get(idKey!) ?? idKey!, shown(id), 'duplicate-id', { first }));
          ok = false;
        }
      }
    }
    if (!ok) badRows.push(r);
  };
  const problem = scan(
    (c, n, line, end) => {
      bytes = null;
      cells = c;
      onRow(n, line, end);
    },
    (rec, line, end) => {
      bytes = rec;
      onRow(rec.n, line, end);
    },
  );
  // A syntax problem is reported before the rows' errors, as when the file was parsed whole first.
  if (problem) errors.splice(before, 0, dataError(file, problem.line, null, problem.value, problem.code, problem.args));
  if (problem?.swallowed?.length) out.swallowed = problem.swallowed;
  pushIgnored(notices, unheadedNotices, (count, shown) => dataError(file, hl, null, null, 'more-unknown-columns', { table, count, shown }));
  if (header === null && title !== undefined) headerRow(title.cells, title.line);
  if (header === null) {
    if (!problem) errors.push(dataError(file, null, null, null, src.sheet ? 'empty-sheet' : 'empty-file', {}));
    out.usable = false;
    return out;
  }
  if (store !== null) {
    store.seal();
    out.store = store;
  }
  // Kept as they are when the spare room is small: no second copy at the peak.
  out.rows = fit(rows, nRows);
  out.lines = fit(lines, nRows);
  if (ids !== null) out.ids = ids;
  out.bad = new Uint8Array(nRows);
  for (const r of badRows) out.bad[r] = 1;
  progress?.report(nRows, src.size, src.size);
  return out;
}

/**
 * The id index of a table whose ids are kept in a pool (src/store/columns.ts):
 * it reads them back from the column by row. Made out here, so that the reader
 * it keeps for the run holds the column, not the reading's every variable
 * (a closure made inside checkRows would keep its row views alive).
 */
function idIndexOver(idColumn: Column, rows: number): IdIndex {
  if (!(idColumn instanceof PoolColumn)) return new IdIndex(rows);
  return new IdIndex(rows, (row) => idColumn.text(row)!);
}

function blankFrom(cells: string[], from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (cells[i]!.trim() !== '') return false;
  return true;
}

/** A failing row's values: the cells that parse; the caller makes the failed ones Unknown. */
function partial(def: TableDef, input: Record<string, Cell | undefined>): Rec {
  const { parsers } = partsOf(def);
  const rec = Object.create(null) as Record<string, unknown>;
  for (const [key, parse] of parsers) {
    const v = input[key] === undefined ? null : parse(input[key]);
    rec[key] = v instanceof CellFail ? null : v;
  }
  return rec as Rec;
}

/** Validates one YAML table (a list of mappings with the same keys as the CSV headers). */
export function checkYaml(def: TableDef, file: string, text: string, errors: DataError[], notices: Notice[], form: { bad?: BadLine[] } = {}): CheckedTable {
  const table = def.name;
  const y = parseYamlTable(text);
  const out = emptyTable(table, file, true);
  out.written = writtenDefaults(def);
  if (y.fatal) {
    errors.push(dataError(file, y.fatal.line, null, y.fatal.value, y.fatal.code, {}));
    out.usable = false;
    return out;
  }
  // Each nested value's error, per key in row order, so that its cell can be Unknown with it.
  const nested = new Map<string, DataError[]>();
  for (const p of y.problems) {
    const err = dataError(file, p.line, p.code === 'yaml-nested' ? p.value : null, p.code === 'yaml-nested' ? null : p.value, p.code, {});
    errors.push(err);
    if (p.code === 'yaml-nested' && p.value !== null) {
      let q = nested.get(p.value);
      if (!q) nested.set(p.value, (q = []));
      q.push(err);
    }
  }
  const cols = def.columns;
  const keys = cols.map((c) => c.key);
  const n = y.rows.length;
  // Each record's keys, classified where they are written, as every form's headers are (headers.ts FileHeaders):
  // the table's columns are the keys some record has; an unknown key is listed once, at its first line.
  const heads = new FileHeaders(file, table, cols, errors);
  const read: (ColumnDef | GivenAgain | null)[][] = new Array(n);
  for (let r = 0; r < n; r++) {
    const row = y.rows[r]!;
    const given = new Map<string, string>();
    read[r] = row.keys.map((k, i) => heads.read(k, row.lines[i]!, null, row.cells[i]!, given));
  }
  out.columns = heads.present;
  for (const [k, name] of heads.written) out.written.set(k, name);
  heads.finish(notices, null);
  const schema = rowSchema(def, out.columns);
  const corrupt = corruptRowsOf(form.bad, y.rows.map((row) => row.line));
  out.rows = new Int32Array(n).fill(-1);
  out.lines = new Int32Array(n);
  out.bad = new Uint8Array(n);
  out.keyLines = new Array(n);
  const store = new TableStore(def, n);
  for (let r = 0; r < n; r++) {
    const row = y.rows[r]!;
    out.lines[r] = row.line;
    const keyLines = new Map<string, number>();
    out.keyLines[r] = keyLines;
    // Not a mapping: the row counts as read and left out.
    if (row.notMapping) {
      out.rows[r] = -1;
      out.bad[r] = 1;
      continue;
    }
    const input: Record<string, Cell | undefined> = {};
    for (const k of keys) input[k] = out.columns.has(k) ? '' : undefined;
    const from = new Map<string, number>();
    // Cells that are unknown whatever the schema says: a key given twice, a value that is not a scalar.
    const unknownCells = new Map<string, DataError>();
    read[r]!.forEach((c, i) => {
      if (c === null) return;
      if ('again' in c) {
        // Two values for one cell: which one the export meant is unknown.
        if (!unknownCells.has(c.again.key)) unknownCells.set(c.again.key, c.error);
        return;
      }
      from.set(c.key, i);
      keyLines.set(c.key, row.lines[i]!);
      input[c.key] = row.cells[i];
    });
    if (corrupt?.has(r)) {
      // A corrupt line in the record (reported by readFolder): the cells on it, or holding its bytes, are unknown.
      const bad = new Map((form.bad ?? []).map((b) => [b.line, errors.find((e) => e.file === file && e.code === 'undecodable-line' && e.line === b.line)]));
      row.keys.forEach((k, i) => {
        const m = heads.classify(k);
        const text = cellText(row.cells[i]!);
        const err = bad.get(row.lines[i]!) ?? (text.includes('\ufffd') || text.includes('\u0000') ? [...bad.values()].find((e) => e && e.line! >= row.line) : undefined);
        if (err && 'col' in m && !unknownCells.has(m.col.key)) unknownCells.set(m.col.key, err);
      });
    }
    for (const k of row.unreadable) {
      const err = nested.get(k)?.shift();
      const m = heads.classify(k);
      if (err && 'col' in m && !unknownCells.has(m.col.key)) unknownCells.set(m.col.key, err);
    }
    const res = schema.safeParse(input);
    if (res.success && unknownCells.size === 0) {
      out.rows[r] = store.appendRecord(res.data as Rec);
      continue;
    }
    // The record stays; each cell that failed is Unknown with its error.
    const rec = partial(def, input);
    for (const [key, err] of unknownCells) rec[key] = new Unknown(err);
    if (res.success) {
      out.rows[r] = store.appendRecord(rec);
      continue;
    }
    for (const issue of res.error.issues) {
      const key = String(issue.path[0] ?? '');
      if (unknownCells.has(key)) continue;
      const fail = failOf(issue);
      const i = from.get(key);
      const cell = i === undefined ? null : row.cells[i]!;
      const err = dataError(file, i === undefined ? row.line : row.lines[i]!, i === undefined ? out.written.get(key)! : row.keys[i]!, cell === null ? '' : shown(cellText(cell)), fail.code, fail.args);
      errors.push(err);
      rec[key] = new Unknown(err);
    }
    out.rows[r] = store.appendRecord(rec);
  }
  store.seal();
  out.store = store;
  return out;
}

function cellText(c: Cell): string {
  return typeof c === 'string' ? c : c.join('、');
}
