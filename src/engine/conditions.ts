/**
 * The small condition language of rule packs: who is counted (`where`,
 * `population`) and what they must meet (`require`, `meets`).
 *
 * The two uses read empty cells differently (rule-catalogue.md, Missing values):
 * in a filter an empty cell never matches; in a requirement it does not meet the
 * check, except in a measured figure, where it makes the result no-data.
 *
 * An unreadable cell (Unknown) is read in three values here and only here: a
 * leaf on it is no-data in a requirement (it could be met or not) and unknown
 * in a filter; `all` and `any` combine the range of outcomes each part could
 * have, so a verdict that no value of the cell could change stands.
 */
import { z } from 'zod';
import type { TableName } from '../contract/tables.js';
import { isUnknown, type CellValue, type DataError, type Finding, type Rec } from '../model.js';
import { atLeastTimes, dec, growthFigure, quotientFigure, scaled, type Comparison } from '../text/decimal.js';
import { WILDCARD } from './kind.js';
import { daysBetween } from '../text/dates.js';
import { perValue, perValueInto, type Cell, type RowSet } from './records.js';

/** A scalar a condition compares with: text, number, boolean, or `$asOf`. */
// A table of the pack's contract (built-in or declared); which ones exist is checked at load (pack-lint.ts).
const tableName = z.string().regex(/^(?!town$|manifest$)[a-z][a-z0-9_]*$/, 'pack:table-name');
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

/**
 * The time between two dates of a record (identified → assisted within 15
 * days): whole days from `days[0]` to `days[1]`, compared with `lte` / `gte`.
 * An empty end date counts up to the as-of date: a case still open is late
 * only once the limit has passed.
 */
export interface DaysCondition {
  days: [string, string];
  lte?: number;
  gte?: number;
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
  | DaysCondition
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
      .object({ days: z.tuple([z.string(), z.string()]), lte: z.number().int().min(0).optional(), gte: z.number().int().min(0).optional() })
      .strict()
      .refine((c) => c.lte !== undefined || c.gte !== undefined, { message: 'days needs lte or gte (a number of days)' }),
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
  /** The context for judging records of another table (`related`, `ref`). */
  other(table: TableName): EvalContext;
}

export interface Judged {
  outcome: Outcome;
  /** The figure measured by a single numeric leaf, ratio or growth, if any. */
  measured?: number;
  notes?: Finding[];
  /**
   * With a no-data outcome: the best and worst outcome the unknown values
   * could give (default ok and miss). `late` is possible where a `final` leaf
   * reads an unknown date.
   */
  best?: Outcome;
  worst?: Outcome;
  /** The data errors of the unknown cells the outcome hangs on. */
  waits?: DataError[];
}

/** The outcomes a judged record could really have, best first. */
export function outcomeRange(j: Judged): [Outcome, Outcome] {
  return j.outcome === 'no-data' ? [j.best ?? 'ok', j.worst ?? 'miss'] : [j.outcome, j.outcome];
}

/** A range of outcomes as one judged: decided when both ends agree, else no-data with the range. */
function fromRange(best: Outcome, worst: Outcome, parts: Judged[]): Judged {
  if (best === worst) {
    const decided = parts.find((p) => p.outcome === best && p.outcome !== 'no-data');
    return decided ?? { outcome: best };
  }
  let notes: Finding[] | undefined;
  let waits: DataError[] | undefined;
  for (const p of parts) {
    if (p.outcome !== 'no-data') continue;
    if (p.notes) (notes ??= []).push(...p.notes);
    if (p.waits) (waits ??= []).push(...p.waits);
  }
  return { outcome: 'no-data', best, worst, ...(notes ? { notes } : {}), ...(waits ? { waits } : {}) };
}

function isEmpty(v: CellValue | undefined): boolean {
  return v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
}

/** The errors of the unknown cells among `fields` of a record. */
function unknownsOf(rec: Rec, fields: readonly string[]): DataError[] {
  let out: DataError[] | undefined;
  for (const f of fields) {
    const v = rec[f];
    if (isUnknown(v)) (out ??= []).push(v.error);
  }
  return out ?? NONE;
}
const NONE: DataError[] = [];

function resolve(v: string | number | boolean, ctx: EvalContext): string | number | boolean {
  return v === '$asOf' ? ctx.asOf : v;
}

