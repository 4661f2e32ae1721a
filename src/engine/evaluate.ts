/**
 * The rule engine: a validated dataset and a rule pack in, results out.
 * Statuses are decided here and only here, from a kind's verdicts and the
 * rule's level and due date (rule-catalogue.md, Statuses).
 */
import { type TableName } from '../contract/tables.js';
import type { Dataset, DataError, Finding, Level, Rec, RuleMeta, RuleResult, Status } from '../model.js';
import { isUnknown, SEVERITY } from '../model.js';
import { outcomeRange, type EvalContext } from './conditions.js';
import { nearestName } from '../text/nearest.js';
import { allRows, filterRows, groupRows, idsOf, listRowSet, perValue, recordIndexes, rowSetOf, villageKey, type RowSet } from './records.js';
import { WAITS_KEPT } from './checks/common.js';
import { WILDCARD, type EntityJudgment, type Judgment, type KindContext, type KindOutput, type Offender, type Rows, type Verdict } from './kind.js';
import type { PackRule, RulePack } from './pack.js';

export interface EvaluateOptions {
  /** `YYYY-MM-DD`: the date the run judges at. */
  asOf: string;
  /** Only these rule ids (all when absent). */
  rules?: readonly string[];
  /** Only these village ids; the town results are left out when set. */
  villages?: readonly string[];
  /** A waiver covering a result, if any; applied before village results roll up to the town. */
  waive?: (rule: string, village: string | null, status: Status) => Waiver | null;
}

export interface Waiver {
  reason: string;
  approvedBy: string;
  expires: string;
}

/** A verdict at a rule's level and due date, as a status. */
export function statusOf(verdict: Verdict, level: Level, due: string | null, asOf: string): Status {
  switch (verdict) {
    case 'ok':
      return 'pass';
    case 'n/a':
      return 'n/a';
    case 'no-data':
      return 'no-data';
    case 'late':
      return level === 'warning' ? 'warn' : 'fail';
    case 'miss':
      if (level === 'warning') return 'warn';
      return due === null || asOf >= due ? 'fail' : 'pending';
    case 'near':
      // An "about" target missed by less than its tolerance: a warning once due, pending before.
      if (level === 'warning') return 'warn';
      return due === null || asOf >= due ? 'warn' : 'pending';
  }
}

/** The worst status in the roll-up order fail > no-data > pending > warn > pass > n/a. */
export function worstStatus(statuses: Iterable<Status>): Status {
  let worst: Status = 'n/a';
  for (const s of statuses) if (SEVERITY[s] > SEVERITY[worst]) worst = s;
  return worst;
}

const OFFENDING: ReadonlySet<Status> = new Set(['fail', 'pending', 'warn']);

/** The best and worst of some statuses, by roll-up severity. */
function span(statuses: Iterable<Status>): [Status, Status] {
  let lo: Status | null = null;
  let hi: Status | null = null;
  for (const s of statuses) {
    if (lo === null || SEVERITY[s] < SEVERITY[lo]) lo = s;
    if (hi === null || SEVERITY[s] > SEVERITY[hi]) hi = s;
  }
  return [lo ?? 'n/a', hi ?? 'n/a'];
}

/** What a result could be: its own status, or the span its unknown cells leave open. Waived counts as pass. */
function couldBe(r: RuleResult): [Status, Status] {
  if (r.status === 'waived') return ['pass', 'pass'];
  return r.could ?? [r.status, r.status];
}

/** A span of statuses as one status: decided when both ends agree (rule-catalogue.md), else no-data. */
function decided(lo: Status, hi: Status): Status {
  return lo === hi ? lo : 'no-data';
}

/** The first data errors of some results or judgments, once each, in file and line order. */
export function waitsOf(lists: Iterable<readonly DataError[] | undefined>): DataError[] {
  const seen = new Set<DataError>();
  for (const l of lists) if (l) for (const e of l) seen.add(e);
  return [...seen].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : (a.line ?? 0) - (b.line ?? 0)));
}

