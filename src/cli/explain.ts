/**
 * `hebao-check explain <rule> [dir]`: the rule, the plan's words, how each
 * figure was computed, the offending records with their file and line, the
 * data errors that touch the rule (those its results wait on first) and the
 * rows left out of the files it reads, and why the run exits 2 when it does,
 * so an official can check a verdict by hand. It is given the report of the
 * same pipeline as the check (run.ts), so a waived result shows waived.
 *
 * `--format json` (stable keys, more may be added):
 * `{ schemaVersion: 1, rule, plan, asOf, asOfSource, dataDir, dataDirGiven,
 * results, dataErrors, leftOut, exitCode, exitReason }` where `rule` is the
 * rule as `hebao-check rules --format json` gives it, `results` are the
 * check's JSON results plus `offenderRows` ({id, file, line}), `dataErrors`
 * are the errors that touch the rule, each with `readByRule` (its column is
 * one the rule reads) and `undecided` (the results it leaves no-data: a
 * village id, or null for the town), and `exitReason` is null or
 * `{ dataErrors, files: {file: count}, message }`.
 */
import type { ColumnDef, TableName } from '../contract/tables.js';
import { columnsOf } from '../contract/contract.js';
import { slotOfFile } from '../contract/sheets.js';
import type { PackRule, RulePack } from '../engine/pack.js';
import { ratio } from '../text/decimal.js';
import { formatNumber, formatRatio } from '../report/format.js';
import type { DataError, Dataset, Report, RuleResult } from '../model.js';
import { escapeData, escapeReport, escapeText, jsonSafe, safeOutput } from '../report/escape.js';
import { dataError as dataErrorJson, result as resultJson, resultNames } from '../report/formats/json.js';
import { renderFinding, statusLabel, words } from '../report/i18n.js';
import { REPORT_WORDS } from '../messages/report.js';
import { ruleJson, scopeText } from './rules.js';
import { describe } from './validate.js';

import type { Lang } from '../model.js';
import { rowSetOf } from '../engine/records.js';

const W = {
  zh: {
    plan: '方案原文', target: '目标', due: '截止日期', standing: '持续有效', asOf: '检查日期', scope: '范围', level: '级别',
    error: REPORT_WORDS.zh.levelMeaning.error, warning: REPORT_WORDS.zh.levelMeaning.warning, town: '全镇', actual: '实际', ratio: (n: string, d: string, r: string) => `${n} / ${d} = ${r}`,
    entities: (n: string, d: string) => `${d} 个对象中 ${n} 个达标`, villages: (n: string, d: string) => `${d} 个村中 ${n} 个通过`,
    rows: '逐行相加', total: '合计', offenders: '不达标记录', line: '行', more: (n: number) => `……另有 ${n} 条，用 --format json 查看全部`,
    none: '没有结果（该规则不适用于所选村）',
    folder: '数据文件夹', defaulted: '（未指定文件夹，读取的是当前文件夹）',
    errorsHead: (n: number, files: string) => `数据错误：本规则读取的文件（${files}）中有 ${n} 处`,
    waits: (who: string) => `→ 本规则读取此单元格，无法读出，${who} 的结果因此为“缺数据”`,
    reads: '→ 本规则读取此列，但无论它是什么值，结果都不变',
    notRead: '→ 本规则不读取此列，结果不受影响',
    moreErrors: (n: number) => `……另有 ${n} 处，用 hebao-check validate 查看全部`,
    leftOutHead: '未参加检查的行：',
    exit2: (n: number, files: string) =>
      `退出码 2：数据中共有 ${n} 处错误（${files}）。改正后重新运行；在此之前，检查这个文件夹也以退出码 2 结束（CI 会判为失败），规则照常在其余数据上执行。`,
    count: (file: string, n: number) => `${file} ${n} 处`,
  },
  en: {
    plan: 'Plan', target: 'Target', due: 'Due', standing: 'standing', asOf: 'As of', scope: 'Scope', level: 'Level',
    error: REPORT_WORDS.en.levelMeaning.error, warning: REPORT_WORDS.en.levelMeaning.warning, town: 'Town', actual: 'actual', ratio: (n: string, d: string, r: string) => `${n} / ${d} = ${r}`,
    entities: (n: string, d: string) => `${n} of ${d} comply`, villages: (n: string, d: string) => `${n} of ${d} villages pass`,
    rows: 'rows added up', total: 'total', offenders: 'Offending records', line: 'line', more: (n: number) => `… and ${n} more; --format json lists all`,
    none: 'no results (the rule does not apply to the chosen villages)',
    folder: 'Data folder', defaulted: ' (no folder given: the current folder was read)',
    errorsHead: (n: number, files: string) => `Data errors: ${n} in the files this rule reads (${files})`,
    waits: (who: string) => `→ the rule reads this cell and cannot: ${who} is no-data until it is fixed`,
    reads: '→ the rule reads this column, but no value of it would change the result',
    notRead: '→ the rule does not read this column; its results are not affected',
    moreErrors: (n: number) => `… and ${n} more; hebao-check validate lists all`,
    leftOutHead: 'Rows left out:',
    exit2: (n: number, files: string) =>
      `Exit code 2: the data has ${n} error${n === 1 ? '' : 's'} (${files}). Fix them and run again; until then a check of this folder also exits 2 (CI fails), and the rules still run on the rest of the data.`,
    count: (file: string, n: number) => `${file} ${n}`,
  },
};

