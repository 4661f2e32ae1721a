/**
 * A rule pack's shape problems in people's words: zod's issues become codes
 * and args (src/messages/rules.ts words them), never zod's own text
 * ("check.unit: Invalid input: expected object, received undefined" is "a sum
 * check needs unit (the unit column and the unit), e.g. unit: {field: unit,
 * is: 亩}"). What a missing key is for, and an example, come from the schemas'
 * metadata (`.meta({ zh, en, example })`), which also feeds the JSON Schema
 * and docs/rule-packs.md.
 *
 * Conditions are diagnosed on their own terms: a union of eight forms makes
 * zod report every form's complaint, so the form is chosen by its key
 * (field, all, any, use, ratio, growth, related, ref) and only that form's
 * problems are said.
 */
import type { z } from 'zod';
import { CONDITION_TESTS, type PackCode } from '../messages/rules.js';
import { nearestName } from '../text/nearest.js';
import { CONDITION_DOCS } from './condition-docs.js';
import { conditionSchema } from './conditions.js';

export type Path = (string | number)[];
type Args = Record<string, string | number | null>;

/** One problem at a path below the value diagnosed. */
export interface Issue {
  path: Path;
  code: PackCode;
  args: Args;
}

/** What a schema says about itself (`.meta()`): Chinese and English description, an example as YAML. */
export interface SchemaDoc {
  zh?: string;
  en?: string;
  example?: string;
}

/** Did-you-mean for a word of the pack; none for a single character (every other one is one edit from it: 头 → 亩). */
export function suggest(word: string, candidates: readonly string[]): string | null {
  return [...word].length < 2 ? null : nearestName(word, candidates);
}

/** Custom messages of the pack's schemas are codes: `pack:share`. */
export const CODE = (code: PackCode) => `pack:${code}`;

const TEST_KEYS = CONDITION_TESTS.split(', ');

// ── zod's schemas, read (zod 4 keeps each schema's definition in _zod.def) ───

/** What a zod schema says of itself: the parts of `_zod.def` the pack's messages and docs read. */
export interface Def {
  type: string;
  innerType?: z.ZodType;
  getter?: () => z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  valueType?: z.ZodType;
  items?: z.ZodType[];
  options?: z.ZodType[];
  in?: z.ZodType;
  entries?: Record<string, string>;
  values?: unknown[];
  defaultValue?: unknown;
}
export function defOf(s: z.ZodType): Def {
  return (s as unknown as { _zod: { def: Def } })._zod.def;
}

/** conditionSchema, or a copy of it with metadata (`.meta()` clones a schema). */
function isCondition(s: z.ZodType | null): boolean {
  if (!s) return false;
  if (s === conditionSchema) return true;
  const d = defOf(s);
  return d.type === 'lazy' && d.getter === defOf(conditionSchema).getter;
}

/** The schema inside optional, default, pipe ...; a lazy schema's target (but conditionSchema stays itself). */
function unwrap(s: z.ZodType): z.ZodType {
  for (let i = 0; i < 20; i++) {
    if (isCondition(s)) return s;
    const d = defOf(s);
    if (d.innerType && ['optional', 'default', 'prefault', 'nullable', 'readonly', 'catch', 'nonoptional'].includes(d.type)) s = d.innerType;
    else if (d.type === 'lazy' && d.getter) s = d.getter();
    else if (d.type === 'pipe' && d.in) s = d.in;
    else return s;
  }
  return s;
}

/** The schema of a key or index of `s`, or null when it cannot be told (a union of shapes without it). */
export function childSchema(s: z.ZodType, key: string | number): z.ZodType | null {
  const u = unwrap(isCondition(s) ? defOf(s).getter!() : s);
  const d = defOf(u);
  switch (d.type) {
    case 'object':
      return typeof key === 'string' && d.shape && Object.hasOwn(d.shape, key) ? d.shape[key]! : null;
    case 'array':
      return d.element ?? null;
    case 'record':
      return d.valueType ?? null;
    case 'tuple':
      return typeof key === 'number' ? (d.items?.[key] ?? null) : null;
    case 'union':
      for (const o of d.options ?? []) {
        const c = childSchema(o, key);
        if (c) return c;
      }
      return null;
    default:
      return null;
  }
}

