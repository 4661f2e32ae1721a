/**
 * new: how many records of a table are new this period — their id is not in
 * last period's data — among those `where` selects, against a bound (新增
 * 监测对象 identified, 新增规上企业, new cooperatives). Per village and for the
 * town. Ids unreadable in either period leave the count open: a record whose
 * id cannot be read may be new or not, and one unreadable id last period may
 * be any of this period's.
 */
import { z } from 'zod';
import { type TableName } from '../../contract/tables.js';
import { compiled, conditionSchema, fieldsOf } from '../conditions.js';
import { compare, dec } from '../../text/decimal.js';
import { WILDCARD, type CheckKind, type Judgment, type Rows, type Verdict } from '../kind.js';
import { isUnknown, type DataError, type Dataset, type Rec } from '../../model.js';
import { NO_ROWS, recAt, rowSetOf } from '../records.js';
import { bound, OP_SYMBOL, thousands, type Op } from '../targets.js';
import { decimalSchema, doc, nounSchema, opSchema, tableSchema } from './common.js';

const params = z
  .object({
    table: tableSchema.meta(doc('所数的表（须有编号列）', 'the table counted (it must have an id column)', 'table: households')),
    where: conditionSchema.optional().meta(doc('只数满足这个条件的记录', 'count only the records that match this', 'where: { field: poverty_status, is: 未脱贫 }')),
    op: opSchema.default('gte').meta(doc('比较：gte ≥、gt >、eq =、lte ≤、lt <', 'comparison: gte ≥, gt >, eq =, lte ≤, lt <', 'op: gte')),
    value: decimalSchema.meta(doc('目标数量', 'the target number', 'value: 1')),
    noun: nounSchema.optional().meta(doc('数的是什么（显示在目标中）', 'what is counted (shown in the target)', 'noun: { zh: 户, en: households }')),
  })
  .strict()
  .meta(doc('本期新增：编号不在上期数据中的记录（满足 where 的）有多少条，按村和全镇判断', 'new this period: how many records (of those where selects) have an id absent from last period\'s data, per village and for the town'));
type Params = z.infer<typeof params>;

/** Last period's ids of a table, and the errors of those it could not read. */
const IDS = new WeakMap<Dataset, Map<TableName, { ids: Set<string>; unreadable: DataError[] }>>();
function previousIds(previous: Dataset, table: TableName) {
  let byTable = IDS.get(previous);
  if (!byTable) IDS.set(previous, (byTable = new Map()));
  let got = byTable.get(table);
  if (!got) {
    const col = previous.contract.tables[table]!.idColumn!;
    got = { ids: new Set(), unreadable: [] };
    const set = rowSetOf(previous, table);
    for (let i = 0; i < set.n; i++) {
      const id = set.rec(i)[col];
      if (typeof id === 'string') got.ids.add(id);
      else if (isUnknown(id)) got.unreadable.push(id.error);
    }
    byTable.set(table, got);
  }
  return got;
}

export const newRecords: CheckKind<Params> = {
  kind: 'new',
  params,
  emptyVillageIsNA: false,
  needsPrevious: true,
  table: (p) => p.table as TableName,
  fields: (p, defs, contract) => [...fieldsOf(p.where, p.table as TableName, defs), { table: p.table as TableName, field: contract.tables[p.table as TableName]?.idColumn ?? 'id' }],
  target: (p) => {
    const sym = OP_SYMBOL[p.op as Op];
    const n = thousands(p.value);
    return {
      machine: `new ${sym.machine} ${p.value}`,
      zh: `本期新增 ${sym.human} ${n}${p.noun ? ' ' + p.noun.zh : ''}`,
      en: `new this period ${sym.human} ${n}${p.noun ? ' ' + p.noun.en : ''}`,
      bound: bound(p.op as Op, p.value, 'count', 'new'),
      unit: 'count',
      ...(p.noun ? { noun: p.noun } : {}),
    };
  },
  run(p, ctx) {
    const table = p.table as TableName;
    const def = ctx.data.contract.tables[table]!;
    const idCol = def.idColumn!;
    const villageCol = def.villageColumn;
    const where = p.where ? compiled(p.where, ctx.evalFor(table)) : null;
    const before = previousIds(ctx.previous!, table);
    const holds = (k: number) => compare(dec(k), p.op as Op, dec(p.value));
    const countIn = (placed: Rows, maybe: Rows): Judgment => {
      let sure = 0;
      let open = 0;
      const waits: DataError[] = [...before.unreadable];
      const add = (rec: Rec, surely: boolean) => {
        const m = where ? where.member(rec) : 'in';
        if (m === 'out') return;
        const id = rec[idCol];
        if (typeof id === 'string' && before.ids.has(id)) return;
        if (m === 'in' && surely && typeof id === 'string') sure++;
        else {
          open++;
          if (m === 'unknown') waits.push(...where!.waits(rec));
          if (isUnknown(id)) waits.push(id.error);
          if (!surely && villageCol && isUnknown(rec[villageCol])) waits.push(rec[villageCol].error);
        }
      };
      for (let k = 0; k < placed.orders.length; k++) add(recAt(placed, k), true);
      for (let k = 0; k < maybe.orders.length; k++) add(recAt(maybe, k), false);
      // One unreadable id last period may be any one of the new ones.
      const lo = Math.max(0, sure - before.unreadable.length);
      const hi = sure + open;
      const possible = new Set<Verdict>([holds(lo) ? 'ok' : 'miss', holds(hi) ? 'ok' : 'miss']);
      if (p.op === 'eq' && lo < hi && dec(p.value).gt(lo) && dec(p.value).lt(hi)) possible.add('ok').add('miss');
      if (possible.size === 1) return { verdict: [...possible][0]!, actual: sure };
      return { verdict: 'no-data', actual: sure, possible: [...possible], waits };
    };
    const byVillage = ctx.byVillage(table);
    const anywhere = byVillage.get(WILDCARD) ?? NO_ROWS;
    const villages = new Map<string, Judgment>();
    for (const v of ctx.villages) villages.set(v.village_id as string, countIn(byVillage.get(v.village_id as string) ?? NO_ROWS, anywhere));
    return { mode: 'judged', villages, town: countIn(ctx.townRecords(table), NO_ROWS), townJudgedOnOwn: true };
  },
};
