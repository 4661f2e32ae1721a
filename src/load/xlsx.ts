/**
 * Excel workbooks (.xlsx) → rows of cells as text with their Excel row
 * numbers, handed over one at a time exactly as the CSV scanner hands over
 * records (src/load/csv.ts), so both feed one row handler
 * (src/validate/table.ts).
 *
 * An .xlsx is a zip of XML parts. The zip's central directory is read here
 * (no part is trusted for its declared size), each part is inflated in
 * slices with fflate's streaming Inflate, decoded as UTF-8 and scanned as it
 * comes: a sheet never exists whole in memory, only the workbook's bytes,
 * its shared strings and one row. Every part has a cap on what it may
 * inflate to, so a zip bomb stops at the cap instead of filling memory.
 *
 * Cells as text, as Excel shows them:
 * - strings (shared or inline, rich text runs joined, phonetic runs left
 *   out, `_x000D_` escapes undone) as written;
 * - numbers: an integer as digits (`3`, never `3.0`), a fraction to 15
 *   significant digits (what Excel keeps), and a number of 16 digits or more
 *   as Excel shows it, `1.10101199001011E+17`: such a number has lost its
 *   last digits (an ID typed into a General column), and the cell checks
 *   report it with the fix (format the column as Text and enter it again);
 * - booleans TRUE/FALSE as 是/否;
 * - a number in a date format as `YYYY-MM-DD` (with `HH:MM:SS` when it has a
 *   time of day), in the 1900 or the 1904 date system;
 * - formula cells by their last computed value; error cells (#N/A) as shown.
 *
 * Beyond Excel's own limits (1,048,576 rows, 16,384 columns, 32,767
 * characters in a cell) a file was not written by Excel: reading stops there
 * with an error, as it does at a damaged part.
 */
import { Inflate } from 'fflate';
import { serialToDate } from '../validate/cells.js';
import { XLSX_LIMITS } from './guard.js';

/** Excel's limits (Excel specifications and limits). */
import { EXCEL_MAX_ROWS } from '../contract/sheets.js';
export { EXCEL_MAX_ROWS };
export const EXCEL_MAX_COLUMNS = 16_384;
export const EXCEL_MAX_CELL_CHARS = 32_767;

export interface XlsxLimits {
  /** What one sheet's XML may inflate to. */
  sheetBytes: number;
  /** What the shared strings part may inflate to (it is held in memory while sheets are read). */
  sharedStringsBytes: number;
  /** What the small parts (workbook, relationships, styles) may inflate to; they are read whole. */
  smallPartBytes: number;
}

/** The guard's caps (src/load/guard.ts); tests pass smaller ones. */
export const DEFAULT_LIMITS: XlsxLimits = XLSX_LIMITS;

/** Why a workbook cannot be read at all (worded in src/messages/data.ts, `xlsx-unreadable`). */
export type BookReason = 'not-zip' | 'ole' | 'encrypted' | 'no-workbook' | 'no-sheet' | 'damaged' | 'too-large';

/**
 * A problem that stopped reading a sheet: the rows before it are kept.
 * `line` is the last row read (null before the first).
 */
export interface SheetProblem {
  line: number | null;
  code: 'xlsx-unreadable' | 'xlsx-limit';
  args: Record<string, string | number | null>;
}

/** Called per row that has a non-blank cell: its first `n` cells (the array is reused), Excel's row number, and how far into the sheet's XML it ends. */
export type SheetRowHandler = (cells: string[], n: number, line: number, end: number) => void;

export interface XlsxSheet {
  name: string;
  /** Path of its part in the zip. */
  part: string;
  hidden: boolean;
}

interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  csize: number;
  usize: number;
  offset: number;
}

/** A tag's attribute text, where a quoted value may hold `>` (never `<`, so a match never runs past the next tag): the first group of the tag patterns below. */
const ATTRS = `((?:[^<>"']|"[^"<]*"|'[^'<]*')*)`;

class Stop {
  constructor(readonly problem: SheetProblem | null) {}
}

