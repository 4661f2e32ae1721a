#!/usr/bin/env node
/**
 * One benchmark step, run in its own process so its peak memory is its own:
 *
 *   node test/bench/step.mjs <csv-parse|load> <dataDir>
 *
 * Prints one JSON line: {step, seconds, peakMB, records}.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const [step, dir] = process.argv.slice(2);
const started = performance.now();
let records = 0;

if (step === 'csv-parse') {
  // The bare parser on the households file: no decoding checks, no validation.
  const { parse } = await import('csv-parse/sync');
  const rows = parse(readFileSync(join(dir, 'households.csv')), { bom: true, info: true, skip_empty_lines: true });
  records = rows.length - 1;
} else if (step === 'load') {
  const { loadData } = await import('../../dist/data.js');
  const { dataset } = await loadData(dir);
  records = Object.values(dataset.tables).reduce((n, t) => n + t.rowCount, 0);
} else {
  process.stderr.write('usage: node test/bench/step.mjs <csv-parse|load> <dataDir>\n');
  process.exit(2);
}

const seconds = (performance.now() - started) / 1000;
const peakMB = process.resourceUsage().maxRSS / 1024;
process.stdout.write(JSON.stringify({ step, seconds, peakMB, records }) + '\n');
