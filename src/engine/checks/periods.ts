/**
 * What the kinds that compare periods share: a figure (a sum, a count, a
 * weighted mean or a share) over a table's records in this period's folder and
 * in earlier ones, read at its lowest and highest where cells are unreadable
 * or records may or may not count, so that a verdict both readings agree on
 * stands. Means and shares stay exact fractions (never floats, never a
 * rounded quotient).
 */
import { type TableName } from '../../contract/tables.js';
import { BUILT_IN, type Contract } from '../../contract/contract.js';
import { isUnknown, type Dataset, type DataError, type Rec } from '../../model.js';
import type { Compiled, EvalContext } from '../conditions.js';
import { dec, type Decimal } from '../../text/decimal.js';
import type { Rows } from '../kind.js';
import { groupRows, perValue, recAt, recordIndexes, rowSetOf, villageKey } from '../records.js';
import { nonNegative } from './common.js';

/** A figure at its lowest and highest reading; null: no bound (an unreadable figure could be anything). */
export interface Bounds {
  lo: Decimal | null;
  hi: Decimal | null;
  waits: DataError[];
}


/**
 * The sum of `field` over the records `where` selects (the count, without a
 * field). `maybe` are records that may or may not belong (their village is
 * unreadable); a record whose membership is unknown counts as one of them.
 */
export function bounds(table: TableName, placed: Rows, maybe: Rows, where: Compiled | null, field: string | null, contract: Contract = BUILT_IN): Bounds {
  let lo: Decimal | null = dec(0);
  let hi: Decimal | null = dec(0);
  const waits: DataError[] = [];
  const floor = field === null || nonNegative(contract, table, field);
  const villageCol = contract.tables[table]!.villageColumn;
  const add = (rec: Rec, surely: boolean) => {
    const m = where ? where.member(rec) : 'in';
    if (m === 'out') return;
    if (m === 'unknown') waits.push(...where!.waits(rec));
    const sure = surely && m === 'in';
    if (!surely && villageCol && isUnknown(rec[villageCol])) waits.push(rec[villageCol].error);
    if (field === null) {
      if (sure && lo) lo = lo.plus(1);
      if (hi) hi = hi.plus(1);
      return;
    }
    const v = rec[field];
    if (typeof v === 'number') {
      if (sure) {
        if (lo) lo = lo.plus(v);
        if (hi) hi = hi.plus(v);
      } else if (v > 0) {
        if (hi) hi = hi.plus(v);
      } else if (lo) lo = lo.plus(v);
      return;
    }
    // An unreadable or empty figure (a measured one: unknown, not zero) could be any amount.
    if (isUnknown(v)) waits.push(v.error);
    hi = null;
    if (!floor) lo = null;
  };
  for (let k = 0; k < placed.orders.length; k++) add(recAt(placed, k), true);
  for (let k = 0; k < maybe.orders.length; k++) add(recAt(maybe, k), false);
  return { lo, hi, waits };
}

/** Records of a table by village in last period's data (built once per run and table). */
const PREVIOUS = new WeakMap<Dataset, Map<TableName, Map<string, Rows>>>();
export function previousByVillage(previous: Dataset, table: TableName): Map<string, Rows> {
  let byTable = PREVIOUS.get(previous);
  if (!byTable) PREVIOUS.set(previous, (byTable = new Map()));
  let m = byTable.get(table);
  if (!m) {
    const col = previous.contract.tables[table]!.villageColumn;
    const set = rowSetOf(previous, table);
    m = col ? groupRows(set, perValue(set, col, villageKey)) : new Map<string, Rows>();
    byTable.set(table, m);
  }
  return m;
}

// ── Figures of every kind, exact: sums, counts, weighted means and shares ────

/**
 * An exact fraction n / d with d > 0. A mean or a share is kept undivided
 * (big.js rounds a quotient), and compared by cross-multiplying.
 */
export interface Frac {
  n: Decimal;
  d: Decimal;
}
const ONE = dec(1);
export const whole = (n: Decimal): Frac => ({ n, d: ONE });
/** The sign of a − b: −1, 0 or 1. */
export function cmpFrac(a: Frac, b: Frac): number {
  return a.d.eq(b.d) ? a.n.cmp(b.n) : a.n.times(b.d).cmp(b.n.times(a.d));
}
export function minusFrac(a: Frac, b: Frac): Frac {
  return a.d.eq(b.d) ? { n: a.n.minus(b.n), d: a.d } : { n: a.n.times(b.d).minus(b.n.times(a.d)), d: a.d.times(b.d) };
}
export function plusFrac(a: Frac, b: Frac): Frac {
  return a.d.eq(b.d) ? { n: a.n.plus(b.n), d: a.d } : { n: a.n.times(b.d).plus(b.n.times(a.d)), d: a.d.times(b.d) };
}
/** a / b, for b ≠ 0. */
export function divFrac(a: Frac, b: Frac): Frac {
  const n = a.n.times(b.d);
  const d = a.d.times(b.n);
  return d.lt(0) ? { n: n.neg(), d: d.neg() } : { n, d };
}
/** A figure for the report: exact when whole, else rounded to 10 places like every ratio. */
export function fracNumber(a: Frac): number {
  return a.d.eq(1) ? Number(a.n.toString()) : Number(a.n.div(a.d).round(10).toString());
}

