/**
 * A bad cell makes a verdict unknown, never wrong (rule-catalogue.md,
 * "Missing, unreadable and wrong values"). One defect is planted in a copy of
 * the bundled sample — a cell that fails its type, its vocabulary, its
 * checksum, a cross-field check, or a corrupt line — and the whole check is
 * run as a user runs it. For every result of the clean run: the result is still
 * there (no village vanishes), its status is the clean one or no-data, and a
 * result that became no-data names the planted error in `waitingOn`.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TABLES, type ColumnDef, type TableName } from '../src/contract/tables.js';
import { run, SAMPLE, sampleCopy } from './helpers/cli.js';

interface JsonResult {
  rule: string;
  village: string | null;
  status: string;
  waitingOn?: { file: string; line: number | null; column: string | null }[];
}
interface JsonReport {
  results: JsonResult[];
  dataErrors: { file: string; line: number | null; column: string | null; code: string }[];
  villages: { id: string; name: string }[];
}

const CSV_TABLES: { table: TableName; file: string; encoding: 'utf8' | 'gb18030' }[] = [
  { table: 'villages', file: 'villages.csv', encoding: 'utf8' },
  { table: 'households', file: 'households.csv', encoding: 'gb18030' },
  { table: 'industries', file: 'industries.csv', encoding: 'utf8' },
  { table: 'projects', file: 'projects.csv', encoding: 'utf8' },
  { table: 'enterprises', file: 'enterprises.csv', encoding: 'utf8' },
  { table: 'instructors', file: 'instructors.csv', encoding: 'utf8' },
  { table: 'visits', file: 'visits.csv', encoding: 'utf8' },
];

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

async function check(dir: string): Promise<{ code: number; report: JsonReport }> {
  const r = await run([dir, '--format', 'json']);
  return { code: r.code, report: JSON.parse(r.stdout) as JsonReport };
}

let clean: JsonReport;
beforeAll(async () => {
  clean = (await check(SAMPLE)).report;
  expect(clean.dataErrors).toEqual([]);
});

/** A CSV file of the copy as lines of cells (the sample's quoted cells never hold a comma we edit). */
interface CsvFile {
  lines: string[];
  header: string[];
  bom: boolean;
}
function readCsv(dir: string, file: string, encoding: 'utf8' | 'gb18030'): CsvFile {
  let text = iconv.decode(readFileSync(join(dir, file)), encoding);
  const bom = text.startsWith('\ufeff');
  if (bom) text = text.slice(1);
  const lines = text.split('\n');
  return { lines, header: lines[0]!.replace(/\r$/, '').split(','), bom };
}
function writeCsv(dir: string, file: string, encoding: 'utf8' | 'gb18030', csv: CsvFile, raw?: { line: number; bytes: Buffer }): void {
  const text = (csv.bom ? '\ufeff' : '') + csv.lines.join('\n');
  if (!raw) {
    writeFileSync(join(dir, file), iconv.encode(text, encoding));
    return;
  }
  // Bytes that are not text in the file's encoding, spliced into one line.
  const before = (csv.bom ? '\ufeff' : '') + csv.lines.slice(0, raw.line - 1).join('\n') + '\n';
  const [head, ...rest] = csv.lines[raw.line - 1]!.split(',');
  const tail = ',' + rest.join(',') + '\n' + csv.lines.slice(raw.line).join('\n');
  writeFileSync(join(dir, file), Buffer.concat([iconv.encode(before + head, encoding), raw.bytes, iconv.encode(tail, encoding)]));
}

function columnAt(table: TableName, header: string): ColumnDef | undefined {
  const h = header.replace(/^[\s\u3000]+|[\s\u3000]+$/g, '');
  return TABLES[table].columns.find((c) => c.key === h || c.header === h);
}

/** A value the column's type refuses, or null when only bytes can make it unreadable (free text). */
function badValueFor(col: ColumnDef, current: string): string | null {
  switch (col.type.kind) {
    case 'int':
    case 'number':
      return '待核实';
    case 'date':
      return '2020-02-30';
    case 'bool':
      return '待定';
    case 'enum':
      return '某某';
    case 'ref':
    case 'refList':
      return 'NOPE-404';
    case 'id':
      return null;
    default:
      if (col.format === 'resident-id' && /^\d{17}[\dX]$/.test(current)) return current.slice(0, 17) + (current[17] === '0' ? '1' : '0');
      return null;
  }
}

