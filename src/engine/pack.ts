/**
 * Rule packs: a plan encoded as YAML (rules/hebao-2020.yaml). A pack is
 * validated when loaded: its shape by zod, each check by its kind's own params
 * schema, every column and every value it names against the data contract
 * (pack-lint.ts). A broken pack is a list of problems, all of them in one
 * pass, each with file, line, column, rule, what is wrong and the fix, in
 * Chinese and English (src/messages/rules.ts); never a crash and never half a
 * pack.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMap, isScalar, LineCounter, parseDocument, visit, type Document } from 'yaml';
import { z } from 'zod';
import type { Level, RuleMeta, Scope, UncheckedClause } from '../model.js';
import { packMessage, type PackCode } from '../messages/rules.js';
import { nearestName } from '../text/nearest.js';
import { conditionSchema, type Condition } from './conditions.js';
import { CHECK_KINDS } from './checks/registry.js';
import { doc as describe } from './checks/common.js';
import type { CheckKind } from './kind.js';
import { CODE, diagnose, type Issue, type Path } from './pack-issues.js';
import { columnsOf, lintCheck, lintUnusedDefinition } from './pack-lint.js';
import { columnDeclSchema, dataDeclSchema, declare, tableDeclSchema } from './pack-declared.js';
import { BUILT_IN, isTable, type Contract } from '../contract/contract.js';
import { rememberWords } from '../messages/rules.js';

const text2 = z.object({ zh: z.string().min(1), en: z.string().min(1) }).strict();
const dateText = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, CODE('date'));

const scopeSchema = z.union([z.enum(['town', 'village', 'poverty-village']), z.object({ village: z.string().min(1) }).strict()], {
  error: CODE('scope'),
});

/** A rule; its `check` is checked apart, by the params schema of its kind. */
export const ruleSchema = z
  .object({
    id: z.string().regex(/^[0-9A-Za-z][0-9A-Za-z._-]*$/, CODE('rule-id')).meta(describe('规则编号，公开使用（--rule、豁免、CI），不要改号', 'the rule id, public (--rule, waivers, CI): never renumber', 'id: "2.6"')),
    clause: z.string().min(1).meta(describe('方案中的条款', "the plan's clause", 'clause: 二')),
    quote: z.string().min(1).meta(describe('方案原文（逐字）', "the plan's own words, exactly", 'quote: 扶贫产业覆盖劳动能力的贫困户95%以上')),
    title: text2.meta(describe('标题，中英文', 'the title, in Chinese and English', 'title: { zh: 有劳动能力贫困户产业覆盖率, en: Industry coverage }')),
    level: z.enum(['error', 'warning']).meta(describe('级别：error 不达标为未通过；warning 为预警（鼓励、引导类条款）', 'error: a miss is a fail; warning: a miss is a warning (encouraged, not required)', 'level: error')),
    scope: scopeSchema.meta(describe('范围：town 全镇、village 每个村、poverty-village 贫困村、{ village: 名称 } 点名的村', 'town, village (each), poverty-village, or { village: 名称 } (the village the plan names)', 'scope: village')),
    due: z.union([dateText, z.literal('standing')]).optional().meta(describe('截止日期，或 standing（任何时候都要达到）；错误级默认为 defaultDue', 'the due date, or standing (holds at any date); errors default to defaultDue', 'due: "2020-12-31"')),
    headline: z.boolean().optional().meta(describe('在报告开头列出', 'shown at the top of the report', 'headline: true')),
    target: text2.optional().meta(describe('目标的文字（不写则由检查生成）', 'the target in words (made from the check when left out)', 'target: { zh: ≥ 95%, en: ≥ 95% }')),
    check: z
      .looseObject({ kind: z.string().meta(describe('检查类型：share、count、sum、each、average、monthly', 'the kind of check: share, count, sum, each, average, monthly', 'kind: share')) })
      .meta(describe('检查：类型和参数', 'the check: its kind and params', 'check: { kind: share, table: households, meets: { field: industry_covered, is: true }, min: 0.95 }')),
  })
  .strict();

