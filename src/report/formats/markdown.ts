/** `--format markdown`: the briefing with tables, for wikis, merge requests and CI summaries. */
import type { Report } from '../../model.js';
import { buildBriefing, type Block } from '../briefing.js';
import { escapeText, safeOutput } from '../escape.js';
import { statusLabel, words } from '../i18n.js';
import { STATUS_MARK, indicatorTable, makeView, type FormatOptions } from '../view.js';

/**
 * Escapes what Markdown would read as markup inside a table cell or a line:
 * control characters and line breaks (a lone CR ends a line, and a table row,
 * in Markdown) become visible escapes first (`\r`, `\x1b`), then backslashes
 * are doubled so they show, and `|` cannot end a cell.
 */
export function mdEscape(s: string): string {
  return escapeText(s)
    .replace(/\\/g, '\\\\')
    .replace(/([|*_`[\]<>#])/g, '\\$1');
}

function table(head: string[], rows: string[][]): string[] {
  return [`| ${head.map(mdEscape).join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(mdEscape).join(' | ')} |`)];
}

function block(b: Block, lang: 'zh' | 'en'): string[] {
  const w = words(lang);
  switch (b.kind) {
    case 'para':
      return [mdEscape(b.text), ''];
    case 'subhead':
      return [`#### ${mdEscape(b.text)}`, ''];
    case 'list':
      return [...b.items.map((i) => `- ${mdEscape(i)}`), ''];
    case 'table':
      return [...table(b.head, b.rows), ''];
    case 'grid': {
      const head = [w.village, ...b.columns.map((c) => c.id)];
      const rows = b.rows.map((r) => [r.village === null ? `**${mdEscape(r.label)}**` : mdEscape(r.label), ...r.cells.map((s) => (s ? STATUS_MARK[s] : ''))]);
      return [
        `#### ${mdEscape(b.title)}`,
        '',
        // Cells are marks and already-escaped names: written as they are.
        `| ${head.map(mdEscape).join(' | ')} |`,
        `| ${head.map((_, i) => (i ? ':-:' : '---')).join(' | ')} |`,
        ...rows.map((r) => `| ${r.join(' | ')} |`),
        '',
        mdEscape(`${w.legendHead}${w.colon}${b.legend.map((l) => `${l.mark} ${l.label}`).join(lang === 'zh' ? '，' : ', ')}${w.semi}${b.blank}`),
        '',
        ...(b.key.length ? [mdEscape(`${w.gridKey}${w.list(b.key.map((k) => `${k.id} ${k.title}`))}`), ''] : []),
      ];
    }
    case 'headlines':
      return [...table([w.rule, w.indicator, w.townActual, w.target, w.statusHead], b.items.map((h) => [h.rule, h.title, h.actual, h.target, statusLabel(h.status, lang)])), ''];
  }
}

export function formatMarkdown(report: Report, opts: FormatOptions): string {
  const b = buildBriefing(report, opts.lang);
  const w = words(opts.lang);
  const out: string[] = [`# ${mdEscape(b.title)}`, '', ...b.meta.map((m) => `${mdEscape(m)}  `), ''];
  // Data problems before any verdict, the counts included.
  if (b.problems) out.push(`> **${mdEscape(b.problems)}**`, '');
  out.push(...table(b.counts.map((c) => c.label), [b.counts.map((c) => String(c.count))]), '');
  for (const s of b.sections) {
    out.push(`## ${mdEscape(s.title)}`, '');
    for (const bl of s.blocks) out.push(...block(bl, opts.lang));
  }
  const ind = indicatorTable(makeView(report, opts.lang));
  out.push(`## ${mdEscape(w.indicators)}`, '', ...table(ind.head, ind.rows), '');
  return safeOutput(out.join('\n').replace(/\n+$/, '') + '\n');
}
