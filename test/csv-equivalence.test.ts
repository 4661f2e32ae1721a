/**
 * The hand-written CSV scanner (src/load/csv.ts) against csv-parse 7 with the
 * options the project used before it: same records, same cells, same start
 * lines, same problem, on random well-formed and malformed CSV.
 */
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv, type CsvTable } from '../src/load/csv.js';

/** The csv-parse based parseCsv this project shipped first: the reference. */
function reference(input: string): CsvTable {
  const text = input.indexOf('\r') === -1 ? input : input.replace(/\r\n?/g, '\n');
  let header: string[] | null = null;
  let headerLine = 1;
  const rows: CsvTable['rows'] = [];
  let lastEnd = 0;
  let problem: CsvTable['problem'] = null;
  const blank = (record: string[]) => record.every((c) => c === '' || c.trim() === '');
  const countNewlines = (s: string) => s.split('\n').length - 1;
  try {
    parse(text, {
      info: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      on_record: ({ record, info }: { record: string[]; info: { lines: number } }) => {
        let inner = 0;
        for (const cell of record) inner += countNewlines(cell);
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
    let pos = 0;
    for (let l = 1; l <= lastEnd && pos !== -1; l++) pos = text.indexOf('\n', pos) + 1 || -1;
    let line = lastEnd + 1;
    while (pos !== -1 && pos < text.length && text[pos] === '\n') {
      pos++;
      line++;
    }
    // No value: the record's text (and every row the quote swallowed) is never shown, only its line.
    problem = { line, code: code === 'CSV_QUOTE_NOT_CLOSED' ? 'csv-unclosed-quote' : 'csv-syntax', value: null };
  }
  return { header: header ?? [], headerLine, rows, problem };
}

/** A field as a spreadsheet writes it: quoted when it must be, sometimes when it need not. */
const rawText = fc.string({ unit: fc.constantFrom('a', 'b', '1', '核', ' ', '\u3000', ',', '"', '\n', '\r\n', '\r', '\t') });
const wellFormedField = fc.tuple(rawText, fc.boolean()).map(([s, forceQuote]) =>
  forceQuote || /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s,
);
const lineEnd = fc.constantFrom('\n', '\r\n', '\r');
const wellFormed = fc
  .array(fc.tuple(fc.array(wellFormedField, { minLength: 1, maxLength: 5 }), lineEnd, fc.boolean()), { maxLength: 8 })
  .chain((records) =>
    fc.boolean().map((finalEnd) =>
      records.map(([fields, end, emptyAfter], i) => fields.join(',') + (i < records.length - 1 || finalEnd ? end : '') + (emptyAfter ? end : '')).join(''),
    ),
  );
/** Anything made of the characters that matter to CSV (no NUL: binary files never reach the parser). */
const anyText = fc.string({ unit: fc.constantFrom('a', 'x', '核', ' ', ',', '"', '""', '\n', '\r\n', '\r', '\u3000'), maxLength: 60 });

describe('the CSV scanner reads what csv-parse read', () => {
  it('well-formed CSV: quotes, commas, newlines, CRLF, blank lines', () => {
    fc.assert(
      fc.property(wellFormed, (text) => {
        expect(parseCsv(text)).toEqual(reference(text));
      }),
      { numRuns: 3000 },
    );
  });
  it('any text: stray quotes, unclosed quotes, text after closing quotes, lone CR', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(parseCsv(text)).toEqual(reference(text));
      }),
      { numRuns: 5000 },
    );
  });
  it('known corners', () => {
    for (const text of [
      '',
      '"',
      '""',
      '"a"b,c\n',
      '"a""b"c"d,e\n',
      'a,"b\r\nc"\r\nd,e',
      '\n\n a , \n,,\nx\n',
      'h\n"ab""',
      '\ufeffa,b\n1,2',
      'a\r\r\nb\r',
      'a,"x"\r"y"',
    ]) {
      expect(parseCsv(text), JSON.stringify(text)).toEqual(reference(text));
    }
  });
});