/** A pack; its definitions and rules are checked one by one (conditionSchema, ruleSchema). */
export const packSchema = z
  .object({
    id: z.string().min(1).meta(describe('规则包编号（--rules 和 manifest.yaml 的 plan 用它）', "the pack's id (--rules and manifest.yaml's plan name it)", 'id: hebao-2020')),
    title: text2.meta(describe('方案标题，中英文', "the plan's title, in Chinese and English", 'title: { zh: 河包镇脱贫攻坚扶贫产业发展方案, en: Hebao Town plan }')),
    document: z.string().optional().meta(describe('文号', "the plan's document number", 'document: 河包府发〔2020〕21号')),
    town: z.string().optional().meta(describe('方案所属的镇（与数据的镇不同时提示）', 'the town whose plan this is (a notice when the data is of another)', 'town: 河包镇')),
    issued: dateText.optional().meta(describe('印发日期', 'the date the plan was issued', 'issued: "2020-03-12"')),
    /** The due date of an error-level rule that names none (the plan's year end). */
    defaultDue: dateText.meta(describe('未写 due 的错误级规则的截止日期（通常是方案年末）', "the due date of an error-level rule that names none (usually the plan's year end)", 'defaultDue: "2020-12-31"')),
    data: dataDeclSchema.optional(),
    definitions: z.record(z.string(), z.unknown()).default({}).meta(describe('命名的条件，规则中用 use: 名称 引用', 'named conditions, used in rules as use: NAME', 'definitions: { registered_poor: { field: poverty_status, in: [未脱贫, 已脱贫] } }')),
    rules: z.array(z.unknown()).min(1).meta(describe('规则', 'the rules', 'rules: [ { id: "2.1", … } ]')),
    unchecked: z
      .array(z.object({ clause: z.string(), reason: text2 }).strict())
      .default([])
      .meta(describe('无法用数据检查的条款及原因', 'the clauses no data can check, and why', 'unchecked: [ { clause: 五, reason: { zh: 无可量化目标, en: no measurable target } } ]')),
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
  /** The data contract this pack reads: the built-in one, with the data its `data:` declares. */
  contract: Contract;
}

/** A problem with a rule pack, at its place in the file, in English (PackDiagnostic has all of it). */
export interface PackProblem {
  file: string;
  line: number | null;
  /** `rule 3.2b: check.value` */
  where: string;
  message: string;
}

/** A problem with a rule pack: where (file, line, column, rule, path) and what (a code and its args, worded in src/messages/rules.ts). */
export interface PackDiagnostic {
  file: string;
  line: number | null;
  column: number | null;
  /** The rule it is in, by id (`#3` when the rule has none); null outside rules. */
  rule: string | null;
  /** Where below the rule (`check.unit`), else in the pack (`definitions.poor.in.0`, `defaultDue`); '' for the whole. */
  path: string;
  /** A key of PACK_MESSAGES (src/messages/rules.ts): a code with no wording is a compile error. */
  code: PackCode;
  args: Record<string, string | number | null>;
}

export class PackError extends Error {
  readonly problems: PackProblem[];
  constructor(readonly diagnostics: PackDiagnostic[]) {
    const problems = diagnostics.map((d) => ({
      file: d.file,
      line: d.line,
      where: d.rule !== null ? `rule ${d.rule}${d.path ? ': ' + d.path : ''}` : d.path,
      message: packMessage(d, 'en'),
    }));
    super(problems.map((p) => `${p.file}${p.line ? ':' + p.line : ''}: ${p.where ? p.where + ': ' : ''}${p.message}`).join('\n'));
    this.problems = problems;
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
    throw new PackError([{ file, line: null, column: null, rule: null, path: '', code: 'cannot-read', args: { reason: (e as NodeJS.ErrnoException).code ?? 'error' } }]);
  }
  return parsePack(source, file);
}

/** At most this many problems are placed and reported; the rest are counted. */
const MAX_PROBLEMS = 500;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Parses and validates a pack's text; throws PackError with every problem found. */
export function parsePack(source: string, file: string): RulePack {
  const lineCounter = new LineCounter();
  // Duplicate keys are found below: the parser's own check scans the mapping for each key, and
  // 20,000 definitions took 2.6 s (100,000 a minute).
  const doc = parseDocument(source.replace(/^\uFEFF/, ''), { lineCounter, uniqueKeys: false, prettyErrors: false });
  const diag = (line: number | null, column: number | null, rule: string | null, path: string, code: PackCode, args: PackDiagnostic['args']): PackDiagnostic => ({
    file,
    line,
    column,
    rule,
    path,
    code,
    args,
  });

  // YAML that cannot be read: nothing else can be judged.
  const yamlErrors = doc.errors.map((err): { at: number; code: PackCode; args: PackDiagnostic['args'] } => ({ at: err.pos[0], code: 'yaml-syntax', args: { detail: err.message.split('\n')[0]!, yamlCode: err.code } as PackDiagnostic['args'] }));
  for (const { at, key } of duplicateKeys(doc)) yamlErrors.push({ at, code: 'yaml-duplicate-key', args: { key } });
  if (yamlErrors.length === 0) for (const at of selfAliases(doc)) yamlErrors.push({ at, code: 'yaml-self-alias', args: {} });
  if (yamlErrors.length) {
    yamlErrors.sort((a, b) => a.at - b.at);
    throw new PackError(
      yamlErrors.map((e) => {
        const pos = lineCounter.linePos(e.at);
        return diag(pos.line, pos.col, null, '', e.code, e.args);
      }),
    );
  }

  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 50 });
  } catch (e) {
    throw new PackError([diag(null, null, null, '', 'yaml-unreadable', { detail: (e as Error).message })]);
  }
  // Rule ids like 2.10 are numbers to YAML; read them as written.
  const rulesNode = doc.get('rules', true) as { items?: unknown[] } | undefined;
  if (raw && typeof raw === 'object' && Array.isArray((raw as { rules?: unknown }).rules) && rulesNode?.items) {
    (raw as { rules: Record<string, unknown>[] }).rules.forEach((r, i) => {
      const node = doc.getIn(['rules', i, 'id'], true);
      if (r && typeof r === 'object' && isScalar(node) && typeof node.value === 'number' && node.source) r.id = node.source;
    });
  }

  /** Where a path is in the file: its node, else the nearest node above it; for an unknown key, the key itself. */
  const place = (path: Path, atKey: boolean): { line: number | null; column: number | null } => {
    if (atKey && path.length > 0) {
      const parent = doc.getIn(path.slice(0, -1), true);
      if (isMap(parent)) {
        const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === path[path.length - 1]);
        const r = (pair?.key as { range?: [number, number, number] } | undefined)?.range;
        if (r) {
          const pos = lineCounter.linePos(r[0]);
          return { line: pos.line, column: pos.col };
        }
      }
    }
    for (let i = path.length; i >= 0; i--) {
      const node = doc.getIn(path.slice(0, i), true) as { range?: [number, number, number] } | undefined;
      if (node && typeof node === 'object' && node.range) {
        const pos = lineCounter.linePos(node.range[0]);
        return { line: pos.line, column: pos.col };
      }
    }
    return { line: null, column: null };
  };

  const issues: Issue[] = [];
  const top = diagnose(packSchema, raw, [], 'pack');
  issues.push(...top);
  if (!isObject(raw)) return refuse(issues);
  // Data the pack declares, first: its rules are linted against the contract it makes.
  const { contract, issues: declaredIssues } = declaredData(raw.data, typeof raw.id === 'string' ? raw.id : file);
  issues.push(...declaredIssues);
  const definitions: Record<string, unknown> = isObject(raw.definitions) ? raw.definitions : {};
  const rulesRaw: unknown[] = Array.isArray(raw.rules) ? raw.rules : [];
  const ruleIds = rulesRaw.map((r, i) => (isObject(r) && (typeof r.id === 'string' || typeof r.id === 'number') ? String(r.id) : `#${i + 1}`));

  // The definitions first, each once: its shape; which use themselves, and how many tests each stands
  // for once its `use:` are written out. Rules read through them (lint, kind.fields, then every
  // record), so a definition that is too big is refused before anything walks it.
  for (const [name, cond] of Object.entries(definitions)) issues.push(...diagnose(conditionSchema, cond, ['definitions', name], 'condition'));
  const defs = analyseDefinitions(definitions as Record<string, Condition>);
  const names = Object.keys(definitions);
  for (const [name, cond] of Object.entries(definitions)) {
    const at: Path = ['definitions', name];
    for (const u of usesIn(cond, at)) if (!Object.hasOwn(definitions, u.name)) issues.push({ path: u.path, code: 'use-unknown', args: { name: u.name, nearest: nearestName(u.name, names) } });
    if (defs.cyclic.has(name)) issues.push({ path: at, code: 'definition-cycle', args: {} });
    // Reported where it first grows too big, not at every definition that uses that one.
    else if (defs.size.get(name)! > MAX_TESTS && !usesOf(cond).some((ref) => (defs.size.get(ref) ?? 0) > MAX_TESTS)) issues.push({ path: at, code: 'too-big', args: tooBig(defs.size.get(name)!) });
    issues.push(...badBounds(cond, at));
  }

  const seenIds = new Map<string, number>();
  const lintSeen = new Set<string>();
  /** `table.column` pairs already reported as not in the contract. */
  const missingColumns = new Set<string>();
  /** Definitions some rule or definition uses; the others are checked on their own below. */
  const usedDefs = new Set(Object.values(definitions).flatMap((c) => usesOf(c)));
  const rules: PackRule[] = [];
  rulesRaw.forEach((rule, i) => {
    const at: Path = ['rules', i];
    issues.push(...diagnose(ruleSchema, rule, at, 'rule'));
    if (!isObject(rule)) return;
    if (typeof rule.id === 'string') {
      if (seenIds.has(rule.id)) issues.push({ path: [...at, 'id'], code: 'duplicate-rule-id', args: { first: seenIds.get(rule.id)! + 1 } });
      else seenIds.set(rule.id, i);
    }
    const check = rule.check;
    if (!isObject(check) || typeof check.kind !== 'string') return;
    const kind = Object.hasOwn(CHECK_KINDS, check.kind) ? CHECK_KINDS[check.kind] : undefined;
    if (!kind) {
      const known = Object.keys(CHECK_KINDS);
      issues.push({ path: [...at, 'check', 'kind'], code: 'unknown-kind', args: { kind: check.kind, known: known.join(', '), nearest: nearestName(check.kind, known) } });
      return;
    }
    const { kind: _kind, ...paramsRaw } = check;
    const checkAt: Path = [...at, 'check'];
    for (const u of usesOf(paramsRaw)) usedDefs.add(u);
    const shape = diagnose(kind.params, paramsRaw, checkAt, `check:${kind.kind}`);
    for (const u of usesIn(paramsRaw, checkAt)) if (!Object.hasOwn(definitions, u.name)) issues.push({ path: u.path, code: 'use-unknown', args: { name: u.name, nearest: nearestName(u.name, names) } });
    issues.push(...badBounds(paramsRaw, checkAt));
    // A definition that uses itself or is too big is reported above; nothing walks it.
    const uses = usesOf(paramsRaw);
    if (uses.some((ref) => defs.cyclic.has(ref) || (defs.size.get(ref) ?? 0) > MAX_TESTS)) {
      issues.push(...shape);
      return;
    }
    const size = testsIn(paramsRaw, defs.size);
    if (size > MAX_TESTS) {
      issues.push(...shape, { path: checkAt, code: 'too-big', args: tooBig(size) });
      return;
    }
    // What the check names, against the contract; where it says it better than the schema, the schema's word is dropped.
    const { issues: lint, claimed } = lintCheck(kind.lint?.bind(kind), paramsRaw, checkAt, definitions, lintSeen, contract);
    const under = (p: Path, c: Path) => c.length <= p.length && c.every((k, j) => k === p[j]);
    issues.push(...shape.filter((x) => !claimed.some((c) => under(x.path, c))), ...lint);
    for (const x of lint) if (x.code === 'unknown-column' || x.code === 'header-as-field') missingColumns.add(`${x.args.table}.${x.args.column}`);
    // A `use:` of no definition is reported above; the columns are read through the definitions.
    if (shape.length || uses.some((ref) => !Object.hasOwn(definitions, ref))) return;
    const params = kind.params.parse(paramsRaw);
    // Every column the check reads must be in the contract, also one its kind's lint hook does not name (a kind without one).
    for (const { table, field } of kind.fields(params, definitions as Record<string, Condition>, contract)) {
      if (typeof field !== 'string' || (table !== 'town' && !isTable(contract, table)) || columnsOf(table, contract).some((c) => c.key === field) || missingColumns.has(`${table}.${field}`)) continue;
      missingColumns.add(`${table}.${field}`);
      issues.push({ path: checkAt, code: 'unknown-column', args: { table, column: field, nearest: nearestName(field, columnsOf(table, contract).map((c) => c.key)) } });
    }
    if (issues.length) return;
    const meta = rule as z.infer<typeof ruleSchema>;
    const level = meta.level as Level;
    const due = meta.due === 'standing' ? null : (meta.due ?? (level === 'error' ? (raw.defaultDue as string) : null));
    const target = kind.target(params, definitions as Record<string, Condition>);
    rules.push({
      kind,
      params,
      meta: {
        id: meta.id,
        clause: meta.clause,
        quote: meta.quote,
        title: meta.title,
        level,
        scope: toScope(meta.scope),
        due,
        kind: kind.kind,
        targetText: meta.target ?? { zh: target.zh, en: target.en },
        bound: target.bound,
        headline: meta.headline ?? false,
        unit: target.unit,
        ...(target.noun ? { noun: target.noun } : {}),
      },
    });
  });
  for (const name of names) {
    if (usedDefs.has(name) || defs.cyclic.has(name) || (defs.size.get(name) ?? 0) > MAX_TESTS) continue;
    issues.push(...lintUnusedDefinition(name, definitions, lintSeen, contract));
  }
  if (issues.length) return refuse(issues);

  const pack = packSchema.parse(raw);
  return {
    id: pack.id,
    title: pack.title,
    document: pack.document ?? null,
    town: pack.town ?? null,
    file,
    sha256: createHash('sha256').update(source).digest('hex'),
    definitions: pack.definitions as Record<string, Condition>,
    rules,
    unchecked: pack.unchecked,
    contract,
  };

  /** Every problem, placed and in file order (the first MAX_PROBLEMS; the rest counted). */
  function refuse(found: Issue[]): never {
    const unique = new Map<string, Issue>();
    for (const x of found) unique.set(`${x.path.join('\u0000')}\u0001${x.code}\u0001${JSON.stringify(x.args)}`, x);
    const kept = [...unique.values()].slice(0, MAX_PROBLEMS);
    const placed = kept.map((x) => {
      const { line, column } = place(x.path, x.code === 'unknown-key');
      const inRule = x.path[0] === 'rules' && typeof x.path[1] === 'number';
      return diag(line, column, inRule ? ruleIds[x.path[1] as number]! : null, (inRule ? x.path.slice(2) : x.path).join('.'), x.code, x.args);
    });
    placed.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
    if (unique.size > MAX_PROBLEMS) placed.push(diag(null, null, null, '', 'more-problems', { count: unique.size - MAX_PROBLEMS }));
    throw new PackError(placed);
  }
}

