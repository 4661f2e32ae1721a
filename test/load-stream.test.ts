/**
 * Reading a CSV table as a stream (issue 11): a file bigger than one chunk is
 * surveyed in chunks (hash, encoding, corrupt lines, binary or empty, field
 * separator) and then decoded and scanned piece by piece, never whole. It
 * must give exactly what reading it whole gives: records, errors with line and
 * column, notices, the rows an unclosed quote swallowed, the input's hash.
 * Proved here with chunks forced tiny (LoadOptions.chunkBytes), on random text
 * and bytes, on the hostile corpus and on the bundled sample, in UTF-8, GBK
 * and UTF-16 (Excel's tab-separated "Unicode 文本").
 */
import { appendFileSync, closeSync, existsSync, ftruncateSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { loadData } from '../src/data.js';
import { CsvScanner, parseCsv, scanCsv } from '../src/load/csv.js';
import { decodeBytes, LONE_SURROGATE, type ForcedEncoding } from '../src/load/encoding.js';
import { readFolder } from '../src/load/folder.js';
import { BadLineFinder, pieceDecoder, readFull, surveyCsv, Utf8Check, type PieceCodec } from '../src/load/stream.js';
import { DATA_MESSAGES } from '../src/messages/data.js';
import { validateFolder } from '../src/validate/index.js';
import { makeDataFolder } from './helpers/data-folder.js';

const SAMPLE = fileURLToPath(new URL('../fixtures/hebao-2020', import.meta.url));
const CORPUS = fileURLToPath(new URL('./hostile/', import.meta.url));

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'hebao-stream-'));
  made.push(d);
  return d;
}

// ---------------------------------------------------------------------------------------------
// The scanner in pieces

/** Every record (cells copied), the problem and the swallowed lines of a scan. */
function scanWhole(text: string, delimiter: ',' | '\t' = ',') {
  const records: [number, string[]][] = [];
  const end = scanCsv(text, (cells, n, line) => records.push([line, cells.slice(0, n)]), delimiter);
  return { records, ...end };
}
function scanPieces(pieces: string[], delimiter: ',' | '\t' = ',') {
  const records: [number, string[]][] = [];
  const s = new CsvScanner((cells, n, line) => records.push([line, cells.slice(0, n)]), delimiter);
  for (const p of pieces.slice(0, -1)) s.write(p);
  return { records, ...s.end(pieces[pieces.length - 1] ?? '') };
}
/** `x` cut at the given points (mod its length). */
function cut<T extends string | Buffer>(x: T, points: number[]): T[] {
  const at = [...new Set(points.map((p) => p % (x.length + 1)))].sort((a, b) => a - b);
  const out: T[] = [];
  let from = 0;
  for (const p of at) {
    out.push(x.slice(from, p) as T);
    from = p;
  }
  out.push(x.slice(from) as T);
  return out;
}

/**
 * The stand-in lines as standins.ts found them before, from the whole text:
 * the non-blank lines from the unclosed quote's line to the end (its line
 * found by counting LFs, so only for text without a lone CR).
 */
function swallowedBefore(text: string, stopLine: number): number[] {
  let line = 1;
  let at = 0;
  while (line < stopLine && at !== -1) {
    at = text.indexOf('\n', at);
    if (at !== -1) {
      at++;
      line++;
    }
  }
  const out: number[] = [];
  if (at !== -1) text.slice(at).split(/\r\n|\r|\n/).forEach((l, i) => l.trim() !== '' && out.push(stopLine + i));
  return out;
}

const anyText = fc.string({ unit: fc.constantFrom('a', 'x', '核', ' ', '\u3000', ',', '\t', '"', '""', '\n', '\r\n', '\r'), maxLength: 80 });

