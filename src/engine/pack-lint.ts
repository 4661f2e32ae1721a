/**
 * No silent mismatch: every column and every value a rule pack names is
 * checked against the data contract when the pack is loaded. A condition that
 * can never match the data as it is read (`is: 返贫`, which the data holds as
 * 未脱贫; `is: "2026"` on a whole-number column; a word outside a column's
 * vocabulary; `unit: {is: 头}` where units are 亩/只/吨/户; `is` on a list
 * column; `related` through a column that points at another table) is a pack
 * problem at its line, not a rule that quietly never matches.
 *
 * The walk is tolerant: it reads the raw YAML values, checks what has the
 * right shape and leaves the rest to the schemas (pack-issues.ts), so one
 * pass finds both kinds of problem.
 */
import { BUILT_IN, columnsOf as contractColumns, isTable, type Contract } from '../contract/contract.js';
import type { ColumnDef, TableName } from '../contract/tables.js';
import { nearestName } from '../text/nearest.js';
import { BOOL_WORDS, normaliseDate, normBrackets } from '../validate/cells.js';
import { suggest, type Issue, type Path } from './pack-issues.js';
import type { PackCode } from '../messages/rules.js';

type Args = Record<string, string | number | null>;
type Table = TableName | 'town';

/** What a check kind's `lint` hook may ask for; paths are relative to `check`. */
export interface ParamLint {
  /** The table a param names, when the contract has it (a wrong one is the schema's to report). */
  table(value: unknown, allowTown?: boolean): Table | null;
  /** The value at `key` is a condition on records of `table`. */
  condition(key: Path, table: Table): void;
  /** The value at `key` names a column of `table`; `figure`: it must hold numbers (`what` says for what). */
  column(key: Path, table: Table, figure?: string): ColumnDef | null;
  problem(key: Path, code: PackCode, args: Args): void;
  /** The schema's problems at or below `key` are not reported: the hook said it better. */
  claim(key: Path): void;
  /** The columns of a table of the pack's contract. */
  columns(table: Table): readonly ColumnDef[];
}

/** The columns of a table of the contract (the pack's, with what it declares), or of town.yaml. */
export function columnsOf(table: Table, contract: Contract = BUILT_IN): readonly ColumnDef[] {
  return contractColumns(contract, table);
}

