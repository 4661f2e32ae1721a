/** Target wording for people, built from a rule's params (thousands separators, percents). */
import Big from 'big.js';

export function thousands(n: number | string): string {
  const [int, frac] = new Big(n).toFixed().split('.');
  const sign = int!.startsWith('-') ? '-' : '';
  const digits = sign ? int!.slice(1) : int!;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return sign + grouped + (frac ? '.' + frac : '');
}

export function percent(share: number | string): string {
  return new Big(share).times(100).toFixed() + '%';
}

export type Op = 'gt' | 'gte' | 'lt' | 'lte' | 'eq';
export const OP_SYMBOL: Record<Op, { machine: string; human: string }> = {
  gt: { machine: '>', human: '>' },
  gte: { machine: '>=', human: '≥' },
  lt: { machine: '<', human: '<' },
  lte: { machine: '<=', human: '≤' },
  eq: { machine: '==', human: '=' },
};
