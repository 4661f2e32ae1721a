/**
 * The report formats, keyed by their `--format` name. Each is a pure
 * function (report, options) => string; only the CLI prints or writes files.
 */
import { formatHtml } from './formats/html.js';
import { formatJson } from './formats/json.js';
import { formatJunit } from './formats/junit.js';
import { formatMarkdown } from './formats/markdown.js';
import { formatTable } from './formats/table.js';
import { formatText } from './formats/text.js';
import type { FormatName } from './load.js';
import type { Formatter } from './view.js';

export type { FormatOptions, Formatter } from './view.js';
// The CLI loads only the one format a run writes (load.ts); this module loads them all.
export { FORMAT_NAMES, loadFormatter, type FormatName } from './load.js';

export const FORMATTERS: Readonly<Record<FormatName, Formatter>> = {
  table: formatTable,
  json: formatJson,
  junit: formatJunit,
  markdown: formatMarkdown,
  text: formatText,
  html: formatHtml,
};

export { maskReport, maskDataErrors, maskName, maskIdNumber, maskPhone, maskText } from './mask.js';
export { renderFinding, statusLabel } from './i18n.js';
