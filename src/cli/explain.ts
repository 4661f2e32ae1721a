/**
 * `hebao-check explain <rule>`: the rule, the plan's words, how each figure
 * was computed, and the offending records with their file and line, so an
 * official can check a verdict by hand.
 */
import { TABLES, type TableName } from '../contract/tables.js';
import type { RulePack } from '../engine/pack.js';
import type { Dataset, Report, RuleResult } from '../model.js';
import { escapeData, escapeReport, escapeText, safeOutput } from '../report/escape.js';
import { renderFinding, statusLabel } from '../report/i18n.js';
import { scopeText } from './rules.js';

type Lang = 'zh' | 'en';

const W = {
  zh: {
    plan: '方案原文', target: '目标', due: '截止日期', standing: '持续有效', asOf: '检查日期', scope: '范围', level: '级别',
    error: '错误', warning: '预警', town: '全镇', actual: '实际', ratio: (n: string, d: string, r: string) => `${n} / ${d} = ${r}`,
    entities: (n: string, d: string) => `${d} 个对象中 ${n} 个达标`, villages: (n: string, d: string) => `${d} 个村中 ${n} 个通过`,
    rows: '逐行相加', total: '合计', offenders: '不达标记录', line: '行', more: (n: number) => `……另有 ${n} 条，用 --format json 查看全部`,
    none: '没有结果（该规则不适用于所选村）',
  },
  en: {
    plan: 'Plan', target: 'Target', due: 'Due', standing: 'standing', asOf: 'As of', scope: 'Scope', level: 'Level',
    error: 'error', warning: 'warning', town: 'Town', actual: 'actual', ratio: (n: string, d: string, r: string) => `${n} / ${d} = ${r}`,
    entities: (n: string, d: string) => `${n} of ${d} comply`, villages: (n: string, d: string) => `${n} of ${d} villages pass`,
    rows: 'rows added up', total: 'total', offenders: 'Offending records', line: 'line', more: (n: number) => `… and ${n} more; --format json lists all`,
    none: 'no results (the rule does not apply to the chosen villages)',
  },
};

const SHOW_OFFENDERS = 30;

function pct(x: number): string {
  return `${(Math.round(x * 1000) / 10).toFixed(1)}%`;
}

export function explainCommand(
  given: Report,
  pack: RulePack,
  dataset: Dataset,
  ruleId: string,
  opts: { lang: Lang; showPersonalData: boolean },
): string {
  const { lang } = opts;
  const w = W[lang];
  // Names, ids, cells and the pack's words shown escaped (`\x1b`, `\n`): see report/escape.ts.
  const report = escapeReport(given);
  const rule = pack.rules.find((r) => r.meta.id === ruleId)!;
  const m = escapeData(rule.meta);
  const villageName = new Map(report.villages.map((v) => [v.id, v.name]));
  const table = rule.kind.table(rule.params);
  const lineOf = offenderLines(dataset, table);
  const out: string[] = [
    `${m.id}  ${m.title[lang]}（${m.clause}）`,
    `${w.plan}：“${m.quote}”`,
    `${w.target}：${m.targetText[lang]}    ${w.level}：${m.level === 'error' ? w.error : w.warning}    ${w.scope}：${scopeText(m.scope, lang)}`,
    `${w.due}：${m.due ?? w.standing}    ${w.asOf}：${report.asOf}`,
    '',
  ];
  const results = report.results.filter((r) => r.rule === m.id);
  if (results.length === 0) out.push(w.none);
  for (const r of results) {
    const who = r.village === null ? w.town : `${villageName.get(r.village) ?? r.village}（${r.village}）`;
    out.push(`■ ${who}：${statusLabel(r.status, lang)}${figure(r, m.unit, lang)}`);
    out.push(...computation(r, m.unit, m.kind, lang).map((s) => '  ' + s));
    for (const n of r.notes.slice(0, 10)) out.push('  · ' + renderFinding(n, lang));
    if (r.offenders.length) {
      out.push(`  ${w.offenders}：`);
      for (const id of r.offenders.slice(0, SHOW_OFFENDERS)) {
        const at = lineOf(id);
        out.push(`    ${id}${at ? `  ${at}` : ''}`);
      }
      if (r.offenders.length > SHOW_OFFENDERS) out.push('    ' + w.more(r.offenders.length - SHOW_OFFENDERS));
    }
    out.push('');
  }
  return safeOutput(out.join('\n'));
}

function figure(r: RuleResult, unit: string | null, lang: Lang): string {
  if (r.actual === null || r.actual === undefined) return '';
  const sep = lang === 'zh' ? '，实际 ' : ', actual ';
  if (typeof r.actual === 'number' && unit === 'ratio') return sep + pct(r.actual);
  if (typeof r.actual === 'number' && unit && unit !== 'count' && unit !== 'months') return `${sep}${r.actual.toLocaleString('en-US')} ${unit}`;
  return sep + String(r.actual);
}

function computation(r: RuleResult, unit: string | null, kind: string, lang: Lang): string[] {
  const w = W[lang];
  const lines: string[] = [];
  if (r.evidence && r.evidence.length) {
    lines.push(`${w.rows}：`);
    for (const e of r.evidence) lines.push(`  ${e.file}:${e.line}  ${e.label}  ${e.value} ${e.unit}`);
    lines.push(`  ${w.total} ${r.actual} ${unit ?? ''}`.trimEnd());
  } else if (unit === 'ratio' && typeof r.numerator === 'number' && typeof r.denominator === 'number' && r.denominator > 0) {
    lines.push(w.ratio(String(r.numerator), String(r.denominator), pct(r.numerator / r.denominator)));
  } else if (typeof r.numerator === 'number' && typeof r.denominator === 'number') {
    if (kind === 'each' || kind === 'monthly') lines.push(w.entities(String(r.numerator), String(r.denominator)));
    else if (r.village === null) lines.push(w.villages(String(r.numerator), String(r.denominator)));
  }
  return lines;
}

/** file:line of an offender id in the rule's table (months and town ids have none). */
function offenderLines(dataset: Dataset, table: TableName | 'town'): (id: string) => string | null {
  if (table === 'town') return () => null;
  const t = dataset.tables[table];
  const idCol = TABLES[table].idColumn;
  const index = new Map<string, number>();
  // Keyed as the offenders are shown: escaped.
  if (idCol) t.records.forEach((rec, i) => index.set(escapeText(String(rec[idCol])), t.lines[i]!));
  return (id) => {
    const line = index.get(id);
    return line === undefined ? null : `${escapeText(String(t.file))}:${line}`;
  };
}
