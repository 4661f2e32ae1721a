/**
 * Builds a validated Dataset from plain records, for engine tests that need
 * no files. Columns default to every key the records of a table use.
 */
import { TABLE_NAMES, type TableName } from '../../src/contract/tables.js';
import type { CellValue, Dataset, Rec, TableData } from '../../src/model.js';
import { BUILT_IN } from '../../src/contract/contract.js';

export type TableInput = Record<string, CellValue>[] | { records: Record<string, CellValue>[]; columns: string[] };

export function makeDataset(
  tables: Partial<Record<TableName, TableInput>>,
  town: Record<string, CellValue> | null = {
    name: '河包镇',
    'leadership_group.leader': '甲',
    'leadership_group.first_deputy': '乙',
    'leadership_group.deputies': ['丙', '丁'],
  },
): Dataset {
  const out = {} as Record<TableName, TableData>;
  for (const t of TABLE_NAMES) {
    const input = tables[t];
    const records = (Array.isArray(input) ? input : (input?.records ?? [])).map((r) => Object.assign(Object.create(null), r) as Rec);
    const columns = Array.isArray(input) || !input ? new Set(records.flatMap((r) => Object.keys(r))) : new Set(input.columns);
    out[t] = {
      table: t,
      file: input ? `${t}.csv` : null,
      columns,
      records,
      lines: records.map((_, i) => i + 2),
      rowCount: records.length,
      rejected: 0,
    };
  }
  return {
    dir: '.',
    manifest: null,
    town: town ? (Object.assign(Object.create(null), town) as Rec) : null,
    townColumns: new Set(town ? Object.keys(town) : []),
    tables: out,
    inputs: [],
    contract: BUILT_IN,
  };
}
