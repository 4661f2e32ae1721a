/**
 * One header classification (issue 11, "One row reader for CSV, YAML"): a
 * file's header problems are the same codes, args and hints whichever form
 * the file comes in — a CSV header row, an Excel sheet's header row, the keys
 * of a YAML table, the keys of town.yaml / manifest.yaml — and each is placed
 * where the file writes it (the header row's line; a YAML key's own line).
 *
 * Before, the three readers (src/validate/table.ts checkRows and checkYaml,
 * src/validate/records.ts checkRecord) each classified on their own and
 * disagreed: town.yaml said `unknown-key` / `more-unknown-keys` /
 * `missing-key` where tables said `unknown-column` / `more-unknown-columns` /
 * `missing-required-column`; a key given twice named the first one by its
 * contract key in town.yaml and as written elsewhere; an empty YAML key was
 * `unknown-column` but an empty CSV header `unnamed-column`; a dotted name with
 * a forbidden part (`x.__proto__`) was an error in town.yaml and a notice
 * elsewhere; a YAML table's "more unknown columns" had no line; town.yaml had
 * no "did you mean" hints.
 */
import { describe, expect, it } from 'vitest';
import { loadData } from '../src/data.js';
import { writeXlsx } from '../src/load/xlsx-writer.js';
import { DATA_MESSAGES } from '../src/messages/data.js';
import type { DataError } from '../src/model.js';
import { makeDataFolder, VALID_FILES } from './helpers/data-folder.js';

type Form = 'csv' | 'xlsx' | 'yaml';
const FORMS: readonly Form[] = ['csv', 'xlsx', 'yaml'];
const FILE: Record<Form, string> = { csv: 'cooperatives.csv', xlsx: 'cooperatives.xlsx[Sheet1]', yaml: 'cooperatives.yaml' };

/** cooperatives, valid: 合作社编号, 合作社名称, 村编号, 成员数, 建卡贫困户成员数. */
const BASE: readonly [string, string][] = [
  ['合作社编号', 'C1'],
  ['合作社名称', '红薯合作社'],
  ['村编号', 'V1'],
  ['成员数', '10'],
  ['建卡贫困户成员数', '3'],
];

/**
 * The cooperatives table with these headers and one row of values, in one form.
 * In YAML each key is on its own line: the i-th key (from 0) is on line i + 1.
 */
function cooperatives(form: Form, cols: readonly (readonly [string, string])[]): Record<string, string | Buffer | null> {
  const header = cols.map((c) => c[0]);
  const row = cols.map((c) => c[1]);
  if (form === 'csv') return { 'cooperatives.csv': header.join(',') + '\n' + row.join(',') + '\n' };
  if (form === 'xlsx') return { 'cooperatives.csv': null, 'cooperatives.xlsx': Buffer.from(writeXlsx([{ name: 'Sheet1', rows: [header, row] }])) };
  return { 'cooperatives.csv': null, 'cooperatives.yaml': '- ' + cols.map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join('\n  ') + '\n' };
}

/** town.yaml as key/value lines (a key on line i + 1); `leadership_group` written flat with dots. */
function town(keys: readonly (readonly [string, string])[]): Record<string, string> {
  return { 'town.yaml': keys.map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join('\n') + '\n' };
}
const TOWN: readonly [string, string][] = [
  ['name', '河包镇'],
  ['leadership_group.leader', '王明'],
  ['leadership_group.first_deputy', '李华'],
];

const HEADER_CODES = new Set(['unknown-column', 'unnamed-column', 'more-unknown-columns', 'duplicate-column', 'missing-required-column', 'forbidden-column', 'unknown-key', 'more-unknown-keys', 'missing-key']);
type Seen = [file: string, line: number | null, column: string | null, value: string | null, code: string, args: DataError['args']];
const seen = (e: DataError): Seen => [e.file, e.line, e.column, e.value, e.code, e.args];

/** The header problems (errors, then notices) of one file of a loaded folder. */
async function problems(files: Record<string, string | Buffer | null>, file: string): Promise<{ errors: Seen[]; notices: Seen[]; all: DataError[] }> {
  const r = await loadData(makeDataFolder(files));
  const mine = (e: DataError) => e.file === file && HEADER_CODES.has(e.code);
  return { errors: r.errors.filter(mine).map(seen), notices: r.notices.filter(mine).map(seen), all: [...r.errors, ...r.notices].filter(mine) };
}

/** In a header row the header's line and column number; for a YAML key the key's line and no column number. */
const placeOf = (form: Form, key: number, column: number) => (form === 'yaml' ? { line: key + 1, position: null } : { line: 1, position: column });

