/**
 * count: how many records (of one or more tables) match a filter, against a
 * bound: 3.3a ≥ 600 households with an industry, 3.15a ≥ 43 instructors, 2.3
 * exactly 2 poverty villages, 3.6a a cooperative in every village ...
 */
import { z } from 'zod';
import { type TableName } from '../../contract/tables.js';
import { compiledRows, conditionSchema, fieldsOf, MEMBER } from '../conditions.js';
import { ANYWHERE, cellAt, idsOf, NOWHERE, villagePlaces, type Cell } from '../records.js';
import { isUnknown, type DataError, type Unknown } from '../../model.js';
import { compare, dec } from '../../text/decimal.js';
import type { CheckKind, Judgment } from '../kind.js';
import { bound, OP_SYMBOL, thousands, type Op } from '../targets.js';
import { decimalSchema, doc, nounSchema, opSchema, tableSchema, WAITS_KEPT } from './common.js';

const params = z
  .object({
    tables: z.array(tableSchema).min(1).meta(doc('要数的表（一张或多张）', 'the tables whose records are counted (one or more)', 'tables: [enterprises, cooperatives]')),
    where: conditionSchema.optional().meta(doc('只数满足这个条件的记录', 'count only the records that match this', 'where: { field: featured, is: true }')),
    op: opSchema.default('gte').meta(doc('比较：gte ≥、gt >、eq =、lte ≤、lt <', 'comparison: gte ≥, gt >, eq =, lte ≤, lt <', 'op: gte')),
    value: decimalSchema.meta(doc('目标数量', 'the target number', 'value: 1')),
    max: decimalSchema.optional().meta(doc('上限（与 value 合成区间，如 1–2 个：value: 1, max: 2）', 'an upper bound, making a range with value (1–2: value: 1, max: 2)', 'max: 2')),
    distinct: z.string().optional().meta(doc('数这一列有多少个不同的值，而不是记录条数（如不同的特色产业）', 'count the different values of this column instead of records (different featured industries)', 'distinct: industry')),
    /** What is counted, for people: 户, 人, 个 / households, people ... */
    noun: nounSchema.optional().meta(doc('数的是什么（显示在目标中）', 'what is counted (shown in the target)', 'noun: { zh: 个特色产业, en: featured industries }')),
  })
  .strict()
  .meta(doc('计数：满足条件的记录有多少条，与目标比较。每个村数本村的，全镇数全镇的', 'count: how many records match, against a bound. Each village counts its own records, the town all of them'));
type Params = z.infer<typeof params>;


/** The values counted of a rule without `distinct`: none (never added to). */
const NO_VALUES: Set<unknown> = new Set();
/** The errors a record counted for sure waits on: none (never changed: parts keep it as it is). */
const SURE: DataError[] = Object.freeze([]) as unknown as DataError[];

