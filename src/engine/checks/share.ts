/**
 * share: of the records in a population, the share that meets a check is at
 * least `min` (2.6 industry coverage, 3.3b household-industry rate, 3.10b ...).
 * Each village is judged on its own ratio; the town on the town-wide ratio.
 */
import { z } from 'zod';
import { TABLES, type TableName } from '../../contract/tables.js';
import { compiled, conditionSchema, fieldsOf } from '../conditions.js';
import { ratio, shareAtLeast } from '../decimal.js';
import type { CheckKind, Judgment, Offender } from '../kind.js';
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
    const villageCol = TABLES[table].villageColumn;
    const population = p.population ? compiled(p.population, ev) : null;
    const meets = compiled(p.meets, ev);
    // One pass over the records: each counts in its village's tally and in the town's.
    const town = new Tally();
    const tallies = new Map<string, Tally>();
    for (const v of ctx.villages) tallies.set(v.village_id as string, new Tally());
    for (const { rec, order } of ctx.townRecords(table)) {
      if (population && population.member(rec) !== 'in') continue;
      const outcome = meets.judge(rec).outcome;
      const offender = outcome === 'ok' ? null : { id: idCol ? String(rec[idCol]) : String(order + 2), order };
      town.add(outcome, offender);
      const own = villageCol ? tallies.get(rec[villageCol] as string) : undefined;
      if (own) own.add(outcome, offender);
    }
    const villages = new Map<string, Judgment>();
    for (const [id, t] of tallies) villages.set(id, t.judgment(p.min));
    return { mode: 'judged', villages, town: town.judgment(p.min), townJudgedOnOwn: true };
  },
};

class Tally {
  den = 0;
  num = 0;
  noData = 0;
  offenders: Offender[] = [];
  add(outcome: string, offender: Offender | null): void {
    this.den++;
    if (outcome === 'ok') this.num++;
    else {
      if (outcome === 'no-data') this.noData++;
      this.offenders.push(offender!);
    }
  }
  judgment(min: number | string): Judgment {
    const { num, den, noData } = this;
    if (den === 0) return { verdict: 'n/a', actual: null, numerator: 0, denominator: 0 };
    const holds = shareAtLeast(num, den, min);
    return {
      // Empty figures are no-data only if they could tip the share: met, would they make it hold?
      verdict: holds ? 'ok' : noData > 0 && shareAtLeast(num + noData, den, min) ? 'no-data' : 'miss',
      actual: ratio(num, den),
      numerator: num,
      denominator: den,
      offenders: holds ? [] : this.offenders,
    };
  }
}
