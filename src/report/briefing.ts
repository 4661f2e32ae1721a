/**
 * The content of the written reports (text, markdown, html) as plain blocks,
 * built once in the shape of a Chinese government briefing: 总体情况,
 * 未达标指标, 分村情况, 临近截止, then comparison, waivers, data problems and
 * provenance. Each format only decides how the blocks look.
 */
import { STATUSES, type DataError, type Report, type RuleResult, type Status } from '../model.js';
import { formatNumber, lowerBound, shortHash, shortfall, unitOf } from './format.js';
import { renderFinding, statusLabel, words, type Lang } from './i18n.js';
import {
  STATUS_MARK,
  actualText,
  entryLabel,
  figureText,
  groupedNoteTexts,
  judgesVillageItself,
  resultGrid,
  type GridColumn,
  type GridRow,
  headlineMove,
  makeView,
  dataProblemLines,
  pendingItems,
  shortVillageNames,
  summaryParts,
  waiverLines,
  type View,
} from './view.js';

export interface HeadlineItem {
  rule: string;
  title: string;
  actual: string;
  target: string;
  status: Status;
  /** How far along the bar is, 0..1, when the figure and target are comparable numbers. */
  fill: number | null;
}

export type Block =
  | { kind: 'para'; text: string }
  | { kind: 'subhead'; text: string; status?: Status }
  | { kind: 'list'; items: string[] }
  | { kind: 'table'; head: string[]; rows: string[][]; status?: (Status | null)[] }
  | { kind: 'headlines'; items: HeadlineItem[] }
  | {
      kind: 'grid';
      title: string;
      columns: GridColumn[];
      rows: GridRow[];
      /** Every status with its mark, in the fixed order: the grid reads in black and white too. */
      legend: { status: Status; mark: string; label: string }[];
      /** What a blank cell means. */
      blank: string;
      /** The rules the grid marks as not met or undecided, with their titles (the columns show ids only). */
      key: { id: string; title: string; worst: Status }[];
    };

export interface Section {
  /** `一、总体情况` / `1. Overview`. */
  title: string;
  blocks: Block[];
}

export interface Briefing {
  title: string;
  meta: string[];
  /** The data errors and the results they leave undecided: said before any verdict, counts included. */
  problems: string | null;
  counts: { status: Status; label: string; count: number }[];
  sections: Section[];
}

/** Records listed by id before "and N more". */
const SHOW_IDS = 5;
/** Data errors listed in a written report before "and N more". */
export const SHOW_ERRORS = 50;

function idsText(ids: string[], lang: Lang): string {
  const w = words(lang);
  const shown = w.list(ids.slice(0, SHOW_IDS));
  return ids.length > SHOW_IDS ? `${shown} ${w.andMore(ids.length)}` : shown;
}

/** Offender ids worth naming: not the village's own id (3.8 judges the village itself), not ids the notes already name. */
function offendersShown(r: RuleResult): string[] {
  const ids = r.offenders.filter((o) => o !== r.village);
  const named = new Set(r.notes.map((n) => n.args.entity).filter((e) => e !== undefined && e !== null).map(String));
  return ids.length && ids.every((o) => named.has(o)) ? [] : ids;
}

/** A result's sentence for `who` (a village, the town, or several villages said once), from its figure, gap, offenders and notes. */
function sentenceFor(view: View, r: RuleResult, who: string, offenders: string[]): string {
  const w = words(view.lang);
  const meta = view.ruleById.get(r.rule);
  const gap = shortfall(r, meta, view.lang);
  const fig = figureText(view, r);
  const parts: string[] = [];
  if (gap) parts.push(w.gapSentence(who, fig, gap.target, gap.gap));
  else parts.push((fig === '—' ? who : w.actualSentence(who, fig)) + (view.lang === 'zh' ? `（${statusLabel(r.status, 'zh')}）` : ` (${statusLabel(r.status, 'en')})`));
  if (offenders.length) parts.push(w.offendersSentence(formatNumber(offenders.length), idsText(offenders, view.lang)));
  parts.push(...groupedNoteTexts(r, view.lang, (id) => view.villageName(id)));
  return parts.join(w.semi) + w.sentenceEnd;
}

