/**
 * Issue 12, no silent mismatch and authoring help. A pack that names a value
 * the data can never hold (返贫, which is read as 未脱贫; "2026" on a
 * whole-number column; 衔接资金; 头 where units are 亩/只/吨/户; related or
 * contains over a list column; a column that does not exist) loaded before
 * and quietly never matched; it is now refused at load with its line, column
 * and the fix, every problem of the file in one pass, in Chinese and English,
 * never in zod's words. A misspelled village or entity is found when the data
 * is read; a manifest of another plan or town gives a notice in every format.
 * `hebao-check pack lint`, the JSON Schema for editors and docs/rule-packs.md
 * are checked here, the last two against what the code generates now.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildDocs, WORKED_EXAMPLES } from '../src/docs/generate.js';
import { CHECK_KINDS } from '../src/engine/checks/registry.js';
import { CONDITION_DOCS } from '../src/engine/condition-docs.js';
import { parsePack, PackError, type PackDiagnostic } from '../src/engine/pack.js';
import { conditionForms } from '../src/engine/pack-issues.js';
import { packJsonSchema, SCHEMA_FILE } from '../src/engine/pack-schema.js';
import { packMessage, packProblemLine } from '../src/messages/rules.js';
import { check, exitCode } from '../src/run.js';
import { run, SAMPLE } from './helpers/cli.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const HEBAO = readFileSync(join(ROOT, 'rules/hebao-2020.yaml'), 'utf8');

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'hebao-mismatch-'));
  made.push(d);
  return d;
}

/** A pack of one rule around `check` (YAML lines at 4 spaces), with `definitions` (at 2); line numbers below count from `id: t` = 1. */
function pack(check: string, definitions = '  none: { field: poverty_status, is: 未脱贫 }'): string {
  return `id: t
title: { zh: 测试, en: test }
defaultDue: "2026-12-31"
definitions:
${definitions}
rules:
  - id: "1.1"
    clause: 一
    quote: 引用
    title: { zh: 甲, en: a }
    level: error
    scope: village
    check:
${check}
`;
}
/** The first line of `check` is line 14. */
const CHECK_LINE = 14;

