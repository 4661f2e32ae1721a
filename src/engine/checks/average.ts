/**
 * average: the mean of a figure over the villages in scope, against a bound
 * (2.10: 2 poverty villages average > 50,000 元 of collective income). The
 * town is judged on the mean; each village on its own figure, at the level the
 * pack gives (a warning: the target is an average, not every village's).
 */
import { z } from 'zod';
import { compare, dec, toNumber } from '../../text/decimal.js';
import { nonNegative } from './common.js';
import type { CheckKind, Judgment, Verdict } from '../kind.js';
import { isUnknown, type DataError } from '../../model.js';
import { bound, OP_SYMBOL, thousands, type Op } from '../targets.js';
import { decimalSchema, doc } from './common.js';

const params = z
  .object({
    field: z.string().meta(doc('村（社区）表中求平均的数值列', 'the column of villages whose mean is taken', 'field: collective_income')),
    op: z.enum(['gte', 'gt']).default('gt').meta(doc('比较：gt >（超过）、gte ≥（以上）', 'comparison: gt > (超过), gte ≥ (以上)', 'op: gt')),
    value: decimalSchema.meta(doc('平均值的目标', 'the target mean', 'value: 50000')),
    unit: z.string().default('元').meta(doc('数值的单位（与数据一致）', 'the unit of the figure (as in the data)', 'unit: 元')),
    villageLevel: z.enum(['error', 'warning']).default('warning').meta(doc('单个村未达到时的级别（目标是平均值，不是每村）', "the level of one village's own miss (the target is a mean, not each village's)", 'villageLevel: warning')),
  })
  .strict()
  .meta(doc('平均：范围内各村某项数值的平均值，与目标比较；全镇按平均值判断，每个村按自身数值以 villageLevel 判断', "average: the mean of a village figure over the villages in scope, against a bound; the town is judged on the mean, each village on its own figure at villageLevel"));
type Params = z.infer<typeof params>;

export const average: CheckKind<Params> = {
  kind: 'average',
  params,
  emptyVillageIsNA: false,
  table: () => 'villages',
  fields: (p) => [{ table: 'villages', field: p.field }],
  lint(raw, at) {
    at.column(['field'], 'villages', 'average');
  },
  target: (p) => {
    const sym = OP_SYMBOL[p.op as Op];
    return {
      machine: `${sym.machine} ${p.value}`,
      zh: `平均 ${sym.human} ${thousands(p.value)} ${p.unit}`,
      en: `mean ${sym.human} ${thousands(p.value)} ${p.unit}`,
      bound: bound(p.op as Op, p.value, p.unit, 'figure'),
      unit: p.unit,
    };
  },
  run(p, ctx) {
    const op = p.op as Op;
    const villages = new Map<string, Judgment>();
    let total = dec(0);
    // Villages whose figure is not known: empty (named in a note) or unreadable (waited on).
    let open = 0;
    const empty: string[] = [];
    const waits: DataError[] = [];
    for (const v of ctx.villages) {
      const value = v[p.field];
      const id = v.village_id as string;
      if (typeof value !== 'number') {
        const err = isUnknown(value) ? value.error : null;
        open++;
        if (err) waits.push(err);
        else empty.push(typeof v.name === 'string' ? v.name : id);
        villages.set(id, {
          verdict: 'no-data',
          actual: null,
          level: p.villageLevel,
          notes: err ? [] : [{ code: 'empty-figure', args: { column: p.field } }],
          possible: ['ok', 'miss'],
          ...(err ? { waits: [err] } : {}),
        });
        continue;
      }
      total = total.plus(value);
      villages.set(id, { verdict: compare(dec(value), op, dec(p.value)) ? 'ok' : 'miss', actual: value, level: p.villageLevel });
    }
    let town: Judgment;
    if (ctx.villages.length === 0) town = { verdict: 'n/a', actual: null };
    else if (open > 0) {
      // Where the contract says the figure is ≥ 0, the known total is the lowest the mean can be.
      const low: Verdict = nonNegative(ctx.data.contract, 'villages', p.field) && compare(total, op, dec(p.value).times(ctx.villages.length)) ? 'ok' : 'miss';
      town = {
        verdict: low === 'ok' ? 'ok' : 'no-data',
        actual: null,
        notes: empty.length ? [{ code: 'empty-figure-in', args: { column: p.field, villages: empty.join('、') } }] : [],
        ...(low === 'ok' ? {} : { possible: ['ok', 'miss'] as Verdict[], waits }),
      };
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