/** An opened workbook: its sheets in tab order; shared strings and styles are read on first use. */
export class XlsxBook {
  readonly sheets: XlsxSheet[] = [];
  date1904 = false;
  private sharedPart: string | null = null;
  private stylesPart: string | null = null;
  private shared: string[] | null = null;
  private sharedProblem: SheetProblem | null = null;
  private dateStyles: boolean[] | null = null;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly entries: Map<string, ZipEntry>,
    readonly limits: XlsxLimits,
  ) {}

  /** Opens the workbook's parts list; a reason when it is not a workbook that can be read. */
  static open(bytes: Uint8Array, limits: XlsxLimits = DEFAULT_LIMITS): XlsxBook | { reason: BookReason } {
    // An OLE2 compound file: an old .xls, or an .xlsx saved with a password (Excel encrypts it into one).
    if (bytes.length >= 8 && bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) return { reason: 'ole' };
    const entries = centralDirectory(bytes);
    if (typeof entries === 'string') return { reason: entries };
    const book = new XlsxBook(bytes, entries, limits);
    try {
      const why = book.readWorkbook();
      return why === null ? book : { reason: why };
    } catch (e) {
      if (e instanceof Stop) return { reason: e.problem?.args.reason === 'too-large' ? 'too-large' : 'damaged' };
      throw e;
    }
  }

  /** The sheet a single-table workbook holds it in: the one named after it, else the first visible worksheet. */
  firstSheet(): XlsxSheet {
    return this.sheets.find((s) => !s.hidden) ?? this.sheets[0]!;
  }

  /** Declared inflated size of a sheet (an estimate only: it comes from the file), capped. */
  sizeOf(sheet: XlsxSheet): number {
    return Math.min(this.entries.get(sheet.part.toLowerCase())?.usize ?? 0, this.limits.sheetBytes);
  }

  /** Compressed size of a sheet's part in the file. */
  storedSizeOf(sheet: XlsxSheet): number {
    return this.entries.get(sheet.part.toLowerCase())?.csize ?? 0;
  }

  private readWorkbook(): BookReason | null {
    const rootRels = this.has('_rels/.rels') ? relationships(this.small('_rels/.rels'), '') : [];
    const main = rootRels.find((r) => r.type.endsWith('/officeDocument'))?.target ?? 'xl/workbook.xml';
    if (!this.has(main)) return this.has('xl/workbook.xml') ? this.readSheets('xl/workbook.xml') : 'no-workbook';
    return this.readSheets(main);
  }

  private readSheets(main: string): BookReason | null {
    const xml = this.small(main);
    const base = main.includes('/') ? main.slice(0, main.lastIndexOf('/') + 1) : '';
    const relsPath = `${base}_rels/${main.slice(base.length)}.rels`;
    const rels = this.has(relsPath) ? relationships(this.small(relsPath), base) : [];
    const byId = new Map(rels.map((r) => [r.id, r]));
    const pr = new RegExp(`<(?:[\\w.-]+:)?workbookPr\\b${ATTRS}>`).exec(xml);
    if (pr) this.date1904 = /^(1|true)$/i.test(attr(pr[1]!, 'date1904') ?? '');
    for (const m of xml.matchAll(new RegExp(`<(?:[\\w.-]+:)?sheet\\b${ATTRS}>`, 'g'))) {
      const attrs = m[1]!;
      const id = /\s[\w.-]+:id\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(attrs);
      const rel = id ? byId.get(decodeXml(id[1] ?? id[2]!)) : undefined;
      // A chart sheet or a dialog sheet holds no table.
      if (!rel || !rel.type.endsWith('/worksheet') || !this.has(rel.target)) continue;
      const state = attr(attrs, 'state');
      // Excel allows 31 characters; a longer name (not from Excel) is cut, as it goes into every error of the sheet.
      const name = decodeXml(attr(attrs, 'name') ?? '');
      this.sheets.push({ name: name.length > 64 ? name.slice(0, 64) + '…' : name, part: rel.target, hidden: state === 'hidden' || state === 'veryHidden' });
    }
    if (this.sheets.length === 0) return 'no-sheet';
    const shared = rels.find((r) => r.type.endsWith('/sharedStrings'))?.target ?? `${base}sharedStrings.xml`;
    const styles = rels.find((r) => r.type.endsWith('/styles'))?.target ?? `${base}styles.xml`;
    this.sharedPart = this.has(shared) ? shared : null;
    this.stylesPart = this.has(styles) ? styles : null;
    return null;
  }

  private has(part: string): boolean {
    return this.entries.has(part.toLowerCase());
  }

  /** A small part, whole, as text. */
  private small(part: string): string {
    let out = '';
    this.inflate(part, this.limits.smallPartBytes, (text) => {
      out += text;
    });
    return out;
  }

  /**
   * Inflates a part in slices, handing its text over as it comes; throws Stop
   * when it is damaged or inflates past `cap`, or when `onText` throws Stop.
   */
  private inflate(part: string, cap: number, onText: (text: string, done: number) => void): void {
    const e = this.entries.get(part.toLowerCase());
    if (!e) throw new Stop({ line: null, code: 'xlsx-unreadable', args: { reason: 'damaged' } });
    const b = this.bytes;
    const at = e.offset;
    if (at + 30 > b.length || u32(b, at) !== 0x04034b50) throw new Stop({ line: null, code: 'xlsx-unreadable', args: { reason: 'damaged' } });
    const start = at + 30 + u16(b, at + 26) + u16(b, at + 28);
    const end = start + e.csize;
    if (end > b.length) throw new Stop({ line: null, code: 'xlsx-unreadable', args: { reason: 'damaged' } });
    const decoder = new TextDecoder('utf-8');
    let total = 0;
    const take = (chunk: Uint8Array, final: boolean) => {
      total += chunk.length;
      if (total > cap) {
        // What fits under the cap is read (its rows count), then the part stops.
        const fits = chunk.length - (total - cap);
        if (fits > 0) onText(decoder.decode(chunk.subarray(0, fits), { stream: true }), cap);
        throw new Stop({ line: null, code: 'xlsx-unreadable', args: { reason: 'too-large', part, max: cap } });
      }
      const text = decoder.decode(chunk, { stream: !final });
      if (text.length > 0 || final) onText(text, total);
    };
    const SLICE = 64 * 1024;
    if (e.method === 0) {
      if (e.csize === 0) take(new Uint8Array(0), true);
      for (let p = start; p < end; p += SLICE) take(b.subarray(p, Math.min(end, p + SLICE)), p + SLICE >= end);
      return;
    }
    if (e.method !== 8) throw new Stop({ line: null, code: 'xlsx-unreadable', args: { reason: 'damaged' } });
    const inflater = new Inflate((chunk, final) => take(chunk, final));
    try {
      if (e.csize === 0) inflater.push(new Uint8Array(0), true);
      for (let p = start; p < end; p += SLICE) inflater.push(b.subarray(p, Math.min(end, p + SLICE)), p + SLICE >= end);
    } catch (err) {
      if (err instanceof Stop) throw err;
      // fflate's own errors: invalid block type, unexpected end of data ...
      throw new Stop({ line: null, code: 'xlsx-unreadable', args: { reason: 'damaged' } });
    }
  }

  private loadShared(): SheetProblem | null {
    if (this.shared !== null || this.sharedProblem !== null) return this.sharedProblem;
    const out: string[] = [];
    if (this.sharedPart !== null) {
      const parser = new SharedStringsParser(out);
      try {
        this.inflate(this.sharedPart, this.limits.sharedStringsBytes, (text) => parser.push(text));
        parser.end();
      } catch (e) {
        if (!(e instanceof Stop)) throw e;
        this.sharedProblem = e.problem;
        return this.sharedProblem;
      }
    }
    this.shared = out;
    return null;
  }

  private loadStyles(): boolean[] {
    if (this.dateStyles !== null) return this.dateStyles;
    const dates: boolean[] = [];
    if (this.stylesPart !== null) {
      const xml = this.small(this.stylesPart);
      const formats = new Map<number, string>();
      for (const m of xml.matchAll(new RegExp(`<(?:[\\w.-]+:)?numFmt\\b${ATTRS}>`, 'g'))) {
        const id = Number(attr(m[1]!, 'numFmtId'));
        if (Number.isInteger(id)) formats.set(id, decodeXml(attr(m[1]!, 'formatCode') ?? ''));
      }
      const xfs = /<(?:[\w.-]+:)?cellXfs\b[^>]*>([\s\S]*?)<\/(?:[\w.-]+:)?cellXfs>/.exec(xml);
      if (xfs) {
        for (const m of xfs[1]!.matchAll(new RegExp(`<(?:[\\w.-]+:)?xf\\b${ATTRS}>`, 'g'))) {
          const id = Number(attr(m[1]!, 'numFmtId') ?? 0);
          dates.push(formats.has(id) ? isDateFormat(formats.get(id)!) : BUILTIN_DATES.has(id));
        }
      }
    }
    this.dateStyles = dates;
    return dates;
  }

  /**
   * Reads one sheet, calling `onRow` for every row with a non-blank cell, in
   * order. Never throws for bad input: a problem stops reading (the rows
   * before it were handed over) and is returned.
   */
  scanSheet(sheet: XlsxSheet, onRow: SheetRowHandler): { problem: SheetProblem | null } {
    let dateStyles: boolean[];
    try {
      dateStyles = this.loadStyles();
    } catch (e) {
      if (e instanceof Stop) return { problem: e.problem };
      throw e;
    }
    const sharedProblem = this.loadShared();
    if (sharedProblem) return { problem: sharedProblem };
    const parser = new SheetParser(onRow, (type, v, style) => cellValue(type, v, style, dateStyles, this.shared!, this.date1904));
    try {
      this.inflate(sheet.part, this.limits.sheetBytes, (text) => parser.push(text));
      parser.end();
    } catch (e) {
      if (!(e instanceof Stop)) throw e;
      if (e.problem) return { problem: e.problem.line === null && parser.lastRow > 0 ? { ...e.problem, line: parser.lastRow } : e.problem };
    }
    return { problem: null };
  }
}

