/**
 * `--format table` (default on a terminal): data errors first, then the
 * header and the counts, a villages × rules matrix of one mark per cell, and
 * the indicator table. Fits the given width (80 and up): the matrix is split
 * into column groups, table cells are wrapped by display width so CJK text
 * aligns and nothing is cut.
 */
import Table from 'cli-table3';
import type { ChalkInstance } from 'chalk';
import type { DataError, Report, RuleResult, Status } from '../../model.js';
import { STATUSES } from '../../model.js';
import { renderFinding, statusLabel, words, type Lang } from '../i18n.js';
import { safeOutput } from '../escape.js';
import { formatNumber, shortfall } from '../format.js';
import { hang, padEnd, width, wrap } from '../width.js';
import {
  STATUS_MARK,
  actualText,
  entryLabel,
  headlineMove,
  indicatorTable,
  makeChalk,
  makeView,
  noteTexts,
  paint,
  summaryParts,
  waiverLines,
  type FormatOptions,
  type View,
  dataProblemLines,
} from '../view.js';

/** Data errors shown before "… and N more". */
export const SHOW_ERRORS = 50;
const SHOW_IDS = 8;

interface Ctx {
  view: View;
  lang: Lang;
  width: number;
  chalk: ChalkInstance;
}

function dataErrorLines(report: Report, c: Ctx): string[] {
  const w = words(c.lang);
  const out: string[] = [];
  const problems = dataProblemLines(c.view);
  if (problems) {
    // Before any verdict: how many, where, and which results they leave undecided.
    out.push(...hang(problems.count, c.width, '', '  ').map((l) => c.chalk.red.bold(l)));
    out.push(...hang(problems.files, c.width, '  ', '  '));
    out.push(...hang(problems.undecided, c.width, '  ', '  ').map((l) => c.chalk.bold(l)));
    const byFile = new Map<string, DataError[]>();
    for (const e of report.dataErrors.slice(0, SHOW_ERRORS)) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
    for (const [file, errs] of byFile) {
      out.push(c.chalk.bold(file));
      for (const e of errs) {
        const line = e.line !== null ? `${e.line}` : '-';
        const parts = [e.column !== null ? `[${e.column}]` : '', e.value !== null ? w.quote(e.value) : '', renderFinding(e, c.lang)].filter(Boolean);
        out.push(...hang(parts.join(' '), c.width, `  ${padEnd(line, 5)} `, ' '.repeat(8)));
      }
    }
    if (report.dataErrors.length > SHOW_ERRORS) out.push(c.chalk.dim(w.more(report.dataErrors.length - SHOW_ERRORS)));
  }
  for (const l of report.leftOut) out.push(...hang(w.leftOut(l.file, formatNumber(l.rejected), formatNumber(l.rows)), c.width, '  ', '  '));
  if (report.notices.length) {
    out.push(c.chalk.dim(w.notices(report.notices.length)));
    for (const n of report.notices.slice(0, 10)) {
      const where = n.line !== null ? `${n.file}:${n.line}` : n.file;
      out.push(...hang(`${where}${n.column !== null ? ` [${n.column}]` : ''} ${renderFinding(n, c.lang)}`, c.width, '  ', '    ').map((l) => c.chalk.dim(l)));
    }
    if (report.notices.length > 10) out.push(c.chalk.dim(w.more(report.notices.length - 10)));
  }
  if (out.length) out.push('');
  return out;
}

function headerLines(report: Report, c: Ctx): string[] {
  const w = words(c.lang);
  const head = w.headerLine(report.town ?? '', `${report.pack.title[c.lang]} (${report.plan})`, report.asOf).replace(/^ · /, '');
  const counts = summaryParts(report).map((p) => {
    const text = `${statusLabel(p.status, c.lang)} ${p.count}`;
    return p.count ? paint(c.chalk, p.status, text) : c.chalk.dim(text);
  });
  // Counts go on as many lines as the width needs.
  const lines: string[] = [];
  let cur = '';
  for (const t of counts) {
    if (cur && width(cur + '  ' + t) > c.width) {
      lines.push(cur);
      cur = '';
    }
    cur += (cur ? '  ' : '') + t;
  }
  lines.push(cur);
  return [...wrap(head, c.width).map((l) => c.chalk.bold(l)), ...lines, ''];
}

/** Splits `3.15d` into its section `3.` and the rest `15d` for the two header rows. */
function splitId(id: string): [string, string] {
  const i = id.lastIndexOf('.');
  return i > 0 ? [id.slice(0, i + 1), id.slice(i + 1)] : ['', id];
}

