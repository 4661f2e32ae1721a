/**
 * share: of the records in a population, the share that meets a check is at
 * least `min` (2.6 industry coverage, 3.3b household-industry rate, 3.10b ...).
 * Each village is judged on its own ratio; the town on the town-wide ratio.
 */
import { z } from 'zod';
import { TABLES, type TableName } from '../../contract/tables.js';
import { conditionSchema, fieldsOf, judge, matches } from '../conditions.js';
import { ratio, shareAtLeast } from '../decimal.js';
import type { CheckKind, Judgment, Offender, Placed } from '../kind.js';
import { percent } from '../targets.js';
import { shareSchema, tableSchema } from './common.js';

const params = z
  .object({
    table: tableSchema,
    population: conditionSchema.optional(),
    meets: conditionSchema,
    min: shareSchema,
  })
  .strict();
type Params = z.infer<typeof params>;

export const share: CheckKind<Params> = {
  kind: 'share',
  params,
  emptyVillageIsNA: true,
  table: (p) => p.table as TableName,
  fields: (p, defs) => [
    ...fieldsOf(p.population, p.table as TableName, defs),
    ...fieldsOf(p.meets, p.table as TableName, defs),
  ],
  target: (p) => ({ machine: `>= ${p.min}`, zh: `≥ ${percent(p.min)}`, en: `≥ ${percent(p.min)}`, unit: 'ratio' }),
  run(p, ctx) {
    const table = p.table as TableName;
    const ev = ctx.evalFor(table);
    const idCol = TABLES[table].idColumn;
    const judgeGroup = (placed: Placed[]): Judgment => {
      let den = 0;
      let num = 0;
      let noData = 0;
      const offenders: Offender[] = [];
      for (const { rec, order } of placed) {
        if (!matches(p.population, rec, ev)) continue;
        den++;
        const j = judge(p.meets, rec, ev);
        if (j.outcome === 'ok') num++;
        else {
          if (j.outcome === 'no-data') noData++;
          offenders.push({ id: idCol ? String(rec[idCol]) : String(order + 2), order });
        }
      }
      if (den === 0) return { verdict: 'n/a', actual: null, numerator: 0, denominator: 0 };
      const holds = shareAtLeast(num, den, p.min);
      return {
        // Empty figures are no-data only if they could tip the share: met, would they make it hold?
        verdict: holds ? 'ok' : noData > 0 && shareAtLeast(num + noData, den, p.min) ? 'no-data' : 'miss',
        actual: ratio(num, den),
        numerator: num,
        denominator: den,
        offenders: holds ? [] : offenders,
      };
    };
    const groups = ctx.byVillage(table);
    const villages = new Map<string, Judgment>();
    for (const v of ctx.villages) {
      villages.set(v.village_id as string, judgeGroup(groups.get(v.village_id as string) ?? []));
    }
    return { mode: 'judged', villages, town: judgeGroup(ctx.townRecords(table)), townJudgedOnOwn: true };
  },
};
