/**
 * `hebao-check init DIR --rules PACK` (issue 12): a fresh folder made for a
 * pack that declares data, with its columns, tables and town.yaml keys, and a
 * manifest naming the pack, so that validate and the check read it by that
 * pack without being told again.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPack } from '../src/engine/pack.js';
import { XlsxBook } from '../src/load/xlsx.js';
import { run } from './helpers/cli.js';

const STACK = /^\s+at .+:\d+:\d+\)?$/m;
const made: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'hebao-init-pack-'));
  made.push(d);
  return d;
};
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

const CHANGSHOU = loadPack('changshou-2026').contract;
const headersOf = (t: string) => CHANGSHOU.tables[t]!.columns.map((c) => c.header);

async function validJson(dir: string, extra: string[] = []) {
  const v = await run(['validate', dir, '--format', 'json', ...extra]);
  return { code: v.code, stderr: v.stderr, out: JSON.parse(v.stdout) };
}

describe('init --rules changshou-2026', () => {
  it('writes the declared columns in the headers and the declared table as its own file; validate (no --rules) reads it by the pack and exits 0', async () => {
    const dir = join(tmp(), '2026-12');
    const r = await run(['init', dir, '--rules', 'changshou-2026']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readdirSync(dir)).toContain('surveys.csv');
    expect(r.stdout).toContain('surveys.csv');
    // A bundled pack is found again by manifest.yaml's plan: the commands need no --rules.
    expect(r.stdout).toContain(`hebao-check validate ${dir}\n`);

    const households = iconv.decode(readFileSync(join(dir, 'households.csv')), 'gbk');
    expect(households.split(',')).toContain('监测对象类别');
    expect(households).toBe(headersOf('households').join(',') + '\r\n');
    expect(iconv.decode(readFileSync(join(dir, 'surveys.csv')), 'gbk')).toBe('问卷编号,村编号,受访人,联系电话,调查日期,政策知晓,满意度\r\n');
    expect(iconv.decode(readFileSync(join(dir, 'villages.csv')), 'gbk')).toContain('生活污水治理');

    const manifest = readFileSync(join(dir, 'manifest.yaml'), 'utf8');
    expect(manifest).toMatch(/^plan: changshou-2026$/m);
    // The pack names its town: no placeholder for it, and no "another town" notice later.
    expect(manifest).toMatch(/^town: 长寿镇$/m);
    const town = readFileSync(join(dir, 'town.yaml'), 'utf8');
    expect(town).toMatch(/^rural_income:$/m);
    expect(town).toContain('# 全镇农村常住居民人均可支配收入（元）');

    const v = await validJson(dir);
    expect(v.stderr).toBe('');
    expect(v.code).toBe(0);
    expect(v.out.valid).toBe(true);
    expect(v.out.dataErrors).toEqual([]);
    expect(v.out.notices).toEqual([]);
    // Read by the 2020 plan instead, the pack's columns and table are unknown: the manifest's plan is what made it valid.
    const old = await validJson(dir, ['--rules', 'hebao-2020']);
    expect(old.out.notices.map((n: { code: string }) => n.code)).toEqual(expect.arrayContaining(['unknown-column', 'unknown-file']));
  });

  it('says in 说明.txt which tables, columns and town.yaml keys the pack adds, with every word of each vocabulary, the pack\'s included', async () => {
    const dir = join(tmp(), 'd');
    await run(['init', dir, '--rules', 'changshou-2026']);
    const text = readFileSync(join(dir, '说明.txt'), 'utf8');
    expect(text).not.toMatch(/(?<!\r)\n/);
    expect(text).toContain('《长寿镇2026年巩固拓展脱贫攻坚成果同乡村振兴有效衔接年初工作计划》');
    expect(text).toContain('适用的方案（changshou-2026）');
    expect(text).toContain('surveys.csv       群众调查：规则包 changshou-2026 增加的表。');
    expect(text).toContain('标有★的列和键由规则包 changshou-2026 增加');
    expect(text).toContain('  surveys.csv（群众调查）★\r\n    必填：\r\n      问卷编号');
    expect(text).toContain('      监测对象类别（填 脱贫不稳定户、边缘易致贫户、突发严重困难户 之一）★');
    expect(text).toContain('      满意度（填 满意、基本满意、不满意 之一）');
    // Words the pack adds to built-in columns are listed with the built-in ones; the column itself is not marked.
    expect(text).toContain('      单位（填 亩、只、吨、户、头 之一）\r\n');
    expect(text).toContain('衔接资金 之一）\r\n');
    // Only what the pack adds is marked.
    expect(text).toContain('      户编号（编号，不能重复）\r\n');
    expect(text).toContain('rural_income：全镇农村常住居民人均可支配收入（元）（数字，不带单位），选填★');
    expect(text).toContain('hebao-check rules --rules changshou-2026');
  });

  it('with --xlsx, writes the declared table as a sheet named by its title, the declared columns in the headers; validate exits 0', async () => {
    const dir = join(tmp(), 'x');
    const r = await run(['init', dir, '--rules', 'changshou-2026', '--xlsx']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['manifest.yaml', 'town.yaml', '数据.xlsx', '说明.txt'].sort());
    const bytes = readFileSync(join(dir, '数据.xlsx'));
    const book = XlsxBook.open(bytes);
    if (!(book instanceof XlsxBook)) throw new Error(book.reason);
    expect(book.sheets.map((s) => s.name)).toEqual(CHANGSHOU.tableNames.map((t) => CHANGSHOU.tables[t]!.title));
    expect(book.sheets.map((s) => s.name)).toContain('群众调查');
    const headers: string[][] = [];
    for (const s of book.sheets) book.scanSheet(s, (cells, n) => headers.push(cells.slice(0, n)));
    expect(headers).toEqual(CHANGSHOU.tableNames.map(headersOf));
    // The declared phone column is Text like the built-in ones, so Excel keeps a leading 0 or a long number as typed.
    const surveys = CHANGSHOU.tableNames.indexOf('surveys') + 1;
    const sheet = new TextDecoder().decode(unzipSync(bytes)[`xl/worksheets/sheet${surveys}.xml`]);
    const phone = headersOf('surveys').indexOf('联系电话') + 1;
    expect(sheet).toMatch(new RegExp(`<col min="${phone}" max="${phone}" [^>]*style="2"/>`));
    expect(readFileSync(join(dir, '说明.txt'), 'utf8')).toContain('工作表“群众调查”（surveys）★');

    const v = await validJson(dir);
    expect(v.code).toBe(0);
    expect(v.out.dataErrors).toEqual([]);
    expect(v.out.notices).toEqual([]);
  });

  it('a check of the fresh folder runs by the pack: no data error (no missing column or file), no notice', async () => {
    for (const form of [[], ['--xlsx']]) {
      const dir = join(tmp(), 'c');
      await run(['init', dir, '--rules', 'changshou-2026', ...form]);
      const r = await run([dir, '--format', 'json']);
      expect(r.stderr, form.join()).toBe('');
      expect([0, 1], form.join()).toContain(r.code);
      const report = JSON.parse(r.stdout);
      expect(report.plan, form.join()).toBe('changshou-2026');
      expect(report.dataErrors, form.join()).toEqual([]);
      expect(report.notices, form.join()).toEqual([]);
      expect(report.results.length, form.join()).toBeGreaterThan(0);
    }
  });
});

describe('init --rules with a pack file', () => {
  /** A pack of its own (not bundled) declaring personal columns: an ID number on households and in a table of its own. */
  const PACK = `id: my-plan
title: { zh: 本镇方案, en: My plan }
town: 河包镇
defaultDue: "2026-12-31"
data:
  columns:
    households:
      - { key: helper_id_number, header: 帮扶人身份证号, type: text, personal: id_number }
  tables:
    people:
      title: 家庭成员
      columns:
        - { key: person_id, header: 成员编号, type: id, required: true }
        - { key: household_id, header: 户编号, type: ref, table: households, required: true }
        - { key: person_name, header: 姓名, type: text, personal: name }
        - { key: id_number, header: 身份证号, type: text, personal: id_number }
  town:
    - { key: secretary, header: 党委书记, type: text, required: true, personal: name }
rules:
  - id: "1"
    clause: 一
    quote: 家庭成员登记
    title: { zh: 家庭成员登记, en: Members recorded }
    level: error
    scope: town
    check: { kind: count, tables: [people], op: gte, value: 0 }
`;

  function packFile(): string {
    const file = join(tmp(), 'my plan.yaml');
    writeFileSync(file, PACK);
    return file;
  }

  it('formats declared ID-number columns as Text (and wide enough for 18 digits) like the built-in one', async () => {
    const pack = packFile();
    const dir = join(tmp(), 'x');
    const r = await run(['init', dir, '--rules', pack, '--xlsx']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const bytes = readFileSync(join(dir, '数据.xlsx'));
    const book = XlsxBook.open(bytes);
    if (!(book instanceof XlsxBook)) throw new Error(book.reason);
    const names = book.sheets.map((s) => s.name);
    expect(names).toContain('家庭成员');
    const xml = (i: number) => new TextDecoder().decode(unzipSync(bytes)[`xl/worksheets/sheet${i + 1}.xml`]);
    const people = xml(names.indexOf('家庭成员'));
    // 身份证号 is the 4th column of 家庭成员; 帮扶人身份证号 the last of 农户.
    expect(people).toContain('<col min="4" max="4" width="22" customWidth="1" style="2"/>');
    const hh = xml(names.indexOf('农户'));
    const col = loadPack(pack).contract.tables.households!.columns.findIndex((c) => c.key === 'helper_id_number') + 1;
    expect(hh).toContain(`<col min="${col}" max="${col}" width="22" customWidth="1" style="2"/>`);
    const notes = readFileSync(join(dir, '说明.txt'), 'utf8');
    // In a table the pack adds, the table is marked, not each column.
    expect(notes).toContain('  工作表“家庭成员”（people）★\r\n');
    expect(notes).toContain('      身份证号（18 位身份证号，列设为“文本”）\r\n');
    expect(notes).toContain('      帮扶人身份证号（18 位身份证号，列设为“文本”）★');
  });

  it('a pack that is not bundled is named in the commands it prints (quoted), and validate with it exits 0', async () => {
    const pack = packFile();
    const dir = join(tmp(), 'd');
    const r = await run(['init', dir, '--rules', pack]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`hebao-check validate ${dir} --rules "${pack}"`);
    const notes = readFileSync(join(dir, '说明.txt'), 'utf8');
    expect(notes).toContain(`hebao-check validate ${dir} --rules "${pack}"`);
    expect(notes).toContain(`hebao-check rules --rules "${pack}"`);
    expect(readFileSync(join(dir, 'manifest.yaml'), 'utf8')).toMatch(/^plan: my-plan$/m);
    expect(readdirSync(dir)).toContain('people.csv');
    // A required text key the pack adds gets the placeholder, as the built-in names do.
    expect(readFileSync(join(dir, 'town.yaml'), 'utf8')).toMatch(/^secretary: 待填写$/m);
    const v = await validJson(dir, ['--rules', pack]);
    expect(v.code).toBe(0);
    expect(v.out.dataErrors).toEqual([]);
    expect(v.out.notices).toEqual([]);
  });
});