function diagnostics(text: string): PackDiagnostic[] {
  try {
    parsePack(text, 'x.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(PackError);
    return (e as PackError).diagnostics;
  }
  throw new Error('the pack was accepted');
}

/** zod's own words, which no message may show. */
const ZOD_WORDS = /Invalid input|expected \w+, received|Unrecognized key|Too small|Too big|Invalid option|Invalid string|Invalid union/;

function expectWorded(d: PackDiagnostic): void {
  const zh = packMessage(d, 'zh');
  const en = packMessage(d, 'en');
  expect(zh, d.code).not.toMatch(ZOD_WORDS);
  expect(en, d.code).not.toMatch(ZOD_WORDS);
  expect(zh, d.code).toMatch(/[\u4e00-\u9fff]/);
  expect(en, d.code).not.toMatch(/^[a-z-]+\(\{/); // an unknown code would render as code({...})
}

describe('values a condition names are checked against the data contract at load', () => {
  it('返贫: read as 未脱贫 when data is loaded, so `is: 返贫` never matched (a false pass on 7 返贫 households): refused at its line', () => {
    const text = pack(
      `      kind: count
      tables: [households]
      where: { use: fell_back }
      op: eq
      value: 0`,
      '  fell_back: { field: poverty_status, is: 返贫 }',
    );
    const [d, ...rest] = diagnostics(text);
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ file: 'x.yaml', line: 5, column: 43, rule: null, path: 'definitions.fell_back.is', code: 'enum-alias' });
    expect(packMessage(d!, 'en')).toContain('返贫 is read as 未脱贫 when data is loaded');
    expect(packMessage(d!, 'en')).toContain('write 未脱贫, or declare 返贫 a status of its own');
    expect(packMessage(d!, 'zh')).toContain('“返贫”在读入数据时被读作“未脱贫”');
    expect(packMessage(d!, 'zh')).toContain('请写 未脱贫，或把 返贫 声明为单独的状态');
    // In a list, and in notIn, too: each never matches.
    const inList = diagnostics(text.replace('is: 返贫', 'notIn: [已脱贫, 返贫]'));
    expect(inList.map((x) => [x.path, x.code])).toEqual([['definitions.fell_back.notIn.1', 'enum-alias']]);
  });

  it('a quoted "2026" on a whole-number column: names the column, its type and what to write', () => {
    const [d, ...rest] = diagnostics(
      pack(`      kind: count
      tables: [projects]
      where: { field: year, is: "2026" }
      value: 1`),
    );
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ line: CHECK_LINE + 2, column: 33, rule: '1.1', path: 'check.where.is', code: 'value-type' });
    expect(packMessage(d!, 'en')).toBe('projects.year (年度) is a whole number (2000 to 2100); "2026" is text, so it never matches; write 2026');
    expect(packMessage(d!, 'zh')).toBe('项目表“年度”（year）是整数（2000–2100），"2026" 是文本，永远不会相等；请写 2026');
  });

  it('衔接资金 on fund_source: not in its vocabulary, the allowed words listed; a near miss gets a did-you-mean', () => {
    const [d] = diagnostics(
      pack(`      kind: count
      tables: [projects]
      where: { field: fund_source, in: [财政扶贫资金, 衔接资金] }
      value: 1`),
    );
    expect(d).toMatchObject({ line: CHECK_LINE + 2, path: 'check.where.in.1', code: 'enum-unknown' });
    expect(packMessage(d!, 'en')).toContain('projects.fund_source (资金来源) is one of 财政扶贫资金、捐赠资金、集体经济资金、社会资金、其他; it never holds "衔接资金"');
    expect(packMessage(d!, 'zh')).toContain('只能是 财政扶贫资金、捐赠资金、集体经济资金、社会资金、其他，不会是“衔接资金”');
    const [near] = diagnostics(pack(`      kind: count\n      tables: [projects]\n      where: { field: fund_source, is: 财政扶贫资 }\n      value: 1`));
    expect(packMessage(near!, 'en')).toContain('did you mean "财政扶贫资金"?');
  });

  it('unit: {is: 头} where the unit column holds 亩、只、吨、户: refused, not "0 头 未通过" later', () => {
    const [d, ...rest] = diagnostics(
      pack(`      kind: sum
      table: industries
      where: { field: industry, is: 黄牛 }
      field: scale
      unit: { field: unit, is: 头 }
      value: 100`),
    );
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ line: CHECK_LINE + 4, column: 32, path: 'check.unit.is', code: 'unit-unknown' });
    expect(packMessage(d!, 'en')).toBe('头 is not a unit the data can hold: 亩、只、吨、户');
    expect(packMessage(d!, 'zh')).toBe('“头”不是数据中可能出现的单位，产业表“单位”（unit）只能是：亩、只、吨、户');
  });

  it('`is` on a list column, related through a column pointing elsewhere, a test the column cannot take', () => {
    const ds = diagnostics(
      pack(`      kind: each
      table: villages
      where: { field: type, gt: 村 }
      require: { related: { table: instructors, by: villages, where: { field: villages, is: V01 } }, min: 1 }`),
    );
    // related through the list of 联系村 and contains on it find an item: both fine; `is` compares the whole list with one id.
    expect(ds.map((d) => [d.line, d.path, d.code])).toEqual([
      [CHECK_LINE + 2, 'check.where.gt', 'op-on-type'],
      [CHECK_LINE + 3, 'check.require.related.where.is', 'list-op'],
    ]);
    expect(packMessage(ds[1]!, 'en')).toBe(
      'instructors.villages (联系村) is a list of villages ids and is compares one value, so it never matches; test a list column with contains (one of its items), containsAny, present or minItems (at least n items)',
    );
    expect(parsePack(pack(`      kind: each\n      table: villages\n      require: { related: { table: instructors, by: villages, where: { field: villages, contains: V01 } }, min: 1 }`), 'x.yaml').rules).toHaveLength(1);
    // A column that points at another table says which columns would do.
    const [other] = diagnostics(
      pack(`      kind: each
      table: cooperatives
      require: { related: { table: households, by: village_id }, min: 1 }`),
    );
    expect(other).toMatchObject({ path: 'check.require.related.by', code: 'related-by-other' });
    expect(packMessage(other!, 'en')).toBe(
      'households.village_id (村编号) is the id of a villages record, not a reference to cooperatives, so related never matches; columns of households that refer to cooperatives: cooperative_id',
    );
    const [ref] = diagnostics(
      pack(`      kind: each
      table: villages
      require: { ref: { field: name, table: enterprises } }`),
    );
    expect(packMessage(ref!, 'en')).toContain('columns that refer to enterprises: sales_docking_enterprise');
  });

  it('a column that does not exist gets the nearest key; a Chinese header written as a field gets its key', () => {
    const ds = diagnostics(
      pack(`      kind: share
      table: households
      population: { field: poverty_stauts, in: [未脱贫] }
      meets: { field: 产业覆盖, is: true }
      min: 0.9`),
    );
    expect(ds.map((d) => [d.line, d.column, d.code, d.args.nearest])).toEqual([
      [CHECK_LINE + 2, 28, 'unknown-column', 'poverty_status'],
      [CHECK_LINE + 3, 23, 'header-as-field', 'industry_covered'],
    ]);
  });

  it('a sum over a table without a unit column says so, not "check.unit: Invalid input: expected object, received undefined"', () => {
    const [d, ...rest] = diagnostics(
      pack(`      kind: sum
      table: projects
      field: amount
      value: 100`),
    );
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ rule: '1.1', path: 'check.unit', code: 'sum-no-unit-column' });
    expect(packMessage(d!, 'en')).toMatch(/^projects have no unit column/);
    // Where the table has one, the message says what unit is and how to write it.
    const [missing] = diagnostics(pack(`      kind: sum\n      table: industries\n      field: scale\n      value: 100`));
    expect(packProblemLine(missing!, 'zh')).toBe(`x.yaml:${CHECK_LINE}:7: 规则 1.1：check：sum 检查需要 unit（单位列和单位；数值列本身带单位（如投资金额（万元））时只写单位），例如 unit: {field: unit, is: 亩}`);
    expect(packProblemLine(missing!, 'en')).toBe(`x.yaml:${CHECK_LINE}:7: rule 1.1: check: a sum check needs unit (the unit column and the unit; for a column whose figures have one unit (投资金额（万元）), the unit alone), e.g. unit: {field: unit, is: 亩}`);
  });

  it('every column a check reads is in the contract, also for a kind with no lint hook of its own', () => {
    const ds = diagnostics(pack(`      kind: change\n      table: villages\n      field: collective_incme\n      compare: growth\n      value: "0.1"`));
    expect(ds.map((d) => [d.code, d.args.table, d.args.column, d.args.nearest])).toEqual([['unknown-column', 'villages', 'collective_incme', 'collective_income']]);
  });

  it('the bundled 2020 pack names nothing the contract cannot hold', () => {
    expect(parsePack(HEBAO, 'hebao-2020.yaml').rules).toHaveLength(53);
  });
});

