/**
 * Rule packs: a plan encoded as YAML (rules/hebao-2020.yaml). A pack is
 * validated when loaded: its shape by zod, each check by its kind's own params
 * schema, every column it names against the data contract. A broken pack is a
 * list of problems with file and line, never a crash and never half a pack.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isScalar, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
import { z } from 'zod';
import { TABLES, TOWN_COLUMNS, type TableName } from '../contract/tables.js';
import type { Level, RuleMeta, Scope, UncheckedClause } from '../model.js';
import { conditionSchema, type Condition } from './conditions.js';
import { CHECK_KINDS } from './checks/registry.js';
import type { CheckKind } from './kind.js';

const text2 = z.object({ zh: z.string().min(1), en: z.string().min(1) }).strict();
const dateText = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');

const scopeSchema = z.union([z.enum(['town', 'village', 'poverty-village']), z.object({ village: z.string().min(1) }).strict()], {
  error: 'must be town, village, poverty-village or { village: 名称 }',
});

const ruleSchema = z
  .object({
    id: z.string().regex(/^[0-9A-Za-z][0-9A-Za-z._-]*$/, 'an id of letters, digits, dots and dashes'),
    clause: z.string().min(1),
    quote: z.string().min(1),
    title: text2,
    level: z.enum(['error', 'warning']),
    scope: scopeSchema,
    due: z.union([dateText, z.literal('standing')]).optional(),
    headline: z.boolean().optional(),
    target: text2.optional(),
    check: z.looseObject({ kind: z.string() }),
  })
  .strict();

const packSchema = z
  .object({
    id: z.string().min(1),
    title: text2,
    document: z.string().optional(),
    town: z.string().optional(),
    issued: dateText.optional(),
    /** The due date of an error-level rule that names none (the plan's year end). */
    defaultDue: dateText,
    definitions: z.record(z.string(), conditionSchema).default({}),
    rules: z.array(ruleSchema).min(1),
    unchecked: z.array(z.object({ clause: z.string(), reason: text2 }).strict()).default([]),
  })
  .strict();

export interface PackRule {
  meta: RuleMeta;
  kind: CheckKind<unknown>;
  params: unknown;
}

export interface RulePack {
  id: string;
  title: { zh: string; en: string };
  document: string | null;
  town: string | null;
  file: string;
  sha256: string;
  definitions: Record<string, Condition>;
  rules: PackRule[];
  unchecked: UncheckedClause[];
}

/** A problem with a rule pack, at its place in the file. */
export interface PackProblem {
  file: string;
  line: number | null;
  /** `rule 3.2b: check.value` */
  where: string;
  message: string;
}

export class PackError extends Error {
  constructor(readonly problems: PackProblem[]) {
    super(problems.map((p) => `${p.file}${p.line ? ':' + p.line : ''}: ${p.where ? p.where + ': ' : ''}${p.message}`).join('\n'));
  }
}

/** The folder of bundled packs, next to src/ and dist/. */
export const BUNDLED_RULES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'rules');

/** `hebao-2020` → the bundled file; anything with a slash or .yaml → a path. */
export function packPath(nameOrPath: string): string {
  if (/[\\/]/.test(nameOrPath) || /\.ya?ml$/i.test(nameOrPath)) return resolve(nameOrPath);
  return join(BUNDLED_RULES_DIR, `${nameOrPath}.yaml`);
}

export function loadPack(nameOrPath: string): RulePack {
  const file = packPath(nameOrPath);
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (e) {
    throw new PackError([{ file, line: null, where: '', message: `cannot read the rule pack (${(e as NodeJS.ErrnoException).code ?? 'error'})` }]);
  }
  return parsePack(source, file);
}

