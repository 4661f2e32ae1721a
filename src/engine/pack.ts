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
import { isScalar, LineCounter, parseDocument, visit, type Node } from 'yaml';
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
  const doc = parseDocument(source.replace(/^\uFEFF/, ''), { lineCounter, uniqueKeys: true, prettyErrors: false });
  const problems: PackProblem[] = [];
  for (const err of doc.errors) {
    problems.push({ file, line: lineCounter.linePos(err.pos[0]).line, where: '', message: err.message.split('\n')[0]! });
  }
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
    if (reaches(name, cond, definitions, new Set())) problem('a definition may not use itself, directly or through others');
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

function reaches(target: string, cond: unknown, defs: Record<string, Condition>, seen: Set<string>): boolean {
  for (const ref of usesOf(cond)) {
    if (ref === target) return true;
    if (seen.has(ref) || !Object.hasOwn(defs, ref)) continue;
    seen.add(ref);
    if (reaches(target, defs[ref], defs, seen)) return true;
  }
  return false;
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