export function schemaAt(s: z.ZodType, path: Path): z.ZodType | null {
  let cur: z.ZodType | null = s;
  for (const k of path) {
    if (!cur) return null;
    cur = childSchema(cur, k);
  }
  return cur;
}

/** The keys an object schema allows, or null when it is not one. */
export function keysOf(s: z.ZodType): string[] | null {
  const d = defOf(unwrap(s));
  return d.type === 'object' && d.shape ? Object.keys(d.shape) : null;
}

/** The doc metadata of a schema: its own, else that of the schema it wraps. */
export function docOf(s: z.ZodType | null): SchemaDoc {
  for (let i = 0; s && i < 20; i++) {
    const m = (s as unknown as { meta?: () => SchemaDoc | undefined }).meta?.();
    if (m && (m.zh || m.en || m.example)) return m;
    const d = defOf(s);
    const inner = d.innerType ?? (d.type === 'pipe' ? d.in : undefined);
    if (!inner) break;
    s = inner;
  }
  return {};
}

function valueAt(v: unknown, path: Path): unknown {
  let cur = v;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = Object.hasOwn(cur, k) ? (cur as Record<string | number, unknown>)[k] : undefined;
  }
  return cur;
}

/** A YAML value's kind for messages. */
export function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

// ── Diagnosis ───────────────────────────────────────────────────────────────

/**
 * Every problem of `value` against `schema`, at paths below `base`. `owner`
 * names what a missing key is missing from (`check:sum`, `rule`, `pack`).
 */
export function diagnose(schema: z.ZodType, value: unknown, base: Path, owner: string): Issue[] {
  if (isCondition(schema)) return diagnoseCondition(value, base);
  const r = schema.safeParse(value);
  if (r.success) return [];
  const out: Issue[] = [];
  for (const issue of r.error.issues) out.push(...translate(issue as RawIssue, schema, value, base, owner));
  return out;
}

interface RawIssue {
  code: string;
  path: PropertyKey[];
  message: string;
  expected?: string;
  keys?: string[];
  values?: unknown[];
  origin?: string;
  minimum?: number | bigint;
  errors?: RawIssue[][];
}

function translate(issue: RawIssue, root: z.ZodType, rootValue: unknown, base: Path, owner: string): Issue[] {
  const rel = issue.path.filter((k): k is string | number => typeof k === 'string' || typeof k === 'number');
  const at = [...base, ...rel];
  const sub = schemaAt(root, rel);
  const v = valueAt(rootValue, rel);
  if (v !== undefined && isCondition(sub)) return diagnoseCondition(v, at);
  // An optional condition, or one with metadata.
  if (v !== undefined && sub && isCondition(unwrap(sub))) return diagnoseCondition(v, at);
  let doc = docOf(sub);
  const last = rel[rel.length - 1];
  if (!doc.zh && typeof last === 'string' && Object.hasOwn(CONDITION_DOCS, last)) doc = CONDITION_DOCS[last]!;
  const described = { descZh: doc.zh ?? null, descEn: doc.en ?? null, example: doc.example ?? null };
  // The message was made by CODE(), whose argument is a PackCode: zod only carries it as text.
  if (issue.message.startsWith('pack:')) return [{ path: at, code: issue.message.slice(5) as PackCode, args: {} }];
  switch (issue.code) {
    case 'invalid_type': {
      if (v === undefined) {
        const parentOwner = rel.length > 1 ? String(rel[rel.length - 2]) : owner;
        return [{ path: at, code: 'missing-key', args: { key: String(rel[rel.length - 1] ?? ''), owner: parentOwner, ...described } }];
      }
      if (at.length === 0 && issue.expected === 'object') return [{ path: at, code: 'pack-not-mapping', args: { got: kindOf(v) } }];
      return [{ path: at, code: 'wrong-type', args: { expected: issue.expected ?? '', got: kindOf(v), ...described } }];
    }
    case 'unrecognized_keys': {
      const allowed = sub ? (keysOf(sub) ?? []) : [];
      return (issue.keys ?? []).map((key) => ({
        path: [...at, key],
        code: 'unknown-key',
        args: { key, allowed: allowed.join(', '), nearest: nearestName(key, allowed) },
      }));
    }
    case 'invalid_value': {
      const allowed = (issue.values ?? []).map(String);
      return [{ path: at, code: 'bad-choice', args: { value: String(v), allowed: allowed.join(', '), nearest: typeof v === 'string' ? nearestName(v, allowed) : null } }];
    }
    case 'too_small':
      if (issue.origin === 'array' || issue.origin === 'set') return [{ path: at, code: 'too-few', args: { min: Number(issue.minimum ?? 1), example: doc.example ?? null } }];
      if (issue.origin === 'string') return [{ path: at, code: 'empty-text', args: described }];
      return [{ path: at, code: 'too-small', args: { min: Number(issue.minimum ?? 0) } }];
    case 'invalid_union': {
      // A key left out is missing, whichever forms it may take.
      if (v === undefined) {
        const parentOwner = rel.length > 1 ? String(rel[rel.length - 2]) : owner;
        return [{ path: at, code: 'missing-key', args: { key: String(rel[rel.length - 1] ?? ''), owner: parentOwner, ...described } }];
      }
      // The option that went furthest: fewest problems, the first on a tie.
      const options = defOf(unwrap(sub ?? root)).options ?? [];
      let best = -1;
      for (let i = 0; i < (issue.errors ?? []).length; i++) {
        if (best === -1 || issue.errors![i]!.length < issue.errors![best]!.length) best = i;
      }
      const inner = best >= 0 ? issue.errors![best]! : [];
      const option = options[best];
      // A scalar that is none of the allowed kinds: one problem, not one per kind.
      if (!option || inner.length === 0 || inner.every((x) => x.path.length === 0 && x.code === 'invalid_type')) {
        return [{ path: at, code: 'invalid', args: described }];
      }
      return inner.flatMap((x) => translate(x, option, v, at, owner));
    }
    default:
      return [{ path: at, code: 'invalid', args: described }];
  }
}

