#!/usr/bin/env node
/**
 * `npm run bench`: speed and memory of the whole job, next to the tools a
 * user would reach for instead. For each size (100k and 1M households by
 * default; `node test/bench/bench.mjs 20000` for others) it generates a town
 * once into bench-data/, then runs, each in its own process and `--runs N`
 * times (default 5; the median is shown):
 *
 *   full check  the CLI as a user runs it: load, validate, all 53 rules, and the
 *               report (the terminal table, then JSON), written to a pipe
 *   load        load + validate alone
 *   csv-parse   a bare csv-parse pass over households.csv
 *   python csv  a plain Python csv script computing rule 2.6 per village
 *   miller      mlr computing rule 2.6 per village (when installed)
 *   duckdb      DuckDB (@duckdb/node-api, 2 threads) computing rule 2.6 as one
 *               query (when installed: npm i --no-save @duckdb/node-api)
 *
 * and start-up: the check of the bundled sample and a bare `node -e 0`,
 * alternately, `--startup-runs N` times (default 10). It prints wall time,
 * peak memory (max RSS, by GNU time when present) and cost per household,
 * then the table of issue 11 with its goals. Figures, not assertions: nothing
 * here fails a build. The answers column is rule 2.6 as "villages judged,
 * villages failing", so the peers are seen to compute the same thing.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const argv = process.argv.slice(2);
const flag = (name, dflt) => {
  const a = argv.find((x) => x.startsWith(`--${name}=`));
  return a ? Number(a.split('=')[1]) : dflt;
};
const RUNS = Math.max(1, flag('runs', 5));
const STARTUP_RUNS = Math.max(1, flag('startup-runs', 10));
const sizes = argv.filter((a) => !a.startsWith('--')).map(Number).filter((n) => n > 0);
if (sizes.length === 0) sizes.push(100_000, 1_000_000);
const loadAtStart = loadavg()[0];
const dataRoot = join(root, 'bench-data');
mkdirSync(dataRoot, { recursive: true });
const BIN = join(root, 'bin/hebao-check.js');
const SAMPLE = join(root, 'fixtures/hebao-2020');

const PY = `
import csv, sys
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

function hasDuckdb() {
  try {
    createRequire(join(root, 'package.json')).resolve('@duckdb/node-api');
    return true;
  } catch {
    return false;
  }
}

const useTime = existsSync('/usr/bin/time');

/** Wall time, peak RSS (GNU time) and stdout of one run of a command. */
function measure(cmd, args) {
  const started = process.hrtime.bigint();
  const res = useTime
    ? spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 29 })
    : spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 29 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (res.status !== 0 && res.status !== 1 && res.status !== 2) {
    return { seconds, peakMB: null, stdout: '', error: (res.stderr || String(res.error ?? '')).split('\n').slice(-3).join(' ') };
  }
  const kb = useTime ? Number((res.stderr.trim().split('\n').pop() || '').trim()) : NaN;
  return { seconds, peakMB: Number.isFinite(kb) ? kb / 1024 : null, stdout: res.stdout };
}

