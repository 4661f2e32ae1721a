#!/usr/bin/env node
/**
 * One benchmark step, run in its own process so its peak memory is its own:
 *
 *   node test/bench/step.mjs <csv-parse|load|duckdb> <dataDir>
 *
 * Prints one JSON line: {step, seconds, peakMB, records}; duckdb also
 * `answer`, "villages failing" of rule 2.6, as the Python peer prints it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const [step, dir] = process.argv.slice(2);
const started = performance.now();
let records = 0;
let answer;

if (step === 'csv-parse') {
  // The bare parser on the households file: no decoding checks, no validation.
  const { parse } = await import('csv-parse/sync');
  const rows = parse(readFileSync(join(dir, 'households.csv')), { bom: true, info: true, skip_empty_lines: true });
  records = rows.length - 1;
} else if (step === 'load') {
  const { loadData } = await import('../../dist/data.js');
  const { dataset } = await loadData(dir);
  records = Object.values(dataset.tables).reduce((n, t) => n + t.rowCount, 0);
} else if (step === 'duckdb') {
  // Rule 2.6 (industry coverage of registered poor households with labour, ≥ 95% per village) as one
  // query, on 2 threads like the machine's 2 cores. Only when @duckdb/node-api is installed (npm i --no-save).
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const db = await DuckDBInstance.create(':memory:', { threads: '2' });
  const con = await db.connect();
  const file = join(dir, 'households.csv').replaceAll("'", "''");
  const reader = await con.runAndReadAll(`
    SELECT count(*) AS villages, count(*) FILTER (WHERE num * 100 < 95 * den) AS fails
    FROM (
      SELECT village_id, count(*) AS den,
             count(*) FILTER (WHERE industry_covered IN ('是', 'true', '1', 'yes', 'y')) AS num
      FROM read_csv('${file}', header = true, all_varchar = true)
      WHERE poverty_status IN ('未脱贫', '已脱贫') AND TRY_CAST(labor_count AS INTEGER) > 0
      GROUP BY village_id
    )`);
  const [villages, fails] = reader.getRows()[0];
  answer = `${villages} ${fails}`;
  records = Number(villages);
} else {
  process.stderr.write('usage: node test/bench/step.mjs <csv-parse|load|duckdb> <dataDir>\n');
  process.exit(2);
}

const seconds = (performance.now() - started) / 1000;
const peakMB = process.resourceUsage().maxRSS / 1024;
process.stdout.write(JSON.stringify({ step, seconds, peakMB, records, ...(answer === undefined ? {} : { answer }) }) + '\n');