export function isUnitColumn(c: ColumnDef): boolean {
  return c.key === 'unit' || c.header === '单位';
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const show = (v: unknown) => JSON.stringify(v) ?? String(v);
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DECIMAL = /^-?\d+(\.\d+)?$/;

interface Walk {
  contract: Contract;
  defs: Readonly<Record<string, unknown>>;
  /** `definition\0table` pairs already walked: each definition is checked once per table it is used on. */
  seen: Set<string>;
  out: Issue[];
}

/** Problems of a check's params against the contract, at absolute paths (`rules.3.check.where.is`, `definitions.poor.in.0`). */
export function lintCheck(
  lint: ((raw: Record<string, unknown>, at: ParamLint) => void) | undefined,
  raw: Record<string, unknown>,
  base: Path,
  defs: Readonly<Record<string, unknown>>,
  seen: Set<string>,
  contract: Contract = BUILT_IN,
): { issues: Issue[]; claimed: Path[] } {
  const walk: Walk = { contract, defs, seen, out: [] };
  const claimed: Path[] = [];
  const get = (key: Path): unknown => {
    let cur: unknown = raw;
    for (const k of key) cur = isObject(cur) || Array.isArray(cur) ? (Object.hasOwn(cur, k) ? (cur as Record<string | number, unknown>)[k] : undefined) : undefined;
    return cur;
  };
  const at: ParamLint = {
    table(v, allowTown = false) {
      if (typeof v !== 'string') return null;
      if (allowTown && v === 'town') return 'town';
      return isTable(contract, v) ? v : null;
    },
    condition(key, table) {
      const v = get(key);
      if (v !== undefined) lintCondition(v, [...base, ...key], table, walk);
    },
    column(key, table, figure) {
      const v = get(key);
      if (typeof v !== 'string') return null;
      const c = column(v, [...base, ...key], table, walk);
      if (c && figure && !isFigure(c)) walk.out.push({ path: [...base, ...key], code: 'figure-not-number', args: { table, column: v, what: figure } });
      return c;
    },
    problem(key, code, args) {
      walk.out.push({ path: [...base, ...key], code, args });
    },
    claim(key) {
      claimed.push([...base, ...key]);
    },
    columns(table) {
      return columnsOf(table, contract);
    },
  };
  // A table the pack's contract lacks: the schema takes any key (a pack may declare tables), so it is named here.
  const tableAt = (key: Path, v: unknown) => {
    if (typeof v !== 'string' || isTable(contract, v) || v === 'town' || v === 'manifest' || !/^[a-z][a-z0-9_]*$/.test(v)) return;
    walk.out.push({ path: [...base, ...key], code: 'unknown-table', args: { table: v, known: contract.tableNames.join(', '), nearest: suggest(v, contract.tableNames) } });
  };
  tableAt(['table'], raw.table);
  if (Array.isArray(raw.tables)) raw.tables.forEach((t, i) => tableAt(['tables', i], t));
  lint?.(raw, at);
  return { issues: walk.out, claimed };
}

function isFigure(c: ColumnDef): boolean {
  return c.type.kind === 'int' || c.type.kind === 'number';
}

/** The column `name` of `table`, or a problem with the nearest key (or the key of a Chinese header written instead). */
function column(name: string, path: Path, table: Table, walk: Pick<Walk, 'contract' | 'out'>): ColumnDef | null {
  const out = walk.out;
  const cols = columnsOf(table, walk.contract);
  const c = cols.find((x) => x.key === name);
  if (c) return c;
  const byHeader = cols.find((x) => x.header === name || normBrackets(x.header) === normBrackets(name));
  if (byHeader) out.push({ path, code: 'header-as-field', args: { table, column: name, nearest: byHeader.key } });
  else out.push({ path, code: 'unknown-column', args: { table, column: name, nearest: nearestName(name, cols.map((x) => x.key)) } });
  return null;
}

/** A condition's columns and values, checked against `table`; `use:` followed once per definition and table. */
export function lintCondition(cond: unknown, path: Path, table: Table, walk: Walk): void {
  if (!isObject(cond)) return;
  for (const form of ['all', 'any'] as const) {
    const parts = cond[form];
    if (Array.isArray(parts)) parts.forEach((c, i) => lintCondition(c, [...path, form, i], table, walk));
  }
  if (typeof cond.use === 'string') {
    const name = cond.use;
    const key = `${name}\u0000${table}`;
    if (Object.hasOwn(walk.defs, name) && !walk.seen.has(key)) {
      walk.seen.add(key);
      lintCondition(walk.defs[name], ['definitions', name], table, walk);
    }
  }
  for (const form of ['ratio', 'growth'] as const) {
    const cols = cond[form];
    if (!Array.isArray(cols)) continue;
    cols.forEach((f, i) => {
      if (typeof f !== 'string') return;
      const c = column(f, [...path, form, i], table, walk);
      if (c && !isFigure(c)) walk.out.push({ path: [...path, form, i], code: 'figure-not-number', args: { table, column: f, what: form } });
    });
  }
  if (Array.isArray(cond.days)) {
    cond.days.forEach((f, i) => {
      if (typeof f !== 'string') return;
      const c = column(f, [...path, 'days', i], table, walk);
      if (c && c.type.kind !== 'date') walk.out.push({ path: [...path, 'days', i], code: 'not-date-column', args: { table, column: f, what: 'days' } });
    });
  }
  if (isObject(cond.related)) lintRelated(cond.related, [...path, 'related'], table, walk);
  if (isObject(cond.ref)) lintRef(cond.ref, [...path, 'ref'], table, walk);
  if (typeof cond.field === 'string') lintLeaf(cond, path, table, walk);
}

function tableName(v: unknown, contract: Contract): TableName | null {
  return isTable(contract, v) ? v : null;
}

function unknownTable(v: unknown, path: Path, walk: Walk): void {
  if (typeof v !== 'string' || isTable(walk.contract, v) || !/^[a-z][a-z0-9_]*$/.test(v)) return;
  walk.out.push({ path, code: 'unknown-table', args: { table: v, known: walk.contract.tableNames.join(', '), nearest: suggest(v, walk.contract.tableNames) } });
}

/** `related`: records of another table whose `by` holds this record's id. */
function lintRelated(rel: Record<string, unknown>, path: Path, judged: Table, walk: Walk): void {
  const other = tableName(rel.table, walk.contract);
  unknownTable(rel.table, [...path, 'table'], walk);
  if (!other) return;
  if (judged === 'town' || walk.contract.tables[judged]!.idColumn === null) {
    walk.out.push({ path, code: 'related-no-id', args: { table: judged } });
  } else if (typeof rel.by === 'string') {
    const by = column(rel.by, [...path, 'by'], other, walk);
    if (by) {
      // A reference, or a list of them (an instructor's 联系村 finds each village in it).
      const points = (c: ColumnDef) => (c.type.kind === 'ref' || c.type.kind === 'refList') && c.type.table === judged;
      const pointing = walk.contract.tables[other]!.columns.filter(points).map((c) => c.key);
      if (!points(by)) {
        walk.out.push({ path: [...path, 'by'], code: 'related-by-other', args: { table: other, by: rel.by, judged, candidates: pointing.join(', ') || null } });
      }
    }
  }
  if (rel.where !== undefined) lintCondition(rel.where, [...path, 'where'], other, walk);
}

/** `ref`: this record's reference column, followed to the table it names. */
function lintRef(ref: Record<string, unknown>, path: Path, judged: Table, walk: Walk): void {
  const target = tableName(ref.table, walk.contract);
  unknownTable(ref.table, [...path, 'table'], walk);
  if (typeof ref.field === 'string') {
    const c = column(ref.field, [...path, 'field'], judged, walk);
    if (c && target && !(c.type.kind === 'ref' && c.type.table === target)) {
      const candidates = columnsOf(judged, walk.contract)
        .filter((x) => x.type.kind === 'ref' && x.type.table === target)
        .map((x) => x.key);
      walk.out.push({ path: [...path, 'field'], code: 'ref-not-ref', args: { table: judged, column: ref.field, target, candidates: candidates.join(', ') || null } });
    }
  }
  if (target && ref.where !== undefined) lintCondition(ref.where, [...path, 'where'], target, walk);
}

const COMPARISONS = ['gt', 'gte', 'lt', 'lte'] as const;

/** A test on one column: every value it names must be one the column can hold, every test one that can hold on it. */
function lintLeaf(leaf: Record<string, unknown>, path: Path, table: Table, walk: Walk): void {
  const out = walk.out;
  const name = leaf.field as string;
  const c = column(name, [...path, 'field'], table, walk);
  if (!c) return;
  const t = c.type;
  const base = { table, column: name };
  const list = t.kind === 'list' || t.kind === 'refList';
  const problem = (at: Path, code: PackCode, args: Args = {}) => out.push({ path: [...path, ...at], code, args: { ...base, ...args } });

  for (const op of ['is', 'in', 'notIn'] as const) {
    const v = leaf[op];
    if (v === undefined) continue;
    if (list) {
      problem([op], 'list-op', { op });
      continue;
    }
    const values: [Path, unknown][] = op === 'is' ? [[[op], v]] : Array.isArray(v) ? v.map((x, i) => [[op, i], x]) : [];
    for (const [at, x] of values) {
      const p = valueProblem(x, c);
      if (p) problem(at, p.code, p.args);
    }
  }
  const bounds: [Path, unknown, string][] = [];
  for (const op of COMPARISONS) if (leaf[op] !== undefined) bounds.push([[op], leaf[op], op]);
  if (Array.isArray(leaf.between)) leaf.between.forEach((b, i) => bounds.push([['between', i], b, 'between']));
  for (const [at, v, op] of bounds) {
    if (!(t.kind === 'int' || t.kind === 'number' || t.kind === 'date')) {
      problem(at.slice(0, 1), 'op-on-type', { op });
      break;
    }
    const p = boundProblem(v, c, op);
    if (p) problem(at, p.code, p.args);
  }
  // On text, a part of it; on a list, one of its items.
  for (const op of ['contains', 'containsAny'] as const) {
    if (leaf[op] === undefined) continue;
    if (t.kind === 'int' || t.kind === 'number' || t.kind === 'bool') problem([op], 'text-op', { op });
  }
  if (leaf.minItems !== undefined && !list) problem(['minItems'], 'minitems-not-list');
}

interface Found {
  code: PackCode;
  args: Args;
}
function found(code: PackCode, args: Args = {}): Found {
  return { code, args };
}

/** Can the column hold `v` (is, in, notIn)? */
function valueProblem(v: unknown, c: ColumnDef): Found | null {
  const t = c.type;
  if (v === '$asOf') return t.kind === 'date' ? null : found('asof-not-date');
  const got = v === null ? 'null' : typeof v;
  const wrong = (fix: string | null) => found('value-type', { value: show(v), got, fix });
  switch (t.kind) {
    case 'bool': {
      if (typeof v === 'boolean') return null;
      const b = typeof v === 'string' ? (BOOL_WORDS.get(v) ?? BOOL_WORDS.get(v.toLowerCase())) : undefined;
      return wrong(b === undefined ? 'true / false' : String(b));
    }
    case 'int':
    case 'number': {
      if (typeof v === 'string') return wrong(DECIMAL.test(v.trim()) ? v.trim() : null);
      if (typeof v !== 'number') return wrong(null);
      if (t.kind === 'int' && !Number.isInteger(v)) return found('out-of-range', { value: v });
      const max = t.kind === 'int' ? t.max : undefined;
      const gt = t.kind === 'number' ? t.gt : undefined;
      if ((t.min !== undefined && v < t.min) || (max !== undefined && v > max) || (gt !== undefined && v <= gt)) return found('out-of-range', { value: v });
      return null;
    }
    case 'date': {
      if (typeof v !== 'string') return wrong(typeof v === 'number' ? `"${v}-12-31"` : null);
      if (DATE.test(v) && normaliseDate(v)) return null;
      const d = normaliseDate(v);
      return found('bound-type', { op: 'is', value: show(v), fix: d ? `"${d}"` : null });
    }
    case 'enum': {
      if (typeof v !== 'string') return wrong(null);
      if (t.values.includes(v)) return null;
      const norm = normBrackets(v).replace(/\s+/g, '');
      const alias = Object.entries(t.aliases ?? {}).find(([a]) => normBrackets(a) === v || normBrackets(a) === norm);
      if (alias) return found('enum-alias', { value: v, canonical: alias[1] });
      if (t.values.includes(norm)) return null;
      return found('enum-unknown', { value: v, allowed: t.values.join('、'), nearest: suggest(v, t.values) });
    }
    case 'id':
    case 'text':
    case 'ref':
      if (typeof v === 'string') return null;
      return wrong(typeof v === 'number' ? `"${v}"` : null);
    default:
      return null;
  }
}

/** Can `v` bound the column (gt, gte, lt, lte, between)? */
function boundProblem(v: unknown, c: ColumnDef, op: string): Found | null {
  if (v === '$asOf') return c.type.kind === 'date' ? null : found('asof-not-date');
  if (c.type.kind === 'date') {
    if (typeof v === 'string' && DATE.test(v) && normaliseDate(v)) return null;
    const d = typeof v === 'string' ? normaliseDate(v) : null;
    return found('bound-type', { op, value: show(v), fix: d ? `"${d}"` : null });
  }
  if (typeof v === 'number' && Number.isFinite(v)) return null;
  if (typeof v === 'string' && DECIMAL.test(v)) return null;
  return found('bound-type', { op, value: show(v), fix: null });
}

/**
 * A definition no rule uses (yet): checked against the one table that has the
 * column it tests first; when several tables have it (name, village_id) or
 * none, which table it is for cannot be told, and it is left to the rules.
 */
export function lintUnusedDefinition(name: string, defs: Readonly<Record<string, unknown>>, seen: Set<string>, contract: Contract = BUILT_IN): Issue[] {
  const field = firstField(defs[name], defs, new Set());
  if (field === null) return [];
  const tables = ([...contract.tableNames, 'town'] as Table[]).filter((t) => columnsOf(t, contract).some((c) => c.key === field));
  if (tables.length !== 1) return [];
  const walk: Walk = { contract, defs, seen, out: [] };
  lintCondition({ use: name }, [], tables[0]!, walk);
  return walk.out;
}

/** The first column a condition tests, through `use:` (each definition once). */
function firstField(cond: unknown, defs: Readonly<Record<string, unknown>>, seen: Set<string>): string | null {
  if (!isObject(cond)) return null;
  if (typeof cond.field === 'string') return cond.field;
  for (const form of ['ratio', 'growth', 'days'] as const) {
    const cols = cond[form];
    if (Array.isArray(cols) && typeof cols[0] === 'string') return cols[0];
  }
  if (isObject(cond.ref) && typeof cond.ref.field === 'string') return cond.ref.field;
  for (const form of ['all', 'any'] as const) {
    const parts = cond[form];
    if (Array.isArray(parts)) {
      for (const p of parts) {
        const f = firstField(p, defs, seen);
        if (f !== null) return f;
      }
    }
  }
  if (typeof cond.use === 'string' && Object.hasOwn(defs, cond.use) && !seen.has(cond.use)) {
    seen.add(cond.use);
    return firstField(defs[cond.use], defs, seen);
  }
  return null;
}
