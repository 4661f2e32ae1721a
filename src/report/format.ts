/**
 * Figures as people read them: `93.2%`, `999.5 亩`, `10,000 只`, `9,800 万元`.
 * Every rounding works on the decimal string of a number (half-up), never on
 * binary floats, so 0.1 + 0.2 shows as 0.3 and 0.9995 as 100.0%: the exact
 * decimals of src/text/decimal.ts, the same the engine judges with. Targets
 * are read from the rule's typed bound (RuleMeta.bound), never re-parsed
 * from the machine string of a result.
 */
import type { Bound, RuleMeta, RuleResult } from '../model.js';
import { decimalText, parseDecimal, roundHalfUp, type Decimal } from '../text/decimal.js';

import type { Lang } from '../model.js';
export type { Lang };

/**
 * A number with thousands separators, at most `maxDecimals` decimals (half-up,
 * trailing zeros dropped), or exactly `fixed` decimals when given.
 */
export function formatNumber(x: number | string, opts: { maxDecimals?: number; fixed?: number; group?: boolean } = {}): string {
  const d = parseDecimal(x);
  if (!d) return String(x);
  return decimalText(d, { ...(opts.fixed !== undefined ? { fixed: opts.fixed } : { places: opts.maxDecimals ?? 2 }), group: opts.group ?? true });
}

/** A fraction as a percentage with one decimal, always shown: 0.932 → `93.2%`, 0.95 → `95.0%`, 1 → `100.0%`. */
export function formatRatio(x: number | string): string {
  const d = parseDecimal(x);
  return d ? ratioText(d) + '%' : String(x);
}

/** A fraction in percent, one decimal, no `%`: 0.932 → `93.2`. */
function ratioText(d: Decimal): string {
  return decimalText(d.times(100), { fixed: 1, group: true });
}

/** Percentage points between two fractions: (0.954, 0.93) → `+2.4`. */
export function formatPointsDelta(after: number, before: number): string {
  const d = parseDecimal(after)!.minus(parseDecimal(before)!);
  const pts = ratioText(d);
  return d.lt(0) || pts.startsWith('-') ? pts : `+${pts}`;
}

const UNIT_EN: Record<string, string> = { count: '', months: 'months' };

/**
 * A measured figure in its unit: ratio → `93.2%`; 亩/吨 → `999.5 亩`; 只/户/count →
 * `10,000 只`; 元 → `52,300 元` (fen shown only when present: `52,300.50 元`);
 * 万元 → `9,800 万元`. Units the data writes in Chinese stay as written in
 * both languages, so an actual reads against the plan's target (`≥ 1,000 亩`).
 */
export function formatAmount(value: number | string | null | undefined, unit: string | null, lang: Lang): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string' && parseDecimal(value) === null) return value;
  switch (unit) {
    case 'ratio':
      return formatRatio(value);
    case 'points':
      return `${formatRatio(value).replace(/%$/, '')}${lang === 'zh' ? ' 个百分点' : ' points'}`;
    case 'count':
      return formatNumber(value, { maxDecimals: 2 });
    case 'months':
      return lang === 'zh' ? `${formatNumber(value)} 个月` : `${formatNumber(value)} ${UNIT_EN.months}`;
    case '元': {
      const d = parseDecimal(value);
      const whole = d === null || roundHalfUp(d, 2).mod(1).eq(0);
      return `${formatNumber(value, whole ? { maxDecimals: 0 } : { fixed: 2 })} 元`;
    }
    case '万元':
      return `${formatNumber(value, { maxDecimals: 2 })} 万元`;
    case null:
      return formatNumber(value, { maxDecimals: 2 });
    default:
      return `${formatNumber(value, { maxDecimals: 2 })} ${unit}`;
  }
}

/**
 * The unit a result's figure is in: its bound's, which is the figure's (2.9:
 * each village's growth ≥ 0.091 is a fraction), else the one the rule names.
 */
export function unitOf(meta: Pick<RuleMeta, 'unit' | 'bound'> | undefined): string | null {
  if (!meta) return null;
  return meta.bound?.unit ?? meta.unit;
}

/** An amount in the rule's unit; a count with its noun (`292 户`). */
export function formatFigure(value: number | string | null | undefined, meta: Pick<RuleMeta, 'unit' | 'bound' | 'noun'> | undefined, lang: Lang): string {
  const text = formatAmount(value, unitOf(meta), lang);
  return meta?.noun && meta.unit === 'count' && text !== '—' ? `${text} ${meta.noun[lang]}` : text;
}

/** The figure of a result for people: the measured amount, else `3/5` from its counts, else `—`. */
export function formatActual(r: Pick<RuleResult, 'actual' | 'numerator' | 'denominator' | 'of'>, meta: RuleMeta | undefined, lang: Lang): string {
  if (r.actual !== null && r.actual !== undefined) return formatFigure(r.actual, meta, lang);
  if (typeof r.numerator === 'number' && typeof r.denominator === 'number' && r.denominator > 0) {
    const n = formatNumber(r.numerator);
    const d = formatNumber(r.denominator);
    // A town result counts villages (those with something to check), not records: say so.
    if (r.of === 'villages') return lang === 'zh' ? `${n}/${d} 个村` : `${n} of ${d} villages`;
    return `${n}/${d}`;
  }
  return '—';
}

/** The target for people, from the pack (`≥ 95%`, `≥ 1,000 亩`). */
export function formatTarget(meta: RuleMeta | undefined, machine: string, lang: Lang): string {
  return meta ? meta.targetText[lang] : machine;
}

/**
 * The target's bound when it is a lower bound on the result's own figure and
 * nothing more (`≥ 1,000 亩`, `> 50,000 元`, `≥ 95%`): what a gap and a bar
 * are measured against. Null for a range (1–2 个), an upper bound, a bound
 * on growth, change or new records (a gap there would need its own words),
 * each entity's figure, or a rule with no bound.
 */
export function lowerBound(meta: Pick<RuleMeta, 'bound'> | undefined): Bound | null {
  const b = meta?.bound;
  return b && b.of === 'figure' && (b.op === 'gte' || b.op === 'gt') && b.max === undefined && b.against === undefined ? b : null;
}

/**
 * How far a figure is from its lower bound (`≥ 1,000 亩` with 999.5 → 0.5):
 * the target value and the gap, both formatted in the rule's unit; null when
 * the target is not a single lower bound (lowerBound), the figure is not a
 * number, or it is not short.
 */
export function shortfall(r: Pick<RuleResult, 'actual'>, meta: RuleMeta | undefined, lang: Lang): { target: string; gap: string } | null {
  const b = lowerBound(meta);
  if (!b || r.actual === null || r.actual === undefined) return null;
  const bound = parseDecimal(b.value);
  const actual = parseDecimal(r.actual);
  if (!bound || !actual) return null;
  const gap = bound.minus(actual);
  if (gap.lte(0)) return null;
  if (unitOf(meta) === 'ratio') {
    const pts = formatRatio(gap.toFixed()).replace('%', '');
    return { target: formatRatio(b.value), gap: lang === 'zh' ? `${pts} 个百分点` : `${pts} points` };
  }
  return { target: formatFigure(b.value, meta, lang), gap: formatFigure(gap.toFixed(), meta, lang) };
}

/** Whole days from `from` to `to` (YYYY-MM-DD, calendar dates, no time zone). */
export { daysBetween } from '../text/dates.js';

/** The first `n` characters of a sha256, enough to tell files apart in a printout. */
export function shortHash(sha: string, n = 12): string {
  return sha.slice(0, n);
}