/** Evaluates every rule of the pack (or those asked for) on the dataset. */
export function evaluate(pack: RulePack, data: Dataset, opts: EvaluateOptions): RuleResult[] {
  const shared = sharedIndexes(data, pack, opts.asOf);
  const results: RuleResult[] = [];
  const onlyRules = opts.rules ? new Set(opts.rules) : null;
  const onlyVillages = opts.villages ? new Set(opts.villages) : null;
  for (const rule of pack.rules) {
    if (onlyRules && !onlyRules.has(rule.meta.id)) continue;
    for (const r of evaluateRule(rule, pack, data, shared, opts.asOf, opts.waive)) {
      if (onlyVillages && (r.village === null || !onlyVillages.has(r.village))) continue;
      results.push(r);
    }
  }
  return results;
}

interface SharedIndexes {
  /** The condition context of a table: one per run, so a condition is compiled once for every rule and village, and what rules share is read once. */
  evalFor(table: TableName | 'town'): EvalContext;
  byVillage(table: TableName): Map<string, Rows>;
  placed(table: TableName): Rows;
  relatedIndex(table: TableName, by: string): Map<string, Rec[]>;
  lookup(table: TableName, id: string): Rec | undefined;
}

/** Indexes built once per run and shared by every rule, so no rule rescans a table per village. */
function sharedIndexes(data: Dataset, pack: RulePack, asOf: string): SharedIndexes {
  const byVillage = new Map<TableName, Map<string, Rows>>();
  const placed = new Map<TableName, Rows>();
  const indexes = recordIndexes(data);
  const contexts = new Map<TableName | 'town', EvalContext>();
  const evalFor = (table: TableName | 'town'): EvalContext => {
    let c = contexts.get(table);
    if (!c) {
      const measured = new Set(table === 'town' ? [] : data.contract.tables[table]!.columns.filter((col) => col.measured).map((col) => col.key));
      c = {
        asOf,
        definitions: pack.definitions,
        relatedIndex: indexes.relatedIndex,
        lookup: indexes.lookup,
        isMeasured: (field) => measured.has(field),
        idColumn: table === 'town' ? null : data.contract.tables[table]!.idColumn,
        other: evalFor,
      };
      contexts.set(table, c);
    }
    return c;
  };
  // Villages as villagesOf names them, so one with an unreadable id is its own village, not any.
  const recsOf = (table: TableName): RowSet => (table === 'villages' ? villagesOf(data).set : rowSetOf(data, table));
  const placedOf = (table: TableName): Rows => {
    let p = placed.get(table);
    if (!p) placed.set(table, (p = allRows(recsOf(table))));
    return p;
  };
  return {
    evalFor,
    placed: placedOf,
    byVillage(table) {
      let m = byVillage.get(table);
      if (!m) {
        const col = data.contract.tables[table]!.villageColumn;
        // An unreadable village may be any village: such records are kept under WILDCARD.
        const set = recsOf(table);
        m = col ? groupRows(set, perValue(set, col, villageKey)) : new Map<string, Rows>();
        byVillage.set(table, m);
      }
      return m;
    },
    relatedIndex: indexes.relatedIndex,
    lookup: indexes.lookup,
  };
}

/**
 * The villages as the engine and reports name them. A village whose own id is
 * unreadable stays (a village never vanishes from a report): it is named
 * `?villages.csv:5` after its line, and every result of it waits on that error.
 */
