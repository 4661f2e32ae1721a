/**
 * What a check kind is: a params schema, the columns it reads, and a run that
 * turns the dataset into judgments. Kinds know nothing of levels, due dates or
 * statuses; the engine maps their verdicts to statuses in one place.
 */
import type { z } from 'zod';
import type { TableName } from '../contract/tables.js';
import type { Contract } from '../contract/contract.js';
import type { Bound, Dataset, DataError, Finding, Level, Rec, RuleResult } from '../model.js';
import type { Condition, EvalContext, Judged, Outcome } from './conditions.js';
import type { ParamLint } from './pack-lint.js';
import type { RowSet } from './records.js';

/**
 * The key under which `byVillage` and `relatedIndex` keep the records whose
 * village (or reference) is unreadable: they may belong to any village. No
 * readable cell holds a NUL, so no real id is this.
 */
export const WILDCARD = '\u0000*';

/** A kind's verdict on a village, the town or an entity, before levels and due dates. */
export type Verdict = Outcome | 'n/a';

/** A record that misses the check, with its place in the data for ordering. */
export interface Offender {
  id: string;
  order: number;
}

export interface Judgment {
  verdict: Verdict;
  actual?: number | string | null;
  numerator?: number | string | null;
  denominator?: number | string | null;
  offenders?: Offender[];
  notes?: Finding[];
  evidence?: RuleResult['evidence'];
  /** Judge this result at another level than the rule's (2.10: a village's own income is a warning). */
  level?: Level;
  /**
   * With a no-data verdict that unknown or empty figures caused: every verdict
   * some value of them could give (ok, miss, n/a ...). The engine keeps the
   * result no-data only when they map to different statuses.
   */
  possible?: Verdict[];
  /** The data errors of the unknown cells the verdict hangs on. */
  waits?: DataError[];
}

/** One entity judged by an entity rule (a project, an enterprise, a village itself ...). */
export interface EntityJudgment {
  id: string;
  order: number;
  /** The entity's village, null for town-wide entities (they count in the town result only), WILDCARD when unreadable (it may be any). */
  village: string | null;
  judged: Judged;
  /** Whether the rule's filter selects it hangs on an unknown cell: it may not be judged at all. */
  maybe?: boolean;
  /** The data errors `maybe` hangs on. */
  maybeWaits?: DataError[];
  /** With village WILDCARD: the error of its unreadable village cell. */
  placeWaits?: DataError[];
}

export type KindOutput =
  | {
      mode: 'judged';
      villages: Map<string, Judgment>;
      /** The judgment over the town's records; the town result of a town-scope rule. */
      town: Judgment;
      /** A ratio or mean is judged on its own town-wide figure; else a per-village rule's town result is the worst village's. */
      townJudgedOnOwn: boolean;
      /** Offenders are months (YYYY-MM), which repeat across villages: the town lists each once, in time order. */
      offendersAreMonths?: boolean;
    }
  | {
      mode: 'entities';
      entities: EntityJudgment[];
      /** When no entity passed the filter: the town result is this judgment (no-data naming what the plan names). */
      whenNone?: Judgment;
    };

/**
 * Some records of a table, by their index in it (`orders`, data order kept
 * for offenders): `all.rec(orders[k])` is the k-th (recAt in records.ts). No
 * object per record is held: a town of a million households would otherwise
 * hold a million more objects through the run. Built by src/engine/records.ts.
 */
export interface Rows {
  readonly all: RowSet;
  readonly orders: Int32Array;
}

export interface KindContext {
  data: Dataset;
  /** Last period's data, for kinds that compare periods (change, new); absent when none was given. */
  previous: Dataset | null;
  asOf: string;
  /** Villages the rule judges, in data order. */
  villages: Rec[];
  /** The records the town result counts: all of them, or those of the rule's villages (PV, named). */
  townRecords(table: TableName): Rows;
  /** A valid record by id (index shared by every rule of the run). */
  lookup(table: TableName, id: string): Rec | undefined;
  /** Records of a table grouped by their village id (cached per run); those whose village is unreadable under WILDCARD. */
  byVillage(table: TableName): Map<string, Rows>;
  /** Condition context for judging records of a table. */
  evalFor(table: TableName | 'town'): EvalContext;
  definitions: Readonly<Record<string, Condition>>;
}

/** A rule's target as its kind states it (see CheckKind.target). */
export interface Target {
  machine: string;
  zh: string;
  en: string;
  bound: Bound | null;
  unit: string | null;
  noun?: { zh: string; en: string };
}

export interface CheckKind<P> {
  kind: string;
  params: z.ZodType<P>;
  /** A village with no records of the kind's table has nothing to check: n/a even when a column is missing. */
  emptyVillageIsNA: boolean;
  /** The kind (or, as a function, a rule of it) compares with last period's data: without it every result is no-data. */
  needsPrevious?: boolean | ((p: P) => boolean);
  /** Nothing is checked yet at this as-of date (3.15b/c before the first checked month): n/a even when a column is missing. */
  nothingToCheck?(p: P, asOf: string): boolean;
  /** The table whose records the rule judges (for n/a of villages with none). */
  table(p: P): TableName | 'town';
  /** Every (table, column) the check reads. */
  fields(p: P, definitions: Readonly<Record<string, Condition>>, contract: Contract): { table: TableName | 'town'; field: string }[];
  /**
   * The target: the machine string results carry (`>= 0.95`), the text people
   * read, the bound as a value for reports (null when there is no single
   * one), and the unit of the result's figure. `definitions` resolve a `use:`
   * in the params, where the bound hangs on a condition (each).
   */
  target(p: P, definitions?: Readonly<Record<string, Condition>>): Target;
  run(p: P, ctx: KindContext): KindOutput;
  /**
   * Load-time checks of the raw params against the data contract
   * (pack-lint.ts): which params are conditions on which table, which name
   * columns. Run on the YAML as written, also when the params fail their
   * schema, so a pack's problems are all found in one pass.
   */
  lint?(raw: Readonly<Record<string, unknown>>, at: ParamLint): void;
  /** The params restricted to the tables that have every column, if the kind can be judged on part of them. */
  withoutTables?(p: P, lacking: ReadonlySet<string>): P | null;
}
