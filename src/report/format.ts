/**
 * Figures as people read them: `93.2%`, `999.5 亩`, `10,000 只`, `9,800 万元`.
 * Every rounding works on the decimal string of a number (half-up), never on
 * binary floats, so 0.1 + 0.2 shows as 0.3 and 0.9995 as 100.0%.
 */
import type { RuleMeta, RuleResult } from '../model.js';

import type { Lang } from '../model.js';
export type { Lang };

/** A decimal as sign, digits and scale: value = (-1)^neg × digits × 10^-scale. */
interface Dec {
  neg: boolean;
  digits: bigint;
  scale: number;
}

/** Parses a JS number or a decimal string (`1,000.5`, `1e-7`) exactly as written; null when it is not one. */
export function parseDecimal(x: number | string): Dec | null {
  if (typeof x === 'number' && !Number.isFinite(x)) return null;
  const s = (typeof x === 'number' ? String(x) : x).trim().replace(/,/g, '');
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(s);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return null;
  const int = m[2] ?? '';
  const frac = m[3] ?? '';
  const exp = Number(m[4] ?? 0);
  let digits = BigInt((int + frac).replace(/^0+(?=\d)/, '') || '0');
  let scale = frac.length - exp;
  if (scale < 0) {
    digits *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { neg: m[1] === '-' && digits !== 0n, digits, scale };
}

/** Rounds half-up (away from zero on .5) to `places` decimals. */
function roundDec(d: Dec, places: number): Dec {
  if (d.scale <= places) return { ...d, digits: d.digits * 10n ** BigInt(places - d.scale), scale: places };
  const div = 10n ** BigInt(d.scale - places);
  let q = d.digits / div;
  if ((d.digits % div) * 2n >= div) q += 1n;
  return { neg: d.neg && q !== 0n, digits: q, scale: places };
}

function decToString(d: Dec, { trim, group }: { trim: boolean; group: boolean }): string {
  let s = d.digits.toString().padStart(d.scale + 1, '0');
  let int = d.scale ? s.slice(0, -d.scale) : s;
  let frac = d.scale ? s.slice(-d.scale) : '';
  if (trim) frac = frac.replace(/0+$/, '');
  if (group) int = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  s = frac ? `${int}.${frac}` : int;
  return (d.neg ? '-' : '') + s;
}

function subtract(a: Dec, b: Dec): Dec {
  const scale = Math.max(a.scale, b.scale);
  const av = (a.neg ? -1n : 1n) * a.digits * 10n ** BigInt(scale - a.scale);
  const bv = (b.neg ? -1n : 1n) * b.digits * 10n ** BigInt(scale - b.scale);
  const v = av - bv;
  return { neg: v < 0n, digits: v < 0n ? -v : v, scale };
}

/**
 * A number with thousands separators, at most `maxDecimals` decimals (half-up,
 * trailing zeros dropped), or exactly `fixed` decimals when given.
 */
export function formatNumber(x: number | string, opts: { maxDecimals?: number; fixed?: number; group?: boolean } = {}): string {
  const d = parseDecimal(x);
  if (!d) return String(x);
  const places = opts.fixed ?? opts.maxDecimals ?? 2;
  return decToString(roundDec(d, places), { trim: opts.fixed === undefined, group: opts.group ?? true });
}

/** A fraction as a percentage with one decimal, always shown: 0.932 → `93.2%`, 0.95 → `95.0%`, 1 → `100.0%`. */
export function formatRatio(x: number | string): string {
  const d = parseDecimal(x);
  if (!d) return String(x);
  return decToString(roundDec({ ...d, scale: d.scale - 2 < 0 ? 0 : d.scale - 2, digits: d.scale - 2 < 0 ? d.digits * 10n ** BigInt(2 - d.scale) : d.digits }, 1), { trim: false, group: true }) + '%';
}

/** Percentage points between two fractions: (0.954, 0.93) → `+2.4`. */
export function formatPointsDelta(after: number, before: number): string {
  const d = subtract(parseDecimal(after)!, parseDecimal(before)!);
  const pts = formatRatio(decToString(d, { trim: false, group: false })).replace('%', '');
  return d.neg || pts.startsWith('-') ? pts : `+${pts}`;
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
    case 'count':
      return formatNumber(value, { maxDecimals: 2 });
    case 'months':
      return lang === 'zh' ? `${formatNumber(value)} 个月` : `${formatNumber(value)} ${UNIT_EN.months}`;
    case '元': {
      const d = parseDecimal(value)!;
      const whole = roundDec(d, 2).digits % 100n === 0n;
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

/** The unit a result's figure is in; a rule without one whose target is a percentage measures a fraction (2.9 growth). */
export function unitOf(meta: Pick<RuleMeta, 'unit' | 'targetText'> | undefined): string | null {
  if (!meta) return null;
  if (meta.unit === null && /%/.test(meta.targetText.zh)) return 'ratio';
  return meta.unit;
}

/** An amount in the rule's unit; a count with its noun (`292 户`). */
export function formatFigure(value: number | string | null | undefined, meta: Pick<RuleMeta, 'unit' | 'targetText' | 'noun'> | undefined, lang: Lang): string {
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
 * How far a figure is from a lower bound (`>= 1000` with 999.5 → 0.5): the
 * target value and the gap, both formatted in the rule's unit; null when the
 * target is not a single lower bound or the figure is not a number.
 */
export function shortfall(
  r: Pick<RuleResult, 'actual' | 'target'>,
  meta: RuleMeta | undefined,
  lang: Lang,
): { target: string; gap: string } | null {
  const m = /^\s*(>=|>)\s*(-?[\d.,eE+-]+)\s*$/.exec(r.target);
  if (!m || r.actual === null || r.actual === undefined) return null;
  const bound = parseDecimal(m[2]!);
  const actual = parseDecimal(r.actual);
  if (!bound || !actual) return null;
  const gap = subtract(bound, actual);
  if (gap.neg || gap.digits === 0n) return null;
  const unit = unitOf(meta);
  const gapText = decToString(gap, { trim: false, group: false });
  if (unit === 'ratio') {
    const pts = formatRatio(gapText).replace('%', '');
    return { target: formatRatio(m[2]!), gap: lang === 'zh' ? `${pts} 个百分点` : `${pts} points` };
  }
  return { target: formatFigure(m[2]!, meta, lang), gap: formatFigure(gapText, meta, lang) };
}

/** Whole days from `from` to `to` (YYYY-MM-DD, calendar dates, no time zone). */
export { daysBetween } from '../text/dates.js';

/** The first `n` characters of a sha256, enough to tell files apart in a printout. */
export function shortHash(sha: string, n = 12): string {
  return sha.slice(0, n);
}
