/**
 * The small condition language of rule packs: who is counted (`where`,
 * `population`) and what they must meet (`require`, `meets`).
 *
 * The two uses read empty cells differently (rule-catalogue.md, Missing values):
 * in a filter an empty cell never matches; in a requirement it does not meet the
 * check, except in a measured figure, where it makes the result no-data.
 */
import { z } from 'zod';
import type { TableName } from '../contract/tables.js';
import type { CellValue, Finding, Rec } from '../model.js';
import { compare, dec, type Comparison } from './decimal.js';

/** A scalar a condition compares with: text, number, boolean, or `$asOf`. */
const tableName = z.enum(['villages', 'households', 'industries', 'projects', 'enterprises', 'cooperatives', 'instructors', 'visits']);
const scalar = z.union([z.string(), z.number(), z.boolean()]);
const bound = z.union([z.string(), z.number()]);

export interface LeafCondition {
  field: string;
  is?: string | number | boolean;
  in?: (string | number | boolean)[];
  notIn?: (string | number | boolean)[];
  present?: boolean;
  gt?: string | number;
  gte?: string | number;
  lt?: string | number;
  lte?: string | number;
  between?: [string | number, string | number];
  contains?: string;
  containsAny?: string[];
  minItems?: number;
  /** A present value that violates this leaf is final: a fail even before the due date (late). */
  final?: boolean;
}

export interface RatioCondition {
  ratio: [string, string];
  gte: string | number;
}

export interface GrowthCondition {
  /** [current, previous]: current / previous − 1. */
  growth: [string, string];
  gte: string | number;
  /** "左右": a miss by at most this much is near, not a miss. */
  about?: string | number;
}

export interface RelatedCondition {
  /** Records of another table that point at this one. */
  related: { table: TableName; by: string; where?: Condition };
  min: number;
}

export interface RefCondition {
  /** The record this one's `field` points at must match `where`. */
  ref: { field: string; table: TableName; where?: Condition };
}

export interface AllCondition {
  all: Condition[];
}
export interface AnyCondition {
  any: Condition[];
}
export interface UseCondition {
  use: string;
}

export type Condition =
  | LeafCondition
  | RatioCondition
  | GrowthCondition
  | RelatedCondition
  | RefCondition
  | AllCondition
  | AnyCondition
  | UseCondition;

const leafSchema = z
  .object({
    field: z.string().min(1),
    is: scalar.optional(),
    in: z.array(scalar).min(1).optional(),
    notIn: z.array(scalar).min(1).optional(),
    present: z.boolean().optional(),
    gt: bound.optional(),
    gte: bound.optional(),
    lt: bound.optional(),
    lte: bound.optional(),
    between: z.tuple([bound, bound]).optional(),
    contains: z.string().min(1).optional(),
    containsAny: z.array(z.string().min(1)).min(1).optional(),
    minItems: z.number().int().min(0).optional(),
    final: z.boolean().optional(),
  })
  .strict()
  .refine((c) => Object.keys(c).some((k) => k !== 'field' && k !== 'final'), {
    message: 'a condition on a field needs a test (is, in, notIn, present, gt, gte, lt, lte, between, contains, containsAny, minItems)',
  });

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    leafSchema,
    z.object({ ratio: z.tuple([z.string(), z.string()]), gte: bound }).strict(),
    z.object({ growth: z.tuple([z.string(), z.string()]), gte: bound, about: bound.optional() }).strict(),
    z
      .object({
        related: z.object({ table: tableName, by: z.string(), where: conditionSchema.optional() }).strict(),
        min: z.number().int().min(1),
      })
      .strict(),
    z.object({ ref: z.object({ field: z.string(), table: tableName, where: conditionSchema.optional() }).strict() }).strict(),
    z.object({ all: z.array(conditionSchema).min(1) }).strict(),
    z.object({ any: z.array(conditionSchema).min(1) }).strict(),
    z.object({ use: z.string().min(1) }).strict(),
  ]),
) as z.ZodType<Condition>;


/** A requirement's outcome for one record, worst first: late > miss > no-data > near > ok. */
export type Outcome = 'late' | 'miss' | 'no-data' | 'near' | 'ok';
const OUTCOME_RANK: Record<Outcome, number> = { late: 4, miss: 3, 'no-data': 2, near: 1, ok: 0 };

export interface EvalContext {
  asOf: string;
  /** Named conditions of the pack (`use:`). */
  definitions: Readonly<Record<string, Condition>>;
  /** Index of another table's records by the value of one of its columns. */
  relatedIndex(table: TableName, by: string): Map<string, Rec[]>;
  /** A valid record of a table by id, or undefined. */
  lookup(table: TableName, id: string): Rec | undefined;
  /** Whether a column is a measured figure of the table being judged. */
  isMeasured(field: string): boolean;
  /** The id column of the table being judged, for `related`. */
  idColumn: string | null;
}

export interface Judged {
  outcome: Outcome;
  /** The figure measured by a single numeric leaf, ratio or growth, if any. */
  measured?: number;
  notes?: Finding[];
}