type Test = (v: CellValue) => boolean;

/**
 * A comparison of one cell with a bound. Cells and bounds are both parsed from
 * decimal text of at most 15 significant digits, which doubles hold exactly and
 * in order, so one value against one bound needs no decimal arithmetic; sums and
 * ratios do (decimal.ts).
 */
function comparison(op: Comparison, boundValue: string | number, ctx: EvalContext): Test {
  const b = resolve(boundValue, ctx);
  const n = typeof b === 'number' ? b : Number(b);
  const s = String(b);
  const numOk = Number.isFinite(n);
  const num = (v: number): boolean => {
    if (!numOk) return false;
    switch (op) {
      case 'gt':
        return v > n;
      case 'gte':
        return v >= n;
      case 'lt':
        return v < n;
      case 'lte':
        return v <= n;
      case 'eq':
        return v === n;
    }
  };
  const str = (v: string): boolean => {
    switch (op) {
      case 'gt':
        return v > s;
      case 'gte':
        return v >= s;
      case 'lt':
        return v < s;
      case 'lte':
        return v <= s;
      case 'eq':
        return v === s;
    }
  };
  return (v) => (typeof v === 'number' ? num(v) : typeof v === 'string' ? str(v) : false);
}

/** The tests of a leaf on a present value, as one predicate. */
function leafTest(c: LeafCondition, ctx: EvalContext): Test {
  if (c.present === false) return () => false;
  const tests: Test[] = [];
  if (c.is !== undefined) {
    const x = resolve(c.is, ctx);
    tests.push((v) => v === x);
  }
  if (c.in) {
    const set = new Set<CellValue>(c.in.map((v) => resolve(v, ctx)));
    tests.push((v) => set.has(v));
  }
  if (c.notIn) {
    const set = new Set<CellValue>(c.notIn.map((v) => resolve(v, ctx)));
    tests.push((v) => !set.has(v));
  }
  if (c.gt !== undefined) tests.push(comparison('gt', c.gt, ctx));
  if (c.gte !== undefined) tests.push(comparison('gte', c.gte, ctx));
  if (c.lt !== undefined) tests.push(comparison('lt', c.lt, ctx));
  if (c.lte !== undefined) tests.push(comparison('lte', c.lte, ctx));
  if (c.between) {
    const lo = comparison('gte', c.between[0], ctx);
    const hi = comparison('lte', c.between[1], ctx);
    tests.push((v) => lo(v) && hi(v));
  }
  // On text, a part of it; on a list (联系村), one of its items.
  if (c.contains !== undefined) {
    const part = c.contains;
    tests.push((v) => (typeof v === 'string' ? v.includes(part) : Array.isArray(v) && v.includes(part)));
  }
  if (c.containsAny) {
    const parts = c.containsAny;
    tests.push((v) => (typeof v === 'string' ? parts.some((p) => v.includes(p)) : Array.isArray(v) && parts.some((p) => v.includes(p))));
  }
  if (c.minItems !== undefined) {
    const min = c.minItems;
    tests.push((v) => Array.isArray(v) && v.length >= min);
  }
  if (tests.length === 1) return tests[0]!;
  return (v) => tests.every((t) => t(v));
}

/**
 * A condition compiled once per rule and table: the hot loops call these
 * closures, on a record (Compiled) or on a record's index in a set of rows
 * (CompiledRows, read from the table's columns).
 */
export interface Over<X> {
  judge(x: X): Judged;
  member(x: X): Membership;
  /** The data errors a record's unknown membership hangs on (called only when member() is unknown). */
  waits(x: X): DataError[];
}
export type Compiled = Over<Rec>;

/** A condition over the records of a set by index, each alone or many in one pass (the hot loops of shares and counts). */
export interface CompiledRows extends Over<number> {
  /** member() of each record `orders[k]`, as its MEMBER code. */
  members(orders: Int32Array): Uint8Array;
  /** judge(orders[k]).outcome of each record, as its OUTCOME code. */
  outcomes(orders: Int32Array): Uint8Array;
}

/** A membership as a code, for many records in a byte array each. */
export const MEMBER: Readonly<Record<Membership, number>> = { out: 0, in: 1, unknown: 2 };
/** An outcome as a code (its rank, worst highest), and each code's outcome. */
export const OUTCOME: Readonly<Record<Outcome, number>> = { ok: 0, near: 1, 'no-data': 2, miss: 3, late: 4 };
export const OUTCOMES: readonly Outcome[] = ['ok', 'near', 'no-data', 'miss', 'late'];