/** Raw (escaped) text of a cell past which it cannot be 32,767 characters once unescaped. */
const MAX_RAW_CELL = EXCEL_MAX_CELL_CHARS * 10;

/**
 * Text arrives in chunks; an element cut by a chunk's end is carried over to
 * the next one. An element (a cell, a shared string) longer than Excel lets
 * a cell be is refused, so what is carried stays small.
 */
abstract class Chunked {
  private carry = '';
  /** Characters of the part before the current buffer. */
  protected base = 0;

  push(chunk: string): void {
    const buf = this.carry === '' ? chunk : this.carry + chunk;
    const used = this.parse(buf);
    this.carry = used === buf.length ? '' : buf.slice(used);
    if (this.carry.length > MAX_RAW_CELL + 4096) this.tooLong();
    this.base += used;
  }

  end(): void {
    // Something left open at the end of the part: it was cut short.
    if (this.carry.trim() !== '') throw new Stop({ line: null, code: 'xlsx-unreadable', args: { reason: 'damaged' } });
  }

  /** Handles the complete elements of `buf`; returns where the first incomplete one starts (or buf.length). */
  protected abstract parse(buf: string): number;

  protected tooLong(): never {
    throw new Stop({ line: null, code: 'xlsx-limit', args: { what: 'cell', max: EXCEL_MAX_CELL_CHARS } });
  }