describe('every problem of a file in one pass, worded in Chinese and English', () => {
  // Before: the pack schema stopped at its first failure (2 problems), and the rules were judged only once it passed (8 more).
  const BROKEN = `id: t
title: { zh: 测试 }
definitions:
  poor: { field: poverty_status, in: [未脱贫, 返贫] }
  loop: { all: [{ use: loop }] }
rules:
  - id: "1"
    clause: 一
    quote: q
    title: { zh: 甲, en: a }
    level: eror
    scope: villages
    check:
      kind: share
      table: households
      population: { use: poorr }
      meets: { field: industry_coverd }
      min: 95
  - id: "2"
    clause: 二
    quote: q
    title: { zh: 乙, en: b }
    level: error
    scope: town
    check:
      kind: sum
      table: industries
      field: scale
      value: 100
      nmed: x
  - id: "3"
    clause: 三
    title: { zh: 丙, en: c }
    level: error
    scope: town
    check: { kind: shares, table: households }
`;

  it('reports all of them at once, in file order, each with its line, rule and path', () => {
    const ds = diagnostics(BROKEN);
    expect(ds.map((d) => [d.line, d.rule, d.path, d.code])).toEqual([
      [1, null, 'defaultDue', 'missing-key'],
      [2, null, 'title.en', 'missing-key'],
      [4, null, 'definitions.poor.in.1', 'enum-alias'],
      [5, null, 'definitions.loop', 'definition-cycle'],
      [11, '1', 'level', 'bad-choice'],
      [12, '1', 'scope', 'scope'],
      [16, '1', 'check.population.use', 'use-unknown'],
      [17, '1', 'check.meets', 'condition-no-test'],
      [17, '1', 'check.meets.field', 'unknown-column'],
      [18, '1', 'check.min', 'share'],
      [26, '2', 'check.unit', 'missing-key'],
      [30, '2', 'check.nmed', 'unknown-key'],
      [31, '3', 'quote', 'missing-key'],
      [36, '3', 'check.kind', 'unknown-kind'],
    ]);
    for (const d of ds) expectWorded(d);
  });

  it('says what to write: did-you-mean for keys, words and names; examples for missing keys', () => {
    const lines = diagnostics(BROKEN).map((d) => packProblemLine(d, 'en'));
    expect(lines).toContain('x.yaml:11:12: rule 1: level: "eror" is not allowed (allowed: error, warning); did you mean "error"?');
    expect(lines).toContain('x.yaml:2:8: title: needs en');
    expect(lines).toContain('x.yaml:30:7: rule 2: check.nmed: unknown key "nmed" (allowed: table, where, field, label, unit, op, value)');
    expect(lines).toContain(`x.yaml:36:20: rule 3: check.kind: unknown check kind "shares"; known kinds: ${Object.keys(CHECK_KINDS).join(', ')}; did you mean "share"?`);
    const zh = diagnostics(BROKEN).map((d) => packProblemLine(d, 'zh'));
    expect(zh).toContain('x.yaml:1:1: 规则包需要 defaultDue（未写 due 的错误级规则的截止日期（通常是方案年末）），例如 defaultDue: "2020-12-31"');
    expect(zh).toContain('x.yaml:16:26: 规则 1：check.population.use：use: poorr 没有对应的定义，请在 definitions 中定义它。是否为 poor？');
  });

  it('the check refuses the pack with every problem, in the user\'s language, exit 2', async () => {
    const dir = tmp();
    const file = join(dir, 'broken.yaml');
    writeFileSync(file, BROKEN);
    const zh = await run([SAMPLE, '--rules', file]);
    expect(zh.code).toBe(2);
    expect(zh.stderr.trim().split('\n')).toHaveLength(1 + diagnostics(BROKEN).length);
    expect(zh.stderr).toContain('规则包有误，未执行检查');
    expect(zh.stderr).toContain('规则 1：check.min：须为 0 到 1 之间的比例（95% 写作 0.95）');
    expect(zh.stderr).not.toMatch(ZOD_WORDS);
    const en = await run([SAMPLE, '--rules', file, '--lang', 'en']);
    expect(en.stderr).toContain(`${file}:18:12: rule 1: check.min: must be a share from 0 to 1 (95% is 0.95)`);
    expect(en.stderr).not.toMatch(ZOD_WORDS);
  });

  it('a YAML syntax error still stops at once, worded in Chinese too', () => {
    const [d, ...rest] = diagnostics(pack('      kind: share\n      table: [households\n      min: 1'));
    expect(rest).toEqual([]);
    expect(d!.code).toBe('yaml-syntax');
    expect(packMessage(d!, 'zh')).toMatch(/^YAML 格式错误：/);
  });
});

