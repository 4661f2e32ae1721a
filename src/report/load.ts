/**
 * The report formats by `--format` name, each module loaded only when a run
 * asks for it: a JSON run never loads cli-table3, chalk or string-width
 * (start-up, issue 11). index.ts has all of them loaded, for callers that
 * want them at hand.
 */
import type { Formatter } from './view.js';

export const FORMAT_NAMES = ['table', 'json', 'junit', 'markdown', 'text', 'html'] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];

/** The formatter of one format, its module imported on first use. */
export async function loadFormatter(name: FormatName): Promise<Formatter> {
  switch (name) {
    case 'table':
      return (await import('./formats/table.js')).formatTable;
    case 'json':
      return (await import('./formats/json.js')).formatJson;
    case 'junit':
      return (await import('./formats/junit.js')).formatJunit;
    case 'markdown':
      return (await import('./formats/markdown.js')).formatMarkdown;
    case 'text':
      return (await import('./formats/text.js')).formatText;
    case 'html':
      return (await import('./formats/html.js')).formatHtml;
  }
}