/** What a compared figure is: a sum of `field`, a count of records, a mean of `field` weighted by `weight`, or a share meeting `meets`. */
export type FigureKind = 'sum' | 'count' | 'mean' | 'share';

export interface FigureSpec {
  table: TableName;
  kind: FigureKind;
  where: Compiled | null;
  field: string | null;
  /** Mean: the weight column (each record counts once without it); share: weighs each record (people, not households). */
  weight: string | null;
  meets: Compiled | null;
}

/**
 * A figure at its lowest and highest reading (null: no bound), as exact
 * fractions. A mean or a share over no records has no figure at all:
 * `empty` says whether that is sure, possible (every record it counts is in
 * doubt) or ruled out; the bounds are then those of the figure when it exists.
 */
export interface Range {
  lo: Frac | null;
  hi: Frac | null;
  empty: 'no' | 'maybe' | 'sure';
  waits: DataError[];
}

/** The figure when both readings agree, else null. */
export function exactly(r: Range): Frac | null {
  return r.empty === 'no' && r.lo !== null && r.hi !== null && cmpFrac(r.lo, r.hi) === 0 ? r.lo : null;
}

/**
 * One record of a mean or share: its value x in [xlo, xhi] (null: unbounded)
 * and its weight in [wlo, whi] (whi null: any amount). A record that may not
 * count at all has wlo 0.
 */
interface Item {
  xlo: Decimal | null;
  xhi: Decimal | null;
  wlo: Decimal;
  whi: Decimal | null;
}

/**
 * The figure of `spec` over the records of a village (or the town): `placed`
 * surely belong, `maybe` may or may not (their village is unreadable).
 */
export function figureRange(spec: FigureSpec, placed: Rows, maybe: Rows, contract: Contract = BUILT_IN): Range {
  if (spec.kind === 'sum' || spec.kind === 'count') {
    const b = bounds(spec.table, placed, maybe, spec.where, spec.kind === 'sum' ? spec.field : null, contract);
    return { lo: b.lo === null ? null : whole(b.lo), hi: b.hi === null ? null : whole(b.hi), empty: 'no', waits: b.waits };
  }
  const waits: DataError[] = [];
  const items: Item[] = [];
  const villageCol = contract.tables[spec.table]!.villageColumn;
  const floor = spec.kind === 'share' || nonNegative(contract, spec.table, spec.field!);
  const zero = dec(0);
  const add = (rec: Rec, surely: boolean) => {
    const m = spec.where ? spec.where.member(rec) : 'in';
    if (m === 'out') return;
    if (m === 'unknown') waits.push(...spec.where!.waits(rec));
    if (!surely && villageCol && isUnknown(rec[villageCol])) waits.push(rec[villageCol].error);
    const sure = surely && m === 'in';
    // Its weight: 1, or its figure in the weight column; unreadable or empty, any amount.
    let wlo: Decimal = ONE;
    let whi: Decimal | null = ONE;
    if (spec.weight !== null) {
      const w = rec[spec.weight];
      if (typeof w === 'number') wlo = whi = dec(w);
      else {
        if (isUnknown(w)) waits.push(w.error);
        wlo = zero;
        whi = null;
      }
    }
    let xlo: Decimal | null;
    let xhi: Decimal | null;
    if (spec.kind === 'share') {
      const j = spec.meets!.judge(rec);
      if (j.outcome === 'ok') xlo = xhi = ONE;
      else if (j.outcome === 'no-data') {
        if (j.waits) waits.push(...j.waits);
        xlo = zero;
        xhi = ONE;
      } else xlo = xhi = zero;
    } else {
      const x = rec[spec.field!];
      if (typeof x === 'number') xlo = xhi = dec(x);
      else {
        // An unreadable or empty figure (measured: unknown, not zero) could be any amount.
        if (isUnknown(x)) waits.push(x.error);
        xlo = floor ? zero : null;
        xhi = null;
      }
    }
    items.push({ xlo, xhi, wlo: sure ? wlo : zero, whi });
  };
  for (let k = 0; k < placed.orders.length; k++) add(recAt(placed, k), true);
  for (let k = 0; k < maybe.orders.length; k++) add(recAt(maybe, k), false);
  const counts = items.filter((it) => it.whi === null || it.whi.gt(0));
  if (counts.length === 0) return { lo: null, hi: null, empty: 'sure', waits };
  const empty = counts.some((it) => it.wlo.gt(0)) ? 'no' : 'maybe';
  const lo = lowest(counts);
  // The highest is the lowest of the figures negated.
  const hiNeg = lowest(counts.map((it) => ({ xlo: it.xhi === null ? null : it.xhi.neg(), xhi: it.xlo === null ? null : it.xlo.neg(), wlo: it.wlo, whi: it.whi })));
  return { lo, hi: hiNeg === null ? null : { n: hiNeg.n.neg(), d: hiNeg.d }, empty, waits };
}

