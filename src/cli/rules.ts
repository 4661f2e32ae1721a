/**
 * `hebao-check rules [id]`: the pack as people read it, plus the clauses no
 * data can check and why. Docs generated from the pack, so they never drift.
 *
 * `--format json` (stable keys, more may be added): the list is
 * `{ schemaVersion: 1, pack: {id, title, sha256}, rules: [rule...],
 * unchecked: [{clause, reason}] }`; one rule is `{ schemaVersion: 1, pack,
 * rule }`. A rule is its metadata as the pack states it (`id`, `clause`,
 * `quote`, `title` {zh, en}, `level`, `scope`, `due`, `kind`, `targetText`
 * {zh, en}, `bound` (the target as a value: `{op, value, max?, unit, of}`,
 * or null), `headline`, `unit`) plus `check`: the kind and its parameters.
 */
import { stringify } from 'yaml';
import type { PackRule, RulePack } from '../engine/pack.js';
import type { RuleMeta, Scope } from '../model.js';
import { escapeData, escapeText, jsonSafe, safeOutput } from '../report/escape.js';
import { padEnd, width as displayWidth } from '../report/width.js';
import { REPORT_WORDS } from '../messages/report.js';

import type { Lang } from '../model.js';

const L = {
  zh: { error: REPORT_WORDS.zh.level.error, warning: REPORT_WORDS.zh.level.warning, standing: '持续', town: '全镇', village: '各村', pv: '贫困村', rules: '条规则', unchecked: '无法用数据检查的条款', quote: '原文', target: '目标', check: '检查', due: '截止', level: '级别', scope: '范围', clause: '条款' },
  en: { error: REPORT_WORDS.en.level.error, warning: REPORT_WORDS.en.level.warning, standing: 'standing', town: 'town', village: 'each village', pv: 'poverty villages', rules: 'rules', unchecked: 'Clauses no data can check', quote: 'Plan', target: 'Target', check: 'Check', due: 'Due', level: 'Level', scope: 'Scope', clause: 'Clause' },
};

export function scopeText(s: Scope, lang: Lang): string {
  const l = L[lang];
  switch (s.kind) {
    case 'town':
      return l.town;
    case 'village':
      return l.village;
    case 'poverty-village':
      return l.pv;
    case 'named':
      return escapeText(s.village);
  }
}

function row(m: RuleMeta, lang: Lang): string[] {
  const l = L[lang];
  return [m.id, m.clause, m.title[lang], m.level === 'error' ? l.error : l.warning, m.due ?? l.standing, scopeText(m.scope, lang)];
}

/** A rule as `rules --format json` and `explain --format json` give it. */
export function ruleJson(rule: PackRule) {
  return { ...rule.meta, check: { kind: rule.meta.kind, ...(rule.params as object) } };
}

function packJson(pack: RulePack) {
  return { id: pack.id, title: pack.title, sha256: pack.sha256 };
}

const json = (x: unknown) => jsonSafe(JSON.stringify(x, null, 2)) + '\n';

export function rulesCommand(
  pack: RulePack,
  id: string | undefined,
  opts: { lang: Lang; format: 'table' | 'text' | 'json' },
): { text: string; error?: boolean; hint?: string } {
  const { lang } = opts;
  const l = L[lang];
  if (id !== undefined) {
    const rule = pack.rules.find((r) => r.meta.id === id);
    if (!rule) {
      const hint = pack.rules.map((r) => r.meta.id).find((k) => k.startsWith(id) || id.startsWith(k));
      return { text: '', error: true, hint };
    }
    if (opts.format === 'json') return { text: json({ schemaVersion: 1, pack: packJson(pack), rule: ruleJson(rule) }) };
    // A pack is text from a file like the data: its words shown escaped (report/escape.ts).
    const m = escapeData(rule.meta);
    const lines = [
      `${m.id}  ${m.title[lang]}`,
      '',
      `${padEnd(l.clause, 6)}${m.clause}`,
      `${padEnd(l.quote, 6)}“${m.quote}”`,
      `${padEnd(l.level, 6)}${m.level === 'error' ? l.error : l.warning}`,
      `${padEnd(l.scope, 6)}${scopeText(m.scope, lang)}`,
      `${padEnd(l.due, 6)}${m.due ?? l.standing}`,
      `${padEnd(l.target, 6)}${m.targetText[lang]}`,
      `${padEnd(l.check, 6)}${m.kind}`,
      ...stringify(rule.params, { indent: 2 })
        .trimEnd()
        .split('\n')
        .map((s) => '      ' + s),
      '',
    ];
    return { text: safeOutput(lines.join('\n')) };
  }
  if (opts.format === 'json') {
    return { text: json({ schemaVersion: 1, pack: packJson(pack), rules: pack.rules.map(ruleJson), unchecked: pack.unchecked }) };
  }
  const head = lang === 'zh' ? ['编号', '条款', '标题', '级别', '截止', '范围'] : ['id', 'clause', 'title', 'level', 'due', 'scope'];
  const rows = [head, ...pack.rules.map((r) => row(escapeData(r.meta), lang))];
  const widths = head.map((_, i) => Math.max(...rows.map((r) => displayWidth(r[i]!))));
  const out = [`${escapeText(pack.title[lang])}（${escapeText(pack.id)}）：${pack.rules.length} ${l.rules}`, ''];
  for (const r of rows) out.push(r.map((c, i) => (i === r.length - 1 ? c : padEnd(c, widths[i]! + 2))).join('').trimEnd());
  out.push('', `${l.unchecked}:`);
  for (const u of escapeData(pack.unchecked)) out.push(`  ${u.clause}：${u.reason[lang]}`);
  return { text: safeOutput(out.join('\n') + '\n') };
}

