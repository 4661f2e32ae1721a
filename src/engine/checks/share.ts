/**
 * share: of the records in a population, the share that meets a check is at
 * least `min` (2.6 industry coverage, 3.3b household-industry rate, 3.10b ...).
 * Each village is judged on its own ratio; the town on the town-wide ratio.
 */
import { z } from 'zod';
import { type TableName } from '../../contract/tables.js';
import { compiledRows, conditionSchema, fieldsOf, MEMBER, OUTCOME, OUTCOMES, type Judged } from '../conditions.js';
import { atLeastTimes, quotientFigure, scaled, toNumber, type Scaled } from '../../text/decimal.js';
import { Total } from '../total.js';
import type { CheckKind, Judgment, Offender, Verdict } from '../kind.js';
import { isUnknown, type DataError, type Unknown } from '../../model.js';
import { ANYWHERE, cellAt, idsOf, NOWHERE, recordIdAt, villagePlaces } from '../records.js';
import { bound, percent } from '../targets.js';
import { doc, shareSchema, tableSchema, WAITS_KEPT } from './common.js';

const params = z
  .object({
    table: tableSchema.meta(doc('所判断的表：比例按这张表的记录计算', 'the table whose records the share counts', 'table: households')),
    population: conditionSchema.optional().meta(doc('分母：哪些记录计入（不写则为全部）', 'the denominator: which records count (all when left out)', 'population: { use: registered_poor }')),
    meets: conditionSchema.meta(doc('分子：计入的记录须满足的条件', 'the numerator: what a counted record must meet', 'meets: { field: industry_covered, is: true }')),
    min: shareSchema.meta(doc('最低比例，0 到 1（95% 写作 0.95）', 'the lowest share, 0 to 1 (95% is 0.95)', 'min: 0.95')),
    weight: z.string().optional().meta(doc('按这一列的数值加权（如 members：按人数，而不是户数）', "weight each record by this column's figure (members: people, not households)", 'weight: members')),
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
    ...(p.weight ? [{ table: p.table as TableName, field: p.weight }] : []),
  ],
  lint(raw, at) {
    const table = at.table(raw.table);
    if (!table) return;
    at.condition(['population'], table);
    at.condition(['meets'], table);
  },
  target: (p) => ({ machine: `>= ${p.min}`, zh: `≥ ${percent(p.min)}`, en: `≥ ${percent(p.min)}`, bound: bound('gte', p.min, 'ratio', 'figure'), unit: 'ratio' }),
  run(p, ctx) {
    const table = p.table as TableName;
    const ev = ctx.evalFor(table);
    const def = ctx.data.contract.tables[table]!;
    const villageCol = def.villageColumn;
    const weight = p.weight ?? null;
    // One pass over the records: each counts in its village's tally and in the town's.
    const town = new Tally();
    // Records whose village is unreadable: each may count in any village, as one that may or may not.
    const anywhere = new Tally();
    const tallies = new Map<string, Tally>();
    for (const id of idsOf(ctx.villages)) tallies.set(id, new Tally());
    const { all, orders } = ctx.townRecords(table);
    // Every record's membership, outcome and village read from the table's columns in one pass each: no record is made.
    const population = p.population ? compiledRows(p.population, ev, all) : null;
    const meets = compiledRows(p.meets, ev, all);
    const members = population ? population.members(orders) : null;
    const outcomes = meets.outcomes(orders);
    // An offender's id, read once (it is listed by its village and by the town).
    const idAt = recordIdAt(ctx.data, table, def.idColumn, all);
    const named = new Map<number, string>();
    const idOf = (order: number): string => {
      let id = named.get(order);
      if (id === undefined) named.set(order, (id = idAt(order)));
      return id;
    };
    const weightOf = weight ? cellAt(all, weight) : null;
    // Each record's tally: its village's (an index into `own`, the tallies in the villages' order), ANYWHERE when its village is unreadable.
    const own = [...tallies.values()];
    const place = villageCol ? villagePlaces({ all, orders }, villageCol, ctx.villages) : null;
    const villageOf = villageCol ? cellAt(all, villageCol) : null;
    for (let i = 0; i < orders.length; i++) {
      const m = members ? members[i]! : MEMBER.in;
      if (m === MEMBER.out) continue;
      const order = orders[i]!;
      const o = outcomes[i]!;
      const t = place ? place[i]! : NOWHERE;
      if (m === MEMBER.in && o !== OUTCOME['no-data'] && weightOf === null && t !== ANYWHERE) {
        // The common case, a known member of weight 1 with a known outcome in a known place: what add() counts it as.
        town.sure(o === OUTCOME.ok, order);
        if (t !== NOWHERE) own[t]!.sure(o === OUTCOME.ok, order);
        continue;
      }
      // What a tally reads of a judgment: its outcome, and its errors when no-data.
      const judged = o === OUTCOME['no-data'] ? meets.judge(order) : DECIDED[o]!;
      // A record that does not meet is an offender, named by its id only if its result lists offenders.
      const offender = o === OUTCOME.ok ? null : order;
      // Whether it is counted at all may hang on an unreadable cell of the population.
      const maybe = m === MEMBER.unknown ? population!.waits(order) : null;
      // Its weight: 1, or its figure in the weight column (people, not households); unreadable or empty, any amount.
      let w: Weight = 1;
      let weightWaits: DataError[] | null = null;
      if (weightOf) {
        const x = weightOf(order);
        w = typeof x === 'number' ? x : null;
        if (isUnknown(x)) weightWaits = [x.error];
      }
      town.add(judged, offender, maybe, w, weightWaits);
      if (t === ANYWHERE) {
        // Its village is unreadable: it may count in any village.
        // Tallied once, then added to each village's (not once per village per record: a lost file may be a million).
        const v = villageOf!(order) as Unknown;
        anywhere.add(judged, offender, [v.error, ...(maybe ?? [])], w, weightWaits);
        continue;
      }
      if (t !== NOWHERE) own[t]!.add(judged, offender, maybe, w, weightWaits);
    }
    const villages = new Map<string, Judgment>();
    const share = scaled(p.min);
    for (const [id, t] of tallies) villages.set(id, (anywhere.doubtful ? t.with(anywhere) : t).judgment(share, idOf));
    return { mode: 'judged', villages, town: town.judgment(share, idOf), townJudgedOnOwn: true };
  },
};

