/**
 * What every format derives from a report the same way: names for ids, the
 * town and village results of each rule, which villages fall short, what is
 * coming due. Pure functions of the report; no wording beyond the report's words.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import { SEVERITY, STATUSES, type Finding, type Report, type RuleMeta, type RuleResult, type Status } from '../model.js';
import { escapeReport } from './escape.js';
import { daysBetween, formatActual, formatFigure, formatNumber, formatPointsDelta, unitOf, type Lang } from './format.js';
import { renderFinding, statusLabel, words } from './i18n.js';

export interface FormatOptions {
  lang: Lang;
  color: boolean;
  /** Terminal width in columns (table format). */
  width: number;
  /** table: `village` = matrix + one block per village; `rule` = the indicator table only; `both` = matrix + indicator table. */
  by: 'village' | 'rule' | 'both';
  /** Statuses that fail a JUnit test case; default `['fail']` (the same list as `--fail-on`). */
  failOn?: Status[];
}

export type Formatter = (report: Report, opts: FormatOptions) => string;

/** One character per status for the matrix. */
export const STATUS_MARK: Readonly<Record<Status, string>> = {
  pass: '✓',
  fail: '✗',
  pending: '…',
  warn: '!',
  'n/a': '–',
  'no-data': '?',
  waived: 'W',
};

/** Statuses that mean "not met" for a village: listed as falling short. */
export const SHORT: ReadonlySet<Status> = new Set(['fail', 'pending', 'warn']);

/** The colour of a status on a terminal (basic 16 colours: legible on Windows consoles). */
export function paint(chalk: ChalkInstance, status: Status, text: string): string {
  switch (status) {
    case 'pass':
      return chalk.green(text);
    case 'fail':
      return chalk.red.bold(text);
    case 'pending':
      return chalk.cyan(text);
    case 'warn':
      return chalk.yellow(text);
    case 'no-data':
      return chalk.magenta(text);
    case 'waived':
      return chalk.blue(text);
    default:
      return chalk.gray(text);
  }
}

/** A chalk that colours only when asked: chalk ignores NO_COLOR on a terminal, so the level is set here. */
export function makeChalk(color: boolean): ChalkInstance {
  return new Chalk({ level: color ? 1 : 0 });
}

export interface RuleView {
  meta: RuleMeta;
  town: RuleResult | undefined;
  villages: RuleResult[];
  all: RuleResult[];
  /** Worst status over the rule's results (town first). */
  worst: Status;
}

export interface View {
  /** The report with every text escaped for people (escape.ts): formats read the data from here, never from the report they were given. */
  report: Report;
  lang: Lang;
  villageName: (id: string | null) => string;
  rules: RuleView[];
  ruleById: Map<string, RuleMeta>;
  /** Villages in data order that have at least one result. */
  villages: Report['villages'];
  /** The village's results, in rule order. */
  villageResults: (id: string) => RuleResult[];
}

/** The worst status by the roll-up order (model.ts SEVERITY); of pass and waived, which rank the same, pass. */
export function worstOf(statuses: Status[]): Status {
  let worst: Status = 'n/a';
  for (const s of statuses) if (SEVERITY[s] > SEVERITY[worst] || (s === 'pass' && worst === 'waived')) worst = s;
  return worst;
}

/**
 * Builds the lookups every formatter needs, over the report with its texts
 * escaped: a village name, a cell, a file name from the data reaches no
 * format with a control character or a line break in it.
 */
export function makeView(given: Report, lang: Lang): View {
  const report = escapeReport(given);
  const names = new Map(report.villages.map((v) => [v.id, v.name]));
  const w = words(lang);
  const ruleById = new Map(report.rules.map((r) => [r.id, r]));
  const byRule = new Map<string, RuleResult[]>();
  for (const r of report.results) {
    const list = byRule.get(r.rule) ?? [];
    list.push(r);
    byRule.set(r.rule, list);
  }
  const order = [...report.rules.map((r) => r.id).filter((id) => byRule.has(id)), ...[...byRule.keys()].filter((id) => !ruleById.has(id))];
  const rules: RuleView[] = order.map((id) => {
    const all = byRule.get(id)!;
    const meta = ruleById.get(id) ?? placeholderMeta(id, all[0]!.target);
    return { meta, town: all.find((r) => r.village === null), villages: all.filter((r) => r.village !== null), all, worst: worstOf(all.map((r) => r.status)) };
  });
  const byVillage = new Map<string, RuleResult[]>();
  for (const rv of rules) for (const r of rv.villages) byVillage.set(r.village!, [...(byVillage.get(r.village!) ?? []), r]);
  const known = report.villages.filter((v) => byVillage.has(v.id));
  for (const id of byVillage.keys()) if (!names.has(id)) known.push({ id, name: id, poverty: false });
  return {
    report,
    lang,
    villageName: (id) => (id === null ? w.town : (names.get(id) ?? id)),
    rules,
    ruleById,
    villages: known,
    villageResults: (id) => byVillage.get(id) ?? [],
  };
}

