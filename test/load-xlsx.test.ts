/**
 * Excel workbooks (issue 13, "Excel workbooks"; data contract, `.xlsx`): a
 * table as NAME.xlsx (the sheet named after it, else the first) or as a sheet
 * of 数据.xlsx; Excel's row numbers as lines and the sheet in every error;
 * cells as Excel shows them (dates, booleans, integers without `.0`); an ID
 * stored as a number is the lost-digits error with its fix; two forms of a
 * table refused; the sample town as workbooks checks exactly as its CSVs;
 * `init --xlsx` makes a folder `validate` accepts; a zip bomb is bounded.
 * Workbooks are built here with the project's writer, plus one written by
 * openpyxl (fixtures/xlsx, made by test/tools/make-openpyxl-book.py).
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { TABLE_NAMES, TABLES, type TableName } from '../src/contract/tables.js';
import { loadData } from '../src/data.js';
import { scanCsv } from '../src/load/csv.js';
import { decodeBytes } from '../src/load/encoding.js';
import { writeXlsx, type XlsxCell } from '../src/load/xlsx-writer.js';
import { XlsxBook, DEFAULT_LIMITS, numberText, isDateFormat } from '../src/load/xlsx.js';
import { DATA_MESSAGES } from '../src/messages/data.js';
import { isUnknown, type DataError } from '../src/model.js';
import { normaliseDate } from '../src/validate/cells.js';
import { run, SAMPLE } from './helpers/cli.js';
import { makeDataFolder, VALID_FILES } from './helpers/data-folder.js';

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});
function folder(overrides: Record<string, string | Buffer | Uint8Array | null>): string {
  const dir = makeDataFolder(Object.fromEntries(Object.entries(overrides).map(([k, v]) => [k, v instanceof Uint8Array && !Buffer.isBuffer(v) ? Buffer.from(v) : v])) as Record<string, string | Buffer | null>);
  made.push(dir);
  return dir;
}
const load = (overrides: Parameters<typeof folder>[0]) => loadData(folder(overrides));
const where = (e: DataError) => [e.file, e.line, e.column, e.value, e.code];
const zh = (e: DataError) => DATA_MESSAGES[e.code]!.zh(e.args);
const en = (e: DataError) => DATA_MESSAGES[e.code]!.en(e.args);

/** A CSV of the helper's valid folder as rows of text. */
function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  scanCsv(text, (cells, n) => rows.push(cells.slice(0, n)));
  return rows;
}
const HH = csvRows(VALID_FILES['households.csv']!);