/**
 * The `data:` section: each column and table declaration's shape (zod's
 * problems, worded), then what it means (pack-declared.ts). Returns the
 * contract the rules are linted and the data read against.
 */
function declaredData(raw: unknown, packId: string): { contract: Contract; issues: Issue[] } {
  if (!isObject(raw)) return { contract: BUILT_IN, issues: [] };
  const issues: Issue[] = [];
  const columnLists: [Path, unknown][] = [];
  if (isObject(raw.columns)) for (const [t, list] of Object.entries(raw.columns)) columnLists.push([['data', 'columns', t], list]);
  if (isObject(raw.tables)) {
    for (const [t, decl] of Object.entries(raw.tables)) {
      issues.push(...diagnose(tableDeclSchema, decl, ['data', 'tables', t], 'table'));
      if (isObject(decl)) columnLists.push([['data', 'tables', t, 'columns'], decl.columns]);
    }
  }
  columnLists.push([['data', 'town'], raw.town]);
  for (const [at, list] of columnLists) if (Array.isArray(list)) list.forEach((c, i) => issues.push(...diagnose(columnDeclSchema, c, [...at, i], 'column')));
  const declared = declare(raw, packId);
  issues.push(...declared.issues);
  // Messages word a declared column by its header, as they do the built-in ones.
  if (declared.contract !== BUILT_IN) rememberWords(declared.contract);
  return { contract: declared.contract, issues };
}