/**
 * The verdicts of a planted run against the clean run: same results, each the
 * clean status or no-data, and every result the defect opened names it.
 */
function expectHonest(planted: JsonReport, at: { file: string; line: number }): void {
  const got = new Map(planted.results.map((r) => [`${r.rule}|${r.village}`, r]));
  // Every village is still there: by its name, or, when its row could not be read, as one named after its line (?villages.csv:5).
  expect(planted.villages.length).toBe(clean.villages.length);
  const byName = new Map(planted.villages.map((v) => [v.name, v.id]));
  const unnamed = planted.villages.filter((v) => v.id.startsWith('?')).map((v) => v.id);
  const idOf = new Map(clean.villages.map((v) => [v.id, byName.get(v.name) ?? unnamed.shift()]));
  expect([...idOf.values()].every((id) => id !== undefined)).toBe(true);
  expect(planted.dataErrors.some((e) => e.file === at.file && e.line === at.line), `an error at ${at.file}:${at.line}`).toBe(true);
  for (const c of clean.results) {
    const id = c.village === null ? null : idOf.get(c.village)!;
    const r = got.get(`${c.rule}|${id}`);
    // A rule on one named village whose row could not be read: the village is reported, the rule's town result is no-data.
    if (!r && id?.startsWith('?')) {
      expect(got.get(`${c.rule}|null`)?.status, `${c.rule}: its named village is unreadable`).toBe('no-data');
      continue;
    }
    expect(r, `${c.rule} ${c.village} is still reported`).toBeDefined();
    if (r!.status === c.status) continue;
    expect(r!.status, `${c.rule} ${c.village}: ${c.status} became ${r!.status}`).toBe('no-data');
    expect(r!.waitingOn ?? [], `${c.rule} ${c.village} names the planted error`).toContainEqual(expect.objectContaining({ file: at.file, line: at.line }));
  }
}

/** Plants `value` (or bytes) into one cell of a CSV table of a fresh copy; returns the folder and the line. */
function plantCsv(t: (typeof CSV_TABLES)[number], row: number, col: number, value: string | Buffer): { dir: string; line: number } {
  const dir = sampleCopy();
  made.push(dir);
  const csv = readCsv(dir, t.file, t.encoding);
  const line = row + 2;
  if (Buffer.isBuffer(value)) {
    writeCsv(dir, t.file, t.encoding, csv, { line, bytes: value });
    return { dir, line };
  }
  const cells = csv.lines[line - 1]!.replace(/\r$/, '').split(',');
  cells[col] = value;
  csv.lines[line - 1] = cells.join(',') + (csv.lines[line - 1]!.endsWith('\r') ? '\r' : '');
  writeCsv(dir, t.file, t.encoding, csv);
  return { dir, line };
}

/** Rows of a table whose line holds no quote, so that splitting on commas is exact. */
function plainRows(t: (typeof CSV_TABLES)[number]): number[] {
  const csv = readCsv(SAMPLE, t.file, t.encoding);
  return csv.lines
    .slice(1)
    .map((l, i) => (l.trim() !== '' && !l.includes('"') ? i : -1))
    .filter((i) => i >= 0);
}

const INVALID_BYTES: Record<'utf8' | 'gb18030', Buffer> = { utf8: Buffer.from([0xff]), gb18030: Buffer.from([0x81, 0x20]) };

