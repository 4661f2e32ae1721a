import { symlinkSync, writeFileSync, mkdtempSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { loadData } from '../src/data.js';
import { isUnknown } from '../src/model.js';
import { parseCsv } from '../src/load/csv.js';
import { decodeBytes } from '../src/load/encoding.js';
import { parseYamlTable } from '../src/load/yaml.js';
import { makeDataFolder, VALID_FILES } from './helpers/data-folder.js';

const where = (e: { file: string; line: number | null; column: string | null; value: string | null; code: string }) => [e.file, e.line, e.column, e.value, e.code];

describe('decodeBytes', () => {
  const zh = '村编号,村（社区）名称\nV1,核桃村\n';
  it('UTF-8, UTF-8 with BOM (stripped), GBK', () => {
    expect(decodeBytes(Buffer.from(zh))).toEqual({ text: zh, encoding: 'utf-8' });
    expect(decodeBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(zh)]))).toEqual({ text: zh, encoding: 'utf-8-bom' });
    expect(decodeBytes(iconv.encode(zh, 'gbk'))).toEqual({ text: zh, encoding: 'gb18030' });
  });
  it('a GBK file whose first 64 KB is ASCII is still read as GBK', () => {
    const text = 'a,b\n' + '1,2\n'.repeat(20000) + '3,核桃村\n';
    expect(decodeBytes(iconv.encode(text, 'gbk'))).toEqual({ text, encoding: 'gb18030' });
  });
  it('forcing: gbk reads UTF-8 bytes as GBK; utf8 reads GBK bytes with replacement characters', () => {
    expect(decodeBytes(iconv.encode(zh, 'gbk'), 'utf8')).toMatchObject({ encoding: 'utf-8' });
    expect((decodeBytes(iconv.encode(zh, 'gbk'), 'utf8') as { text: string }).text).toContain('\ufffd');
    expect(decodeBytes(iconv.encode(zh, 'gbk'), 'gbk')).toEqual({ text: zh, encoding: 'gb18030' });
  });
  it('refuses binary: NUL bytes, many control characters', () => {
    expect(decodeBytes(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]))).toEqual({ binary: true });
    expect(decodeBytes(Buffer.from(Array.from({ length: 400 }, (_, i) => (i % 3 ? 0x01 : 0x41))))).toEqual({ binary: true });
    expect(decodeBytes(Buffer.from('a\tb\r\nc\fd\n'))).toMatchObject({ encoding: 'utf-8' });
  });
});

describe('parseCsv', () => {
  it('LF, CRLF and mixed line ends give the same rows and editor lines', () => {
    const want = parseCsv('a,b\n1,2\n3,4\n');
    expect(want.rows).toEqual([{ line: 2, cells: ['1', '2'] }, { line: 3, cells: ['3', '4'] }]);
    expect(parseCsv('a,b\r\n1,2\r\n3,4\r\n')).toEqual(want);
    expect(parseCsv('a,b\r\n1,2\n3,4\r')).toEqual(want);
  });
  it('quoted commas and newlines; lines after a multi-line record stay right; blank lines skipped', () => {
    const t = parseCsv('a,b\r\n"x,y","line1\r\nline2\r\nline3"\r\n\r\n5,6\n"7",""""\n');
    expect(t.header).toEqual(['a', 'b']);
    expect(t.rows).toEqual([
      { line: 2, cells: ['x,y', 'line1\nline2\nline3'] },
      { line: 6, cells: ['5', '6'] },
      { line: 7, cells: ['7', '"'] },
    ]);
    expect(t.problem).toBeNull();
  });
  it('rows of only commas (Excel leftovers) are skipped like empty lines', () => {
    expect(parseCsv('a,b\n1,2\n,\n , \n3,4\n').rows.map((r) => r.line)).toEqual([2, 5]);
  });
  it('an unclosed quote is one problem at the line the record starts on', () => {
    const t = parseCsv('a,b\n1,2\n\n3,"oops\n4,5\n6,7\n');
    expect(t.rows).toEqual([{ line: 2, cells: ['1', '2'] }]);
    expect(t.problem).toEqual({ line: 4, code: 'csv-unclosed-quote', value: null });
  });
  it('a 10 MB single line finishes quickly', () => {
    const big = 'a,b\n' + 'x'.repeat(10 * 1024 * 1024) + ',1\n';
    const t0 = Date.now();
    const t = parseCsv(big);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(t.rows[0]!.cells[0]!.length).toBe(10 * 1024 * 1024);
  });
});