describe('the CSV scanner fed in pieces', () => {
  it('any text cut anywhere: the same records, lines, problem and swallowed lines as whole', () => {
    fc.assert(
      fc.property(anyText, fc.array(fc.nat(), { maxLength: 12 }), fc.constantFrom<',' | '\t'>(',', '\t'), (text, points, d) => {
        expect(scanPieces(cut(text, points), d)).toEqual(scanWhole(text, d));
      }),
      { numRuns: 20000 },
    );
  });

  it('one character at a time', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(scanPieces([...text.split(''), ''])).toEqual(scanWhole(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('the swallowed lines are the ones standins.ts found by re-reading the text (LF and CRLF files)', () => {
    const noLoneCr = fc.string({ unit: fc.constantFrom('a', '核', ' ', '\u3000', ',', '"', '\n', '\r\n'), maxLength: 80 });
    fc.assert(
      fc.property(noLoneCr, (text) => {
        const { problem, swallowed } = scanWhole(text);
        expect(swallowed).toEqual(problem === null ? [] : swallowedBefore(text, problem.line));
      }),
      { numRuns: 5000 },
    );
  });

  it('with a lone CR as line end, the swallowed lines are counted as the scanner counts lines', () => {
    // Before, standins.ts counted LFs only: in a file of lone CRs it found no line after the quote.
    const text = 'a,b\r1,2\r3,"x\r4,5\r\r6,7\r';
    expect(scanWhole(text)).toMatchObject({ problem: { line: 3 }, swallowed: [3, 4, 6] });
  });
});

// ---------------------------------------------------------------------------------------------
// Decoding in pieces

/** Bytes with every kind of trouble: UTF-8 fragments, GB18030 pairs and quads, surrogates in UTF-16, NUL, CR/LF. */
const messyBytes = fc
  .array(
    fc.oneof(
      fc.constantFrom(...['核', 'a', ',', '"', '\r', '\n', '\r\n', '€', '😀', '\u3000', '\ufffd'].map((s) => [...Buffer.from(s)])),
      fc.constantFrom([0xe6], [0xe6, 0xa0], [0x80], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90], [0xff], [0x00], [0xb9, 0xa4], [0x81, 0x30, 0x81, 0x30], [0x84, 0x31, 0xa4, 0x37], [0xa6, 0xd9], [0x3d, 0xd8], [0x00, 0xdc]),
      fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 4 }),
    ),
    { maxLength: 40 },
  )
  .map((parts) => Buffer.from(parts.flat()));

/** The pieces decoded as the file reader does: the bytes each call keeps back go before the next piece. */
function decodePieces(codec: PieceCodec, pieces: Buffer[]): { text: string; replaced: boolean } {
  const d = pieceDecoder(codec);
  let text = '';
  let kept = Buffer.alloc(0);
  pieces.forEach((p, i) => {
    const buf = Buffer.concat([kept, p]);
    const r = d.decode(buf, i === pieces.length - 1);
    text += r.text;
    kept = Buffer.from(buf.subarray(buf.length - r.keep));
  });
  return { text, replaced: d.replaced };
}