/** One sentence about one result: its figure against the target, the gap, its records and notes. */
export function resultSentence(view: View, r: RuleResult): string {
  return sentenceFor(view, r, view.villageName(r.village), offendersShown(r));
}

/** Village names said once for a group: all of them when few, else the first and how many. */
const SHOW_GROUP_NAMES = 6;

/**
 * Sentences about several results of one rule, villages whose sentence would
 * be the same but for the name said once (`河包社区、大石村、白鹤村 0.0%，距目标
 * 100.0% 差 100.0 个百分点；涉及 57 条记录（…）`), in the order of their first village.
 */
export function groupedSentences(view: View, results: RuleResult[]): string[] {
  const w = words(view.lang);
  const groups = new Map<string, RuleResult[]>();
  results.forEach((r, i) => {
    // The town stands alone; so does a village whose notes name other records (different reasons).
    // A short list of offenders is named in full, so it must be the same (3.15b's missing months); a long one is a sample anyway (3.6b's households).
    const ids = offendersShown(r);
    const key = r.village === null ? `town\u0000${i}` : sentenceFor(view, r, '\u0000', ids.length > SHOW_IDS ? ['\u0000'] : ids);
    groups.set(key, [...(groups.get(key) ?? []), r]);
  });
  return [...groups.values()].map((rs) => {
    if (rs.length === 1) return resultSentence(view, rs[0]!);
    const names = rs.map((r) => view.villageName(r.village));
    const who = names.length > SHOW_GROUP_NAMES ? w.villagesFirst(names.slice(0, SHOW_GROUP_NAMES), names.length) : w.list(names);
    const first = offendersShown(rs[0]!);
    return sentenceFor(view, rs[0]!, who, first.length > SHOW_IDS ? rs.flatMap(offendersShown) : first);
  });
}

/** Where a no-data result's data errors are: `villages.csv:5 列“集体经营性收入（元）”`, the first three. */
function waitingPlaces(r: RuleResult, lang: Lang): string {
  const w = words(lang);
  const errs = r.waitingOn ?? [];
  const places = errs.slice(0, 3).map((e) => `${e.line !== null ? `${e.file}:${e.line}` : e.file}${e.column !== null ? ` ${w.column} ${w.quote(e.column)}` : ''}`);
  return errs.length > 3 ? w.listFirst(places, errs.length) : w.list(places);
}

/** A data error as one line: `households.csv:12 列「证件号码」 值「…」：message`. */
export function errorLine(e: DataError, lang: Lang): string {
  const w = words(lang);
  const where = e.line !== null ? `${e.file}:${e.line}` : e.file;
  const col = e.column !== null ? ` ${w.column} ${w.quote(e.column)}` : '';
  const val = e.value !== null ? ` ${w.value} ${w.quote(e.value)}` : '';
  return `${where}${col}${val}${w.colon}${renderFinding(e, lang)}`;
}

function headlineItems(view: View): HeadlineItem[] {
  const items: HeadlineItem[] = [];
  for (const rv of view.rules) {
    if (!rv.meta.headline || !rv.town) continue;
    const r = rv.town;
    const b = lowerBound(rv.meta);
    let fill: number | null = null;
    if (b && typeof r.actual === 'number') {
      const bound = Number(b.value);
      fill = bound > 0 ? Math.max(0, Math.min(1, r.actual / bound)) : null;
    } else if (unitOf(rv.meta) === 'ratio' && typeof r.actual === 'number') fill = Math.max(0, Math.min(1, r.actual));
    // A figure counted as `1/2` (villages that comply of those checked) fills its share.
    else if (r.actual === null && typeof r.numerator === 'number' && typeof r.denominator === 'number' && r.denominator > 0) fill = r.numerator / r.denominator;
    items.push({ rule: rv.meta.id, title: rv.meta.title[view.lang], actual: actualText(view, r), target: rv.meta.targetText[view.lang], status: r.status, fill });
  }
  return items;
}

