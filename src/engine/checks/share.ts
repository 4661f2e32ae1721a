/**
 * share: of the records in a population, the share that meets a check is at
 * least `min` (2.6 industry coverage, 3.3b household-industry rate, 3.10b ...).
 * Each village is judged on its own ratio; the town on the town-wide ratio.
 */
import { z } from 'zod';
import { TABLES, type TableName } from '../../contract/tables.js';
import { compiled, conditionSchema, fieldsOf, type Judged } from '../conditions.js';
import { ratio, shareAtLeast } from '../decimal.js';
import type { CheckKind, Judgment, Offender, Verdict } from '../kind.js';
import { isUnknown, type DataError } from '../../model.js';
import { recordId } from '../records.js';
import { percent } from '../targets.js';
import { doc, shareSchema, tableSchema } from './common.js';

const params = z
  .object({
    table: tableSchema.meta(doc('所判断的表：比例按这张表的记录计算', 'the table whose records the share counts', 'table: households')),
    population: conditionSchema.optional().meta(doc('分母：哪些记录计入（不写则为全部）', 'the denominator: which records count (all when left out)', 'population: { use: registered_poor }')),
    meets: conditionSchema.meta(doc('分子：计入的记录须满足的条件', 'the numerator: what a counted record must meet', 'meets: { field: industry_covered, is: true }')),
    min: shareSchema.meta(doc('最低比例，0 到 1（95% 写作 0.95）', 'the lowest share, 0 to 1 (95% is 0.95)', 'min: 0.95')),
  })
  .strict()
  .meta(doc('比例：一群记录中满足条件的比例不低于 min。每个村按本村比例判断，全镇按全镇比例判断', 'share: of a population of records, the share that meets a test is at least min. Each village is judged on its own share, the town on the town-wide share'));
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
  lint(raw, at) {
    const table = at.table(raw.table);
    if (!table) return;
    at.condition(['population'], table);
    at.condition(['meets'], table);
  },
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
      const m = population ? population.member(rec) : 'in';
      if (m === 'out') continue;
      const judged = meets.judge(rec);
      const offender = judged.outcome === 'ok' ? null : { id: recordId(ctx.data, table, idCol, rec, order), order };
      // Whether it is counted at all may hang on an unreadable cell of the population.
      const maybe = m === 'unknown' ? population!.waits(rec) : null;
      town.add(judged, offender, maybe);
      const v = villageCol ? rec[villageCol] : undefined;
      if (isUnknown(v)) {
        // Its village is unreadable: it may count in any village.
        const waits = [v.error, ...(maybe ?? [])];
        for (const t of tallies.values()) t.add(judged, offender, waits);
        continue;
      }
      const own = typeof v === 'string' ? tallies.get(v) : undefined;
      if (own) own.add(judged, offender, maybe);
    }
    const villages = new Map<string, Judgment>();
    for (const [id, t] of tallies) villages.set(id, t.judgment(p.min));
    return { mode: 'judged', villages, town: town.judgment(p.min), townJudgedOnOwn: true };
  },
};

/**
 * The records of one village (or the town) for a share. Records whose check or
 * whose membership is unknown are counted apart, so the share can be judged at
 * its lowest and highest reading: a verdict both readings agree on stands.
 */
class Tally {
  /** Known members; of them, known to meet; of them, unknown whether they meet. */
  den = 0;
  num = 0;
  noData = 0;
  /** Records that may or may not be members, by whether they meet: yes, no, unknown. */
  maybeOk = 0;
  maybeMiss = 0;
  maybeUnknown = 0;
  offenders: Offender[] = [];
  waits: DataError[][] = [];
  add(judged: Judged, offender: Offender | null, maybe: DataError[] | null): void {
    const outcome = judged.outcome;
    if (maybe) {
      if (outcome === 'ok') this.maybeOk++;
      else if (outcome === 'no-data') this.maybeUnknown++;
      else this.maybeMiss++;
      this.waits.push(maybe);
      if (judged.waits) this.waits.push(judged.waits);
      return;
    }
    this.den++;
    if (outcome === 'ok') this.num++;
    else {
      if (outcome === 'no-data') {
        this.noData++;
        if (judged.waits) this.waits.push(judged.waits);
      }
      this.offenders.push(offender!);
    }
  }
  judgment(min: number | string): Judgment {
    const { num, den, noData, maybeOk, maybeMiss, maybeUnknown } = this;
    const verdict = (n: number, d: number): Verdict => (d === 0 ? 'n/a' : shareAtLeast(n, d, min) ? 'ok' : 'miss');
    // Lowest reading: unknown checks missed, the doubtful members that miss counted, those that meet left out; highest: the reverse.
    const low = verdict(num, den + maybeMiss + maybeUnknown);
    const high = verdict(num + noData + maybeOk + maybeUnknown, den + maybeOk + maybeUnknown);
    const possible = new Set<Verdict>([low, high]);
    if (den === 0 && maybeOk + maybeMiss + maybeUnknown > 0) possible.add('n/a');
    const known = verdict(num, den);
    const base = { actual: den === 0 ? null : ratio(num, den), numerator: num, denominator: den };
    if (possible.size === 1) {
      const [only] = possible;
      if (only === 'n/a') return { verdict: 'n/a', actual: null, numerator: 0, denominator: 0 };
      return { verdict: only!, ...base, offenders: only === 'ok' ? [] : this.offenders };
    }
    return {
      verdict: 'no-data',
      ...base,
      offenders: known === 'miss' ? this.offenders : [],
      possible: [...possible],
      waits: this.waits.flat(),
    };
  }
}