/** Parses and validates a pack's text; throws PackError with every problem found. */
export function parsePack(source: string, file: string): RulePack {
  const lineCounter = new LineCounter();
  // Duplicate keys are found below: the parser's own check scans the mapping for each key, and
  // 20,000 definitions took 2.6 s (100,000 a minute).
  const doc = parseDocument(source.replace(/^\uFEFF/, ''), { lineCounter, uniqueKeys: false, prettyErrors: false });
  const problems: PackProblem[] = [];
  const errors = doc.errors.map((err) => ({ at: err.pos[0], message: err.message.split('\n')[0]! }));
  for (const at of duplicateKeys(doc)) errors.push({ at, message: 'Map keys must be unique' });
  errors.sort((a, b) => a.at - b.at);
  for (const err of errors) problems.push({ file, line: lineCounter.linePos(err.at).line, where: '', message: err.message });
  if (problems.length) throw new PackError(problems);

  const lineOf = (path: (string | number)[]): number | null => {
    for (let i = path.length; i >= 0; i--) {
      const node = doc.getIn(path.slice(0, i), true) as { range?: [number, number, number] } | undefined;
      if (node && typeof node === 'object' && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return null;
  };
  /** The line of the first scalar under `path` whose value is `value` (a column or a definition name), else of `path`. */
  const lineOfValue = (path: (string | number)[], value: string): number | null => {
    const node = doc.getIn(path, true) as Node | undefined;
    let found: number | null = null;
    if (node && typeof node === 'object') {
      visit(node, {
        Scalar(_key, n) {
          if (n.value === value && n.range) {
            found = lineCounter.linePos(n.range[0]).line;
            return visit.BREAK;
          }
          return undefined;
        },
      });
    }
    return found ?? lineOf(path);
  };
  const ruleLabel = (raw: unknown, path: (string | number)[]): string => {
    if (path[0] !== 'rules' || typeof path[1] !== 'number') return path.join('.');
    const id = (raw as { rules?: { id?: unknown }[] })?.rules?.[path[1]]?.id;
    const rest = path.slice(2).join('.');
    return `rule ${id ?? '#' + (path[1] + 1)}${rest ? ': ' + rest : ''}`;
  };

  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 50 });
  } catch (e) {
    throw new PackError([{ file, line: null, where: '', message: (e as Error).message }]);
  }
  // Rule ids like 2.10 are numbers to YAML; read them as written.
  const rulesNode = doc.get('rules', true) as { items?: unknown[] } | undefined;
  if (raw && typeof raw === 'object' && Array.isArray((raw as { rules?: unknown }).rules) && rulesNode?.items) {
    (raw as { rules: Record<string, unknown>[] }).rules.forEach((r, i) => {
      const node = doc.getIn(['rules', i, 'id'], true);
      if (r && typeof r === 'object' && isScalar(node) && typeof node.value === 'number' && node.source) r.id = node.source;
    });
  }

  const parsed = packSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path as (string | number)[];
      problems.push({ file, line: lineOf(path), where: ruleLabel(raw, path), message: issue.message });
    }
    throw new PackError(problems);
  }
  const pack = parsed.data;
  const definitions = pack.definitions as Record<string, Condition>;
  const seen = new Map<string, number>();
  const rules: PackRule[] = [];

  // The definitions first, each once: which use themselves, and how many tests each stands for once
  // its `use:` are written out. Rules read through them (kind.fields, then every record), so a
  // definition that is too big is refused before anything walks it.
  const defs = analyseDefinitions(definitions);

  pack.rules.forEach((rule, i) => {
    const at = (sub: (string | number)[], message: string, value?: string) =>
      problems.push({
        file,
        line: value === undefined ? lineOf(['rules', i, ...sub]) : lineOfValue(['rules', i, ...sub], value),
        where: `rule ${rule.id}${sub.length ? ': ' + sub.join('.') : ''}`,
        message,
      });
    if (seen.has(rule.id)) at(['id'], `duplicate rule id (first at rule #${seen.get(rule.id)! + 1})`);
    seen.set(rule.id, i);
    const kind = Object.hasOwn(CHECK_KINDS, rule.check.kind) ? CHECK_KINDS[rule.check.kind] : undefined;
    if (!kind) {
      at(['check', 'kind'], `unknown check kind "${rule.check.kind}"; known kinds: ${Object.keys(CHECK_KINDS).join(', ')}`);
      return;
    }
    const { kind: _kind, ...paramsRaw } = rule.check;
    const params = kind.params.safeParse(paramsRaw);
    if (!params.success) {
      for (const issue of params.error.issues) at(['check', ...(issue.path as (string | number)[])], issue.message);
      return;
    }
    for (const ref of usesOf(paramsRaw)) if (!Object.hasOwn(definitions, ref)) at(['check'], `"use: ${ref}" names no definition`, ref);
    for (const bad of badBounds(paramsRaw)) at(['check'], bad);
    const uses = usesOf(paramsRaw);
    // A definition that uses itself or is too big is reported above; nothing walks it.
    if (uses.some((ref) => defs.cyclic.has(ref) || (defs.size.get(ref) ?? 0) > MAX_TESTS)) return;
    const size = testsIn(paramsRaw, defs.size);
    if (size > MAX_TESTS) {
      at(['check'], tooBig(size));
      return;
    }
    for (const { table, field } of kind.fields(params.data, definitions)) {
      if (!columnExists(table, field)) at(['check'], `table ${table} has no column "${field}"`, field);
    }
    const level = rule.level as Level;
    const due = rule.due === 'standing' ? null : (rule.due ?? (level === 'error' ? pack.defaultDue : null));
    const target = kind.target(params.data);
    rules.push({
      kind,
      params: params.data,
      meta: {
        id: rule.id,
        clause: rule.clause,
        quote: rule.quote,
        title: rule.title,
        level,
        scope: toScope(rule.scope),
        due,
        kind: kind.kind,
        targetText: rule.target ?? { zh: target.zh, en: target.en },
        headline: rule.headline ?? false,
        unit: target.unit,
        ...(target.noun ? { noun: target.noun } : {}),
      },
    });
  });
  for (const [name, cond] of Object.entries(definitions)) {
    const problem = (message: string) => problems.push({ file, line: lineOf(['definitions', name]), where: `definitions.${name}`, message });
    for (const ref of usesOf(cond)) if (!Object.hasOwn(definitions, ref)) problem(`"use: ${ref}" names no definition`);
    if (defs.cyclic.has(name)) problem('a definition may not use itself, directly or through others');
    // Reported where it first grows too big, not at every definition that uses that one.
    else if (defs.size.get(name)! > MAX_TESTS && !usesOf(cond).some((ref) => (defs.size.get(ref) ?? 0) > MAX_TESTS)) problem(tooBig(defs.size.get(name)!));
    for (const bad of badBounds(cond)) problem(bad);
  }
  if (problems.length) throw new PackError(problems);

  return {
    id: pack.id,
    title: pack.title,
    document: pack.document ?? null,
    town: pack.town ?? null,
    file,
    sha256: createHash('sha256').update(source).digest('hex'),
    definitions,
    rules,
    unchecked: pack.unchecked,
  };
}

