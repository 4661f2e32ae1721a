/**
 * change: a figure this period against last period's (巩固拓展 plans: 村集体
 * 经济收入 grows ≥ 10%, 脱贫户 incomes rise, more cooperatives than last year).
 * The figure is a sum of `field` (a village's own figure, on the villages
 * table) or, without a field, a count of the records `where` selects; each
 * village is judged on its own figures, the town on the town's. `growth`
 * compares now / before − 1, `difference` now − before, with the bound.
 * Needs last period's data folder (`--previous`); without it, no-data.
 */
import { z } from 'zod';
import { type TableName } from '../../contract/tables.js';
import { compiled, conditionSchema, fieldsOf } from '../conditions.js';
import { compare, dec, toNumber, type Decimal } from '../decimal.js';
import { WILDCARD, type CheckKind, type Judgment, type Placed, type Verdict } from '../kind.js';
import { percent, OP_SYMBOL, thousands, type Op } from '../targets.js';
import { decimalSchema, doc, tableSchema } from './common.js';
import { bounds, previousByVillage, verdictsOver, type Bounds } from './periods.js';
import { recordsOf } from '../records.js';

const params = z
  .object({
    table: tableSchema.meta(doc('所比较的表（本期与上期文件夹中的同一张表）', 'the table compared (the same table in this and last period\'s folders)', 'table: villages')),
    where: conditionSchema.optional().meta(doc('只计满足这个条件的记录', 'only the records that match this', 'where: { field: poverty_status, is: 已脱贫 }')),
    field: z.string().optional().meta(doc('相加的数值列；不写则数记录条数', 'the figure summed; without it, records are counted', 'field: collective_income')),
    compare: z.enum(['growth', 'difference']).meta(doc('growth：本期 / 上期 − 1；difference：本期 − 上期', 'growth: now / before − 1; difference: now − before', 'compare: growth')),
    op: z.enum(['gte', 'gt', 'lte', 'lt']).default('gte').meta(doc('比较：gte ≥、gt >、lte ≤、lt <', 'comparison: gte ≥, gt >, lte ≤, lt <', 'op: gte')),
    value: decimalSchema.meta(doc('增长率（10% 写作 0.1）或增加量', 'the growth (10% is 0.1) or the difference', 'value: 0.1')),
    unit: z.string().optional().meta(doc('增加量的单位（显示在目标中）', 'the unit of a difference (shown in the target)', 'unit: 户')),
    against: z
      .literal('town')
      .optional()
      .meta(doc('与全镇比：每个村的增长（或增加量）不低于全镇的加 value（如村集体收入增速高于全镇：value: 0）', "against the town: each village's growth (or change) against the town's plus value (a village's income growing faster than the town's: value: 0)", 'against: town')),
  })
  .strict()
  .meta(
    doc(
      '两期比较：本期与上期（--previous 或 manifest.yaml 的 previous:）同一数值的增长或增加。每个村按本村两期数值判断，全镇按全镇；没有上期数据时为缺数据',
      "two periods: the growth or change of a figure between this period and last (--previous, or previous: in manifest.yaml). Each village is judged on its own figures, the town on the town's; without last period's data, no-data",
    ),
  );
type Params = z.infer<typeof params>;