describe('a table as NAME.xlsx', () => {
  it("reads its first sheet with Excel's row numbers as lines, and names the sheet in each error", async () => {
    const book = writeXlsx(
      [
        {
          name: 'Sheet1',
          rows: [
            HH[0]!,
            ['H1', 'V1', '张三', '11010519491231002X', 3, '未脱贫', 2, '是', 'C1'],
            null, // a blank row: Excel's numbers go on
            null,
            ['H2', 'V2', '李四', null, '三', '非贫困户', 0, '否'],
          ],
        },
      ],
      { sharedStrings: true },
    );
    const r = await load({ 'households.csv': null, 'households.xlsx': book });
    expect(r.errors.map(where)).toEqual([['households.xlsx[Sheet1]', 5, '家庭人口数', '三', 'bad-int']]);
    const hh = r.dataset.tables.households;
    expect(hh.file).toBe('households.xlsx[Sheet1]');
    expect(hh.records.map((h) => h.household_id)).toEqual(['H1', 'H2']);
    expect([...hh.lines]).toEqual([2, 5]);
    expect(hh.records[0]!.members).toBe(3);
    expect(isUnknown(hh.records[1]!.members)).toBe(true);
    expect(r.dataset.inputs.find((i) => i.file === 'households.xlsx[Sheet1]')).toMatchObject({ format: 'xlsx' });
    // The CLI's report names the sheet where the file goes.
    const out = await run(['validate', r.dataset.dir]);
    expect(out.code).toBe(2);
    expect(out.stdout).toContain('households.xlsx[Sheet1]:5');
  });

  it('reads the sheet named after the table (Chinese or English) when there are several, and says the others were not read', async () => {
    for (const name of ['农户', 'Households', ' 农户 ']) {
      const book = writeXlsx([
        { name: '说明', rows: [['这是说明，不是数据']] },
        { name, rows: [HH[0]!, HH[1]!, HH[2]!] },
      ]);
      const r = await load({ 'households.csv': null, 'households.xlsx': book });
      expect(r.errors).toEqual([]);
      expect(r.dataset.tables.households.records.map((h) => h.household_id)).toEqual(['H1', 'H2']);
      expect(r.notices.map(where)).toEqual([[`households.xlsx[${name}]`, null, null, null, 'xlsx-other-sheets']]);
      expect(zh(r.notices[0]!)).toContain('另外 1 个工作表未读取');
    }
  });

  it('takes the first sheet shown, not a hidden one, when none is named after the table', async () => {
    const book = writeXlsx([
      { name: '名单', rows: [HH[0]!, HH[1]!] },
      { name: '备用', rows: [HH[0]!, HH[2]!] },
    ]);
    // Hide the first sheet, as Excel writes it.
    const parts = unzipSync(book);
    parts['xl/workbook.xml'] = strToU8(new TextDecoder().decode(parts['xl/workbook.xml']).replace('<sheet name="名单"', '<sheet name="名单" state="hidden"'));
    const r = await load({ 'households.csv': null, 'households.xlsx': zipSync(parts) });
    expect(r.dataset.tables.households.file).toBe('households.xlsx[备用]');
    expect(r.dataset.tables.households.records.map((h) => h.household_id)).toEqual(['H2']);
  });
});

