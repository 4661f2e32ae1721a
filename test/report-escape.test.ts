/**
 * Output injection: text from the data (a village name, a household's
 * industry, a column header, the town, a file or folder name, a waiver's
 * reason) and from a rule pack must reach a terminal or a CI log as text,
 * never as a command. Control characters (ESC sequences, OSC titles, CR,
 * C0/C1, bidi overrides) are shown escaped (`\x1b`, `\r`, `\u202e`); a
 * newline in a value is shown as `\n`, so a value never begins a line; no
 * line of any output reads as a GitHub Actions workflow command (`::error::`,
 * after leading blanks, as the runner trims them) and no legacy `##[` / Azure
 * `##vso[` command appears anywhere.
 *
 * The payload is test/hostile/inject-payload.txt, planted in a copy of the
 * sample town; test/hostile/inject-villages.csv holds it in a village name
 * and a header, test/hostile/inject-cr.villages.yaml a lone CR and a pipe.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import type { Io } from '../src/cli/main.js';
import { startProgress } from '../src/cli/progress.js';
import { escapeText } from '../src/report/escape.js';
import { run, SAMPLE, type CliRun } from './helpers/cli.js';
import { makeDataFolder } from './helpers/data-folder.js';

const CORPUS = fileURLToPath(new URL('./hostile/', import.meta.url));
const corpus = (name: string) => readFileSync(join(CORPUS, name), 'utf8');
const PAYLOAD = corpus('inject-payload.txt');
const PACK = fileURLToPath(new URL('../rules/hebao-2020.yaml', import.meta.url));

/** A YAML double-quoted scalar holding `s` exactly (JSON, with the characters YAML reads as breaks escaped too). */
const yq = (s: string) => JSON.stringify(s).replace(/[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
const csvq = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** Characters that must never reach stdout or stderr raw (tab and LF are the only C0 allowed, and tab only in no output here). */
const RAW_CONTROL = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const SGR = /\x1b\[[0-9;]*m/g;

/** Every way the output could smuggle a command or a terminal sequence. */
function expectInert(label: string, text: string, opts: { color?: boolean } = {}): void {
  // Lines as a CI runner reads them (.NET ReadLine ends a line at LF, CR or CRLF).
  for (const line of text.split(/\r\n|\r|\n/)) {
    const bare = line.replace(/^(?:[\s\u0085]|\x1b\[[0-9;]*m)*/, '');
    expect(bare.startsWith('::'), `${label}: a line starts with a workflow command: ${JSON.stringify(line)}`).toBe(false);
  }
  expect(text, `${label}: legacy ##[ / ##vso[ command`).not.toMatch(/##(?:vso)?\[/);
  const rest = opts.color ? text.replace(SGR, '') : text;
  const m = RAW_CONTROL.exec(rest);
  expect(m && `${label}: raw U+${m[0].charCodeAt(0).toString(16).padStart(4, '0')} near ${JSON.stringify(rest.slice(Math.max(0, m.index - 40), m.index + 10))}`).toBeNull();
}

function expectRunInert(label: string, r: CliRun, opts: { color?: boolean } = {}): void {
  expectInert(`${label} stdout`, r.stdout, opts);
  expectInert(`${label} stderr`, r.stderr);
  expect(r.stderr, label).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
}

/** Rows of each Markdown table have as many cells as its header (a `|` not escaped by a backslash ends a cell). */
function markdownTablesWhole(md: string): void {
  const cells = (line: string) => line.replace(/\\./g, '').split('|').length;
  let head: number | null = null;
  for (const line of md.split('\n')) {
    if (!line.startsWith('|')) {
      head = null;
      continue;
    }
    if (head === null) head = cells(line);
    else expect(cells(line), line).toBe(head);
  }
}

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

/**
 * The sample town with the payload in a folder name, a village name (first
 * in line in the matrix), a column header, a household's industry, the town
 * (first in line in the text report's title), a waiver's reason and approver,
 * and the names of two stray files; plus a pack whose rule 2.1 has it in its
 * title.
 */
function hostileTown(): { dir: string; pack: string } {
  // A newline and an OSC in the folder's own name.
  const dir = mkdtempSync(join(tmpdir(), 'hebao-inject-\x1b]0;dir\x07\n::error::dir-'));
  made.push(dir);
  cpSync(SAMPLE, dir, { recursive: true });
  writeFileSync(join(dir, 'villages.csv'), corpus('inject-villages.csv'));
  // households.csv is GB18030; rewritten as UTF-8 with the payload in the first household's 到户产业.
  const hh = new TextDecoder('gb18030').decode(readFileSync(join(dir, 'households.csv'))).split('\n');
  const at = hh[0]!.split(',').indexOf('到户产业');
  expect(at).toBeGreaterThan(0);
  const row = hh[1]!.split(',');
  row[at] = csvq('红薯' + PAYLOAD);
  hh[1] = row.join(',');
  writeFileSync(join(dir, 'households.csv'), '\uFEFF' + hh.join('\n'));
  const manifest = readFileSync(join(dir, 'manifest.yaml'), 'utf8').replace(/^town: .*$/m, `town: ${yq('::error::河包镇' + PAYLOAD)}`);
  writeFileSync(join(dir, 'manifest.yaml'), manifest);
  writeFileSync(
    join(dir, 'waivers.yaml'),
    `- rule: "2.1"\n  reason: ${yq('::error::疫情' + PAYLOAD)}\n  approved_by: ${yq('::warning::镇扶贫办' + PAYLOAD)}\n  expires: 2021-03-31\n`,
  );
  writeFileSync(join(dir, '::error::stray' + PAYLOAD + '.txt'), 'x');
  writeFileSync(join(dir, 'x' + PAYLOAD), 'x');
  const pack = join(dir, '..', `${dir.split('/').pop()}-pack.yaml`);
  made.push(pack);
  const packText = readFileSync(PACK, 'utf8').replace(
    'title: { zh: 一村一品, en: "One village, one featured product" }',
    `title: { zh: ${yq('::error::一村一品' + PAYLOAD)}, en: ${yq('::error::One village' + PAYLOAD)} }`,
  );
  expect(packText).toContain('::error::一村一品');
  writeFileSync(pack, packText);
  return { dir, pack };
}

describe('escapeText', () => {
  it('shows control characters, newlines and bidi controls as escapes, and leaves other text alone', () => {
    expect(escapeText('a\x1b[2Jb')).toBe('a\\x1b[2Jb');
    expect(escapeText('\r\n\t')).toBe('\\r\\n\\t');
    expect(escapeText('\x00\x07\x7f\x85\x9b')).toBe('\\x00\\x07\\x7f\\x85\\x9b');
    expect(escapeText('\u202eabc\u202c\u2066\u2069\u200f\u2028')).toBe('\\u202eabc\\u202c\\u2066\\u2069\\u200f\\u2028');
    const clean = '河包镇 核桃村（贫困村）：93.2% ≥ 1,000 亩 · C:\\扶贫 数据 “引号” 😀';
    expect(escapeText(clean)).toBe(clean);
  });
  it('is idempotent: escaping twice is escaping once', () => {
    expect(escapeText(escapeText(PAYLOAD))).toBe(escapeText(PAYLOAD));
    expect(RAW_CONTROL.test(escapeText(PAYLOAD))).toBe(false);
  });
});

describe('a town whose data carries terminal sequences and workflow commands', () => {
  let town: { dir: string; pack: string };
  beforeAll(() => {
    town = hostileTown();
  });
  const AT = ['--as-of', '2020-12-31'];

  it.each([
    ['table', ['--no-color']],
    ['table', ['--no-color', '--by', 'village', '--width', '80']],
    ['table', ['--no-color', '--lang', 'en', '--by', 'rule']],
    ['text', []],
    ['text', ['--lang', 'en']],
    ['markdown', []],
    ['html', []],
    ['json', []],
    ['junit', []],
  ])('check --format %s %j: inert, and the data still shown', async (format, extra) => {
    const r = await run([town.dir, ...AT, '--format', format, ...extra]);
    expect(r.code, r.stderr).toBe(1);
    expectRunInert(`${format} ${extra.join(' ')}`, r);
    if (format === 'json') {
      // The JSON keeps the data as read (a CSV's line ends, inside quotes too, are read as LF).
      const report = JSON.parse(r.stdout) as { villages: { id: string; name: string }[]; town: string };
      expect(report.villages.find((v) => v.id === '500153107001')!.name).toBe('::error::转龙社区' + PAYLOAD.replace(/\r\n?/g, '\n'));
      expect(report.town).toBe('::error::河包镇' + PAYLOAD);
    } else if (format !== 'junit') {
      // What was there is shown, escaped (Markdown doubles the backslash so it renders as one).
      const bs = format === 'markdown' ? '\\\\' : '\\';
      if (!extra.includes('rule')) expect(r.stdout).toContain(`转龙社区${bs}n`);
      expect(r.stdout).toContain(`${bs}x1b`);
      expect(r.stdout).toContain(`${bs}u202e`);
    }
    if (format === 'markdown') markdownTablesWhole(r.stdout);
    if (format === 'junit') {
      // Still a valid report, the payload written as character references.
      const schema = { fileName: 'junit-10.xsd', contents: readFileSync(join(import.meta.dirname, 'schemas/junit-10.xsd'), 'utf8') };
      expect((await validateXML({ xml: { fileName: 'report.xml', contents: r.stdout }, schema })).errors).toEqual([]);
      expect(r.stdout).toContain('&#x202E;ALL CHECKS PASSED');
    }
  });

  it('a coloured table keeps its own colours and escapes the data’s', async () => {
    const r = await run([town.dir, ...AT], { FORCE_COLOR: '1' });
    expect(r.stdout).toMatch(SGR);
    expectRunInert('table in colour', r, { color: true });
    expect(r.stdout).toContain('\\x1b[2J');
  });

  it.each([['table'], ['text'], ['json']])('validate --format %s', async (format) => {
    const r = await run(['validate', town.dir, '--format', format]);
    expectRunInert(`validate ${format}`, r);
    if (format !== 'json') expect(r.stdout).toContain('\\x1b');
  });

  it('explain, with the data and a pack carrying the payload', async () => {
    for (const args of [['explain', '2.1', town.dir, ...AT], ['explain', '2.1', town.dir, ...AT, '--rules', town.pack, '--lang', 'en'], ['explain', '3.2a', town.dir, ...AT]]) {
      const r = await run(args);
      expect(r.stdout.length, r.stderr).toBeGreaterThan(0);
      expectRunInert(args.join(' '), r);
    }
  });

  it('rules, from a pack carrying the payload', async () => {
    for (const args of [['rules', '--rules', town.pack], ['rules', '2.1', '--rules', town.pack], ['rules', '--rules', town.pack, '--format', 'json']]) {
      const r = await run(args);
      expect(r.code, r.stderr).toBe(0);
      expectRunInert(args.join(' '), r);
    }
    const r = await run(['rules', '--rules', town.pack]);
    expect(r.stdout).toContain('::error::一村一品\\n::error::pwned\\r');
  });

  it('check with the pack carrying the payload, every human format', async () => {
    for (const format of ['table', 'text', 'markdown', 'html']) {
      const r = await run([town.dir, ...AT, '--rules', town.pack, '--format', format, '--no-color']);
      expectRunInert(`--rules pack --format ${format}`, r);
    }
  });

  it('error messages on stderr: the villages listed for an unknown --village, a manifest naming a hostile pack', async () => {
    const r = await run([town.dir, ...AT, '--village', 'nosuch']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('转龙社区\\n');
    expectRunInert('unknown village', r);

    const dir = mkdtempSync(join(tmpdir(), 'hebao-inject-plan-'));
    made.push(dir);
    cpSync(SAMPLE, dir, { recursive: true });
    writeFileSync(join(dir, 'manifest.yaml'), `town: 河包镇\nplan: ${yq('x' + PAYLOAD)}\nas_of: 2020-12-31\n`);
    const p = await run([dir]);
    expect(p.code).toBe(2);
    expect(p.stderr.length).toBeGreaterThan(0);
    expectRunInert('manifest plan', p);
  });
});

describe('a lone CR, a pipe and a bidi override in village names (villages.yaml)', () => {
  let dir: string;
  beforeAll(() => {
    dir = makeDataFolder({ 'villages.csv': null, 'villages.yaml': corpus('inject-cr.villages.yaml') });
    made.push(dir);
  });
  it('Markdown tables keep their shape and the names read escaped', async () => {
    const r = await run([dir, '--format', 'markdown', '--as-of', '2020-12-31']);
    expectRunInert('markdown', r);
    markdownTablesWhole(r.stdout);
    expect(r.stdout).toContain('核桃\\\\r村\\|x');
  });
  it.each([['table'], ['text'], ['html'], ['json'], ['junit']])('%s is inert', async (format) => {
    const r = await run([dir, '--format', format, '--as-of', '2020-12-31', '--no-color']);
    expectRunInert(format, r);
  });
});

describe('the progress line on stderr', () => {
  it('shows a file name’s control characters escaped; only its own wipe is a terminal sequence', () => {
    let stderr = '';
    const io: Io = {
      stdout: { write: () => true, isTTY: true, columns: 100 },
      stderr: { write: (s: string) => ((stderr += s), true), isTTY: true },
      env: { LANG: 'zh_CN.UTF-8' },
    };
    let t = 0;
    const p = startProgress(io, 'zh', () => t);
    t = 2000;
    p.onLoad({ file: 'households\x1b]0;owned\x07\r::error::x.csv', rows: 10, bytes: 1, totalBytes: 2 });
    p.done();
    const own = stderr.split('\r\x1b[2K').join('');
    expect(own).toContain('households\\x1b]0;owned\\x07\\r::error::x.csv');
    expect(own).not.toMatch(RAW_CONTROL);
  });
});