describe('an unknown header or key', () => {
  it('is an `unknown-column` notice naming the table, in every form', async () => {
    for (const form of FORMS) {
      const p = await problems(cooperatives(form, [...BASE, ['备注', '好']]), FILE[form]);
      const at = placeOf(form, 5, 6);
      expect(p.errors, form).toEqual([]);
      expect(p.notices, form).toEqual([[FILE[form], at.line, '备注', null, 'unknown-column', { table: 'cooperatives', position: at.position }]]);
    }
    // Was `unknown-key` with args {file}.
    const t = await problems(town([...TOWN, ['备注', '好']]), 'town.yaml');
    expect([t.errors, t.notices]).toEqual([[], [['town.yaml', 4, '备注', null, 'unknown-column', { table: 'town', position: null }]]]);
    const m = await problems({ 'manifest.yaml': VALID_FILES['manifest.yaml'] + '备注: 好\n' }, 'manifest.yaml');
    expect([m.errors, m.notices]).toEqual([[], [['manifest.yaml', 4, '备注', null, 'unknown-column', { table: 'manifest', position: null }]]]);
  });

  it('one edit away from a required column the file lacks: the notice and the missing column say which, in every form', async () => {
    for (const form of FORMS) {
      const cols = BASE.map(([h, v]) => [h === '合作社名称' ? '合作社名' : h, v] as const);
      const p = await problems(cooperatives(form, cols), FILE[form]);
      const at = placeOf(form, 1, 2);
      expect(p.notices, form).toEqual([[FILE[form], at.line, '合作社名', null, 'unknown-column', { table: 'cooperatives', position: at.position, suggest: '合作社名称' }]]);
      // The file-level error: at the header row, or, with no header row (YAML), at no line.
      expect(p.errors, form).toEqual([
        [FILE[form], form === 'yaml' ? null : 1, '合作社名称 (name)', null, 'missing-required-column', { table: 'cooperatives', header: '合作社名称', key: 'name', found: '合作社名' }],
      ]);
    }
    // Was no hint at all in town.yaml, and `missing-key`.
    const t = await problems(town([['镇名称', '河包镇'], ...TOWN.slice(1)]), 'town.yaml');
    expect(t.notices).toEqual([['town.yaml', 1, '镇名称', null, 'unknown-column', { table: 'town', position: null, suggest: '镇名' }]]);
    expect(t.errors).toEqual([['town.yaml', null, '镇名 (name)', null, 'missing-required-column', { table: 'town', header: '镇名', key: 'name', found: '镇名称' }]]);
    const m = await problems({ 'manifest.yaml': 'town: 河包镇\nplan: hebao-2020\nasof: 2020-12-31\n' }, 'manifest.yaml');
    expect(m.notices).toEqual([['manifest.yaml', 3, 'asof', null, 'unknown-column', { table: 'manifest', position: null, suggest: 'as_of' }]]);
  });

  it('more than five: five listed, then one notice counting the rest at the line of the first not listed, in every form', async () => {
    const extra = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((k) => [k, '1'] as const);
    for (const form of FORMS) {
      const p = await problems(cooperatives(form, [...BASE, ...extra]), FILE[form]);
      expect(p.notices.map((n) => [n[1], n[2], n[4]]), form).toEqual([
        ...['a', 'b', 'c', 'd', 'e'].map((k, i) => [placeOf(form, 5 + i, 6 + i).line, k, 'unknown-column']),
        // Was line null in a YAML table.
        [placeOf(form, 10, 11).line, null, 'more-unknown-columns'],
      ]);
      expect(p.notices[5]![5], form).toEqual({ table: 'cooperatives', count: 2, shown: 5 });
    }
    // Was `unknown-key` and `more-unknown-keys` {file, count, shown} at no line.
    const t = await problems(town([...TOWN, ...extra]), 'town.yaml');
    expect(t.notices.map((n) => [n[1], n[2], n[4]])).toEqual([
      ...['a', 'b', 'c', 'd', 'e'].map((k, i) => [4 + i, k, 'unknown-column']),
      [9, null, 'more-unknown-columns'],
    ]);
    expect(t.notices[5]![5]).toEqual({ table: 'town', count: 2, shown: 5 });
  });
});

describe('a header or key with no name', () => {
  it('is an `unnamed-column` notice, in every form', async () => {
    for (const form of FORMS) {
      // Not the last header: an Excel sheet does not write an empty cell at the end of a row.
      const p = await problems(cooperatives(form, [...BASE.slice(0, 4), ['', 'x'], BASE[4]!]), FILE[form]);
      const at = placeOf(form, 4, 5);
      // Was `unknown-column` for a YAML key.
      expect(p.notices, form).toEqual([[FILE[form], at.line, '', null, 'unnamed-column', { table: 'cooperatives', position: at.position }]]);
    }
    // Was `unknown-key`.
    const t = await problems(town([...TOWN, ['', 'x']]), 'town.yaml');
    expect(t.notices).toEqual([['town.yaml', 4, '', null, 'unnamed-column', { table: 'town', position: null }]]);
  });
});