describe('cells as Excel shows them', () => {
  const villages = (rows: XlsxCell[][], opts: Parameters<typeof writeXlsx>[1] = {}) =>
    writeXlsx([{ name: '村（社区）', rows: [['村编号', '村（社区）名称', '类型', '是否贫困村', '产销对接企业', '集体经营性收入（元）', '清产核资完成日期'], ...rows] }], opts);

  it('booleans as 是/否, numbers without .0 and to 15 digits, date cells as dates (1900 and 1904 systems), shared and inline strings alike', async () => {
    for (const opts of [{}, { sharedStrings: true }, { date1904: true }]) {
      const r = await load({
        'villages.csv': null,
        'villages.xlsx': villages(
          [
            ['V1', '核桃村', '村', true, 'E1', 0.1 + 0.2, { date: '2020-03-05' }],
            ['V2', '河包社区', '社区', false, null, 12000, { date: '2019-12-31' }],
          ],
          opts,
        ),
      });
      expect(r.errors).toEqual([]);
      const [v1, v2] = r.dataset.tables.villages.records;
      expect([v1!.poverty_village, v2!.poverty_village]).toEqual([true, false]);
      expect([v1!.collective_income, v2!.collective_income]).toEqual([0.3, 12000]);
      expect([v1!.asset_verification_date, v2!.asset_verification_date]).toEqual(['2020-03-05', '2019-12-31']);
    }
    expect([numberText('3'), numberText('3.0000000000000004'), numberText('12.5'), numberText('-0'), numberText('500153107001')]).toEqual(['3', '3', '12.5', '0', '500153107001']);
  });

  it('a date cell with a time of day is not a date: an error showing the time', async () => {
    const book = villages([['V1', '核桃村', '村', '是', 'E1', null, 43895.6]]);
    // Give the serial a date style: the writer's style 1.
    const parts = unzipSync(book);
    parts['xl/worksheets/sheet1.xml'] = strToU8(new TextDecoder().decode(parts['xl/worksheets/sheet1.xml']).replace('<c r="G2"><v>', '<c r="G2" s="1"><v>'));
    const r = await load({ 'villages.csv': null, 'villages.xlsx': zipSync(parts) });
    expect(r.errors.filter((e) => e.file.startsWith('villages')).map(where)).toEqual([['villages.xlsx[村（社区）]', 2, '清产核资完成日期', '2020-03-05 14:24:00', 'bad-date']]);
  });

  it('knows date formats from number formats: built-in, custom and Chinese, not numbers or text', () => {
    for (const f of ['yyyy-mm-dd', 'yyyy"年"m"月"d"日"', '[$-F800]dddd, mmmm dd, yyyy', 'm/d/yy h:mm', '[DBNum1][$-804]yyyy"年"m"月"']) expect(isDateFormat(f), f).toBe(true);
    for (const f of ['General', '0.00', '#,##0', '0.00E+00', '@', '[Red]0.0', '"元"0']) expect(isDateFormat(f), f).toBe(false);
  });

  it('an ID stored as a number has lost digits: the error says so and how to fix it; a code of 12 digits as a number is read', async () => {
    const book = writeXlsx([
      {
        name: '农户',
        rows: [
          HH[0]!,
          ['H1', 'V1', '张三', 110105194912310020, 3, '未脱贫', 2, '是', 'C1'],
          [1234567890123456, 'V2', '李四', null, 1, '非贫困户', 0, '否'],
        ],
      },
    ]);
    const r = await load({ 'households.csv': null, 'households.xlsx': book });
    expect(r.errors.map(where)).toEqual([
      ['households.xlsx[农户]', 2, '证件号码', '1.1010519491231E+17', 'bad-id-number'],
      ['households.xlsx[农户]', 3, '户编号', '1.23456789012346E+15', 'excel-scientific'],
    ]);
    expect(zh(r.errors[0]!)).toContain('设为“文本”');
    expect(zh(r.errors[1]!)).toMatch(/原来的数字已丢失.*设为“文本”/);
    expect(en(r.errors[1]!)).toContain('format the column as Text');

    const codes = writeXlsx([{ name: 'villages', rows: [['村编号', '村（社区）名称', '类型', '是否贫困村'], [500153107001, '核桃村', '村', '是']] }]);
    const v = await load({ 'villages.csv': null, 'villages.xlsx': codes });
    expect(v.dataset.tables.villages.records[0]!.village_id).toBe('500153107001');
    expect(v.errors.filter((e) => e.file.startsWith('villages'))).toEqual([]);
  });

  it("keeps the header logic of CSV: a title row above the header, unknown columns, empty cells at a row's end, a value right of the header", async () => {
    const book = writeXlsx([
      {
        name: '农户',
        rows: [
          ['河包镇农户信息表'],
          [...HH[0]!, '备注'],
          ['H1', 'V1', '张三', '11010519491231002X', 3, '未脱贫', 2, '是', 'C1', '无'],
          // Trailing cells left empty are not written by Excel: not a ragged row.
          ['H2', 'V2', '李四', null, 1, '非贫困户'],
          ['H3', 'V2', '王五', null, 1, '非贫困户', 0, '否', null, null, null, '多写的一格'],
        ],
      },
    ]);
    const r = await load({ 'households.csv': null, 'households.xlsx': book });
    expect(r.errors.map(where)).toEqual([
      ['households.xlsx[农户]', 1, null, '河包镇农户信息表', 'title-row'],
      ['households.xlsx[农户]', 4, '劳动力人数', '', 'required'],
      ['households.xlsx[农户]', 4, '产业覆盖', '', 'required'],
    ]);
    expect(r.notices.map(where)).toEqual([
      ['households.xlsx[农户]', 2, '备注', null, 'unknown-column'],
      ['households.xlsx[农户]', 5, null, null, 'unnamed-column'],
    ]);
    expect(r.notices[1]!.args).toMatchObject({ position: 12 });
    expect([...r.dataset.tables.households.lines]).toEqual([3, 4, 5]);
  });

  it('an empty sheet is an error naming the sheet', async () => {
    const r = await load({ 'households.csv': null, 'households.xlsx': writeXlsx([{ name: '农户', rows: [] }]) });
    expect(r.errors.map(where)).toEqual([['households.xlsx[农户]', null, null, null, 'empty-sheet']]);
  });

  it('reads a workbook another program wrote (openpyxl: inline strings as character references, absolute part names, a Chinese date format)', async () => {
    const r = await load({ 'households.csv': null, 'projects.csv': null, '数据.xlsx': readFileSync(join(SAMPLE, '..', 'xlsx', 'openpyxl-data.xlsx')) });
    expect(r.errors.map(where)).toEqual([
      ['数据.xlsx[农户]', 3, '证件号码', '1.1010519491231E+17', 'bad-id-number'],
      ['数据.xlsx[扶贫项目]', 3, '完工日期', '2020-07-01 14:30:00', 'bad-date'],
    ]);
    expect(r.notices.map(where)).toEqual([['数据.xlsx[说明]', null, null, null, 'xlsx-unknown-sheet']]);
    const hh = r.dataset.tables.households;
    expect([...hh.lines]).toEqual([2, 3, 5]);
    expect(hh.records.map((h) => [h.household_id, h.phone, h.members, h.industry_covered])).toEqual([
      ['H1', '13800138000', 3, true],
      ['H2', null, 1, false],
      ['H3', null, 2, false],
    ]);
    expect(r.dataset.tables.projects.records[0]!.completion_date).toBe('2020-06-30');
  });
});

