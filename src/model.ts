/**
 * The plain data that flows between the layers:
 * load → validate → evaluate → report. No behaviour lives here.
 */
import type { TableName } from './contract/tables.js';
import type { Contract } from './contract/contract.js';
import type { DataCode } from './messages/data.js';
import type { RuleCode } from './messages/rules.js';
import type { TableStore } from './store/table.js';

/**
 * Every code a finding can carry: the keys of the message tables
 * (src/messages/data.ts, src/messages/rules.ts), so a code with no wording
 * in zh and en is a compile error where the finding is made.
 */
export type FindingCode = DataCode | RuleCode;
export type { DataCode, RuleCode };

/**
 * A finding is a code plus its arguments, never a finished sentence: the
 * wording lives in src/messages/*.ts, one place per language.
 */
export interface Finding<C extends FindingCode = FindingCode> {
  code: C;
  args: Record<string, string | number | null>;
}

/** A defect of the input: a cell, a row, a file or the folder. */
export interface DataError extends Finding {
  /** File name relative to the data folder (e.g. `households.csv`), or the folder itself. */
  file: string;
  /** Line as a text editor counts it (header = 1); null for whole-file errors. */
  line: number | null;
  /** Column header as written in the file; null when the error is not about one column. */
  column: string | null;
  /** The offending value as written (may be truncated for huge cells). */
  value: string | null;
}

/** Something worth saying that is not an error (unknown column, unknown file). */
export type Notice = DataError;

/**
 * A cell the tool could not read (wrong type, word outside the vocabulary, bad
 * checksum, a contradiction with another cell, a reference that does not
 * resolve). Unknown is not empty: the record stays, and a rule that reads the
 * cell cannot know its value (rule-catalogue.md, Missing, unreadable and wrong
 * values). It carries the data error that made it unknown, for `waitingOn`.
 */
export class Unknown {
  constructor(readonly error: DataError) {}
}

/** Is this cell unreadable? */
export function isUnknown(v: unknown): v is Unknown {
  return v instanceof Unknown;
}

/** A cell after validation. Numbers are JS numbers parsed from decimal text; dates are `YYYY-MM-DD`. */
export type CellValue = string | number | boolean | readonly string[] | null | Unknown;

/** One record: English key → value; an empty cell is null, an unreadable one Unknown. Null-prototype object. */
export type Rec = Record<string, CellValue>;

export interface TableData {
  table: TableName;
  /** File name as found in the folder, or null when the table is missing. */
  file: string | null;
  /** English keys of the columns the file has (CSV header; YAML: keys some record has). */
  columns: ReadonlySet<string>;
  /**
   * Every record kept, in data order: a record with unreadable cells stays,
   * with those cells Unknown. For a table read from a file, an array of row
   * views made when first read (tests, small tables); the engine reads `rows`.
   */
  records: Rec[];
  /** A table read from a file: the columns its records are rows of, and the store row of each record (null: record i is row i). */
  rows?: { store: TableStore; at: Int32Array | null };
  /** Source line of each record (parallel to `records`): 4 bytes a row for a table read from a file. */
  lines: Int32Array | readonly number[];
  /** Data rows read from the file. */
  rowCount: number;
  /** Rows left out of every rule: duplicate ids and lines that cannot be split into cells (the only ones). */
  rejected: number;
  /**
   * Rows left out because they could not be split into cells, as records whose
   * every cell is Unknown (src/validate/standins.ts): the engine counts them as
   * records that may be anything. Absent when there are none.
   */
  standIns?: { rec: Rec; line: number }[];
  /** A record by its id, from the index validation built anyway (absent in hand-made datasets). */
  findById?: (id: string) => Rec | undefined;
}

export interface InputFile {
  /** The file as found in the folder; a table read from a workbook is `BOOK.xlsx[SHEET]`, hashed as the whole workbook. */
  file: string;
  sha256: string;
  format: 'csv' | 'yaml' | 'xlsx';
  encoding: string;
  bytes: number;
}

export interface Manifest {
  town: string | null;
  plan: string | null;
  as_of: string | null;
  exported_at: string | null;
  source: string | null;
  /** Last period's data folder, relative to this one. */
  previous?: string | null;
}

export interface Dataset {
  /** The data folder as the user named it. */
  dir: string;
  manifest: Manifest | null;
  /** town.yaml as one flattened record (`leadership_group.leader` ...), or null. */
  town: Rec | null;
  townColumns: ReadonlySet<string>;
  tables: Record<TableName, TableData>;
  inputs: InputFile[];
  /** The contract the folder was read by: the built-in one, with what the rule pack declares. */
  contract: Contract;
  /** Last period's data folder (`--previous`, or the manifest's `previous`), for checks that compare periods. */
  previous?: Dataset;
}

/** The languages of every text the tool prints. */
export type Lang = 'zh' | 'en';

export const STATUSES = ['pass', 'fail', 'pending', 'warn', 'n/a', 'no-data', 'waived'] as const;
export type Status = (typeof STATUSES)[number];

/** Roll-up order, worst first (rule-catalogue.md): waived counts as pass. */
export const SEVERITY: Readonly<Record<Status, number>> = {
  fail: 6,
  'no-data': 5,
  pending: 4,
  warn: 3,
  pass: 2,
  waived: 2,
  'n/a': 1,
};

