/**
 * `--output` as a CI container runs it, as root: it replaces a regular file
 * atomically (keeping its mode and owner), writes through to a device or a
 * FIFO, follows a link to its target, refuses a folder, a block device, a
 * dangling link and any input of the run, and a SIGINT/SIGTERM during the
 * write leaves no temp file behind.
 */
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, chownSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from './helpers/cli.js';
import { makeDataFolder } from './helpers/data-folder.js';

const isRoot = process.getuid?.() === 0;
const STACK = /^\s+at .+:\d+:\d+\)?$/m;
const BUNDLED_PACK = fileURLToPath(new URL('../rules/hebao-2020.yaml', import.meta.url));

const made: string[] = [];
function tmp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hebao-out-safety-'));
  made.push(dir);
  return dir;
}
function data(): string {
  const dir = makeDataFolder();
  made.push(dir);
  return dir;
}
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const leftovers = (dir: string) => readdirSync(dir).filter((n) => n.endsWith('.tmp'));

/** The report the same run prints on stdout, to compare with what reached the file. */
async function expected(args: string[]): Promise<{ code: number; stdout: string }> {
  const r = await run(args);
  return { code: r.code, stdout: r.stdout };
}

describe('--output onto something that is not a plain regular file', () => {
  it.skipIf(!isRoot)('a character device (a copy of /dev/null) stays a device; the run exits as without --output', async () => {
    const dir = data();
    const out = tmp();
    const node = join(out, 'null');
    execFileSync('mknod', [node, 'c', '1', '3']);
    const want = await expected([dir, '--format', 'json']);
    const r = await run([dir, '--format', 'json', '--output', node]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(want.code);
    expect(lstatSync(node).isCharacterDevice()).toBe(true);
    expect(readdirSync(out)).toEqual(['null']);
  });

  it('a FIFO is written through: a reader gets the whole report and the FIFO stays a FIFO', async () => {
    const dir = data();
    const out = tmp();
    const fifo = join(out, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const reader = spawn('cat', [fifo]);
    let got = '';
    reader.stdout.setEncoding('utf8').on('data', (s: string) => (got += s));
    const closed = new Promise<void>((res) => reader.on('close', () => res()));
    try {
      const want = await expected([dir, '--format', 'json']);
      const r = await run([dir, '--format', 'json', '--output', fifo]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(want.code);
      const ended = await Promise.race([closed.then(() => true), new Promise<boolean>((res) => setTimeout(() => res(false), 5000))]);
      expect(ended, 'the reader of the FIFO got an end of file').toBe(true);
      expect(got).toBe(want.stdout);
      expect(lstatSync(fifo).isFIFO()).toBe(true);
    } finally {
      reader.kill();
    }
  });

  it('a link to a regular file: the link stays, its target gets the report and keeps its mode', async () => {
    const dir = data();
    const out = tmp();
    const target = join(out, 'real.json');
    writeFileSync(target, 'old');
    chmodSync(target, 0o640);
    const link = join(out, 'latest.json');
    symlinkSync(target, link);
    const want = await expected([dir, '--format', 'json']);
    const r = await run([dir, '--format', 'json', '--output', link]);
    expect(r.code).toBe(want.code);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe(want.stdout);
    expect(statSync(target).mode & 0o777).toBe(0o640);
    expect(leftovers(out)).toEqual([]);
  });

  it.skipIf(!isRoot)('a link to a device node: written through, both stay what they were', async () => {
    const dir = data();
    const out = tmp();
    const node = join(out, 'null');
    execFileSync('mknod', [node, 'c', '1', '3']);
    const link = join(out, 'report');
    symlinkSync(node, link);
    const r = await run([dir, '--format', 'json', '--output', link]);
    expect([0, 1]).toContain(r.code);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(lstatSync(node).isCharacterDevice()).toBe(true);
  });

  it('a dangling link is refused (exit 2) and nothing is created where it points', async () => {
    const dir = data();
    const out = tmp();
    const where = join(out, 'cron.d', 'job');
    mkdirSync(join(out, 'cron.d'));
    const link = join(out, 'report.json');
    symlinkSync(where, link);
    const r = await run([dir, '--format', 'json', '--output', link, '--lang', 'en']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/link/);
    expect(r.stderr).not.toMatch(STACK);
    expect(readdirSync(join(out, 'cron.d'))).toEqual([]);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
  });

  it('a folder is refused with a message that says so, in Chinese and English', async () => {
    const dir = data();
    const out = tmp();
    const zh = await run([dir, '--output', out]);
    expect(zh.code).toBe(2);
    expect(zh.stderr).toMatch(/是文件夹/);
    const en = await run([dir, '--output', out, '--lang', 'en']);
    expect(en.code).toBe(2);
    expect(en.stderr).toMatch(/is a folder/);
    expect(readdirSync(out)).toEqual([]);
  });

  it.skipIf(!isRoot)('a block device is refused and left alone', async () => {
    const dir = data();
    const out = tmp();
    const node = join(out, 'disk');
    execFileSync('mknod', [node, 'b', '7', '250']);
    const r = await run([dir, '--format', 'json', '--output', node]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/设备/);
    expect(lstatSync(node).isBlockDevice()).toBe(true);
  });
});

describe('--output over an existing regular file', () => {
  it('keeps the mode of the file it replaces (0600 stays 0600)', async () => {
    const dir = data();
    const out = tmp();
    const file = join(out, 'private.json');
    writeFileSync(file, 'old');
    chmodSync(file, 0o600);
    const r = await run([dir, '--format', 'json', '--output', file]);
    expect([0, 1]).toContain(r.code);
    expect(readFileSync(file, 'utf8')).toContain('"schemaVersion"');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(leftovers(out)).toEqual([]);
  });

  it.skipIf(!isRoot)('run as root, keeps the owner and group of the file it replaces', async () => {
    const dir = data();
    const out = tmp();
    const file = join(out, 'ci.json');
    writeFileSync(file, 'old');
    chownSync(file, 4321, 4322);
    chmodSync(file, 0o660);
    const r = await run([dir, '--format', 'json', '--output', file]);
    expect([0, 1]).toContain(r.code);
    const st = statSync(file);
    expect([st.uid, st.gid, st.mode & 0o777]).toEqual([4321, 4322, 0o660]);
  });
});

describe('--output naming an input of the run', () => {
  function inputs() {
    const dir = data();
    const side = tmp();
    const rules = join(side, 'pack.yaml');
    writeFileSync(rules, readFileSync(BUNDLED_PACK));
    const waivers = join(side, 'waivers.yaml');
    writeFileSync(waivers, '- rule: "2.6"\n  reason: 受疫情影响\n  approved_by: 镇扶贫办\n  expires: 2099-01-01\n');
    const baseline = join(side, 'last.json');
    return { dir, side, rules, waivers, baseline };
  }

  it('--rules, --waivers and --baseline: refused with exit 2, each input unchanged', async () => {
    const { dir, rules, waivers, baseline } = inputs();
    expect([0, 1]).toContain((await run([dir, '--format', 'json', '--output', baseline])).code);
    const cases: [string, string][] = [
      ['--rules', rules],
      ['--waivers', waivers],
      ['--baseline', baseline],
    ];
    for (const [flag, file] of cases) {
      const before = sha(file);
      const zh = await run([dir, '--format', 'json', flag, file, '--output', file]);
      expect(zh.code, flag).toBe(2);
      expect(zh.stderr, flag).toMatch(/输入文件/);
      expect(zh.stderr, flag).toContain(flag);
      const en = await run([dir, '--format', 'json', flag, file, '--output', file, '--lang', 'en']);
      expect(en.code, flag).toBe(2);
      expect(en.stderr, flag).toMatch(/input/);
      expect(sha(file), flag).toBe(before);
    }
  });

  it('also under another name: through a link or a hard link to the input', async () => {
    const { dir, side, rules, waivers } = inputs();
    const soft = join(side, 'soft.yaml');
    symlinkSync(rules, soft);
    const hard = join(side, 'hard.yaml');
    linkSync(waivers, hard);
    const [r1, w1] = [sha(rules), sha(waivers)];
    expect((await run([dir, '--rules', rules, '--output', soft])).code).toBe(2);
    expect((await run([dir, '--waivers', waivers, '--output', hard])).code).toBe(2);
    expect((await run(['rules', '--rules', rules, '--output', soft])).code).toBe(2);
    expect([sha(rules), sha(waivers)]).toEqual([r1, w1]);
  });
});

describe('a signal during the write', () => {
  /** output.ts on its own, as JavaScript a child process can run (it imports only node:*). */
  function compiledOutput(dir: string): string {
    const src = readFileSync(fileURLToPath(new URL('../src/cli/output.ts', import.meta.url)), 'utf8');
    const js = ts.transpileModule(src, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
    expect(js, 'output.ts imports only node built-ins').not.toMatch(/from '\.\.?\//);
    writeFileSync(join(dir, 'output.mjs'), js);
    // The child starts a 64 MB report, and as soon as the temp file exists sends itself the signal.
    writeFileSync(
      join(dir, 'child.mjs'),
      `import { readdirSync } from 'node:fs';
import { writeOutput } from './output.mjs';
const [outDir, target, sig] = process.argv.slice(2);
const text = '{"x":"' + 'x'.repeat(64 * 1024 * 1024) + '"}';
const timer = setInterval(() => {
  if (readdirSync(outDir).some((n) => n.endsWith('.tmp'))) {
    clearInterval(timer);
    process.kill(process.pid, sig);
  }
}, 1);
await writeOutput(target, text, null);
clearInterval(timer);
console.log('finished');
`,
    );
    return join(dir, 'child.mjs');
  }

  for (const [sig, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`${sig}: exit ${code}, no hidden temp file left, the old report untouched`, () => {
      const child = compiledOutput(tmp());
      const out = tmp();
      const target = join(out, 'report.json');
      writeFileSync(target, 'the previous report');
      const r = spawnSync(process.execPath, [child, out, target, sig], { encoding: 'utf8', timeout: 30_000 });
      expect(r.stdout).not.toContain('finished');
      expect(r.status).toBe(code);
      expect(readdirSync(out)).toEqual(['report.json']);
      expect(readFileSync(target, 'utf8')).toBe('the previous report');
    });
  }
});