/** `核桃村 0.0%、黄檀村 0.0%` said once: `核桃村、黄檀村 0.0%`, villages with the same figure together. */
function pendingWho(view: View, results: RuleResult[]): string {
  const w = words(view.lang);
  const byFigure = new Map<string, string[]>();
  for (const r of results) {
    const fig = figureText(view, r);
    byFigure.set(fig, [...(byFigure.get(fig) ?? []), view.villageName(r.village)]);
  }
  return w.list(
    [...byFigure].map(([fig, names]) => {
      const who = names.length > SHOW_GROUP_NAMES ? w.villagesFirst(names.slice(0, SHOW_GROUP_NAMES), names.length) : w.list(names);
      return fig === '—' ? who : `${who} ${fig}`;
    }),
  );
}

/** The villages × rules grid, with its legend and the titles of the rules it marks; null without results. */
function gridBlock(view: View): Block | null {
  const w = words(view.lang);
  const { columns, rows } = resultGrid(view);
  if (!columns.length) return null;
  const marked = new Set<Status>(['fail', 'pending', 'warn', 'no-data']);
  const key = view.rules.filter((rv) => rv.all.some((r) => marked.has(r.status))).map((rv) => ({ id: rv.meta.id, title: rv.meta.title[view.lang], worst: rv.worst }));
  return {
    kind: 'grid',
    title: w.matrix,
    columns,
    rows,
    legend: STATUSES.map((s) => ({ status: s, mark: STATUS_MARK[s], label: statusLabel(s, view.lang) })),
    blank: w.gridBlank,
    key,
  };
}