const OK: Judged = Object.freeze({ outcome: 'ok' });
const MISS: Judged = Object.freeze({ outcome: 'miss' });
const LATE: Judged = Object.freeze({ outcome: 'late' });

const cache = new WeakMap<object, WeakMap<EvalContext, Compiled>>();

export function compiled(cond: Condition, ctx: EvalContext): Compiled {
  let byCtx = cache.get(cond);
  if (!byCtx) cache.set(cond, (byCtx = new WeakMap()));
  let c = byCtx.get(ctx);
  if (!c) byCtx.set(ctx, (c = compile(cond, ctx)));
  return c;
}

/**
 * A condition over the records of a set, by index: the same outcomes as
 * `compiled(cond, ctx)` on `set.rec(i)`. On a table kept as columns, a leaf
 * reads its cell from the column, and on a column that keeps a code per row
 * (words, yes/no, references, dates) its outcome for each distinct value is
 * worked out once, by the same leaf, then read by code (perValue): no record
 * is made. `all`, `any` and `use` combine their parts as on records; the rest
 * (ratio, growth, days, related, ref) and a set not kept as columns read the
 * record.
 */
export function compiledRows(cond: Condition, ctx: EvalContext, set: RowSet): CompiledRows {
  let byCond = rowsCache.get(set);
  if (!byCond) rowsCache.set(set, (byCond = new WeakMap()));
  let byCtx = byCond.get(cond);
  if (!byCtx) byCond.set(cond, (byCtx = new WeakMap()));
  let c = byCtx.get(ctx);
  if (!c) byCtx.set(ctx, (c = compileRows(cond, ctx, set)));
  return c;
}
const rowsCache = new WeakMap<RowSet, WeakMap<object, WeakMap<EvalContext, CompiledRows>>>();

function compileRows(cond: Condition, ctx: EvalContext, set: RowSet): CompiledRows {
  if (set.cols) {
    if ('all' in cond) {
      const parts = cond.all.map((c) => compiledRows(c, ctx, set));
      return manyAtOnce(allOf(parts), (orders) => combined(parts, orders, MEMBER.out, MEMBER.in));
    }
    if ('any' in cond) {
      const parts = cond.any.map((c) => compiledRows(c, ctx, set));
      return manyAtOnce(anyOf(parts), (orders) => combined(parts, orders, MEMBER.in, MEMBER.out));
    }
    if ('use' in cond) return shared(compiledRows(ctx.definitions[cond.use]!, ctx, set));
    if (isLeaf(cond)) {
      const on = onValue(cond, ctx);
      const field = cond.field;
      const one = { judge: perValue(set, field, on.judge), member: perValue(set, field, on.member), waits: perValue(set, field, on.waits) };
      return {
        ...one,
        members: (orders) => {
          const out = new Uint8Array(orders.length);
          perValueInto(set, field, orders, (v) => MEMBER[on.member(v)], out);
          return out;
        },
        outcomes: (orders) => {
          const out = new Uint8Array(orders.length);
          perValueInto(set, field, orders, (v) => OUTCOME[on.judge(v).outcome], out);
          return out;
        },
      };
    }
  }
  const c = compiled(cond, ctx);
  return manyAtOnce({ judge: (i) => c.judge(set.rec(i)), member: (i) => c.member(set.rec(i)), waits: (i) => c.waits(set.rec(i)) });
}

/**
 * A named condition (`use:`) as rules read it: one that several rules share
 * (registered_poor in six of the 2020 plan's), so its memberships and outcomes
 * over the same records are read once in a run and kept for the next rule
 * (a byte a record each, while those records are judged). Read-only.
 */
function shared(def: CompiledRows): CompiledRows {
  let got = SHARED.get(def);
  if (!got) {
    const members = new WeakMap<Int32Array, Uint8Array>();
    const outcomes = new WeakMap<Int32Array, Uint8Array>();
    got = {
      ...def,
      members: (orders) => {
        let m = members.get(orders);
        if (!m) members.set(orders, (m = def.members(orders)));
        return m;
      },
      outcomes: (orders) => {
        let o = outcomes.get(orders);
        if (!o) outcomes.set(orders, (o = def.outcomes(orders)));
        return o;
      },
    };
    SHARED.set(def, got);
  }
  return got;
}
const SHARED = new WeakMap<CompiledRows, CompiledRows>();