export interface RuleResult {
  rule: string;
  /** village_id, or null for the town result. */
  village: string | null;
  status: Status;
  /** The measured figure: ratios as fractions, areas in the rule's unit, money in the data's unit. */
  actual: number | string | null;
  /** Machine-readable target, e.g. `>= 0.95`. */
  target: string;
  /** Ids of the records that miss the check, in data order (fail, pending, warn only). */
  offenders: string[];
  /** How the figure was computed, for explain and the text report. */
  numerator?: number | string | null;
  denominator?: number | string | null;
  /** What numerator/denominator count when it is not the rule's records: villages (a town result rolled up from them). */
  of?: 'villages';
  /** Why the status is what it is, as codes (no-data reasons, late dates, units found). */
  notes: Finding[];
  /** The rows a summed figure is made of, with their source line (sum rules). */
  evidence?: { file: string; line: number; label: string; value: number; unit: string }[];
  /**
   * A no-data result that unreadable cells left undecided: their data errors,
   * in file order (rule-catalogue.md, Missing, unreadable and wrong values).
   */
  waitingOn?: DataError[];
  /** The best and worst status the unknown cells could give; a no-data result rolls up by them. */
  could?: [Status, Status];
  /** Set when a waiver covers the result. */
  waiver?: { reason: string; approvedBy: string; expires: string; status: Status };
}

export type Level = 'error' | 'warning';

/** How a rule picks its villages: town only, every village, poverty villages, or one named village. */
export type Scope = { kind: 'town' } | { kind: 'village' } | { kind: 'poverty-village' } | { kind: 'named'; village: string };

/**
 * A rule's target as a typed value: the figure `op` value (≥ 0.95), and ≤ max
 * too when given (1–2 个). Values are exact decimal text, never floats or an
 * exponent (`0.95`, `10000`). Reports read this, never the machine string
 * RuleResult.target, which stays the same text for scripts.
 */
export interface Bound {
  op: 'gte' | 'gt' | 'eq' | 'lte' | 'lt';
  value: string;
  /** An upper bound as well: the figure is also ≤ max. */
  max?: string;
  /** The unit of value and of the figure compared with it: `ratio` (0.95 is 95%), `count`, `亩`, `元` ...; null when the pack names none. */
  unit: string | null;
  /**
   * What is bounded: the result's figure itself (a share, a sum, a count, a
   * mean); each entity's own figure (each: every cooperative ≥ 80%); the
   * figure's growth or change on last period; the records new this period.
   */
  of: 'figure' | 'each' | 'growth' | 'difference' | 'new';
  /** 左右: a miss by at most this much is near, not a miss (each with a growth test). */
  about?: string;
  /** The bound moves with another figure's growth or change, value added to it: `town` (the town's own), else a town.yaml key. */
  against?: string;
}

/** What a report needs to know of a rule (the pack entry without its check). */
export interface RuleMeta {
  id: string;
  /** The plan's clause, e.g. `二`, `三(二)`. */
  clause: string;
  /** The clause's own words, quoted from the plan. */
  quote: string;
  title: { zh: string; en: string };
  level: Level;
  scope: Scope;
  /** `YYYY-MM-DD`, or null when the rule is standing. */
  due: string | null;
  /** The check kind that evaluates it (share, sum, count, each, ...). */
  kind: string;
  /** Target for people, per language, e.g. `≥ 95%`, `≥ 1,000 亩`. */
  targetText: { zh: string; en: string };
  /** The target as a value (`{ op: 'gte', value: '0.95', unit: 'ratio', of: 'figure' }`); null when it is no single bound (all comply, every month, rising). */
  bound: Bound | null;
  /** Headline indicators are shown with a bar in meeting reports. */
  headline: boolean;
  /** Unit of the measured figure: `ratio`, `亩`, `只`, `元`, `万元`, `count`, ... */
  unit: string | null;
  /** What a count counts (`户`, `家`), so `292` reads `292 户`; absent when the figure has its own unit. */
  noun?: { zh: string; en: string };
}

export interface UncheckedClause {
  clause: string;
  reason: { zh: string; en: string };
}

export interface VillageInfo {
  id: string;
  name: string;
  poverty: boolean;
}

/** Counts of results by status. */
export type Summary = Record<Status, number>;

export interface BaselineComparison {
  file: string;
  asOf: string | null;
  newlyFailing: { rule: string; village: string | null; status: Status; was: Status }[];
  fixed: { rule: string; village: string | null; status: Status; was: Status }[];
  stillOpen: { rule: string; village: string | null; status: Status; was: Status }[];
  headline: { rule: string; before: number | string | null; after: number | string | null }[];
}

/** Everything a formatter needs; formatters are pure functions of it. */
export interface Report {
  schemaVersion: 1;
  tool: { name: string; version: string };
  plan: string;
  pack: { id: string; title: { zh: string; en: string }; file: string; sha256: string };
  town: string | null;
  asOf: string;
  asOfSource: 'flag' | 'manifest' | 'today';
  dataDir: string;
  inputs: InputFile[];
  /** Records left out per file because of data errors. */
  leftOut: { file: string; rows: number; rejected: number }[];
  villages: VillageInfo[];
  rules: RuleMeta[];
  unchecked: UncheckedClause[];
  summary: Summary;
  results: RuleResult[];
  dataErrors: DataError[];
  notices: Notice[];
  baseline?: BaselineComparison;
  /** Waivers that expired or matched nothing. */
  waiverNotices?: Finding[];
}
