/**
 * CSV text → header + rows with the editor line each record starts on. The
 * one place that knows CSV syntax.
 *
 * A hand-written RFC 4180 scanner that reads exactly what csv-parse 7 read
 * with the options this project used (`relax_quotes`, `relax_column_count`,
 * `skip_empty_lines`, over text whose line ends were normalised to LF); the
 * equivalence is tested against csv-parse with fast-check
 * (test/csv-equivalence.test.ts). It works on the decoded string with
 * indexOf/charCodeAt, never copies the text, and hands records to a callback
 * one at a time in a reused array, so a million-row file never exists as a
 * million arrays. It takes the text whole (scanCsv) or in pieces as a big
 * file is decoded chunk by chunk (CsvScanner), with the same result.
 *
 * What it reads (with `,` as the field separator, or a tab when asked):
 * - records end at LF, CRLF or a lone CR (all one line end, as if the text had
 *   been normalised to LF first; inside quotes they become `\n`);
 * - a field that starts with `"` is quoted: `""` is a quote, the field ends at
 *   the closing quote. A closing quote followed by anything but `,`, a line end
 *   or the end of the text is taken literally (relaxed): the field is then the
 *   text as written up to the next `,` or line end, with its quotes;
 * - a `"` inside an unquoted field is an ordinary character;
 * - empty lines are skipped, and so are records whose cells are all blank
 *   (`,,,` that Excel leaves below the data);
 * - a quote still open at the end of the text stops parsing: one problem at
 *   the line that record starts on, with no value (the records before it are
 *   kept).
 */

export interface CsvRow {
  /** Editor line the record starts on (header = 1). */
  line: number;
  cells: string[];
}

export type CsvProblem = { line: number; code: 'csv-unclosed-quote' | 'csv-syntax'; value: string | null };

export interface CsvTable {
  header: string[];
  /** 1 unless the file starts with blank lines. */
  headerLine: number;
  rows: CsvRow[];
  /** A syntax error that stopped parsing (rows before it are kept). */
  problem: CsvProblem | null;
}

/**
 * Called for every non-blank record, the header included: the first `n`
 * entries of `cells` are its cells (the array is reused: copy what you keep),
 * `line` the editor line it starts on, `end` the offset in the text after it
 * (fed in pieces, the LF of a CRLF cut between two pieces is counted in the
 * next record: `end` is for progress, never for a position shown).
 */
export type CsvRecordHandler = (cells: string[], n: number, line: number, end: number) => void;

const QUOTE = 34;
const LF = 10;
const CR = 13;
const NOT_BLANK = /\S/;

/** The field a piece of text ended in, to be read on in the next piece. */
const IN_NONE = 0; // none: between records, or at the start of a field
const IN_PLAIN = 1; // an unquoted field: `acc` is its text so far
const IN_QUOTED = 2; // inside quotes: `acc` is the text so far (`""` already one quote, line ends as written)
const IN_QUOTE_END = 3; // inside quotes, the piece ended on a quote: a closing one, or the first of `""`
const IN_AFTER = 4; // text after a closing quote, taken literally: `acc` is the field so far

/** How a scan ended. */
export interface CsvScanEnd {
  /** The unclosed quote that stopped it (the records before it were handed over). */
  problem: CsvProblem | null;
  /**
   * With `problem`: the non-blank lines from the one its record starts on to
   * the end of the text (line ends as the scanner counts them), each a row the
   * quote may have swallowed. Stand-ins are made from these (src/validate/standins.ts).
   */
  swallowed: number[];
}

/**
 * The scanner, fed the text in pieces: `write` each piece, `end` with the
 * last. A piece may end anywhere (inside a quoted field, between the CR and
 * the LF of a line end): the records, cells, lines and problem are the same
 * as for the text scanned whole (test/load-stream.test.ts). What a piece ends
 * in is kept as state, never by holding the text: a quoted field that spans
 * pieces keeps only its own text, and after a quote that never closes only
 * the numbers of the non-blank lines it swallowed are kept.
 */
export class CsvScanner {
  private readonly sep: number;
  private readonly cells: string[] = [];
  private line = 1;
  /** A record the last piece ended in: its first line, its cells so far, whether they are all blank. */
  private inRecord = false;
  private start = 0;
  private n = 0;
  private blank = true;
  /** The field the last piece ended in (IN_*), and its text so far. */
  private field = IN_NONE;
  private acc = '';
  /** The last piece ended on a CR that ended a line: an LF starting this one belongs to it. */
  private skipLF = false;
  /** Characters in the pieces before this one (`end` of a record counts from the start of the text). */
  private base = 0;
  private ended = false;
  /** The non-blank lines of the record open at the end of a piece (for `swallowed`). */
  private notedFor = 0;
  private noted: number[] = [];
  private noteLine = 0;
  private noteFull = false;
  private noteCR = false;