/** A condition by index with its many-at-once readings: record by record, unless `members` is given. */
function manyAtOnce(one: Over<number>, members?: (orders: Int32Array) => Uint8Array): CompiledRows {
  return {
    ...one,
    members:
      members ??
      ((orders) => {
        const out = new Uint8Array(orders.length);
        for (let k = 0; k < orders.length; k++) out[k] = MEMBER[one.member(orders[k]!)];
        return out;
      }),
    outcomes: (orders) => {
      const out = new Uint8Array(orders.length);
      for (let k = 0; k < orders.length; k++) out[k] = OUTCOME[one.judge(orders[k]!).outcome];
      return out;
    },
  };
}

/**
 * The members of `all` (decisive: out, else: in) or `any` (decisive: in,
 * else: out) over many records, part by part, as allOf and anyOf read one:
 * a decisive part decides; else unknown when a part is unknown.
 */
function combined(parts: CompiledRows[], orders: Int32Array, decisive: number, otherwise: number): Uint8Array {
  // The reading so far and a part's, to the reading with that part: a table of the 3 × 3 pairs, so a record is one look-up.
  const step = new Uint8Array(9);
  for (let r = 0; r < 3; r++)
    for (let x = 0; x < 3; x++) step[r * 3 + x] = r === decisive || x === decisive ? decisive : x === MEMBER.unknown ? MEMBER.unknown : r;
  const out = new Uint8Array(orders.length).fill(otherwise);
  for (const p of parts) {
    const m = p.members(orders);
    for (let k = 0; k < out.length; k++) out[k] = step[out[k]! * 3 + m[k]!]!;
  }
  return out;
}

/** A condition on one field's value (is, in, gt, present ...), not one that combines others or reads several. */
function isLeaf(cond: Condition): cond is LeafCondition {
  return !('all' in cond || 'any' in cond || 'use' in cond || 'ratio' in cond || 'growth' in cond || 'days' in cond || 'related' in cond || 'ref' in cond);
}

function fromJudge(judgeFn: (rec: Rec) => Judged): Compiled {
  return {
    judge: judgeFn,
    member: (rec) => {
      const o = judgeFn(rec).outcome;
      return o === 'ok' ? 'in' : o === 'no-data' ? 'unknown' : 'out';
    },
    waits: (rec) => judgeFn(rec).waits ?? NONE,
  };
}

/** A figure of several cells (ratio, growth) with an unknown one: no-data, waiting on them. */
function unknownFigure(rec: Rec, fields: readonly string[]): Judged | null {
  const waits = unknownsOf(rec, fields);
  return waits.length ? { outcome: 'no-data', waits } : null;
}

/** All parts must hold (on a record or a record's index: the same reading either way). */
function allOf<X>(parts: Over<X>[]): Over<X> {
  return {
    judge(x) {
      let out: Judged = OK;
      let notes: Finding[] | undefined;
      let measured: number | undefined;
      let uncertain: Judged[] | undefined;
      const judged: Judged[] = [];
      for (const p of parts) {
        const j = p.judge(x);
        judged.push(j);
        if (j.outcome === 'no-data') (uncertain ??= []).push(j);
        if (j.notes) (notes ??= []).push(...j.notes);
        if (j.measured !== undefined && measured === undefined) measured = j.measured;
        if (OUTCOME_RANK[j.outcome] > OUTCOME_RANK[out.outcome]) out = j;
      }
      if (uncertain) {
        // All must hold: the best case is every part at its best, the worst any part at its worst.
        let best: Outcome = 'ok';
        let worst: Outcome = 'ok';
        for (const j of judged) {
          const [b, w] = outcomeRange(j);
          if (OUTCOME_RANK[b] > OUTCOME_RANK[best]) best = b;
          if (OUTCOME_RANK[w] > OUTCOME_RANK[worst]) worst = w;
        }
        const r = fromRange(best, worst, uncertain);
        if (r.outcome !== 'no-data') return notes || measured !== undefined ? { outcome: r.outcome, measured, notes } : r;
        return { ...r, measured, notes };
      }
      if (!notes && measured === undefined) return out === OK ? OK : { outcome: out.outcome };
      return { outcome: out.outcome, measured, notes };
    },
    member: (x) => memberOfParts(parts, x, 'out'),
    waits: (x) => waitsOfParts(parts, x),
  };
}

