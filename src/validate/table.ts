/**
 * One table file (already decoded) → parsed rows: header matching, the
 * table's zod schema per row, errors as codes with file/line/column/value.
 * Cross-table checks run later on the result (cross.ts).
 */
import { z } from 'zod';
import { TABLES, type TableName } from '../contract/tables.js';
import { parseCsv } from '../load/csv.js';
import { parseYamlTable, type Cell } from '../load/yaml.js';
import type { DataError, Notice, Rec } from '../model.js';
import { CellFail, cellParser, type CellParser } from './cells.js';
import { headerMatcher, type HeaderMatch } from './headers.js';
import { cellSchema, failOf } from './schema.js';
import { dataError, shown } from './errors.js';

export interface CheckedTable {
  table: TableName;
  file: string | null;
  columns: Set<string>;
  /** English key → header as the file writes it (the contract's header when absent). */
  written: Map<string, string>;
  /** Every row read; a failed cell is `undefined`, an unusable row (ragged) null. */
  recs: (Rec | null)[];
  lines: number[];
  /** YAML only: the line of each key of each row, so errors point at the key. */
  keyLines?: Map<string, number>[];
  /** 1 = the row has an error and is left out. */
  bad: Uint8Array;
  /** False when the file could not be read as a table (syntax error): its ids are unknown. */
  usable: boolean;
}

const ABSENT = z.unknown().transform(() => null);

/** Cell schemas and parsers of every table, built once. */
const PER_TABLE = new Map<TableName, { schemas: Record<string, ReturnType<typeof cellSchema>>; parsers: Map<string, CellParser> }>();
function partsOf(table: TableName) {
  let p = PER_TABLE.get(table);
  if (!p) {
    const cols = TABLES[table].columns;
    p = {
      schemas: Object.fromEntries(cols.map((c) => [c.key, cellSchema(c)])),
      parsers: new Map(cols.map((c) => [c.key, cellParser(c)])),
    };
    PER_TABLE.set(table, p);
  }
  return p;
}

/** The row schema of a file: its columns' cell schemas, null for contract columns it lacks. */
function rowSchema(table: TableName, present: ReadonlySet<string>) {
  const { schemas } = partsOf(table);
  const shape: Record<string, z.ZodType> = {};
  for (const c of TABLES[table].columns) shape[c.key] = present.has(c.key) ? schemas[c.key]! : ABSENT;
  return z.compile(z.object(shape));
}

export function emptyTable(table: TableName, file: string | null, usable: boolean): CheckedTable {
  return { table, file, columns: new Set(), written: new Map(), recs: [], lines: [], bad: new Uint8Array(0), usable };
}

function writtenDefaults(table: TableName): Map<string, string> {
  return new Map(TABLES[table].columns.map((c) => [c.key, c.header]));
}

function missingColumns(table: TableName, file: string, present: ReadonlySet<string>, line: number | null, errors: DataError[]): void {
  for (const c of TABLES[table].columns) {
    if (c.required && !present.has(c.key)) {
      errors.push(dataError(file, line, `${c.header} (${c.key})`, null, 'missing-required-column', { header: c.header, key: c.key }));
    }
  }
}

/** Validates one CSV table. */
export function checkCsv(table: TableName, file: string, text: string, errors: DataError[], notices: Notice[]): CheckedTable {
  const csv = parseCsv(text);
  const out = emptyTable(table, file, true);
  if (csv.problem) {
    errors.push(dataError(file, csv.problem.line, null, csv.problem.value, csv.problem.code, {}));
  }
  const header = csv.header;
  if (header.length === 0) {
    if (!csv.problem) errors.push(dataError(file, null, null, null, 'empty-file', {}));
    out.usable = false;
    return out;
  }
  const hl = csv.headerLine;
  const match = headerMatcher(TABLES[table].columns);
  const keys = TABLES[table].columns.map((c) => c.key);
  const idx = new Map<string, number>();
  out.written = writtenDefaults(table);
  header.forEach((h, i) => {
    const m = match(h);
    if ('forbidden' in m) errors.push(dataError(file, hl, h, null, 'forbidden-column', {}));
    else if ('unknown' in m) notices.push(dataError(file, hl, h, null, h.trim() === '' ? 'unnamed-column' : 'unknown-column', { table, position: i + 1 }));
    else if (idx.has(m.col.key)) errors.push(dataError(file, hl, h, null, 'duplicate-column', { first: header[idx.get(m.col.key)!]! }));
    else {
      idx.set(m.col.key, i);
      out.written.set(m.col.key, h);
    }
  });
  out.columns = new Set(idx.keys());
  missingColumns(table, file, out.columns, hl, errors);

  const schema = rowSchema(table, out.columns);
  const at = keys.map((k) => idx.get(k) ?? -1);
  const width = header.length;
  const n = csv.rows.length;
  out.recs = new Array(n);
  out.lines = new Array(n);
  out.bad = new Uint8Array(n);
  for (let r = 0; r < n; r++) {
    const { line, cells } = csv.rows[r]!;
    out.lines[r] = line;
    if (cells.length !== width && !(cells.length > width && blankFrom(cells, width))) {
      errors.push(dataError(file, line, null, shown(cells.join(',')), 'ragged-row', { expected: width, found: cells.length }));
      out.recs[r] = null;
      out.bad[r] = 1;
      continue;
    }
    const input: Record<string, string | undefined> = {};
    for (let k = 0; k < keys.length; k++) input[keys[k]!] = at[k]! >= 0 ? cells[at[k]!] : undefined;
    const res = schema.safeParse(input);
    if (res.success) {
      out.recs[r] = Object.setPrototypeOf(res.data, null) as Rec;
      continue;
    }
    out.bad[r] = 1;
    out.recs[r] = partial(table, input);
    for (const issue of res.error.issues) {
      const key = String(issue.path[0] ?? '');
      const fail = failOf(issue);
      const cell = idx.has(key) ? cells[idx.get(key)!]! : null;
      errors.push(dataError(file, line, out.written.get(key) ?? key, cell === null ? null : shown(cell), fail.code, fail.args));
    }
  }
  return out;
}

