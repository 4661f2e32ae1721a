/**
 * The everyday command line (issue 13) and explain (issue 10): every command
 * a script reads writes --format json and refuses a format it cannot write;
 * --fail-on in its spellings; a mistyped folder is one error; JSON results
 * name their rule and village; explain lists the data errors that touch the
 * rule, says why the run exits 2 and shows waivers like the check; --baseline
 * counts 未到期 → 通过 as an improvement and words a bad baseline file.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import iconv from 'iconv-lite';
import { validateXML } from 'xmllint-wasm';
import { describe, expect, it } from 'vitest';
import { editFile, run, SAMPLE, sampleCopy } from './helpers/cli.js';

const STACK = /^\s+at .+:\d+:\d+\)?$/m;
const JUNIT_XSD = { fileName: 'junit-10.xsd', contents: readFileSync(join(import.meta.dirname, 'schemas/junit-10.xsd'), 'utf8') };

/** The sample with 石坝村's 清产核资完成日期 written as a date that does not exist. */
function badDateCopy(): string {
  const dir = sampleCopy();
  editFile(dir, 'villages.csv', (t) => {
    const out = t.replace(/^(500153107209,石坝村,[^\n]*?,)2019\/9\/8,/m, '$12019/9/31,');
    expect(out).not.toBe(t);
    return out;
  });
  return dir;
}

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'hebao-formats-'));
}

