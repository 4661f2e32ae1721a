/**
 * count: how many records (of one or more tables) match a filter, against a
 * bound: 3.3a ≥ 600 households with an industry, 3.15a ≥ 43 instructors, 2.3
 * exactly 2 poverty villages, 3.6a a cooperative in every village ...
 */
import { z } from 'zod';
import type { TableName } from '../../contract/tables.js';
import { conditionSchema, fieldsOf, membership } from '../conditions.js';
import { compare, dec } from '../decimal.js';
import type { CheckKind, Judgment, Placed } from '../kind.js';
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
    // One group of records per table, in the order of `tables`.
    const countIn = (groups: Placed[][]): Judgment => {
      let n = 0;
      let unknown = 0;
      groups.forEach((placed, i) => {
        const ev = ctx.evalFor(p.tables[i] as TableName);
        for (const { rec } of placed) {
          const m = membership(p.where, rec, ev);
          if (m === 'in') n++;
          else if (m === 'unknown') unknown++;
        }
      });
      const holds = (k: number) => compare(dec(k), p.op as Op, dec(p.value));
      // Records whose membership hangs on an empty figure could change the verdict: then it is no-data.
      if (unknown > 0 && holds(n) !== holds(n + unknown)) {
        return { verdict: 'no-data', actual: n, notes: [{ code: 'filter-figures-empty', args: { count: unknown } }] };
      }
      return { verdict: holds(n) ? 'ok' : 'miss', actual: n };
    };
    const villages = new Map<string, Judgment>();
    for (const v of ctx.villages) {
      const id = v.village_id as string;
      villages.set(id, countIn(p.tables.map((t) => ctx.byVillage(t as TableName).get(id) ?? [])));
    }
    const town = countIn(p.tables.map((t) => ctx.townRecords(t as TableName)));
    return { mode: 'judged', villages, town, townJudgedOnOwn: false };
  },
};

