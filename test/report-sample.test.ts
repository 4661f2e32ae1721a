/**
 * Every format on the bundled sample town, end to end through the CLI:
 * golden files for the text formats (hashes normalised, so a pack comment or
 * a version bump does not churn them), parsed structure for JSON and JUnit.
 * Regenerate goldens with UPDATE_GOLDEN=1 and read the diff.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { run, SAMPLE } from './helpers/cli.js';

const GOLDEN = join(import.meta.dirname, 'golden');
const AT = ['--as-of', '2020-12-31', '--no-color'];

/** Input and pack hashes change with every edit of the files; the report's shape does not. */
/** So are the hashes (full or the 12 characters a briefing shows), the tool version, and where the clone is. */
const normalise = (s: string) =>
  s
    .replace(/\b[0-9a-f]{64}\b|(?<=sha256 )[0-9a-f]{12}\b/g, '<sha256>')
    .replace(/hebao-check \d+\.\d+\.\d+/g, 'hebao-check <version>')
    .replaceAll(SAMPLE, '<sample>');

function golden(name: string, actual: string) {
  const file = join(GOLDEN, name);
  const got = normalise(actual);
  if (process.env.UPDATE_GOLDEN || !existsSync(file)) writeFileSync(file, got);
  expect(got).toBe(readFileSync(file, 'utf8'));
}

describe('the bundled sample in every format', () => {
  it.each([
    ['sample-table-zh.txt', ['--width', '120']],
    ['sample-text-zh.txt', ['--format', 'text']],
    ['sample-text-en.txt', ['--format', 'text', '--lang', 'en']],
    ['sample-markdown-zh.md', ['--format', 'markdown']],
  ])('%s', async (name, args) => {
    const r = await run([SAMPLE, ...AT, ...args]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    golden(name, r.stdout);
  });

  it('json: one result per rule and village, statuses adding up to the summary', async () => {
    const r = await run([SAMPLE, ...AT, '--format', 'json']);
    const j = JSON.parse(r.stdout);
    const counts: Record<string, number> = Object.fromEntries(Object.keys(j.summary).map((s) => [s, 0]));
    for (const x of j.results) counts[x.status]!++;
    expect(counts).toEqual(j.summary);
    expect(j.summary.fail).toBeGreaterThan(0);
    const keys = new Set(j.results.map((x: { rule: string; village: string | null }) => `${x.rule}/${x.village}`));
    expect(keys.size).toBe(j.results.length);
    expect(j.inputs.map((i: { file: string }) => i.file)).toContain('households.csv');
  });

  it('junit: valid against junit-10.xsd, one test case per result, failures for the failing ones', async () => {
    const json = JSON.parse((await run([SAMPLE, ...AT, '--format', 'json'])).stdout);
    const xml = (await run([SAMPLE, ...AT, '--format', 'junit'])).stdout;
    const schema = { fileName: 'junit-10.xsd', contents: readFileSync(join(import.meta.dirname, 'schemas/junit-10.xsd'), 'utf8') };
    expect((await validateXML({ xml: { fileName: 'report.xml', contents: xml }, schema })).errors).toEqual([]);
    const cases = (xml.match(/<testcase /g) ?? []).length;
    const dataCases = (xml.match(/<testcase classname="data /g) ?? []).length;
    expect(cases - dataCases).toBe(json.results.length);
    const failures = (xml.match(/<failure /g) ?? []).length;
    expect(failures).toBe(json.results.filter((x: { status: string }) => x.status === 'fail').length + dataCases);
  });
});

describe('what puzzled readers of the sample', () => {
  it('3.8 says which of the three dates is late or missing, in every briefing and in JSON', async () => {
    const text = (await run([SAMPLE, ...AT, '--format', 'text'])).stdout;
    expect(text).toContain('永兴村（未通过）；“资产量化完成日期”为 2020-11-06，晚于 2020-10-31。');
    expect(text).toContain('新华村（未通过）；“成员界定完成日期”未填写，按未完成计。');
    expect(text).not.toMatch(/0\/1（未通过）/);
    const j = JSON.parse((await run([SAMPLE, ...AT, '--format', 'json'])).stdout);
    const notes = (village: string) => j.results.find((x: { rule: string; village: string | null }) => x.rule === '3.8' && x.village === village).notes;
    expect(notes('500153107208')).toEqual([expect.objectContaining({ code: 'done-late', args: { column: 'asset_quantification_date', value: '2020-11-06', by: '2020-10-31', entity: '500153107208' } })]);
    expect(notes('500153107210')).toEqual([expect.objectContaining({ code: 'not-done', args: { column: 'membership_date', entity: '500153107210' } })]);
  });

  it('the check date says it comes from the export note, manifest.yaml', async () => {
    const text = (await run([SAMPLE, '--format', 'text'])).stdout;
    expect(text.split('\n')[2]).toBe('检查日期：2020-12-31（取自数据导出说明 manifest.yaml）');
  });

  it('a rule’s level reads 约束性 / 指导性, never 错误 (which reads as a data error)', async () => {
    const rules = (await run(['rules'])).stdout;
    const line = (id: string) => rules.split('\n').find((l) => l.startsWith(`${id} `))!;
    expect(line('3.8')).toContain('约束性');
    expect(line('3.19')).toContain('指导性');
    expect(rules).not.toMatch(/ 错误 /);
    expect((await run(['explain', '3.19', SAMPLE])).stdout).toContain('级别：指导性（未达到为“预警”，不算未通过）');
    expect((await run(['rules', '--lang', 'en'])).stdout).toMatch(/^3\.8 .* binding /m);
  });
});
