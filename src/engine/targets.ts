/** Targets built from a rule's params: the words people read (thousands separators, percents) and the bound as a value. */
import type { Bound } from '../model.js';
import type { Condition } from './conditions.js';
import { dec, decimalText } from '../text/decimal.js';

export { percent, thousands } from '../text/decimal.js';

export type Op = 'gt' | 'gte' | 'lt' | 'lte' | 'eq';
export const OP_SYMBOL: Record<Op, { machine: string; human: string }> = {
  gt: { machine: '>', human: '>' },
  gte: { machine: '>=', human: '≥' },
  lt: { machine: '<', human: '<' },
  lte: { machine: '<=', human: '≤' },
  eq: { machine: '==', human: '=' },
};

/** A param's number as exact decimal text, no exponent: 0.95 → `0.95`, `"1000.0"` → `1000`. */
export function exact(value: number | string): string {
  return decimalText(dec(value));
}

/** The bound `figure op value` in `unit`; `more` adds an upper bound, a tolerance or the figure it moves with. */
export function bound(op: Op, value: number | string, unit: string | null, of: Bound['of'], more: { max?: number | string; about?: number | string; against?: string } = {}): Bound {
  return {
    op,
    value: exact(value),
    ...(more.max !== undefined ? { max: exact(more.max) } : {}),
    unit,
    of,
    ...(more.about !== undefined ? { about: exact(more.about) } : {}),
    ...(more.against !== undefined ? { against: more.against } : {}),
  };
}

/** A bound a pack writes in a condition: a number, or decimal text (not a date, not `$asOf`). */
function decimalBound(x: unknown): x is number | string {
  return (typeof x === 'number' && Number.isFinite(x)) || (typeof x === 'string' && /^-?\d+(\.\d+)?$/.test(x));
}

/**
 * The bound on each entity's own figure that an `each` requirement sets, when
 * it is one test of one figure: a ratio or growth (a fraction: ratio), the
 * days between two dates, or a column's figure against numbers (in `unit`,
 * the rule's). Null for anything else: several tests, a date, a value list.
 */
export function eachBound(require: Condition, definitions: Readonly<Record<string, Condition>> | undefined, unit: string | null): Bound | null {
  let c: Condition | undefined = require;
  // A `use:` names a definition (pack.ts refuses cycles; the depth cap is only a guard).
  for (let depth = 0; c && 'use' in c && depth < 20; depth++) c = definitions && Object.hasOwn(definitions, c.use) ? definitions[c.use] : undefined;
  if (!c || 'use' in c) return null;
  if ('ratio' in c) return decimalBound(c.gte) ? bound('gte', c.gte, 'ratio', 'each') : null;
  if ('growth' in c) {
    if (!decimalBound(c.gte) || (c.about !== undefined && !decimalBound(c.about))) return null;
    return bound('gte', c.gte, 'ratio', 'each', c.about !== undefined ? { about: c.about } : {});
  }
  if ('days' in c) return range({ gte: c.gte, lte: c.lte }, unit);
  if (!('field' in c)) return null;
  const { field: _field, final: _final, ...tests } = c;
  const keys = Object.keys(tests).filter((k) => (tests as Record<string, unknown>)[k] !== undefined);
  if (!keys.every((k) => k === 'gt' || k === 'gte' || k === 'lt' || k === 'lte' || k === 'between')) return null;
  if (tests.between !== undefined) return keys.length === 1 ? range({ gte: tests.between[0], lte: tests.between[1] }, unit) : null;
  return range(tests, unit);
}

/** One lower or upper bound, or a lower one with an upper (`gte`/`gt` and `lte`), all numbers; else null. */
function range(t: { gt?: unknown; gte?: unknown; lt?: unknown; lte?: unknown }, unit: string | null): Bound | null {
  const given = (['gt', 'gte', 'lt', 'lte'] as const).filter((k) => t[k] !== undefined);
  if (!given.length || !given.every((k) => decimalBound(t[k]))) return null;
  if (given.length === 1) return bound(given[0]!, t[given[0]!] as number | string, unit, 'each');
  if (given.length === 2 && given[1] === 'lte' && (given[0] === 'gt' || given[0] === 'gte')) return bound(given[0], t[given[0]] as number | string, unit, 'each', { max: t.lte as number | string });
  return null;
}