/**
 * all (`decisive` out) or any (`decisive` in): one part with the decisive
 * membership decides; else unknown when a part is, else the other one.
 */
function memberOfParts<X>(parts: readonly Over<X>[], x: X, decisive: 'in' | 'out'): Membership {
  let unknown = false;
  for (const p of parts) {
    const m = p.member(x);
    if (m === decisive) return decisive;
    if (m === 'unknown') unknown = true;
  }
  return unknown ? 'unknown' : decisive === 'out' ? 'in' : 'out';
}

/** The data errors the unknown parts' memberships hang on. */
function waitsOfParts<X>(parts: readonly Over<X>[], x: X): DataError[] {
  return parts.flatMap((p) => (p.member(x) === 'unknown' ? p.waits(x) : NONE));
}

/** Any part may hold. */
function anyOf<X>(parts: Over<X>[]): Over<X> {
  return {
    judge(x) {
      let best: Judged | undefined;
      let uncertain: Judged[] | undefined;
      const all: Judged[] = [];
      for (const p of parts) {
        const j = p.judge(x);
        all.push(j);
        if (j.outcome === 'no-data') (uncertain ??= []).push(j);
        if (!best || OUTCOME_RANK[j.outcome] < OUTCOME_RANK[best.outcome]) best = j;
      }
      if (uncertain && best!.outcome !== 'ok') {
        // Any may hold: the best case is the best part at its best, the worst every part at its worst.
        let lo: Outcome = 'late';
        let hi: Outcome = 'late';
        for (const j of all) {
          const [b, w] = outcomeRange(j);
          if (OUTCOME_RANK[b] < OUTCOME_RANK[lo]) lo = b;
          if (OUTCOME_RANK[w] < OUTCOME_RANK[hi]) hi = w;
        }
        return fromRange(lo, hi, uncertain);
      }
      return best ?? OK;
    },
    member: (x) => memberOfParts(parts, x, 'in'),
    waits: (x) => waitsOfParts(parts, x),
  };
}

