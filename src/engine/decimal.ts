/**
 * Exact decimal arithmetic for verdicts. Cells are parsed from decimal text
 * into JS numbers; String(n) gives that text back, so big.js sees exactly what
 * the official typed (110.1 + 190.2 + 199.7 is 500, not 499.99999999999994).
 */
import Big from 'big.js';

export type Decimal = Big;

export function dec(value: number | string): Big {
  return new Big(value);
}

export function sum(values: Iterable<number>): Big {
  let total = new Big(0);
  for (const v of values) total = total.plus(v);
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
  return new Big(num).gte(new Big(share).times(den));
}

/** A JS number for the report, from an exact decimal (500, not 499.99999999999994). */
export function toNumber(value: Big): number {
  return Number(value.toString());
}

/** A ratio for the report; reporters round it for people, JSON keeps it as a fraction. */
export function ratio(num: number, den: number): number {
  return Number(new Big(num).div(den).round(10).toString());
}
