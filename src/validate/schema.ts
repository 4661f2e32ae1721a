/**
 * zod schemas built from src/contract/tables.ts: one cell schema per column
 * (from its ColumnType, required-ness and range), one object schema per
 * table. The contract is the single source; nothing here lists columns.
 */
import { z } from 'zod';
import { TABLES, type BuiltInTable, type ColumnDef } from '../contract/tables.js';
import type { Cell } from '../load/yaml.js';
import { CellFail, cellParser } from './cells.js';

/** One cell: raw text (or YAML list) → value; a failure is an issue whose `params` is the CellFail. */
export function cellSchema(col: ColumnDef) {
  const parse = cellParser(col);
  return z.unknown().transform((raw, ctx) => {
    const v = parse(raw as Cell | undefined);
    if (v instanceof CellFail) {
      ctx.issues.push({ code: 'custom', input: raw, message: v.code, params: { fail: v } });
      return z.NEVER;
    }
    return v;
  });
}

export type CellSchema = ReturnType<typeof cellSchema>;

/** Object schema of a table, keyed by English column keys. */
export function tableSchema(table: BuiltInTable) {
  const shape: Record<string, CellSchema> = {};
  for (const c of TABLES[table].columns) shape[c.key] = cellSchema(c);
  return z.object(shape);
}

/** The schemas of all tables, each built on first use (start-up, issue 11), then kept. */
export const TABLE_SCHEMAS = {} as Record<BuiltInTable, ReturnType<typeof tableSchema>>;
for (const t of Object.keys(TABLES) as BuiltInTable[]) {
  let built: ReturnType<typeof tableSchema> | undefined;
  Object.defineProperty(TABLE_SCHEMAS, t, { enumerable: true, get: () => (built ??= tableSchema(t)) });
}

/** The CellFail carried by a zod issue made by cellSchema. */
export function failOf(issue: z.core.$ZodIssue): CellFail {
  const f = (issue as { params?: { fail?: unknown } }).params?.fail;
  return f instanceof CellFail ? f : new CellFail('invalid', { detail: issue.message });
}