describe('sheets that hold no table', () => {
  it('a sheet of 数据.xlsx named after no table is a notice, its name masked like an unknown file\'s', async () => {
    const dir = folder({ 'industries.csv': null, '数据.xlsx': writeXlsx([{ name: '产业', rows: csvRows(VALID_FILES['industries.csv']!) }, { name: '张三丰', rows: [['户口本']] }]) });
    const r = await loadData(dir);
    expect(r.errors).toEqual([]);
    expect(r.notices.map(where)).toEqual([['数据.xlsx[张三丰]', null, null, null, 'xlsx-unknown-sheet']]);
    expect(zh(r.notices[0]!)).toContain('村（社区）、农户、产业');
    const masked = await run(['validate', dir]);
    expect(masked.code).toBe(0);
    expect(masked.stdout).toContain('数据.xlsx[张*丰]');
    expect(masked.stdout).not.toContain('张三丰');
    expect((await run(['validate', dir, '--show-personal-data'])).stdout).toContain('数据.xlsx[张三丰]');
  });

  it('many such sheets: the first five listed, the rest counted', async () => {
    const sheets = Array.from({ length: 8 }, (_, i) => ({ name: `表${i + 1}`, rows: [['x']] }));
    const r = await load({ '数据.xlsx': writeXlsx(sheets) });
    expect(r.notices.map((e) => [e.file, e.code])).toEqual([
      ...sheets.slice(0, 5).map((s) => [`数据.xlsx[${s.name}]`, 'xlsx-unknown-sheet']),
      ['数据.xlsx', 'xlsx-more-unknown-sheets'],
    ]);
    expect(zh(r.notices[5]!)).toContain('另有 3 个工作表');
  });
});

describe('one form per table', () => {
  it('refuses households.csv beside households.xlsx, and beside a 农户 sheet of 数据.xlsx', async () => {
    const hh = writeXlsx([{ name: '农户', rows: HH }]);
    const a = await load({ 'households.xlsx': hh });
    expect(a.errors.map(where)).toEqual([['households.csv', null, null, null, 'two-forms']]);
    expect(a.errors[0]!.args.files).toBe('households.csv, households.xlsx');
    const b = await load({ 'households.csv': null, 'households.xlsx': hh, '数据.xlsx': hh });
    expect(b.errors.map((e) => [e.file, e.code, e.args.files])).toEqual([['households.xlsx', 'two-forms', 'households.xlsx, 数据.xlsx[农户]']]);
    expect(b.dataset.tables.households.file).toBeNull();
  });

  it('refuses two sheets of one table in a workbook', async () => {
    const r = await load({ 'households.csv': null, 'households.xlsx': writeXlsx([{ name: '农户', rows: HH }, { name: 'households', rows: HH }]) });
    expect(r.errors.map((e) => [e.file, e.code, e.args.files])).toEqual([['households.xlsx', 'two-forms', 'households.xlsx[农户], households.xlsx[households]']]);
  });

  it('a table in no file and no sheet: the error says it may be a sheet of 数据.xlsx', async () => {
    const r = await load({ 'households.csv': null, '数据.xlsx': writeXlsx([{ name: '产业', rows: csvRows(VALID_FILES['industries.csv']!) }]), 'industries.csv': null });
    expect(r.errors.map(where)).toEqual([['households.csv', null, null, null, 'missing-file']]);
    expect(zh(r.errors[0]!)).toContain('households.xlsx');
    expect(zh(r.errors[0]!)).toContain('数据.xlsx 中建一个名为“农户”的工作表');
    expect(r.dataset.tables.industries.file).toBe('数据.xlsx[产业]');
  });
});

