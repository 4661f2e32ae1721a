/**
 * The command line as users and CI scripts meet it: exit codes, flags, the
 * JSON contract, and clean messages for bad input (cli-contract.md).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { STATUSES } from '../src/model.js';
import { csvLines, run, SAMPLE, sampleCopy } from './helpers/cli.js';

const STACK = /^\s+at .+:\d+:\d+\)?$/m;

describe('hebao-check on the sample town', () => {
  it('prints a JSON report with the contract keys and exits 1 when some rule fails', async () => {
    const r = await run([SAMPLE, '--format', 'json']);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout);
    expect(report.schemaVersion).toBe(1);
    expect(report.plan).toBe('hebao-2020');
    expect(report.asOf).toBe('2020-12-31'); // from manifest.yaml
    expect(Object.keys(report.summary).sort()).toEqual([...STATUSES].sort());
    expect(report.dataErrors).toEqual([]);
    const ids = new Set(report.results.map((x: { rule: string }) => x.rule));
    expect(ids.size).toBe(53);
    for (const res of report.results) {
      expect(res).toHaveProperty('rule');
      expect(res.village === null || typeof res.village === 'string').toBe(true);
      expect(STATUSES).toContain(res.status);
      expect(Array.isArray(res.offenders)).toBe(true);
      if (!['fail', 'pending', 'warn'].includes(res.status)) expect(res.offenders).toEqual([]);
    }
    // One town result per rule.
    expect(report.results.filter((x: { village: null }) => x.village === null)).toHaveLength(53);
    const total = Object.values(report.summary as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(total).toBe(report.results.length);
    expect(report.summary.fail).toBeGreaterThan(0);
    expect(report.summary.pass).toBeGreaterThan(report.summary.fail);
    expect(r.code).toBe(1);
  });

  it('judges 核桃村 sweet potato in 亩 with exact decimals, row by row', async () => {
    const r = await run([SAMPLE, '--format', 'json', '--rule', '3.2b']);
    const report = JSON.parse(r.stdout);
    const village = report.results.find((x: { village: string | null }) => x.village !== null);
    const rows = village.evidence as { value: number }[];
    // The calculator's sum of the rows, in tenths: no binary floating-point error.
    const tenths = rows.reduce((a, e) => a + Math.round(e.value * 10), 0);
    expect(village.actual).toBe(tenths / 10);
    expect(village.status).toBe(village.actual >= 1000 ? 'pass' : 'fail');
  });

  it('exits 0 when nothing has a --fail-on status', async () => {
    const r = await run([SAMPLE, '--format', 'json', '--rule', '3.2a', '5.1']);
    const report = JSON.parse(r.stdout);
    expect(report.results.every((x: { status: string }) => x.status === 'pass')).toBe(true);
    expect(r.code).toBe(0);
  });

  it('--fail-on decides which statuses give exit code 1', async () => {
    const json = JSON.parse((await run([SAMPLE, '--format', 'json'])).stdout);
    const hasWarn = json.results.some((x: { status: string }) => x.status === 'warn');
    expect(hasWarn).toBe(true);
    const warnRule = json.results.find((x: { status: string }) => x.status === 'warn').rule;
    expect((await run([SAMPLE, '--format', 'json', '--rule', warnRule])).code).toBe(
      json.results.some((x: { rule: string; status: string }) => x.rule === warnRule && x.status === 'fail') ? 1 : 0,
    );
    expect((await run([SAMPLE, '--format', 'json', '--rule', warnRule, '--fail-on', 'warn'])).code).toBe(1);
  });

  it('--as-of before the year end turns unmet year-end targets into pending', async () => {
    const r = await run([SAMPLE, '--format', 'json', '--as-of', '2020-06-30']);
    const report = JSON.parse(r.stdout);
    expect(report.asOf).toBe('2020-06-30');
    const yearEnd = report.results.filter((x: { rule: string }) => ['2.6', '3.2b', '3.3a'].includes(x.rule));
    expect(yearEnd.some((x: { status: string }) => x.status === 'pending')).toBe(true);
    expect(yearEnd.every((x: { status: string }) => x.status !== 'fail')).toBe(true);
  });

  it('--village takes a name or an id and leaves the town results out', async () => {
    const byName = JSON.parse((await run([SAMPLE, '--format', 'json', '--village', '核桃村'])).stdout);
    const ids = new Set(byName.results.map((x: { village: string }) => x.village));
    expect(ids.size).toBe(1);
    const id = [...ids][0] as string;
    expect(id).not.toBeNull();
    const byId = JSON.parse((await run([SAMPLE, '--format', 'json', '--village', id])).stdout);
    expect(byId.results).toEqual(byName.results);
  });

  it('validate exits 0 on the clean sample', async () => {
    const r = await run(['validate', SAMPLE]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/无错误/);
  });

  it('prints a table report by default, in English with --lang en', async () => {
    const zh = await run([SAMPLE]);
    expect(zh.stdout).toMatch(/核桃村/);
    expect(zh.stdout).not.toMatch(/\u001b\[/); // not a terminal: no colour codes
    const en = await run([SAMPLE, '--lang', 'en']);
    expect(en.stdout).toMatch(/fail/i);
    expect(en.code).toBe(zh.code);
  });

  it('rules lists all 53 rules and the clauses no data can check', async () => {
    const r = await run(['rules']);
    expect(r.code).toBe(0);
    for (const id of ['2.1', '2.10', '3.2b', '3.15c', '4.2', '5.2b']) expect(r.stdout).toMatch(new RegExp(`^${id.replace('.', '\\.')}\\s`, 'm'));
    expect(r.stdout).toMatch(/一、总体要求/);
    const one = await run(['rules', '3.2b']);
    expect(one.stdout).toMatch(/红署达到1000亩/);
    expect((await run(['rules', '9.9'])).code).toBe(2);
  });

  it('explain shows the rows a figure is made of, with file and line', async () => {
    const r = await run(['explain', '3.2b', SAMPLE]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/industries\.(csv|yaml):\d+\s+(红薯|红署)/);
  });
});

describe('bad command lines', () => {
  it.each([
    [['--no-such-flag'], /没有这个选项：--no-such-flag/],
    [[SAMPLE, '--rule', '9.99'], /9\.99/],
    [[SAMPLE, '--as-of', '2020-02-30'], /2020-02-30/],
    [[SAMPLE, '--format', 'pdf'], /pdf/],
    [[SAMPLE, '--fail-on', 'bad'], /bad/],
    [[SAMPLE, '--village', '不存在村'], /不存在村/],
    [[SAMPLE, '--lang', 'fr'], /fr/],
    [[SAMPLE, '--rules', 'no-such-pack'], /no-such-pack|规则包/],
  ])('%j exits 2 with a message and no stack trace', async (args, message) => {
    const r = await run(args as string[]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(STACK);
    expect(r.stdout).toBe('');
  });

  it.each([
    [['--colour'], '没有这个选项：--colour'],
    [['--color'], '没有这个选项：--color（是否想用 --no-color？）'],
    [[SAMPLE, '--format'], '选项 --format <name> 后面缺少取值'],
    [['explain'], '缺少参数：rule'],
    [['C:\\扶贫', '数据'], '参数太多：最多 1 个，实际 2 个（文件夹路径中有空格时，请用英文引号把整个路径括起来）'],
  ])('%j: commander\'s usage error in Chinese, exit 2', async (args, message) => {
    const r = await run(args as string[]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`${message}\n用法见 hebao-check --help\n`);
  });

  it('usage errors follow --lang en (or LANG) even when commander refused the command line', async () => {
    expect((await run(['--lang', 'en', '--colour'])).stderr).toBe("unknown option '--colour'\nSee hebao-check --help\n");
    expect((await run(['--colour'], { LANG: 'en_US.UTF-8' })).stderr).toBe("unknown option '--colour'\nSee hebao-check --help\n");
    expect((await run(['a', 'b'], { LANG: 'en_US.UTF-8' })).stderr).toContain('put the whole path in quotes');
  });

  it('--help exits 0 and speaks Chinese by default, English with --lang en or an English LANG', async () => {
    const zh = await run(['--help']);
    expect(zh.code).toBe(0);
    expect(zh.stdout).toMatch(/^用法：/);
    expect(zh.stdout).toContain('选项：');
    expect(zh.stdout).toMatch(/--rule <id\.\.\.>\s+只检查这些规则/);
    expect(zh.stdout).toMatch(/explain \[options\] <rule> \[dir\]\s+解释一条规则的计算过程和不达标记录/);
    // Wrapped to the terminal's 80 columns with CJK characters counted double.
    for (const line of zh.stdout.split('\n')) expect(stringWidth(line), line).toBeLessThanOrEqual(80);
    for (const en of [await run(['--help', '--lang', 'en']), await run(['explain', '--help'], { LANG: 'en_US.UTF-8' })]) {
      expect(en.code).toBe(0);
      expect(en.stdout).toContain('Options:');
      expect(en.stdout).not.toMatch(/[\u4e00-\u9fff]/);
    }
  });
});

describe('bad data', () => {
  it('a planted bad cell: exit 2, the error names file, line, column and value, and the rules still run', async () => {
    const dir = sampleCopy();
    const lines = csvLines(dir, 'industries.csv');
    const header = lines[0]!.split(',');
    const scaleCol = header.findIndex((h) => /scale|规模/.test(h));
    const cells = lines[3]!.split(',');
    cells[scaleCol] = '12abc';
    lines[3] = cells.join(',');
    writeFileSync(join(dir, 'industries.csv'), lines.join('\n'));
    const r = await run([dir, '--format', 'json']);
    expect(r.code).toBe(2);
    const report = JSON.parse(r.stdout);
    expect(report.dataErrors).toContainEqual(
      expect.objectContaining({ file: 'industries.csv', line: 4, column: header[scaleCol]!.trim(), value: '12abc' }),
    );
    expect(report.results.length).toBeGreaterThan(53);
  });

  it('a missing required file is one error naming it, exit 2', async () => {
    const dir = sampleCopy();
    const name = readdirSync(dir).find((f) => f.startsWith('visits.'))!;
    rmSync(join(dir, name));
    const r = await run(['validate', dir, '--format', 'json']);
    expect(r.code).toBe(2);
    const out = JSON.parse(r.stdout);
    expect(out.dataErrors.filter((e: { file: string }) => /visits/.test(e.file))).toHaveLength(1);
  });

  it('never writes inside the data folder', async () => {
    const dir = sampleCopy();
    const before = readdirSync(dir).sort();
    const r = await run([dir, '--format', 'json', '--output', join(dir, 'report.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/数据文件夹/);
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  it('--output writes the report to a file atomically and prints nothing', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'hebao-out-')), 'r.json');
    const r = await run([SAMPLE, '--format', 'json', '--output', out]);
    expect(r.stdout).toBe('');
    expect(existsSync(out)).toBe(true);
    expect(JSON.parse(readFileSync(out, 'utf8')).schemaVersion).toBe(1);
  });

  it('an invalid rule pack is exit 2 with its file and line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hebao-pack-'));
    const pack = join(dir, 'bad.yaml');
    writeFileSync(pack, 'id: x\ntitle: {zh: 甲, en: a}\ndefaultDue: "2021-12-31"\nrules:\n  - id: "1"\n    clause: 一\n    quote: 原文\n    title: {zh: 甲, en: a}\n    level: error\n    scope: town\n    check: {kind: count, tables: [households], value: many}\n');
    const r = await run([SAMPLE, '--rules', pack]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml:11/);
    expect(r.stderr).not.toMatch(STACK);
  });
});

