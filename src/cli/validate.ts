/** Output of `hebao-check validate`: the data errors and notices, for people or as JSON. */
import type { Loaded } from '../run.js';
import { cliMessage } from '../messages/cli.js';
import { renderFinding } from '../report/i18n.js';
import { maskDataErrors } from '../report/mask.js';
import { escapeText, jsonSafe, safeOutput } from '../report/escape.js';
import type { DataError } from '../model.js';

type Lang = 'zh' | 'en';

export function renderValidate(
  loaded: Loaded,
  opts: { lang: Lang; format: 'table' | 'text' | 'json'; showPersonalData: boolean; color: boolean },
): string {
  const errors = opts.showPersonalData ? loaded.errors : maskDataErrors(loaded.errors);
  const notices = opts.showPersonalData ? loaded.notices : maskDataErrors(loaded.notices);
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
            inputs: loaded.dataset.inputs,
            dataErrors: errors.map(withMessage),
            notices: notices.map(withMessage),
          },
          null,
          2,
        ),
      ) + '\n'
    );
  }
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