  /** Past a tag that is not acted on (or a comment, a processing instruction): its end + 1, or -1 when it is cut. */
  protected static skip(buf: string, lt: number): number {
    if (buf.charCodeAt(lt + 1) === 33 && buf.startsWith('<!--', lt)) {
      const e = buf.indexOf('-->', lt + 4);
      return e === -1 ? -1 : e + 3;
    }
    const gt = buf.indexOf('>', lt + 1);
    return gt === -1 ? -1 : gt + 1;
  }
}

/** The namespace prefix of a part's root element (`x:` in `<x:worksheet>`), '' for none; null until the root is seen. */
function rootPrefix(buf: string, lt: number): string | null {
  const c = buf.charCodeAt(lt + 1);
  if (c === 63 || c === 33) return null;
  let end = lt + 1;
  while (end < buf.length) {
    const d = buf.charCodeAt(end);
    if (d === 32 || d === 9 || d === 10 || d === 13 || d === 47 || d === 62) break;
    end++;
  }
  const name = buf.slice(lt + 1, end);
  const colon = name.indexOf(':');
  return colon === -1 ? '' : name.slice(0, colon + 1);
}

/** Whether the character after a tag name ends it (space, `>`, `/`). */
function ends(code: number): boolean {
  return code === 32 || code === 62 || code === 47 || code === 9 || code === 10 || code === 13;
}

/**
 * The raw text of the `<t>` elements in `s[from, to)` joined, leaving out
 * phonetic runs (`<rPh>`): a rich text string or an inline string.
 */
function runsText(s: string, from: number, to: number, p: string): string {
  let out = '';
  let pos = from;
  for (;;) {
    const lt = s.indexOf('<', pos);
    if (lt === -1 || lt >= to) return out;
    if (s.startsWith(p + 'rPh', lt + 1) && ends(s.charCodeAt(lt + 1 + p.length + 3))) {
      const e = s.indexOf(`</${p}rPh>`, lt);
      if (e === -1 || e >= to) return out;
      pos = e + p.length + 6;
      continue;
    }
    const gt = s.indexOf('>', lt);
    if (gt === -1 || gt >= to) return out;
    if (s.startsWith(p + 't', lt + 1) && ends(s.charCodeAt(lt + 1 + p.length + 1)) && s.charCodeAt(gt - 1) !== 47) {
      const e = s.indexOf('<', gt);
      if (e === -1 || e >= to) return out;
      out += s.slice(gt + 1, e);
      pos = e;
      continue;
    }
    pos = gt + 1;
  }
}

/** xl/sharedStrings.xml → the strings, in order: each `<si>` whole, then its text. */
class SharedStringsParser extends Chunked {
  private p: string | null = null;
  private open = '<si';
  private close = '</si>';

  constructor(private readonly out: string[]) {
    super();
  }

  protected parse(buf: string): number {
    let pos = 0;
    for (;;) {
      const lt = buf.indexOf('<', pos);
      if (lt === -1) return buf.length;
      if (this.p === null) {
        const p = rootPrefix(buf, lt);
        if (p !== null) {
          this.p = p;
          this.open = `<${p}si`;
          this.close = `</${p}si>`;
        }
      }
      if (buf.startsWith(this.open, lt) && ends(buf.charCodeAt(lt + this.open.length))) {
        const gt = buf.indexOf('>', lt);
        if (gt === -1) return lt;
        if (buf.charCodeAt(gt - 1) === 47) {
          this.out.push('');
          pos = gt + 1;
          continue;
        }
        const e = buf.indexOf(this.close, gt);
        if (e === -1) return lt;
        if (e - gt > MAX_RAW_CELL) this.tooLong();
        this.out.push(flat(cellText(runsText(buf, gt + 1, e, this.p ?? ''))));
        pos = e + this.close.length;
        continue;
      }
      const next = Chunked.skip(buf, lt);
      if (next === -1) return lt;
      pos = next;
    }
  }
}

