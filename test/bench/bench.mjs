#!/usr/bin/env node
/**
 * `npm run bench`: speed and memory of the whole job, next to the tools a
 * user would reach for instead. For each size (100k and 1M households by
 * default; `node test/bench/bench.mjs 20000` for others) it generates a town
 * once into bench-data/, then runs, each in its own process:
 *
 *   full check  the CLI as a user runs it: load, validate, all 53 rules, and the
 *               report (the terminal table, then JSON), written to a pipe
 *   load        load + validate alone
 *   csv-parse   a bare csv-parse pass over households.csv
 *   python csv  a plain Python csv script computing rule 2.6 per village
 *   miller      mlr computing rule 2.6 per village
 *
 * and prints wall time, peak memory (max RSS) and cost per household.
 * Figures, not assertions: nothing here fails a build.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
if (sizes.length === 0) sizes.push(100_000, 1_000_000);
const dataRoot = join(root, 'bench-data');
mkdirSync(dataRoot, { recursive: true });

const PY = `
import csv, sys, resource, time
t = time.time()
den, num = {}, {}
with open(sys.argv[1], newline='', encoding='utf-8-sig') as f:
    for r in csv.DictReader(f):
        if r['poverty_status'] in ('未脱贫', '已脱贫') and int(r['labor_count']) > 0:
            v = r['village_id']
            den[v] = den.get(v, 0) + 1
            if r['industry_covered'] in ('是', 'true', '1', 'yes', 'y'):
                num[v] = num.get(v, 0) + 1
fails = sum(1 for v in den if num.get(v, 0) * 100 < 95 * den[v])
print(len(den), fails)
`;

const MLR = [
  '--icsv',
  '--ojson',
  'put',
  '-q',
  'if (($poverty_status == "未脱贫" || $poverty_status == "已脱贫") && $labor_count > 0) { @den[$village_id] += 1; if ($industry_covered == "是" || $industry_covered == "true") { @num[$village_id] += 1 } } end { emit (@den, @num), "village_id" }',
];

function has(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

/** Wall time and peak RSS of a command, measured by GNU time when present. */
function measure(cmd, args) {
  const useTime = existsSync('/usr/bin/time');
  const started = process.hrtime.bigint();
  const res = useTime
    ? spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 })
    : spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (res.status !== 0 && res.status !== 1 && res.status !== 2) {
    return { seconds, peakMB: null, error: (res.stderr || '').split('\n').slice(-3).join(' ') };
  }
  const kb = useTime ? Number((res.stderr.trim().split('\n').pop() || '').trim()) : NaN;
  return { seconds, peakMB: Number.isFinite(kb) ? kb / 1024 : null };
}

const rows = [];
// What every run pays whatever its size (Node, modules, the pack): the bundled
// sample of 3,800 households. Per-household cost is given net of it, so 100k
// and 1M compare on the work that grows with the data.
process.stderr.write('  startup: hebao-check on the bundled sample …\n');
const startup = measure(process.execPath, [join(root, 'bin/hebao-check.js'), join(root, 'fixtures/hebao-2020'), '--as-of', '2020-12-31']);
rows.push({ households: 3800, step: 'hebao-check: bundled sample', ...startup, usPerHousehold: null });
for (const n of sizes) {
  const dir = join(dataRoot, `town-${n}`);
  if (!existsSync(join(dir, 'households.csv'))) {
    process.stderr.write(`generating ${n.toLocaleString('en-US')} households → ${dir}\n`);
    execFileSync(process.execPath, [join(root, 'test/bench/generate.mjs'), dir, String(n)], { stdio: 'inherit' });
  }
  const households = join(dir, 'households.csv');
  const steps = [
    // The command a user types, report and all (the table a terminal shows, and the JSON CI reads).
    ['hebao-check: full check, table', process.execPath, [join(root, 'bin/hebao-check.js'), dir, '--as-of', '2020-12-31']],
    ['hebao-check: full check, json', process.execPath, [join(root, 'bin/hebao-check.js'), dir, '--as-of', '2020-12-31', '--format', 'json']],
    ['hebao-check: load + validate', process.execPath, [join(root, 'test/bench/step.mjs'), 'load', dir]],
    ['bare csv-parse pass', process.execPath, [join(root, 'test/bench/step.mjs'), 'csv-parse', dir]],
  ];
  if (has('python3')) {
    const script = join(dataRoot, 'rule-2.6.py');
    writeFileSync(script, PY);
    steps.push(['python csv (rule 2.6)', 'python3', [script, households]]);
  }
  if (has('mlr')) steps.push(['miller (rule 2.6)', 'mlr', [...MLR, households]]);
  for (const [name, cmd, args] of steps) {
    process.stderr.write(`  ${n.toLocaleString('en-US')}: ${name} …\n`);
    const m = measure(cmd, args);
    const own = name.startsWith('hebao-check: full');
    rows.push({ households: n, step: name, ...m, usPerHousehold: (m.seconds * 1e6) / n, netUs: own ? ((m.seconds - startup.seconds) * 1e6) / n : null });
  }
}

const pad = (s, w) => String(s).padEnd(w);
const lpad = (s, w) => String(s).padStart(w);
const num = (v, digits) => (v === null || v === undefined ? '—' : v.toFixed(digits));
console.log(`\n${pad('households', 12)}${pad('step', 34)}${lpad('seconds', 9)}${lpad('peak MB', 10)}${lpad('µs/household', 14)}${lpad('net of startup', 16)}`);
for (const r of rows) {
  console.log(
    `${pad(r.households.toLocaleString('en-US'), 12)}${pad(r.step, 34)}${lpad(r.seconds.toFixed(2), 9)}${lpad(num(r.peakMB, 0), 10)}${lpad(num(r.usPerHousehold, 2), 14)}${lpad(num(r.netUs, 2), 16)}${r.error ? '  error: ' + r.error : ''}`,
  );
}
if (!has('mlr')) console.log('\n(miller not installed: apt-get install miller to compare with it)');