function compile(cond: Condition, ctx: EvalContext): Compiled {
  if ('all' in cond) return allOf(cond.all.map((c) => compiled(c, ctx)));
  if ('any' in cond) return anyOf(cond.any.map((c) => compiled(c, ctx)));
  if ('use' in cond) return compiled(ctx.definitions[cond.use]!, ctx);
  if ('ratio' in cond) {
    const [numField, denField] = cond.ratio;
    const min = scaled(cond.gte);
    return fromJudge((rec) => {
      const num = rec[numField];
      const den = rec[denField];
      const unknown = unknownFigure(rec, cond.ratio);
      if (unknown) return unknown;
      if (typeof num !== 'number' || typeof den !== 'number') return emptyFigure([numField, denField], rec, ctx);
      if (den === 0) return MISS;
      const ok = atLeastTimes(num, den, min);
      return { outcome: ok ? 'ok' : 'miss', measured: quotientFigure(num, den) };
    });
  }
  if ('growth' in cond) {
    const [curField, prevField] = cond.growth;
    const target = dec(1).plus(cond.gte);
    const near = cond.about !== undefined ? target.minus(cond.about) : null;
    return fromJudge((rec) => {
      const cur = rec[curField];
      const prev = rec[prevField];
      const unknown = unknownFigure(rec, cond.growth);
      if (unknown) return unknown;
      if (typeof cur !== 'number' || typeof prev !== 'number') return emptyFigure([curField, prevField], rec, ctx);
      if (prev <= 0) return { outcome: 'no-data' };
      // cur / prev − 1 ≥ g  ⇔  cur ≥ prev × (1 + g), exact.
      const growth = growthFigure(cur, prev);
      if (dec(cur).gte(dec(prev).times(target))) return { outcome: 'ok', measured: growth };
      if (near && dec(cur).gte(dec(prev).times(near))) return { outcome: 'near', measured: growth };
      return { outcome: 'miss', measured: growth };
    });
  }
  if ('days' in cond) {
    const [fromField, toField] = cond.days;
    const { lte, gte } = cond;
    return fromJudge((rec) => {
      const unknown = unknownFigure(rec, cond.days);
      if (unknown) return unknown;
      const from = rec[fromField];
      const to = rec[toField];
      if (typeof from !== 'string') return emptyFigure([fromField], rec, ctx);
      // Not done yet: the days so far, up to the as-of date.
      const open = typeof to !== 'string';
      const n = daysBetween(from, open ? ctx.asOf : to);
      // Still open and within the limit: not late yet.
      if (lte !== undefined && n > lte) return { outcome: 'miss', measured: n };
      if (gte !== undefined && n < gte) return { outcome: 'miss', measured: n };
      return { outcome: 'ok', measured: n };
    });
  }
  if ('related' in cond) {
    const { table, by, where } = cond.related;
    const min = cond.min;
    return fromJudge((rec) => {
      const own = ctx.idColumn ? rec[ctx.idColumn] : null;
      const index = ctx.relatedIndex(table, by);
      const related = typeof own === 'string' ? (index.get(own) ?? []) : [];
      const inWhere = where ? compiled(where, ctx.other(table)) : null;
      let n = 0;
      let maybe: Rec[] | undefined;
      for (const r of related) {
        const m = inWhere ? inWhere.member(r) : 'in';
        if (m === 'in') n++;
        else if (m === 'unknown') (maybe ??= []).push(r);
      }
      // Records whose reference is unreadable may point here too; enough of them to reach min is all that matters
      // (each record of the table is judged: a lost file of a million such must not be read for every one).
      if (n < min) {
        for (const r of index.get(WILDCARD) ?? []) {
          if (n + (maybe?.length ?? 0) >= min) break;
          if (!inWhere || inWhere.member(r) !== 'out') (maybe ??= []).push(r);
        }
      }
      if (n < min && maybe && n + maybe.length >= min) {
        const waits = maybe.flatMap((r) => [...(inWhere && inWhere.member(r) === 'unknown' ? inWhere.waits(r) : []), ...(isUnknown(r[by]) ? [(r[by] as { error: DataError }).error] : [])]);
        return { outcome: 'no-data', measured: n, waits };
      }
      return { outcome: n >= min ? 'ok' : 'miss', measured: n };
    });
  }
  if ('ref' in cond) {
    const { field, table, where } = cond.ref;
    return fromJudge((rec) => {
      const target = rec[field];
      if (isUnknown(target)) return { outcome: 'no-data', waits: [target.error] };
      if (typeof target !== 'string' || target === '') return MISS;
      const other = ctx.lookup(table, target);
      if (!other) return { outcome: 'no-data', notes: [{ code: 'ref-left-out', args: { table, id: target } }] };
      if (!where) return OK;
      const inWhere = compiled(where, ctx.other(table));
      const m = inWhere.member(other);
      return m === 'in' ? OK : m === 'out' ? MISS : { outcome: 'no-data', waits: inWhere.waits(other) };
    });
  }
  const leaf = cond;
  const field = leaf.field;
  const on = onValue(leaf, ctx);
  return { judge: (rec) => on.judge(rec[field]), member: (rec) => on.member(rec[field]), waits: (rec) => on.waits(rec[field]) };
}

/**
 * A leaf's reading of its field's value: the one place a leaf is judged,
 * whether the value was read from a record (compile) or from a column, once
 * for each distinct value (compileRows). An empty value is null or undefined
 * (a key the record lacks), '' or an empty list; an unreadable one is its
 * Unknown, whose error the outcome waits on.
 */
