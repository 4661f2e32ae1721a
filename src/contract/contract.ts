/**
 * The data contract as a value: the tables a run reads, their columns, and
 * the keys of town.yaml and manifest.yaml. The built-in contract is
 * src/contract/tables.ts; a rule pack may extend it (`data:` in the pack,
 * src/contract/declared.ts) with columns, whole tables, town.yaml keys and
 * words of vocabularies. The extended contract then travels with the data
 * (Dataset.contract), so loading, validation, the engine, masking and the
 * docs all read the same one.
 */
import { MANIFEST_COLUMNS, TABLE_NAMES, TABLES, TOWN_COLUMNS, type ColumnDef, type TableDef, type TableName } from './tables.js';

export interface Contract {
  readonly tables: Readonly<Record<TableName, TableDef>>;
  /** In the order files are read and errors are listed: the built-in tables, then declared ones. */
  readonly tableNames: readonly TableName[];
  readonly town: readonly ColumnDef[];
  readonly manifest: readonly ColumnDef[];
  /** Tables and columns a pack declared, `table.column` (`town.rural_income`), for docs and messages. */
  readonly declared: ReadonlySet<string>;
  /** The pack that declared them (its id), null for the built-in contract. */
  readonly by: string | null;
}

export const BUILT_IN: Contract = Object.freeze({
  tables: TABLES,
  tableNames: TABLE_NAMES,
  town: TOWN_COLUMNS,
  manifest: MANIFEST_COLUMNS,
  declared: new Set<string>(),
  by: null,
});

/** Whether a name is a table of the contract (never an inherited key like `constructor`). */
export function isTable(contract: Contract, name: unknown): name is TableName {
  return typeof name === 'string' && Object.hasOwn(contract.tables, name);
}

/** The columns of a table, of town.yaml or of manifest.yaml; none for any other name. */
export function columnsOf(contract: Contract, slot: string): readonly ColumnDef[] {
  if (slot === 'town') return contract.town;
  if (slot === 'manifest') return contract.manifest;
  return isTable(contract, slot) ? contract.tables[slot].columns : [];
}

/** A column of a table (or town.yaml) by key. */
export function columnOf(contract: Contract, slot: string, key: string): ColumnDef | undefined {
  return columnsOf(contract, slot).find((c) => c.key === key);
}