describe('--format: each command writes json, and refuses what it cannot write', () => {
  it('rules --format json: the pack and every rule with its check; one rule likewise', async () => {
    const all = await run(['rules', '--format', 'json']);
    expect(all.code).toBe(0);
    const list = JSON.parse(all.stdout);
    expect(list.schemaVersion).toBe(1);
    expect(list.pack.id).toBe('hebao-2020');
    expect(list.rules).toHaveLength(53);
    expect(list.rules[0]).toMatchObject({ id: '2.1', title: { zh: expect.any(String), en: expect.any(String) }, check: { kind: expect.any(String) } });
    expect(list.unchecked.length).toBeGreaterThan(0);
    const one = JSON.parse((await run(['rules', '3.2b', '--format', 'json'])).stdout);
    expect(one.rule).toMatchObject({ id: '3.2b', due: '2020-12-31', check: { kind: 'sum' } });
    expect(one.pack.id).toBe('hebao-2020');
  });

  it('explain --format json: the rule, its results with title and village name, the exit code', async () => {
    const r = await run(['explain', '3.2b', SAMPLE, '--format', 'json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.schemaVersion).toBe(1);
    expect(out.rule.id).toBe('3.2b');
    expect(out.dataDir).toBe(SAMPLE);
    expect(out.exitCode).toBe(0);
    expect(out.exitReason).toBeNull();
    const village = out.results.find((x: { village: string | null }) => x.village !== null);
    expect(village).toMatchObject({ rule: '3.2b', title: '核桃村红薯', villageName: '核桃村', status: 'fail' });
    expect(out.dataErrors).toEqual([]);
  });

  it('validate --format json and --format junit (one case per file, a failure per data error, valid JUnit)', async () => {
    const clean = await run(['validate', SAMPLE, '--format', 'junit']);
    expect(clean.code).toBe(0);
    expect((await validateXML({ xml: { fileName: 'v.xml', contents: clean.stdout }, schema: JUNIT_XSD })).errors).toEqual([]);
    expect(clean.stdout).toMatch(/<testcase classname="data" name="villages\.csv" time="0"\/>/);
    expect(clean.stdout).not.toContain('<failure');

    const dir = badDateCopy();
    const bad = await run(['validate', dir, '--format', 'junit']);
    expect(bad.code).toBe(2);
    expect((await validateXML({ xml: { fileName: 'v.xml', contents: bad.stdout }, schema: JUNIT_XSD })).errors).toEqual([]);
    const cases = [...bad.stdout.matchAll(/<testcase classname="data" name="([^"]+)"/g)].map((m) => m[1]);
    expect(cases).toContain('villages.csv');
    expect(cases.length).toBe(new Set(cases).size);
    expect(bad.stdout.match(/<failure /g)).toHaveLength(1);
    expect(bad.stdout).toMatch(/<failure type="impossible-date" message="villages\.csv:12 清产核资完成日期: [^"]+">villages\.csv:12 列「清产核资完成日期」 值「2019\/9\/31」/);
    expect(bad.stdout).toMatch(/<testsuites [^>]*tests="10" failures="1"/);

    const json = JSON.parse((await run(['validate', dir, '--format', 'json'])).stdout);
    expect(json).toMatchObject({ schemaVersion: 1, valid: false, leftOut: [] });
    expect(json.dataErrors).toEqual([expect.objectContaining({ file: 'villages.csv', line: 12, column: '清产核资完成日期', code: 'impossible-date' })]);
  });

  it.each([
    [['rules'], 'junit', 'table, text, json'],
    [['rules'], 'html', 'table, text, json'],
    [['rules', '3.2b'], 'markdown', 'table, text, json'],
    [['explain', '3.2b', SAMPLE], 'junit', 'table, text, json'],
    [['explain', '3.2b', SAMPLE], 'html', 'table, text, json'],
    [['explain', '3.2b', SAMPLE], 'markdown', 'table, text, json'],
    [['validate', SAMPLE], 'html', 'table, text, json, junit'],
    [['validate', SAMPLE], 'markdown', 'table, text, json, junit'],
    [[SAMPLE], 'pdf', 'table, json, junit, markdown, text, html'],
  ])('%j --format %s: refused, exit 2, naming the formats it can write', async (args, format, allowed) => {
    const zh = await run([...args, '--format', format]);
    expect(zh.code).toBe(2);
    expect(zh.stdout).toBe('');
    const command = args[0] === SAMPLE ? 'hebao-check' : `hebao-check ${args[0]}`;
    expect(zh.stderr).toBe(`${command} 不能输出 “${format}” 格式（--format）；可用的格式：${allowed}\n`);
    const en = await run([...args, '--format', format, '--lang', 'en']);
    expect(en.code).toBe(2);
    expect(en.stderr).toBe(`${command} cannot write --format "${format}"; it can write: ${allowed}\n`);
  });

  it('the help of each command lists the formats it writes, and only those', async () => {
    const help = async (args: string[]) => (await run([...args, '--help'], { LANG: 'en_US.UTF-8' })).stdout.replace(/\s+/g, ' ');
    expect(await help(['validate'])).toContain('output format: table | text | json | junit');
    expect(await help(['rules'])).toContain('output format: table | text | json ');
    expect(await help(['explain'])).toContain('output format: table | text | json ');
    expect(await help([])).toContain('output format: table | json | junit | markdown | text | html');
    // What the help of validate lists, validate writes.
    for (const f of ['table', 'text', 'json', 'junit']) expect((await run(['validate', SAMPLE, '--format', f])).code, f).toBe(0);
  });
});

describe('--fail-on', () => {
  // On the sample 3.7a is no-data (and nothing in it fails).
  it.each([
    [['--fail-on', 'no-data'], 1],
    [['--fail-on', 'fail,no-data'], 1],
    [['--fail-on', 'fail', 'no-data'], 1],
    [['--fail-on', 'fail'], 0],
    [['--fail-on', 'none'], 0],
  ])('3.7a with %j exits %i', async (flags, code) => {
    const r = await run([SAMPLE, '--format', 'json', '--rule', '3.7a', ...flags]);
    expect(JSON.parse(r.stdout).summary['no-data']).toBeGreaterThan(0);
    expect(r.code).toBe(code);
  });

  it('none never fails on results, comma and space forms agree on the whole sample', async () => {
    expect((await run([SAMPLE, '--format', 'json', '--fail-on', 'none'])).code).toBe(0);
    expect((await run([SAMPLE, '--format', 'json', '--fail-on', 'warn,pending'])).code).toBe(1);
    expect((await run([SAMPLE, '--format', 'json', '--fail-on', 'pending,n/a', '--rule', '2.11'])).code).toBe(0);
  });

  it('none still exits 2 on data errors', async () => {
    const r = await run([badDateCopy(), '--format', 'json', '--fail-on', 'none']);
    expect(r.code).toBe(2);
    // A report, not a refused command line.
    expect(JSON.parse(r.stdout).dataErrors).toHaveLength(1);
  });

  it.each([
    [['--fail-on', 'failed'], 'failed'],
    [['--fail-on', 'fail,nodata'], 'nodata'],
  ])('%j: a usage error listing the statuses', async (flags, word) => {
    const r = await run([SAMPLE, ...flags]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`"${word}"`);
    expect(r.stderr).toContain('pass, fail, pending, warn, n/a, no-data, waived, none');
  });

  it('none with a status is refused', async () => {
    const r = await run([SAMPLE, '--fail-on', 'none,fail', '--lang', 'en']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/none .*cannot be combined/);
  });
});

describe('JSON results name their rule and village', () => {
  it('title in the report language, villageName (null for the town)', async () => {
    const zh = JSON.parse((await run([SAMPLE, '--format', 'json', '--rule', '2.11'])).stdout);
    expect(zh.results[0]).toMatchObject({ rule: '2.11', title: '消除空壳村', village: null, villageName: null });
    expect(zh.results.find((x: { village: string }) => x.village === '500153107209')).toMatchObject({ villageName: '石坝村', title: '消除空壳村' });
    const en = JSON.parse((await run([SAMPLE, '--format', 'json', '--rule', '2.11', '--lang', 'en'])).stdout);
    expect(en.results[0].title).toBe('No village without collective income');
    expect(en.results.find((x: { village: string }) => x.village === '500153107209').villageName).toBe('石坝村');
  });
});

describe('a mistyped folder is one clear error', () => {
  it.each([[[]], [['validate']], [['explain', '3.2b']]])('%j nonexist: one line naming the path and the current folder, exit 2', async (cmd) => {
    const missing = join(tmp(), 'nonexist');
    const r = await run([...cmd, missing]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`找不到数据文件夹 ${missing}`);
    expect(r.stderr).toContain(`当前文件夹 ${process.cwd()}`);
    expect(r.stderr).not.toMatch(STACK);
  });

  it('a relative path: the full path too; --format json changes nothing (a command-line error, not a report)', async () => {
    const r = await run(['nonexist-folder-xyz', '--format', 'json', '--lang', 'en']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `data folder not found: nonexist-folder-xyz (full path ${resolve('nonexist-folder-xyz')}, current folder ${process.cwd()}); check the spelling, or create one with hebao-check init nonexist-folder-xyz\n`,
    );
  });

  it('a file given as the folder: one line, exit 2', async () => {
    const file = join(SAMPLE, 'villages.csv');
    for (const cmd of [[], ['validate'], ['explain', '2.11']]) {
      const r = await run([...cmd, file]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`${file} 是文件，不是数据文件夹；请给出包含 villages.csv 等文件的文件夹\n`);
    }
  });

  it('explain with no folder says which folder it read', async () => {
    const cwd = process.cwd();
    process.chdir(SAMPLE);
    try {
      const r = await run(['explain', '3.2b']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`数据文件夹：${SAMPLE}（未指定文件夹，读取的是当前文件夹）`);
      const j = JSON.parse((await run(['explain', '3.2b', '--format', 'json'])).stdout);
      expect(j).toMatchObject({ dataDir: SAMPLE, dataDirGiven: false });
    } finally {
      process.chdir(cwd);
    }
    const given = await run(['explain', '3.2b', SAMPLE]);
    expect(given.stdout).toContain(`数据文件夹：${SAMPLE}\n`);
  });
});

describe('explain on data with a bad cell (石坝村 清产核资完成日期 2019/9/31)', () => {
  it('3.8 reads the cell: lists the error, the result it leaves no-data, and why the run exits 2', async () => {
    const dir = badDateCopy();
    const r = await run(['explain', '3.8', dir]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('villages.csv:12 列「清产核资完成日期」 值「2019/9/31」 错误：日期不存在');
    expect(r.stdout).toContain('石坝村 的结果因此为“缺数据”');
    expect(r.stdout).toMatch(/■ 石坝村（500153107209）：缺数据/);
    expect(r.stdout).toContain('退出码 2：数据中共有 1 处错误（villages.csv 1 处）');
    const j = JSON.parse((await run(['explain', '3.8', dir, '--format', 'json'])).stdout);
    expect(j.dataErrors).toEqual([
      expect.objectContaining({ file: 'villages.csv', line: 12, column: '清产核资完成日期', value: '2019/9/31', code: 'impossible-date', readByRule: true, undecided: ['500153107209'] }),
    ]);
    expect(j.results.find((x: { village: string }) => x.village === '500153107209')).toMatchObject({ status: 'no-data', waitingOn: [{ file: 'villages.csv', line: 12, column: '清产核资完成日期' }] });
    expect(j).toMatchObject({ exitCode: 2, exitReason: { dataErrors: 1, files: { 'villages.csv': 1 } } });
  });

  it('2.11 reads the file, not the column: lists the error as not changing its results, and says exit 2', async () => {
    const dir = badDateCopy();
    const r = await run(['explain', '2.11', dir, '--lang', 'en']);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('villages.csv:12 column "清产核资完成日期" value "2019/9/31" error: ');
    expect(r.stdout).toContain('the rule does not read this column; its results are not affected');
    expect(r.stdout).toContain('Exit code 2: the data has 1 error (villages.csv 1).');
    const j = JSON.parse((await run(['explain', '2.11', dir, '--format', 'json'])).stdout);
    expect(j.dataErrors).toEqual([expect.objectContaining({ file: 'villages.csv', line: 12, readByRule: false, undecided: [] })]);
  });

  it('a rule that reads none of the bad file lists no error, but still says why the run exits 2', async () => {
    // 3.3a counts households town-wide: it reads no village row.
    const r = await run(['explain', '3.3a', badDateCopy()]);
    expect(r.code).toBe(2);
    expect(r.stdout).not.toContain('清产核资完成日期');
    expect(r.stdout).toContain('退出码 2：数据中共有 1 处错误（villages.csv 1 处）');
  });

  it('errors are masked in explain like in the check: a bad ID number shows masked', async () => {
    const dir = sampleCopy();
    const path = join(dir, 'households.csv');
    const text = iconv.decode(readFileSync(path), 'gb18030');
    const bad = text.replace('500153198810261855', '500153198810261856');
    expect(bad).not.toBe(text);
    writeFileSync(path, iconv.encode(bad, 'gbk'));
    for (const format of ['text', 'json']) {
      const r = await run(['explain', '3.3a', dir, '--format', format]);
      expect(r.code).toBe(2);
      expect(r.stdout).toContain('households.csv');
      expect(r.stdout).not.toContain('500153198810261856');
    }
  });
});

describe('explain goes through the check’s pipeline', () => {
  it('a waived result shows waived, with its waiver, as in the check', async () => {
    const dir = sampleCopy();
    writeFileSync(join(dir, 'waivers.yaml'), '- rule: "3.2b"\n  village: 核桃村\n  reason: 红薯受灾，区里同意延期\n  approved_by: 区农业农村委\n  expires: 2021-06-30\n');
    const check = JSON.parse((await run([dir, '--format', 'json', '--rule', '3.2b'])).stdout);
    expect(check.results.find((x: { village: string }) => x.village === '500153107201').status).toBe('waived');
    const r = await run(['explain', '3.2b', dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/■ 核桃村（500153107201）：豁免/);
    expect(r.stdout).toContain('红薯受灾，区里同意延期');
    expect(r.stdout).not.toMatch(/■ 核桃村（500153107201）：未通过/);
    const j = JSON.parse((await run(['explain', '3.2b', dir, '--format', 'json'])).stdout);
    expect(j.results.map((x: { status: string }) => x.status)).toEqual(check.results.map((x: { status: string }) => x.status));
  });
});

describe('--baseline', () => {
  /** Last month's JSON report of the sample, with some results changed as they were then. */
  async function baseline(edit: (j: { results: { rule: string; village: string | null; status: string; actual: unknown }[] }) => void): Promise<string> {
    const j = JSON.parse((await run([SAMPLE, '--format', 'json'])).stdout);
    edit(j);
    const file = join(tmp(), 'last-month.json');
    writeFileSync(file, JSON.stringify(j));
    return file;
  }

  it('未到期 → 通过 counts as an improvement (3.2d reaching 2,000 亩)', async () => {
    const file = await baseline((j) => {
      const town = j.results.find((x) => x.rule === '3.2d' && x.village === null)!;
      town.status = 'pending';
      town.actual = 1800;
    });
    const r = JSON.parse((await run([SAMPLE, '--format', 'json', '--baseline', file])).stdout);
    expect(r.baseline.fixed).toContainEqual({ rule: '3.2d', village: null, status: 'pass', was: 'pending' });
    const text = (await run([SAMPLE, '--format', 'text', '--baseline', file])).stdout;
    expect(text).toContain('已改善：整改、达标或豁免（1）');
    expect(text).toMatch(/3\.2d .*未到期 → 通过/);
  });

  it('a headline figure null on both sides is left out (no "— → —")', async () => {
    const file = await baseline(() => {});
    const r = JSON.parse((await run([SAMPLE, '--format', 'json', '--baseline', file])).stdout);
    for (const h of r.baseline.headline) expect(h.before !== null || h.after !== null, h.rule).toBe(true);
    expect(r.baseline.headline.map((h: { rule: string }) => h.rule)).not.toContain('2.9');
    for (const format of ['table', 'text', 'markdown']) {
      expect((await run([SAMPLE, '--format', format, '--baseline', file])).stdout, format).not.toMatch(/— → —/);
    }
  });

  it.each([
    ['missing', null, '文件不存在', 'no such file'],
    ['broken', '{"schemaVersion": 1, results:', '不是有效的 JSON 文件（第 1 行第 22 列附近）', 'not valid JSON (near line 1, column 22)'],
    ['empty', '', '文件是空的', 'the file is empty'],
    ['another JSON', '{"valid": true}', '不是 hebao-check 的 JSON 检查报告（字段 schemaVersion 缺失或不对）', 'not a hebao-check JSON report (field schemaVersion is missing or wrong)'],
    ['a table report', '河包镇 · 检查日期 2020-12-31\n', '不是有效的 JSON 文件', 'not valid JSON'],
  ])('a %s baseline file: one clear message with the path, exit 2', async (_, content, zh, en) => {
    const file = join(tmp(), 'last.json');
    if (content !== null) writeFileSync(file, content);
    const a = await run([SAMPLE, '--baseline', file]);
    expect(a.code).toBe(2);
    expect(a.stdout).toBe('');
    expect(a.stderr).toContain(`无法读取对比基准报告 ${file}：${zh}`);
    expect(a.stderr).not.toMatch(/ENOENT|Unexpected|Expected|position|Invalid input/);
    const b = await run([SAMPLE, '--baseline', file, '--lang', 'en']);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain(`cannot read the baseline report ${file}: ${en}`);
    expect(b.stderr).not.toMatch(/ENOENT|Unexpected|Expected|position|Invalid input/);
  });
});
