/**
 * Records as tests read them. A table's records are row views over its
 * columns (src/store/table.ts): their cells are getters, not own keys, so a
 * spread or Object.values sees none of them.
 */
import { expect } from 'vitest';
import type { CellValue, Rec } from '../../src/model.js';

/** The record's cells as a plain object, key by key. */
export function cellsOf(rec: Rec): Record<string, CellValue> {
  const toJSON = (rec as { toJSON?: () => Record<string, CellValue> }).toJSON;
  return typeof toJSON === 'function' ? toJSON.call(rec) : { ...rec };
}

/** Nothing comes from Object.prototype: `__proto__`, `constructor` and `toString` read as no value (what a null-prototype record guaranteed). */
export function expectNothingInherited(rec: Rec): void {
  for (let p = Object.getPrototypeOf(rec); p !== null; p = Object.getPrototypeOf(p)) expect(p).not.toBe(Object.prototype);
  const r = rec as Record<string, unknown>;
  for (const k of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf']) expect(r[k], k).toBeUndefined();
}
