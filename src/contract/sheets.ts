/**
 * Excel workbooks in the data folder, as names: which sheet holds which
 * table, the one workbook that may hold them all, and the table a file label
 * (`households.csv`, `households.xlsx[农户]`, `数据.xlsx[农户]`) is about.
 *
 * - `NAME.xlsx` holds table NAME: the sheet named after it (English or
 *   Chinese), else its first visible worksheet.
 * - `数据.xlsx` (or `data.xlsx`) holds every table whose sheet it has, each
 *   sheet named after its table; `hebao-check init --xlsx` writes one.
 *
 * A table read from a workbook is labelled `BOOK.xlsx[SHEET]` in every data
 * error, notice, input and evidence line, so a message names the sheet.
 */
import type { TableName } from './tables.js';
import { BUILT_IN, isTable, type Contract } from './contract.js';

/** Names of the workbook that holds several tables, one sheet each (compared ignoring case). */
export const BOOK_NAMES: readonly string[] = ['数据.xlsx', 'data.xlsx'];

/** Shorter Chinese sheet names also taken for a table (the table's title is always taken). */
const EXTRA_SHEET_NAMES: Readonly<Partial<Record<TableName, readonly string[]>>> = {
  villages: ['村', '村社区'],
  projects: ['项目'],
  cooperatives: ['合作社'],
  instructors: ['指导员'],
  visits: ['走访记录', '指导记录'],
};

/** A sheet name as compared: trimmed (half- and full-width spaces), either width of brackets, any case. */
export function sheetKey(name: string): string {
  return name
    .replace(/^[\s\u3000]+|[\s\u3000]+$/g, '')
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .toLowerCase();
}

/** Each contract's sheet names, built once per contract. */
const BY_SHEET = new WeakMap<Contract, Map<string, TableName>>();
function bySheet(contract: Contract): Map<string, TableName> {
  let m = BY_SHEET.get(contract);
  if (!m) {
    m = new Map();
    for (const t of contract.tableNames) for (const n of sheetNamesOf(t, contract)) if (!m.has(sheetKey(n))) m.set(sheetKey(n), t);
    BY_SHEET.set(contract, m);
  }
  return m;
}

/** The sheet `init --xlsx` writes a table to: its Chinese name (村（社区）, 农户 …). */
export function sheetNameOf(table: TableName, contract: Contract = BUILT_IN): string {
  return contract.tables[table]?.title ?? table;
}

/** Every sheet name a table is read from: its English name, its title, and the shorter names (村, 项目 …). */
export function sheetNamesOf(table: TableName, contract: Contract = BUILT_IN): string[] {
  return [table, sheetNameOf(table, contract), ...(EXTRA_SHEET_NAMES[table] ?? [])];
}

/** The table a sheet is named after (`农户`, `households`, ` Households `), or null. */
export function tableOfSheet(name: string, contract: Contract = BUILT_IN): TableName | null {
  return bySheet(contract).get(sheetKey(name)) ?? null;
}

/** Whether a file name is the workbook that holds several tables. */
export function isBookName(name: string): boolean {
  return BOOK_NAMES.includes(name.toLowerCase());
}

/** `households.xlsx` + `农户` → `households.xlsx[农户]`. */
export function sheetLabel(file: string, sheet: string): string {
  return `${file}[${sheet}]`;
}

/** A label split into its file and sheet (`[农户]` at its end); sheet null for a plain file name. */
export function splitLabel(label: string): { file: string; sheet: string | null } {
  const m = /^([^[\]]+?\.xlsx)\[(.*)\]$/is.exec(label);
  return m ? { file: m[1]!, sheet: m[2]! } : { file: label, sheet: null };
}

/**
 * What a data error's file is about: a table, `town`, `manifest`, or null
 * (waivers.yaml, an unknown file, the folder). Knows every form a table may
 * take: `villages.csv`, `.yaml`, `.yml`, `households.xlsx[Sheet1]` and a
 * sheet of `数据.xlsx`.
 */
export function slotOfFile(label: string, contract: Contract = BUILT_IN): TableName | 'town' | 'manifest' | null {
  const split = splitLabel(label);
  const file = split.file.split(/[\\/]/).pop()!;
  const sheet = split.sheet;
  if (sheet !== null && isBookName(file)) return tableOfSheet(sheet, contract);
  const m = /^([A-Za-z][A-Za-z0-9_]*)\.(csv|ya?ml|xlsx)$/i.exec(file);
  if (!m) return null;
  const stem = m[1]!.toLowerCase();
  const ext = m[2]!.toLowerCase();
  if (stem === 'town' || stem === 'manifest') return ext === 'csv' || ext === 'xlsx' ? null : stem;
  return isTable(contract, stem) ? stem : null;
}

/** Excel's own row limit: a sheet holds at most this many rows. */
export const EXCEL_MAX_ROWS = 1_048_576;
