/**
 * `--format junit`: one test case per result, for CI dashboards (validates
 * against the Jenkins xUnit junit-10.xsd). A result fails its case when its
 * status is in `failOn` (default fail, like --fail-on); n/a and pending are
 * skipped (nothing to judge yet); no-data is skipped unless failOn names it,
 * since the check could not run; warn and waived pass, with their status
 * in system-out. Each data error is an <error> case of its own suite.
 */
import type { Report, RuleResult, Status } from '../../model.js';
import { renderFinding, statusLabel } from '../i18n.js';
import { errorLine, resultSentence } from '../briefing.js';
import { actualText, makeView, type FormatOptions, type View } from '../view.js';
import { inPieces } from '../pieces.js';

/**
 * Escapes text for XML 1.0 content and attributes; characters XML 1.0 cannot
 * hold become U+FFFD. What it can hold but a terminal or CI log would act on
 * (DEL, C1 controls, bidi controls, line separators, the `[` of a `##[`
 * command) is written as a character reference: the same text to an XML
 * reader, no raw byte in the file.
 */
export function xmlEscape(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\r/g, '&#13;')
    .replace(/\n/g, '&#10;')
    .replace(/\t/g, '&#9;')
    .replace(/[\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]|(?<=##(?:vso)?)\[/g, (c) => `&#x${c.charCodeAt(0).toString(16).toUpperCase()};`);
}

const SKIP: ReadonlySet<Status> = new Set(['n/a', 'pending', 'no-data']);

function testcase(view: View, r: RuleResult, failOn: ReadonlySet<Status>): { xml: string; kind: 'failure' | 'skipped' | 'pass' } {
  const { lang } = view;
  const meta = view.ruleById.get(r.rule);
  const classname = `${r.rule} ${meta ? meta.title[lang] : ''}`.trim();
  const name = view.villageName(r.village);
  const label = statusLabel(r.status, lang);
  const detail = resultSentence(view, r);
  const target = meta ? meta.targetText[lang] : r.target;
  const message = `${label}: ${actualText(view, r)} / ${target}`;
  const open = `    <testcase classname="${xmlEscape(classname)}" name="${xmlEscape(name)}" time="0">`;
  const out = `      <system-out>${xmlEscape(`${label}: ${detail}`)}</system-out>`;
  if (failOn.has(r.status)) {
    return { xml: `${open}\n      <failure type="${xmlEscape(r.status)}" message="${xmlEscape(message)}">${xmlEscape(detail)}</failure>\n${out}\n    </testcase>`, kind: 'failure' };
  }
  if (SKIP.has(r.status)) {
    return { xml: `${open}\n      <skipped type="${xmlEscape(r.status)}" message="${xmlEscape(message)}"/>\n${out}\n    </testcase>`, kind: 'skipped' };
  }
  return { xml: `${open}\n${out}\n    </testcase>`, kind: 'pass' };
}

export function formatJunit(report: Report, opts: FormatOptions): string {
  return [...junitPieces(report, opts)].join('');
}

/**
 * The JUnit report as pieces of text, made as they are written: each test
 * case is made when its turn comes, so a town of ten million households
 * (700,000 cases) is never held whole. The counts the suites open with come
 * first, from the statuses alone. The pieces joined are formatJunit's text.
 */
export function* junitPieces(report: Report, opts: FormatOptions): Generator<string> {
  const view = makeView(report, opts.lang);
  const failOn = new Set<Status>(opts.failOn ?? ['fail']);
  const ts = `${report.asOf}T00:00:00`;
  const props = [
    ['plan', report.plan],
    ['pack.sha256', report.pack.sha256],
    ['town', report.town ?? ''],
    ['asOf', report.asOf],
    ['tool', `${report.tool.name} ${report.tool.version}`],
  ]
    .map(([k, v]) => `      <property name="${xmlEscape(k!)}" value="${xmlEscape(v!)}"/>`)
    .join('\n');
  const results = view.rules.flatMap((rv) => rv.all);
  let f = 0;
  let s = 0;
  for (const r of results) {
    if (failOn.has(r.status)) f++;
    else if (SKIP.has(r.status)) s++;
  }
  const errors = report.dataErrors.length;
  const total = errors + results.length;
  yield `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${xmlEscape(report.tool.name)}" tests="${total}" failures="${f}" errors="${errors}" time="0">\n`;

  if (errors) {
    yield `  <testsuite name="${xmlEscape(`${report.plan} data`)}" tests="${errors}" failures="0" errors="${errors}" skipped="0" time="0" timestamp="${ts}">\n`;
    yield* inPieces(report.dataErrors, (e) => {
      const where = e.line !== null ? `${e.file}:${e.line}` : e.file;
      const name = `${where}${e.column !== null ? ` ${e.column}` : ''}`;
      return `    <testcase classname="${xmlEscape(`data ${e.file}`)}" name="${xmlEscape(name)}" time="0">\n      <error type="${xmlEscape(e.code)}" message="${xmlEscape(renderFinding(e, opts.lang))}">${xmlEscape(errorLine(e, opts.lang))}</error>\n    </testcase>`;
    }, '\n');
    yield '\n  </testsuite>\n';
  }
  // Notices (a manifest of another plan or town, unknown files and columns) as the suite's output: CI shows them, nothing fails.
  const notices = report.notices.length ? `\n    <system-out>${xmlEscape(report.notices.map((n) => errorLine(n, opts.lang)).join('\n'))}</system-out>` : '';
  yield `  <testsuite name="${xmlEscape(`${report.plan} ${report.town ?? ''}`.trim())}" tests="${results.length}" failures="${f}" errors="0" skipped="${s}" time="0" timestamp="${ts}">\n    <properties>\n${props}\n    </properties>\n`;
  yield* inPieces(results, (r) => testcase(view, r, failOn).xml, '\n');
  yield `${notices}\n  </testsuite>\n</testsuites>\n`;
}