describe('one bad cell of each kind in each table of the sample', () => {
  for (const t of CSV_TABLES) {
    it(`${t.file}: a cell that fails its type or vocabulary, a checksum, a corrupt line`, async () => {
      const { header, lines } = readCsv(SAMPLE, t.file, t.encoding);
      const rows = plainRows(t);
      // Several rows, spread over the file, so different villages are hit.
      const picks = [rows[0]!, rows[Math.floor(rows.length / 2)]!, rows[rows.length - 1]!];
      let planted = 0;
      for (const row of picks) {
        const cells = lines[row + 1]!.replace(/\r$/, '').split(',');
        for (let col = 0; col < header.length; col++) {
          const def = columnAt(t.table, header[col]!);
          if (!def) continue;
          const bad = badValueFor(def, cells[col] ?? '');
          if (bad === null) continue;
          const { dir, line } = plantCsv(t, row, col, bad);
          const { code, report } = await check(dir);
          expect(code).toBe(2);
          expectHonest(report, { file: t.file, line });
          planted++;
        }
        const { dir, line } = plantCsv(t, row, 0, INVALID_BYTES[t.encoding]);
        const { code, report } = await check(dir);
        expect(code).toBe(2);
        expectHonest(report, { file: t.file, line });
      }
      expect(planted).toBeGreaterThan(0);
    });
  }

  it('cross-field checks: poor members above members, 已完工 without a date, poor employees above employees, a second unit', async () => {
    const cases: { file: string; edit: (text: string) => { text: string; line: number } }[] = [
      {
        file: 'cooperatives.yaml',
        edit: (text) => {
          const lines = text.split('\n');
          const i = lines.findIndex((l) => /^\s+poor_members:/.test(l));
          lines[i] = lines[i]!.replace(/\d+/, '9999');
          return { text: lines.join('\n'), line: i + 1 };
        },
      },
      {
        file: 'projects.csv',
        edit: (text) => {
          const lines = text.split('\n');
          const i = lines.findIndex((l, k) => k > 0 && l.includes(',已完工,') && !l.includes('"'));
          const cells = lines[i]!.split(',');
          const at = cells.indexOf('已完工');
          cells[at + 1] = '';
          lines[i] = cells.join(',');
          return { text: lines.join('\n'), line: i + 1 };
        },
      },
      {
        file: 'industries.csv',
        edit: (text) => {
          const lines = text.split('\n');
          const first = lines[1]!.split(',');
          lines.splice(2, 0, [first[0], first[1], '3', first[3] === '亩' ? '吨' : '亩', ''].join(','));
          return { text: lines.join('\n'), line: 3 };
        },
      },
    ];
    for (const c of cases) {
      const dir = sampleCopy();
      made.push(dir);
      const path = join(dir, c.file);
      const { text, line } = c.edit(readFileSync(path, 'utf8'));
      writeFileSync(path, text);
      const { code, report } = await check(dir);
      expect(code, c.file).toBe(2);
      expectHonest(report, { file: c.file, line });
    }
  });
});

describe('rows that cannot be split are left out, but what they held stays unknown', () => {
  it('a row with a cell too many, in each table: every result keeps its status or is no-data naming that line', async () => {
    for (const t of CSV_TABLES) {
      const rows = plainRows(t);
      for (const row of [rows[0]!, rows[rows.length - 1]!]) {
        const dir = sampleCopy();
        made.push(dir);
        const csv = readCsv(dir, t.file, t.encoding);
        const line = row + 2;
        csv.lines[line - 1] = csv.lines[line - 1]!.replace(/\r$/, '') + ',多出的一格' + (csv.lines[line - 1]!.endsWith('\r') ? '\r' : '');
        writeCsv(dir, t.file, t.encoding, csv);
        const { code, report } = await check(dir);
        expect(code).toBe(2);
        expectHonest(report, { file: t.file, line });
      }
    }
  });

  it('a quote that never closes in industries.csv: the lines it swallowed may hold anything', async () => {
    const dir = sampleCopy();
    made.push(dir);
    const csv = readCsv(dir, 'industries.csv', 'utf8');
    const i = csv.lines.findIndex((l) => l.includes(',红薯,'));
    csv.lines[i] = csv.lines[i]!.replace(',红薯,', ',"红薯,');
    writeCsv(dir, 'industries.csv', 'utf8', csv);
    const { code, report } = await check(dir);
    expect(code).toBe(2);
    expectHonest(report, { file: 'industries.csv', line: i + 1 });
    // 核桃村's sweet potato rows are among the lost lines: 3.2b cannot be judged.
    expect(report.results.find((r) => r.rule === '3.2b' && r.village === null)!.status).toBe('no-data');
  });
});