function blankFrom(cells: string[], from: number): boolean {
  for (let i = from; i < cells.length; i++) if (cells[i]!.trim() !== '') return false;
  return true;
}

/** A failing row's values for the cross-table checks: failed cells are undefined. */
function partial(table: TableName, input: Record<string, Cell | undefined>): Rec {
  const { parsers } = partsOf(table);
  const rec = Object.create(null) as Record<string, unknown>;
  for (const [key, parse] of parsers) {
    const v = input[key] === undefined ? null : parse(input[key]);
    rec[key] = v instanceof CellFail ? undefined : v;
  }
  return rec as Rec;
}

/** Validates one YAML table (a list of mappings with the same keys as the CSV headers). */
export function checkYaml(table: TableName, file: string, text: string, errors: DataError[], notices: Notice[]): CheckedTable {
  const y = parseYamlTable(text);
  const out = emptyTable(table, file, true);
  out.written = writtenDefaults(table);
  if (y.fatal) {
    errors.push(dataError(file, y.fatal.line, null, y.fatal.value, y.fatal.code, {}));
    out.usable = false;
    return out;
  }
  for (const p of y.problems) {
    errors.push(dataError(file, p.line, p.code === 'yaml-nested' ? p.value : null, p.code === 'yaml-nested' ? null : p.value, p.code, {}));
  }
  const cols = TABLES[table].columns;
  const match = headerMatcher(cols);
  const keys = cols.map((c) => c.key);
  const seenKey = new Map<string, HeaderMatch>();
  // Which columns the table has: keys some record has.
  for (const row of y.rows) {
    row.keys.forEach((k, i) => {
      if (seenKey.has(k)) return;
      const m = match(k);
      seenKey.set(k, m);
      if ('col' in m) {
        if (!out.columns.has(m.col.key)) out.written.set(m.col.key, k);
        out.columns.add(m.col.key);
      } else if ('unknown' in m) notices.push(dataError(file, row.lines[i]!, k, null, 'unknown-column', { table, position: null }));
    });
  }
  missingColumns(table, file, out.columns, null, errors);
  const schema = rowSchema(table, out.columns);
  const n = y.rows.length;
  out.recs = new Array(n);
  out.lines = new Array(n);
  out.bad = new Uint8Array(n);
  out.keyLines = new Array(n);
  for (let r = 0; r < n; r++) {
    const row = y.rows[r]!;
    out.lines[r] = row.line;
    const keyLines = new Map<string, number>();
    out.keyLines[r] = keyLines;
    const input: Record<string, Cell | undefined> = {};
    for (const k of keys) input[k] = out.columns.has(k) ? '' : undefined;
    const from = new Map<string, number>();
    let bad = false;
    row.keys.forEach((k, i) => {
      const m = seenKey.get(k)!;
      if (!('col' in m)) {
        if ('forbidden' in m) {
          errors.push(dataError(file, row.lines[i]!, k, shown(cellText(row.cells[i]!)), 'forbidden-column', {}));
          bad = true;
        }
        return;
      }
      const col = m.col;
      if (from.has(col.key)) {
        errors.push(dataError(file, row.lines[i]!, k, shown(cellText(row.cells[i]!)), 'duplicate-column', { first: row.keys[from.get(col.key)!]! }));
        bad = true;
        return;
      }
      from.set(col.key, i);
      keyLines.set(col.key, row.lines[i]!);
      input[col.key] = row.cells[i];
    });
    const res = schema.safeParse(input);
    if (res.success && !bad && !row.broken) {
      out.recs[r] = Object.setPrototypeOf(res.data, null) as Rec;
      continue;
    }
    out.bad[r] = 1;
    out.recs[r] = partial(table, input);
    if (res.success) continue;
    const unreadable = new Set(row.unreadable.map((k) => seenKey.get(k) ?? match(k)).flatMap((m) => ('col' in m ? [m.col.key] : [])));
    for (const issue of res.error.issues) {
      const key = String(issue.path[0] ?? '');
      if (unreadable.has(key)) continue;
      const fail = failOf(issue);
      const i = from.get(key);
      const cell = i === undefined ? null : row.cells[i]!;
      errors.push(
        dataError(file, i === undefined ? row.line : row.lines[i]!, i === undefined ? out.written.get(key)! : row.keys[i]!, cell === null ? '' : shown(cellText(cell)), fail.code, fail.args),
      );
    }
  }
  return out;
}

function cellText(c: Cell): string {
  return typeof c === 'string' ? c : c.join('、');
}
