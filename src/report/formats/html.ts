/**
 * `--format html`: one self-contained page for printing and sharing: inline
 * CSS, no scripts, no network; A4 with page-break rules; statuses in colour
 * and as words (readable in black and white); a bar per headline indicator.
 */
import type { Report, Status } from '../../model.js';
import { buildBriefing, type Block } from '../briefing.js';
import { escapeText, safeOutput } from '../escape.js';
import { width as textWidth } from '../width.js';
import { statusLabel, words } from '../i18n.js';
import { STATUS_MARK, indicatorTable, makeView, type FormatOptions } from '../view.js';

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
.problems { border: 2px solid #b00; padding: 6px 10px; margin: 10px 0; font-weight: bold; }
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
table.grid { table-layout: fixed; font-size: 7.5pt; line-height: 1.2; margin: 2pt 0 3pt; }
table.grid.wide { font-size: 9.5pt; }
table.grid.wide th.rid > span { font-size: 8.5pt; }
table.grid th, table.grid td { padding: 0.6pt 0; text-align: center; vertical-align: middle; border: 0.5pt solid #bbb; }
table.grid th.corner { font-size: 6.5pt; font-weight: normal; color: #555; vertical-align: bottom; text-align: left; padding: 1pt; }
table.grid th.rid { font-weight: normal; height: 9mm; vertical-align: bottom; padding-bottom: 1pt; }
table.grid th.rid > span { writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap; font-size: 7pt; }
table.grid th.name { text-align: left; padding: 0.6pt 2pt; font-weight: normal; overflow-wrap: anywhere; background: #fff; }
table.grid tr.town th.name, table.grid tr.town td { border-bottom: 1.2pt solid #555; }
table.grid tr.town th.name { font-weight: bold; }
table.grid .sec { border-left: 1.2pt solid #555; }
.m { font-weight: bold; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.m.pass { background: #fff; color: #1a7f37; } .m.fail { background: #c62828; color: #fff; } .m.pending { background: #d6e8f7; color: #0b4f86; }
.m.warn { background: #f9d66b; color: #5c3d00; } .m.na { background: #fff; color: #888; font-weight: normal; } .m.nodata { background: #ead5f0; color: #6a1b9a; }
.m.waived { background: #dfe5e8; color: #37474f; } .m.blank { background: #fff; }
.id { white-space: nowrap; }
.legend, .key { text-indent: 0; font-size: 8pt; margin: 1pt 0; line-height: 1.5; }
.legend .item, .key .item { margin-right: 7pt; white-space: nowrap; display: inline-block; }
.legend .m { display: inline-block; min-width: 9pt; text-align: center; border: 0.5pt solid #bbb; margin-right: 2pt; }
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

/**
 * Keeps an id or a date written with hyphens on one line (`HB-0105`,
 * `2020-10-31`): a browser may break a line after a hyphen, and `HB-` / `0105`
 * on two lines is not an id a reader can look up. Runs on escaped text.
 */
function keepIds(escaped: string): string {
  return escaped.replace(/[A-Za-z0-9]+(?:-[A-Za-z0-9]+)+(?:\.[A-Za-z0-9]+)*/g, (id) => `<span class="id">${id}</span>`);
}

type Grid = Extract<Block, { kind: 'grid' }>;

/** Printable width of an A4 page with the margins of @page, in mm. */
const PAGE_MM = 178;
/** Width of the village name column, in mm: fits the longest name (a CJK character is 2 units, about 2.7 mm at 7.5 pt), within these bounds; a longer name wraps. */
const NAME_MIN_MM = 14;
const NAME_MAX_MM = 34;
const MM_PER_UNIT = 1.35;
/** Rule columns in one band of the grid: above this, a cell would be too narrow to read on paper. */
const BAND = 56;
/** The widest a rule column gets when there are few rules, in mm. */
const CELL_MAX_MM = 8;

/**
 * The villages × rules grid: a column per rule (ids written upright to save
 * width), a row per village after the town, each cell a mark and a colour, a
 * legend that reads without the colours, and the titles of the rules it marks.
 * A pack of more than BAND rules is split into bands of equal width, one under
 * the other; a long list of villages continues on the next page under the
 * repeated header.
 */
function gridHtml(b: Grid, lang: 'zh' | 'en'): string {
  const w = words(lang);
  const bands = Math.max(1, Math.ceil(b.columns.length / BAND));
  const per = Math.ceil(b.columns.length / bands);
  const units = Math.max(...b.rows.map((r) => textWidth(r.label)));
  const nameFor = (scale: number) => Math.round(Math.min(NAME_MAX_MM, Math.max(NAME_MIN_MM, (units * MM_PER_UNIT + 3) * scale)) * 10) / 10;
  const cellFor = (name: number) => Math.min(CELL_MAX_MM, Math.floor(((PAGE_MM - name) / per) * 100) / 100);
  // A short pack has room for marks a meeting reads across the table (9.5 pt instead of 7.5 pt).
  const wide = cellFor(nameFor(1)) >= 6;
  const nameMm = nameFor(wide ? 9.5 / 7.5 : 1);
  const cellMm = cellFor(nameMm);
  const tables: string[] = [];
  for (let from = 0; from < b.columns.length; from += per) {
    const idx = b.columns.map((_, i) => i).slice(from, from + per);
    const sec = (i: number) => (i > from && b.columns[i]!.section !== b.columns[i - 1]!.section ? ' sec' : '');
    const width = Math.round((nameMm + idx.length * cellMm) * 100) / 100;
    const cols = `<colgroup><col style="width:${nameMm}mm">${idx.map(() => `<col style="width:${cellMm}mm">`).join('')}</colgroup>`;
    const head = `<tr><th class="corner">${htmlEscape(w.village)}</th>${idx.map((i) => `<th class="rid${sec(i)}" title="${htmlEscape(b.columns[i]!.title)}"><span>${htmlEscape(b.columns[i]!.id)}</span></th>`).join('')}</tr>`;
    const rows = b.rows
      .map((r) => {
        const cells = idx
          .map((i) => {
            const s = r.cells[i];
            if (!s) return `<td class="m blank${sec(i)}"></td>`;
            const tip = `${b.columns[i]!.id} ${r.label}${w.colon}${statusLabel(s, lang)}`;
            return `<td class="m ${CLS[s]}${sec(i)}" title="${htmlEscape(tip)}">${htmlEscape(STATUS_MARK[s])}</td>`;
          })
          .join('');
        return `<tr${r.village === null ? ' class="town"' : ''}><th class="name" scope="row">${htmlEscape(r.label)}</th>${cells}</tr>`;
      })
      .join('\n');
    tables.push(`<table class="grid${wide ? ' wide' : ''}" style="width:${width}mm">${cols}<thead>${head}</thead><tbody>\n${rows}\n</tbody></table>`);
  }
  const legend = b.legend.map((l) => `<span class="item"><span class="m ${CLS[l.status]}">${htmlEscape(l.mark)}</span>${htmlEscape(l.label)}</span>`).join('');
  const key = b.key.length
    ? `<p class="key">${htmlEscape(w.gridKey)}${b.key.map((k) => `<span class="item"><b class="${CLS[k.worst]}">${htmlEscape(k.id)}</b> ${htmlEscape(k.title)}</span>`).join('')}</p>`
    : '';
  return [
    `<h3 class="grid-title">${htmlEscape(b.title)}</h3>`,
    ...tables,
    `<p class="legend">${htmlEscape(w.legendHead)}${htmlEscape(w.colon)}${legend}<span class="item"><span class="m blank">&#160;</span>${htmlEscape(b.blank)}</span></p>`,
    key,
  ].join('\n');
}

function block(b: Block, lang: 'zh' | 'en'): string {
  const w = words(lang);
  switch (b.kind) {
    case 'para':
      return `<p>${keepIds(htmlEscape(b.text))}</p>`;
    case 'subhead':
      return `<h3${b.status ? ` class="${CLS[b.status]}"` : ''}>${htmlEscape(b.text)}</h3>`;
    case 'list':
      return `<ul>${b.items.map((i) => `<li>${keepIds(htmlEscape(i))}</li>`).join('\n')}</ul>`;
    case 'table':
      return tableHtml(b.head, b.rows);
    case 'grid':
      return gridHtml(b, lang);
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
    // Data problems before any verdict, the counts included.
    ...(b.problems ? [`<p class="problems">${htmlEscape(b.problems)}</p>`] : []),
    counts,
    ...sections,
    indicators,
    last,
    '</body>',
    '</html>',
    '',
  ].join('\n'));
}