export function villagesOf(data: Dataset): { villages: Rec[]; unreadableIds: Map<string, DataError>; set: RowSet } {
  let got = VILLAGES.get(data);
  if (got) return got;
  const t = rowSetOf(data, 'villages');
  const file = data.tables.villages.file ?? 'villages';
  const unreadableIds = new Map<string, DataError>();
  const columns = data.contract.tables.villages!.columns;
  // A village read from a file is copied from its row view once: every rule reads its villages' cells many times
  // (an id kept in a character pool is made into text at each read).
  const all = Array.from({ length: t.n }, (_, i) => {
    const v = t.rec(i);
    if (!data.tables.villages.rows || i >= (t.cols?.base ?? 0)) return v;
    const copy = Object.create(null) as Rec;
    for (const col of columns) copy[col.key] = v[col.key]!;
    return copy;
  });
  const villages = all.map((v, i) => {
    const id = v.village_id;
    if (typeof id === 'string') return v;
    const key = `?${file}:${i < t.n ? t.line(i) : i + 1}`;
    if (isUnknown(id)) unreadableIds.set(key, id.error);
    // A copy under its line's name: every cell of the contract's, the record being a row view (src/store/table.ts) or a plain one.
    const copy = Object.create(null) as Rec;
    for (const col of columns) copy[col.key] = v[col.key] ?? null;
    copy.village_id = key;
    return copy;
  });
  got = { villages, unreadableIds, set: listRowSet(villages, Array.from({ length: t.n }, (_, i) => t.line(i))) };
  VILLAGES.set(data, got);
  return got;
}
const VILLAGES = new WeakMap<Dataset, { villages: Rec[]; unreadableIds: Map<string, DataError>; set: RowSet }>();

/** Some villages' ids as a set, made once per list. */
function idSet(ids: string[]): ReadonlySet<string> {
  let got = ID_SETS.get(ids);
  if (!got) ID_SETS.set(ids, (got = new Set(ids)));
  return got;
}
const ID_SETS = new WeakMap<string[], ReadonlySet<string>>();

interface Scope {
  villages: Rec[];
  /** The plan names a village the data does not have. */
  missingNamed: string | null;
  /** Villages in scope or not depending on an unreadable cell (is it a poverty village?), with its error. */
  uncertain: Map<string, DataError>;
}

function villagesInScope(meta: RuleMeta, data: Dataset): Scope {
  const all = villagesOf(data).villages;
  const uncertain = new Map<string, DataError>();
  switch (meta.scope.kind) {
    case 'town':
    case 'village':
      return { villages: all, missingNamed: null, uncertain };
    case 'poverty-village': {
      const villages = all.filter((v) => {
        const p = v.poverty_village;
        if (isUnknown(p)) uncertain.set(v.village_id as string, p.error);
        return p === true || isUnknown(p);
      });
      return { villages, missingNamed: null, uncertain };
    }
    case 'named': {
      const name = meta.scope.village;
      const found = all.filter((v) => v.name === name || v.village_id === name);
      if (found.length === 0) {
        // A village whose name is unreadable may be the one the plan names.
        for (const v of all) if (isUnknown(v.name)) uncertain.set(v.village_id as string, v.name.error);
      }
      return { villages: found, missingNamed: found.length ? null : name, uncertain };
    }
  }
}

/** Whether a rule reads last period's data (change, new, each with periods: both). */
export function comparesPeriods(rule: PackRule): boolean {
  const needs = rule.kind.needsPrevious;
  return typeof needs === 'function' ? needs(rule.params) : needs === true;
}

