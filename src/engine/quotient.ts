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
import { dec, type Decimal } from '../text/decimal.js';

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
  return Number((typeof n === 'number' ? dec(n) : n).div(d).round(10).toString());
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
  return (typeof n === 'number' ? dec(n) : n).gte(s.value.times(d));
}