/** A decided judgment by its outcome code, as a tally reads it. */
const DECIDED: readonly Judged[] = OUTCOMES.map((outcome) => Object.freeze({ outcome }));

/** A record's weight: 1, or its figure in the weight column (null when unreadable or empty: any amount). */
type Weight = number | null;

/**
 * The records of one village (or the town) for a share, each with its weight
 * (1, or people with `weight: members`). The share is judged at its lowest and
 * highest reading — unknown checks, doubtful members and unknown weights taken
 * the way that lowers it, then the way that raises it: a verdict both agree on
 * stands.
 */
class Tally {
  /** Known members and the known part of them that meets: the figure reported. */
  den = new Total();
  num = new Total();
  /** The lowest and highest readings; `lowZero`/`highOne`: an unknown weight drives the share to 0 or 1. */
  lowNum = new Total();
  lowDen = new Total();
  highNum = new Total();
  highDen = new Total();
  lowZero = false;
  highOne = false;
  /** Known members with a known weight, and whether any record may or may not count. */
  members = 0;
  doubtful = false;
  /** The orders of the records that do not meet (known members). */
  offenders: number[] = [];
  waits: DataError[][] = [];
  /** Sure members of weight 1 with a known outcome, that meet and that do not: counted, then added to the totals at once (settle). */
  private met = 0;
  private missed = 0;
  add(judged: Judged, offender: number | null, maybe: DataError[] | null, w: Weight, weightWaits: DataError[] | null): void {
    const outcome = judged.outcome;
    if (maybe === null && w === 1 && weightWaits === null && outcome !== 'no-data') {
      this.sure(outcome === 'ok', offender!);
      return;
    }
    const meets = outcome === 'ok';
    const unknown = outcome === 'no-data';
    if (maybe) {
      this.doubtful = true;
      this.waits.push(maybe);
    }
    if (unknown && judged.waits) this.waits.push(judged.waits);
    if (weightWaits) this.waits.push(weightWaits);
    // Lowest reading: it counts only if it lowers the share (it misses, or may miss).
    if (!meets || !maybe) {
      if (w === null) {
        if (!meets) this.lowZero = true;
      } else {
        this.lowDen.add(w);
        if (meets) this.lowNum.add(w);
      }
    }
    // Highest reading: it counts only if it raises the share (it meets, or may meet).
    if (meets || unknown || !maybe) {
      if (w === null) {
        if (meets || unknown) this.highOne = true;
      } else {
        this.highDen.add(w);
        if (meets || unknown) this.highNum.add(w);
      }
    }
    if (maybe) return;
    if (w !== null) {
      this.members++;
      this.den.add(w);
      if (meets) this.num.add(w);
    } else this.doubtful = true;
    if (!meets) this.offenders.push(offender!);
  }
  /**
   * A known member of weight 1 with a known outcome, that meets or not (`order`:
   * its place, an offender's): the common case (a household of a town's
   * million), counted; settle() adds to each total what add() would.
   */
  sure(meets: boolean, order: number): void {
    if (meets) this.met++;
    else {
      this.missed++;
      this.offenders.push(order);
    }
  }
  /** Adds the members add() counted to the totals: each adds 1 to lowDen, highDen, den and members, and to lowNum, highNum and num when it meets. */
  private settle(): void {
    const n = this.met + this.missed;
    if (n === 0) return;
    this.lowDen.add(n);
    this.lowNum.add(this.met);
    this.highDen.add(n);
    this.highNum.add(this.met);
    this.members += n;
    this.den.add(n);
    this.num.add(this.met);
    this.met = 0;
    this.missed = 0;
  }
  /** This tally with another's doubtful records added (records that may belong here); the figure reported stays this one's. */
  with(other: Tally): Tally {
    this.settle();
    other.settle();
    const t = new Tally();
    Object.assign(t, this);
    t.lowNum = this.lowNum.plus(other.lowNum);
    t.lowDen = this.lowDen.plus(other.lowDen);
    t.highNum = this.highNum.plus(other.highNum);
    t.highDen = this.highDen.plus(other.highDen);
    t.lowZero = this.lowZero || other.lowZero;
    t.highOne = this.highOne || other.highOne;
    t.doubtful = true;
    // Many records may wait on few errors: the first of them are enough to name.
    t.waits = [...this.waits, ...other.waits.slice(0, WAITS_KEPT)];
    return t;
  }
  /** The judgment at the least share `share`; offenders by their ids (`idOf` their order), read only when listed. */
  judgment(share: Scaled, idOf: (order: number) => string): Judgment {
    this.settle();
    const verdict = (n: Total, d: Total, toZero: boolean, toOne: boolean): Verdict => {
      if (toOne) return 'ok';
      if (toZero) return share.value.lte(0) ? 'ok' : 'miss';
      return d.isZero() ? 'n/a' : atLeastTimes(n.figure(), d.figure(), share) ? 'ok' : 'miss';
    };
    const low = verdict(this.lowNum, this.lowDen, this.lowZero, false);
    const high = verdict(this.highNum, this.highDen, false, this.highOne);
    const possible = new Set<Verdict>([low, high]);
    // With no sure member, the doubtful ones may all be out: nothing to check.
    if (this.members === 0 && this.doubtful) possible.add('n/a');
    const num = this.num.figure();
    const den = this.den.figure();
    const known = this.den.isZero() ? 'n/a' : atLeastTimes(num, den, share) ? 'ok' : 'miss';
    const base = {
      actual: this.den.isZero() ? null : quotientFigure(num, den),
      numerator: typeof num === 'number' ? num : toNumber(num),
      denominator: typeof den === 'number' ? den : toNumber(den),
    };
    const offenders = (): Offender[] => this.offenders.map((order) => ({ id: idOf(order), order }));
    if (possible.size === 1) {
      const [only] = possible;
      if (only === 'n/a') return { verdict: 'n/a', actual: null, numerator: 0, denominator: 0 };
      return { verdict: only!, ...base, offenders: only === 'ok' ? [] : offenders() };
    }
    return {
      verdict: 'no-data',
      ...base,
      offenders: known === 'miss' ? offenders() : [],
      possible: [...possible],
      waits: this.waits.flat(),
    };
  }
}
