/**
 * Checks across rows and tables, after each row's own cells: unique ids,
 * references that resolve, counts that cannot exceed their totals, and the
 * contract's per-table rules. A row that fails one stays, with the cells
 * involved Unknown; only a duplicate id is left out. Unknown cells are skipped here.
 */
import type { TableName } from '../contract/tables.js';
import type { Contract } from '../contract/contract.js';
import { isUnknown, Unknown, type CellValue, type DataCode, type DataError } from '../model.js';
import { isCoded } from '../store/columns.js';
import { dataError, shown } from './errors.js';
import { IdIndex } from './ids.js';
import { eachRec, recOf, type CheckedTable } from './table.js';

type Tables = Record<TableName, CheckedTable>;

export function crossCheck(t: Tables, errors: DataError[], contract: Contract): void {
  const ids = uniqueIds(t, errors, contract);
  for (const name of contract.tableNames) references(t[name]!, t, ids, errors, contract);
  notAbove(t.cooperatives, 'poor_members', 'members', errors);
  notAbove(t.enterprises, 'poor_employees', 'employees', errors);
  completionDates(t.projects, errors);
  oneUnit(t.industries, errors);
  uniqueText(t.villages, 'name', 'duplicate-village-name', errors);
  visitTargets(t.visits, errors);
}

/**
 * Reports a data error of row r. The record stays and the cells involved
 * become Unknown with this error (`unknown`, default the reported cell); only
 * a duplicate id leaves the row out (`leaveOut`).
 */
function fail(
  tab: CheckedTable,
  r: number,
  key: string | null,
  value: string | null,
  code: DataCode,
  args: DataError['args'],
  errors: DataError[],
  opts: { unknown?: string[]; leaveOut?: boolean; cause?: DataError } = {},
): void {
  const line = (key !== null && tab.keyLines?.[r]?.get(key)) || tab.lines[r]!;
  const err = dataError(tab.file!, line, key === null ? null : (tab.written.get(key) ?? key), value === null ? null : shown(value), code, args);
  errors.push(err);
  if (opts.leaveOut) {
    tab.bad[r] = 1;
    return;
  }
  const rec = recOf(tab, r);
  if (!rec) return;
  for (const k of opts.unknown ?? (key === null ? [] : [key])) if (!isUnknown(rec[k])) rec[k] = new Unknown(opts.cause ?? err);
}

/** Every id of a table, including rows left out for other errors: the engine reports references to those itself. */
function uniqueIds(t: Tables, errors: DataError[], contract: Contract): Map<TableName, IdIndex> {
  const out = new Map<TableName, IdIndex>();
  for (const name of contract.tableNames) {
    const tab = t[name]!;
    const key = contract.tables[name]!.idColumn;
    if (!key || !tab.usable || tab.file === null) continue;
    if (tab.ids) {
      // Built, and duplicates reported, while the CSV file was read.
      out.set(name, tab.ids);
      continue;
    }
    const { lines } = tab;
    const first = new IdIndex(tab.rows.length);
    for (let r = 0; r < tab.rows.length; r++) {
      const id = recOf(tab, r)?.[key];
      if (typeof id !== 'string') continue;
      const at = first.add(id, lines[r]!);
      if (at !== -1) fail(tab, r, key, id, 'duplicate-id', { first: at }, errors, { leaveOut: true });
    }
    out.set(name, first);
    tab.ids = first;
  }
  return out;
}

