/**
 * The JSON report is written in pieces as it is made (a town of ten million
 * households has 700,000 results): joined, the pieces are exactly the JSON a
 * script reads, in JSON.stringify's form with two-space indents, escaped as
 * the whole text was, whatever the results hold and however many pieces.
 */
import { describe, expect, it } from 'vitest';
import { formatJson, jsonPieces } from '../src/report/formats/json.js';
import { junitPieces } from '../src/report/formats/junit.js';
import { jsonSafe } from '../src/report/escape.js';
import type { Report, RuleResult } from '../src/model.js';
import { makeReport, makeReportWithBaseline } from './helpers/report-fixture.js';
import { main } from '../src/cli/main.js';
import { fileURLToPath } from 'node:url';

const SAMPLE = fileURLToPath(new URL('../fixtures/hebao-2020', import.meta.url));

const OPTS = { lang: 'zh' as const, color: false, width: 100, by: 'both' as const, failOn: ['fail' as const] };

/** The canonical text of a JSON report: what one JSON.stringify(…, null, 2) of its values gives, escaped. */
function canonical(text: string): string {
  return jsonSafe(JSON.stringify(JSON.parse(text), null, 2) + '\n');
}

function big(n: number): Report {
  const report = makeReport();
  const hostile = ['##[error]x', '\u202eevil', 'a\nb', '"quoted"', '\u0085', '##vso[task.setvariable]'];
  const results: RuleResult[] = [];
  for (let i = 0; i < n; i++) {
    results.push({
      rule: '2.6',
      village: `V${i % 7}`,
      status: i % 3 ? 'pass' : 'fail',
      actual: i / n,
      target: '>= 0.95',
      offenders: Array.from({ length: 40 }, (_, k) => `H${i}-${k}${hostile[k % hostile.length]}`),
      notes: [{ code: 'empty-figure', args: { column: hostile[i % hostile.length]! } }],
    });
  }
  report.results = results;
  return report;
}

describe('the JSON report in pieces', () => {
  it('the fixture reports, with and without a baseline: one text, canonical, and the same as the whole', () => {
    for (const report of [makeReport(), makeReportWithBaseline()]) {
      const text = [...jsonPieces(report, OPTS)].join('');
      expect(text).toBe(canonical(text));
      expect(formatJson(report, OPTS)).toBe(text);
      expect(JSON.parse(text).results).toHaveLength(report.results.length);
    }
  });

  it('thousands of results in many pieces: canonical, nothing a terminal or CI log acts on, every result once', () => {
    const report = big(3000);
    const pieces = [...jsonPieces(report, OPTS)];
    expect(pieces.length).toBeGreaterThan(4);
    const text = pieces.join('');
    expect(text).toBe(canonical(text));
    expect(text).not.toMatch(/##\[|##vso\[|\u202e|\u0085/);
    const back = JSON.parse(text);
    expect(back.results).toHaveLength(3000);
    expect(back.results[2999].offenders[1]).toBe('H2999-1\u202eevil');
  });

  it('no results and no data errors: empty lists where the lists stand', () => {
    const report = makeReport();
    report.results = [];
    report.dataErrors = [];
    const text = [...jsonPieces(report, OPTS)].join('');
    expect(text).toBe(canonical(text));
    expect(text).toMatch(/"results": \[\],\n {2}"dataErrors": \[\],/);
  });
});

describe('the JSON report on a full pipe', () => {
  it('waits for the pipe to drain before the next piece, and writes the same report', async () => {
    const run = async (full: boolean) => {
      let out = '';
      let waiting = false;
      let drains = 0;
      const stdout = {
        write(s: string) {
          // Writing again before the pipe drained would queue the report in memory.
          expect(waiting).toBe(false);
          out += s;
          if (full) waiting = true;
          return !full;
        },
        once(_event: 'drain', listener: () => void) {
          setImmediate(() => {
            waiting = false;
            drains++;
            listener();
          });
        },
      };
      const code = await main([SAMPLE, '--as-of', '2020-12-31', '--format', 'json'], { stdout, stderr: { write: () => true }, env: {} });
      return { out, code, drains };
    };
    const free = await run(false);
    const full = await run(true);
    expect(full.out).toBe(free.out);
    expect(full.code).toBe(free.code);
    expect(full.drains).toBeGreaterThan(0);
    expect(JSON.parse(full.out).results.length).toBeGreaterThan(300);
  });
});

describe('the JUnit report in pieces', () => {
  it('thousands of cases in many pieces: the counts the suites open with match the cases that follow', () => {
    const report = big(6000);
    const pieces = [...junitPieces(report, OPTS)];
    expect(pieces.length).toBeGreaterThan(2);
    const xml = pieces.join('');
    const cases = xml.match(/<testcase /g)!.length;
    const failures = xml.match(/<failure /g)!.length;
    expect(xml).toContain(`<testsuites name="hebao-check" tests="${cases}" failures="${failures}" errors="${report.dataErrors.length}"`);
    expect(cases).toBe(6000 + report.dataErrors.length);
    expect(xml).not.toMatch(/##\[|\u202e/);
    expect(xml.endsWith('</testsuite>\n</testsuites>\n')).toBe(true);
    // Every piece boundary falls between cases, never inside one.
    for (const p of pieces.slice(1, -1)) expect(p, p.slice(0, 40)).toMatch(/^(\n? {4}<testcase |  <testsuite |\n {2}<\/testsuite>)/);
  });
});
