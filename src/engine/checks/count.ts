/**
 * count: how many records (of one or more tables) match a filter, against a
 * bound: 3.3a ≥ 600 households with an industry, 3.15a ≥ 43 instructors, 2.3
 * exactly 2 poverty villages, 3.6a a cooperative in every village ...
 */
import { z } from 'zod';
import { TABLES, type TableName } from '../../contract/tables.js';
import { compiled, conditionSchema, fieldsOf } from '../conditions.js';
import type { DataError, Unknown } from '../../model.js';
import { compare, dec } from '../decimal.js';
import { WILDCARD, type CheckKind, type Judgment, type Placed } from '../kind.js';
import { OP_SYMBOL, thousands, type Op } from '../targets.js';
import { decimalSchema, tableSchema } from './common.js';

const params = z
  .object({
    tables: z.array(tableSchema).min(1),
    where: conditionSchema.optional(),
    op: z.enum(['gte', 'gt', 'eq', 'lte', 'lt']).default('gte'),
    value: decimalSchema,
    /** What is counted, for people: 户, 人, 个 / households, people ... */
    noun: z.object({ zh: z.string(), en: z.string() }).strict().optional(),
  })
  .strict();
type Params = z.infer<typeof params>;

export const count: CheckKind<Params> = {
  kind: 'count',
  params,
  emptyVillageIsNA: false,
  table: (p) => p.tables[0] as TableName,
  fields: (p, defs) => p.tables.flatMap((t) => fieldsOf(p.where, t as TableName, defs)),
  target: (p) => {
    const sym = OP_SYMBOL[p.op as Op];
    const n = thousands(p.value);
    return {
      machine: `${sym.machine} ${p.value}`,
      zh: `${sym.human} ${n}${p.noun ? ' ' + p.noun.zh : ''}`,
      en: `${sym.human} ${n}${p.noun ? ' ' + p.noun.en : ''}`,
      unit: 'count',
      ...(p.noun ? { noun: p.noun } : {}),
    };
  },
  withoutTables(p, lacking) {
    const tables = p.tables.filter((t) => !lacking.has(t));
    return tables.length > 0 && tables.length < p.tables.length ? { ...p, tables } : null;
  },
  run(p, ctx) {
    // One group of records per table, in the order of `tables`; `maybe`: records that may or may not be in the group.
    const countIn = (groups: Placed[][], maybe: Placed[][] = []): Judgment => {
      let n = 0;
      let unknown = 0;
      const waits: DataError[][] = [];
      groups.forEach((placed, i) => {
        const where = p.where ? compiled(p.where, ctx.evalFor(p.tables[i] as TableName)) : null;
        for (const { rec } of placed) {
          const m = where ? where.member(rec) : 'in';
          if (m === 'in') n++;
          else if (m === 'unknown') {
            unknown++;
            waits.push(where!.waits(rec));
          }
        }
      });
      maybe.forEach((placed, i) => {
        const where = p.where ? compiled(p.where, ctx.evalFor(p.tables[i] as TableName)) : null;
        const col = TABLES[p.tables[i] as TableName].villageColumn!;
        for (const { rec } of placed) {
          const m = where ? where.member(rec) : 'in';
          if (m === 'out') continue;
          unknown++;
          waits.push([(rec[col] as Unknown).error, ...(m === 'unknown' ? where!.waits(rec) : [])]);
        }
      });
      const holds = (k: number) => compare(dec(k), p.op as Op, dec(p.value));
      // Records whose membership hangs on an empty or unreadable cell count anywhere from n to n + unknown.
      // `eq` can hold between the ends (2.3: exactly 2), so its whole range is looked at.
      const between = p.op === 'eq' && dec(p.value).gt(n) && dec(p.value).lt(n + unknown);
      if (unknown > 0 && (holds(n) !== holds(n + unknown) || between)) {
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
    for (const v of ctx.villages) {
      const id = v.village_id as string;
      villages.set(
        id,
        countIn(
          p.tables.map((t) => ctx.byVillage(t as TableName).get(id) ?? []),
          p.tables.map((t) => ctx.byVillage(t as TableName).get(WILDCARD) ?? []),
        ),
      );
    }
    const town = countIn(p.tables.map((t) => ctx.townRecords(t as TableName)));
    return { mode: 'judged', villages, town, townJudgedOnOwn: false };
  },
};