function references(tab: CheckedTable, t: Tables, ids: Map<TableName, IdIndex>, errors: DataError[], contract: Contract): void {
  for (const c of contract.tables[tab.table]!.columns) {
    if ((c.type.kind !== 'ref' && c.type.kind !== 'refList') || !tab.columns.has(c.key)) continue;
    const target = c.type.table;
    // A missing or unreadable target table is reported once already; don't flag every row.
    const known = ids.get(target);
    if (!known || t[target]!.file === null) continue;
    const key = c.key;
    // A village name where its code belongs (核桃村 for V01): the error names the code.
    const byName = target === 'villages' ? villageCodes(t.villages!) : null;
    const refArgs = (id: string): DataError['args'] => (byName?.has(id) ? { table: target, id, hint: byName.get(id)! } : { table: target, id });
    // The target has a record whose id is unreadable: a reference that finds nothing may mean that one,
    // so its cell waits on that id's error (the cause), not only on its own.
    // So does a row of the target that could not be read at all.
    const idKey = contract.tables[target]!.idColumn;
    let cause: DataError | undefined;
    const tt = t[target]!;
    // Reading a million ids only to find none unknown is skipped when the id column says it has none.
    const idColumn = idKey === null ? undefined : tt.store?.c.find((col) => col.key === idKey);
    const idsMayBeUnknown = idKey !== null && (idColumn === undefined || idColumn.hasUnknown());
    for (let i = 0; i < tt.rows.length && !cause; i++) {
      if (tt.rows[i]! < 0) {
        cause = errors.find((e) => e.file === tt.file && e.line === tt.lines[i]);
        continue;
      }
      const id = idsMayBeUnknown ? recOf(tt, i)![idKey] : undefined;
      if (isUnknown(id)) cause = id.error;
    }
    // A reference column repeats its targets (a village's id on each of its households): each distinct id is looked up once.
    const seen = new Map<string, boolean>();
    const has = (id: string): boolean => {
      let got = seen.get(id);
      if (got === undefined) seen.set(id, (got = known.has(id)));
      return got;
    };
    /** The ids of a cell that find nothing, in the order written (none for an empty or unknown cell). */
    const missing = (v: CellValue): readonly string[] => (typeof v === 'string' ? (has(v) ? NONE : [v]) : Array.isArray(v) ? v.filter((id) => !has(id)) : NONE);
    const report = (r: number, v: CellValue, ids: readonly string[]) => {
      for (const id of ids) fail(tab, r, key, typeof v === 'string' ? v : (v as string[]).join('、'), 'unknown-ref', refArgs(id), errors, { cause });
    };
    const col = tab.store?.c.find((x) => x.key === key);
    if (col !== undefined && isCoded(col)) {
      // Kept as a code per row: each distinct value is looked up once, then each row is a code's answer.
      const { codes, values } = col.coded();
      const perCode = values.map((v) => missing(v));
      for (let r = 0; r < tab.rows.length; r++) {
        const row = tab.rows[r]!;
        if (row < 0) continue;
        const code = codes[row]!;
        if (perCode[code]!.length > 0) report(r, values[code]!, perCode[code]!);
      }
      continue;
    }
    for (let r = 0; r < tab.rows.length; r++) {
      const v = recOf(tab, r)?.[key];
      if (v !== undefined) report(r, v, missing(v));
    }
  }
}

const NONE: readonly string[] = [];

/** Village name → its code (the first village of that name). */
function villageCodes(villages: CheckedTable): Map<string, string> {
  const out = new Map<string, string>();
  for (let r = 0; r < villages.rows.length; r++) {
    const rec = recOf(villages, r);
    const name = rec?.name;
    const id = rec?.village_id;
    if (typeof name === 'string' && typeof id === 'string' && !out.has(name)) out.set(name, id);
  }
  return out;
}

function notAbove(tab: CheckedTable, part: string, whole: string, errors: DataError[]): void {
  eachRec(tab, (rec, r) => {
    const p = rec?.[part];
    const w = rec?.[whole];
    if (typeof p === 'number' && typeof w === 'number' && p > w) {
      // Which of the two is wrong cannot be known: both are.
      fail(tab, r, part, String(p), 'exceeds', { other: tab.written.get(whole) ?? whole, max: w }, errors, { unknown: [part, whole] });
    }
  });
}

function completionDates(tab: CheckedTable, errors: DataError[]): void {
  eachRec(tab, (rec, r) => {
    if (rec && rec.status === '已完工' && rec.completion_date === null) {
      // 已完工 without a date: the status or the missing date is wrong.
      fail(tab, r, 'completion_date', '', 'completion-date-required', { status: '已完工' }, errors, { unknown: ['status', 'completion_date'] });
    }
  });
}

/** Rows of one village and industry add up, so they must share a unit. */
function oneUnit(tab: CheckedTable, errors: DataError[]): void {
  const first = new Map<string, { unit: string; line: number }>();
  eachRec(tab, (rec, r) => {
    const v = rec?.village_id;
    const ind = rec?.industry;
    const unit = rec?.unit;
    if (typeof v !== 'string' || typeof ind !== 'string' || typeof unit !== 'string') return;
    const key = v + '\u0000' + ind;
    const f = first.get(key);
    if (!f) first.set(key, { unit, line: tab.lines[r]! });
    else if (f.unit !== unit) fail(tab, r, 'unit', unit, 'unit-conflict', { industry: ind, unit: f.unit, first: f.line }, errors);
  });
}

function uniqueText(tab: CheckedTable, key: string, code: DataCode, errors: DataError[]): void {
  const first = new Map<string, number>();
  eachRec(tab, (rec, r) => {
    const v = rec?.[key];
    if (typeof v !== 'string') return;
    const at = first.get(v);
    if (at === undefined) first.set(v, tab.lines[r]!);
    else fail(tab, r, key, v, code, { first: at }, errors);
  });
}

/** A visit names a village, a household or an enterprise. */
function visitTargets(tab: CheckedTable, errors: DataError[]): void {
  eachRec(tab, (rec, r) => {
    if (rec && rec.village_id === null && rec.household_id === null && rec.enterprise_id === null) {
      // Where the visit went is unknown (it may have been a village visit).
      fail(tab, r, null, null, 'visit-without-target', {}, errors, { unknown: ['village_id'] });
    }
  });
}
