#!/usr/bin/env node
/**
 * Start-up time, hyperfine-like: runs the check on the bundled sample and a
 * bare `node -e 0` N times each (alternating, after one warm-up run each) and
 * prints the median, min and max wall time and the ratio of the medians.
 *
 *   node test/bench/startup.mjs [N=10] [-- extra args for hebao-check]
 *
 * A quick look while working on start-up; `npm run bench` measures the same
 * pair (with peak memory) among its figures.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const SAMPLE_ARGS = [join(root, 'bin/hebao-check.js'), join(root, 'fixtures/hebao-2020'), '--as-of', '2020-12-31', '--format', 'json'];

function once(args) {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const s = Number(process.hrtime.bigint() - t) / 1e9;
  if (r.status !== 0 && r.status !== 1) throw new Error(`exit ${r.status}: ${r.stderr}`);
  return s;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Median, min and max seconds of the sample check and of `node -e 0`, n runs each. */
export function startupFigures(n = 10, args = SAMPLE_ARGS) {
  once(args);
  once(['-e', '0']);
  const check = [];
  const bare = [];
  for (let i = 0; i < n; i++) {
    check.push(once(args));
    bare.push(once(['-e', '0']));
  }
  return {
    check: { median: median(check), min: Math.min(...check), max: Math.max(...check) },
    bare: { median: median(bare), min: Math.min(...bare), max: Math.max(...bare) },
    ratio: median(check) / median(bare),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const rest = process.argv.slice(2);
  const dash = rest.indexOf('--');
  const n = Number(rest[0]) > 0 ? Number(rest[0]) : 10;
  const args = dash >= 0 ? [...SAMPLE_ARGS, ...rest.slice(dash + 1)] : SAMPLE_ARGS;
  const f = startupFigures(n, args);
  const ms = (x) => (x * 1000).toFixed(0).padStart(5) + ' ms';
  console.log(`sample check   median ${ms(f.check.median)}  min ${ms(f.check.min)}  max ${ms(f.check.max)}`);
  console.log(`node -e 0      median ${ms(f.bare.median)}  min ${ms(f.bare.min)}  max ${ms(f.bare.max)}`);
  console.log(`ratio          ${f.ratio.toFixed(2)}× (n=${n})`);
}