function toScope(s: z.infer<typeof scopeSchema>): Scope {
  if (typeof s === 'object') return { kind: 'named', village: s.village };
  return { kind: s };
}

function columnExists(table: TableName | 'town', field: string): boolean {
  if (table === 'town') return TOWN_COLUMNS.some((c) => c.key === field);
  return TABLES[table].columns.some((c) => c.key === field);
}

/**
 * The most tests one record may meet in one rule's conditions, `use:` written
 * out. Rules run their conditions on every record: 24 definitions each using
 * the next twice are 16 million tests a record (> 120 s on the sample).
 * The bundled pack's biggest rule has ten.
 */
export const MAX_TESTS = 1000;

function tooBig(size: number): string {
  const n = size > MAX_TESTS * 1000 ? `more than ${(MAX_TESTS * 1000).toLocaleString('en')}` : size.toLocaleString('en');
  return `with its "use:" written out this is ${n} conditions, more than the ${MAX_TESTS.toLocaleString('en')} a rule may test each record with; use each definition fewer times`;
}

/**
 * Definitions that use themselves (directly or through others), and each
 * other definition's size: its conditions with every `use:` written out,
 * capped just above MAX_TESTS. One pass over the `use:` graph (Tarjan's
 * strongly connected components, without recursion, so a chain of 100,000
 * definitions is no stack overflow), each definition's size counted once from
 * those of the definitions it uses.
 */
