/**
 * Issue 12, data the pack declares: a pack adds columns to the contract's
 * tables, whole tables, town.yaml keys and words to vocabularies, and the
 * data is then read, validated, masked and reported exactly like the
 * built-in data. A declaration that cannot mean what it says is refused at
 * load, every problem at its line in one pass.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePack, PackError, type PackDiagnostic } from '../src/engine/pack.js';
import { packProblemLine } from '../src/messages/rules.js';
import { run } from './helpers/cli.js';
import { makeDataFolder, VALID_FILES } from './helpers/data-folder.js';

const HEAD = `id: declared-test
title: { zh: 声明数据, en: Declared data }
town: 河包镇
defaultDue: "2026-12-31"
`;

const DATA = `data:
  columns:
    households:
      - { key: monitoring_category, header: 监测对象类别, type: enum, values: [脱贫不稳定户, 边缘易致贫户, 突发严重困难户], aliases: { 边缘户: 边缘易致贫户 } }
      - { key: net_income_pc, header: 人均纯收入（元）, type: number, min: 0, unit: 元, measured: true }
      - { key: helper_phone, header: 帮扶人电话, type: text, personal: phone }
      - { key: poverty_status, values: [返贫], aliases: { 脱贫户: 已脱贫 } }
  tables:
    surveys:
      title: 群众调查
      columns:
        - { key: survey_id, header: 问卷编号, type: id, required: true }
        - { key: village_id, header: 村编号, type: ref, table: villages, required: true }
        - { key: respondent, header: 受访人, type: text, personal: name }
        - { key: satisfied, header: 是否满意, type: bool }
  town:
    - { key: rural_income, header: 农村居民人均可支配收入（元）, type: number, min: 0, unit: 元 }
`;

const RULES = `rules:
  - id: "1"
    clause: 一
    quote: 风险动态清零
    title: { zh: 边缘户清零, en: No marginal households left }
    level: error
    scope: village
    check: { kind: count, tables: [households], where: { field: monitoring_category, is: 边缘易致贫户 }, op: eq, value: 0 }
  - id: "2"
    clause: 二
    quote: 返贫户清零
    title: { zh: 无返贫, en: None fell back }
    level: error
    scope: town
    check: { kind: count, tables: [households], where: { field: poverty_status, is: 返贫 }, op: eq, value: 0 }
  - id: "3"
    clause: 三
    quote: 满意度达到90%以上
    title: { zh: 满意度, en: Satisfaction }
    level: error
    scope: town
    check: { kind: share, table: surveys, meets: { field: satisfied, is: true }, min: 0.9 }
  - id: "4"
    clause: 四
    quote: 人均纯收入1万元以上
    title: { zh: 收入, en: Income }
    level: error
    scope: town
    check: { kind: count, tables: [households], where: { field: net_income_pc, lte: 10000 }, op: eq, value: 0 }
`;

const HOUSEHOLDS =
  '户编号,村编号,户主姓名,证件号码,家庭人口数,贫困户状态,劳动力人数,产业覆盖,监测对象类别,人均纯收入（元）,帮扶人电话\n' +
  'H1,V1,张三,11010519491231002X,3,脱贫户,2,是,边缘户,12000,13812345678\n' +
  'H2,V2,李四,,1,返贫,0,否,,15000,\n';
const SURVEYS = '问卷编号,村编号,受访人,是否满意\nS1,V1,王五,是\nS2,V1,赵六,是\nS3,V2,钱七,否\n';

function folder(overrides: Record<string, string | null> = {}): { dir: string; pack: string } {
  const dir = makeDataFolder({
    'manifest.yaml': 'town: 河包镇\nas_of: 2026-12-31\n',
    'town.yaml': VALID_FILES['town.yaml'] + 'rural_income: 18700\n',
    'households.csv': HOUSEHOLDS,
    'surveys.csv': SURVEYS,
    ...overrides,
  });
  const pack = join(dir, '..', `${dir.split(/[\\/]/).pop()}-pack.yaml`);
  writeFileSync(pack, HEAD + DATA + RULES);
  return { dir, pack };
}

async function check(overrides: Record<string, string | null> = {}, extra: string[] = []) {
  const { dir, pack } = folder(overrides);
  const r = await run([dir, '--rules', pack, '--format', 'json', ...extra]);
  return { ...r, report: r.stdout ? JSON.parse(r.stdout) : null, dir, pack };
}

const result = (report: { results: { rule: string; village: string | null; status: string; actual?: unknown }[] }, rule: string, village: string | null = null) =>
  report.results.find((r) => r.rule === rule && r.village === village)!;

describe('declared columns, tables and words are read like the built-in ones', () => {
  it('reads declared columns and a declared table, with aliases and a word added to a vocabulary', async () => {
    const { code, report, stderr } = await check();
    expect(stderr).toBe('');
    expect(report.dataErrors).toEqual([]);
    // 边缘户 is read as 边缘易致贫户 in V1; V2 has none.
    expect(result(report, '1', 'V1')).toMatchObject({ status: 'fail', actual: 1 });
    expect(result(report, '1', 'V2')).toMatchObject({ status: 'pass', actual: 0 });
    // 返贫 is a status of its own now, not read as 未脱贫: the rule sees H2.
    expect(result(report, '2')).toMatchObject({ status: 'fail', actual: 1 });
    // surveys.csv is a table: 2 of 3 satisfied.
    expect(result(report, '3')).toMatchObject({ status: 'fail' });
    expect(report.inputs.map((i: { file: string }) => i.file)).toContain('surveys.csv');
    expect(code).toBe(1);
  });

  it('a bad cell of a declared column is a data error naming file, line, header and value; the record stays', async () => {
    const bad = HOUSEHOLDS.replace('边缘户,12000', '边缘,1.2万');
    const { code, report } = await check({ 'households.csv': bad });
    expect(code).toBe(2);
    const errs = report.dataErrors.map((e: { file: string; line: number; column: string; value: string; code: string }) => `${e.file}:${e.line} ${e.column}=${e.value} ${e.code}`);
    expect(errs).toEqual(expect.arrayContaining([expect.stringMatching(/^households\.csv:2 监测对象类别=边缘 /), expect.stringMatching(/^households\.csv:2 人均纯收入（元）=1\.2万 /)]));
    // Unknown, not absent: the marginal-household count of V1 could be 0 or 1.
    expect(result(report, '1', 'V1').status).toBe('no-data');
    expect(result(report, '4').status).toBe('no-data');
  });

  it('a reference of a declared table to a village that does not exist is a data error', async () => {
    const { code, report } = await check({ 'surveys.csv': SURVEYS + 'S4,V9,孙八,是\n' });
    expect(code).toBe(2);
    expect(report.dataErrors).toEqual(expect.arrayContaining([expect.objectContaining({ file: 'surveys.csv', line: 5, code: 'unknown-ref', value: 'V9' })]));
  });

  it('a declared table that is missing is a data error, like a built-in one', async () => {
    const { code, report } = await check({ 'surveys.csv': null });
    expect(code).toBe(2);
    expect(report.dataErrors.map((e: { code: string; file: string }) => `${e.file} ${e.code}`)).toContain('surveys.csv missing-file');
  });

  it('declared personal columns are masked in every report, and shown with --show-personal-data', async () => {
    // A person table the pack declares, with a mistyped ID number (its checksum fails), so its value reaches the report.
    const pack = HEAD + DATA.replace('  town:\n', `    people:
      title: 家庭成员
      columns:
        - { key: person_id, header: 成员编号, type: id, required: true }
        - { key: household_id, header: 户编号, type: ref, table: households, required: true }
        - { key: person_name, header: 姓名, type: text, personal: name }
        - { key: id_number, header: 身份证号, type: text, personal: id_number }
  town:\n`) + RULES;
    const { dir } = folder({ 'people.csv': '成员编号,户编号,姓名,身份证号\nP1,H1,张三,110105194912310021\n' });
    const packFile = join(dir, 'x-pack.yaml');
    writeFileSync(packFile, pack);
    for (const format of ['json', 'text', 'markdown', 'html', 'junit']) {
      const r = await run([dir, '--rules', packFile, '--format', format]);
      expect(r.code, format).toBe(2);
      expect(r.stdout, format).not.toContain('110105194912310021');
      expect(r.stdout, format).toContain('身份证号');
    }
    const shown = await run([dir, '--rules', packFile, '--format', 'json', '--show-personal-data']);
    expect(shown.stdout).toContain('110105194912310021');
    // validate reads the folder by the same pack, and masks the same.
    const v = await run(['validate', dir, '--rules', packFile, '--format', 'json']);
    const errors = JSON.parse(v.stdout).dataErrors;
    expect(errors).toEqual([expect.objectContaining({ file: 'people.csv', line: 2, column: '身份证号' })]);
    expect(v.stdout).not.toContain('110105194912310021');
  });

  it('without the pack, the declared columns are unknown columns and the rule cannot run', async () => {
    const { dir } = folder();
    const r = await run(['validate', dir, '--format', 'json']);
    const j = JSON.parse(r.stdout);
    // The built-in contract: 监测对象类别 is a column it does not know, 返贫 is read as 未脱贫, surveys.csv is an unknown file.
    expect(j.notices.map((n: { code: string }) => n.code)).toEqual(expect.arrayContaining(['unknown-column', 'unknown-file']));
  });
});

/** The problems of a pack, as `file:line:col: place: message` in English. */
function problems(text: string): PackDiagnostic[] {
  try {
    parsePack(text, 'p.yaml');
  } catch (e) {
    if (e instanceof PackError) return e.diagnostics;
    throw e;
  }
  return [];
}
const lines = (d: PackDiagnostic[]) => d.map((p) => packProblemLine(p, 'en'));