/** The sample town with every CSV as a workbook: typed cells where Excel would type them, at the CSV's line numbers. */
function sampleAsWorkbooks(combined: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), 'hebao-xlsx-'));
  made.push(dir);
  cpSync(SAMPLE, dir, { recursive: true });
  const sheets: { table: TableName; rows: (XlsxCell[] | null)[] }[] = [];
  for (const t of TABLE_NAMES) {
    const file = join(dir, `${t}.csv`);
    let text: string;
    try {
      const decoded = decodeBytes(readFileSync(file));
      if ('binary' in decoded) throw new Error(file);
      text = decoded.text;
    } catch {
      continue; // cooperatives.yaml stays YAML
    }
    rmSync(file);
    const rows: (XlsxCell[] | null)[] = [];
    let cols: (typeof TABLES)[TableName]['columns'][number][] = [];
    scanCsv(text, (cells, n, line) => {
      const row = cells.slice(0, n);
      while (rows.length < line - 1) rows.push(null);
      if (line === 1) {
        cols = row.map((h) => TABLES[t].columns.find((c) => c.header === h.trim() || c.key === h.trim())!);
        rows.push(row);
        return;
      }
      rows.push(
        row.map((cell, i): XlsxCell => {
          const kind = cols[i]?.type.kind;
          if (cell === '') return null;
          if ((kind === 'int' || kind === 'number') && /^-?\d+(\.\d+)?$/.test(cell)) return Number(cell);
          if (kind === 'date' && normaliseDate(cell)) return { date: normaliseDate(cell)! };
          if (kind === 'bool' && (cell === '是' || cell === '否')) return cell === '是';
          return cell;
        }),
      );
    });
    sheets.push({ table: t, rows });
  }
  if (combined) writeFileSync(join(dir, '数据.xlsx'), writeXlsx(sheets.map((s) => ({ name: TABLES[s.table].title, rows: s.rows })), { sharedStrings: true }));
  else for (const s of sheets) writeFileSync(join(dir, `${s.table}.xlsx`), writeXlsx([{ name: 'Sheet1', rows: s.rows }], { sharedStrings: true }));
  return dir;
}

describe('the sample town as workbooks', () => {
  const comparable = (stdout: string) => {
    const o = JSON.parse(stdout);
    delete o.inputs;
    delete o.provenance;
    // A workbook's label, households.xlsx[Sheet1] or 数据.xlsx[农户], for the CSV's name.
    const byTitle = new Map(TABLE_NAMES.map((t) => [TABLES[t].title, t]));
    return JSON.parse(
      JSON.stringify(o)
        .replace(/(\w+)\.xlsx\[Sheet1\]/g, '$1.csv')
        .replace(/数据\.xlsx\[([^\]]+)\]/g, (_, sheet: string) => `${byTitle.get(sheet)}.csv`),
    );
  };

  it('checks exactly as the CSV sample: the same results, errors and notices (one workbook per table, and one for all)', async () => {
    const csv = await run([SAMPLE, '--format', 'json']);
    expect(csv.code).toBe(1);
    const want = comparable(csv.stdout);
    expect(want.results.length).toBeGreaterThan(50);
    for (const combined of [false, true]) {
      const dir = sampleAsWorkbooks(combined);
      expect(readdirSync(dir).some((n) => n.endsWith('.csv'))).toBe(false);
      const got = await run([dir, '--format', 'json']);
      expect(got.stderr).toBe('');
      expect(got.code).toBe(1);
      const have = comparable(got.stdout);
      expect(have.results).toEqual(want.results);
      expect(have.dataErrors).toEqual(want.dataErrors);
      expect(have.notices).toEqual(want.notices);
      expect(have).toEqual({ ...want, dataFolder: have.dataFolder, dir: have.dir });
    }
  });
});