describe('decoding in pieces gives the text decodeBytes gives', () => {
  const points = fc.array(fc.nat(), { maxLength: 10 });

  it('UTF-8 (with and without BOM), any bytes cut anywhere; strict validity likewise', () => {
    fc.assert(
      fc.property(messyBytes, points, fc.boolean(), (body, at, bom) => {
        const buf = bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body;
        const pieces = cut(buf, at);
        expect(decodePieces(bom ? 'utf-8-bom' : 'utf-8', pieces).text).toBe(buf.toString('utf8', bom ? 3 : 0));
        const check = new Utf8Check();
        for (const p of pieces) check.push(p);
        expect(check.end()).toBe(isUtf8(buf));
      }),
      { numRuns: 20000 },
    );
  });

  it('UTF-16 LE and BE after a BOM, any bytes cut anywhere: unpaired surrogates and an odd byte replaced as decodeBytes does', () => {
    fc.assert(
      fc.property(messyBytes, points, fc.boolean(), (body, at, le) => {
        const buf = Buffer.concat([Buffer.from(le ? [0xff, 0xfe] : [0xfe, 0xff]), body]);
        // decodeBytes' UTF-16 text (it does not return it for a file it then finds binary).
        const even = buf.length - (buf.length % 2);
        const units = le ? buf.subarray(2, even) : Buffer.from(buf.subarray(2, even)).swap16();
        const raw = units.toString('utf16le');
        const text = raw.replace(new RegExp(LONE_SURROGATE.source, 'g'), '\ufffd') + (even < buf.length ? '\ufffd' : '');
        const got = decodePieces(le ? 'utf-16le' : 'utf-16be', cut(buf, at));
        expect(got).toEqual({ text, replaced: LONE_SURROGATE.test(raw) || even < buf.length });
        const whole = decodeBytes(buf);
        if ('text' in whole) expect(got.text).toBe(whole.text);
      }),
      { numRuns: 10000 },
    );
  });

  it('GB18030, any bytes cut anywhere: iconv-lite in streaming mode is iconv-lite; Node’s own decoder is itself', () => {
    const native = new TextDecoder('gb18030', { fatal: true });
    fc.assert(
      fc.property(messyBytes, points, (buf, at) => {
        const pieces = cut(buf, at);
        expect(decodePieces('gb18030-iconv', pieces).text).toBe(iconv.decode(buf, 'gb18030'));
        let whole: string | null = null;
        try {
          whole = native.decode(buf);
        } catch {
          // Invalid: the survey reads such a file with iconv-lite.
        }
        if (whole !== null) expect(decodePieces('gb18030-native', pieces).text).toBe(whole);
      }),
      { numRuns: 10000 },
    );
  });

  it('corrupt lines found in pieces are decodeBytes’ corrupt lines', () => {
    fc.assert(
      fc.property(messyBytes, points, (buf, at) => {
        const whole = decodeBytes(buf, 'utf8');
        if (!('text' in whole)) return;
        // Forced to UTF-8, decodeBytes marks U+FFFD as corrupt unless all the bytes were valid, and NUL when there is one.
        const f = new BadLineFinder(!isUtf8(buf), buf.includes(0));
        for (const p of cut(whole.text, at)) f.push(p);
        f.end();
        expect(f.bad).toEqual(whole.bad ?? []);
      }),
      { numRuns: 10000 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// The survey: decodeBytes' decisions over chunks

/** decodeBytes' verdict on the bytes, as the survey reports it. */
function verdictWhole(buf: Buffer, forced?: ForcedEncoding) {
  const d = decodeBytes(buf, forced);
  if ('binary' in d) return { binary: true };
  if (!/\S/.test(d.text)) return { empty: true };
  return { encoding: d.encoding, bad: d.bad ?? [] };
}
function verdictChunked(path: string, chunkBytes: number, forced?: ForcedEncoding) {
  const fd = openSync(path, 'r');
  try {
    const size = readFileSync(path).length;
    const first = Buffer.alloc(Math.min(chunkBytes, size + 1));
    const n = readFull(fd, first, 0);
    const s = surveyCsv(fd, first.subarray(0, n), size, chunkBytes, forced);
    if ('binary' in s || 'empty' in s) return s;
    return { encoding: s.encoding, bad: s.bad ?? [] };
  } finally {
    closeSync(fd);
  }
}

describe('the survey makes decodeBytes’ decisions', () => {
  it('random bytes, UTF-8, GBK, UTF-16, forced or not, chunks of 1 to 9 bytes: binary, empty, encoding, corrupt lines', () => {
    const dir = tmp();
    const path = join(dir, 'x.csv');
    const text = fc.string({ unit: fc.constantFrom('a', '1', ',', '核', '村', '\r\n', '\n', ' ', '\u0000', '"'), maxLength: 60 });
    const file = fc.oneof(
      messyBytes,
      text.map((t) => Buffer.from(t)),
      text.map((t) => iconv.encode(t, 'gbk')),
      text.map((t) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')])),
      fc.tuple(text, messyBytes, text).map(([a, b, c]) => Buffer.concat([Buffer.from(a), b, iconv.encode(c, 'gbk')])),
    );
    fc.assert(
      fc.property(file, fc.integer({ min: 1, max: 9 }), fc.constantFrom<ForcedEncoding | undefined>(undefined, undefined, 'utf8', 'gbk'), (buf, k, forced) => {
        writeFileSync(path, buf);
        expect(verdictChunked(path, k, forced)).toEqual(verdictWhole(buf, forced));
      }),
      { numRuns: 4000 },
    );
  });

  it('a GBK file whose first chunks are ASCII is still read as GBK (strict UTF-8 over all the bytes)', () => {
    const dir = tmp();
    const path = join(dir, 'x.csv');
    const buf = iconv.encode('a,b\n' + '1,2\n'.repeat(20000) + '3,核桃村\n', 'gbk');
    writeFileSync(path, buf);
    expect(verdictChunked(path, 4096)).toEqual({ encoding: 'gb18030', bad: [] });
  });
});

// ---------------------------------------------------------------------------------------------
// Whole folders: read whole versus read in chunks

/** What a user can see of a load, as one string: errors, notices, inputs (hashes), every table's records, lines and stand-ins. */
function seen(r: Awaited<ReturnType<typeof loadData>>): string {
  const tables = Object.fromEntries(Object.entries(r.dataset.tables).map(([t, d]) => [t, { ...d, findById: undefined }]));
  const view = { errors: r.errors, notices: r.notices, inputs: r.dataset.inputs, town: r.dataset.town, manifest: r.dataset.manifest, tables };
  return JSON.stringify(view, (_k, v: unknown) => (v instanceof Set ? [...v].sort() : v instanceof Map ? [...v] : v instanceof Int32Array ? [...v] : v));
}

/** Open descriptors of this process (Linux), to see that every file read in chunks is closed. */
const openFds = () => (existsSync('/proc/self/fd') ? readdirSync('/proc/self/fd').length : 0);

/** Loads `dir` whole and in chunks of each size: the same, byte for byte. */
async function sameInChunks(dir: string, sizes: number[]): Promise<string> {
  const whole = seen(await loadData(dir));
  const fds = openFds();
  for (const chunkBytes of sizes) expect(seen(await loadData(dir, { chunkBytes })), `chunks of ${chunkBytes} bytes`).toBe(whole);
  expect(openFds()).toBe(fds);
  return whole;
}

const TABLE_OF = /(households|villages|industries|projects|enterprises|cooperatives|instructors|visits)\.csv$/;
const corpusCsv = readdirSync(CORPUS).filter((n) => n.endsWith('.csv'));

/** Text as Excel's "Unicode 文本" writes it: tab-separated, a cell quoted when it holds a tab, a quote or a line end. */
function asTabs(text: string): string {
  const t = parseCsv(text);
  const cell = (s: string) => (/[\t"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return [t.header, ...t.rows.map((r) => r.cells)].map((cells) => cells.map(cell).join('\t')).join('\r\n') + '\r\n';
}

/** The file in each encoding a Chinese export comes in. */
function variants(buf: Buffer): Record<string, Buffer> {
  const d = decodeBytes(buf);
  const text = 'text' in d ? d.text : buf.toString('latin1');
  return {
    'as is': buf,
    'UTF-8 with BOM': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]),
    GBK: iconv.encode(text, 'gbk'),
    'UTF-16 LE': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
    'UTF-16 BE': Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]),
  };
}

describe('a folder read in chunks gives what it gives read whole', () => {
  for (const name of corpusCsv) {
    it(`hostile corpus: ${name}, in UTF-8, GBK and UTF-16, chunks of 1, 2, 3, 5, 16 and 4099 bytes`, async () => {
      const table = TABLE_OF.exec(name)?.[1] ?? 'households';
      for (const [label, bytes] of Object.entries(variants(readFileSync(join(CORPUS, name))))) {
        const dir = makeDataFolder({ [`${table}.csv`]: bytes });
        made.push(dir);
        try {
          await sameInChunks(dir, [1, 2, 3, 5, 16, 4099]);
        } catch (e) {
          throw new Error(`${label}: ${(e as Error).message}`);
        }
      }
    }, 60_000);
  }

  /** The sample with every CSV file turned into `encode(text)`. */
  function sampleAs(encode: (text: string) => Buffer): string {
    const dir = tmp();
    for (const n of readdirSync(SAMPLE)) {
      const buf = readFileSync(join(SAMPLE, n));
      const d = decodeBytes(buf);
      writeFileSync(join(dir, n), n.endsWith('.csv') && 'text' in d ? encode(d.text) : buf);
    }
    return dir;
  }

  it('the bundled sample as shipped, chunks of 7, 1000 and 65,537 bytes', async () => {
    const whole = await sameInChunks(SAMPLE, [7, 1000, 65_537]);
    // Not vacuous: the sample's households were read, and the big files did go in chunks.
    expect(JSON.parse(whole).tables.households.records.length).toBeGreaterThan(3000);
  }, 120_000);

  it('the bundled sample in GBK, chunks of 7 and 4,096 bytes', async () => {
    await sameInChunks(
      sampleAs((t) => iconv.encode(t, 'gbk')),
      [7, 4096],
    );
  }, 120_000);

  it('the bundled sample as Excel’s "Unicode 文本" (UTF-16 LE, tab-separated), chunks of 7 and 4,096 bytes', async () => {
    const dir = sampleAs((t) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(asTabs(t), 'utf16le')]));
    const whole = await sameInChunks(dir, [7, 4096]);
    expect(JSON.parse(whole).inputs.find((i: { file: string }) => i.file === 'households.csv').encoding).toBe('utf-16le');
    expect(JSON.parse(whole).tables.households.records.length).toBeGreaterThan(3000);
  }, 120_000);

  it('a file where every chunk boundary falls inside a multi-byte character, a CRLF, a quoted line end or a "" escape', async () => {
    const K = 64;
    const header = '户编号,村编号,户主姓名,证件号码,家庭人口数,贫困户状态,劳动力人数,产业覆盖,合作社编号\r\n';
    const parts: Buffer[] = [Buffer.from(header)];
    let size = parts[0]!.length;
    const kinds: string[] = [];
    const rowText = (n: number, name: string) => `H${n},V1,"${name}",,3,未脱贫,2,是,C1\r\n`;
    // Per kind: what goes after the name's padding, and how many bytes of the row come before the boundary besides the padding.
    const FEATURES = [
      { what: '核 1|2', after: '核桃', before: (n: number) => Buffer.byteLength(`H${n},V1,"`) + 1 },
      { what: '核 2|1', after: '核桃', before: (n: number) => Buffer.byteLength(`H${n},V1,"`) + 2 },
      { what: 'CR|LF', after: '', before: (n: number) => Buffer.byteLength(rowText(n, '')) - 1 },
      { what: 'quoted CR|LF', after: '\r\n王', before: (n: number) => Buffer.byteLength(`H${n},V1,"`) + 1 },
      { what: '"|"', after: '""x', before: (n: number) => Buffer.byteLength(`H${n},V1,"`) + 1 },
    ];
    const boundaries: number[] = [];
    for (let b = K; kinds.length < 400; b += K) {
      const f = FEATURES[kinds.length % FEATURES.length]!;
      const n = kinds.length + 1;
      const pad = b - size - f.before(n);
      if (pad < 0) continue;
      const r = Buffer.from(rowText(n, 'a'.repeat(pad) + f.after));
      parts.push(r);
      size += r.length;
      kinds.push(f.what);
      boundaries.push(b);
    }
    const buf = Buffer.concat(parts);
    // Each boundary the rows were built for does cut what it should.
    boundaries.forEach((b, i) => {
      const [x, y] = [buf[b - 1]!, buf[b]!];
      const what = kinds[i]!.startsWith('核') ? (y & 0xc0) === 0x80 : kinds[i]!.endsWith('CR|LF') ? x === 0x0d && y === 0x0a : x === 0x22 && y === 0x22;
      expect(what, `boundary ${b}: ${kinds[i]}`).toBe(true);
    });
    const dir = makeDataFolder({ 'households.csv': buf });
    made.push(dir);
    const whole = await sameInChunks(dir, [K]);
    const households = JSON.parse(whole).tables.households;
    expect(households.records.length).toBe(400);
    // The quoted CR LF is one line end inside the cell, and the lines after it count it.
    expect(households.records[3].head_name).toContain('\n王');
    expect(households.lines.slice(0, 6)).toEqual([2, 3, 4, 5, 7, 8]);
  }, 60_000);

  it('a 600 MB (sparse) workbook keeps its cap, and the message points to CSV, which has none', async () => {
    const dir = makeDataFolder({ 'households.csv': null });
    made.push(dir);
    const fd = openSync(join(dir, 'households.xlsx'), 'w');
    ftruncateSync(fd, 600 * 1024 * 1024);
    closeSync(fd);
    const r = await loadData(dir);
    const err = r.errors.find((e) => e.file === 'households.xlsx')!;
    expect(err.code).toBe('file-too-large');
    expect(DATA_MESSAGES['file-too-large']!.zh(err.args)).toContain('另存为 CSV（CSV 不限大小）');
    expect(DATA_MESSAGES['file-too-large']!.en(err.args)).toContain('CSV has no size limit');
  });

  it('a file changed between the survey and the read: said, not silently mixed', async () => {
    const text = '户编号,村编号,户主姓名,证件号码,家庭人口数,贫困户状态,劳动力人数,产业覆盖,合作社编号\n' + 'H1,V1,张三,,3,未脱贫,2,是,C1\n';
    const dir = makeDataFolder({ 'households.csv': text });
    made.push(dir);
    const read = await readFolder(dir, { chunkBytes: 16 });
    expect(read.raw.files.households?.stream).toBeDefined();
    appendFileSync(join(dir, 'households.csv'), 'H9,V1,李四,,1,非贫困户,0,否,\n');
    const errors = [...read.errors];
    validateFolder(read.raw, errors, [...read.notices]);
    expect(errors.map((e) => [e.file, e.code])).toContainEqual(['households.csv', 'file-changed']);
  });
});