describe('parseYamlTable', () => {
  it('keeps scalar source text and lines', () => {
    const y = parseYamlTable('- id: 510226199001011234\n  ok: true\n  n: 12.50\n  none: ~\n  s: "quoted"\n  list: [a, b]\n');
    expect(y.fatal).toBeNull();
    expect(y.rows[0]).toEqual({
      line: 1,
      keys: ['id', 'ok', 'n', 'none', 's', 'list'],
      cells: ['510226199001011234', 'true', '12.50', '', 'quoted', ['a', 'b']],
      lines: [1, 2, 3, 4, 5, 6],
      broken: false,
      unreadable: [],
    });
  });
  it('an alias bomb is an error, not a hang', () => {
    const bomb =
      'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n' +
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n';
    expect(parseYamlTable(bomb).fatal).toMatchObject({ code: 'yaml-not-list', line: 1 });
    const inList = parseYamlTable('- x: &a [1, 2]\n  y: &b [*a, *a, *a]\n  z: [*b, *b, *b, *b]\n');
    expect(inList.problems).toEqual([
      { line: 2, code: 'yaml-nested', value: 'y' },
      { line: 3, code: 'yaml-nested', value: 'z' },
    ]);
  });
  it('deep nesting is an error', () => {
    const deep = parseYamlTable('- a: ' + '['.repeat(5000) + ']'.repeat(5000) + '\n');
    expect(deep.fatal ?? deep.problems[0]).toBeTruthy();
  });
  it('a syntax error names its line', () => {
    expect(parseYamlTable('- a: 1\n- b: [2\n- c: 3\n').fatal).toMatchObject({ code: 'yaml-syntax' });
  });
});