const SHOW_OFFENDERS = 30;
const SHOW_ERRORS = 20;

export interface ExplainOptions {
  lang: Lang;
  format: 'table' | 'text' | 'json';
  /** The data folder, resolved, and whether the user named it (else `.`). */
  folder: { path: string; given: boolean };
  /** The exit code of this run (2 when the data has errors). */
  exitCode: number;
}

/** A data error that touches the rule: in a file it reads; whether it reads the column; the results it leaves undecided. */
interface Touching {
  error: DataError;
  readByRule: boolean;
  undecided: (string | null)[];
}

const errorKey = (e: Pick<DataError, 'file' | 'line' | 'column'>) => `${e.file}\u0000${e.line ?? ''}\u0000${e.column ?? ''}`;

/** The table a file holds (`villages.csv`, `households.xlsx` → villages, households), `town`, `manifest`, or null. */
function tableOfFile(file: string, pack: RulePack): string | null {
  return slotOfFile(file, pack.contract);
}

/** Every column a header names: its key, Chinese header and aliases. */
function columnKey(columns: readonly ColumnDef[], header: string): string | null {
  const c = columns.find((c) => c.key === header || c.header === header || c.aliases?.includes(header));
  return c ? c.key : null;
}

/** The files a rule reads (its table, the tables of every column it reads, the villages it judges, the manifest's as-of date) and their columns. */
function readsOf(rule: PackRule, pack: RulePack): Map<string, Set<string>> {
  const reads = new Map<string, Set<string>>();
  const add = (table: string, field?: string) => {
    if (!reads.has(table)) reads.set(table, new Set());
    if (field) reads.get(table)!.add(field);
  };
  add(rule.kind.table(rule.params));
  for (const { table, field } of rule.kind.fields(rule.params, pack.definitions, pack.contract)) add(table, field);
  if (rule.meta.scope.kind !== 'town') add('villages', 'village_id');
  add('manifest', 'as_of');
  return reads;
}

function touchingErrors(report: Report, rule: PackRule, pack: RulePack): { touching: Touching[]; reads: Map<string, Set<string>> } {
  const reads = readsOf(rule, pack);
  const undecided = new Map<string, (string | null)[]>();
  const waited: DataError[] = [];
  for (const r of report.results) {
    if (r.rule !== rule.meta.id) continue;
    for (const e of r.waitingOn ?? []) {
      const k = errorKey(e);
      if (!undecided.has(k)) {
        undecided.set(k, []);
        waited.push(e);
      }
      undecided.get(k)!.push(r.village);
    }
  }
  const seen = new Set<string>();
  const touching: Touching[] = [];
  const add = (e: DataError) => {
    const k = errorKey(e);
    if (seen.has(k)) return;
    seen.add(k);
    const table = tableOfFile(e.file, pack);
    const key = table && e.column !== null ? columnKey(columnsOf(pack.contract, table), e.column) : null;
    touching.push({ error: e, readByRule: undecided.has(k) || (key !== null && (reads.get(table!)?.has(key) ?? false)), undecided: undecided.get(k) ?? [] });
  };
  // In file order: the report's errors of the files the rule reads, with any a result waits on.
  const waitedKeys = new Set(waited.map(errorKey));
  for (const e of report.dataErrors) {
    const table = tableOfFile(e.file, pack);
    if (waitedKeys.has(errorKey(e)) || (table !== null && reads.has(table))) add(e);
  }
  for (const e of waited) add(e);
  return { touching, reads };
}

/** `villages.csv 1 处，households.csv 3 处`: the run's data errors by file. */
function errorsByFile(errors: readonly DataError[]): Map<string, number> {
  const by = new Map<string, number>();
  for (const e of errors) by.set(e.file, (by.get(e.file) ?? 0) + 1);
  return by;
}

/** A fraction as people read it, rounded in decimal (report/format.ts), never in binary floating point. */
function pct(x: number): string {
  return formatRatio(x);
}