/** A finished cell's text from its type, raw value (an inline string's raw text) and style; null when it points at nothing. */
type CellMaker = (type: string, raw: string | null, style: number) => string | null;

/**
 * A worksheet part → its rows, each `<c>` taken whole: the cell's r, s and t
 * attributes read in one pass, then its `<v>` (or inline string).
 */
class SheetParser extends Chunked {
  /** Excel's row number of the last row opened; 0 before the first. */
  lastRow = 0;
  private p: string | null = null;
  private inData = false;
  private done = false;
  private readonly cells: string[] = [];
  /** Cells of the open row: [0, filled) are set; n = 1 + the last non-blank one. */
  private filled = 0;
  private n = 0;
  private col = -1;
  private rowOpen = false;
  private tags = { c: '<c', cEnd: '</c>', v: '<v', vEnd: '</v>', is: '<is', row: '<row', rowEnd: '</row>', data: '<sheetData', dataEnd: '</sheetData>' };

  constructor(
    private readonly onRow: SheetRowHandler,
    private readonly make: CellMaker,
  ) {
    super();
  }

  private fail(code: SheetProblem['code'], args: SheetProblem['args']): never {
    throw new Stop({ line: this.lastRow === 0 ? null : this.lastRow, code, args });
  }

  override end(): void {
    super.end();
    // A sheet cut short (no </sheetData>): what was read counts, and it says so.
    if (this.inData && !this.done) this.fail('xlsx-unreadable', { reason: 'damaged' });
  }

  protected parse(buf: string): number {
    const t = this.tags;
    let pos = 0;
    for (;;) {
      const lt = buf.indexOf('<', pos);
      if (lt === -1) return buf.length;
      if (!this.inData) {
        if (this.p === null) {
          const p = rootPrefix(buf, lt);
          if (p !== null) {
            this.p = p;
            this.tags = { c: `<${p}c`, cEnd: `</${p}c>`, v: `<${p}v`, vEnd: `</${p}v>`, is: `<${p}is`, row: `<${p}row`, rowEnd: `</${p}row>`, data: `<${p}sheetData`, dataEnd: `</${p}sheetData>` };
            return this.parse(buf);
          }
        }
        const next = Chunked.skip(buf, lt);
        if (next === -1) return lt;
        if (buf.startsWith(t.data, lt) && ends(buf.charCodeAt(lt + t.data.length))) {
          this.inData = true;
          if (buf.charCodeAt(next - 2) === 47) {
            this.done = true;
            throw new Stop(null);
          }
        }
        pos = next;
        continue;
      }
      const c1 = buf.charCodeAt(lt + t.c.length);
      if (buf.startsWith(t.c, lt) && ends(c1)) {
        const gt = buf.indexOf('>', lt);
        if (gt === -1) return lt;
        const self = buf.charCodeAt(gt - 1) === 47;
        // The usual cell, <c ...><v>15</v></c>, walked straight through.
        if (!self && buf.startsWith(t.v, gt + 1) && buf.charCodeAt(gt + 1 + t.v.length) === 62) {
          const vAt = gt + 2 + t.v.length;
          const vEnd = buf.indexOf('<', vAt);
          if (vEnd !== -1 && buf.startsWith(t.vEnd, vEnd) && buf.startsWith(t.cEnd, vEnd + t.vEnd.length)) {
            this.cell(buf, lt + t.c.length, gt, -1, -1, buf.slice(vAt, vEnd));
            pos = vEnd + t.vEnd.length + t.cEnd.length;
            continue;
          }
        }
        let e = gt;
        if (!self) {
          e = buf.indexOf(t.cEnd, gt);
          if (e === -1) return lt;
        }
        this.cell(buf, lt + t.c.length, self ? gt - 1 : gt, self ? -1 : gt + 1, e, null);
        pos = self ? gt + 1 : e + t.cEnd.length;
        continue;
      }
      if (buf.startsWith(t.row, lt) && ends(buf.charCodeAt(lt + t.row.length))) {
        const gt = buf.indexOf('>', lt);
        if (gt === -1) return lt;
        const self = buf.charCodeAt(gt - 1) === 47;
        const r = attrIn(buf, lt + t.row.length, self ? gt - 1 : gt, 'r');
        const num = r === undefined ? this.lastRow + 1 : Number(r);
        // Rows come in order, each once: the line numbers of a table ascend (validation relies on it).
        if (!Number.isInteger(num) || num <= this.lastRow) this.fail('xlsx-unreadable', { reason: 'damaged' });
        if (num > EXCEL_MAX_ROWS) this.fail('xlsx-limit', { what: 'rows', max: EXCEL_MAX_ROWS });
        this.lastRow = num;
        this.n = 0;
        this.filled = 0;
        this.col = -1;
        this.rowOpen = !self;
        pos = gt + 1;
        continue;
      }
      if (buf.startsWith(t.rowEnd, lt)) {
        if (this.rowOpen && this.n > 0) this.onRow(this.cells, this.n, this.lastRow, this.base + lt);
        this.rowOpen = false;
        pos = lt + t.rowEnd.length;
        continue;
      }
      if (buf.startsWith(t.dataEnd, lt)) {
        this.done = true;
        throw new Stop(null);
      }
      const next = Chunked.skip(buf, lt);
      if (next === -1) return lt;
      pos = next;
    }
  }

