/**
 * each: every entity that passes the filter meets the requirement (2.7 every
 * poverty-funded project has a benefit linkage, 3.7b every funded cooperative
 * ≥ 80% poor members ...). Villages are entities of their own table, so the
 * village-attribute clauses (2.1 一村一品, 3.8 property-rights dates) are this
 * kind too; town.yaml is the one entity of table `town` (5.1).
 */
import { z } from 'zod';
import { TABLES, type TableName } from '../../contract/tables.js';
import { conditionSchema, fieldsOf, judge, membership, type Judged } from '../conditions.js';
import type { CheckKind, EntityJudgment } from '../kind.js';
import { tableOrTownSchema } from './common.js';

const params = z
  .object({
    table: tableOrTownSchema,
    where: conditionSchema.optional(),
    require: conditionSchema,
    /** The entity the plan names (3.5a 黄海食品有限公司): when none matches, no-data naming it. */
    named: z.string().optional(),
    /** The unit of the measured figure, when one entity's figure is the result (3.5a: 万元). */
    unit: z.string().optional(),
  })
  .strict();
type Params = z.infer<typeof params>;

const UNKNOWN: Judged = { outcome: 'no-data', notes: [{ code: 'filter-figure-empty', args: {} }] };

/**
 * An entity whose membership hangs on an empty measured figure: if it meets the
 * requirement anyway, nothing is unknown (3.14: a village with a distribution
 * plan complies whatever its income); otherwise no-data.
 */
function judgeMember(m: 'in' | 'unknown', require: Judged): Judged {
  return m === 'in' || require.outcome === 'ok' ? require : UNKNOWN;
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
  target: (p) => ({ machine: 'all', zh: '全部符合', en: 'all comply', unit: p.unit ?? null }),
  run(p, ctx) {
    const ev = ctx.evalFor(p.table as TableName | 'town');
    const entities: EntityJudgment[] = [];
    if (p.table === 'town') {
      const town = ctx.data.town;
      const m = town ? membership(p.where, town, ev) : 'out';
      if (town && m !== 'out') {
        entities.push({ id: String(town.name ?? 'town'), order: 0, village: null, judged: judgeMember(m, judge(p.require, town, ev)) });
      }
    } else {
      const table = p.table as TableName;
      const def = TABLES[table];
      for (const { rec, order } of ctx.townRecords(table)) {
        const m = membership(p.where, rec, ev);
        if (m === 'out') continue;
        const village = def.villageColumn ? (rec[def.villageColumn] as string | null) : null;
        const id = def.idColumn ? String(rec[def.idColumn]) : String(order + 1);
        // Whether the rule applies may hang on an empty measured figure (3.14, empty income): see judgeMember.
        entities.push({ id, order, village, judged: judgeMember(m, judge(p.require, rec, ev)) });
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
