/**
 * sum: the total of a figure over matching records in a unit, against a bound
 * (3.2b 核桃村 红薯 ≥ 1,000 亩). Rows of the same records in another unit make
 * the result no-data, with the unit found: they cannot be added to 亩.
 */
import { z } from 'zod';
import { type TableName } from '../../contract/tables.js';
import { compiledRows, conditionSchema, fieldsOf } from '../conditions.js';
import { compare, dec, toNumber, type Decimal } from '../../text/decimal.js';
import { WILDCARD, type CheckKind, type Judgment, type Rows, type Verdict } from '../kind.js';
import { isUnknown, type DataError } from '../../model.js';
import { bound, OP_SYMBOL, thousands, type Op } from '../targets.js';
import { cellAt, NO_ROWS } from '../records.js';
import { suggest } from '../pack-issues.js';
import { isUnitColumn } from '../pack-lint.js';
import { decimalSchema, doc, opSchema, tableSchema, WAITS_KEPT } from './common.js';

const params = z
  .object({
    table: tableSchema.meta(doc('要合计的表', 'the table whose rows are added up', 'table: industries')),
    where: conditionSchema.optional().meta(doc('只合计满足这个条件的行', 'add up only the rows that match this', 'where: { field: industry, in: [红薯, 红署] }')),
    field: z.string().meta(doc('合计的数值列', 'the column of figures to add up', 'field: scale')),
    /** A column that names each summed row for people (explain, evidence). */
    label: z.string().optional().meta(doc('说明每一行的列（explain 中显示）', 'a column naming each row (shown by explain)', 'label: industry')),
    /** The unit column and the unit the target is in; or, for a figure with its own unit (投资金额（万元）), the unit alone. */
    unit: z
      .union([
        z
          .object({
            field: z.string().meta(doc('单位列', 'the unit column', 'field: unit')),
            is: z.string().meta(doc('目标的单位，须是单位列中可能出现的值', 'the unit of the target, one the unit column can hold', 'is: 亩')),
          })
          .strict(),
        z.string().min(1),
      ])
      .meta(
        doc(
          '单位列和单位；数值列本身带单位（如投资金额（万元））时只写单位',
          "the unit column and the unit; for a column whose figures have one unit (投资金额（万元）), the unit alone",
          'unit: {field: unit, is: 亩}',
        ),
      ),
    op: opSchema.default('gte').meta(doc('比较：gte ≥、gt >、eq =、lte ≤、lt <', 'comparison: gte ≥, gt >, eq =, lte ≤, lt <', 'op: gte')),
    value: decimalSchema.meta(doc('目标合计（单位为 unit.is）', 'the target total, in unit.is', 'value: 1000')),
  })
  .strict()
  .meta(doc('合计：满足条件的行的数值之和（同一单位），与目标比较。其他单位的行不能相加，结果为缺数据并指出单位', 'sum: the total of a figure over matching rows, in one unit, against a bound. Rows in another unit cannot be added: the result is no-data, naming the unit'));
type Params = z.infer<typeof params>;


