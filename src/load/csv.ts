/**
 * CSV text → header + rows with the editor line each record starts on. The
 * one place that knows the CSV parser, so it can be swapped for a faster one.
 */
import { parse } from 'csv-parse/sync';

export interface CsvRow {
  /** Editor line the record starts on (header = 1). */
  line: number;
  cells: string[];
}

export interface CsvTable {
  header: string[];
  /** 1 unless the file starts with blank lines. */
  headerLine: number;
  rows: CsvRow[];
  /** A syntax error that stopped parsing (rows before it are kept). */
  problem: { line: number; code: 'csv-unclosed-quote' | 'csv-syntax'; value: string | null } | null;
}

/** Parses CSV text; never throws for bad input. */
export function parseCsv(input: string): CsvTable {
  // csv-parse miscounts CRLF inside quotes and breaks on mixed line ends.
  const text = input.indexOf('\r') === -1 ? input : input.replace(/\r\n?/g, '\n');
  let header: string[] | null = null;
  let headerLine = 1;
  const rows: CsvRow[] = [];
  let lastEnd = 0;
  let problem: CsvTable['problem'] = null;
  try {
    parse(text, {
      info: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      on_record: ({ record, info }: { record: string[]; info: { lines: number } }) => {
        // info.lines is where the record ends; embedded newlines give its start.
        let inner = 0;
        for (const cell of record) if (cell.indexOf('\n') !== -1) inner += countNewlines(cell);
        lastEnd = info.lines;
        if (blank(record)) return null;
        if (header === null) {
          header = record;
          headerLine = info.lines - inner;
        } else rows.push({ line: info.lines - inner, cells: record });
        return null;
      },
    } as never);
  } catch (e) {
    const code = (e as { code?: string }).code;
    const line = nextNonEmptyLine(text, lastEnd);
    problem = {
      line,
      code: code === 'CSV_QUOTE_NOT_CLOSED' ? 'csv-unclosed-quote' : 'csv-syntax',
      value: lineText(text, line),
    };
  }
  return { header: header ?? [], headerLine, rows, problem };
}

/** A row of only empty cells (`,,,` that Excel leaves below the data) counts as an empty line. */
function blank(record: string[]): boolean {
  for (const c of record) if (c !== '' && c.trim() !== '') return false;
  return true;
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** First non-blank line after `after` (1-based), where a failed record starts. */
function nextNonEmptyLine(text: string, after: number): number {
  let pos = 0;
  for (let l = 1; l <= after && pos !== -1; l++) pos = text.indexOf('\n', pos) + 1 || -1;
  let line = after + 1;
  while (pos !== -1 && pos < text.length && text[pos] === '\n') {
    pos++;
    line++;
  }
  return line;
}

function lineText(text: string, line: number): string | null {
  let pos = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', pos);
    if (nl === -1) return null;
    pos = nl + 1;
  }
  const end = text.indexOf('\n', pos);
  return text.slice(pos, end === -1 ? Math.min(text.length, pos + 200) : Math.min(end, pos + 200));
}
