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
 * million arrays.
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
 * `line` the editor line it starts on, `end` the offset in the text after it.
 */
export type CsvRecordHandler = (cells: string[], n: number, line: number, end: number) => void;

const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * Scans CSV text, calling `onRecord` per record; never throws for bad input.
 * `delimiter` separates fields: `,`, or a tab for Excel's "Unicode 文本".
 */
export function scanCsv(text: string, onRecord: CsvRecordHandler, delimiter: ',' | '\t' = ','): { problem: CsvProblem | null } {
  const SEP = delimiter.charCodeAt(0);
  const len = text.length;
  const cells: string[] = [];
  let pos = 0;
  let line = 1;
  while (pos < len) {
    let c = text.charCodeAt(pos);
    // An empty line (no field, no quote): skipped.
    if (c === LF) {
      pos++;
      line++;
      continue;
    }
    if (c === CR) {
      pos += text.charCodeAt(pos + 1) === LF ? 2 : 1;
      line++;
      continue;
    }
    const start = line;
    let n = 0;
    let blank = true;
    for (;;) {
      let value: string;
      if (text.charCodeAt(pos) === QUOTE) {
        // Quoted field.
        let p = pos + 1;
        value = '';
        for (;;) {
          const q = text.indexOf('"', p);
          if (q === -1) return { problem: unclosed(start) };
          const next = q + 1 < len ? text.charCodeAt(q + 1) : -1;
          if (next === QUOTE) {
            // "" is one quote.
            value += q > p ? inner(text.slice(p, q)) + '"' : '"';
            p = q + 2;
            continue;
          }
          if (q > p) value += inner(text.slice(p, q));
          pos = q + 1;
          if (next !== -1 && next !== SEP && next !== LF && next !== CR) {
            // A closing quote followed by text: taken literally up to the field's end.
            let e = pos;
            while (e < len) {
              const d = text.charCodeAt(e);
              if (d === SEP || d === LF || d === CR) break;
              e++;
            }
            value = '"' + value + '"' + text.slice(pos, e);
            pos = e;
          }
          break;
        }
        // Lines inside the quotes.
        if (value.length > 0) line += countNewlines(value);
      } else {
        let e = pos;
        while (e < len) {
          const d = text.charCodeAt(e);
          if (d === SEP || d === LF || d === CR) break;
          e++;
        }
        value = e === pos ? '' : text.slice(pos, e);
        pos = e;
      }
      if (blank && value.length > 0 && !isBlank(value)) blank = false;
      cells[n++] = value;
      if (pos >= len) break;
      c = text.charCodeAt(pos);
      if (c === SEP) {
        pos++;
        continue;
      }
      // A line end.
      pos += c === CR && text.charCodeAt(pos + 1) === LF ? 2 : 1;
      line++;
      break;
    }
    if (!blank) onRecord(cells, n, start, pos);
  }
  return { problem: null };
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
function inner(s: string): string {
  return s.indexOf('\r') === -1 ? s : s.replace(/\r\n?/g, '\n');
}

/** A cell of only whitespace counts as empty when deciding whether a record is blank. */
function isBlank(s: string): boolean {
  const c = s.charCodeAt(0);
  // Fast answer for the usual first character: a letter, digit or CJK character.
  if ((c > 32 && c < 127) || (c > 0x3000 && c !== 0xfeff)) return false;
  return s.trim() === '';
}

function countNewlines(s: string): number {
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