export function explainCommand(given: Report, pack: RulePack, dataset: Dataset, ruleId: string, opts: ExplainOptions): string {
  const rule = pack.rules.find((r) => r.meta.id === ruleId)!;
  const { touching, reads } = touchingErrors(given, rule, pack);
  const leftOut = given.leftOut.filter((l) => reads.has(tableOfFile(l.file, pack) ?? ''));
  const byFile = errorsByFile(given.dataErrors);
  if (opts.format === 'json') return explainJson(given, rule, dataset, opts, touching, leftOut, byFile);

  const { lang } = opts;
  const w = W[lang];
  // Names, ids, cells and the pack's words shown escaped (`\x1b`, `\n`): see report/escape.ts.
  const report = escapeReport(given);
  const m = escapeData(rule.meta);
  const villageName = new Map(report.villages.map((v) => [v.id, v.name]));
  const who = (village: string | null) => (village === null ? w.town : (villageName.get(village) ?? village));
  const lineOf = offenderLines(dataset, rule.kind.table(rule.params));
  const out: string[] = [
    `${m.id}  ${m.title[lang]}（${m.clause}）`,
    `${w.plan}：“${m.quote}”`,
    `${w.target}：${m.targetText[lang]}    ${w.level}：${m.level === 'error' ? w.error : w.warning}    ${w.scope}：${scopeText(m.scope, lang)}`,
    `${w.due}：${m.due ?? w.standing}    ${w.asOf}：${report.asOf}`,
    `${w.folder}：${escapeText(opts.folder.path)}${opts.folder.given ? '' : w.defaulted}`,
    '',
  ];
  if (touching.length) {
    const files = [...new Set(touching.map((t) => escapeText(t.error.file)))].join(lang === 'zh' ? '、' : ', ');
    out.push(w.errorsHead(touching.length, files));
    // Those that leave a result undecided first, then those in a column the rule reads.
    const ranked = [...touching].sort((a, b) => Number(b.undecided.length > 0) - Number(a.undecided.length > 0) || Number(b.readByRule) - Number(a.readByRule));
    for (const t of ranked.slice(0, SHOW_ERRORS)) {
      out.push('  ' + describe(t.error, lang));
      const names = t.undecided.map(who).join(lang === 'zh' ? '、' : ', ');
      out.push('    ' + (t.undecided.length ? w.waits(names) : t.readByRule ? w.reads : w.notRead));
    }
    if (ranked.length > SHOW_ERRORS) out.push('  ' + w.moreErrors(ranked.length - SHOW_ERRORS));
    out.push('');
  }
  if (leftOut.length) {
    out.push(w.leftOutHead);
    for (const l of leftOut) out.push('  ' + words(lang).leftOut(escapeText(l.file), l.rejected, l.rows));
    out.push('');
  }
  const results = report.results.filter((r) => r.rule === m.id);
  if (results.length === 0) out.push(w.none);
  for (const r of results) {
    const name = villageName.get(r.village ?? '') ?? r.village;
    const whom = r.village === null ? w.town : lang === 'zh' ? `${name}（${r.village}）` : `${name} (${r.village})`;
    out.push(`■ ${whom}${lang === 'zh' ? '：' : ': '}${statusLabel(r.status, lang)}${figure(r, m.unit, lang)}`);
    if (r.waiver) out.push(`  ${waiverLine(r.waiver, lang)}`);
    out.push(...computation(r, m.unit, lang).map((s) => '  ' + s));
    for (const n of r.notes.slice(0, 10)) out.push('  · ' + renderFinding(n, lang));
    for (const e of (r.waitingOn ?? []).slice(0, 5)) out.push('  · ' + describe(e, lang));
    if (r.offenders.length) {
      out.push(`  ${w.offenders}${lang === 'zh' ? '：' : ':'}`);
      for (const id of r.offenders.slice(0, SHOW_OFFENDERS)) {
        const at = lineOf(id);
        out.push(`    ${id}${at ? `  ${escapeText(at.file)}:${at.line}` : ''}`);
      }
      if (r.offenders.length > SHOW_OFFENDERS) out.push('    ' + w.more(r.offenders.length - SHOW_OFFENDERS));
    }
    out.push('');
  }
  if (opts.exitCode === 2 && given.dataErrors.length) out.push(w.exit2(given.dataErrors.length, fileCounts(byFile, lang)), '');
  return safeOutput(out.join('\n'));
}

function fileCounts(byFile: Map<string, number>, lang: Lang): string {
  return [...byFile].map(([f, n]) => W[lang].count(escapeText(f), n)).join(lang === 'zh' ? '，' : ', ');
}