  /** One `<c>`: attributes in `buf[a, b)`, content in `buf[from, to)` (from = -1: none, or its `<v>` already read as `value`). */
  private cell(buf: string, a: number, b: number, from: number, to: number, value: string | null): void {
    let col = -1;
    let style = 0;
    let type = 'n';
    // Attributes in one pass: name="value" pairs; r, s and t are acted on.
    let i = a;
    while (i < b) {
      let ch = buf.charCodeAt(i);
      if (ch === 32 || ch === 9 || ch === 10 || ch === 13) {
        i++;
        continue;
      }
      const nameAt = i;
      while (i < b && buf.charCodeAt(i) !== 61) i++;
      let nameEnd = i;
      while (nameEnd > nameAt && buf.charCodeAt(nameEnd - 1) === 32) nameEnd--;
      i++;
      while (i < b && buf.charCodeAt(i) === 32) i++;
      const q = buf.charCodeAt(i);
      if (q !== 34 && q !== 39) this.fail('xlsx-unreadable', { reason: 'damaged' });
      const vAt = i + 1;
      const vEnd = buf.indexOf(q === 34 ? '"' : "'", vAt);
      if (vEnd === -1 || vEnd >= b) this.fail('xlsx-unreadable', { reason: 'damaged' });
      if (nameEnd - nameAt === 1) {
        ch = buf.charCodeAt(nameAt);
        if (ch === 114) col = columnAt(buf, vAt, vEnd);
        else if (ch === 115) style = Number(buf.slice(vAt, vEnd));
        else if (ch === 116) type = vEnd - vAt === 1 ? (buf.charCodeAt(vAt) === 115 ? 's' : buf[vAt]!) : buf.slice(vAt, vEnd);
      }
      i = vEnd + 1;
    }
    const at = col === -1 ? this.col + 1 : col;
    if (at <= this.col) this.fail('xlsx-unreadable', { reason: 'damaged' });
    if (at >= EXCEL_MAX_COLUMNS) this.fail('xlsx-limit', { what: 'columns', max: EXCEL_MAX_COLUMNS });
    this.col = at;
    if ((from === -1 && value === null) || !this.rowOpen) return;
    let raw: string | null = value;
    if (value !== null) {
      // Read by the caller.
    } else if (type === 'inlineStr') {
      const is = buf.indexOf(this.tags.is, from);
      if (is !== -1 && is < to) raw = runsText(buf, is, to, this.p ?? '');
    } else {
      const v = buf.indexOf(this.tags.v, from);
      if (v !== -1 && v < to && ends(buf.charCodeAt(v + this.tags.v.length))) {
        const gt = buf.indexOf('>', v);
        const e = buf.indexOf(this.tags.vEnd, gt);
        if (gt !== -1 && buf.charCodeAt(gt - 1) !== 47 && e !== -1 && e < to) raw = buf.slice(gt + 1, e);
        else if (gt !== -1 && buf.charCodeAt(gt - 1) === 47) raw = '';
      }
    }
    if (raw !== null && raw.length > MAX_RAW_CELL) this.tooLong();
    const text = this.make(type, raw, style);
    if (text === null) this.fail('xlsx-unreadable', { reason: 'damaged' });
    if (text.length > EXCEL_MAX_CELL_CHARS) this.tooLong();
    if (text === '') return;
    const cells = this.cells;
    while (this.filled < at) cells[this.filled++] = '';
    cells[at] = text;
    this.filled = at + 1;
    if (text.trim() !== '') this.n = at + 1;
  }

  protected override tooLong(): never {
    this.fail('xlsx-limit', { what: 'cell', max: EXCEL_MAX_CELL_CHARS });
  }
}

/** A cell reference's column in `s[from, to)`: `A2` → 0, `AB12` → 27; -1 when it has no letters. */
function columnAt(s: string, from: number, to: number): number {
  let n = 0;
  let i = from;
  for (; i < to; i++) {
    const c = s.charCodeAt(i) | 32;
    if (c < 97 || c > 122) break;
    n = n * 26 + (c - 96);
    if (n > EXCEL_MAX_COLUMNS) return EXCEL_MAX_COLUMNS;
  }
  return i === from ? -1 : n - 1;
}