let forms: Map<string, z.ZodType> | null = null;
/**
 * The forms of a condition, each by the key that names it (the first key of
 * its shape: field, ratio, growth, related, ref, all, any, use ...), in the
 * order conditionSchema lists them.
 */
export function conditionForms(): ReadonlyMap<string, z.ZodType> {
  if (!forms) {
    forms = new Map();
    for (const o of defOf(unwrap(defOf(conditionSchema).getter!())).options ?? []) {
      const key = keysOf(o)?.[0];
      if (key !== undefined && !forms.has(key)) forms.set(key, o);
    }
  }
  return forms;
}

/** A condition's problems: its form by its key, then that form's own. */
export function diagnoseCondition(v: unknown, at: Path): Issue[] {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return [{ path: at, code: 'condition-shape', args: { got: kindOf(v) } }];
  const keys = Object.keys(v);
  const all = conditionForms();
  const names = [...all.keys()];
  const here = names.filter((f) => Object.hasOwn(v, f));
  if (here.length === 0) {
    const known = new Set([...all.values()].flatMap((o) => keysOf(o) ?? []));
    const unknown = keys.find((k) => !known.has(k)) ?? keys[0];
    const near = unknown !== undefined ? nearestName(unknown, names) : null;
    return [{ path: at, code: 'condition-form', args: { keys: keys.join(', ') || '∅', forms: names.join(', '), nearest: near } }];
  }
  if (here.length > 1) return [{ path: at, code: 'condition-mixed', args: { forms: here.join(', ') } }];
  const form = here[0]!;
  const out: Issue[] = [];
  if (form === 'field' && !keys.some((k) => TEST_KEYS.includes(k))) out.push({ path: at, code: 'condition-no-test', args: {} });
  const schema = all.get(form)!;
  const r = schema.safeParse(v);
  if (!r.success) {
    for (const issue of r.error.issues as unknown as RawIssue[]) {
      if (issue.code === 'custom' && !issue.message.startsWith('pack:')) {
        // The field form's own refinement ("needs a test") is said above, in our words; another form's in its own.
        if (form !== 'field') out.push({ path: [...at, ...(issue.path as Path)], code: 'condition-rule', args: { detail: issue.message } });
        continue;
      }
      out.push(...translate(issue, schema, v, at, 'condition'));
    }
  }
  return out;
}