function isEmpty(v: CellValue | undefined): boolean {
  return v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
}

function resolve(v: string | number | boolean, ctx: EvalContext): string | number | boolean {
  return v === '$asOf' ? ctx.asOf : v;
}

/** Compares a cell with a bound: numbers exactly as decimals, dates and text as text. */
function cmp(value: CellValue, op: Comparison, boundValue: string | number, ctx: EvalContext): boolean {
  const b = resolve(boundValue, ctx);
  if (typeof value === 'number') {
    const n = typeof b === 'number' ? b : Number(b);
    if (!Number.isFinite(n)) return false;
    return compare(dec(value), op, dec(n));
  }
  if (typeof value === 'string') {
    const s = String(b);
    switch (op) {
      case 'gt':
        return value > s;
      case 'gte':
        return value >= s;
      case 'lt':
        return value < s;
      case 'lte':
        return value <= s;
      case 'eq':
        return value === s;
    }
  }
  return false;
}

function sameValue(cell: CellValue, v: string | number | boolean): boolean {
  if (typeof cell === 'number' && typeof v === 'number') return dec(cell).eq(dec(v));
  return cell === v;
}

/** Does a present value pass a leaf's tests? */
function leafHolds(c: LeafCondition, value: CellValue, ctx: EvalContext): boolean {
  if (c.present === false) return false;
  if (c.is !== undefined && !sameValue(value, resolve(c.is, ctx))) return false;
  if (c.in && !c.in.some((v) => sameValue(value, resolve(v, ctx)))) return false;
  if (c.notIn && c.notIn.some((v) => sameValue(value, resolve(v, ctx)))) return false;
  if (c.gt !== undefined && !cmp(value, 'gt', c.gt, ctx)) return false;
  if (c.gte !== undefined && !cmp(value, 'gte', c.gte, ctx)) return false;
  if (c.lt !== undefined && !cmp(value, 'lt', c.lt, ctx)) return false;
  if (c.lte !== undefined && !cmp(value, 'lte', c.lte, ctx)) return false;
  if (c.between && !(cmp(value, 'gte', c.between[0], ctx) && cmp(value, 'lte', c.between[1], ctx))) return false;
  if (c.contains !== undefined && !(typeof value === 'string' && value.includes(c.contains))) return false;
  if (c.containsAny && !(typeof value === 'string' && c.containsAny.some((s) => value.includes(s)))) return false;
  if (c.minItems !== undefined && !(Array.isArray(value) && value.length >= c.minItems)) return false;
  return true;
}

/** A filter's reading of one record: in, out, or unknown (an empty measured figure decides it). */
export type Membership = 'in' | 'out' | 'unknown';

/**
 * Filter reading: does the record belong to the population? An empty cell
 * never matches, except an empty measured figure (collective_income in 3.14,
 * above_scale_year in 3.5b): then whether the record is in cannot be known,
 * and the result it would decide is no-data (rule-catalogue.md, Missing values).
 */
export function membership(cond: Condition | undefined, rec: Rec, ctx: EvalContext): Membership {
  if (!cond) return 'in';
  if ('all' in cond) {
    let unknown = false;
    for (const c of cond.all) {
      const m = membership(c, rec, ctx);
      if (m === 'out') return 'out';
      if (m === 'unknown') unknown = true;
    }
    return unknown ? 'unknown' : 'in';
  }
  if ('any' in cond) {
    let unknown = false;
    for (const c of cond.any) {
      const m = membership(c, rec, ctx);
      if (m === 'in') return 'in';
      if (m === 'unknown') unknown = true;
    }
    return unknown ? 'unknown' : 'out';
  }
  if ('use' in cond) return membership(ctx.definitions[cond.use], rec, ctx);
  const j = judge(cond, rec, ctx);
  return j.outcome === 'ok' ? 'in' : j.outcome === 'no-data' ? 'unknown' : 'out';
}

/** Filter reading as a yes/no: only a record known to be in matches. */
export function matches(cond: Condition | undefined, rec: Rec, ctx: EvalContext): boolean {
  return membership(cond, rec, ctx) === 'in';
}

function worst(a: Judged, b: Judged): Judged {
  return OUTCOME_RANK[b.outcome] > OUTCOME_RANK[a.outcome] ? b : a;
}