describe('a column given twice', () => {
  it('is a `duplicate-column` error at the second, naming the first as the file writes it, in every form', async () => {
    for (const form of FORMS) {
      const p = await problems(cooperatives(form, [...BASE, ['village_id', 'V1']]), FILE[form]);
      const at = placeOf(form, 5, 6);
      // A header row has no value; a YAML key has its own.
      expect(p.errors, form).toEqual([[FILE[form], at.line, 'village_id', form === 'yaml' ? 'V1' : null, 'duplicate-column', { first: '村编号' }]]);
    }
    // Was {first: 'name'}: the contract's key, not what the file wrote.
    const t = await problems(town([['镇名', '河包镇'], ...TOWN.slice(1), ['name', '河包镇']]), 'town.yaml');
    expect(t.errors).toEqual([['town.yaml', 4, 'name', '河包镇', 'duplicate-column', { first: '镇名' }]]);
  });
});

describe('a required column missing', () => {
  it('is one `missing-required-column` error for the file, naming its table, in every form', async () => {
    for (const form of FORMS) {
      const p = await problems(cooperatives(form, BASE.filter(([h]) => h !== '成员数')), FILE[form]);
      expect(p.errors, form).toEqual([[FILE[form], form === 'yaml' ? null : 1, '成员数 (members)', null, 'missing-required-column', { table: 'cooperatives', header: '成员数', key: 'members' }]]);
    }
    // Was `missing-key`.
    const t = await problems(town(TOWN.slice(0, 2)), 'town.yaml');
    expect(t.errors).toEqual([
      ['town.yaml', null, '第一副组长 (leadership_group.first_deputy)', null, 'missing-required-column', { table: 'town', header: '第一副组长', key: 'leadership_group.first_deputy' }],
    ]);
  });
});

describe('a name with a forbidden part', () => {
  it('`x.__proto__` is a `forbidden-column` error, in every form (town.yaml reads dots as nesting)', async () => {
    for (const form of FORMS) {
      const p = await problems(cooperatives(form, [...BASE, ['x.__proto__', '1']]), FILE[form]);
      const at = placeOf(form, 5, 6);
      // Was an unknown-column notice in tables.
      expect(p.errors, form).toEqual([[FILE[form], at.line, 'x.__proto__', form === 'yaml' ? '1' : null, 'forbidden-column', {}]]);
      expect(p.notices, form).toEqual([]);
    }
    const t = await problems(town([...TOWN, ['x.__proto__', '1']]), 'town.yaml');
    expect([t.errors, t.notices]).toEqual([[['town.yaml', 4, 'x.__proto__', '1', 'forbidden-column', {}]], []]);
  });
});

describe('the wording of header problems', () => {
  it('town.yaml and manifest.yaml speak of keys (项), tables of columns (列); no "null" or "undefined" in any form', async () => {
    const extra = ['a', 'b', 'c', 'd', 'e', 'f'].map((k) => [k, '1'] as const);
    const all: DataError[] = [];
    for (const form of FORMS) all.push(...(await problems(cooperatives(form, [...BASE.slice(1), ['', 'x'], ['合作社编', 'y'], ...extra]), FILE[form])).all);
    const t = (await problems(town([['镇名称', '河包镇'], ['', 'x'], ...TOWN.slice(1, 2), ...extra]), 'town.yaml')).all;
    all.push(...t);
    expect(new Set(all.map((e) => e.code))).toEqual(new Set(['unknown-column', 'unnamed-column', 'more-unknown-columns', 'missing-required-column']));
    for (const e of all) {
      const m = DATA_MESSAGES[e.code]!;
      for (const text of [m.zh(e.args), m.en(e.args)]) expect(text, `${e.file} ${e.code}`).not.toMatch(/undefined|null/);
    }
    const zh = (code: string) => t.filter((e) => e.code === code).map((e) => DATA_MESSAGES[code]!.zh(e.args));
    const en = (code: string) => t.filter((e) => e.code === code).map((e) => DATA_MESSAGES[code]!.en(e.args));
    expect(zh('unknown-column').join()).toContain('没有这一项');
    expect(zh('unknown-column').join()).toContain('是不是“镇名”');
    expect(en('unknown-column').join()).toContain('town.yaml has no such key');
    expect(zh('missing-required-column')).toEqual(['镇级信息（town.yaml）缺少必填项“镇名”（name）；“镇名称”是不是这一项？', '镇级信息（town.yaml）缺少必填项“第一副组长”（leadership_group.first_deputy）']);
    expect(zh('unnamed-column')).toEqual(['这一项没有名称（键为空），已忽略']);
    expect(zh('more-unknown-columns')[0]).toMatch(/^另有 3 项不是镇级信息（town\.yaml）应有的项/);
    // A table keeps its words.
    const csv = all.filter((e) => e.file === 'cooperatives.csv');
    expect(csv.filter((e) => e.code === 'unnamed-column').map((e) => DATA_MESSAGES['unnamed-column']!.zh(e.args))).toEqual(['第 5 列没有表头，已忽略']);
    expect(csv.filter((e) => e.code === 'unknown-column').map((e) => DATA_MESSAGES['unknown-column']!.zh(e.args))[0]).toBe('农民专业合作社没有这一列，已忽略；是不是“合作社编号”？请改用该表头');
  });
});