export const sum: CheckKind<Params> = {
  kind: 'sum',
  params,
  emptyVillageIsNA: false,
  table: (p) => p.table as TableName,
  fields: (p, defs) => [
    ...fieldsOf(p.where, p.table as TableName, defs),
    { table: p.table as TableName, field: p.field },
    ...(typeof p.unit === 'string' ? [] : [{ table: p.table as TableName, field: p.unit.field }]),
  ],
  lint(raw, at) {
    const table = at.table(raw.table);
    if (!table) return;
    at.condition(['where'], table);
    const figure = at.column(['field'], table, 'sum');
    // A label is shown beside each row in explain and the JSON evidence: never a name, ID number or phone.
    const label = at.column(['label'], table);
    if (label?.personal) at.problem(['label'], 'label-personal', { table, column: label.key });
    const unit = raw.unit as { field?: unknown; is?: unknown } | string | undefined;
    // A column whose figures carry one unit: the unit alone, checked against the unit the column declares (10 万元 is not 10 元).
    if (typeof unit === 'string') {
      if (figure?.unit !== undefined && figure.unit !== unit) at.problem(['unit'], 'unit-not-column-unit', { table, column: figure.key, value: unit, unit: figure.unit });
      return;
    }
    if (unit === undefined || unit === null || typeof unit !== 'object') {
      // "check.unit: expected object, received undefined" means: this table has no unit column.
      if (unit === undefined && !at.columns(table).some(isUnitColumn)) {
        at.problem(['unit'], 'sum-no-unit-column', { table });
        at.claim(['unit']);
      }
      return;
    }
    const col = at.column(['unit', 'field'], table);
    if (!col) return;
    if (col.type.kind !== 'enum') {
      at.problem(['unit', 'field'], 'unit-column-not-enum', { table, column: col.key });
      return;
    }
    const values = col.type.values;
    if (typeof unit.is === 'string' && !values.includes(unit.is)) {
      at.problem(['unit', 'is'], 'unit-unknown', { table, column: col.key, value: unit.is, allowed: values.join('、'), nearest: suggest(unit.is, values) });
    }
  },
  target: (p) => {
    const sym = OP_SYMBOL[p.op as Op];
    const name = unitName(p);
    const text = `${sym.human} ${thousands(p.value)} ${name}`;
    return { machine: `${sym.machine} ${p.value}`, zh: text, en: text, bound: bound(p.op as Op, p.value, name, 'figure'), unit: name };
  },
  run(p, ctx) {
    const table = p.table as TableName;
    const ev = ctx.evalFor(table);
    const name = unitName(p);
    const unitField = typeof p.unit === 'string' ? null : p.unit.field;
    const villageCol = ctx.data.contract.tables[table]!.villageColumn;
    const op = p.op as Op;
    const bound = dec(p.value);
    interface Scan {
      acc: Decimal;
      /** What rows that may or may not count could add: a known amount, or any amount (an unreadable figure). */
      more: Decimal;
      unbounded: boolean;
      waits: DataError[];
      evidence: NonNullable<Judgment['evidence']>;
      otherUnits: Set<string>;
    }
    const { file, lines } = ctx.data.tables[table];
    /** The rows' contribution; `doubtful`: rows that may or may not belong here (their village is unreadable). */
    const scan = (rows: Rows, doubtful: boolean): Scan => {
      const out: Scan = { acc: dec(0), more: dec(0), unbounded: false, waits: [], evidence: [], otherUnits: new Set() };
      const { all, orders } = rows;
      if (orders.length === 0) return out;
      // Read by index from the table's columns: no record is made.
      const where = p.where ? compiledRows(p.where, ev, all) : null;
      const unitOf = unitField === null ? null : cellAt(all, unitField);
      const valueOf = cellAt(all, p.field);
      const villageOf = doubtful ? cellAt(all, villageCol!) : null;
      const labelOf = p.label ? cellAt(all, p.label) : null;
      for (let i = 0; i < orders.length; i++) {
        const o = orders[i]!;
        let m = where ? where.member(o) : 'in';
        if (m === 'out') continue;
        if (m === 'unknown') out.waits.push(...where!.waits(o));
        if (doubtful) {
          const v = villageOf!(o);
          if (isUnknown(v)) out.waits.push(v.error);
          m = 'unknown';
        }
        const unit = unitOf === null ? name : unitOf(o);
        const value = valueOf(o);
        if (isUnknown(unit) || isUnknown(value)) {
          // Its unit or its figure is unreadable: it could add anything, or be in another unit.
          out.unbounded = true;
          if (isUnknown(unit)) out.waits.push(unit.error);
          if (isUnknown(value)) out.waits.push(value.error);
          continue;
        }
        if (unit !== name) {
          if (m === 'in') out.otherUnits.add(String(unit));
          else out.unbounded = true;
          continue;
        }
        if (m === 'unknown') {
          out.more = out.more.plus(value as number);
          continue;
        }
        out.acc = out.acc.plus(value as number);
        out.evidence.push({ file: file ?? table, line: lines[o]!, label: labelOf ? String(labelOf(o) ?? '') : '', value: value as number, unit: name });
      }
      return out;
    };
    /** `extra`: the rows that may belong to every village, scanned once (a lost file may hold a million). */
    const total = (placed: Rows, extra: Scan | null = null): Judgment => {
      const own = scan(placed, false);
      const { acc, evidence, otherUnits } = own;
      const more = extra ? own.more.plus(extra.more) : own.more;
      const unbounded = own.unbounded || (extra?.unbounded ?? false);
      const waits = extra ? [...own.waits, ...extra.waits.slice(0, WAITS_KEPT)] : own.waits;
      if (otherUnits.size > 0) {
        return {
          verdict: 'no-data',
          actual: null,
          notes: [{ code: 'other-unit', args: { found: [...otherUnits].join('、'), expected: name } }],
        };
      }
      const value = toNumber(acc);
      const verdict = (x: Decimal): Verdict => (compare(x, op, bound) ? 'ok' : 'miss');
      const low = verdict(acc);
      if (waits.length === 0) return { verdict: low, actual: value, evidence };
      // Figures are ≥ 0, so the total lies between acc and acc + more (or has no upper end).
      const possible = new Set<Verdict>([low]);
      if (unbounded) {
        if (op === 'eq' || op === 'gte' || op === 'gt') possible.add(op === 'eq' ? (acc.lte(bound) ? 'ok' : 'miss') : 'ok');
        if (op === 'eq' || op === 'lte' || op === 'lt') possible.add('miss');
      } else {
        possible.add(verdict(acc.plus(more)));
        if (op === 'eq' && acc.lt(bound) && acc.plus(more).gt(bound)) possible.add('ok');
      }
      if (possible.size === 1) return { verdict: low, actual: value, evidence };
      return { verdict: 'no-data', actual: value, evidence, possible: [...possible], waits };
    };
    const villages = new Map<string, Judgment>();
    const groups = ctx.byVillage(table);
    const anywhere = scan(groups.get(WILDCARD) ?? NO_ROWS, true);
    for (const v of ctx.villages) villages.set(v.village_id as string, total(groups.get(v.village_id as string) ?? NO_ROWS, anywhere));
    return { mode: 'judged', villages, town: total(ctx.townRecords(table)), townJudgedOnOwn: false };
  },
};

/** The unit the target is in: the one the rule names in the unit column, or the column's own. */
function unitName(p: Params): string {
  return typeof p.unit === 'string' ? p.unit : p.unit.is;
}