function analyseDefinitions(defs: Record<string, Condition>): { cyclic: Set<string>; size: Map<string, number> } {
  const names = Object.keys(defs);
  const edges = new Map<string, string[]>();
  for (const n of names) edges.set(n, [...new Set(usesOf(defs[n]))].filter((r) => Object.hasOwn(defs, r)));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cyclic = new Set<string>();
  const size = new Map<string, number>();
  let next = 0;
  for (const root of names) {
    if (index.has(root)) continue;
    // Frames of the depth-first walk: a definition and how many of its uses were followed.
    const walk: { name: string; i: number }[] = [{ name: root, i: 0 }];
    index.set(root, next);
    low.set(root, next++);
    stack.push(root);
    onStack.add(root);
    while (walk.length > 0) {
      const top = walk[walk.length - 1]!;
      const out = edges.get(top.name)!;
      if (top.i < out.length) {
        const to = out[top.i++]!;
        if (!index.has(to)) {
          index.set(to, next);
          low.set(to, next++);
          stack.push(to);
          onStack.add(to);
          walk.push({ name: to, i: 0 });
        } else if (onStack.has(to)) low.set(top.name, Math.min(low.get(top.name)!, index.get(to)!));
        continue;
      }
      walk.pop();
      if (walk.length > 0) {
        const parent = walk[walk.length - 1]!.name;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.name)!));
      }
      if (low.get(top.name) !== index.get(top.name)) continue;
      // A component is complete; those it uses were completed before it, their sizes known.
      const component: string[] = [];
      let n: string;
      do {
        n = stack.pop()!;
        onStack.delete(n);
        component.push(n);
      } while (n !== top.name);
      if (component.length > 1 || out.includes(top.name)) for (const c of component) cyclic.add(c);
      else size.set(top.name, testsIn(defs[top.name], size));
    }
  }
  return { cyclic, size };
}

/** The conditions in a value (each object counts one), each `use:` one more than its definition's size; capped above MAX_TESTS. */
function testsIn(value: unknown, sizes: ReadonlyMap<string, number>): number {
  let total = 0;
  const count = (v: unknown): void => {
    if (total > MAX_TESTS * 1000) return;
    if (Array.isArray(v)) for (const x of v) count(x);
    else if (v && typeof v === 'object') {
      const use = (v as { use?: unknown }).use;
      if (typeof use === 'string') {
        // The `use:` itself counts too: a chain of uses is walked one level at a time (fieldsOf, compile).
        total += 1 + (sizes.get(use) ?? 0);
        return;
      }
      total++;
      for (const x of Object.values(v)) count(x);
    }
  };
  count(value);
  return Math.min(total, MAX_TESTS * 1000 + 1);
}

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** `ratio` and `growth` compare exact decimals: their `gte` and `about` must be numbers (`"98%"` is not). */
function badBounds(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) badBounds(v, out);
  else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if ('ratio' in o || 'growth' in o) {
      for (const k of ['gte', 'about']) {
        const b = o[k];
        if (b === undefined || (typeof b === 'number' && Number.isFinite(b)) || (typeof b === 'string' && DECIMAL.test(b))) continue;
        out.push(`${'ratio' in o ? 'ratio' : 'growth'}'s ${k} must be a number (e.g. 0.98 or "0.98"), not ${JSON.stringify(b)?.slice(0, 40)}`);
      }
    }
    for (const v of Object.values(o)) badBounds(v, out);
  }
  return out;
}

/** Where a mapping repeats a key (as the parser's `uniqueKeys` finds them), one set per mapping. */
function duplicateKeys(doc: Document): number[] {
  const out: number[] = [];
  visit(doc, {
    Map(_key, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        const k = pair.key;
        if (!isScalar(k)) continue;
        if (seen.has(k.value)) out.push(k.range?.[0] ?? 0);
        else seen.add(k.value);
      }
    },
  });
  return out;
}

/** Names used with `use:` anywhere inside a value. */
function usesOf(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) usesOf(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'use' && typeof v === 'string') out.push(v);
      else usesOf(v, out);
    }
  }
  return out;
}

