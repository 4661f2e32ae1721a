/**
 * Header (or YAML key) → contract column: the English key, the Chinese
 * header or an alias, compared after trimming half- and full-width spaces,
 * ignoring case and the width of brackets. Also the hints for headers that
 * are nearly right (one edit away, a title row above them), and FileHeaders:
 * the one classification of a file's headers that every form goes through
 * (a CSV or sheet header row, a YAML table's keys, town.yaml's and
 * manifest.yaml's keys), so that a header problem is the same error whichever
 * form the file comes in.
 */
import { FORBIDDEN_KEYS, type ColumnDef } from '../contract/tables.js';
import type { DataError, Notice } from '../model.js';
import { normBrackets } from './cells.js';
import { dataError, shown } from './errors.js';
import { pushIgnored } from './ignored.js';

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
    if (FORBIDDEN_KEYS.has(k) || (k.includes('.') && forbiddenPart(k))) return { forbidden: true };
    const col = byName.get(k);
    return col ? { col } : { unknown: true };
  };
}

/**
 * A dotted name with a forbidden part (`a.__proto__`, `leadership_group.prototype`):
 * town.yaml reads dots as nesting, so the name is refused in every form, as
 * `__proto__` itself is (data contract).
 */
function forbiddenPart(k: string): boolean {
  for (const part of k.split('.')) if (FORBIDDEN_KEYS.has(part.trim())) return true;
  return false;
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
 * Hints after a file's headers are matched (FileHeaders.finish): each
 * unknown-column notice names the likely column (`suggest`), and the result
 * maps each likely column's key to the header written for it, for the
 * missing-column error's "did you mean".
 */
function guessColumns(columns: readonly ColumnDef[], unknown: readonly Notice[], present: ReadonlySet<string>): Map<string, string> {
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

/** A column given a second time in one header row or YAML mapping: its error (the cell it would fill is the caller's to decide). */
export interface GivenAgain {
  again: ColumnDef;
  error: DataError;
}

/**
 * The headers of one file, classified one by one where the file writes them,
 * the same way for every form:
 *
 * - a contract column (key, Chinese header or alias): the file has it;
 * - `__proto__`, `constructor`, `prototype`, or a dotted name with one of them
 *   as a part: a `forbidden-column` error;
 * - a column named a second time in one header row or mapping:
 *   `duplicate-column`, naming the first as the file writes it;
 * - an empty name: an `unnamed-column` notice; any other name: an
 *   `unknown-column` notice, with the column it likely means (`suggest`).
 *
 * Then `finish`: the first IGNORED_LISTED notices and one counting the rest
 * (at the line of the first not listed), and one `missing-required-column`
 * error per required column the file lacks, with the header that likely
 * meant it (`found`).
 *
 * Where: a header row gives its line and each cell's column number
 * (`position`); a YAML key gives its own line and no column number. A header
 * row has no value; a YAML key's errors show its value. `table` is the
 * table's name, or `town` / `manifest` for those files' keys.
 */
export class FileHeaders {
  /** The contract columns the file has (their keys), in the order first met. */
  readonly present = new Set<string>();
  /** Contract key → the header or key the file first writes for it. */
  readonly written = new Map<string, string>();
  readonly match: (header: string) => HeaderMatch;
  private readonly ignored: Notice[] = [];
  /** YAML keys (no column number) already listed: a YAML table writes its keys again in every record. */
  private readonly listed = new Set<string>();
  private readonly classes = new Map<string, HeaderMatch>();

  constructor(
    private readonly file: string,
    private readonly table: string,
    private readonly columns: readonly ColumnDef[],
    private readonly errors: DataError[],
  ) {
    this.match = headerMatcher(columns);
  }

  /** The class of a name, matched once per distinct name (a YAML table repeats its keys in every record). */
  classify(name: string): HeaderMatch {
    let m = this.classes.get(name);
    if (m === undefined) this.classes.set(name, (m = this.match(name)));
    return m;
  }

  /**
   * One header cell or YAML key. `given`: the columns named so far in this
   * header row or mapping (key → name as written). Returns the column it
   * names, the duplicate's error when the column was named already, or null
   * (forbidden, unknown, unnamed), every problem reported.
   */
  read(name: string, line: number | null, position: number | null, value: string | readonly string[] | null, given: Map<string, string>): ColumnDef | GivenAgain | null {
    const m = this.classify(name);
    if ('forbidden' in m) {
      this.errors.push(dataError(this.file, line, name, valueText(value), 'forbidden-column', {}));
      return null;
    }
    if ('unknown' in m) {
      if (position === null) {
        if (this.listed.has(name)) return null;
        this.listed.add(name);
      }
      this.ignored.push(dataError(this.file, line, name, null, name.trim() === '' ? 'unnamed-column' : 'unknown-column', { table: this.table, position }));
      return null;
    }
    const col = m.col;
    const first = given.get(col.key);
    if (first !== undefined) {
      const error = dataError(this.file, line, name, valueText(value), 'duplicate-column', { first: shown(first) });
      this.errors.push(error);
      return { again: col, error };
    }
    given.set(col.key, name);
    if (!this.present.has(col.key)) {
      this.present.add(col.key);
      this.written.set(col.key, name);
    }
    return col;
  }

  /**
   * After the last header: the ignored ones' notices (with "did you mean"),
   * and the required columns missing, at `line` (the header row's; null with
   * none). `has`: columns the file has that `read` did not see (a town.yaml
   * key whose value could not be read).
   */
  finish(notices: Notice[], line: number | null, has?: ReadonlySet<string>): void {
    const present = has === undefined || has.size === 0 ? this.present : new Set([...this.present, ...has]);
    const guesses = guessColumns(this.columns, this.ignored, present);
    const ignored = this.ignored;
    // The count's line: that of the first one not listed (`n` are listed).
    pushIgnored(notices, ignored, (count, n) => dataError(this.file, ignored[n]!.line, null, null, 'more-unknown-columns', { table: this.table, count, shown: n }));
    for (const c of this.columns) {
      if (!c.required || present.has(c.key)) continue;
      const found = guesses.get(c.key);
      const args: DataError['args'] = { table: this.table, header: c.header, key: c.key };
      if (found !== undefined) args.found = shown(found);
      this.errors.push(dataError(this.file, line, `${c.header} (${c.key})`, null, 'missing-required-column', args));
    }
  }
}

function valueText(value: string | readonly string[] | null): string | null {
  return value === null ? null : shown(typeof value === 'string' ? value : value.join('、'));
}