describe('a declaration that cannot mean what it says is refused at load, all problems in one pass', () => {
  const RULE = `rules:
  - { id: "1", clause: 一, quote: 原文, title: { zh: 甲, en: a }, level: error, scope: town, check: { kind: count, tables: [households], value: 0, op: gte } }
`;
  it('names each problem at its line, with the fix', () => {
    const pack =
      HEAD +
      `data:
  columns:
    households:
      - { key: risk, header: 户主姓名, type: bool }
      - { key: poverty_status, type: text }
      - { key: members, values: [五口] }
      - { key: category2, header: 类别二, type: enum, values: [甲, 乙], aliases: { 丙: 丁 } }
      - { key: note, header: 备注, type: text, unit: 元 }
      - { key: Bad-Key, header: 坏, type: text }
      - { key: constructor, header: 构造, type: text }
    househlds:
      - { key: x, header: 某, type: text }
  tables:
    villages: { title: 村, columns: [ { key: a, header: 甲, type: text } ] }
    surveys: { title: 调查, columns: [ { key: s, header: 编号, type: id }, { key: v, header: 村, type: ref, table: villagez } ] }
` +
      RULE;
    const d = problems(pack);
    const text = lines(d);
    expect(text).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^p\.yaml:8:.*the header "户主姓名" is already column head_name's/),
        expect.stringMatching(/^p\.yaml:9:.*households\.poverty_status \(贫困户状态\) is a column of the data contract: .* never change its type/),
        expect.stringMatching(/^p\.yaml:10:.*households\.members \(家庭人口数\) is a whole number .*not a list of words/),
        expect.stringMatching(/^p\.yaml:11:.*the alias "丙" means "丁", which is not a word of this column/),
        expect.stringMatching(/^p\.yaml:12:.*a column of type text has no unit/),
        expect.stringMatching(/^p\.yaml:13:.*this name cannot be a key/),
        // A key the data reader refuses in every form (a YAML key named constructor is a forbidden column).
        expect.stringMatching(/^p\.yaml:14:.*this name cannot be a key/),
        expect.stringMatching(/^p\.yaml:16:.*there is no table househlds.*did you mean households/),
        expect.stringMatching(/^p\.yaml:18:.*there already is a table villages/),
        expect.stringMatching(/^p\.yaml:19:.*there is no table villagez.*did you mean villages/),
      ]),
    );
    // In Chinese too, never zod's words.
    expect(d.map((p) => packProblemLine(p, 'zh')).join('\n')).not.toMatch(/Invalid input|expected/);
  });

  it('a sum in 万元 of a column declared in 元 is refused (10 万元 is not 10 元)', () => {
    const pack =
      HEAD +
      `data:
  columns:
    villages:
      - { key: fund, header: 衔接资金（元）, type: number, min: 0, unit: 元 }
rules:
  - { id: "1", clause: 一, quote: 原文, title: { zh: 甲, en: a }, level: error, scope: town, check: { kind: sum, table: villages, field: fund, unit: 万元, op: gte, value: 10 } }
`;
    expect(lines(problems(pack))).toEqual([expect.stringMatching(/^p\.yaml:10:.*rule 1: check\.unit: villages\.fund \(衔接资金（元）\) holds figures in 元, not 万元/)]);
  });

  it('a rule naming a table no one declared gets the nearest name; a declared one loads', () => {
    const base = HEAD + DATA + RULES;
    expect(problems(base)).toEqual([]);
    expect(lines(problems(base.replace('table: surveys', 'table: survey')))).toEqual([expect.stringMatching(/there is no table survey; did you mean surveys\?/)]);
  });

  it('a word the pack adds becomes a word the data holds: is: 返贫 loads only when 返贫 is declared a status', () => {
    const rule = RULES.split('  - id: "2"')[1]!.split('  - id: "3"')[0]!;
    const without = HEAD + 'rules:\n  - id: "2"' + rule;
    expect(lines(problems(without))).toEqual([expect.stringMatching(/返贫 is read as 未脱贫/)]);
    expect(problems(HEAD + DATA + 'rules:\n  - id: "2"' + rule)).toEqual([]);
  });
});

