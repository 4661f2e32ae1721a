/**
 * Exact decimals: the one home of decimal arithmetic and of rounding figures
 * for people. The engine judges with these numbers and the reports print
 * them with these roundings, so a figure shown is the figure judged.
 *
 * Cells are parsed from decimal text into JS numbers; String(n) gives that
 * text back, so big.js sees exactly what the official typed (110.1 + 190.2 +
 * 199.7 is 500, not 499.99999999999994). Rounding for people is half-up (away
 * from zero on .5) on that decimal, never on binary floats: 0.1 + 0.2 shows
 * as 0.3, 1.005 as 1.01 and 0.9995 as 100.0%.
 *
 * Nothing here throws on odd input. big.js throws on Infinity, NaN and text
 * that is no number ("[big.js] Invalid number"), which took a whole run down
 * with no report when one cell held a 1 and 400 zeros. Such values are refused
 * long before (cells.ts refuses figures ≥ 10^15, pack.ts bounds that are not
 * numbers); should one get through, `dec` reads it as it says and the
 * formatting functions print it as it is, rather than taking the run down.
 */
import Big from 'big.js';

export type Decimal = Big;

/** Beyond any real figure: what ±Infinity reads as. */
const HUGE = '1e999';

/**
 * The exact decimal of a number or decimal text. Never throws: ±Infinity is
 * ±10^999, NaN and text that is no number (nor becomes one with Number()) 0.
 */
export function dec(value: number | string): Big {
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return new Big(value);
    return new Big(Number.isNaN(value) ? 0 : value > 0 ? HUGE : '-' + HUGE);
  }
  try {
    return new Big(value);
  } catch {
    return dec(Number(value));
  }
}

export function sum(values: Iterable<number>): Big {
  let total = new Big(0);
  for (const v of values) total = total.plus(dec(v));
  return total;
}

export type Comparison = 'gt' | 'gte' | 'lt' | 'lte' | 'eq';

export function compare(a: Big, op: Comparison, b: Big): boolean {
  switch (op) {
    case 'gt':
      return a.gt(b);
    case 'gte':
      return a.gte(b);
    case 'lt':
      return a.lt(b);
    case 'lte':
      return a.lte(b);
    case 'eq':
      return a.eq(b);
  }
}

/** num / den ≥ share, decided without division: num ≥ share × den. */
export function shareAtLeast(num: number, den: number, share: string | number): boolean {
  return atLeastTimes(num, den, scaled(share));
}

/** A JS number for the report, from an exact decimal (500, not 499.99999999999994). */
export function toNumber(value: Big): number {
  return Number(value.toString());
}

/** A ratio for the report; reporters round it for people, JSON keeps it as a fraction. 0 over 0 parts (callers show no figure then). */
export function ratio(num: number, den: number): number {
  return dec(den).eq(0) ? 0 : quotientFigure(num, den);
}

/* ---------- quotients of whole figures, without big.js ---------- */

/**
 * Quotients of figures, exactly as decimal arithmetic gives them, without
 * big.js where the figures are whole.
 *
 * The figure a result shows for a quotient (a share, a ratio, a growth rate),
 * exactly as decimal arithmetic gives it: the quotient to 20 decimal places,
 * then rounded half-up to 10 (big.js with its default DP and RM), as a JS
 * number. A share over a town's villages divides once per village per rule,
 * and big.js takes microseconds a division; for whole numbers (counts,
 * people, most sums of money) the same digits are worked out here by long
 * division in doubles, where every step is an exact integer operation.
 * Anything else goes to big.js.
 */

/** Past this, a remainder times ten is no longer exact in a double. */
const MAX_DIVISOR = 9e14;
const E10 = 1e10;

/** a / b for whole a ≥ 0 and b ≥ 1: the whole part and the first 20 decimals (as two 10-digit halves), rounded half-up at the 20th. */
function digits(a: number, b: number): { i: number; hi: number; lo: number } {
  let r = a % b;
  let i = (a - r) / b;
  let hi = 0;
  let lo = 0;
  for (let k = 0; k < 10; k++) {
    r *= 10;
    const d = r % b;
    hi = hi * 10 + (r - d) / b;
    r = d;
  }
  for (let k = 0; k < 10; k++) {
    r *= 10;
    const d = r % b;
    lo = lo * 10 + (r - d) / b;
    r = d;
  }
  r *= 10;
  // The 21st decimal decides the 20th (half-up).
  if ((r - (r % b)) / b >= 5 && ++lo === E10) {
    lo = 0;
    if (++hi === E10) {
      hi = 0;
      i++;
    }
  }
  return { i, hi, lo };
}

/** i.hi lo (20 decimals) rounded half-up to 10 decimals, with a sign; null when too large to be exact here. */
function rounded(negative: boolean, i: number, hi: number, lo: number): number | null {
  // The 11th decimal decides the 10th.
  const n = i * E10 + hi + (lo >= 5e9 ? 1 : 0);
  if (!(n <= Number.MAX_SAFE_INTEGER)) return null;
  // n / 10^10 is the double nearest the decimal, as Number() of its text is; a result of zero is 0, never -0.
  return n === 0 ? 0 : negative ? -(n / E10) : n / E10;
}

function fits(n: number, d: number): boolean {
  return Number.isSafeInteger(n) && Number.isSafeInteger(d) && d !== 0 && Math.abs(d) <= MAX_DIVISOR;
}