  constructor(
    private readonly onRecord: CsvRecordHandler,
    delimiter: ',' | '\t' = ',',
    /** Text that starts on this editor line, `base` characters into the file (a file read as bytes up to a record's start: csv-bytes.ts). */
    from: { line: number; base: number } = { line: 1, base: 0 },
  ) {
    this.sep = delimiter.charCodeAt(0);
    this.line = from.line;
    this.base = from.base;
  }

  /** Scans the next piece of the text. */
  write(text: string): void {
    if (this.ended) throw new Error('CsvScanner: write after end');
    this.scan(text, false);
  }

  /** Scans the last piece of the text (possibly empty) and says how the scan ended. */
  end(text = ''): CsvScanEnd {
    if (this.ended) throw new Error('CsvScanner: end after end');
    const problem = this.scan(text, true);
    this.ended = true;
    return { problem, swallowed: problem === null ? [] : this.noted };
  }

  private scan(text: string, last: boolean): CsvProblem | null {
    const SEP = this.sep;
    const onRecord = this.onRecord;
    const cells = this.cells;
    const len = text.length;
    const base = this.base;
    this.base += len;
    let pos = 0;
    if (this.skipLF && len > 0) {
      this.skipLF = false;
      if (text.charCodeAt(0) === LF) pos = 1;
    }
    let line = this.line;
    let inRecord = this.inRecord;
    let start = this.start;
    let n = this.n;
    let blank = this.blank;
    let field = this.field;
    let acc = this.acc;
    /** Where the open record starts in this piece (0 when it started in an earlier one). */
    let recordAt = 0;
    scan: for (;;) {
      if (!inRecord) {
        if (pos >= len) break;
        const c = text.charCodeAt(pos);
        // An empty line (no field, no quote): skipped.
        if (c === LF) {
          pos++;
          line++;
          continue;
        }
        if (c === CR) {
          if (pos + 1 < len) pos += text.charCodeAt(pos + 1) === LF ? 2 : 1;
          else {
            pos++;
            if (!last) this.skipLF = true;
          }
          line++;
          continue;
        }
        inRecord = true;
        start = line;
        n = 0;
        blank = true;
        recordAt = pos;
      }
      for (;;) {
        let value: string;
        if (field === IN_NONE && text.charCodeAt(pos) !== QUOTE) {
          // An unquoted field.
          let e = pos;
          while (e < len) {
            const d = text.charCodeAt(e);
            if (d === SEP || d === LF || d === CR) break;
            e++;
          }
          if (e === len && !last) {
            // It may go on in the next piece (and an empty start may yet be a quote).
            if (e > pos) {
              acc = text.slice(pos, e);
              field = IN_PLAIN;
            }
            pos = len;
            break scan;
          }
          value = e === pos ? '' : text.slice(pos, e);
          pos = e;
        } else if (field === IN_PLAIN || field === IN_AFTER) {
          // The rest of a field the last piece ended in, up to its end.
          let e = pos;
          while (e < len) {
            const d = text.charCodeAt(e);
            if (d === SEP || d === LF || d === CR) break;
            e++;
          }
          if (e > pos) acc += text.slice(pos, e);
          pos = e;
          if (e === len && !last) break scan;
          value = acc;
          // Lines inside the quotes before the text after them.
          if (field === IN_AFTER && value.length > 0) line += countNewlines(value);
          field = IN_NONE;
          acc = '';
        } else {
          // A quoted field, or the rest of one.
          if (field === IN_NONE) {
            acc = '';
            pos++;
            field = IN_QUOTED;
          }
          /** The character after the closing quote (-1: the end of the text). */
          let after = -2;
          while (after === -2) {
            if (field === IN_QUOTED) {
              const q = text.indexOf('"', pos);
              if (q === -1) {
                if (last) return this.unclosed(text, recordAt, start);
                if (pos < len) acc += text.slice(pos);
                pos = len;
                break scan;
              }
              if (q + 1 >= len && !last) {
                // A closing quote, or the first of "": the next piece says.
                if (q > pos) acc += text.slice(pos, q);
                pos = len;
                field = IN_QUOTE_END;
                break scan;
              }
              if (q > pos) acc += text.slice(pos, q);
              const next = q + 1 < len ? text.charCodeAt(q + 1) : -1;
              if (next === QUOTE) {
                // "" is one quote.
                acc += '"';
                pos = q + 2;
                continue;
              }
              pos = q + 1;
              after = next;
            } else if (pos < len) {
              // IN_QUOTE_END: the last piece ended on a quote.
              if (text.charCodeAt(pos) === QUOTE) {
                acc += '"';
                pos++;
                field = IN_QUOTED;
              } else after = text.charCodeAt(pos);
            } else if (last) after = -1;
            else break scan;
          }
          value = acc.length === 0 ? '' : inner(acc);
          acc = '';
          field = IN_NONE;
          if (after !== -1 && after !== SEP && after !== LF && after !== CR) {
            // A closing quote followed by text: taken literally up to the field's end.
            let e = pos;
            while (e < len) {
              const d = text.charCodeAt(e);
              if (d === SEP || d === LF || d === CR) break;
              e++;
            }
            value = '"' + value + '"' + text.slice(pos, e);
            pos = e;
            if (e === len && !last) {
              acc = value;
              field = IN_AFTER;
              break scan;
            }
          }
          // Lines inside the quotes.
          if (value.length > 0) line += countNewlines(value);
        }
        if (blank && value.length > 0 && !isBlank(value)) blank = false;
        cells[n++] = value;
        // The end of the text (only ever in the last piece: in others a field at the end is read on).
        if (pos >= len) break;
        const c = text.charCodeAt(pos);
        if (c === SEP) {
          pos++;
          continue;
        }
        // A line end.
        if (c === CR) {
          if (pos + 1 < len) pos += text.charCodeAt(pos + 1) === LF ? 2 : 1;
          else {
            pos++;
            if (!last) this.skipLF = true;
          }
        } else pos++;
        line++;
        break;
      }
      inRecord = false;
      if (!blank) onRecord(cells, n, start, base + pos);
    }
    this.line = line;
    this.inRecord = inRecord;
    this.start = start;
    this.n = n;
    this.blank = blank;
    this.field = field;
    this.acc = acc;
    if (inRecord) this.note(text, recordAt, start, false);
    return null;
  }