function toScope(s: z.infer<typeof scopeSchema>): Scope {
  if (typeof s === 'object') return { kind: 'named', village: s.village };
  return { kind: s };
}

/**
 * The most tests one record may meet in one rule's conditions, `use:` written
 * out. Rules run their conditions on every record: 24 definitions each using
 * the next twice are 16 million tests a record (> 120 s on the sample).
 * The bundled pack's biggest rule has ten.
 */
export const MAX_TESTS = 1000;

/** The args of a `too-big` problem (src/messages/rules.ts words it). */
function tooBig(size: number): Record<string, number> {
  const capped = size > MAX_TESTS * 1000;
  return { size: capped ? MAX_TESTS * 1000 : size, max: MAX_TESTS, capped: capped ? 1 : 0 };
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
function badBounds(value: unknown, path: Path, out: Issue[] = []): Issue[] {
  if (Array.isArray(value)) value.forEach((v, i) => badBounds(v, [...path, i], out));
  else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if ('ratio' in o || 'growth' in o) {
      for (const k of ['gte', 'about']) {
        const b = o[k];
        if (b === undefined || (typeof b === 'number' && Number.isFinite(b)) || (typeof b === 'string' && DECIMAL.test(b))) continue;
        out.push({ path, code: 'bad-bound', args: { form: 'ratio' in o ? 'ratio' : 'growth', key: k, value: JSON.stringify(b)?.slice(0, 40) ?? String(b) } });
      }
    }
    for (const [k, v] of Object.entries(o)) badBounds(v, [...path, k], out);
  }
  return out;
}