/** Builds the briefing of a report in `lang`; its texts come escaped from the view (escape.ts). */
export function buildBriefing(given: Report, lang: Lang): Briefing {
  const view = makeView(given, lang);
  const report = view.report;
  const w = words(lang);
  const town = report.town ?? report.pack.title[lang];
  const counts = summaryParts(report).map((p) => ({ ...p, label: statusLabel(p.status, lang) }));
  const paren = (s: string) => (lang === 'zh' ? `（${s}）` : ` (${s})`);
  const sections: Section[] = [];
  const section = (title: string, blocks: Block[]) => {
    const n = w.sections[sections.length] ?? String(sections.length + 1);
    sections.push({ title: lang === 'zh' ? `${n}、${title}` : `${n}. ${title}`, blocks });
  };

  // 一、总体情况: data problems first, before any verdict (rule-catalogue.md).
  const problems = dataProblemLines(view);
  const overview: Block[] = [
    {
      kind: 'para',
      text:
        w.overview(view.rules.length, view.villages.length, formatNumber(report.results.length)) +
        w.counts(counts.filter((c) => c.count > 0).map((c) => w.countPart(c.label, formatNumber(c.count)))),
    },
  ];
  const grid = gridBlock(view);
  if (grid) overview.push(grid);
  const heads = headlineItems(view);
  if (heads.length) {
    overview.push({ kind: 'para', text: w.headlines });
    overview.push({ kind: 'headlines', items: heads });
  }
  section(w.secOverview, overview);

  // 二、未达标指标
  const failing = view.rules.filter((rv) => rv.all.some((r) => r.status === 'fail'));
  const failBlocks: Block[] = [];
  const undecided = report.results.filter((r) => r.status === 'no-data').length;
  // Never "all met" while a result is undecided.
  if (!failing.length) failBlocks.push({ kind: 'para', text: undecided ? w.noFailingButNoData(formatNumber(undecided)) : w.noFailing });
  else failBlocks.push({ kind: 'para', text: w.failingIntro(failing.length) });
  failing.forEach((rv, i) => {
    failBlocks.push({ kind: 'subhead', text: w.failingHead(i + 1, rv.meta.id, rv.meta.title[lang], rv.meta.clause, rv.meta.targetText[lang]), status: 'fail' });
    const villagesFailing = rv.villages.filter((r) => r.status === 'fail');
    const shown = villagesFailing.length ? villagesFailing : rv.town ? [rv.town] : [];
    // A town-wide ratio that fails is worth its own line even when villages fail too.
    if (villagesFailing.length && rv.town?.status === 'fail' && typeof rv.town.actual === 'number') shown.unshift(rv.town);
    failBlocks.push({ kind: 'list', items: groupedSentences(view, shown) });
  });
  const warnRules = view.rules.filter((rv) => rv.all.some((r) => r.status === 'warn'));
  if (warnRules.length) {
    const items = warnRules.map((rv) => `${rv.meta.id} ${rv.meta.title[lang]}${paren(w.list(rv.all.filter((r) => r.status === 'warn').map((r) => view.villageName(r.village))))}`);
    failBlocks.push({ kind: 'para', text: w.otherAttention(statusLabel('warn', lang), w.list(items)) });
  }
  // No-data is never a pass: say what is missing, where.
  const noData = view.rules.flatMap((rv) => rv.all.filter((r) => r.status === 'no-data'));
  if (noData.length) {
    failBlocks.push({ kind: 'para', text: w.noDataIntro });
    const why = (r: RuleResult) => [...(r.waitingOn?.length ? [w.waitingOn(waitingPlaces(r, lang))] : []), ...groupedNoteTexts(r, lang, (id) => view.villageName(id))].join(w.semi) || statusLabel('no-data', lang);
    failBlocks.push({ kind: 'list', items: noData.map((r) => `${r.rule} ${view.ruleById.get(r.rule)?.title[lang] ?? ''} · ${view.villageName(r.village)}${w.colon}${why(r)}`) });
  }
  section(w.secFailing, failBlocks);

  // 三、分村情况
  const villageBlocks: Block[] = [];
  for (const v of view.villages) {
    const results = view.villageResults(v.id);
    const judged = results.filter((r) => r.status !== 'n/a');
    const pass = results.filter((r) => r.status === 'pass').length;
    let text = w.villagePara(w.villageBlock(v.name, v.poverty), judged.length, pass);
    const groups: string[] = [];
    for (const status of ['fail', 'pending', 'warn', 'no-data', 'waived'] as const) {
      const rs = results.filter((r) => r.status === status);
      if (!rs.length) continue;
      const items = rs.map((r) => {
        const meta = view.ruleById.get(r.rule);
        const fig = figureText(view, r);
        // A village judged on itself (3.8's dates) says why instead of `0/1`.
        const why = fig === '—' && judgesVillageItself(r) ? groupedNoteTexts(r, lang).join(w.semi) : '';
        const detail = fig !== '—' ? `${fig}${lang === 'zh' ? '，目标 ' : ', target '}${meta?.targetText[lang] ?? r.target}` : why;
        return `${r.rule} ${meta?.title[lang] ?? ''}${detail ? paren(detail) : ''}`;
      });
      groups.push(w.villageList(statusLabel(status, lang), w.list(items)));
    }
    text += groups.length ? w.semi + groups.join(w.semi) + w.sentenceEnd : w.villageAllPass;
    villageBlocks.push({ kind: 'para', text });
  }
  if (!villageBlocks.length) villageBlocks.push({ kind: 'para', text: w.noResults });
  section(w.secVillages, villageBlocks);

  // 四、临近截止
  const pending = pendingItems(view);
  section(
    w.secPending,
    pending.length
      ? [
          {
            kind: 'list',
            items: pending.map((p) =>
              w.pendingItem(p.rv.meta.id, p.rv.meta.title[lang], p.due, p.days, pendingWho(view, p.results.filter((r) => r.village !== null || p.results.length === 1))),
            ),
          },
        ]
      : [{ kind: 'para', text: w.noPending }],
  );

  if (report.baseline) {
    const b = report.baseline;
    const list = (entries: typeof b.fixed) => (entries.length ? entries.map((e) => `${entryLabel(view, e)}：${statusLabel(e.was, lang)} → ${statusLabel(e.status, lang)}`.replace('：', w.colon)) : [w.none]);
    section(w.secBaseline, [
      { kind: 'para', text: w.baselineIntro(b.file, b.asOf) },
      { kind: 'subhead', text: w.newlyFailing + paren(String(b.newlyFailing.length)) },
      { kind: 'list', items: list(b.newlyFailing) },
      { kind: 'subhead', text: w.fixed + paren(String(b.fixed.length)) },
      { kind: 'list', items: list(b.fixed) },
      { kind: 'subhead', text: w.stillOpen + paren(String(b.stillOpen.length)) },
      { kind: 'list', items: list(b.stillOpen) },
      ...(b.headline.length ? [{ kind: 'subhead', text: w.headlineMoves } as Block, { kind: 'list', items: b.headline.map((h) => headlineMove(view, h)) } as Block] : []),
    ]);
  }

  const waivers = waiverLines(view);
  if (waivers.length || report.waiverNotices?.length) {
    const blocks: Block[] = [];
    if (waivers.length) blocks.push({ kind: 'subhead', text: w.waivers }, { kind: 'list', items: waivers });
    if (report.waiverNotices?.length) blocks.push({ kind: 'subhead', text: w.waiverNotices }, { kind: 'list', items: report.waiverNotices.map((f) => renderFinding(f, lang)) });
    section(w.secWaivers, blocks);
  }

  if (report.dataErrors.length || report.leftOut.length || report.notices.length) {
    const blocks: Block[] = [];
    if (report.dataErrors.length) {
      blocks.push({ kind: 'para', text: w.dataErrors(formatNumber(report.dataErrors.length)) });
      const items = report.dataErrors.slice(0, SHOW_ERRORS).map((e) => errorLine(e, lang));
      if (report.dataErrors.length > SHOW_ERRORS) items.push(w.more(report.dataErrors.length - SHOW_ERRORS));
      blocks.push({ kind: 'list', items });
    }
    if (report.leftOut.length) blocks.push({ kind: 'list', items: report.leftOut.map((l) => w.leftOut(l.file, formatNumber(l.rejected), formatNumber(l.rows))) });
    if (report.notices.length) {
      blocks.push({ kind: 'para', text: w.notices(report.notices.length) });
      const items = report.notices.slice(0, SHOW_ERRORS).map((e) => errorLine(e, lang));
      if (report.notices.length > SHOW_ERRORS) items.push(w.more(report.notices.length - SHOW_ERRORS));
      blocks.push({ kind: 'list', items });
    }
    section(w.secDataErrors, blocks);
  }

  section(w.secProvenance, [
    {
      kind: 'list',
      items: [
        w.provTool(report.tool.name, report.tool.version),
        w.provPack(report.pack.id, shortHash(report.pack.sha256)),
        w.provDataDir(report.dataDir),
        w.provInputs,
        ...report.inputs.map((i) => '  ' + w.provInput(i.file, shortHash(i.sha256), i.encoding)),
      ],
    },
  ]);

  return {
    title: w.title(town, report.pack.title[lang]),
    meta: [w.planLine(report.pack.title[lang], report.plan), w.asOfLine(report.asOf, w.asOfSource[report.asOfSource] ?? report.asOfSource)],
    problems: problems ? `${problems.count}${w.semi}${problems.files}${w.semi}${problems.undecided}${w.sentenceEnd}` : null,
    counts,
    sections,
  };
}

export { shortVillageNames };