describe('what only the data can tell', () => {
  const misspelled = HEBAO.replaceAll('scope: { village: 黄檀村 }', 'scope: { village: 白河村 }').replace('named: 黄海食品有限公司', 'named: 黄海食品有限责任公司').replace('contains: 黄海食品 }', 'contains: 黄海食品厂 }');

  it('a misspelled village or entity: no-data with the nearest name, and an error of the run (exit 2), not exit 0', async () => {
    const { report } = await check(SAMPLE, { pack: parsePack(misspelled, 'p.yaml') });
    const village = report.results.find((r) => r.rule === '3.2d')!;
    expect(village.status).toBe('no-data');
    // Both names one edit away are offered.
    expect(village.notes.map((n) => n.args)).toEqual([{ name: '白河村', nearest: '双河村、白鹤村' }]);
    expect(report.dataErrors.map((e) => [e.file, e.code, e.value, e.args.nearest])).toEqual([
      ['villages.csv', 'pack-village-missing', '白河村', '双河村、白鹤村'],
      ['enterprises.csv', 'pack-entity-missing', '黄海食品有限责任公司', '黄海食品有限公司'],
    ]);
    // The results it leaves undecided wait on it, so the report says which.
    expect(village.waitingOn).toEqual([report.dataErrors[0]]);
    expect(exitCode(report, ['fail'])).toBe(2);
    const out = await run([SAMPLE, '--rules', writePack(misspelled), '--format', 'text']);
    expect(out.code).toBe(2);
    expect(out.stdout).toContain('数据中没有方案点名的村（社区）“白河村”，是否为“双河村”或“白鹤村”？');
    expect(out.stdout).toContain('规则 3.2d、3.2e、3.2f、3.4c 点名的村（社区）“白河村”不在数据中（是否为“双河村”或“白鹤村”？）');
    const en = await run([SAMPLE, '--rules', writePack(misspelled), '--format', 'text', '--lang', 'en']);
    expect(en.stdout).toContain('the data has no village "白河村", which the plan names; did you mean "双河村" or "白鹤村"?');
  });

  it('a named village with nothing close in the data (an export of part of the town) stays a no-data result only', async () => {
    const far = HEBAO.replace('scope: { village: 黄檀村 }', 'scope: { village: 青龙村 }');
    const { report } = await check(SAMPLE, { pack: parsePack(far, 'p.yaml') });
    expect(report.results.find((r) => r.rule === '3.2d')).toMatchObject({ status: 'no-data', notes: [{ code: 'named-village-missing', args: { name: '青龙村', nearest: null } }] });
    expect(report.dataErrors).toEqual([]);
  });

  it('with --rules, a manifest of another plan and town gives a notice, in every format', async () => {
    const other = writePack(HEBAO.replace('id: hebao-2020', 'id: changshou-2026').replace('town: 河包镇', 'town: 长寿镇'));
    const { report } = await check(SAMPLE, { pack: parsePack(readFileSync(other, 'utf8'), other) });
    expect(report.notices.map((n) => [n.file, n.code, n.value])).toEqual([
      ['manifest.yaml', 'manifest-other-plan', 'hebao-2020'],
      ['manifest.yaml', 'manifest-other-town', '河包镇'],
    ]);
    expect(exitCode(report, ['fail'])).toBe(1);
    for (const format of ['table', 'text', 'markdown', 'html', 'json', 'junit']) {
      const r = await run([SAMPLE, '--rules', other, '--format', format, '--no-color']);
      expect(r.code, format).toBe(1);
      const text = format === 'html' ? r.stdout.replace(/<[^>]+>/g, '') : r.stdout;
      expect(text, format).toContain('数据的 manifest 写明适用方案“hebao-2020”，本次按规则包 changshou-2026 检查');
      expect(text, format).toContain('数据属于“河包镇”，规则包 changshou-2026 是“长寿镇”的方案');
    }
    // Without --rules the manifest's own pack is used: nothing to say.
    expect((await check(SAMPLE, { pack: parsePack(HEBAO, 'hebao-2020.yaml') })).report.notices).toEqual([]);
  });
});

