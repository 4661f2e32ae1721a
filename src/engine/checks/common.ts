/** Pieces of params schemas that several kinds share. */
import { z } from 'zod';
import { TABLE_NAMES } from '../../contract/tables.js';

export const tableSchema = z.enum(TABLE_NAMES as [string, ...string[]]);
export const tableOrTownSchema = z.enum(['town', ...TABLE_NAMES] as [string, ...string[]]);
const NUMBER = 'must be a number (e.g. 1000 or "0.95")';
/** A number, or a decimal written as text so that it stays exact ("0.091"). */
export const decimalSchema = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/, NUMBER)], { error: NUMBER });
const SHARE = 'must be a share from 0 to 1 (95% is 0.95)';
/** A share between 0 and 1, as a number or decimal text. */
export const shareSchema = z.union([z.number().min(0, SHARE).max(1, SHARE), z.string().regex(/^(0(\.\d+)?|1(\.0+)?)$/, SHARE)], { error: SHARE });