export const change: CheckKind<Params> = {
  kind: 'change',
  params,
  emptyVillageIsNA: false,
  needsPrevious: true,
  table: (p) => p.table as TableName,
  fields: (p, defs) => [...fieldsOf(p.where, p.table as TableName, defs), ...(p.field ? [{ table: p.table as TableName, field: p.field }] : [])],
  target: (p) => {
    const sym = OP_SYMBOL[p.op as Op];
    if (p.against === 'town') {
      const plus = Number(p.value) === 0 ? '' : p.compare === 'growth' ? ` + ${percent(p.value)}` : ` + ${thousands(p.value)}`;
      const what = p.compare === 'growth' ? { zh: '增长', en: 'growth' } : { zh: '增加量', en: 'change' };
      return {
        machine: `${p.compare} ${sym.machine} town${plus}`,
        zh: `${what.zh} ${sym.human} 全镇${plus}`,
        en: `${what.en} ${sym.human} the town's${plus}`,
        unit: p.compare === 'growth' ? 'ratio' : (p.unit ?? 'count'),
      };
    }
    if (p.compare === 'growth') {
      return { machine: `growth ${sym.machine} ${p.value}`, zh: `比上期增长 ${sym.human} ${percent(p.value)}`, en: `growth on last period ${sym.human} ${percent(p.value)}`, unit: 'ratio' };
    }
    const unit = p.unit ? ` ${p.unit}` : '';
    return {
      machine: `difference ${sym.machine} ${p.value}`,
      zh: `比上期增加 ${sym.human} ${thousands(p.value)}${unit}`,
      en: `change on last period ${sym.human} ${thousands(p.value)}${unit}`,
      unit: p.unit ?? 'count',
    };
  },
  run(p, ctx) {
    const table = p.table as TableName;
    const op = p.op as Op;
    const bound = dec(p.value);
    const where = p.where ? compiled(p.where, ctx.evalFor(table)) : null;
    const previous = ctx.previous!;
    // Conditions read last period's records with the same compiled closures (same table, same columns).
    const before = previousByVillage(previous, table);
    const now = ctx.byVillage(table);
    const field = p.field ?? null;
    const holds = (c: Decimal, q: Decimal): boolean | null => {
      if (p.compare === 'difference') return compare(c.minus(q), op, bound);
      // now / before − 1 ≥ g ⇔ now ≥ before × (1 + g), for before > 0; from nothing there is no growth rate.
      if (q.lte(0)) return null;
      return compare(c, op, q.times(dec(1).plus(bound)));
    };
    const judge = (cur: Bounds, prev: Bounds, missingBefore: boolean): Judgment => {
      if (missingBefore) return { verdict: 'no-data', notes: [{ code: 'not-in-previous', args: {} }] };
      const figure = (b: Bounds) => (b.lo !== null && b.hi !== null && b.lo.eq(b.hi) ? b.lo : null);
      const c = figure(cur);
      const q = figure(prev);
      const actual = c !== null && q !== null ? (p.compare === 'difference' ? toNumber(c.minus(q)) : q.gt(0) ? Number(c.div(q).minus(1).round(10).toString()) : null) : null;
      const base = { actual, numerator: c === null ? null : toNumber(c), denominator: q === null ? null : toNumber(q) };
      const verdicts = verdictsOver(cur, prev, op, holds);
      if (verdicts.size === 1) {
        const [v] = verdicts;
        if (v === 'no-data') return { verdict: 'no-data', ...base, notes: [{ code: 'previous-zero', args: {} }] };
        return { verdict: v!, ...base };
      }
      return { verdict: 'no-data', ...base, possible: [...verdicts].filter((v) => v !== 'no-data'), waits: [...cur.waits, ...prev.waits] };
    };
    // The town's change, for villages judged against it: its lowest and highest reading.
    const townNow = ctx.townRecords(table);
    const all = recordsOf(previous, table).records.map((rec, order) => ({ rec, order }));
    let townBefore: Placed[] = all;
    if (townNow.length !== recordsOf(ctx.data, table).records.length) {
      const villageIds = new Set(ctx.villages.map((v) => v.village_id as string));
      townBefore = [];
      for (const [id, list] of before) if (id === WILDCARD || villageIds.has(id)) townBefore.push(...list);
    }
    const townCur = bounds(table, townNow, [], where, field, ctx.data.contract);
    const townPrev = bounds(table, townBefore, [], where, field, ctx.data.contract);
    const townChange = changeRange(p.compare, townCur, townPrev);
    const judgeAgainstTown = (cur: Bounds, prev: Bounds, missingBefore: boolean): Judgment => {
      if (missingBefore) return { verdict: 'no-data', notes: [{ code: 'not-in-previous', args: {} }] };
      const mine = changeRange(p.compare, cur, prev);
      if (mine === 'zero' || townChange === 'zero') return { verdict: 'no-data', notes: [{ code: 'previous-zero', args: {} }] };
      const rising = op === 'gte' || op === 'gt';
      // Worst case for a lower bound: the village at its lowest, the town at its highest; best the reverse.
      const at = (v: Decimal | null, t: Decimal | null): Verdict | null => (v === null || t === null ? null : compare(v, op, t.plus(bound)) ? 'ok' : 'miss');
      const tries = rising ? [at(mine.lo, townChange.hi), at(mine.hi, townChange.lo)] : [at(mine.hi, townChange.lo), at(mine.lo, townChange.hi)];
      const verdicts = new Set<Verdict>(tries.flatMap((v) => (v === null ? ['ok', 'miss'] as Verdict[] : [v])));
      const actual = mine.lo !== null && mine.hi !== null && mine.lo.eq(mine.hi) ? Number(mine.lo.round(10).toString()) : null;
      const [only] = verdicts;
      if (verdicts.size === 1) return { verdict: only!, actual };
      return { verdict: 'no-data', actual, possible: [...verdicts], waits: [...cur.waits, ...prev.waits, ...townCur.waits, ...townPrev.waits] };
    };
    const villages = new Map<string, Judgment>();
    const anywhereNow = now.get(WILDCARD) ?? [];
    const anywhereBefore = before.get(WILDCARD) ?? [];
    for (const v of ctx.villages) {
      const id = v.village_id as string;
      const mine = before.get(id);
      // A village figure needs the village in last period's data; a count of records may start from none.
      const missingBefore = table === 'villages' && !mine;
      const judgeOne = p.against === 'town' ? judgeAgainstTown : judge;
      villages.set(id, judgeOne(bounds(table, now.get(id) ?? [], anywhereNow, where, field, ctx.data.contract), bounds(table, mine ?? [], anywhereBefore, where, field, ctx.data.contract), missingBefore));
    }
    // Against the town, the town has no verdict of its own: it is its villages, rolled up.
    if (p.against === 'town') return { mode: 'judged', villages, town: { verdict: 'n/a' }, townJudgedOnOwn: false };
    const town = judge(townCur, townPrev, false);
    return { mode: 'judged', villages, town, townJudgedOnOwn: true };
  },
};

/**
 * The change between two figures at its lowest and highest reading (null: no
 * bound); 'zero' when a growth starts from a figure that is surely 0.
 */
function changeRange(compare: 'growth' | 'difference', cur: Bounds, prev: Bounds): { lo: Decimal | null; hi: Decimal | null } | 'zero' {
  if (compare === 'difference') {
    return { lo: cur.lo === null || prev.hi === null ? null : cur.lo.minus(prev.hi), hi: cur.hi === null || prev.lo === null ? null : cur.hi.minus(prev.lo) };
  }
  if (prev.hi !== null && prev.hi.lte(0)) return 'zero';
  const one = dec(1);
  // now / before − 1: lowest with now low and before high, highest the reverse (before may be any amount above 0).
  const lo = cur.lo === null ? null : prev.hi === null ? one.neg() : cur.lo.div(prev.hi).minus(one);
  const hi = cur.hi === null || prev.lo === null || prev.lo.lte(0) ? null : cur.hi.div(prev.lo).minus(one);
  return { lo, hi };
}