describe('hebao-check init --xlsx', () => {
  it('writes one workbook with a sheet per table (Chinese names and headers), manifest.yaml, town.yaml and 说明.txt; validate exits 0', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'hebao-init-x-')), '2020-12');
    made.push(dir);
    const r = await run(['init', dir, '--xlsx']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['manifest.yaml', 'town.yaml', '数据.xlsx', '说明.txt'].sort());
    expect(r.stdout).toContain('数据.xlsx');
    const book = XlsxBook.open(readFileSync(join(dir, '数据.xlsx')));
    if (!(book instanceof XlsxBook)) throw new Error(book.reason);
    expect(book.sheets.map((s) => s.name)).toEqual(TABLE_NAMES.map((t) => TABLES[t].title));
    const headers: string[][] = [];
    for (const s of book.sheets) book.scanSheet(s, (cells, n) => headers.push(cells.slice(0, n)));
    expect(headers).toEqual(TABLE_NAMES.map((t) => TABLES[t].columns.map((c) => c.header)));
    // The ID column is Text, so Excel keeps an 18-digit ID as typed.
    const sheet = new TextDecoder().decode(unzipSync(readFileSync(join(dir, '数据.xlsx')))['xl/worksheets/sheet2.xml']);
    const idCol = TABLES.households.columns.findIndex((c) => c.personal === 'id_number') + 1;
    expect(sheet).toContain(`<col min="${idCol}" max="${idCol}" width="22" customWidth="1" style="2"/>`);
    const notes = readFileSync(join(dir, '说明.txt'), 'utf8');
    expect(notes).toContain('数据.xlsx');
    expect(notes).toContain('工作表“农户”（households）');
    expect(notes).not.toContain('households.csv');

    const v = await run(['validate', dir, '--format', 'json']);
    expect(v.code).toBe(0);
    const out = JSON.parse(v.stdout);
    expect(out.valid).toBe(true);
    expect(out.dataErrors).toEqual([]);
    expect(out.notices).toEqual([]);
  });

  it('with --force beside a table already there, leaves that table out of the workbook (no second form)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hebao-init-x-'));
    made.push(dir);
    writeFileSync(join(dir, 'villages.csv'), VALID_FILES['villages.csv']!);
    const r = await run(['init', dir, '--xlsx', '--force']);
    expect(r.code).toBe(0);
    const book = XlsxBook.open(readFileSync(join(dir, '数据.xlsx')));
    if (!(book instanceof XlsxBook)) throw new Error(book.reason);
    expect(book.sheets.map((s) => s.name)).not.toContain('村（社区）');
    const v = await run(['validate', dir, '--format', 'json']);
    expect(JSON.parse(v.stdout).dataErrors.map((e: DataError) => e.code)).not.toContain('two-forms');
  });
});