function writePack(text: string): string {
  const file = join(tmp(), 'pack.yaml');
  writeFileSync(file, text);
  return file;
}

describe('hebao-check pack lint', () => {
  it('a clean pack: exit 0, in words and as JSON', async () => {
    const r = await run(['pack', 'lint', join(ROOT, 'rules/hebao-2020.yaml')]);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toContain('规则包无误（53 条规则，7 个定义）');
    const j = await run(['pack', 'lint', 'hebao-2020', '--format', 'json', '--lang', 'en']);
    expect(JSON.parse(j.stdout)).toMatchObject({ valid: true, pack: 'hebao-2020', rules: 53, problems: [] });
  });

  it('a broken pack: exit 2 with every problem; JSON gives each one its place, code and message', async () => {
    const file = writePack(pack(`      kind: sum\n      table: industries\n      field: scale\n      unit: { field: unit, is: 头 }\n      value: 10`, '  back: { field: poverty_status, is: 返贫 }'));
    const r = await run(['pack', 'lint', file, '--lang', 'en']);
    expect(r.code).toBe(2);
    expect(r.stdout.split('\n')[0]).toBe(`${file}: 2 problems; a check would refuse this pack:`);
    expect(r.stdout).toContain(`${file}:5:38: definitions.back.is: 返贫 is read as 未脱贫`);
    expect(r.stdout).toContain(`${file}:${CHECK_LINE + 3}:32: rule 1.1: check.unit.is: 头 is not a unit the data can hold`);
    const j = JSON.parse((await run(['pack', 'lint', file, '--format', 'json'])).stdout) as { valid: boolean; problems: Record<string, unknown>[] };
    expect(j.valid).toBe(false);
    expect(j.problems[1]).toMatchObject({ file, line: CHECK_LINE + 3, column: 32, rule: '1.1', path: 'check.unit.is', code: 'unit-unknown', where: '规则 1.1：check.unit.is' });
    expect(j.problems[1]!.message).toContain('“头”不是数据中可能出现的单位');
  });

  it('a missing file or a format it cannot write: exit 2, said in words', async () => {
    const r = await run(['pack', 'lint', join(tmp(), 'nope.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('无法读取规则包');
    const f = await run(['pack', 'lint', 'hebao-2020', '--format', 'junit']);
    expect(f.code).toBe(2);
    expect(f.stderr).toContain('table, text, json');
  });
});

describe('authoring help: the JSON Schema and docs/rule-packs.md, generated from the schemas', () => {
  const schemaFile = join(ROOT, SCHEMA_FILE);

  it(`${SCHEMA_FILE} is what the schemas make now (run \`npm run docs\` when this fails)`, () => {
    expect(existsSync(schemaFile), `${SCHEMA_FILE} is missing: run npm run docs`).toBe(true);
    expect(JSON.parse(readFileSync(schemaFile, 'utf8')), `${SCHEMA_FILE} is stale: run npm run docs`).toEqual(packJsonSchema());
  });

  it('the bundled pack points at it and passes it; a misspelled key or kind does not', async () => {
    const first = HEBAO.split('\n')[0]!;
    expect(first).toBe('# yaml-language-server: $schema=./rule-pack.schema.json');
    expect(existsSync(join(ROOT, 'rules', first.split('$schema=')[1]!))).toBe(true);
    const schema = z.fromJSONSchema(JSON.parse(readFileSync(schemaFile, 'utf8')));
    const raw = parse(HEBAO) as { rules: { check: Record<string, unknown> }[] };
    expect(schema.safeParse(raw).success).toBe(true);
    expect(schema.safeParse({ ...raw, rules: [{ ...raw.rules[0], check: { ...raw.rules[0]!.check, kind: 'shares' } }] }).success).toBe(false);
    expect(schema.safeParse({ ...raw, rules: [{ ...raw.rules[0], check: { ...raw.rules[0]!.check, tabel: 'villages' } }] }).success).toBe(false);
    // Descriptions in both languages, for the editor's hover.
    expect(readFileSync(schemaFile, 'utf8')).toContain('目标的单位，须是单位列中可能出现的值\\nthe unit of the target, one the unit column can hold');
    // The CLI prints the same schema for packs kept outside the project.
    expect(JSON.parse((await run(['pack', 'schema'])).stdout)).toEqual(packJsonSchema());
  });

  it('docs/rule-packs.md is what the generator makes now, with a worked example for each check kind and every key of the condition language', async () => {
    const docs = await buildDocs(ROOT);
    const md = docs.get('docs/rule-packs.md')!;
    expect(readFileSync(join(ROOT, 'docs/rule-packs.md'), 'utf8').replace(/\r\n/g, '\n'), 'docs/rule-packs.md is stale: run npm run docs').toBe(md);
    for (const [kind, id] of Object.entries(WORKED_EXAMPLES)) {
      const section = md.split(`\n### ${kind}\n`)[1]!.split('\n### ')[0]!;
      expect(section, kind).toContain(`#### 示例 · Example: rules/hebao-2020.yaml ${id} `);
      expect(section, kind).toContain(`kind: ${kind}`);
    }
    const keys = new Set([...conditionForms().values()].flatMap((o) => Object.keys((o as unknown as { shape: object }).shape)));
    for (const key of keys) expect(CONDITION_DOCS[key], `condition-docs.ts has no words for "${key}"`).toBeDefined();
    for (const key of keys) expect(md, key).toContain(`| \`${key}\` |`);
    // The refusals it shows are the loader's own words.
    expect(md).toContain('头 is not a unit the data can hold: 亩、只、吨、户');
    expect(dirname(SCHEMA_FILE)).toBe('rules');
  });
});
