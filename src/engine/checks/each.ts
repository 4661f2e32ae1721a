/**
 * each: every entity that passes the filter meets the requirement (2.7 every
 * poverty-funded project has a benefit linkage, 3.7b every funded cooperative
 * ≥ 80% poor members ...). Villages are entities of their own table, so the
 * village-attribute clauses (2.1 一村一品, 3.8 property-rights dates) are this
 * kind too; town.yaml is the one entity of table `town` (5.1).
 */
import { z } from 'zod';
import { type TableName } from '../../contract/tables.js';
import { compiled, conditionSchema, fieldsOf, judge, type Condition, type EvalContext } from '../conditions.js';
import { isUnknown, type Rec } from '../../model.js';
import { WILDCARD, type CheckKind, type EntityJudgment } from '../kind.js';
import { recordId } from '../records.js';
import { doc, tableOrTownSchema } from './common.js';

const params = z
  .object({
    table: tableOrTownSchema.meta(doc('逐个判断的表（town 为 town.yaml）', 'the table whose entities are judged one by one (town: town.yaml)', 'table: projects')),
    where: conditionSchema.optional().meta(doc('只判断满足这个条件的记录', 'judge only the entities that match this', 'where: { use: poverty_or_donation_funded }')),
    require: conditionSchema.meta(doc('每个记录须满足的条件', 'what each entity must meet', 'require: { field: benefit_linkage, present: true }')),
    /** The entity the plan names (3.5a 黄海食品有限公司): when none matches, no-data naming it. */
    named: z.string().optional().meta(doc('方案点名的对象；数据中没有时报告缺数据并给出最接近的名称', 'the entity the plan names; when the data has none, the result is no-data and the nearest name is given', 'named: 黄海食品有限公司')),
    /** The unit of the measured figure, when one entity's figure is the result (3.5a: 万元). */
    unit: z.string().optional().meta(doc('结果数值的单位（只判断一个对象时显示）', "the unit of the figure shown when one entity's figure is the result", 'unit: 万元')),
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
function entity(where: Condition | undefined, require: Condition, rec: Rec, ev: EvalContext) {
  const filter = where ? compiled(where, ev) : null;
  const m = filter ? filter.member(rec) : 'in';
  if (m === 'out') return null;
  const judged = judge(require, rec, ev);
  if (m === 'in') return { judged };
  const waits = filter!.waits(rec);
  const notes = waits.length ? [] : [{ code: 'filter-figure-empty', args: {} }];
  return { judged: notes.length ? { ...judged, notes: [...(judged.notes ?? []), ...notes] } : judged, maybe: true, maybeWaits: waits };
}

export const each: CheckKind<Params> = {
  kind: 'each',
  params,
  emptyVillageIsNA: true,
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
  target: (p) => ({ machine: 'all', zh: '全部符合', en: 'all comply', unit: p.unit ?? null }),
  run(p, ctx) {
    const ev = ctx.evalFor(p.table as TableName | 'town');
    const entities: EntityJudgment[] = [];
    if (p.table === 'town') {
      const town = ctx.data.town;
      const e = town ? entity(p.where, p.require, town, ev) : null;
      if (town && e) entities.push({ id: typeof town.name === 'string' ? town.name : 'town', order: 0, village: null, ...e });
    } else {
      const table = p.table as TableName;
      const def = ctx.data.contract.tables[table]!;
      for (const { rec, order } of ctx.townRecords(table)) {
        const e = entity(p.where, p.require, rec, ev);
        if (!e) continue;
        // An entity whose village is unreadable may be in any village (WILDCARD); one with none counts in the town only.
        const v = def.villageColumn ? rec[def.villageColumn] : null;
        const village = typeof v === 'string' ? v : isUnknown(v) ? WILDCARD : null;
        const id = recordId(ctx.data, table, def.idColumn, rec, order);
        entities.push({ id, order, village, ...e, ...(isUnknown(v) ? { placeWaits: [v.error] } : {}) });
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