/** An attribute's raw value within `s[from, to)` (a tag's attribute text), or undefined. */
function attrIn(s: string, from: number, to: number, name: string): string | undefined {
  for (;;) {
    const i = s.indexOf(name, from);
    if (i === -1 || i >= to) return undefined;
    from = i + name.length;
    const before = s.charCodeAt(i - 1);
    if (before !== 32 && before !== 9 && before !== 10 && before !== 13) continue;
    let p = from;
    while (s.charCodeAt(p) === 32) p++;
    if (s.charCodeAt(p) !== 61) continue;
    p++;
    while (s.charCodeAt(p) === 32) p++;
    const q = s[p];
    if (q !== '"' && q !== "'") continue;
    const close = s.indexOf(q, p + 1);
    if (close === -1 || close >= to) return undefined;
    return s.slice(p + 1, close);
  }
}

/** An attribute's raw value from a tag's attribute text (`r="A2"`), or undefined. */
function attr(attrs: string, name: string): string | undefined {
  return attrIn(' ' + attrs, 0, attrs.length + 1, name);
}

const ENTITY = /&(?:(amp|lt|gt|quot|apos)|#(\d{1,7})|#x([0-9a-fA-F]{1,6}));/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function codePoint(n: number): string {
  return n > 0 && n <= 0x10ffff && (n < 0xd800 || n > 0xdfff) ? String.fromCodePoint(n) : '\ufffd';
}

/** XML character references undone. */
export function decodeXml(s: string): string {
  if (s.indexOf('&') === -1) return s;
  return s.replace(ENTITY, (_, named: string | undefined, dec: string | undefined, hex: string | undefined) =>
    named !== undefined ? NAMED[named]! : codePoint(dec !== undefined ? Number(dec) : parseInt(hex!, 16)),
  );
}

/**
 * A copy of a string that holds on to nothing else. Text cut from a decoded
 * chunk of XML is a slice of that chunk to V8, and would keep the whole
 * chunk alive for as long as a record keeps the cell: flattening a
 * concatenation copies just the characters.
 */