function missingColumns(rule: PackRule, pack: RulePack, data: Dataset): Finding[] {
  const out: Finding[] = [];
  // A rule comparing periods reads the same columns in last period's folder.
  const periods: { data: Dataset; previous: boolean }[] = [{ data, previous: false }];
  if (comparesPeriods(rule)) {
    if (!data.previous) return [{ code: 'previous-period-missing', args: {} }];
    periods.push({ data: data.previous, previous: true });
  }
  for (const p of periods) {
    const seen = new Set<string>();
    for (const { table, field } of rule.kind.fields(rule.params, pack.definitions, data.contract)) {
      const key = `${table}.${field}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const has = table === 'town' ? p.data.townColumns.has(field) : p.data.tables[table].columns.has(field);
      if (!has) out.push({ code: p.previous ? 'missing-column-previous' : 'missing-column', args: { table, column: field } });
    }
  }
  return out;
}

function evaluateRule(
  rule: PackRule,
  pack: RulePack,
  data: Dataset,
  shared: SharedIndexes,
  asOf: string,
  waive: EvaluateOptions['waive'],
): RuleResult[] {
  const { meta } = rule;
  const target = rule.kind.target(rule.params).machine;
  const { villages, missingNamed, uncertain } = villagesInScope(meta, data);
  const unreadableIds = villagesOf(data).unreadableIds;
  const perVillage = meta.scope.kind !== 'town';
  const ids = idsOf(villages);
  const villageIds = idSet(ids);
  const status = (j: { verdict: Verdict; level?: Level }) => statusOf(j.verdict, j.level ?? meta.level, meta.due, asOf);
  const make = (village: string | null, j: Judgment): RuleResult => {
    let s = status(j);
    let could: [Status, Status] | undefined;
    if (j.verdict === 'no-data' && j.possible) {
      could = span(j.possible.map((v) => status({ verdict: v, level: j.level })));
      s = decided(...could);
      if (s !== 'no-data') could = undefined;
    }
    const r: RuleResult = {
      rule: meta.id,
      village,
      status: s,
      actual: j.actual ?? null,
      target,
      offenders: OFFENDING.has(s) ? sortedIds(j.offenders ?? []) : [],
      numerator: j.numerator,
      denominator: j.denominator,
      notes: j.notes ?? [],
    };
    // Set in this order when present (the order reports print them in); not spread, which costs more once per village.
    if (j.evidence) r.evidence = j.evidence;
    if (s === 'no-data' && j.waits?.length) r.waitingOn = waitsOf([j.waits]);
    if (could) r.could = could;
    return r;
  };

  // A waived result keeps its figures and records what it would have been.
  const waived = (r: RuleResult): RuleResult => {
    const w = waive?.(r.rule, r.village, r.status);
    if (!w) return r;
    return { ...r, status: 'waived', offenders: [], waiver: { reason: w.reason, approvedBy: w.approvedBy, expires: w.expires, status: r.status } };
  };

  if (missingNamed !== null) {
    // The plan names a village the data lacks: one town result, no-data, naming the nearest name.
    const nearest = nearestName(missingNamed, data.tables.villages.records.map((v) => v.name));
    const notes: Finding[] = [{ code: 'named-village-missing', args: { name: missingNamed, nearest } }];
    return assemble({ villages: [], town: make(null, { verdict: 'no-data', notes, waits: [...uncertain.values()] }) });
  }

  const townRecords = (table: TableName): Rows => {
    if (meta.scope.kind === 'town' || meta.scope.kind === 'village') return shared.placed(table);
    const col = data.contract.tables[table]!.villageColumn;
    if (!col) return shared.placed(table);
    // A record whose village is unreadable may be in one of the rule's villages.
    const placed = shared.placed(table);
    return filterRows(placed, perValue(placed.all, col, (v) => villageIds.has(v as string) || isUnknown(v)));
  };
  const evalFor = shared.evalFor;
  const ctx: KindContext = {
    data,
    previous: data.previous ?? null,
    asOf,
    villages,
    townRecords,
    lookup: shared.lookup,
    byVillage: shared.byVillage,
    evalFor,
    definitions: pack.definitions,
  };

  /**
   * A village that may or may not be in the rule's scope (its 是否贫困村 is
   * unreadable): out of scope it has no result, which counts as n/a.
   */
  const inScope = (r: RuleResult): RuleResult => {
    // A village with an unreadable id: none of its records can be found, so nothing of it is known.
    const lost = r.village === null ? undefined : unreadableIds.get(r.village);
    if (lost) return { ...r, status: 'no-data', offenders: [], could: ['n/a', 'fail'], waitingOn: [lost] };
    const err = r.village === null ? undefined : uncertain.get(r.village);
    if (!err) return r;
    const [, hi] = couldBe(r);
    const s = decided('n/a', hi);
    if (s !== 'no-data') return r;
    return { ...r, status: s, offenders: [], could: ['n/a', hi], waitingOn: waitsOf([r.waitingOn, [err]]) };
  };

  const output = missingColumns(rule, pack, data);
  const draft = output.length > 0 ? draftMissing(output) : draftRun(rule.kind.run(rule.params, ctx));
  return assemble(draft);

  /** A rule that reads a column the data lacks: no-data, or n/a where there is nothing to check. */
  function draftMissing(missing: Finding[]): Draft {
    const table = rule.kind.table(rule.params);
    const nothingToCheck = (id: string | null): boolean => {
      if (rule.kind.nothingToCheck?.(rule.params, asOf)) return true;
      if (!rule.kind.emptyVillageIsNA || table === 'town') return false;
      return id === null ? rowSetOf(data, table).n === 0 : !(shared.byVillage(table).get(id)?.orders.length);
    };
    // A rule over several tables (2.8: enterprises or cooperatives) may still be met by
    // the tables that have the column; only a verdict that is met stands.
    const lacking = new Set(missing.map((f) => f.args.table as string));
    const partialParams = rule.kind.withoutTables?.(rule.params, lacking);
    const partial = partialParams ? rule.kind.run(partialParams, ctx) : null;
    const met = (id: string | null): Judgment | null => {
      if (!partial || partial.mode !== 'judged') return null;
      const j = id === null ? partial.town : partial.villages.get(id);
      return j && j.verdict === 'ok' ? j : null;
    };
    const noData = (id: string | null): Judgment => (nothingToCheck(id) ? { verdict: 'n/a' } : { verdict: 'no-data', notes: missing });
    const villageDrafts = perVillage ? ids.map((id) => make(id, met(id) ?? noData(id))) : [];
    if (!perVillage) return { villages: [], town: make(null, met(null) ?? noData(null)) };
    return { villages: villageDrafts, town: partial ? null : make(null, noData(null)) };
  }

  function draftRun(output: KindOutput): Draft {
    if (output.mode === 'judged') {
      const villageDrafts = perVillage ? ids.map((id) => make(id, output.villages.get(id) ?? { verdict: 'n/a' })) : [];
      const own = !perVillage || output.townJudgedOnOwn;
      return { villages: villageDrafts, town: own ? make(null, output.town) : null, recheckTown: own, months: output.offendersAreMonths };
    }
    // Entity rules: each entity gets the statuses it could have; a village is its worst entity, the town all of them.
    const judged = output.entities.map((e) => {
      const range = outcomeRange(e.judged);
      // An entity the filter may not select could also be absent, which counts as n/a.
      const lo = e.maybe ? 'n/a' : statusOf(range[0], meta.level, meta.due, asOf);
      const hi = statusOf(range[1], meta.level, meta.due, asOf);
      // The kind's own entity, with its statuses added (it is read nowhere else): not a copy per entity of a town's projects.
      const j = e as EntityJudgment & { lo: Status; hi: Status; status: Status };
      j.lo = lo;
      j.hi = hi;
      j.status = decided(lo, hi);
      return j;
    });
    /** Entities that may be in any village (their village is unreadable), summed up once: each may be absent (n/a). */
    interface Anywhere {
      hi: Status;
      waits: DataError[];
      notes: Finding[];
    }
    const notesOf = (list: typeof judged, out: Finding[] = []): Finding[] => {
      for (const e of list) {
        if (e.status === 'pass' || !e.judged.notes) continue;
        for (const n of e.judged.notes) if (out.length < 50) out.push({ code: n.code, args: { ...n.args, entity: e.id } });
      }
      return out;
    };
    const combine = (village: string | null, list: typeof judged, extra: Anywhere | null = null): RuleResult => {
      if (list.length === 0 && !extra) return make(village, village === null && output.whenNone ? output.whenNone : { verdict: 'n/a' });
      // One pass (a rule over a town's villages combines thousands of short lists): the worst each end could be, the sure entities and those that pass.
      let lo: Status = 'n/a';
      let hi: Status = 'n/a';
      let sure = 0;
      let passed = 0;
      for (const e of list) {
        if (SEVERITY[e.lo] > SEVERITY[lo]) lo = e.lo;
        if (SEVERITY[e.hi] > SEVERITY[hi]) hi = e.hi;
        if (e.maybe) continue;
        sure++;
        if (e.status === 'pass') passed++;
      }
      if (extra && SEVERITY[extra.hi] > SEVERITY[hi]) hi = extra.hi;
      const s = decided(lo, hi);
      const offenders: string[] = [];
      if (OFFENDING.has(s)) for (const e of list) if (OFFENDING.has(e.status)) offenders.push(e.id);
      const notes = notesOf(list);
      if (extra) for (const n of extra.notes) if (notes.length < 50) notes.push(n);
      const single = sure === 1 && list.length === 1 && !extra ? list[0]!.judged.measured : undefined;
      const r: RuleResult = { rule: meta.id, village, status: s, actual: single ?? null, target, offenders, numerator: passed, denominator: sure, notes };
      if (s === 'no-data') {
        const waits: (readonly DataError[] | undefined)[] = [];
        for (const e of list) if (e.lo !== e.hi) waits.push(e.judged.waits, e.maybeWaits);
        if (extra) waits.push(extra.waits);
        const waitingOn = waitsOf(waits);
        if (waitingOn.length) r.waitingOn = waitingOn;
        if (lo !== hi) r.could = [lo, hi];
      }
      return r;
    };
    const byVillage = new Map<string, typeof judged>();
    const anywhere: typeof judged = [];
    for (const e of judged) {
      if (e.village === null) continue;
      // An entity whose village is unreadable may be in any village: in each, as one that may be absent.
      if (e.village === WILDCARD) {
        anywhere.push(Object.assign({}, e, { maybe: true, lo: 'n/a' as Status, status: decided('n/a', e.hi), maybeWaits: [...(e.maybeWaits ?? []), ...(e.placeWaits ?? [])] }));
        continue;
      }
      let list = byVillage.get(e.village);
      if (!list) byVillage.set(e.village, (list = []));
      list.push(e);
    }
    if (!perVillage) return { villages: [], town: combine(null, judged) };
    // Summed up once, not added to every village's list (a lost file may hold a million of them).
    const extra: Anywhere | null = anywhere.length
      ? {
          hi: worstStatus(anywhere.map((e) => e.hi)),
          waits: waitsOf(anywhere.filter((e) => e.lo !== e.hi).flatMap((e) => [e.judged.waits, e.maybeWaits])).slice(0, WAITS_KEPT),
          notes: notesOf(anywhere),
        }
      : null;
    const villageDrafts = ids.map((id) => combine(id, byVillage.get(id) ?? [], extra));
    // Entities of no village, and those whose village is unreadable, count in the town on their own.
    const townWide = judged.filter((e) => e.village === null || e.village === WILDCARD);
    if (villageDrafts.length === 0 && townWide.length === 0) return { villages: [], town: combine(null, []) };
    return { villages: villageDrafts, town: null, ...(townWide.length ? { townWide: combine(null, townWide) } : {}), entities: judged };
  }

  /**
   * The one place results are finished: scope doubts, waivers (before the roll-up,
   * so a waived village counts as pass), the town's roll-up and its offenders.
   */
  function assemble(d: Draft): RuleResult[] {
    const villageResults = d.villages.map((r) => waived(inScope(r)));
    let town: RuleResult;
    if (d.town) town = d.recheckTown && uncertain.size > 0 ? townWithout(d.town, uncertain, rule, ctx, make) : d.town;
    else {
      town = rollUp(meta.id, target, villageResults, d.townWide ? [d.townWide] : [], d.months ?? false);
      if (d.entities) {
        // Offenders in data order, not village by village; a waived village's are forgiven.
        const forgiven = new Set(villageResults.filter((r) => r.status === 'waived').map((r) => r.village));
        town.offenders = OFFENDING.has(town.status)
          ? d.entities
              .filter((e) => OFFENDING.has(e.status) && (e.village === null || e.village === WILDCARD || (villageIds.has(e.village) && !forgiven.has(e.village))))
              .map((e) => e.id)
          : [];
      }
    }
    return [waived(town), ...villageResults];
  }
}

/** What a rule judged, before scope doubts, waivers and the roll-up (assemble). */
interface Draft {
  /** One result per village in scope, in data order. */
  villages: RuleResult[];
  /** The town judged on its own; null: rolled up from the villages (and townWide). */
  town: RuleResult | null;
  /** Entities of no village (or of an unreadable one), counted in the roll-up. */
  townWide?: RuleResult;
  /** Entity rules: the town's offenders are listed in data order. */
  entities?: { id: string; village: string | null; status: Status }[];
  /** A town figure of its own, over villages some of which may be out of scope: judged again without them. */
  recheckTown?: boolean;
  /** Offenders are months (3.15b): listed once each, in time order. */
  months?: boolean;
}

function sortedIds(offenders: Offender[]): string[] {
  return [...offenders].sort((a, b) => a.order - b.order).map((o) => o.id);
}

/**
 * A per-village rule's town result: the worst village (waived counts as pass),
 * with every village's offenders. `townWide` holds the result of entities that
 * belong to no village, which count in the town only.
 */
function rollUp(rule: string, target: string, villages: RuleResult[], townWide: RuleResult[], months: boolean): RuleResult {
  const parts = townWide.length ? [...villages, ...townWide] : villages;
  // Worst of what each part could be: a village left open by unknown cells keeps the town open only if it could tip it.
  let lo: Status = 'n/a';
  let hi: Status = 'n/a';
  for (const r of parts) {
    const could = couldBe(r);
    if (SEVERITY[could[0]] > SEVERITY[lo]) lo = could[0];
    if (SEVERITY[could[1]] > SEVERITY[hi]) hi = could[1];
  }
  const status = decided(lo, hi);
  const waitingOn = status === 'no-data' ? waitsOf(parts.filter((r) => r.status === 'no-data').map((r) => r.waitingOn)) : [];
  let offenders: string[] = [];
  if (OFFENDING.has(status)) {
    const all = parts.flatMap((r) => r.offenders);
    // Months (YYYY-MM) repeat across villages: list each once, in time order. Ids are unique already.
    offenders = months ? [...new Set(all)].sort() : all;
  }
  // The notes of the worst parts, the first 50.
  const notes: Finding[] = [];
  for (const r of parts) {
    if (r.status !== status) continue;
    for (const n of r.notes) {
      if (notes.length === 50) break;
      notes.push({ code: n.code, args: { ...n.args, village: r.village } });
    }
  }
  // Villages that comply, of those with something to check (a village with no such entity is n/a, not counted).
  let numerator = 0;
  let denominator = 0;
  for (const r of villages) {
    if (r.status === 'pass' || r.status === 'waived') numerator++;
    if (r.status !== 'n/a') denominator++;
  }
  // A rule on one named village: the town's figure is that village's.
  const only = villages.length === 1 && townWide.length === 0 ? villages[0]! : null;
  const town: RuleResult = { rule, village: null, status, actual: only ? only.actual : null, target, offenders, numerator, denominator, of: 'villages', notes };
  if (only?.evidence) town.evidence = only.evidence;
  if (waitingOn.length) town.waitingOn = waitingOn;
  if (status === 'no-data' && lo !== hi) town.could = [lo, hi];
  return town;
}

/**
 * A town figure judged on its own (a share, a mean) over villages some of which
 * may be out of scope: judged again without them; two statuses make it no-data.
 */
function townWithout(
  town: RuleResult,
  uncertain: ReadonlyMap<string, DataError>,
  rule: PackRule,
  ctx: KindContext,
  make: (village: string | null, j: Judgment) => RuleResult,
): RuleResult {
  const villages = ctx.villages.filter((v) => !uncertain.has(v.village_id as string));
  const townRecords = (table: TableName): Rows => {
    const col = ctx.data.contract.tables[table]!.villageColumn;
    if (!col) return ctx.townRecords(table);
    const rows = ctx.townRecords(table);
    return filterRows(rows, perValue(rows.all, col, (v) => !uncertain.has(v as string)));
  };
  const again = rule.kind.run(rule.params, { ...ctx, villages, townRecords });
  if (again.mode !== 'judged') return town;
  const other = make(null, again.town);
  const [lo, hi] = span([...couldBe(town), ...couldBe(other)]);
  if (lo === hi) return town;
  return { ...town, status: 'no-data', offenders: [], could: [lo, hi], waitingOn: waitsOf([town.waitingOn, other.waitingOn, [...uncertain.values()]]) };
}