export const count: CheckKind<Params> = {
  kind: 'count',
  params,
  emptyVillageIsNA: false,
  table: (p) => p.tables[0] as TableName,
  fields: (p, defs) => p.tables.flatMap((t) => [...fieldsOf(p.where, t as TableName, defs), ...(p.distinct ? [{ table: t as TableName, field: p.distinct }] : [])]),
  lint(raw, at) {
    // The filter must make sense on every table counted.
    if (!Array.isArray(raw.tables)) return;
    for (const t of raw.tables) {
      const table = at.table(t);
      if (table) at.condition(['where'], table);
    }
  },
  target: (p) => {
    const sym = OP_SYMBOL[p.op as Op];
    const n = thousands(p.value);
    // A range (1–2 个特色主导产业) reads as one.
    const human = p.max !== undefined ? `${n}–${thousands(p.max)}` : `${sym.human} ${n}`;
    return {
      machine: p.max !== undefined ? `${sym.machine} ${p.value}, <= ${p.max}` : `${sym.machine} ${p.value}`,
      zh: `${human}${p.noun ? ' ' + p.noun.zh : ''}`,
      en: `${human}${p.noun ? ' ' + p.noun.en : ''}`,
      bound: bound(p.op as Op, p.value, 'count', 'figure', p.max !== undefined ? { max: p.max } : {}),
      unit: 'count',
      ...(p.noun ? { noun: p.noun } : {}),
    };
  },
  withoutTables(p, lacking) {
    const tables = p.tables.filter((t) => !lacking.has(t));
    return tables.length > 0 && tables.length < p.tables.length ? { ...p, tables } : null;
  },
  run(p, ctx) {
    /** What records contribute: counted for sure, or doubtful (membership unknown, or a village that may be this one). */
    interface Part {
      n: number;
      unknown: number;
      waits: DataError[][];
      sure: Set<unknown>;
      doubtful: Set<unknown>;
    }
    // The value sets only with `distinct` (a count rule makes a part per village); without, none is ever added to.
    const newPart = (): Part => ({ n: 0, unknown: 0, waits: [], sure: p.distinct ? new Set() : NO_VALUES, doubtful: p.distinct ? new Set() : NO_VALUES });
    // With `distinct`: the values counted for sure, and doubtful records' values (a new one adds one).
    const count = (part: Part, v: Cell, certain: boolean, w: DataError[]) => {
      if (!p.distinct) {
        if (certain) part.n++;
        else {
          part.unknown++;
          part.waits.push(w);
        }
        return;
      }
      if (v === null || v === undefined || v === '') return;
      if (isUnknown(v)) {
        part.unknown++;
        part.waits.push([...w, v.error]);
        return;
      }
      if (certain) part.sure.add(v);
      else {
        part.doubtful.add(v);
        part.waits.push(w);
      }
    };
    // One pass over the town's records of each table, in the order of `tables`: each counts in the town's part and
    // in its village's; one whose village is unreadable may be in any village, so it is collected once in `anywhere`
    // and added to every village's (a lost file may hold a million of them).
    const town = newPart();
    const anywhere = newPart();
    const parts = new Map<string, Part>();
    for (const id of idsOf(ctx.villages)) parts.set(id, newPart());
    for (const t of p.tables) {
      const table = t as TableName;
      const col = ctx.data.contract.tables[table]!.villageColumn;
      const { all, orders } = ctx.townRecords(table);
      // Every record's membership and village read from the table's columns in one pass each: no record is made.
      const where = p.where ? compiledRows(p.where, ctx.evalFor(table), all) : null;
      const members = where ? where.members(orders) : null;
      const distinctOf = p.distinct ? cellAt(all, p.distinct) : null;
      const villageOf = col ? cellAt(all, col) : null;
      // Each record's part: its village's (an index into `own`, the parts in the villages' order), ANYWHERE when its village is unreadable.
      const own = [...parts.values()];
      const place = col ? villagePlaces({ all, orders }, col, ctx.villages) : null;
      for (let k = 0; k < orders.length; k++) {
        const m = members ? members[k]! : MEMBER.in;
        if (m === MEMBER.out) continue;
        const o = orders[k]!;
        const w = m === MEMBER.unknown ? where!.waits(o) : SURE;
        const d = distinctOf ? distinctOf(o) : undefined;
        count(town, d, m === MEMBER.in, w);
        const t = place ? place[k]! : NOWHERE;
        if (t === ANYWHERE) count(anywhere, d, false, [(villageOf!(o) as Unknown).error, ...w]);
        else if (t !== NOWHERE) count(own[t]!, d, m === MEMBER.in, w);
      }
    }
    /** Whether a count meets the bound, worked out once per count (a village's is one of a few small numbers). */
    const held = new Map<number, boolean>();
    const holds = (k: number): boolean => {
      let h = held.get(k);
      if (h === undefined) held.set(k, (h = compare(dec(k), p.op as Op, dec(p.value)) && (p.max === undefined || dec(k).lte(p.max))));
      return h;
    };
    const v = Math.ceil(Number(p.value));
    const edges = [v - 1, v, v + 1, ...(p.max !== undefined ? [Math.floor(Number(p.max)), Math.floor(Number(p.max)) + 1] : [])];
    /** A part's judgment; `extra`: records that may or may not be in it. */
    const judge = (own: Part, extra: Part | null = null): Judgment => {
      let n = own.n;
      let unknown = own.unknown + (extra?.unknown ?? 0);
      if (p.distinct) {
        const sure = own.sure;
        const doubtful = extra ? [...own.doubtful, ...extra.doubtful] : [...own.doubtful];
        n = sure.size;
        unknown += new Set(doubtful.filter((v) => !sure.has(v))).size;
      }
      // Records whose membership hangs on an empty or unreadable cell count anywhere from n to n + unknown.
      // `eq` and a range can hold between the ends (2.3: exactly 2; 1–2), so the whole range is looked at.
      // The counts that hold form one interval with ends at value and max: trying the counts at its ends suffices.
      const between = unknown > 0 && edges.some((k) => k > n && k < n + unknown && holds(k) !== holds(n));
      if (unknown > 0 && (holds(n) !== holds(n + unknown) || between)) {
        const waits = extra ? [...own.waits, ...extra.waits.slice(0, WAITS_KEPT)] : own.waits;
        // Those with no data error wait on an empty measured figure.
        const empty = waits.filter((w) => w.length === 0).length;
        return {
          verdict: 'no-data',
          actual: n,
          notes: empty > 0 ? [{ code: 'filter-figures-empty', args: { count: empty } }] : [],
          possible: ['ok', 'miss'],
          waits: waits.flat(),
        };
      }
      return { verdict: holds(n) ? 'ok' : 'miss', actual: n };
    };
    const villages = new Map<string, Judgment>();
    for (const [id, own] of parts) villages.set(id, judge(own, anywhere));
    return { mode: 'judged', villages, town: judge(town), townJudgedOnOwn: false };
  },
};