/** A result of a rule the pack does not describe (should not happen): shown with its id as title. */
function placeholderMeta(id: string, target: string): RuleMeta {
  return {
    id,
    clause: '',
    quote: '',
    title: { zh: id, en: id },
    level: 'error',
    scope: { kind: 'town' },
    due: null,
    kind: '',
    targetText: { zh: target, en: target },
    bound: null,
    headline: false,
    unit: null,
  };
}

/** Counts by status in the fixed order of the statuses (all seven). */
export function summaryParts(report: Report): { status: Status; count: number }[] {
  return STATUSES.map((s) => ({ status: s, count: report.summary[s] ?? 0 }));
}

/** Names of the villages whose result falls short (fail, pending, warn), in data order. */
export function shortVillageNames(view: View, rv: RuleView): string[] {
  return rv.villages.filter((r) => SHORT.has(r.status)).map((r) => view.villageName(r.village));
}

/** `999.5 亩` / `93.2%` / `3/5` for a result. */
export function actualText(view: View, r: RuleResult): string {
  return formatActual(r, view.ruleById.get(r.rule), view.lang);
}

/** Notes of a result as sentences. */
export function noteTexts(r: RuleResult, lang: Lang): string[] {
  return r.notes.map((n) => renderFinding(n, lang));
}

export interface PendingItem {
  rv: RuleView;
  due: string;
  days: number;
  results: RuleResult[];
}

/** Rules with pending results, by due date then rule order, with days left from the as-of date. */
export function pendingItems(view: View): PendingItem[] {
  const items: PendingItem[] = [];
  for (const rv of view.rules) {
    const results = rv.all.filter((r) => r.status === 'pending');
    if (!results.length) continue;
    const due = rv.meta.due ?? view.report.asOf;
    items.push({ rv, due, days: daysBetween(view.report.asOf, due), results });
  }
  return items.sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0));
}

/** `2.6 产业覆盖率 · 核桃村`: what a baseline entry is about. */
export function entryLabel(view: View, e: { rule: string; village: string | null }): string {
  const meta = view.ruleById.get(e.rule);
  return `${e.rule} ${meta ? meta.title[view.lang] : ''} · ${view.villageName(e.village)}`.replace(/\s+·/, ' ·');
}

/** `93.0% → 95.4%（+2.4）`: a headline figure's move since the baseline. */
export function headlineMove(view: View, h: { rule: string; before: number | string | null; after: number | string | null }): string {
  const meta = view.ruleById.get(h.rule);
  const unit = unitOf(meta);
  const a = formatFigure(h.before, meta, view.lang);
  const b = formatFigure(h.after, meta, view.lang);
  const delta = unit === 'ratio' && typeof h.before === 'number' && typeof h.after === 'number' ? ` (${formatPointsDelta(h.after, h.before)} pt)` : '';
  return `${h.rule} ${meta ? meta.title[view.lang] : ''} ${a} → ${b}${delta}`;
}

/** A waiver applied to a result: `3.2b · 核桃村`, its reason, approver and expiry. */
export function waiverLines(view: View): string[] {
  const w = words(view.lang);
  return view.report.results
    .filter((r) => r.waiver)
    .map((r) => w.waiverItem(entryLabel(view, r) + (view.lang === 'zh' ? `（${statusLabel(r.waiver!.status, 'zh')}）` : ` (${statusLabel(r.waiver!.status, 'en')})`), r.waiver!.reason, r.waiver!.approvedBy, r.waiver!.expires));
}

/** A list of names, the first `max` of them and a count of the rest when longer. */
function villageList(w: ReturnType<typeof words>, names: string[], max: number): string {
  return names.length > max ? w.listFirst(names.slice(0, max), names.length) : w.list(names);
}

/**
 * The indicator table: id, title, target, town actual, status, villages short
 * — one row per rule. `maxVillages` caps the list of villages short (the
 * terminal table: a district's 2,857 villages in one cell help nobody, and the
 * per-village section lists them all).
 */
export function indicatorTable(view: View, maxVillages = Infinity): { head: string[]; rows: string[][]; status: Status[] } {
  const w = words(view.lang);
  const rows: string[][] = [];
  const status: Status[] = [];
  for (const rv of view.rules) {
    const town = rv.town;
    const st = town?.status ?? rv.worst;
    rows.push([
      rv.meta.id,
      rv.meta.title[view.lang],
      rv.meta.targetText[view.lang],
      town ? actualText(view, town) : '—',
      statusLabel(st, view.lang),
      villageList(w, shortVillageNames(view, rv), maxVillages),
    ]);
    status.push(st);
  }
  return { head: [w.rule, w.indicator, w.target, w.townActual, w.statusHead, w.shortVillages], rows, status };
}

/** Undecided results named before "and N more" in the data-problems summary. */
const SHOW_UNDECIDED = 12;

/**
 * What every human report says before any verdict (rule-catalogue.md): how
 * many data errors, in which files, and which results they left undecided.
 * Null when the data has no errors.
 */