/** `豁免：原因（批准人 …，有效期至 …），原状态 未通过`. */
function waiverLine(wv: NonNullable<RuleResult['waiver']>, lang: Lang): string {
  return lang === 'zh'
    ? `豁免：${wv.reason}（批准人 ${wv.approvedBy}，有效期至 ${wv.expires}），原状态 ${statusLabel(wv.status, 'zh')}`
    : `waived: ${wv.reason} (approved by ${wv.approvedBy}, until ${wv.expires}); status without the waiver: ${statusLabel(wv.status, 'en')}`;
}

function explainJson(
  report: Report,
  rule: PackRule,
  dataset: Dataset,
  opts: ExplainOptions,
  touching: Touching[],
  leftOut: Report['leftOut'],
  byFile: Map<string, number>,
): string {
  const { lang } = opts;
  const names = resultNames(report, lang);
  const lineOf = offenderLines(dataset, rule.kind.table(rule.params), false);
  const out = {
    schemaVersion: 1,
    rule: ruleJson(rule),
    plan: report.plan,
    asOf: report.asOf,
    asOfSource: report.asOfSource,
    dataDir: opts.folder.path,
    dataDirGiven: opts.folder.given,
    results: report.results
      .filter((r) => r.rule === rule.meta.id)
      .map((r) => ({
        ...resultJson(r, lang, names),
        offenderRows: r.offenders.flatMap((id) => {
          const at = lineOf(id);
          return at ? [{ id, file: at.file, line: at.line }] : [];
        }),
      })),
    dataErrors: touching.map((t) => ({ ...dataErrorJson(t.error, lang), readByRule: t.readByRule, undecided: t.undecided })),
    leftOut: leftOut.map((l) => ({ file: l.file, rows: l.rows, rejected: l.rejected })),
    exitCode: opts.exitCode,
    exitReason:
      opts.exitCode === 2 && report.dataErrors.length
        ? { dataErrors: report.dataErrors.length, files: Object.fromEntries(byFile), message: W[lang].exit2(report.dataErrors.length, fileCounts(byFile, lang)) }
        : null,
  };
  return jsonSafe(JSON.stringify(out, null, 2)) + '\n';
}

function figure(r: RuleResult, unit: string | null, lang: Lang): string {
  if (r.actual === null || r.actual === undefined) return '';
  const sep = lang === 'zh' ? '，实际 ' : ', actual ';
  if (typeof r.actual === 'number' && unit === 'ratio') return sep + pct(r.actual);
  if (typeof r.actual === 'number' && unit && unit !== 'count' && unit !== 'months') return `${sep}${r.actual.toLocaleString('en-US')} ${unit}`;
  return sep + String(r.actual);
}

function computation(r: RuleResult, unit: string | null, lang: Lang): string[] {
  const w = W[lang];
  const lines: string[] = [];
  if (r.evidence && r.evidence.length) {
    lines.push(`${w.rows}：`);
    for (const e of r.evidence) lines.push(`  ${e.file}:${e.line}  ${e.label}  ${e.value} ${e.unit}`);
    lines.push(`  ${w.total} ${r.actual} ${unit ?? ''}`.trimEnd());
  } else if (unit === 'ratio' && typeof r.numerator === 'number' && typeof r.denominator === 'number' && r.denominator > 0) {
    // Counts stay as they are; a mean (人均 this period and last) is shown to the fen, as a person would write it.
    const n = (x: number) => formatNumber(x, { maxDecimals: 2, group: false });
    lines.push(w.ratio(n(r.numerator), n(r.denominator), pct(ratio(r.numerator as number, r.denominator as number))));
  } else if (typeof r.numerator === 'number' && typeof r.denominator === 'number') {
    // The result says what it counts: villages (a town rolled up from them), else the rule's entities.
    if (r.of === 'villages') lines.push(w.villages(String(r.numerator), String(r.denominator)));
    else lines.push(w.entities(String(r.numerator), String(r.denominator)));
  }
  return lines;
}

/** File and line of an offender id in the rule's table (months and town ids have none); keyed as the offenders are shown (escaped, unless for JSON). */
function offenderLines(dataset: Dataset, table: TableName | 'town', escaped = true): (id: string) => { file: string; line: number } | null {
  if (table === 'town') return () => null;
  const t = dataset.tables[table]!;
  const idCol = dataset.contract.tables[table]!.idColumn;
  const index = new Map<string, number>();
  const key = escaped ? escapeText : (s: string) => s;
  if (idCol) {
    // Read by index: the table's records are not kept as objects (src/engine/records.ts).
    const set = rowSetOf(dataset, table);
    const n = set.n - (t.standIns?.length ?? 0);
    for (let i = 0; i < n; i++) index.set(key(String(set.rec(i)[idCol])), t.lines[i]!);
  }
  return (id) => {
    const line = index.get(id);
    return line === undefined ? null : { file: String(t.file), line };
  };
}
