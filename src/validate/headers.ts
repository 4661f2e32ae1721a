/**
 * Header (or YAML key) → contract column: the English key, the Chinese
 * header or an alias, compared after trimming half- and full-width spaces,
 * ignoring case and the width of brackets. Also the hints for headers that
 * are nearly right (one edit away, a title row above them).
 */
import { FORBIDDEN_KEYS, type ColumnDef } from '../contract/tables.js';
import type { Notice } from '../model.js';
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

/** A header with its inner spaces dropped too, for guessing only. */
function guessKey(h: string): string {
  return headerKey(h).replace(/[\s\u3000]+/g, '');
}

/** Levenshtein distance of a and b is at most 1. */
function oneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const [s, l] = a.length <= b.length ? [a, b] : [b, a];
  if (l.length - s.length > 1) return false;
  let i = 0;
  while (i < s.length && s[i] === l[i]) i++;
  // Same length: one substitution; else one insertion.
  return s.length === l.length ? s.slice(i + 1) === l.slice(i + 1) : s.slice(i) === l.slice(i + 1);
}

/**
 * The column an unknown header most likely means, among the columns the file
 * lacks: one edit away from its key, Chinese header or an alias
 * (`家庭人品数`), else one of them starting or ending the header or the header
 * starting or ending one of them (`家庭人口` → 家庭人口数, `村编号（12位）` →
 * 村编号). Only an unambiguous guess counts: two candidate columns give none.
 * Returns the column and the name to suggest (as the contract spells it).
 */
export function likelyColumn(columns: readonly ColumnDef[], header: string, present: ReadonlySet<string>): { col: ColumnDef; name: string } | null {
  const u = guessKey(header);
  if (u.length < 2 || FORBIDDEN_KEYS.has(u)) return null;
  const near = new Map<ColumnDef, string>();
  const affix = new Map<ColumnDef, string>();
  for (const c of columns) {
    if (present.has(c.key)) continue;
    for (const name of [c.header, c.key, ...(c.aliases ?? [])]) {
      const k = guessKey(name);
      if (k.length < 2) continue;
      if (oneEdit(u, k)) {
        if (!near.has(c)) near.set(c, name);
      } else if (k.startsWith(u) || k.endsWith(u) || u.startsWith(k) || u.endsWith(k)) {
        if (!affix.has(c)) affix.set(c, name);
      }
    }
  }
  const best = near.size > 0 ? near : affix;
  if (best.size !== 1) return null;
  const [[col, name]] = [...best];
  return { col: col!, name: name! };
}

const MAX_GUESSES = 100;

/**
 * Hints after a header row (or a YAML table's keys) is matched: each
 * unknown-column notice names the likely column (`suggest`), and the result
 * maps each likely column's key to the header written for it, for the
 * missing-column error's "did you mean".
 */
export function guessColumns(columns: readonly ColumnDef[], unknown: readonly Notice[], present: ReadonlySet<string>): Map<string, string> {
  const out = new Map<string, string>();
  // A header of thousands of made-up columns is not a typo: guess for the first ones only.
  for (const n of unknown.slice(0, MAX_GUESSES)) {
    if (n.code !== 'unknown-column' || n.column === null) continue;
    const g = likelyColumn(columns, n.column, present);
    if (g === null) continue;
    n.args.suggest = g.name;
    if (!out.has(g.col.key)) out.set(g.col.key, n.column);
  }
  return out;
}

/**
 * A title row above the header (`河包镇农户信息表,,,,`): one or two non-empty
 * cells, none of them a column of the table.
 */
export function titleLike(cells: readonly string[], n: number, match: (header: string) => HeaderMatch): boolean {
  let filled = 0;
  for (let i = 0; i < n; i++) {
    if (cells[i]!.trim() === '') continue;
    if (++filled > 2 || !('unknown' in match(cells[i]!))) return false;
  }
  return filled > 0;
}

/** Whether a row names at least one column of the table (a header row, not data). */
export function namesAColumn(cells: readonly string[], n: number, match: (header: string) => HeaderMatch): boolean {
  for (let i = 0; i < n; i++) if ('col' in match(cells[i]!)) return true;
  return false;
}
