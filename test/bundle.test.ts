/**
 * The one-file bundle that bin/hebao-check.js runs (issue 11, start-up):
 * the same reports as the modules it is built from, byte for byte, with the
 * bundled pack carried already parsed. `npm test` builds it (pretest); a
 * bundle older than tsc's output is rebuilt here first.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHECK_KINDS } from '../src/engine/checks/registry.js';
import { bundledPack, compilePack, revivePack } from '../src/engine/pack-compiled.js';
import { parsePack, type RulePack } from '../src/engine/pack.js';
import { run, SAMPLE } from './helpers/cli.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'hebao-check.js');
const PACKS = readdirSync(join(ROOT, 'rules')).filter((f) => f.endsWith('.yaml'));

describe('a compiled rule pack', () => {
  for (const name of PACKS) {
    it(`${name}: revives to exactly what parsePack gives, keys in the same order`, () => {
      const file = join(ROOT, 'rules', name);
      const pack = parsePack(readFileSync(file, 'utf8'), file);
      const compiled = compilePack(pack)!;
      const revived = revivePack(JSON.parse(JSON.stringify(compiled)), '/elsewhere/' + name);
      expect(revived).toStrictEqual({ ...pack, file: '/elsewhere/' + name });
      expect(Object.keys(revived)).toEqual(Object.keys(pack));
      // The same check kind objects, not copies.
      revived.rules.forEach((r, i) => expect(r.kind).toBe(pack.rules[i]!.kind));
    });
  }

  it('is not made for a rule whose kind is not registered', () => {
    const file = join(ROOT, 'rules', PACKS[0]!);
    const pack = parsePack(readFileSync(file, 'utf8'), file);
    const odd: RulePack = { ...pack, rules: [{ ...pack.rules[0]!, kind: { ...CHECK_KINDS.share! } }] };
    expect(compilePack(odd)).toBeNull();
  });

  it('is never used outside the bundle', () => {
    const file = join(ROOT, 'rules', PACKS[0]!);
    expect(bundledPack(readFileSync(file, 'utf8'), file)).toBeNull();
  });
});

describe('the bundled CLI', () => {
  beforeAll(() => {
    const age = (p: string) => statSync(p).mtimeMs;
    let stale = true;
    try {
      stale = age(join(ROOT, 'dist', 'hebao-check.cjs')) < age(join(ROOT, 'dist', 'cli', 'main.js'));
    } catch {
      // no bundle yet
    }
    if (stale) execFileSync(process.execPath, [join(ROOT, 'scripts', 'bundle.mjs')], { stdio: 'ignore' });
  }, 120_000);

  // The same environment for both, nothing of the test runner's.
  const ENV = { LANG: 'zh_CN.UTF-8', NO_COLOR: '1' };
  const bin = (args: string[]) => {
    const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: ENV });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  it('is what bin/hebao-check.js runs, with its code cache', () => {
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', `const m = await import(${JSON.stringify(join(ROOT, 'bin', 'load.js'))}); const r = await m.loadMain(); console.log(JSON.stringify({ bundled: r.bundled, cacheUsed: r.cacheUsed }));`], { encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({ bundled: true, cacheUsed: true });
  });

  // Every format of the check, a rule pack listing, help and a usage error: byte for byte what the modules write.
  const lines: string[][] = [
    ...['json', 'table', 'text', 'markdown', 'html', 'junit'].map((f) => [SAMPLE, '--as-of', '2020-12-31', '--format', f]),
    [SAMPLE, '--as-of', '2020-12-31', '--lang', 'en', '--by', 'village', '--width', '120'],
    ['rules', '--format', 'json'],
    ['rules', '2.6'],
    ['explain', '2.6', SAMPLE, '--as-of', '2020-12-31'],
    ['validate', SAMPLE, '--format', 'json'],
    ['--help'],
    ['explain', '--help', '--lang', 'en'],
    ['--format', 'yaml', SAMPLE],
    ['--no-such-flag'],
  ];
  for (const args of lines) {
    it(`hebao-check ${args.map((a) => (a === SAMPLE ? '<sample>' : a)).join(' ')}`, async () => {
      const want = await run(args, ENV);
      const got = bin(args);
      expect(got.stderr).toBe(want.stderr);
      expect(got.stdout).toBe(want.stdout);
      expect(got.code).toBe(want.code);
    });
  }
});
