/**
 * each: every entity that passes the filter meets the requirement (2.7 every
 * poverty-funded project has a benefit linkage, 3.7b every funded cooperative
 * ≥ 80% poor members ...). Villages are entities of their own table, so the
 * village-attribute clauses (2.1 一村一品, 3.8 property-rights dates) are this
 * kind too; town.yaml is the one entity of table `town` (5.1). With
 * `periods: both` the requirement must hold last period too (稳定在10万元以上).
 */
import { z } from 'zod';
import { type TableName } from '../../contract/tables.js';
import { compiled, compiledRows, conditionSchema, fieldsOf, judge, outcomeRange, type Condition, type EvalContext, type Judged, type Outcome, type Over } from '../conditions.js';
import { isUnknown, type Dataset, type DataError, type Finding } from '../../model.js';
import { cellAt, recordIdAt, rowSetOf, type Cell } from '../records.js';
import { evalIn } from './periods.js';
import { WILDCARD, type CheckKind, type EntityJudgment } from '../kind.js';
import { doc, tableOrTownSchema } from './common.js';
import { eachBound } from '../targets.js';

const params = z
  .object({
    table: tableOrTownSchema.meta(doc('逐个判断的表（town 为 town.yaml）', 'the table whose entities are judged one by one (town: town.yaml)', 'table: projects')),
    where: conditionSchema.optional().meta(doc('只判断满足这个条件的记录', 'judge only the entities that match this', 'where: { use: poverty_or_donation_funded }')),
    require: conditionSchema.meta(doc('每个记录须满足的条件', 'what each entity must meet', 'require: { field: benefit_linkage, present: true }')),
    /** The entity the plan names (3.5a 黄海食品有限公司): when none matches, no-data naming it. */
    named: z.string().optional().meta(doc('方案点名的对象；数据中没有时报告缺数据并给出最接近的名称', 'the entity the plan names; when the data has none, the result is no-data and the nearest name is given', 'named: 黄海食品有限公司')),
    /** The unit of the measured figure, when one entity's figure is the result (3.5a: 万元). */
    unit: z.string().optional().meta(doc('结果数值的单位（只判断一个对象时显示）', "the unit of the figure shown when one entity's figure is the result", 'unit: 万元')),
    /** 稳定在 (3.2b of the Changshou plan): the requirement holds last period too. */
    periods: z
      .enum(['both'])
      .optional()
      .meta(
        doc(
          'both：本期和上期（--previous）都须满足要求（如“稳定在10万元以上”）。按编号找到上期的同一对象（town.yaml 即上期的 town.yaml），只以本期的 where 选择对象；上期没有该对象时为缺数据',
          "both: the requirement holds this period and last (--previous) alike (稳定在, held at). Last period's entity is the one with the same id (town.yaml: last period's town.yaml); only this period's where selects; an entity absent last period is no-data",
          'periods: both',
        ),
      ),
  })
  .strict()
  .meta(doc('逐个：筛选出的每个对象（项目、企业、村、town.yaml……）都须满足要求。村的结果是其对象中最差的', 'each: every entity the filter selects (a project, an enterprise, a village, town.yaml ...) meets the requirement. A village result is the worst of its entities'));
type Params = z.infer<typeof params>;

/**
 * One entity the filter may select: judged on the requirement. When whether the
 * filter selects it hangs on an empty or unreadable figure (3.14 with an
 * unknown income), it is `maybe`: the engine counts it both ways, judged and
 * absent, so the result is no-data unless both give the same status.
 */
function entity<X>(filter: Over<X> | null, require: Over<X>, x: X) {
  const m = filter ? filter.member(x) : 'in';
  if (m === 'out') return null;
  const judged = require.judge(x);
  if (m === 'in') return { judged };
  const waits = filter!.waits(x);
  const notes: Finding[] = waits.length ? [] : [{ code: 'filter-figure-empty', args: {} }];
  return { judged: notes.length ? { ...judged, notes: [...(judged.notes ?? []), ...notes] } : judged, maybe: true, maybeWaits: waits };
}