/**
 * Aliases inside the value they stand for (`&a [*a]`): the value would
 * contain itself, and every walk over the pack would never end.
 */
function selfAliases(doc: Document): number[] {
  const out: number[] = [];
  visit(doc, {
    Alias(_key, alias) {
      const target = alias.resolve(doc) as { range?: [number, number, number] } | undefined;
      const r = alias.range;
      if (target?.range && r && target.range[0] <= r[0] && r[1] <= target.range[1]) out.push(r[0]);
    },
  });
  return out;
}

/** Where a mapping repeats a key (as the parser's `uniqueKeys` finds them), one set per mapping. */
function duplicateKeys(doc: Document): { at: number; key: string }[] {
  const out: { at: number; key: string }[] = [];
  visit(doc, {
    Map(_key, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        const k = pair.key;
        if (!isScalar(k)) continue;
        if (seen.has(k.value)) out.push({ at: k.range?.[0] ?? 0, key: String(k.value) });
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

/** Each `use:` inside a value, with its path. */
function usesIn(value: unknown, path: Path, out: { name: string; path: Path }[] = []): { name: string; path: Path }[] {
  if (Array.isArray(value)) value.forEach((v, i) => usesIn(v, [...path, i], out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'use' && typeof v === 'string') out.push({ name: v, path: [...path, k] });
      else usesIn(v, [...path, k], out);
    }
  }
  return out;
}
