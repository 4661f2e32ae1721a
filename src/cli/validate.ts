/**
 * Output of `hebao-check validate`: the data errors and notices, for people,
 * as JSON or as JUnit XML.
 *
 * `--format json` (stable keys, more may be added): `{ schemaVersion: 1,
 * valid, rows, inputs, dataErrors, notices, leftOut }`, each error
 * `{file, line, column, value, message, code}` (masked like the check's).
 *
 * `--format junit`: one test case per file of the folder (every file read,
 * and every file an error names, such as a missing table), in file order;
 * a case has one <failure> per data error of its file, and its notices in
 * system-out. A clean folder is all passing cases.
 */
import type { Loaded } from '../run.js';
import { cliMessage } from '../messages/cli.js';
import { renderFinding } from '../report/i18n.js';
import { maskDataErrors } from '../report/mask.js';
import { escapeText, jsonSafe, safeOutput } from '../report/escape.js';
import { xmlEscape } from '../report/formats/junit.js';
import type { DataError } from '../model.js';

import type { Lang } from '../model.js';

export function renderValidate(
  loaded: Loaded,
  opts: { lang: Lang; format: 'table' | 'text' | 'json' | 'junit'; showPersonalData: boolean; color: boolean },
): string {
  const errors = opts.showPersonalData ? loaded.errors : maskDataErrors(loaded.errors, loaded.dataset.contract);
  const notices = opts.showPersonalData ? loaded.notices : maskDataErrors(loaded.notices, loaded.dataset.contract);
  const rows = Object.values(loaded.dataset.tables).reduce((n, t) => n + t.rowCount, 0);
  const files = loaded.dataset.inputs.length;
  if (opts.format === 'json') {
    const withMessage = (e: DataError) => ({
      file: e.file,
      line: e.line,
      column: e.column,
      value: e.value,
      message: renderFinding(e, opts.lang),
      code: e.code,
    });
    return (
      jsonSafe(
        JSON.stringify(
          {
            schemaVersion: 1,
            valid: errors.length === 0,
            rows,
            inputs: loaded.dataset.inputs,
            dataErrors: errors.map(withMessage),
            notices: notices.map(withMessage),
            leftOut: Object.values(loaded.dataset.tables)
              .filter((t) => t.rejected > 0 && t.file)
              .map((t) => ({ file: t.file!, rows: t.rowCount, rejected: t.rejected })),
          },
          null,
          2,
        ),
      ) + '\n'
    );
  }
  if (opts.format === 'junit') return validateJunit(loaded, errors, notices, opts.lang);
  const out: string[] = [];
  for (const e of errors) out.push(describe(e, opts.lang));
  if (notices.length) {
    out.push('');
    for (const n of notices) out.push(describe(n, opts.lang, true));
  }
  if (out.length) out.push('');
  out.push(
    errors.length
      ? cliMessage('validate-errors', { count: errors.length, files, rows }, opts.lang)
      : cliMessage('validate-ok', { files, rows }, opts.lang),
  );
  return safeOutput(out.join('\n') + '\n');
}

/** `households.csv:12 [劳动力人数] "abc": message`, the shape editors and CI logs link. File, column and value shown escaped (`\x1b`, `\n`). */
export function describe(e: DataError, lang: Lang, notice = false): string {
  const file = escapeText(e.file);
  const where = e.line !== null ? `${file}:${e.line}` : file;
  const col = e.column !== null ? (lang === 'zh' ? ` 列「${escapeText(e.column)}」` : ` column "${escapeText(e.column)}"`) : '';
  const val = e.value !== null ? (lang === 'zh' ? ` 值「${escapeText(e.value)}」` : ` value "${escapeText(e.value)}"`) : '';
  const tag = notice ? (lang === 'zh' ? '提示' : 'notice') : lang === 'zh' ? '错误' : 'error';
  return `${where}${col}${val} ${tag}：${renderFinding(e, lang)}`.replace('：', lang === 'zh' ? '：' : ': ');
}

/** One test case per file, one <failure> per data error (valid against the Jenkins xUnit junit-10.xsd, like the check's JUnit). */
function validateJunit(loaded: Loaded, errors: DataError[], notices: DataError[], lang: Lang): string {
  const files: string[] = [];
  const seen = new Set<string>();
  const add = (f: string) => {
    if (!seen.has(f)) seen.add(f), files.push(f);
  };
  // The files read, then those only errors name (a missing table), in the order the errors come (file order).
  for (const i of loaded.dataset.inputs) add(i.file);
  for (const e of errors) add(e.file);
  const cases = files.map((file) => {
    const mine = errors.filter((e) => e.file === file);
    const said = notices.filter((e) => e.file === file);
    const body = [
      ...mine.map((e) => {
        const where = e.line !== null ? `${e.file}:${e.line}` : e.file;
        return `      <failure type="${xmlEscape(e.code)}" message="${xmlEscape(`${where}${e.column !== null ? ` ${e.column}` : ''}: ${renderFinding(e, lang)}`)}">${xmlEscape(describe(e, lang))}</failure>`;
      }),
      ...(said.length ? [`      <system-out>${xmlEscape(said.map((n) => describe(n, lang, true)).join('\n'))}</system-out>`] : []),
    ];
    const open = `    <testcase classname="${xmlEscape('data')}" name="${xmlEscape(file)}" time="0"`;
    return { failed: mine.length > 0, xml: body.length ? `${open}>\n${body.join('\n')}\n    </testcase>` : `${open}/>` };
  });
  const failed = cases.filter((c) => c.failed).length;
  const name = xmlEscape(`hebao-check validate ${loaded.dataset.dir}`);
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="hebao-check validate" tests="${cases.length}" failures="${failed}" errors="0" time="0">\n` +
    `  <testsuite name="${name}" tests="${cases.length}" failures="${failed}" errors="0" skipped="0" time="0">\n${cases.map((c) => c.xml).join('\n')}\n  </testsuite>\n</testsuites>\n`
  );
}
