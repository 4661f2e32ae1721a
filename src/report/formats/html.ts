/**
 * `--format html`: one self-contained page for printing and sharing: inline
 * CSS, no scripts, no network; A4 with page-break rules; statuses in colour
 * and as words (readable in black and white); a bar per headline indicator.
 */
import type { Report, Status } from '../../model.js';
import { buildBriefing, type Block } from '../briefing.js';
import { escapeText, safeOutput } from '../escape.js';
import { statusLabel, words } from '../i18n.js';
import { indicatorTable, makeView, type FormatOptions } from '../view.js';

/** Escapes text for HTML content and attribute values; control characters and line breaks show as escapes (`\x1b`, `\n`). */
export function htmlEscape(s: string): string {
  return escapeText(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const CLS: Record<Status, string> = { pass: 'pass', fail: 'fail', pending: 'pending', warn: 'warn', 'n/a': 'na', 'no-data': 'nodata', waived: 'waived' };

const CSS = `
@page { size: A4; margin: 18mm 16mm; }
body { font-family: "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "SimSun", sans-serif; font-size: 11pt; color: #222; max-width: 190mm; margin: 0 auto; line-height: 1.6; }
h1 { font-size: 18pt; text-align: center; margin: 0 0 4pt; }
h2 { font-size: 14pt; border-bottom: 1px solid #999; margin-top: 16pt; page-break-after: avoid; break-after: avoid; }
h3 { font-size: 11.5pt; margin: 10pt 0 2pt; page-break-after: avoid; break-after: avoid; }
.meta { text-align: center; color: #555; margin: 0; }
p { text-indent: 2em; margin: 4pt 0; }
ul { margin: 2pt 0 6pt; padding-left: 2em; }
table { border-collapse: collapse; width: 100%; margin: 6pt 0; font-size: 9.5pt; page-break-inside: auto; }
tr { page-break-inside: avoid; break-inside: avoid; }
thead { display: table-header-group; }
th, td { border: 1px solid #bbb; padding: 2pt 4pt; text-align: left; vertical-align: top; }
th { background: #eee; }
.st { font-weight: bold; white-space: nowrap; }
.pass { color: #1a7f37; } .fail { color: #c62828; } .pending { color: #0b63a6; } .warn { color: #9a6700; }
.na { color: #777; } .nodata { color: #8e24aa; } .waived { color: #455a64; }
.counts td { text-align: center; }
.headlines td.figure { white-space: nowrap; }
.bar { display: inline-block; width: 32mm; height: 8pt; border: 1px solid #888; vertical-align: middle; margin-right: 6pt; background: #fff; }
.bar > span { display: block; height: 100%; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.bar .pass { background: #2e7d32; } .bar .waived { background: #607d8b; } .bar .fail { background: #c62828; } .bar .pending { background: #1976d2; }
.bar .warn { background: #f9a825; } .bar .nodata, .bar .na { background: #9e9e9e; }
section { page-break-inside: auto; }
footer { margin-top: 16pt; font-size: 8.5pt; color: #666; }
@media print { a { color: inherit; text-decoration: none; } }
`;

function st(status: Status, lang: 'zh' | 'en'): string {
  return `<span class="st ${CLS[status]}">${htmlEscape(statusLabel(status, lang))}</span>`;
}

function tableHtml(head: string[], rows: string[][], status?: (Status | null)[], statusCol = -1, lang: 'zh' | 'en' = 'zh'): string {
  const th = head.map((h) => `<th>${htmlEscape(h)}</th>`).join('');
  const body = rows
    .map((r, i) => {
      const s = status?.[i] ?? null;
      return `<tr>${r.map((c, j) => (j === statusCol && s ? `<td>${st(s, lang)}</td>` : `<td>${htmlEscape(c)}</td>`)).join('')}</tr>`;
    })
    .join('\n');
  return `<table><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function block(b: Block, lang: 'zh' | 'en'): string {
  const w = words(lang);
  switch (b.kind) {
    case 'para':
      return `<p>${htmlEscape(b.text)}</p>`;
    case 'subhead':
      return `<h3${b.status ? ` class="${CLS[b.status]}"` : ''}>${htmlEscape(b.text)}</h3>`;
    case 'list':
      return `<ul>${b.items.map((i) => `<li>${htmlEscape(i)}</li>`).join('\n')}</ul>`;
    case 'table':
      return tableHtml(b.head, b.rows);
    case 'headlines': {
      const rows = b.items
        .map((h) => {
          // Floor, so a figure just short of its target never draws a full bar.
          const pct = h.fill === null ? 0 : Math.floor(h.fill * 1000) / 10;
          const bar = `<span class="bar" role="img" aria-label="${htmlEscape(h.actual)}"><span class="${CLS[h.status]}" style="width:${pct}%"></span></span>`;
          return `<tr><td>${htmlEscape(h.rule)}</td><td>${htmlEscape(h.title)}</td><td class="figure">${bar}${htmlEscape(h.actual)}</td><td>${htmlEscape(h.target)}</td><td>${st(h.status, lang)}</td></tr>`;
        })
        .join('\n');
      return `<table class="headlines"><thead><tr><th>${htmlEscape(w.rule)}</th><th>${htmlEscape(w.indicator)}</th><th>${htmlEscape(w.townActual)}</th><th>${htmlEscape(w.target)}</th><th>${htmlEscape(w.statusHead)}</th></tr></thead><tbody>\n${rows}\n</tbody></table>`;
    }
  }
}

export function formatHtml(report: Report, opts: FormatOptions): string {
  const { lang } = opts;
  const w = words(lang);
  const b = buildBriefing(report, lang);
  const ind = indicatorTable(makeView(report, lang));
  const counts = `<table class="counts"><thead><tr>${b.counts.map((c) => `<th>${st(c.status, lang)}</th>`).join('')}</tr></thead><tbody><tr>${b.counts.map((c) => `<td>${c.count}</td>`).join('')}</tr></tbody></table>`;
  const sections = b.sections.map((s) => `<section>\n<h2>${htmlEscape(s.title)}</h2>\n${s.blocks.map((bl) => block(bl, lang)).join('\n')}\n</section>`);
  const indicators = `<section>\n<h2>${htmlEscape(w.indicators)}</h2>\n${tableHtml(ind.head, ind.rows, ind.status, 4, lang)}\n</section>`;
  // Provenance stays last: it is the footnote of the page.
  const last = sections.pop()!;
  return safeOutput([
    '<!DOCTYPE html>',
    `<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<title>${htmlEscape(b.title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    `<h1>${htmlEscape(b.title)}</h1>`,
    ...b.meta.map((m) => `<p class="meta">${htmlEscape(m)}</p>`),
    counts,
    ...sections,
    indicators,
    last,
    '</body>',
    '</html>',
    '',
  ].join('\n'));
}
