/**
 * Exact decimal arithmetic for verdicts. Cells are parsed from decimal text
 * into JS numbers; String(n) gives that text back, so big.js sees exactly what
 * the official typed (110.1 + 190.2 + 199.7 is 500, not 499.99999999999994).
 *
 * Nothing here throws on odd input. big.js throws on Infinity, NaN and text
 * that is no number ("[big.js] Invalid number"), which took a whole run down
 * with no report when one cell held a 1 and 400 zeros. Such values are refused
 * long before (cells.ts refuses figures ≥ 10^15, pack.ts bounds that are not
 * numbers); should one get through, it is read as dec() says rather than
 * taking the run down.
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
