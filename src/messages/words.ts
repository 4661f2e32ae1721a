/**
 * What messages call tables and columns: the built-in contract's titles and
 * headers, and those a rule pack declared (a message about `surveys` says
 * 群众调查, one about `monitoring_category` says 监测对象类别). Wording only:
 * validation and the engine read the contract the data travels with
 * (Dataset.contract), never this.
 */
import type { Contract } from '../contract/contract.js';
import { TABLES, TOWN_COLUMNS, type ColumnDef, type TableDef } from '../contract/tables.js';

const declaredTables = new Map<string, TableDef>();
let declaredTown: readonly ColumnDef[] = [];

/** Remembers the words of a pack's declared data (called when a pack that declares any is loaded). */
export function rememberWords(contract: Contract): void {
  for (const name of contract.tableNames) {
    const def = contract.tables[name]!;
    if (!Object.hasOwn(TABLES, name) || def !== (TABLES as Record<string, TableDef>)[name]) declaredTables.set(name, def);
  }
  if (contract.town !== TOWN_COLUMNS) declaredTown = contract.town;
}

/** A table by name, built-in or declared. */
export function tableWords(name: unknown): TableDef | undefined {
  if (typeof name !== 'string') return undefined;
  return declaredTables.get(name) ?? (Object.hasOwn(TABLES, name) ? (TABLES as Record<string, TableDef>)[name] : undefined);
}

/** Every table messages know, built-in and declared. */
export function allTableWords(): TableDef[] {
  const out = new Map<string, TableDef>(Object.entries(TABLES));
  for (const [n, d] of declaredTables) out.set(n, d);
  return [...out.values()];
}

/** The columns of town.yaml messages know. */
export function townWords(): readonly ColumnDef[] {
  return declaredTown.length ? declaredTown : TOWN_COLUMNS;
}