describe('personal data never becomes a label', () => {
  it('a sum labelled by a personal column (built-in or declared) is refused at load', () => {
    const sum = (label: string) =>
      HEAD +
      DATA +
      `rules:
  - { id: "1", clause: 一, quote: 原文, title: { zh: 甲, en: a }, level: error, scope: town, check: { kind: sum, table: households, field: net_income_pc, unit: 元, label: ${label}, op: gte, value: 0 } }
`;
    expect(lines(problems(sum('head_name')))).toEqual([expect.stringMatching(/label.*households\.head_name \(户主姓名\) is personal data/)]);
    expect(lines(problems(sum('helper_phone')))).toEqual([expect.stringMatching(/label.*households\.helper_phone \(帮扶人电话\) is personal data/)]);
    expect(problems(sum('monitoring_category'))).toEqual([]);
  });
});

describe('last period is read only when a rule compares periods', () => {
  it('the 2020 pack, which has no such rule, does not read (or fail on) a previous: folder', async () => {
    const dir = makeDataFolder({ 'manifest.yaml': VALID_FILES['manifest.yaml'] + 'previous: ../no-such-folder\n' });
    const r = await run([dir, '--format', 'json']);
    const report = JSON.parse(r.stdout);
    expect(report.dataErrors).toEqual([]);
    expect(r.code).not.toBe(2);
    // A pack with a period rule reads it, and says the folder is missing.
    const withChange = join(dir, '..', `${dir.split(/[\\/]/).pop()}-change.yaml`);
    writeFileSync(
      withChange,
      HEAD +
        `rules:
  - { id: "1", clause: 一, quote: 原文, title: { zh: 甲, en: a }, level: error, scope: town, check: { kind: change, table: households, compare: difference, op: gte, value: 0 } }
`,
    );
    const r2 = await run([dir, '--rules', withChange, '--format', 'json']);
    expect(r2.code).toBe(2);
    expect(JSON.parse(r2.stdout).dataErrors.map((e: { code: string }) => e.code)).toContain('no-folder');
  });
});