export function dataProblemLines(view: View): { count: string; files: string; undecided: string } | null {
  const report = view.report;
  if (!report.dataErrors.length) return null;
  const w = words(view.lang);
  const perFile = new Map<string, number>();
  for (const e of report.dataErrors) perFile.set(e.file, (perFile.get(e.file) ?? 0) + 1);
  const undecided = report.results.filter((r) => r.status === 'no-data' && r.waitingOn?.length);
  const names = undecided.slice(0, SHOW_UNDECIDED).map((r) => `${r.rule} ${view.villageName(r.village)}`);
  const items = undecided.length > SHOW_UNDECIDED ? w.listFirst(names, undecided.length) : w.list(names);
  return {
    count: w.dataErrors(formatNumber(report.dataErrors.length)),
    files: w.errorFiles([...perFile].map(([file, n]) => w.errorFilePart(file, formatNumber(n)))),
    undecided: undecided.length ? w.undecided(formatNumber(undecided.length), items) : w.undecidedNone,
  };
}

export interface GridColumn {
  id: string;
  title: string;
  /** `3` of `3.15c`: a new section starts a visual group. */
  section: string;
}

export interface GridRow {
  label: string;
  /** Null for the town row. */
  village: string | null;
  poverty: boolean;
  /** One per column; null where the rule does not judge this village. */
  cells: (Status | null)[];
}

/**
 * The villages × rules grid of the terminal's matrix, as data: rules as
 * columns (pack order), the town first, then a row per village with results.
 */
export function resultGrid(view: View): { columns: GridColumn[]; rows: GridRow[] } {
  const w = words(view.lang);
  const columns = view.rules.map((rv) => {
    const i = rv.meta.id.lastIndexOf('.');
    return { id: rv.meta.id, title: rv.meta.title[view.lang], section: i > 0 ? rv.meta.id.slice(0, i) : '' };
  });
  const cell = new Map<string, Status>();
  for (const rv of view.rules) for (const r of rv.all) cell.set(`${r.rule}\u0000${r.village ?? ''}`, r.status);
  const row = (label: string, village: string | null, poverty: boolean): GridRow => ({
    label,
    village,
    poverty,
    cells: view.rules.map((rv) => cell.get(`${rv.meta.id}\u0000${village ?? ''}`) ?? null),
  });
  const rows = [row(w.town, null, false), ...view.villages.map((v) => row(v.name, v.id, v.poverty))];
  return { columns, rows: rows.filter((r) => r.village === null || r.cells.some((c) => c !== null)) };
}

/**
 * Whether a village result judges the village itself as its one entity (3.8's
 * dates, 2.11's income on the villages table): its `0/1` and its offender (the
 * village's own id) say nothing a reader needs.
 */
export function judgesVillageItself(r: RuleResult): boolean {
  if (r.village === null) return false;
  if (r.offenders.length) return r.offenders.every((o) => o === r.village);
  return r.notes.length > 0 && r.notes.every((n) => n.args.entity === r.village);
}

/** The figure of a result for a sentence: as actualText, but none for a village judged on itself (`0/1`). */
export function figureText(view: View, r: RuleResult): string {
  if (r.actual === null && r.denominator === 1 && judgesVillageItself(r)) return '—';
  return actualText(view, r);
}

/** Notes shown before "and N more" (the JSON report has them all). */
const SHOW_NOTES = 6;
/** Ids named in one folded note before "and N more". */
const SHOW_NOTE_IDS = 5;

/**
 * Notes of a result as sentences, the same finding about many records said
 * once (`缺少 2020-09 的走访（ZD011、ZD012 … 等 10 个）`), at most SHOW_NOTES of
 * them. A note about the result's own village does not name it again; `nameOf`
 * turns a village id into its name.
 */
export function groupedNoteTexts(r: Pick<RuleResult, 'notes' | 'village'>, lang: Lang, nameOf: (id: string) => string = (id) => id): string[] {
  const w = words(lang);
  const groups = new Map<string, { finding: Finding; who: string[] }>();
  for (const n of r.notes) {
    const { entity, village, ...rest } = n.args ?? {};
    const who = entity ?? village;
    const own = who === r.village && r.village !== null;
    const key = `${n.code}\u0000${JSON.stringify(rest)}${own || who === undefined || who === null ? '\u0000-' : ''}`;
    const g = groups.get(key) ?? { finding: { code: n.code, args: rest }, who: [] };
    if (!own && who !== undefined && who !== null) g.who.push(nameOf(String(who)));
    groups.set(key, g);
  }
  const texts = [...groups.values()].map(({ finding, who }) => {
    const ids = who.length > SHOW_NOTE_IDS ? w.listFirst(who.slice(0, SHOW_NOTE_IDS), who.length) : w.list(who);
    return renderFinding(who.length ? { code: finding.code, args: { ...finding.args, entity: ids } } : finding, lang);
  });
  return texts.length > SHOW_NOTES ? [...texts.slice(0, SHOW_NOTES), w.more(texts.length - SHOW_NOTES)] : texts;
}