export const each: CheckKind<Params> = {
  kind: 'each',
  params,
  emptyVillageIsNA: true,
  needsPrevious: (p) => p.periods === 'both',
  table: (p) => p.table as TableName | 'town',
  fields: (p, defs) => [
    ...fieldsOf(p.where, p.table as TableName | 'town', defs),
    ...fieldsOf(p.require, p.table as TableName | 'town', defs),
  ],
  lint(raw, at) {
    const table = at.table(raw.table, true);
    if (!table) return;
    at.condition(['where'], table);
    at.condition(['require'], table);
  },
  target: (p, defs) => {
    const bound = eachBound(p.require, defs, p.unit ?? null);
    return p.periods === 'both'
      ? { machine: 'all, both periods', zh: '全部符合（本期和上期）', en: 'all comply (this period and last)', bound, unit: p.unit ?? null }
      : { machine: 'all', zh: '全部符合', en: 'all comply', bound, unit: p.unit ?? null };
  },
  run(p, ctx) {
    const ev = ctx.evalFor(p.table as TableName | 'town');
    const entities: EntityJudgment[] = [];
    // periods: both — each entity is judged again on last period's record of it.
    const before = p.periods === 'both' && ctx.previous ? lastPeriod(p.require, p.table as TableName | 'town', ctx.previous, ev) : null;
    // `id`: the entity's cell in the id column of last period's table, by which its record there is found.
    const held = <E extends { judged: Judged }>(e: E, id: Cell): E => (before ? { ...e, judged: heldBoth(e.judged, before.judge(id)) } : e);
    if (p.table === 'town') {
      const town = ctx.data.town;
      const e = town ? entity(p.where ? compiled(p.where, ev) : null, compiled(p.require, ev), town) : null;
      if (town && e) entities.push({ id: typeof town.name === 'string' ? town.name : 'town', order: 0, village: null, ...held(e, null) });
    } else {
      const table = p.table as TableName;
      const def = ctx.data.contract.tables[table]!;
      const { all, orders } = ctx.townRecords(table);
      // Read by index from the table's columns: no record is made.
      const where = p.where ? compiledRows(p.where, ev, all) : null;
      const require = compiledRows(p.require, ev, all);
      const villageOf = def.villageColumn ? cellAt(all, def.villageColumn) : null;
      const idThen = before?.idColumn ? cellAt(all, before.idColumn) : null;
      const idOf = recordIdAt(ctx.data, table, def.idColumn, all);
      for (let i = 0; i < orders.length; i++) {
        const order = orders[i]!;
        const found = entity(where, require, order);
        if (!found) continue;
        const e = held(found, idThen ? idThen(order) : undefined);
        // An entity whose village is unreadable may be in any village (WILDCARD); one with none counts in the town only.
        const v = villageOf ? villageOf(order) : null;
        const village = typeof v === 'string' ? v : isUnknown(v) ? WILDCARD : null;
        // Built key by key, not spread: one per project, enterprise or village of a town.
        const one: EntityJudgment = { id: idOf(order), order, village, judged: e.judged };
        if ('maybe' in e) {
          one.maybe = e.maybe;
          one.maybeWaits = e.maybeWaits;
        }
        if (isUnknown(v)) one.placeWaits = [v.error];
        entities.push(one);
      }
    }
    if (entities.length === 0 && p.named !== undefined) {
      return {
        mode: 'entities',
        entities,
        whenNone: { verdict: 'no-data', actual: null, notes: [{ code: 'named-entity-missing', args: { table: p.table, name: p.named } }] },
      };
    }
    return { mode: 'entities', entities };
  },
};

const RANK: Record<Outcome, number> = { late: 4, miss: 3, 'no-data': 2, near: 1, ok: 0 };

/**
 * How an entity fared last period: its record there (the one with the same
 * id; town.yaml is last period's town.yaml) judged on the requirement in that
 * period's own data. Absent, it is no-data, and so is an entity whose id
 * may be one of last period's unreadable ids.
 */
function lastPeriod(require: Condition, table: TableName | 'town', previous: Dataset, ev: EvalContext): { idColumn: string | null; judge: (id: Cell) => Judged } {
  const evBefore = evalIn(previous, table, ev);
  const open = (notes: Finding[], waits: DataError[] = []): Judged => ({ outcome: 'no-data', notes, ...(waits.length ? { waits } : {}) });
  if (table === 'town') {
    return {
      idColumn: null,
      judge: () => (previous.town ? judge(require, previous.town, evBefore) : open([{ code: 'entity-not-in-previous', args: { table: 'town', entity: 'town.yaml' } }])),
    };
  }
  const idCol = previous.contract.tables[table]?.idColumn ?? null;
  let unreadable: DataError[] | null = null;
  const judgeThen = (id: Cell): Judged => {
    if (typeof id !== 'string') return open([], isUnknown(id) ? [id.error] : []);
    const then = evBefore.lookup(table, id);
    if (then) return judge(require, then, evBefore);
    // Not found by its id: it may be a record of last period whose id could not be read.
    if (unreadable === null) {
      const found: DataError[] = [];
      const set = rowSetOf(previous, table);
      if (idCol) {
        for (let i = 0; i < set.n && found.length < 100; i++) {
          const v = set.rec(i)[idCol];
          if (isUnknown(v)) found.push(v.error);
        }
      }
      unreadable = found;
    }
    return open([{ code: 'entity-not-in-previous', args: { table, entity: id } }], unreadable);
  };
  return { idColumn: idCol, judge: judgeThen };
}

/**
 * Both periods must meet the requirement: the worst of the two, each read
 * over the outcomes its unknown cells allow. Last period's part is said in a
 * note when it is not met, with its figure.
 */
function heldBoth(now: Judged, before: Judged): Judged {
  const [b1, w1] = outcomeRange(now);
  const [b2, w2] = outcomeRange(before);
  const best = RANK[b1] >= RANK[b2] ? b1 : b2;
  const worst = RANK[w1] >= RANK[w2] ? w1 : w2;
  const notes = [...(now.notes ?? [])];
  if (before.outcome !== 'ok') {
    const said = before.notes?.some((n) => n.code === 'entity-not-in-previous');
    if (!said) notes.push({ code: before.outcome === 'no-data' ? 'previous-period-open' : 'previous-period-not-met', args: { value: before.measured ?? null } });
    notes.push(...(before.notes ?? []));
  }
  const measured = now.measured !== undefined ? { measured: now.measured } : {};
  const said = notes.length ? { notes } : {};
  if (best === worst) return { outcome: best, ...measured, ...said };
  const waits = [...(now.outcome === 'no-data' ? (now.waits ?? []) : []), ...(before.outcome === 'no-data' ? (before.waits ?? []) : [])];
  return { outcome: 'no-data', best, worst, ...measured, ...said, ...(waits.length ? { waits } : {}) };
}