/** Requirement reading: does the record meet the check? */
export function judge(cond: Condition, rec: Rec, ctx: EvalContext): Judged {
  if ('all' in cond) {
    let out: Judged = { outcome: 'ok' };
    const notes: Finding[] = [];
    let measured: number | undefined;
    for (const c of cond.all) {
      const j = judge(c, rec, ctx);
      if (j.notes) notes.push(...j.notes);
      if (j.measured !== undefined && measured === undefined) measured = j.measured;
      out = worst(out, j);
    }
    return { outcome: out.outcome, measured, notes: notes.length ? notes : undefined };
  }
  if ('any' in cond) {
    let best: Judged | undefined;
    for (const c of cond.any) {
      const j = judge(c, rec, ctx);
      if (!best || OUTCOME_RANK[j.outcome] < OUTCOME_RANK[best.outcome]) best = j;
    }
    return best ?? { outcome: 'ok' };
  }
  if ('use' in cond) return judge(ctx.definitions[cond.use]!, rec, ctx);
  if ('ratio' in cond) {
    const [numField, denField] = cond.ratio;
    const num = rec[numField];
    const den = rec[denField];
    if (typeof num !== 'number' || typeof den !== 'number') return emptyFigure([numField, denField], rec, ctx);
    if (den === 0) return { outcome: 'miss' };
    const ok = dec(num).gte(dec(cond.gte).times(den));
    return { outcome: ok ? 'ok' : 'miss', measured: Number(dec(num).div(den).round(10).toString()) };
  }
  if ('growth' in cond) {
    const [curField, prevField] = cond.growth;
    const cur = rec[curField];
    const prev = rec[prevField];
    if (typeof cur !== 'number' || typeof prev !== 'number') return emptyFigure([curField, prevField], rec, ctx);
    if (prev <= 0) return { outcome: 'no-data' };
    // cur / prev − 1 ≥ g  ⇔  cur ≥ prev × (1 + g), exact.
    const growth = Number(dec(cur).div(prev).minus(1).round(10).toString());
    if (dec(cur).gte(dec(prev).times(dec(1).plus(cond.gte)))) return { outcome: 'ok', measured: growth };
    if (cond.about !== undefined && dec(cur).gte(dec(prev).times(dec(1).plus(cond.gte).minus(cond.about)))) {
      return { outcome: 'near', measured: growth };
    }
    return { outcome: 'miss', measured: growth };
  }
  if ('related' in cond) {
    const { table, by, where } = cond.related;
    const own = ctx.idColumn ? rec[ctx.idColumn] : null;
    const id = typeof own === 'string' ? own : null;
    const related = id === null ? [] : (ctx.relatedIndex(table, by).get(id) ?? []);
    let n = 0;
    for (const r of related) if (matches(where, r, ctx)) n++;
    return { outcome: n >= cond.min ? 'ok' : 'miss', measured: n };
  }
  if ('ref' in cond) {
    const target = rec[cond.ref.field];
    if (typeof target !== 'string' || target === '') return { outcome: 'miss' };
    const other = ctx.lookup(cond.ref.table, target);
    if (!other) return { outcome: 'no-data', notes: [{ code: 'ref-left-out', args: { table: cond.ref.table, id: target } }] };
    return { outcome: matches(cond.ref.where, other, ctx) ? 'ok' : 'miss' };
  }
  const value = rec[cond.field];
  if (isEmpty(value)) {
    if (cond.present === false) return { outcome: 'ok' };
    if (ctx.isMeasured(cond.field)) {
      return { outcome: 'no-data', notes: [{ code: 'empty-figure', args: { column: cond.field } }] };
    }
    return { outcome: 'miss' };
  }
  const holds = leafHolds(cond, value!, ctx);
  const measured = typeof value === 'number' ? value : undefined;
  if (holds) return { outcome: 'ok', measured };
  return { outcome: cond.final ? 'late' : 'miss', measured };
}

function emptyFigure(fields: string[], rec: Rec, ctx: EvalContext): Judged {
  const empty = fields.filter((f) => isEmpty(rec[f]));
  if (empty.some((f) => ctx.isMeasured(f))) {
    return { outcome: 'no-data', notes: empty.map((f) => ({ code: 'empty-figure', args: { column: f } })) };
  }
  return { outcome: 'miss' };
}

/** Every (table, column) a condition reads, for the missing-column check and pack validation. */
export function fieldsOf(
  cond: Condition | undefined,
  table: TableName | 'town',
  definitions: Readonly<Record<string, Condition>>,
  out: { table: TableName | 'town'; field: string }[] = [],
  seen: Set<string> = new Set(),
): { table: TableName | 'town'; field: string }[] {
  if (!cond) return out;
  if ('all' in cond) for (const c of cond.all) fieldsOf(c, table, definitions, out, seen);
  else if ('any' in cond) for (const c of cond.any) fieldsOf(c, table, definitions, out, seen);
  else if ('use' in cond) {
    if (!seen.has(cond.use)) {
      seen.add(cond.use);
      fieldsOf(definitions[cond.use], table, definitions, out, seen);
    }
  } else if ('ratio' in cond) out.push({ table, field: cond.ratio[0] }, { table, field: cond.ratio[1] });
  else if ('growth' in cond) out.push({ table, field: cond.growth[0] }, { table, field: cond.growth[1] });
  else if ('related' in cond) {
    out.push({ table: cond.related.table, field: cond.related.by });
    fieldsOf(cond.related.where, cond.related.table, definitions, out, seen);
  } else if ('ref' in cond) {
    out.push({ table, field: cond.ref.field });
    fieldsOf(cond.ref.where, cond.ref.table, definitions, out, seen);
  } else out.push({ table, field: cond.field });
  return out;
}

