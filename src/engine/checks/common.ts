/** Pieces of params schemas that several kinds share. */
import { z } from 'zod';
import { TABLE_NAMES } from '../../contract/tables.js';

export const tableSchema = z.enum(TABLE_NAMES as [string, ...string[]]);
export const tableOrTownSchema = z.enum(['town', ...TABLE_NAMES] as [string, ...string[]]);
export const decimalSchema = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/)]);
