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
  return dec(num).gte(dec(share).times(dec(den)));
}

/** A JS number for the report, from an exact decimal (500, not 499.99999999999994). */
export function toNumber(value: Big): number {
  return Number(value.toString());
}

/** A ratio for the report; reporters round it for people, JSON keeps it as a fraction. 0 over 0 parts (callers show no figure then). */
export function ratio(num: number, den: number): number {
  const d = dec(den);
  if (d.eq(0)) return 0;
  return Number(dec(num).div(d).round(10).toString());
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
