/**
 * A big UTF-8 CSV file is read as bytes (src/load/csv-bytes.ts): its records,
 * cells, lines, unclosed quote and swallowed lines must be those the text
 * scanner finds in the decoded text, whatever the chunk size: a record cut by
 * a chunk's end is read again with the next, one longer than a chunk (or a
 * quote that never closes) is handed to the text scanner from its start.
 */
import { closeSync, fstatSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { cellText, readCsvBytes } from '../src/load/csv-bytes.js';
import { scanCsv } from '../src/load/csv.js';

const dir = mkdtempSync(join(tmpdir(), 'hebao-bytes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function scanText(text: string, delimiter: ',' | '\t') {
  const records: [number, string[]][] = [];
  const end = scanCsv(text, (cells, n, line) => records.push([line, cells.slice(0, n)]), delimiter);
  return { records, ...end };
}

let files = 0;
/** The file's records read as bytes in chunks of `chunkBytes`: [line, cells] each, how the scan ended, and which scanner read each. */
function scanBytes(bytes: Buffer, chunkBytes: number, delimiter: ',' | '\t', bom = false) {
  const path = join(dir, `f${files++}.csv`);
  writeFileSync(path, bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]) : bytes);
  const fd = openSync(path, 'r');
  const st = fstatSync(fd);
  const records: [number, string[]][] = [];
  let asText = 0;
  const { end, same } = readCsvBytes(
    { fd, bytes: st.size, mtimeMs: st.mtimeMs, codec: bom ? 'utf-8-bom' : 'utf-8', chunkBytes },
    delimiter,
    (rec, line) => records.push([line, Array.from({ length: rec.n }, (_, i) => cellText(rec, i))]),
    (cells, n, line) => {
      asText++;
      records.push([line, cells.slice(0, n)]);
    },
  );
  expect(same).toBe(true);
  expect(() => fstatSync(fd)).toThrow(); // closed
  rmSync(path);
  return { result: { records, ...end }, asText };
}

const unit = fc.constantFrom('a', 'x', '1', '核', '村', '😀', ' ', '\u3000', '\u00a0', ',', '\t', '"', '""', '\n', '\r\n', '\r');
const anyText = fc.string({ unit, maxLength: 120 });

describe('a UTF-8 CSV file read as bytes', () => {
  it('any text, chunks of 1 to 40 bytes, comma or tab, with or without BOM: the text scanner’s records, lines, problem and swallowed lines', () => {
    fc.assert(
      fc.property(anyText, fc.integer({ min: 1, max: 40 }), fc.constantFrom<',' | '\t'>(',', '\t'), fc.boolean(), (text, chunk, d, bom) => {
        expect(scanBytes(Buffer.from(text), chunk, d, bom).result).toEqual(scanText(text, d));
      }),
      { numRuns: 3000 },
    );
  });

  it('a file of records shorter than a chunk is read as bytes from the first to the last, cut anywhere', () => {
    const rows = ['household_id,village_id,head_name,members', 'H1,V1,王小明,3', 'H2,"V1",李 四,"4"', '', 'H3,V2,"张,三",5\r', 'H4,V2,赵六,1'];
    const text = rows.join('\n') + '\r\n';
    for (let chunk = 1; chunk <= text.length + 1; chunk++) {
      const { result, asText } = scanBytes(Buffer.from(text), chunk, ',');
      expect(result).toEqual(scanText(text, ','));
      // The header, 42 bytes with its line end, is the longest record, and a record up to two chunks long is read as bytes.
      expect(asText === 0).toBe(chunk >= 21);
    }
  });

  it('a quote that never closes: the same problem and swallowed lines, read as text from its record on, whatever the chunk', () => {
    const text = 'id,name\nH1,王\nH2,"李\nH3,张\n\nH4,赵\n';
    const want = scanText(text, ',');
    expect(want.problem).toEqual({ line: 3, code: 'csv-unclosed-quote', value: null });
    expect(want.swallowed).toEqual([3, 4, 6]);
    for (const chunk of [1, 2, 5, 9, 16, 64]) {
      const { result, asText } = scanBytes(Buffer.from(text), chunk, ',');
      expect(result).toEqual(want);
      // Chunks longer than every record: the two records before it read as bytes, and the unclosed one is not a record.
      if (chunk >= 16) expect(asText).toBe(0);
    }
  });

  it('a record longer than a chunk is read on as text, and the records after it still come', () => {
    const long = '"' + '长'.repeat(40) + '\n' + 'x'.repeat(30) + '"';
    const text = `id,note\nH1,a\nH2,${long}\nH3,b\nH4,c\n`;
    const { result, asText } = scanBytes(Buffer.from(text), 16, ',');
    expect(result).toEqual(scanText(text, ','));
    expect(result.records.map(([line]) => line)).toEqual([1, 2, 3, 5, 6]);
    expect(asText).toBe(3); // H2, H3, H4
  });
});