function onValue(leaf: LeafCondition, ctx: EvalContext): Over<Cell> {
  const field = leaf.field;
  const test = leafTest(leaf, ctx);
  const measuredField = ctx.isMeasured(field);
  const emptyNoData: Judged = Object.freeze({ outcome: 'no-data', notes: [{ code: 'empty-figure', args: { column: field } }] } satisfies Judged);
  // A `final` leaf (a completion date, 3.8) says why it misses: which date is late, or not recorded.
  const bound = leaf.lte ?? leaf.lt;
  const notDone: Judged | null = leaf.final ? Object.freeze({ outcome: 'miss', notes: [{ code: 'not-done', args: { column: field } }] } satisfies Judged) : null;
  const emptyJudged = leaf.present === false ? OK : measuredField ? emptyNoData : (notDone ?? MISS);
  const failed = leaf.final ? LATE : MISS;
  const lateWith = (value: CellValue): Judged =>
    leaf.final && bound !== undefined && (typeof value === 'string' || typeof value === 'number')
      ? { outcome: 'late', notes: [{ code: 'done-late', args: { column: field, value, by: String(resolve(bound, ctx)) } }] }
      : failed;
  // An unreadable cell was written, so `present` alone is decided; any other test is not.
  const onlyPresence = Object.keys(leaf).every((k) => k === 'field' || k === 'present' || k === 'final');
  const unknownJudged = (u: { error: DataError }): Judged =>
    onlyPresence ? (leaf.present === false ? failed : OK) : { outcome: 'no-data', worst: failed.outcome, waits: [u.error] };
  return {
    judge(value) {
      if (isEmpty(value)) return emptyJudged;
      if (isUnknown(value)) return unknownJudged(value);
      const holds = test(value!);
      if (typeof value === 'number') return holds ? { outcome: 'ok', measured: value } : { ...lateWith(value), outcome: failed.outcome, measured: value };
      return holds ? OK : lateWith(value!);
    },
    member(value) {
      if (isEmpty(value)) return emptyJudged === OK ? 'in' : emptyJudged === emptyNoData ? 'unknown' : 'out';
      if (isUnknown(value)) return onlyPresence ? (leaf.present === false ? 'out' : 'in') : 'unknown';
      return test(value!) ? 'in' : 'out';
    },
    waits(value) {
      return isUnknown(value) ? [value.error] : NONE;
    },
  };
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
  return cond ? compiled(cond, ctx).member(rec) : 'in';
}

/** Filter reading as a yes/no: only a record known to be in matches. */
export function matches(cond: Condition | undefined, rec: Rec, ctx: EvalContext): boolean {
  return membership(cond, rec, ctx) === 'in';
}

/** Requirement reading: does the record meet the check? */
export function judge(cond: Condition, rec: Rec, ctx: EvalContext): Judged {
  return compiled(cond, ctx).judge(rec);
}

function emptyFigure(fields: string[], rec: Rec, ctx: EvalContext): Judged {
  const empty = fields.filter((f) => isEmpty(rec[f]));
  if (empty.some((f) => ctx.isMeasured(f))) {
    return { outcome: 'no-data', notes: empty.map((f) => ({ code: 'empty-figure', args: { column: f } })) };
  }
  return MISS;
}

/** Every (table, column) a condition reads, for the missing-column check and pack validation. */
export function fieldsOf(
  cond: Condition | undefined,
  table: TableName | 'town',
  definitions: Readonly<Record<string, Condition>>,
  out: { table: TableName | 'town'; field: string }[] = [],
  seen: Set<string> = new Set(),
): { table: TableName | 'town'; field: string }[] {
  // A definition that failed its schema is reported on its own; the pack is refused, so nothing here is read.
  if (!cond || typeof cond !== 'object' || Array.isArray(cond)) return out;
  if ('all' in cond) for (const c of Array.isArray(cond.all) ? cond.all : []) fieldsOf(c, table, definitions, out, seen);
  else if ('any' in cond) for (const c of Array.isArray(cond.any) ? cond.any : []) fieldsOf(c, table, definitions, out, seen);
  else if ('use' in cond) {
    // Once per definition and table: one used on two tables reads its columns in both.
    const key = `${table}\u0000${cond.use}`;
    if (!seen.has(key)) {
      seen.add(key);
      fieldsOf(definitions[cond.use], table, definitions, out, seen);
    }
  } else if ('ratio' in cond) out.push({ table, field: cond.ratio[0] }, { table, field: cond.ratio[1] });
  else if ('growth' in cond) out.push({ table, field: cond.growth[0] }, { table, field: cond.growth[1] });
  else if ('days' in cond) out.push({ table, field: cond.days[0] }, { table, field: cond.days[1] });
  else if ('related' in cond) {
    out.push({ table: cond.related.table, field: cond.related.by });
    fieldsOf(cond.related.where, cond.related.table, definitions, out, seen);
  } else if ('ref' in cond) {
    out.push({ table, field: cond.ref.field });
    fieldsOf(cond.ref.where, cond.ref.table, definitions, out, seen);
  } else out.push({ table, field: cond.field });
  return out;
}