describe('hostile workbooks', () => {
  /** A zip of the given parts around a workbook with one sheet. */
  function bookWith(parts: Record<string, Uint8Array>): Uint8Array {
    const base = unzipSync(writeXlsx([{ name: '农户', rows: HH }], { sharedStrings: true }));
    return zipSync({ ...base, ...parts }, { level: 9 });
  }

  it('a zip bomb (a sheet that inflates past the cap) is refused quickly, the rows before it kept', async () => {
    const rows = HH.slice(0, 2).map((r, i) => `<row r="${i + 1}">${r.map((c, j) => `<c r="${String.fromCharCode(65 + j)}${i + 1}" t="inlineStr"><is><t>${c}</t></is></c>`).join('')}</row>`).join('');
    // 64 MB of spaces between two rows: deflated to ~64 KB.
    const xml = `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}${' '.repeat(64 * 1024 * 1024)}</sheetData></worksheet>`;
    const bomb = bookWith({ 'xl/worksheets/sheet1.xml': strToU8(xml) });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const book = XlsxBook.open(bomb, { ...DEFAULT_LIMITS, sheetBytes: 8 * 1024 * 1024 });
    if (!(book instanceof XlsxBook)) throw new Error(book.reason);
    const seen: number[] = [];
    const t0 = performance.now();
    const { problem } = book.scanSheet(book.sheets[0]!, (_c, _n, line) => seen.push(line));
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(seen).toEqual([1, 2]);
    expect(problem).toMatchObject({ line: 2, code: 'xlsx-unreadable', args: { reason: 'too-large' } });
  });

  it('huge shared strings are refused at once, whole (one string past what a cell holds) or bounded by the cap (many)', async () => {
    const one = `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>${'x'.repeat(40 * 1024 * 1024)}</t></si></sst>`;
    const t0 = performance.now();
    const r = await load({ 'households.csv': null, 'households.xlsx': bookWith({ 'xl/sharedStrings.xml': strToU8(one) }) });
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(r.errors.map(where)).toEqual([['households.xlsx[农户]', null, null, null, 'xlsx-limit']]);
    expect(zh(r.errors[0]!)).toContain('超出了 Excel 的长度上限');

    const many = `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${'<si><t>ab</t></si>'.repeat(500_000)}</sst>`;
    const book = XlsxBook.open(bookWith({ 'xl/sharedStrings.xml': strToU8(many) }), { ...DEFAULT_LIMITS, sharedStringsBytes: 1024 * 1024 });
    if (!(book instanceof XlsxBook)) throw new Error(book.reason);
    expect(book.scanSheet(book.sheets[0]!, () => {}).problem).toMatchObject({ code: 'xlsx-unreadable', args: { reason: 'too-large' } });
  });

  it('not a workbook: a renamed text file, an old .xls or a password-protected workbook, a damaged zip, beyond Excel\'s rows', async () => {
    const good = writeXlsx([{ name: '农户', rows: HH }]);
    const damaged = Uint8Array.from(good);
    // Flip bytes inside the compressed sheet: its deflate stream no longer decodes.
    const at = Buffer.from(good).indexOf('xl/worksheets/sheet1.xml') + 40;
    for (let i = at; i < at + 24; i++) damaged[i] = damaged[i]! ^ 0x5a;
    const cases: [Uint8Array | string, string][] = [
      ['户编号,村编号\nH1,V1\n', 'not-zip'],
      [Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(600)]), 'ole'],
      [zipSync({ 'hello.txt': strToU8('hi') }), 'no-workbook'],
    ];
    for (const [bytes, reason] of cases) {
      const r = await load({ 'households.csv': null, 'households.xlsx': typeof bytes === 'string' ? bytes : Buffer.from(bytes) });
      expect(r.errors.map((e) => [e.file, e.code, e.args.reason])).toEqual([['households.xlsx', 'xlsx-unreadable', reason]]);
      expect(zh(r.errors[0]!)).not.toMatch(/undefined/);
    }
    const r = await load({ 'households.csv': null, 'households.xlsx': Buffer.from(damaged) });
    expect(r.errors.map((e) => [e.file, e.code, e.args.reason])).toEqual([['households.xlsx[农户]', 'xlsx-unreadable', 'damaged']]);

    const far = new TextDecoder().decode(unzipSync(good)['xl/worksheets/sheet1.xml']).replace('</sheetData>', '<row r="1048577"><c r="A1048577" t="inlineStr"><is><t>H9</t></is></c></row></sheetData>');
    const l = await load({ 'households.csv': null, 'households.xlsx': bookWith({ 'xl/worksheets/sheet1.xml': strToU8(far) }) });
    expect(l.errors.map(where)).toEqual([['households.xlsx[农户]', 3, null, null, 'xlsx-limit']]);
    expect(l.dataset.tables.households.records.map((h) => h.household_id)).toEqual(['H1', 'H2']);
  });
});
