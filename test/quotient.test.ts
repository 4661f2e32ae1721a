/**
 * The figure a share, ratio or growth result shows is the decimal quotient
 * rounded as big.js rounds it (20 places half-up, then 10 half-up), whether
 * it was worked out by long division of whole numbers or by big.js: the same
 * number for every pair, at every rounding edge.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dec } from '../src/text/decimal.js';
import { atLeastTimes, growthFigure, quotientFigure, scaled } from '../src/text/decimal.js';

const byBig = (n: number, d: number) => Number(dec(n).div(d).round(10).toString());
const growthByBig = (n: number, d: number) => Number(dec(n).div(d).minus(1).round(10).toString());
const same = (a: number, b: number) => Object.is(a, b);

/** Whole numbers of every size, those near the limits of exact doubles among them. */
const whole = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }),
  fc.integer({ min: -1e7, max: 1e7 }),
  fc.maxSafeInteger(),
  fc.constantFrom(0, -0, 1, 2 ** 53 - 1, -(2 ** 53 - 1), 9e14, 9e14 + 1, 1e15, 123456789012345),
);
const divisor = fc.oneof(fc.integer({ min: 1, max: 3000 }), fc.integer({ min: -3000, max: -1 }), fc.integer({ min: 1, max: 9e14 }), fc.constantFrom(9e14, 9e14 + 1, 2 ** 53 - 1, 3, 7, 9, 11, 13));
/**
 * n / (2n·10^10 + 1) = 0.0000000000 4999999999 7…: rounded to 20 places it is
 * 0.0000000000 5 and then rounds up at 10, where rounding once would not.
 */
const twice = fc.oneof(
  fc.integer({ min: 1, max: 45_000 }).map((n) => [n, 2 * n * 1e10 + 1] as const),
  // n / (n·10^10 + 1) = 0.0000000000 9999999999 9…: the 20th place carries into the 10th.
  fc.integer({ min: 1, max: 90_000 }).map((n) => [n, n * 1e10 + 1] as const),
);
/** Divisors that make the 11th or 21st decimal a 5 (powers of 2 and 5), where half-up rounding decides. */
const edge = fc.tuple(fc.nat(40), fc.nat(20)).map(([p, q]) => 2 ** Math.min(p, 40) * 5 ** Math.min(q, 17)).filter((d) => d <= 2 ** 53);

describe('quotients as results show them', () => {
  it('n / d is the decimal quotient rounded as big.js rounds it', () => {
    fc.assert(
      fc.property(whole, fc.oneof(divisor, edge), (n, d) => {
        expect(same(quotientFigure(n, d), byBig(n, d)), `${n} / ${d}`).toBe(true);
      }),
      { numRuns: 20_000 },
    );
    // Rounded twice, as big.js does: to 20 places, then to 10.
    fc.assert(
      fc.property(twice, fc.boolean(), ([n, d], negative) => {
        const m = negative ? -n : n;
        expect(quotientFigure(m, d), `${m} / ${d}`).toBe(byBig(m, d));
        expect(Math.abs(quotientFigure(m, d))).toBe(1e-10);
      }),
    );
    // Fractions and exact decimals go to big.js: the same figure.
    for (const [n, d] of [[1.5, 3], [0.1, 0.3], [7, 0.25], [-2.5, 4]] as const) expect(quotientFigure(n, d)).toBe(byBig(n, d));
    expect(quotientFigure(dec('0.3'), dec(3))).toBe(byBig(0.3, 3));
    // Halves at the 11th and 21st decimal places round up (away from zero).
    for (const [n, d] of [[1, 2 ** 11 * 5 ** 11], [-1, 2 ** 11 * 5 ** 11], [5, 2 ** 21 * 5 ** 21 / 1e21], [1, 2 ** 40], [3, 2 ** 45 * 5], [1, 3]] as const)
      expect(same(quotientFigure(n, d), byBig(n, d)), `${n} / ${d}`).toBe(true);
  });

  it('n / d − 1 is the decimal growth rounded as big.js rounds it', () => {
    fc.assert(
      fc.property(whole, fc.oneof(divisor, edge).filter((d) => d > 0), (n, d) => {
        expect(same(growthFigure(n, d), growthByBig(n, d)), `${n} / ${d} - 1`).toBe(true);
      }),
      { numRuns: 20_000 },
    );
    // Rounded twice: (d + n) / d − 1 and (d − n) / d − 1 have the same decimals as ±n / d.
    fc.assert(
      fc.property(twice, ([n, d]) => {
        expect(growthFigure(d + n, d), `${d + n} / ${d} - 1`).toBe(growthByBig(d + n, d));
        expect(growthFigure(d - n, d), `${d - n} / ${d} - 1`).toBe(growthByBig(d - n, d));
        expect(growthFigure(-n, d), `${-n} / ${d} - 1`).toBe(growthByBig(-n, d));
      }),
    );
    for (const [n, d] of [[0, 5], [5, 5], [4, 5], [6, 5], [-3, 7], [1, 2 ** 40], [2 ** 40 - 1, 2 ** 40], [1.5, 2]] as const)
      expect(same(growthFigure(n, d), growthByBig(n, d)), `${n} / ${d} - 1`).toBe(true);
  });

  it('n ≥ bound × d is decided as big.js decides it, for whole figures and any decimal bound', () => {
    const bound = fc.oneof(
      fc.constantFrom<number | string>('0.95', '0.75', '1', '0', '0.8', '0.091', '0.1', 1, 0, 0.95, '1.0', '0.0000001', '123456789.123456789', '-0.5'),
      fc.tuple(fc.nat(10 ** 6), fc.nat(8)).map(([u, k]) => (u / 10 ** k).toFixed(k)),
    );
    fc.assert(
      fc.property(whole, fc.oneof(whole, divisor), bound, (n, d, b) => {
        const s = scaled(b);
        expect(atLeastTimes(n, d, s), `${n} >= ${b} × ${d}`).toBe(dec(n).gte(dec(b).times(d)));
        // Near the bound: n one above, at and below bound × d.
        const at = Math.round(Number(b) * d);
        for (const m of [at - 1, at, at + 1]) if (Number.isSafeInteger(m)) expect(atLeastTimes(m, d, s), `${m} >= ${b} × ${d}`).toBe(dec(m).gte(dec(b).times(d)));
      }),
      { numRuns: 20_000 },
    );
    // Decimals and fractions go to big.js.
    expect(atLeastTimes(dec('0.95'), dec(1), scaled('0.95'))).toBe(true);
    expect(atLeastTimes(9.5, 10, scaled('0.95'))).toBe(true);
    expect(atLeastTimes(9.4, 10, scaled('0.95'))).toBe(false);
  });
});