function matrixLines(c: Ctx): string[] {
  const { view, chalk } = c;
  const w = words(c.lang);
  const rules = view.rules;
  if (!rules.length) return [];
  const rows: { label: string; id: string | null }[] = [{ label: w.town, id: null }, ...view.villages.map((v) => ({ label: v.name, id: v.id }))];
  const nameW = Math.min(Math.max(...rows.map((r) => width(r.label))) + 2, Math.max(10, Math.floor(c.width / 4)));
  const parts = rules.map((rv) => splitId(rv.meta.id));
  const colW = Math.max(2, ...parts.map(([, s]) => width(s) + 1));
  const perGroup = Math.max(1, Math.floor((c.width - nameW) / colW));
  const cell = new Map<string, Status>();
  for (const rv of rules) for (const r of rv.all) cell.set(`${r.rule}\u0000${r.village ?? ''}`, r.status);

  const out: string[] = [chalk.bold(w.matrix)];
  for (let g = 0; g < rules.length; g += perGroup) {
    const idx = rules.map((_, i) => i).slice(g, g + perGroup);
    // Row 1: the section (`3.`) above the first column of each section in the group.
    let sec = ' '.repeat(nameW);
    let last = '';
    for (const i of idx) {
      const [p] = parts[i]!;
      const at = nameW + (i - g) * colW;
      if (p !== last && width(sec) <= at) sec = padEnd(sec, at) + p;
      last = p;
    }
    let ids = padEnd('', nameW);
    for (const i of idx) ids += padEnd(parts[i]![1], colW);
    out.push(chalk.dim(sec.trimEnd()), chalk.dim(ids.trimEnd()));
    for (const row of rows) {
      let line = padEnd(truncate(row.label, nameW - 1), nameW);
      let any = false;
      for (const i of idx) {
        const s = cell.get(`${rules[i]!.meta.id}\u0000${row.id ?? ''}`);
        if (s) any = true;
        line += s ? paint(chalk, s, STATUS_MARK[s]) + ' '.repeat(colW - 1) : ' '.repeat(colW);
      }
      if (any || row.id === null) out.push(line.trimEnd());
    }
    out.push('');
  }
  const legend = w.legend(STATUSES.map((s) => `${STATUS_MARK[s]} ${statusLabel(s, c.lang)}`).join('  '));
  out.push(...wrap(legend, c.width).map((l) => chalk.dim(l)), '');
  return out;
}

function truncate(s: string, w: number): string {
  if (width(s) <= w) return s;
  let out = '';
  for (const ch of s) {
    if (width(out + ch + '…') > w) break;
    out += ch;
  }
  return out + '…';
}

/** Shrinks the widest wrappable column until the table fits. */
function fitWidths(natural: number[], min: number[], wrappable: boolean[], budget: number): number[] {
  const ws = natural.map((n, i) => Math.max(n, Math.min(min[i]!, n)));
  let total = ws.reduce((a, b) => a + b, 0);
  while (total > budget) {
    let best = -1;
    for (let i = 0; i < ws.length; i++) if (wrappable[i] && ws[i]! > min[i]! && (best < 0 || ws[i]! > ws[best]!)) best = i;
    if (best < 0) break;
    ws[best]!--;
    total--;
  }
  return ws;
}

/** Villages named in the indicator table's last column before "… and N more". */
const MAX_VILLAGES_IN_CELL = 12;

function indicatorLines(c: Ctx): string[] {
  const w = words(c.lang);
  const { head, rows, status } = indicatorTable(c.view, MAX_VILLAGES_IN_CELL);
  if (!rows.length) return [];
  const cols = head.length;
  // cli-table3: one border per column plus one, and one space of padding each side.
  const budget = c.width - (3 * cols + 1);
  const natural = head.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]!))));
  // The title keeps a readable width longest; targets and village lists wrap first.
  const min = [natural[0]!, Math.min(natural[1]!, Math.max(8, Math.floor(budget / 4))), 8, Math.min(natural[3]!, 8), natural[4]!, 6];
  const wrappable = [false, true, true, true, false, true];
  const ws = fitWidths(natural, min, wrappable, budget);
  const table = new Table({
    head: head.map((h, i) => c.chalk.bold(wrap(h, ws[i]!).join('\n'))),
    style: { head: [], border: [], 'padding-left': 1, 'padding-right': 1 },
    // No rule between rows: 53 rows stay on a screen or two.
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    wordWrap: false,
  });
  rows.forEach((r, ri) => {
    table.push(
      r.map((cellText, i) => {
        const text = wrap(cellText, ws[i]!).join('\n');
        return i === 4 ? paint(c.chalk, status[ri]!, text) : text;
      }),
    );
  });
  const out = [c.chalk.bold(w.indicators), table.toString(), ''];
  // Why a result has no data: the one thing the table cannot show in a cell.
  const noData = c.view.rules.flatMap((rv) => rv.all.filter((r) => r.status === 'no-data'));
  if (noData.length) {
    out.push(paint(c.chalk, 'no-data', w.noDataIntro));
    for (const r of noData) {
      const text = `${r.rule} · ${c.view.villageName(r.village)}${w.colon}${noteTexts(r, c.lang).join(w.semi) || statusLabel('no-data', c.lang)}`;
      out.push(...hang(text, c.width, '  ', '    '));
    }
    out.push('');
  }
  return out;
}

