import Big from 'big.js';
import { describe, expect, it } from 'vitest';
import { Total } from '../src/engine/total.js';

/** The running total the hot loops of share keep must be the exact decimal sum, whatever the figures. */
describe('Total', () => {
  const exact = (xs: number[]) => xs.reduce((a, x) => a.plus(x), new Big(0)).toString();
  const total = (xs: number[]) => {
    const t = new Total();
    for (const x of xs) t.add(x);
    return t.value.toString();
  };

  it('adds fractions exactly (0.1 + 0.2 is 0.3)', () => {
    expect(total([0.1, 0.2])).toBe('0.3');
    expect(total([110.1, 190.2, 199.7, 3])).toBe('503');
  });

  it('stays exact past 2^53, where doubles round', () => {
    const xs = [Number.MAX_SAFE_INTEGER, 1, 1, 1];
    expect(total(xs)).toBe(exact(xs));
    expect(total(xs)).toBe('9007199254740994');
  });

  it('mixes whole figures, fractions and negatives, and totals of totals', () => {
    const a = [3, -0.5, 1e14, 0.25, -7];
    const b = [999999999999999, 0.75, 2];
    expect(total(a)).toBe(exact(a));
    const ta = new Total();
    const tb = new Total();
    for (const x of a) ta.add(x);
    for (const x of b) tb.add(x);
    expect(ta.plus(tb).value.toString()).toBe(exact([...a, ...b]));
    expect(new Total().value.toString()).toBe('0');
  });
});