function flat(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

/** A cell's text: XML references undone, then Excel's own `_xHHHH_` escapes (`_x000D_` is a CR, `_x005F_` an underscore). */
function cellText(raw: string): string {
  const s = decodeXml(raw);
  if (s.indexOf('_x') === -1) return s;
  return s.replace(/_x([0-9a-fA-F]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** Built-in number formats that show a date or a time (14-22; 27-36 and 50-58 are the Chinese, Japanese and Korean date formats; 45-47 times). */
const BUILTIN_DATES = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** Whether a custom number format shows a date or time: d, m, y, h or s outside quotes, escapes and [brackets] (colours, locales; [h] elapsed hours is a duration). */
export function isDateFormat(code: string): boolean {
  const first = code.split(';')[0]!;
  const bare = first
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/[_*]./g, '')
    .replace(/\[[^\]]*\]/g, '');
  return /[dmyhse]/i.test(bare.replace(/General/gi, '').replace(/E[+-]/gi, ''));
}

/** A number's text as Excel shows it in a General cell; see the module comment. */
export function numberText(raw: string): string {
  const x = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(x)) return flat(raw);
  if (Math.abs(x) >= 1e15) {
    const [m, e] = x.toExponential(14).split('e') as [string, string];
    const mant = m.includes('.') ? m.replace(/0+$/, '').replace(/\.$/, '') : m;
    return `${mant}E${e.startsWith('-') ? e : '+' + e.replace('+', '')}`;
  }
  if (Number.isInteger(x)) return String(x + 0);
  return String(Number(x.toPrecision(15)));
}

/** A date cell's serial number → `YYYY-MM-DD` (with ` HH:MM:SS` off midnight); null when it is no date. */
export function serialText(x: number, date1904: boolean): string | null {
  if (!Number.isFinite(x) || x < 0) return null;
  let day = Math.floor(x);
  let secs = Math.round((x - day) * 86400);
  if (secs >= 86400) {
    day++;
    secs = 0;
  }
  const time = secs === 0 ? '' : `${String(Math.floor(secs / 3600)).padStart(2, '0')}:${String(Math.floor(secs / 60) % 60).padStart(2, '0')}:${String(secs % 60).padStart(2, '0')}`;
  if (day === 0 && !date1904) return time === '' ? null : time;
  // The 1904 system counts from 1904-01-01 = 0, which is 1462 in the 1900 system.
  const date = serialToDate(date1904 ? day + 1462 : day);
  if (date === null) return null;
  return time === '' ? date : `${date} ${time}`;
}

/** A finished cell's text (`raw`: its `<v>`, or an inline string's raw text); null when it points at nothing (a shared string index out of range). */
function cellValue(type: string, raw: string | null, style: number, dateStyles: boolean[], shared: string[], date1904: boolean): string | null {
  if (raw === null) return '';
  switch (type) {
    case 's': {
      const i = Number(raw);
      if (raw.trim() === '') return '';
      return Number.isInteger(i) && i >= 0 && i < shared.length ? shared[i]! : null;
    }
    case 'inlineStr':
    case 'str':
    case 'e':
      return flat(cellText(raw));
    case 'b': {
      const b = raw.trim().toLowerCase();
      return b === '1' || b === 'true' ? '是' : b === '0' || b === 'false' ? '否' : flat(cellText(raw));
    }
    case 'd': {
      const t = cellText(raw).trim();
      const m = /^(\d{4}-\d{2}-\d{2})(?:T00:00(?::00(?:\.0+)?)?Z?)?$/.exec(t);
      return m ? m[1]! : flat(t);
    }
    default: {
      const v = raw.trim();
      if (dateStyles[style] === true && v !== '') {
        const d = serialText(Number(v), date1904);
        if (d !== null) return d;
      }
      return numberText(v);
    }
  }
}

interface Relationship {
  id: string;
  type: string;
  target: string;
}

/** A relationships part's entries, targets resolved against `base` (the folder of the part they belong to). */
function relationships(xml: string, base: string): Relationship[] {
  const out: Relationship[] = [];
  for (const m of xml.matchAll(new RegExp(`<(?:[\\w.-]+:)?Relationship\\b${ATTRS}>`, 'g'))) {
    const a = m[1]!;
    if ((attr(a, 'TargetMode') ?? '').toLowerCase() === 'external') continue;
    const target = decodeXml(attr(a, 'Target') ?? '');
    out.push({ id: decodeXml(attr(a, 'Id') ?? ''), type: attr(a, 'Type') ?? '', target: resolvePart(base, target) });
  }
  return out;
}

function resolvePart(base: string, target: string): string {
  const parts = (target.startsWith('/') ? target.slice(1) : base + target).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return out.join('/');
}

function u16(b: Uint8Array, at: number): number {
  return b[at]! | (b[at + 1]! << 8);
}
function u32(b: Uint8Array, at: number): number {
  return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
}
function u64(b: Uint8Array, at: number): number {
  return u32(b, at) + u32(b, at + 4) * 0x100000000;
}

/** Parts a workbook may list; more is not a workbook (and would only cost memory). */
const MAX_ENTRIES = 65_536;

/** The zip's central directory: entries by lower-case name; a reason when it is not a readable zip. */
function centralDirectory(b: Uint8Array): Map<string, ZipEntry> | BookReason {
  const len = b.length;
  let eocd = -1;
  for (let i = len - 22; i >= Math.max(0, len - 22 - 65_535); i--) {
    if (b[i] === 0x50 && u32(b, i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd === -1) return 'not-zip';
  let count = u16(b, eocd + 10);
  let size = u32(b, eocd + 12);
  let offset = u32(b, eocd + 16);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    // Zip64: the end record's locator sits just before it.
    const loc = eocd - 20;
    if (loc < 0 || u32(b, loc) !== 0x07064b50) return 'damaged';
    const rec = u64(b, loc + 8);
    if (rec + 56 > len || u32(b, rec) !== 0x06064b50) return 'damaged';
    count = u64(b, rec + 32);
    size = u64(b, rec + 40);
    offset = u64(b, rec + 48);
  }
  if (offset + size > len || count > MAX_ENTRIES) return 'damaged';
  const entries = new Map<string, ZipEntry>();
  let p = offset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > len || u32(b, p) !== 0x02014b50) return 'damaged';
    const flags = u16(b, p + 8);
    const method = u16(b, p + 10);
    let csize = u32(b, p + 20);
    let usize = u32(b, p + 24);
    const nameLen = u16(b, p + 28);
    const extraLen = u16(b, p + 30);
    const commentLen = u16(b, p + 32);
    let local = u32(b, p + 42);
    if (p + 46 + nameLen + extraLen > len) return 'damaged';
    const name = new TextDecoder(flags & 0x800 ? 'utf-8' : 'latin1').decode(b.subarray(p + 46, p + 46 + nameLen));
    // Zip64 sizes and offset, in that order, for the fields that overflowed.
    for (let x = p + 46 + nameLen; x + 4 <= p + 46 + nameLen + extraLen; ) {
      const id = u16(b, x);
      const n = u16(b, x + 2);
      if (id === 0x0001) {
        let f = x + 4;
        if (usize === 0xffffffff && f + 8 <= x + 4 + n) (usize = u64(b, f)), (f += 8);
        if (csize === 0xffffffff && f + 8 <= x + 4 + n) (csize = u64(b, f)), (f += 8);
        if (local === 0xffffffff && f + 8 <= x + 4 + n) local = u64(b, f);
      }
      x += 4 + n;
    }
    if (flags & 1) return 'encrypted';
    entries.set(name.replace(/^\/+/, '').replace(/\\/g, '/').toLowerCase(), { name, method, flags, csize, usize, offset: local });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}