  /** The unclosed-quote problem (see `unclosed`), noting the lines it swallowed in this last piece. */
  private unclosed(text: string, from: number, start: number): CsvProblem {
    this.note(text, from, start, true);
    return unclosed(start);
  }

  /**
   * Notes which lines of the record starting on `start` are non-blank, from
   * `from` in this piece (a record still open after this piece may be one a
   * quote never closes). A line is blank when it holds only whitespace.
   */
  private note(text: string, from: number, start: number, last: boolean): void {
    if (this.notedFor !== start) {
      this.notedFor = start;
      this.noted = [];
      this.noteLine = start;
      this.noteFull = false;
      this.noteCR = false;
    }
    const len = text.length;
    let i = from;
    if (this.noteCR && i < len) {
      this.noteCR = false;
      if (text.charCodeAt(i) === LF) i++;
    }
    while (i < len) {
      let e = i;
      while (e < len) {
        const c = text.charCodeAt(e);
        if (c === LF || c === CR) break;
        e++;
      }
      if (!this.noteFull && e > i && NOT_BLANK.test(text.slice(i, e))) this.noteFull = true;
      if (e === len) break;
      if (this.noteFull) this.noted.push(this.noteLine);
      this.noteLine++;
      this.noteFull = false;
      if (text.charCodeAt(e) === CR) {
        if (e + 1 < len) {
          if (text.charCodeAt(e + 1) === LF) e++;
        } else this.noteCR = true;
      }
      i = e + 1;
    }
    if (last && this.noteFull) {
      this.noted.push(this.noteLine);
      this.noteFull = false;
    }
  }
}

/**
 * Scans CSV text, calling `onRecord` per record; never throws for bad input.
 * `delimiter` separates fields: `,`, or a tab for Excel's "Unicode 文本".
 */
export function scanCsv(text: string, onRecord: CsvRecordHandler, delimiter: ',' | '\t' = ','): CsvScanEnd {
  return new CsvScanner(onRecord, delimiter).end(text);
}

/** Parses CSV text into header and rows; never throws for bad input. */
export function parseCsv(input: string, delimiter: ',' | '\t' = ','): CsvTable {
  let header: string[] | null = null;
  let headerLine = 1;
  const rows: CsvRow[] = [];
  const { problem } = scanCsv(input, (cells, n, line) => {
    if (header === null) {
      header = cells.slice(0, n);
      headerLine = line;
    } else rows.push({ line, cells: cells.slice(0, n) });
  }, delimiter);
  return { header: header ?? [], headerLine, rows, problem };
}

/** Quoted text with its line ends as LF (CRLF and a lone CR are one line end). */
export function inner(s: string): string {
  return s.indexOf('\r') === -1 ? s : s.replace(/\r\n?/g, '\n');
}

/** A cell of only whitespace counts as empty when deciding whether a record is blank. */
export function isBlank(s: string): boolean {
  const c = s.charCodeAt(0);
  // Fast answer for the usual first character: a letter, digit or CJK character.
  if ((c > 32 && c < 127) || (c > 0x3000 && c !== 0xfeff)) return false;
  return s.trim() === '';
}

export function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * The unclosed-quote problem: the line the record starts on, and no value. The
 * record's text is never shown: it runs to the end of the file, through every
 * row the quote swallowed, names and all.
 */
function unclosed(line: number): CsvProblem {
  return { line, code: 'csv-unclosed-quote', value: null };
}
