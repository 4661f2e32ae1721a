/** statusOf and worstStatus: the one place verdicts become statuses (rule-catalogue.md, Statuses). */
import { describe, expect, it } from 'vitest';
import { statusOf, worstStatus } from '../src/engine/evaluate.js';
import type { Status } from '../src/model.js';

describe('statusOf', () => {
  const due = '2020-12-31';
  it.each([
    // verdict, level, due, asOf, status
    ['ok', 'error', due, '2020-06-30', 'pass'],
    ['ok', 'warning', null, '2020-06-30', 'pass'],
    ['n/a', 'error', due, '2020-12-31', 'n/a'],
    ['no-data', 'error', due, '2020-06-30', 'no-data'],
    ['no-data', 'warning', null, '2020-06-30', 'no-data'],
    ['miss', 'error', due, '2020-12-30', 'pending'],
    ['miss', 'error', due, '2020-12-31', 'fail'], // due on the day itself
    ['miss', 'error', due, '2021-03-01', 'fail'],
    ['miss', 'error', null, '2020-01-01', 'fail'], // standing
    ['miss', 'warning', null, '2020-06-30', 'warn'],
    ['miss', 'warning', due, '2021-01-01', 'warn'], // a warning never fails
    ['late', 'error', '2020-10-31', '2020-06-30', 'fail'], // a date past the deadline fails before it
    ['late', 'warning', null, '2020-06-30', 'warn'],
    ['near', 'error', due, '2020-06-30', 'pending'], // 2.9: short of 9.1% before the year end
    ['near', 'error', due, '2020-12-31', 'warn'], // 2.9: within the tolerance at the year end
    ['near', 'warning', null, '2020-06-30', 'warn'],
  ] as const)('%s at %s level, due %s, as-of %s → %s', (verdict, level, d, asOf, status) => {
    expect(statusOf(verdict, level, d, asOf)).toBe(status);
  });
});

describe('worstStatus', () => {
  it('orders fail > no-data > pending > warn > pass > n/a', () => {
    const order: Status[] = ['fail', 'no-data', 'pending', 'warn', 'pass', 'n/a'];
    for (let i = 0; i < order.length; i++) {
      for (let j = i; j < order.length; j++) {
        expect(worstStatus([order[j]!, order[i]!])).toBe(order[i]);
        expect(worstStatus([order[i]!, order[j]!])).toBe(order[i]);
      }
    }
  });
  it('is n/a for nothing at all, and for only n/a', () => {
    expect(worstStatus([])).toBe('n/a');
    expect(worstStatus(['n/a', 'n/a'])).toBe('n/a');
  });
  it('counts waived as pass', () => {
    expect(worstStatus(['waived', 'n/a'])).toBe('waived');
    expect(worstStatus(['waived', 'warn'])).toBe('warn');
    expect(['pass', 'waived']).toContain(worstStatus(['pass', 'waived']));
  });
});