describe('the cases users met (issue: honest reports on imperfect exports)', () => {
  it('黄檀村 income written 4.32万: the village stays everywhere, 2.3 still counts 2 poverty villages, the briefing claims nothing', async () => {
    const dir = sampleCopy();
    made.push(dir);
    const csv = readCsv(dir, 'villages.csv', 'utf8');
    const i = csv.lines.findIndex((l) => l.includes(',黄檀村,'));
    const cells = csv.lines[i]!.split(',');
    const at = csv.header.indexOf('集体经营性收入（元）');
    cells[at] = '4.32万';
    csv.lines[i] = cells.join(',');
    writeCsv(dir, 'villages.csv', 'utf8', csv);
    const { report } = await check(dir);
    expectHonest(report, { file: 'villages.csv', line: i + 1 });
    const huangtan = report.villages.find((v) => v.name === '黄檀村')!;
    for (const rule of ['3.2d', '3.2e', '3.2f']) {
      const r = report.results.find((x) => x.rule === rule && x.village === huangtan.id);
      expect(r?.status, rule).toBe(clean.results.find((x) => x.rule === rule && x.village === huangtan.id)!.status);
    }
    expect(report.results.find((x) => x.rule === '2.3')!.status).toBe('pass');
    const text = (await run([dir, '--format', 'text'])).stdout;
    expect(text.indexOf('数据错误 1 处')).toBeLessThan(text.indexOf('本次对照方案检查'));
    expect(text).toContain('2.11 黄檀村');
    expect(text).not.toContain('所有到期指标均已达标');
    expect((text.match(/黄檀村（贫困村）/g) ?? []).length).toBe(1);
  });

  it('石坝村 清产核资完成日期 written 2019/9/31: 2.11 still fails on its zero income, 3.8 is no-data naming the cell', async () => {
    const dir = sampleCopy();
    made.push(dir);
    const csv = readCsv(dir, 'villages.csv', 'utf8');
    const i = csv.lines.findIndex((l) => l.includes(',石坝村,'));
    const cells = csv.lines[i]!.split(',');
    cells[csv.header.indexOf('清产核资完成日期')] = '2019/9/31';
    csv.lines[i] = cells.join(',');
    writeCsv(dir, 'villages.csv', 'utf8', csv);
    const { report } = await check(dir);
    const shiba = report.villages.find((v) => v.name === '石坝村')!.id;
    expect(report.results.find((r) => r.rule === '2.11' && r.village === shiba)!.status).toBe('fail');
    expect(report.results.find((r) => r.rule === '2.11' && r.village === null)!.status).toBe('fail');
    const r38 = report.results.find((r) => r.rule === '3.8' && r.village === shiba)!;
    expect(r38.status).toBe('no-data');
    expect(r38.waitingOn).toEqual([{ file: 'villages.csv', line: i + 1, column: '清产核资完成日期' }]);
  });

  it('a wrong checksum in one 证件号码 (a column no rule reads) changes nothing but the exit code', async () => {
    const t = CSV_TABLES[1]!;
    const csv = readCsv(SAMPLE, t.file, t.encoding);
    const col = csv.header.indexOf('证件号码');
    const row = plainRows(t).find((r) => /^\d{17}[\dX]$/.test(csv.lines[r + 1]!.split(',')[col]!))!;
    const id = csv.lines[row + 1]!.split(',')[col]!;
    const { dir } = plantCsv(t, row, col, id.slice(0, 17) + (id[17] === '0' ? '1' : '0'));
    const { code, report } = await check(dir);
    expect(code).toBe(2);
    expect(report.results.map((r) => r.status)).toEqual(clean.results.map((r) => r.status));
  });
});

describe('property: any single unreadable cell', () => {
  it('leaves every result at its clean status or no-data, naming the cell', async () => {
    const targets = CSV_TABLES.map((t) => ({ t, rows: plainRows(t), header: readCsv(SAMPLE, t.file, t.encoding).header }));
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: targets.length - 1 }),
        fc.nat(),
        fc.nat(),
        fc.constantFrom('待核实', '某某', '-1', '2020-02-30', '1 2', 'NOPE-404', 'bytes'),
        async (ti, rowSeed, colSeed, kind) => {
          const { t, rows, header } = targets[ti]!;
          const row = rows[rowSeed % rows.length]!;
          const col = colSeed % header.length;
          const def = columnAt(t.table, header[col]!);
          if (!def || def.type.kind === 'id') return;
          if (kind === 'bytes') {
            const { dir, line } = plantCsv(t, row, 0, INVALID_BYTES[t.encoding]);
            expectHonest((await check(dir)).report, { file: t.file, line });
            return;
          }
          const { dir, line } = plantCsv(t, row, col, kind);
          const { report } = await check(dir);
          // The value may be valid for this column (`-1` as free text): then there is nothing to be honest about.
          if (!report.dataErrors.some((e) => e.file === t.file && e.line === line)) return;
          expectHonest(report, { file: t.file, line });
        },
      ),
      { numRuns: 30 },
    );
  });
});
