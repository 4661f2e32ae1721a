/**
 * Waivers, the baseline and the rule pack are inputs like the tables: a FIFO
 * or a device is refused instead of hanging the run, a link out of the data
 * folder is not followed, a huge file is refused by its size, and every
 * problem is worded in Chinese and English, never shown as a raw code.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { DATA_MESSAGES } from '../src/messages/data.js';
import { renderFinding } from '../src/report/i18n.js';
import * as waiversModule from '../src/waivers.js';
import { parseWaivers, readWaivers } from '../src/waivers.js';
import { run } from './helpers/cli.js';
import { makeDataFolder } from './helpers/data-folder.js';

const isRoot = process.getuid?.() === 0;
const STACK = /^\s+at .+:\d+:\d+\)?$/m;
/** What the fallback of renderFinding prints for a code without wording. */
const RAW_CODE = /[a-z][a-z-]+\(\{/;
const BUNDLED_PACK = fileURLToPath(new URL('../rules/hebao-2020.yaml', import.meta.url));
const WAIVER = '- rule: "2.6"\n  reason: 秘密理由\n  approved_by: 镇扶贫办\n  expires: 2099-01-01\n';

const made: string[] = [];
const helpers: ChildProcess[] = [];
function tmp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hebao-waivers-'));
  made.push(dir);
  return dir;
}
function folder(overrides: Record<string, string | Buffer | null> = {}): string {
  const dir = makeDataFolder(overrides);
  made.push(dir);
  return dir;
}
afterAll(() => {
  for (const h of helpers) h.kill('SIGKILL');
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

/**
 * A FIFO, and a helper process that opens it for writing after `ms` and closes
 * it: a build that (wrongly) waits on the FIFO is released and fails the
 * assertions instead of hanging the test run.
 */
function fifo(path: string, ms = 4000): string {
  execFileSync('mkfifo', [path]);
  const h = spawn('sh', ['-c', `sleep ${ms / 1000}; : > "$0"`, path], { stdio: 'ignore' });
  helpers.push(h);
  return path;
}

async function timedRun(args: string[]) {
  const t0 = performance.now();
  const r = await run(args);
  return { ...r, ms: performance.now() - t0 };
}

const errorsOf = (stdout: string, file: string) =>
  (JSON.parse(stdout).dataErrors as { file: string; code: string; message: string }[]).filter((e) => e.file === file);

describe('waivers.yaml in the data folder is read through the same guard as the tables', () => {
  it('a FIFO: an error of waivers.yaml at once, no hang', async () => {
    const dir = folder();
    fifo(join(dir, 'waivers.yaml'));
    const r = await timedRun([dir, '--format', 'json']);
    expect(r.ms).toBeLessThan(3000);
    expect(r.code).toBe(2);
    expect(errorsOf(r.stdout, 'waivers.yaml').map((e) => e.code)).toEqual(['not-a-file']);
  }, 20_000);

  it('links out of the folder are not followed (to a file, to /dev/urandom); a link inside it is', async () => {
    const outside = join(tmp(), 'waivers.yaml');
    writeFileSync(outside, WAIVER);
    for (const target of [outside, '/dev/urandom']) {
      const dir = folder();
      symlinkSync(target, join(dir, 'waivers.yaml'));
      const r = await timedRun([dir, '--format', 'json']);
      expect(r.ms, target).toBeLessThan(3000);
      expect(r.code, target).toBe(2);
      expect(errorsOf(r.stdout, 'waivers.yaml').map((e) => e.code), target).toEqual(['symlink-outside']);
      expect(JSON.parse(r.stdout).waiverNotices ?? [], target).toEqual([]);
    }
    // Inside the folder a link is read: its waiver covers nothing here, so it is reported as stale.
    const dir = folder({ 'approved/list.yaml': WAIVER });
    symlinkSync(join(dir, 'approved', 'list.yaml'), join(dir, 'waivers.yaml'));
    const r = await run([dir, '--format', 'json']);
    expect(errorsOf(r.stdout, 'waivers.yaml')).toEqual([]);
    expect(JSON.parse(r.stdout).waiverNotices.map((n: { code: string; args: { rule: string } }) => [n.code, n.args.rule])).toEqual([['waiver-stale', '2.6']]);
  }, 20_000);

  it.skipIf(!isRoot)('a device node named waivers.yaml (a copy of /dev/null) is not-a-file', async () => {
    const dir = folder();
    execFileSync('mknod', [join(dir, 'waivers.yaml'), 'c', '1', '3']);
    const r = await timedRun([dir, '--format', 'json']);
    expect(r.code).toBe(2);
    expect(errorsOf(r.stdout, 'waivers.yaml').map((e) => e.code)).toEqual(['not-a-file']);
  });

  it('a huge (sparse) waivers.yaml is refused by its size before it is read', async () => {
    const dir = folder({ 'waivers.yaml': '' });
    truncateSync(join(dir, 'waivers.yaml'), 40 * 1024 * 1024);
    const r = await timedRun([dir, '--format', 'json']);
    expect(r.ms).toBeLessThan(5000);
    expect(r.code).toBe(2);
    expect(errorsOf(r.stdout, 'waivers.yaml').map((e) => e.code)).toEqual(['file-too-large']);
  }, 30_000);

  it('Waivers.YAML is found as the tables are (names compared case-insensitively)', async () => {
    const dir = folder({ 'Waivers.YAML': '{}\n' });
    const r = await run([dir, '--format', 'json']);
    expect(errorsOf(r.stdout, 'Waivers.YAML').map((e) => e.code)).toEqual(['waivers-not-a-list']);
  });
});

describe('--waivers, --baseline and --rules given a FIFO, a device or a huge file', () => {
  it('--waivers FIFO: an error, no hang', async () => {
    const dir = folder();
    const p = fifo(join(tmp(), 'w.yaml'));
    const r = await timedRun([dir, '--format', 'json', '--waivers', p]);
    expect(r.ms).toBeLessThan(3000);
    expect(r.code).toBe(2);
    expect(errorsOf(r.stdout, 'w.yaml').map((e) => e.code)).toEqual(['not-a-file']);
  }, 20_000);

  it('--waivers bigger than the cap: file-too-large', async () => {
    const p = join(tmp(), 'w.yaml');
    writeFileSync(p, '');
    truncateSync(p, 40 * 1024 * 1024);
    const r = await timedRun([folder(), '--format', 'json', '--waivers', p]);
    expect(errorsOf(r.stdout, 'w.yaml').map((e) => e.code)).toEqual(['file-too-large']);
  }, 30_000);

  it('--baseline FIFO: exit 2 with a clear message, no hang', async () => {
    const p = fifo(join(tmp(), 'last.json'));
    const r = await timedRun([folder(), '--baseline', p]);
    expect(r.ms).toBeLessThan(3000);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/不是普通文件/);
    expect(r.stderr).not.toMatch(STACK);
  }, 20_000);

  it('--rules FIFO: exit 2 with a clear message, no hang', async () => {
    const p = fifo(join(tmp(), 'pack.yaml'));
    const r = await timedRun([folder(), '--rules', p, '--lang', 'en']);
    expect(r.ms).toBeLessThan(3000);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not a regular file/);
    expect(r.stderr).not.toMatch(STACK);
  }, 20_000);

  it.skipIf(!isRoot)('--baseline and --rules naming a device node: refused', async () => {
    const side = tmp();
    const node = join(side, 'zero');
    execFileSync('mknod', [node, 'c', '1', '3']);
    const b = await timedRun([folder(), '--baseline', node]);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/不是普通文件/);
    const r = await timedRun([folder(), '--rules', node]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/不是普通文件/);
  });

  it('--rules bigger than the cap: refused by its size', async () => {
    const p = join(tmp(), 'pack.yaml');
    writeFileSync(p, readFileSync(BUNDLED_PACK));
    truncateSync(p, 40 * 1024 * 1024);
    const r = await timedRun([folder(), '--rules', p]);
    expect(r.ms).toBeLessThan(5000);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/文件过大/);
  }, 30_000);
});