describe('init --rules with names the built-in files never had', () => {
  // A table titled 项目 (a sheet name the loader reads as projects), one with a title Excel refuses as a sheet name,
  // and a header with a character GBK lacks (𠮷, of Ext-B).
  const PACK = `id: odd-names
title: { zh: 怪名方案, en: Odd names }
defaultDue: "2026-12-31"
data:
  columns:
    households:
      - { key: helper, header: 帮扶人（𠮷）, type: text, personal: name }
  tables:
    tasks:
      title: 项目
      columns:
        - { key: task_id, header: 任务编号, type: id, required: true }
    notes:
      title: "备注/说明"
      columns:
        - { key: note_id, header: 备注编号, type: id, required: true }
rules:
  - id: "1"
    clause: 一
    quote: 任务
    title: { zh: 任务, en: Tasks }
    level: error
    scope: town
    check: { kind: count, tables: [tasks], op: gte, value: 0 }
`;

  it('names a sheet by the table when its title would be read as another table or Excel refuses it, and writes a CSV with such a header as UTF-8 with a BOM', async () => {
    const pack = join(tmp(), 'odd.yaml');
    writeFileSync(pack, PACK);
    const x = join(tmp(), 'x');
    expect((await run(['init', x, '--rules', pack, '--xlsx'])).code).toBe(0);
    const book = XlsxBook.open(readFileSync(join(x, '数据.xlsx')));
    if (!(book instanceof XlsxBook)) throw new Error(book.reason);
    const names = book.sheets.map((s) => s.name);
    expect(names.filter((n) => n === '项目')).toEqual([]);
    expect(names).toEqual(expect.arrayContaining(['扶贫项目', 'tasks', 'notes']));
    const vx = await validJson(x, ['--rules', pack]);
    expect(vx.out.dataErrors).toEqual([]);
    expect(vx.out.notices).toEqual([]);

    const c = join(tmp(), 'c');
    expect((await run(['init', c, '--rules', pack])).code).toBe(0);
    const bytes = readFileSync(join(c, 'households.csv'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toMatch(/,帮扶人（𠮷）\r\n$/);
    // The others stay GBK.
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(join(c, 'villages.csv')))).toThrow();
    const vc = await validJson(c, ['--rules', pack]);
    expect(vc.code).toBe(0);
    expect(vc.out.notices).toEqual([]);
  });
});

describe('init --rules, refusals and kept files', () => {
  it('an unknown pack is refused with exit 2 before anything is written', async () => {
    const dir = join(tmp(), 'never');
    const r = await run(['init', dir, '--rules', 'no-such-plan']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no-such-plan');
    expect(r.stderr).not.toMatch(STACK);
    expect(existsSync(dir)).toBe(false);
  });

  it('with --force beside a manifest.yaml of another plan, keeps it and says later runs still use that plan', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'manifest.yaml'), 'plan: hebao-2020\n');
    const r = await run(['init', dir, '--rules', 'changshou-2026', '--force']);
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'manifest.yaml'), 'utf8')).toBe('plan: hebao-2020\n');
    expect(r.stderr).toContain('hebao-2020');
    expect(r.stderr).toContain('plan 改为 changshou-2026');
    const en = await run(['init', dir, '--rules', 'changshou-2026', '--force', '--lang', 'en']);
    expect(en.stderr).toContain('set its plan: to changshou-2026');
  });
});
