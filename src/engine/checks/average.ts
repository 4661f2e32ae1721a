/**
 * average: the mean of a figure over the villages in scope, against a bound
 * (2.10: 2 poverty villages average > 50,000 元 of collective income). The
 * town is judged on the mean; each village on its own figure, at the level the
 * pack gives (a warning: the target is an average, not every village's).
 */
import { z } from 'zod';
import { compare, dec, toNumber } from '../decimal.js';
import type { CheckKind, Judgment } from '../kind.js';
import { OP_SYMBOL, thousands, type Op } from '../targets.js';
import { decimalSchema } from './common.js';

const params = z
  .object({
    field: z.string(),
    op: z.enum(['gte', 'gt']).default('gt'),
    value: decimalSchema,
    unit: z.string().default('元'),
    villageLevel: z.enum(['error', 'warning']).default('warning'),
  })
  .strict();
type Params = z.infer<typeof params>;

export const average: CheckKind<Params> = {
  kind: 'average',
  params,
  emptyVillageIsNA: false,
  table: () => 'villages',
  fields: (p) => [{ table: 'villages', field: p.field }],
  target: (p) => {
    const sym = OP_SYMBOL[p.op as Op];
    return {
      machine: `${sym.machine} ${p.value}`,
      zh: `平均 ${sym.human} ${thousands(p.value)} ${p.unit}`,
      en: `mean ${sym.human} ${thousands(p.value)} ${p.unit}`,
      unit: p.unit,
    };
  },
  run(p, ctx) {
    const op = p.op as Op;
    const villages = new Map<string, Judgment>();
    let total = dec(0);
    const empty: string[] = [];
    for (const v of ctx.villages) {
      const value = v[p.field];
      const id = v.village_id as string;
      if (typeof value !== 'number') {
        empty.push(String(v.name ?? id));
        villages.set(id, {
          verdict: 'no-data',
          actual: null,
          level: p.villageLevel,
          notes: [{ code: 'empty-figure', args: { column: p.field } }],
        });
        continue;
      }
      total = total.plus(value);
      villages.set(id, { verdict: compare(dec(value), op, dec(p.value)) ? 'ok' : 'miss', actual: value, level: p.villageLevel });
    }
    let town: Judgment;
    if (ctx.villages.length === 0) town = { verdict: 'n/a', actual: null };
    else if (empty.length > 0) {
      town = { verdict: 'no-data', actual: null, notes: [{ code: 'empty-figure-in', args: { column: p.field, villages: empty.join('、') } }] };
    } else {
      // mean > bound ⇔ total > bound × n, exact.
      const n = ctx.villages.length;
      town = {
        verdict: compare(total, op, dec(p.value).times(n)) ? 'ok' : 'miss',
        actual: toNumber(total.div(n).round(2)),
        numerator: toNumber(total),
        denominator: n,
      };
    }
    return { mode: 'judged', villages, town, townJudgedOnOwn: true };
  },
};