describe('waiver errors are worded, never raw codes', () => {
  it('every code the waivers module can produce has zh and en wording', () => {
    const codes = (waiversModule as Record<string, unknown>).WAIVER_ERROR_CODES as readonly string[] | undefined;
    expect(codes, 'src/waivers.ts exports the codes it can produce').toBeDefined();
    expect(codes!.length).toBeGreaterThan(5);
    for (const code of codes!) {
      const m = DATA_MESSAGES[code];
      expect(m, code).toBeDefined();
      for (const lang of ['zh', 'en'] as const) {
        const text = renderFinding({ code, args: { key: 'rule', allowed: 'rule, village', reason: 'EACCES', target: '/x', bytes: 1, max: 1, message: 'm', files: 'a, b' } }, lang);
        expect(text, `${code} ${lang}`).not.toMatch(RAW_CODE);
      }
    }
  });

  it('each malformed waivers file gives codes from that list, worded in both languages', async () => {
    const codes = new Set((waiversModule as Record<string, unknown>).WAIVER_ERROR_CODES as readonly string[]);
    const files = [
      'rule: "2.6"\n',
      '- just text\n',
      '- rule: "2.6"\n  colour: red\n  reason: x\n  approved_by: y\n  expires: 2099-01-01\n',
      '- rule: [2.6]\n  reason: x\n  approved_by: y\n  expires: 2099-01-01\n',
      '- rule: "2.6"\n  reason: x\n  approved_by: y\n  expires: soon\n',
      '- rule: "2.6"\n',
      '- rule: "2.6\n',
    ];
    const seen = new Set<string>();
    for (const text of files) {
      for (const e of parseWaivers(text, 'waivers.yaml').errors) {
        seen.add(e.code);
        expect(codes.has(e.code), e.code).toBe(true);
        for (const lang of ['zh', 'en'] as const) expect(renderFinding(e, lang), e.code).not.toMatch(RAW_CODE);
      }
    }
    const dir = tmp();
    mkdirSync(join(dir, 'folder.yaml'));
    for (const e of (await readWaivers(join(dir, 'folder.yaml'))).errors) {
      seen.add(e.code);
      expect(codes.has(e.code), e.code).toBe(true);
    }
    expect(seen.size).toBeGreaterThanOrEqual(7);
  });

  it('through the CLI: a waivers file that is not a list, and one that is a folder, read as sentences', async () => {
    for (const [name, make] of [
      ['mapping', (d: string) => writeFileSync(join(d, 'waivers.yaml'), 'rule: "2.6"\n')],
      ['folder', (d: string) => mkdirSync(join(d, 'waivers.yaml'))],
    ] as const) {
      const dir = folder();
      make(dir);
      for (const lang of ['zh', 'en']) {
        const r = await run([dir, '--format', 'text', '--no-color', '--lang', lang]);
        expect(r.code, name).toBe(2);
        expect(r.stdout, `${name} ${lang}`).toContain('waivers.yaml');
        expect(r.stdout, `${name} ${lang}`).not.toMatch(RAW_CODE);
      }
    }
  });
});

describe('cost of a hostile waivers.yaml', () => {
  // A guard against a hang, not a timing test: the parser's own duplicate-key check took quadratic time.
  it('50,000 keys in one waiver are read in linear time; a key given twice is an error at its line', () => {
    let many = '- rule: "2.6"\n';
    for (let i = 0; i < 50_000; i++) many += `  k${i}: x\n`;
    const t0 = performance.now();
    const r = parseWaivers(many, 'waivers.yaml');
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(r.errors.filter((e) => e.code === 'waiver-unknown-key')).toHaveLength(50_000);
    const twice = parseWaivers('- rule: "2.6"\n  rule: "2.7"\n  reason: 疫情\n  approved_by: 镇扶贫办\n  expires: 2021-01-01\n', 'waivers.yaml');
    expect(twice.waivers).toEqual([]);
    expect(twice.errors.map((e) => [e.line, e.column, e.code])).toEqual([[2, 'rule', 'yaml-syntax']]);
  });
});
