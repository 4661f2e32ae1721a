/**
 * Header (or YAML key) → contract column: the English key, the Chinese
 * header or an alias, compared after trimming half- and full-width spaces,
 * ignoring case and the width of brackets.
 */
import { FORBIDDEN_KEYS, type ColumnDef } from '../contract/tables.js';
import { normBrackets } from './cells.js';

export function headerKey(h: string): string {
  return normBrackets(h.trim()).toLowerCase();
}

export type HeaderMatch = { col: ColumnDef } | { forbidden: true } | { unknown: true };

/** Builds the matcher of one table's columns once. */
export function headerMatcher(columns: readonly ColumnDef[]): (header: string) => HeaderMatch {
  const byName = new Map<string, ColumnDef>();
  for (const c of columns) {
    for (const name of [c.key, c.header, ...(c.aliases ?? [])]) byName.set(headerKey(name), c);
  }
  return (header) => {
    const k = headerKey(header);
    if (FORBIDDEN_KEYS.has(k)) return { forbidden: true };
    const col = byName.get(k);
    return col ? { col } : { unknown: true };
  };
}