describe('the folder, as a user sees it', () => {
  it('GBK, BOM and forced encodings are recorded per file', async () => {
    const dir = makeDataFolder({
      'villages.csv': iconv.encode(VALID_FILES['villages.csv']!.replace(/\n/g, '\r\n'), 'gbk'),
      'industries.csv': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(VALID_FILES['industries.csv']!)]),
    });
    const { dataset, errors } = await loadData(dir);
    expect(errors).toEqual([]);
    expect(dataset.tables.villages.records[0]).toMatchObject({ name: '核桃村', poverty_village: true });
    expect(dataset.inputs.find((i) => i.file === 'villages.csv')!.encoding).toBe('gb18030');
    expect(dataset.inputs.find((i) => i.file === 'industries.csv')!.encoding).toBe('utf-8-bom');
    // Forcing gbk on UTF-8 files garbles the headers: the required columns go missing, reported per file.
    const forced = await loadData(makeDataFolder(), { encoding: 'gbk' });
    expect(forced.errors.some((e) => e.file === 'villages.csv' && e.code === 'missing-required-column')).toBe(true);
  });

  it('two forms of one table, a missing file, an unknown file', async () => {
    const dir = makeDataFolder({ 'projects.yaml': '[]\n', 'enterprises.csv': null, 'notes.docx': 'x', '.DS_Store': 'x', 'waivers.yaml': '[]' });
    const { errors, notices, dataset } = await loadData(dir);
    expect(errors.map(where)).toEqual([
      ['projects.csv', null, null, null, 'two-forms'],
      ['enterprises.csv', null, null, null, 'missing-file'],
    ]);
    expect(errors[0]!.args).toEqual({ files: 'projects.csv, projects.yaml' });
    expect(notices.map(where)).toEqual([['notes.docx', null, null, null, 'unknown-file']]);
    expect(dataset.tables.projects.file).toBeNull();
  });

  it('file names match case-insensitively and are reported as found', async () => {
    const dir = makeDataFolder({ 'visits.csv': null, 'Visits.CSV': '日期,村编号\n2020-13-01,V1\n' });
    const { errors } = await loadData(dir);
    expect(errors.map(where)).toEqual([['Visits.CSV', 2, '日期', '2020-13-01', 'impossible-date']]);
  });

  it('empty file, header-only file, binary file', async () => {
    const dir = makeDataFolder({
      'visits.csv': '',
      'projects.csv': '项目编号,项目名称,年度,项目类别,资金来源,项目状态\r\n',
      'instructors.csv': Buffer.from('PK\u0003\u0004\u0000\u0000binary'),
    });
    const { errors, dataset } = await loadData(dir);
    expect(errors.map(where)).toEqual([
      ['instructors.csv', null, null, null, 'binary-file'],
      ['visits.csv', null, null, null, 'empty-file'],
    ]);
    expect(dataset.tables.projects).toMatchObject({ file: 'projects.csv', rowCount: 0, records: [] });
    expect(dataset.tables.projects.columns.has('status')).toBe(true);
  });

  it('a symlink to outside the folder is refused; one inside is read', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'hebao-outside-'));
    writeFileSync(join(outside, 'secret.csv'), VALID_FILES['visits.csv']!);
    const dir = makeDataFolder({ 'visits.csv': null, 'real-industries.csv': VALID_FILES['industries.csv']!, 'industries.csv': null });
    symlinkSync(join(outside, 'secret.csv'), join(dir, 'visits.csv'));
    symlinkSync(join(dir, 'real-industries.csv'), join(dir, 'industries.csv'));
    const { errors, dataset } = await loadData(dir);
    expect(errors.map(where)).toEqual([['visits.csv', null, null, null, 'symlink-outside']]);
    expect(dataset.tables.industries.records).toHaveLength(2);
  });

  it('an unreadable file is an error for that file', async () => {
    if (process.getuid?.() === 0) return; // root reads anything
    const dir = makeDataFolder();
    chmodSync(join(dir, 'visits.csv'), 0o000);
    const { errors } = await loadData(dir);
    expect(errors.map(where)).toEqual([['visits.csv', null, null, null, 'unreadable-file']]);
  });

  it('a ragged row and an unclosed quote', async () => {
    const dir = makeDataFolder({
      'villages.csv': '村编号,村（社区）名称,类型,是否贫困村\nV1,核桃村,村,是\nV2,河包社区,社区\nV3,新村,村,否,,\n"V4,坏村,村,否\n',
    });
    const { errors, dataset } = await loadData(dir);
    expect(errors.filter((e) => e.file === 'villages.csv').map(where)).toEqual([
      // No value: a row that cannot be split is never shown (its cells may hold names), only its line.
      ['villages.csv', 3, null, null, 'ragged-row'],
      ['villages.csv', 5, null, null, 'csv-unclosed-quote'],
    ]);
    // Trailing empty cells beyond the header are tolerated (Excel writes them).
    expect(dataset.tables.villages.records.map((r) => r.village_id)).toEqual(['V1', 'V3']);
  });

  it('a 10 MB cell: value cut in the error, quick', async () => {
    const dir = makeDataFolder({ 'visits.csv': '日期,村编号\n' + '9'.repeat(10 * 1024 * 1024) + ',V1\n' });
    const t0 = Date.now();
    const { errors } = await loadData(dir);
    expect(Date.now() - t0).toBeLessThan(10000);
    expect(errors.map((e) => [e.file, e.line, e.column, e.code])).toEqual([['visits.csv', 2, '日期', 'bad-date']]);
    expect(errors[0]!.value!.length).toBeLessThanOrEqual(201);
  });

  it('YAML: __proto__ keys, alias bombs and non-lists are errors; CRLF and BOM are fine', async () => {
    const dir = makeDataFolder({
      'villages.csv': null,
      'villages.yaml': '\ufeff- village_id: V1\r\n  name: 核桃村\r\n  type: 村\r\n  poverty_village: 是\r\n  sales_docking_enterprise: E1\r\n- village_id: V2\r\n  name: 河包社区\r\n  type: 社区\r\n  poverty_village: false\r\n  __proto__: polluted\r\n- village_id: V3\r\n  name: {a: 1}\r\n',
      'town.yaml': 'name: &n [a, b]\nx: &x [*n, *n, *n, *n, *n, *n, *n, *n]\ny: [*x, *x, *x, *x, *x, *x, *x, *x]\n',
      'instructors.csv': null,
      'instructors.yml': 'instructor_id: I1\n',
    });
    const { errors, dataset } = await loadData(dir);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(errors.map(where)).toEqual([
      // One header classification for every form (issue 11): town.yaml's missing keys are `missing-required-column`, as a table's columns are (was `missing-key`).
      ['town.yaml', null, '组长 (leadership_group.leader)', null, 'missing-required-column'],
      ['town.yaml', null, '第一副组长 (leadership_group.first_deputy)', null, 'missing-required-column'],
      ['town.yaml', 1, 'name', 'a、b', 'not-scalar'],
      ['town.yaml', 2, 'x', null, 'yaml-nested'],
      ['town.yaml', 3, 'y', null, 'yaml-nested'],
      ['villages.yaml', 10, '__proto__', 'polluted', 'forbidden-column'],
      ['villages.yaml', 11, 'type', '', 'required'],
      ['villages.yaml', 11, 'poverty_village', '', 'required'],
      ['villages.yaml', 12, 'name', null, 'yaml-nested'],
      ['instructors.yml', 1, null, null, 'yaml-not-list'],
    ]);
    // Every record stays; what could not be read is unknown (rule-catalogue.md, rewritten).
    expect(dataset.tables.villages.records.map((r) => r.village_id)).toEqual(['V1', 'V2', 'V3']);
    expect(dataset.tables.villages.records.map((r) => isUnknown(r.name))).toEqual([false, false, true]);
    expect(isUnknown(dataset.town!.name)).toBe(true);
  });
});