const median = (xs) => {
  const s = xs.filter((x) => x !== null).sort((a, b) => a - b);
  if (s.length === 0) return null;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** `n` runs of each command, taken in turn (so a busy moment of the machine falls on all of them): medians. */
function measureRuns(commands, n) {
  const runs = commands.map(() => []);
  for (let i = 0; i < n; i++) commands.forEach(([cmd, args], j) => runs[j].push(measure(cmd, args)));
  return runs.map((rs) => ({
    seconds: median(rs.map((r) => r.seconds)),
    min: Math.min(...rs.map((r) => r.seconds)),
    max: Math.max(...rs.map((r) => r.seconds)),
    peakMB: median(rs.map((r) => r.peakMB)),
    stdout: rs[rs.length - 1].stdout,
    error: rs.find((r) => r.error)?.error,
  }));
}

/** Rule 2.6 as "villages judged, villages failing", from whatever the step printed. */
function answerOf(step, stdout) {
  const last = (stdout || '').trim().split('\n').pop() || '';
  if (/^\d+ \d+$/.test(last)) return last;
  if (step.includes('json')) {
    try {
      const judged = JSON.parse(stdout).results.filter((r) => r.rule === '2.6' && r.village !== null && r.status !== 'n/a');
      return `${judged.length} ${judged.filter((r) => r.status === 'fail').length}`;
    } catch {
      return null;
    }
  }
  try {
    return JSON.parse(last).answer ?? null;
  } catch {
    return null;
  }
}

// Which CLI bin/hebao-check.js runs: the bundle (npm run build) or, when that is stale, tsc's modules.
const how = JSON.parse(
  execFileSync(process.execPath, ['--input-type=module', '-e', `const m = await import(${JSON.stringify(join(root, 'bin/load.js'))}); const r = await m.loadMain(); console.log(JSON.stringify({ bundled: r.bundled, cacheUsed: r.cacheUsed ?? false }));`], { encoding: 'utf8' }),
);
const runs = how.bundled ? `the bundle dist/hebao-check.cjs${how.cacheUsed ? ' with its code cache' : ' (its code cache not used)'}` : "tsc's dist/cli/main.js (the bundle is missing or stale: npm run build)";
process.stderr.write(`  bin/hebao-check.js runs ${runs}\n`);

// Start-up: what every run pays whatever its size (Node, modules, the pack), on the bundled
// sample of 3,800 households, next to a bare Node. Per-household cost is given net of it, so
// 100k and 1M compare on the work that grows with the data.
process.stderr.write(`  start-up: the bundled sample and node -e 0, ${STARTUP_RUNS} runs each …\n`);
measure(process.execPath, [BIN, SAMPLE, '--as-of', '2020-12-31', '--format', 'json']); // warm the file cache
const [startup, bare] = measureRuns(
  [
    [process.execPath, [BIN, SAMPLE, '--as-of', '2020-12-31', '--format', 'json']],
    [process.execPath, ['-e', '0']],
  ],
  STARTUP_RUNS,
);
const rows = [];
rows.push({ households: 3800, step: 'hebao-check: bundled sample, json', ...startup, usPerHousehold: null });
rows.push({ households: 0, step: 'node -e 0', ...bare, usPerHousehold: null });

const duckdb = hasDuckdb();
for (const n of sizes) {
  const dir = join(dataRoot, `town-${n}`);
  if (!existsSync(join(dir, 'households.csv'))) {
    process.stderr.write(`generating ${n.toLocaleString('en-US')} households → ${dir}\n`);
    execFileSync(process.execPath, [join(root, 'test/bench/generate.mjs'), dir, String(n)], { stdio: 'inherit' });
  }
  const households = join(dir, 'households.csv');
  const steps = [
    // The command a user types, report and all (the table a terminal shows, and the JSON CI reads).
    ['hebao-check: full check, table', process.execPath, [BIN, dir, '--as-of', '2020-12-31']],
    ['hebao-check: full check, json', process.execPath, [BIN, dir, '--as-of', '2020-12-31', '--format', 'json']],
    ['hebao-check: load + validate', process.execPath, [join(root, 'test/bench/step.mjs'), 'load', dir]],
    ['bare csv-parse pass', process.execPath, [join(root, 'test/bench/step.mjs'), 'csv-parse', dir]],
  ];
  if (has('python3')) {
    const script = join(dataRoot, 'rule-2.6.py');
    writeFileSync(script, PY);
    steps.push(['python csv (rule 2.6)', 'python3', [script, households]]);
  }
  if (has('mlr')) steps.push(['miller (rule 2.6)', 'mlr', [...MLR, households]]);
  if (duckdb) steps.push(['duckdb, 2 threads (rule 2.6)', process.execPath, [join(root, 'test/bench/step.mjs'), 'duckdb', dir]]);
  for (const [name, cmd, args] of steps) {
    process.stderr.write(`  ${n.toLocaleString('en-US')}: ${name}, ${RUNS} run(s) …\n`);
    const [m] = measureRuns([[cmd, args]], RUNS);
    const own = name.startsWith('hebao-check: full');
    rows.push({
      households: n,
      step: name,
      ...m,
      answer: answerOf(name, m.stdout),
      usPerHousehold: (m.seconds * 1e6) / n,
      netUs: own ? ((m.seconds - startup.seconds) * 1e6) / n : null,
    });
  }
}

const pad = (s, w) => String(s).padEnd(w);
const lpad = (s, w) => String(s).padStart(w);
const num = (v, digits) => (v === null || v === undefined ? '—' : v.toFixed(digits));
console.log(`\nmedian of ${RUNS} run(s) (start-up: ${STARTUP_RUNS}); node ${process.version}, ${new Date().toISOString().slice(0, 10)}; hebao-check runs ${runs}`);
// Other work on the machine slows every figure: its load average, before and after (2 cores).
console.log(`load average ${loadAtStart.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end`);
console.log(`${pad('households', 12)}${pad('step', 34)}${lpad('seconds', 9)}${lpad('min–max', 13)}${lpad('peak MB', 9)}${lpad('µs/household', 14)}${lpad('net of startup', 16)}  rule 2.6`);
for (const r of rows) {
  console.log(
    `${pad(r.households ? r.households.toLocaleString('en-US') : '—', 12)}${pad(r.step, 34)}${lpad(r.seconds.toFixed(2), 9)}${lpad(`${r.min.toFixed(2)}–${r.max.toFixed(2)}`, 13)}${lpad(num(r.peakMB, 0), 9)}${lpad(num(r.usPerHousehold, 2), 14)}${lpad(num(r.netUs, 2), 16)}  ${r.answer ?? ''}${r.error ? '  error: ' + r.error : ''}`,
  );
}

// The table of issue 11, at the largest size run, and its goals.
const big = Math.max(...sizes);
const at = (step) => rows.find((r) => r.households === big && r.step === step);
const full = at('hebao-check: full check, json');
const duck = at('duckdb, 2 threads (rule 2.6)');
const wall = (r) => (r.seconds < 1 ? `${(r.seconds * 1000).toFixed(0)} ms` : `${r.seconds.toFixed(2)} s`);
const peak = (r) => (r.peakMB === null ? '—' : `${r.peakMB.toFixed(0)} MiB`);
const issueRows = [
  [`hebao-check, full check, json (${big.toLocaleString('en-US')} households)`, full],
  ['Python csv, ONE rule (2.6)', at('python csv (rule 2.6)')],
  ['Miller, ONE rule (2.6)', at('miller (rule 2.6)')],
  ['DuckDB (@duckdb/node-api, 2 threads), ONE rule as one query', duck],
  ['hebao-check on the bundled sample (3,800 households), json', startup],
  ['`node -e 0`', bare],
].filter(([, r]) => r);
console.log(`\n| what | wall (median) | peak |\n| --- | --- | --- |`);
for (const [what, r] of issueRows) console.log(`| ${what} | ${wall(r)} | ${peak(r)} |`);
const verdict = (ok) => (ok ? 'met' : 'NOT met');
console.log('\ngoals (issue 11):');
if (duck) console.log(`  full check ≤ 1.6× DuckDB's one query:  ${(full.seconds / duck.seconds).toFixed(1)}×  ${verdict(full.seconds <= 1.6 * duck.seconds)}`);
else console.log('  full check ≤ 1.6× DuckDB: DuckDB not installed (npm i --no-save @duckdb/node-api)');
if (full.peakMB !== null) console.log(`  full check peak ≤ 300 MiB:             ${full.peakMB.toFixed(0)} MiB  ${verdict(full.peakMB <= 300)}`);
console.log(`  sample ≤ 4× node -e 0:                  ${(startup.seconds / bare.seconds).toFixed(1)}×  ${verdict(startup.seconds <= 4 * bare.seconds)}`);
if (!has('mlr')) console.log('\n(miller not installed: apt-get install miller to compare with it)');