/** n / d as a result shows it: `Number(dec(n).div(d).round(10).toString())`. */
export function quotientFigure(n: number | Decimal, d: number | Decimal): number {
  if (typeof n === 'number' && typeof d === 'number' && fits(n, d)) {
    const q = digits(Math.abs(n), Math.abs(d));
    const r = rounded(n < 0 !== d < 0 && n !== 0, q.i, q.hi, q.lo);
    if (r !== null) return r;
  }
  return Number((typeof n === 'number' ? dec(n) : n).div(typeof d === 'number' ? dec(d) : d).round(10).toString());
}

/** n / d − 1 (a growth rate) as a result shows it: `Number(dec(n).div(d).minus(1).round(10).toString())`. */
export function growthFigure(n: number, d: number): number {
  if (fits(n, d) && d > 0) {
    const q = digits(Math.abs(n), d);
    let r: number | null;
    if (n < 0) r = rounded(true, q.i + 1, q.hi, q.lo);
    else if (q.i >= 1) r = rounded(false, q.i - 1, q.hi, q.lo);
    else if (q.hi === 0 && q.lo === 0) r = -1;
    // 0.hi lo − 1 = −(1 − 0.hi lo): the complement of the 20 decimals.
    else if (q.lo === 0) r = rounded(true, 0, E10 - q.hi, 0);
    else r = rounded(true, 0, E10 - 1 - q.hi, E10 - q.lo);
    if (r !== null) return r;
  }
  return Number(dec(n).div(d).minus(1).round(10).toString());
}

/** A decimal bound as a whole number of units of 10^-k (0.95 = 95 / 100), for comparing whole figures with it exactly. */
export interface Scaled {
  readonly value: Decimal;
  /** The bound times `scale`, NaN when that is not a safe integer. */
  readonly units: number;
  readonly scale: number;
}

export function scaled(x: number | string): Scaled {
  const value = dec(x);
  // toFixed: the digits with no exponent (0.0000001 too).
  const text = value.toFixed();
  const point = text.indexOf('.');
  const decimals = point < 0 ? 0 : text.length - point - 1;
  const units = Number(point < 0 ? text : text.slice(0, point) + text.slice(point + 1));
  return { value, units: Number.isSafeInteger(units) && decimals <= 15 ? units : NaN, scale: 10 ** decimals };
}

/** Whether n ≥ s × d, exactly: whole n and d as n × 10^k ≥ units × d where both fit a double exactly, else with big.js. */
export function atLeastTimes(n: number | Decimal, d: number | Decimal, s: Scaled): boolean {
  if (typeof n === 'number' && typeof d === 'number' && Number.isSafeInteger(n) && Number.isSafeInteger(d) && s.units === s.units) {
    const left = n * s.scale;
    const right = s.units * d;
    if (Number.isSafeInteger(left) && Number.isSafeInteger(right)) return left >= right;
  }
  return (typeof n === 'number' ? dec(n) : n).gte(s.value.times(typeof d === 'number' ? dec(d) : d));
}

/* ---------- figures for people ---------- */

/** What big.js reads of a decimal as people write it: blanks trimmed, thousands separators and a leading `+` dropped. */
const WRITTEN = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A JS number or a decimal as people write it (`1,000.5`, `+3`, `1e-7`),
 * exactly as written; null when it is not one (NaN, ±Infinity, words).
 */
export function parseDecimal(x: number | string): Big | null {
  if (typeof x === 'number') return Number.isFinite(x) ? new Big(x) : null;
  const s = x.trim().replace(/,/g, '');
  if (!WRITTEN.test(s)) return null;
  return new Big(s.startsWith('+') ? s.slice(1) : s);
}

/** Rounded half-up (away from zero on .5) to `places` decimals; never a negative zero. */
export function roundHalfUp(d: Big, places: number): Big {
  const r = d.round(places, Big.roundHalfUp);
  return r.eq(0) ? r.abs() : r;
}

/** `1234567.5` → `1,234,567.5`: separators in the whole part of plain decimal text. */
function group(text: string): string {
  const sign = text.startsWith('-') ? '-' : '';
  const [int, frac] = (sign ? text.slice(1) : text).split('.');
  return sign + int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (frac !== undefined ? '.' + frac : '');
}

/**
 * A decimal as text, without exponent: all its digits, or rounded half-up to
 * `places` decimals (trailing zeros dropped), or to exactly `fixed` decimals;
 * with thousands separators when `group`.
 */
export function decimalText(d: Big, opts: { places?: number; fixed?: number; group?: boolean } = {}): string {
  const text =
    opts.fixed !== undefined ? roundHalfUp(d, opts.fixed).toFixed(opts.fixed) : opts.places !== undefined ? roundHalfUp(d, opts.places).toFixed() : (d.eq(0) ? d.abs() : d).toFixed();
  return opts.group ? group(text) : text;
}

/** Every digit of a number, with thousands separators: `1000` → `1,000`, `1234.5678` → `1,234.5678`. */
export function thousands(n: number | string): string {
  return decimalText(dec(n), { group: true });
}

/** A share as a percentage, every digit kept: `0.95` → `95%`, `0.091` → `9.1%`. */
export function percent(share: number | string): string {
  return dec(share).times(100).toFixed() + '%';
}
