/**
 * sum: the total of a figure over matching records in a unit, against a bound
 * (3.2b 核桃村 红薯 ≥ 1,000 亩). Rows of the same records in another unit make
 * the result no-data, with the unit found: they cannot be added to 亩.
 */
import { z } from 'zod';
import type { TableName } from '../../contract/tables.js';
import { conditionSchema, fieldsOf, matches } from '../conditions.js';
import { compare, dec, toNumber } from '../decimal.js';
import type { CheckKind, Judgment, Placed } from '../kind.js';
import { OP_SYMBOL, thousands, type Op } from '../targets.js';
import { decimalSchema, tableSchema } from './common.js';

const params = z
  .object({
    table: tableSchema,
    where: conditionSchema.optional(),
    field: z.string(),
    /** A column that names each summed row for people (explain, evidence). */
    label: z.string().optional(),
    /** The unit column and the unit the target is in. */
    unit: z.object({ field: z.string(), is: z.string() }).strict(),
    op: z.enum(['gte', 'gt', 'eq', 'lte', 'lt']).default('gte'),
    value: decimalSchema,
  })
  .strict();
type Params = z.infer<typeof params>;

export const sum: CheckKind<Params> = {
  kind: 'sum',
  params,
  emptyVillageIsNA: false,
  table: (p) => p.table as TableName,
  fields: (p, defs) => [
    ...fieldsOf(p.where, p.table as TableName, defs),
    { table: p.table as TableName, field: p.field },
    { table: p.table as TableName, field: p.unit.field },
  ],
  target: (p) => {
    const sym = OP_SYMBOL[p.op as Op];
    const text = `${sym.human} ${thousands(p.value)} ${p.unit.is}`;
    return { machine: `${sym.machine} ${p.value}`, zh: text, en: text, unit: p.unit.is };
  },
  run(p, ctx) {
    const table = p.table as TableName;
    const ev = ctx.evalFor(table);
    const total = (placed: Placed[]): Judgment => {
      let acc = dec(0);
      const evidence: NonNullable<Judgment['evidence']> = [];
      const { file, lines } = ctx.data.tables[table];

      const otherUnits = new Set<string>();
      for (const { rec, order } of placed) {
        if (!matches(p.where, rec, ev)) continue;
        if (rec[p.unit.field] !== p.unit.is) {
          otherUnits.add(String(rec[p.unit.field]));
          continue;
        }
        acc = acc.plus(rec[p.field] as number);
        evidence.push({ file: file ?? table, line: lines[order]!, label: p.label ? String(rec[p.label] ?? '') : '', value: rec[p.field] as number, unit: p.unit.is });

      }
      if (otherUnits.size > 0) {
        return {
          verdict: 'no-data',
          actual: null,
          notes: [{ code: 'other-unit', args: { found: [...otherUnits].join('、'), expected: p.unit.is } }],
        };
      }
      const value = toNumber(acc);
      return { verdict: compare(acc, p.op as Op, dec(p.value)) ? 'ok' : 'miss', actual: value, evidence };
    };
    const villages = new Map<string, Judgment>();
    const groups = ctx.byVillage(table);
    for (const v of ctx.villages) villages.set(v.village_id as string, total(groups.get(v.village_id as string) ?? []));
    return { mode: 'judged', villages, town: total(ctx.townRecords(table)), townJudgedOnOwn: false };
  },
};