/**
 * The lowest weighted mean Σ w·x / Σ w the items allow (null: none, it could
 * be any amount). Each at its lowest value; a sure weight counts in full, and
 * the weight each item may add is added from the lowest value up while it
 * lowers the mean (the greedy order is the optimal one for a mean). An item
 * whose weight may be any amount pulls the mean down to its own value.
 */
function lowest(items: readonly Item[]): Frac | null {
  let s = dec(0);
  let w = dec(0);
  const extra: { x: Decimal; w: Decimal | null }[] = [];
  for (const it of items) {
    if (it.wlo.gt(0)) {
      if (it.xlo === null) return null;
      s = s.plus(it.wlo.times(it.xlo));
      w = w.plus(it.wlo);
    }
    const more = it.whi === null ? null : it.whi.minus(it.wlo);
    if (more === null || more.gt(0)) {
      if (it.xlo === null) return null;
      extra.push({ x: it.xlo, w: more });
    }
  }
  extra.sort((a, b) => a.x.cmp(b.x));
  for (const e of extra) {
    if (w.gt(0) && e.x.times(w).gte(s)) break;
    if (e.w === null) return whole(e.x);
    s = s.plus(e.w.times(e.x));
    w = w.plus(e.w);
  }
  return w.gt(0) ? { n: s, d: w } : null;
}

/**
 * The change between two ranges, lowest and highest (null: unbounded that
 * way): `difference` now − before; `growth` now / before − 1 over the readings
 * where before > 0. 'zero' when before is surely 0 or less: no growth rate.
 */
export function changeBetween(compare: 'growth' | 'difference', cur: Range, prev: Range): { lo: Frac | null; hi: Frac | null } | 'zero' {
  if (compare === 'difference') {
    return { lo: cur.lo === null || prev.hi === null ? null : minusFrac(cur.lo, prev.hi), hi: cur.hi === null || prev.lo === null ? null : minusFrac(cur.hi, prev.lo) };
  }
  const zero = whole(dec(0));
  if (prev.hi !== null && cmpFrac(prev.hi, zero) <= 0) return 'zero';
  // Before ranges over (0, hi]: `open` when it may come as near 0 as it likes.
  const open = prev.lo === null || cmpFrac(prev.lo, zero) <= 0;
  const one = whole(ONE);
  let lo: Frac | null;
  if (cur.lo === null) lo = null;
  else if (cmpFrac(cur.lo, zero) >= 0) lo = prev.hi === null ? zero : divFrac(cur.lo, prev.hi);
  else lo = open ? null : divFrac(cur.lo, prev.lo!);
  let hi: Frac | null;
  if (cur.hi === null) hi = null;
  else if (cmpFrac(cur.hi, zero) > 0) hi = open ? null : divFrac(cur.hi, prev.lo!);
  else if (cmpFrac(cur.hi, zero) === 0) hi = zero;
  else hi = prev.hi === null ? zero : divFrac(cur.hi, prev.hi);
  return { lo: lo === null ? null : minusFrac(lo, one), hi: hi === null ? null : minusFrac(hi, one) };
}

/** Last period's data, the one before, ... as far as the folders chain (run.ts loads at most 10 periods). */
export function earlierPeriods(data: Dataset): Dataset[] {
  const out: Dataset[] = [];
  const seen = new Set<Dataset>([data]);
  for (let d = data.previous; d && !seen.has(d); d = d.previous) {
    seen.add(d);
    out.push(d);
  }
  return out;
}

/**
 * The condition context for records of an earlier period: `related` and `ref`
 * look in that period's own tables, a `days` condition left open counts to
 * that period's as-of date. Built once per dataset, pack and table.
 */
const EVALS = new WeakMap<Dataset, WeakMap<object, Map<string, EvalContext>>>();
export function evalIn(d: Dataset, table: TableName | 'town', base: EvalContext): EvalContext {
  let byDefs = EVALS.get(d);
  if (!byDefs) EVALS.set(d, (byDefs = new WeakMap()));
  let contexts = byDefs.get(base.definitions);
  if (!contexts) byDefs.set(base.definitions, (contexts = new Map()));
  const asOf = d.manifest?.as_of ?? base.asOf;
  const key = `${asOf}\u0000${table}`;
  let c = contexts.get(key);
  if (c) return c;
  const measured = new Set(table === 'town' ? [] : d.contract.tables[table]!.columns.filter((col) => col.measured).map((col) => col.key));
  const { relatedIndex, lookup } = recordIndexes(d);
  c = {
    asOf,
    definitions: base.definitions,
    relatedIndex,
    lookup,
    isMeasured: (field) => measured.has(field),
    idColumn: table === 'town' ? null : d.contract.tables[table]!.idColumn,
    other: (t) => evalIn(d, t, base),
  };
  contexts.set(key, c);
  return c;
}
