/**
 * What the kinds that compare two periods share: a figure (a sum, or a count)
 * over a table's records in this period's folder and in last period's, read
 * at its lowest and highest where cells are unreadable or records may or may
 * not count, so that a verdict both readings agree on stands.
 */
import { type TableName } from '../../contract/tables.js';
import { BUILT_IN, type Contract } from '../../contract/contract.js';
import { isUnknown, type Dataset, type DataError, type Rec } from '../../model.js';
import type { Compiled } from '../conditions.js';
import { dec, type Decimal } from '../decimal.js';
import { WILDCARD, type Placed, type Verdict } from '../kind.js';
import { recordsOf } from '../records.js';
import { nonNegative } from './common.js';
import type { Op } from '../targets.js';

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
export function bounds(table: TableName, placed: readonly Placed[], maybe: readonly Placed[], where: Compiled | null, field: string | null, contract: Contract = BUILT_IN): Bounds {
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
  for (const p of placed) add(p.rec, true);
  for (const p of maybe) add(p.rec, false);
  return { lo, hi, waits };
}

/** Records of a table by village in last period's data (built once per run and table). */
const PREVIOUS = new WeakMap<Dataset, Map<TableName, Map<string, Placed[]>>>();
export function previousByVillage(previous: Dataset, table: TableName): Map<string, Placed[]> {
  let byTable = PREVIOUS.get(previous);
  if (!byTable) PREVIOUS.set(previous, (byTable = new Map()));
  let m = byTable.get(table);
  if (!m) {
    m = new Map();
    const col = previous.contract.tables[table]!.villageColumn;
    if (col) {
      recordsOf(previous, table).records.forEach((rec, order) => {
        const v = rec[col];
        const key = typeof v === 'string' ? v : isUnknown(v) ? WILDCARD : null;
        if (key === null) return;
        let list = m!.get(key);
        if (!list) m!.set(key, (list = []));
        list.push({ rec, order });
      });
    }
    byTable.set(table, m);
  }
  return m;
}

/**
 * The verdicts a comparison can give over two ranges: `holds(current, previous)`
 * tried at the readings that favour and disfavour it. Decreasing ops (lte, lt)
 * are favoured by a low current figure and a high previous one.
 */
export function verdictsOver(cur: Bounds, prev: Bounds, op: Op, holds: (c: Decimal, p: Decimal) => boolean | null): Set<Verdict> {
  const rising = op === 'gte' || op === 'gt' || op === 'eq';
  const out = new Set<Verdict>();
  const tries: [Decimal | null, Decimal | null][] = rising
    ? [
        [cur.lo, prev.hi],
        [cur.hi, prev.lo],
      ]
    : [
        [cur.hi, prev.lo],
        [cur.lo, prev.hi],
      ];
  for (const [c, p] of tries) {
    if (c === null || p === null) {
      out.add('ok');
      out.add('miss');
      continue;
    }
    const h = holds(c, p);
    out.add(h === null ? 'no-data' : h ? 'ok' : 'miss');
  }
  // `eq` can hold between the ends.
  if (op === 'eq' && (cur.lo === null || cur.hi === null || !cur.lo.eq(cur.hi) || prev.lo === null || prev.hi === null || !prev.lo.eq(prev.hi))) {
    out.add('ok');
    out.add('miss');
  }
  return out;
}
