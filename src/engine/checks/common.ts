/** Pieces of params schemas that several kinds share. */
import { z } from 'zod';
import type { TableName } from '../../contract/tables.js';
import { columnOf, type Contract } from '../../contract/contract.js';
import { CODE } from '../pack-issues.js';

/**
 * A table of the pack's contract: a built-in one or one the pack declares
 * (`data:`), so any key here; pack-lint.ts refuses a table the contract lacks,
 * with the nearest name.
 */
export const tableSchema = z.string().regex(/^(?!town$|manifest$)[a-z][a-z0-9_]*$/, CODE('table-name'));
/** The same, or `town` (town.yaml's one record). */
export const tableOrTownSchema = z.string().regex(/^(?!manifest$)[a-z][a-z0-9_]*$/, CODE('table-name'));
/** A number, or a decimal written as text so that it stays exact ("0.091"). Messages are codes (src/messages/rules.ts). */
export const decimalSchema = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/, CODE('number'))], { error: CODE('number') });
/** A share between 0 and 1, as a number or decimal text. */
export const shareSchema = z.union([z.number().min(0, CODE('share')).max(1, CODE('share')), z.string().regex(/^(0(\.\d+)?|1(\.0+)?)$/, CODE('share'))], {
  error: CODE('share'),
});
/** How a result compares with its bound. */
export const opSchema = z.enum(['gte', 'gt', 'eq', 'lte', 'lt']);
/** What is counted, for people. */
export const nounSchema = z.object({ zh: z.string(), en: z.string() }).strict();

/** Describes a param for the JSON Schema, docs/rule-packs.md and the message about it missing. */
export function doc(zh: string, en: string, example?: string): { zh: string; en: string; example?: string } {
  return example === undefined ? { zh, en } : { zh, en, example };
}

/** Does the column hold only figures ≥ 0, so that an unknown one cannot lower a total? */
export function nonNegative(contract: Contract, table: TableName, field: string): boolean {
  const t = columnOf(contract, table, field)?.type;
  return t !== undefined && (t.kind === 'number' || t.kind === 'int') && (t.min ?? -1) >= 0;
}

/**
 * How many doubtful records from elsewhere (records whose village is unreadable)
 * a village's result names the errors of: enough to act on (reports show 20),
 * and never a million per village.
 */
export const WAITS_KEPT = 100;
