/**
 * Installed as a command (issue: the project installs itself): the packed
 * project, installed globally into a temporary prefix, gives a `hebao-check`
 * that runs from any folder, with its rule pack and no files of the clone.
 * Uses the dist/ that `npm test` built (pretest) and npm's cache, so it needs no
 * network once `npm ci` has run.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SAMPLE = join(ROOT, 'fixtures', 'hebao-2020');
const work = mkdtempSync(join(tmpdir(), 'hebao-install-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const npm = (args: string[], cwd: string) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_loglevel: 'error' } });

it('npm pack + npm install -g gives a hebao-check that runs from any folder', () => {
  npm(['pack', ROOT, '--ignore-scripts', '--pack-destination', work], work);
  const tgz = readdirSync(work).find((f) => f.endsWith('.tgz'))!;
  const prefix = join(work, 'prefix');
  npm(['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', join(work, tgz)], work);
  const bin = join(prefix, process.platform === 'win32' ? 'hebao-check.cmd' : join('bin', 'hebao-check'));
  const elsewhere = mkdtempSync(join(work, 'elsewhere-'));
  const run = (args: string[]) => {
    try {
      return { code: 0, out: execFileSync(bin, args, { cwd: elsewhere, encoding: 'utf8', env: { ...process.env, LANG: 'zh_CN.UTF-8' } }) };
    } catch (e) {
      const err = e as { status: number; stdout: string };
      return { code: err.status, out: err.stdout };
    }
  };
  expect(run(['--version']).out.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  // The sample ends with exit 1 (it has failing indicators), with the bundled pack found from the install.
  const check = run([SAMPLE, '--format', 'json']);
  expect(check.code).toBe(1);
  const report = JSON.parse(check.out) as { plan: string; results: unknown[] };
  expect(report.plan).toBe('hebao-2020');
  expect(report.results.length).toBeGreaterThan(300);
  expect(run(['rules']).out).toContain('一村一品');
}, 120_000);