function resultLine(c: Ctx, r: RuleResult): string[] {
  const w = words(c.lang);
  const meta = c.view.ruleById.get(r.rule);
  const gap = shortfall(r, meta, c.lang);
  const fig = actualText(c.view, r);
  let text = `${r.rule} ${meta?.title[c.lang] ?? ''}  ${fig} / ${meta?.targetText[c.lang] ?? r.target}`;
  if (gap) text += c.lang === 'zh' ? `（差 ${gap.gap}）` : ` (${gap.gap} short)`;
  const extra: string[] = [];
  if (r.offenders.length) {
    const shown = r.offenders.slice(0, SHOW_IDS).join(', ');
    extra.push(`${w.offenders}: ${shown}${r.offenders.length > SHOW_IDS ? ` … (${r.offenders.length})` : ''}`);
  }
  extra.push(...noteTexts(r, c.lang));
  const mark = paint(c.chalk, r.status, STATUS_MARK[r.status]);
  return [...hang(text, c.width, `  ${mark} `, '    '), ...extra.flatMap((e) => hang(e, c.width, '    ', '      ').map((l) => c.chalk.dim(l)))];
}

function villageBlockLines(c: Ctx): string[] {
  const w = words(c.lang);
  const out: string[] = [];
  const blocks = [{ id: null as string | null, name: w.town, poverty: false }, ...c.view.villages];
  for (const v of blocks) {
    const results = v.id === null ? c.view.rules.flatMap((rv) => (rv.town ? [rv.town] : [])) : c.view.villageResults(v.id);
    if (!results.length) continue;
    const counts = STATUSES.filter((s) => results.some((r) => r.status === s)).map((s) => paint(c.chalk, s, `${STATUS_MARK[s]} ${results.filter((r) => r.status === s).length}`));
    out.push(`${c.chalk.bold('■ ' + w.villageBlock(v.name, v.poverty))}  ${counts.join('  ')}`);
    const shown = results.filter((r) => r.status !== 'pass' && r.status !== 'n/a');
    for (const r of shown) out.push(...resultLine(c, r));
    if (!shown.length) out.push(c.chalk.dim(`  ${w.allPass}`));
    out.push('');
  }
  return out;
}

function extrasLines(report: Report, c: Ctx): string[] {
  const w = words(c.lang);
  const out: string[] = [];
  const b = report.baseline;
  if (b) {
    out.push(c.chalk.bold(w.secBaseline), ...wrap(w.baselineIntro(b.file, b.asOf), c.width));
    const groups: [string, typeof b.fixed, Status][] = [
      [w.newlyFailing, b.newlyFailing, 'fail'],
      [w.fixed, b.fixed, 'pass'],
      [w.stillOpen, b.stillOpen, 'warn'],
    ];
    for (const [label, entries, st] of groups) {
      out.push(paint(c.chalk, st, `  ${label} (${entries.length})`));
      for (const e of entries.slice(0, 20)) out.push(...hang(`${entryLabel(c.view, e)}: ${statusLabel(e.was, c.lang)} → ${statusLabel(e.status, c.lang)}`, c.width, '    ', '      '));
      if (entries.length > 20) out.push(c.chalk.dim(`    ${w.more(entries.length - 20)}`));
    }
    if (b.headline.length) {
      out.push(`  ${w.headlineMoves}`);
      for (const h of b.headline) out.push(...hang(headlineMove(c.view, h), c.width, '    ', '      '));
    }
    out.push('');
  }
  const waivers = waiverLines(c.view);
  if (waivers.length) {
    out.push(c.chalk.bold(w.waivers));
    for (const l of waivers) out.push(...hang(l, c.width, '  ', '    '));
    out.push('');
  }
  if (report.waiverNotices?.length) {
    out.push(c.chalk.bold(w.waiverNotices));
    for (const f of report.waiverNotices) out.push(...hang(renderFinding(f, c.lang), c.width, '  ', '    '));
    out.push('');
  }
  return out;
}

export function formatTable(given: Report, opts: FormatOptions): string {
  const view = makeView(given, opts.lang);
  // The data's texts, escaped (escape.ts).
  const report = view.report;
  const c: Ctx = { view, lang: opts.lang, width: Math.max(40, Math.floor(opts.width) || 80), chalk: makeChalk(opts.color) };
  const out: string[] = [...dataErrorLines(report, c), ...headerLines(report, c)];
  if (!view.rules.length) out.push(words(opts.lang).noResults, '');
  if (opts.by !== 'rule') out.push(...matrixLines(c));
  if (opts.by === 'village') out.push(...villageBlockLines(c));
  else out.push(...indicatorLines(c));
  out.push(...extrasLines(report, c));
  return safeOutput(out.join('\n').replace(/\n+$/, '') + '\n', { color: opts.color });
}
