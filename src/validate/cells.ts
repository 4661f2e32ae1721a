/**
 * Cell parsers, one per ColumnType of src/contract/tables.ts: raw text as
 * written → the value rules read, or a failure code with its arguments.
 * Written as plain functions (no per-cell allocation on success) and wrapped
 * into zod schemas in schema.ts.
 */
import type { ColumnDef, ColumnType } from '../contract/tables.js';
import type { CellValue, DataCode } from '../model.js';
import type { Cell } from '../load/yaml.js';

/** A cell that failed its type: code + args, worded in src/messages/data.ts. */
export class CellFail {
  constructor(
    readonly code: DataCode,
    readonly args: Record<string, string | number | null> = {},
  ) {}
}

export type CellParser = (raw: Cell | undefined) => CellValue | CellFail;

const REQUIRED = new CellFail('required');
const NOT_A_LIST = new CellFail('not-scalar');

export const BOOL_WORDS: ReadonlyMap<string, boolean> = new Map([
  ['是', true],
  ['否', false],
  ['true', true],
  ['false', false],
  ['yes', true],
  ['no', false],
  ['y', true],
  ['n', false],
  ['1', true],
  ['0', false],
]);
const BOOL_ALLOWED = '是/否、true/false、yes/no、y/n、1/0';
const BAD_BOOL = new CellFail('bad-bool', { allowed: BOOL_ALLOWED });

/** Full-width digits, signs, point and comma → ASCII (Chinese IMEs type these). */
export function halfWidth(s: string): string {
  return s.replace(/[\uff10-\uff19\uff0b\uff0d\uff0e\uff0c]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;
const GROUPED_NUMBER = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/;
const BAD_NUMBER = new CellFail('bad-number');
const BAD_INT = new CellFail('bad-int');
const NUMBER_SPACE = new CellFail('number-space');

/**
 * The largest figure taken as real: every figure of the contract (people,
 * 亩, 元, 万元) is far below it, and below it a number of at most 15
 * significant digits is held exactly and in order by a double (conditions.ts).
 */
export const MAX_FIGURE = 1e15;
export const MAX_DIGITS = 15;
const TOO_LARGE = new CellFail('number-too-large', { max: '1,000,000,000,000,000' });
const TOO_PRECISE = new CellFail('number-too-precise', { digits: MAX_DIGITS });

/**
 * Number text → normalised decimal text, or null. Exponents, units, currency
 * signs and spaces inside (`1 2`: 12, or 1 and 2?) are not numbers here;
 * spaces around, full-width digits and thousands commas are.
 */
export function numberText(s: string): string | null {
  if (PLAIN_NUMBER.test(s)) return s;
  const h = halfWidth(s).trim();
  if (PLAIN_NUMBER.test(h)) return h;
  if (GROUPED_NUMBER.test(h)) return h.replace(/,/g, '');
  return null;
}

/** Significant digits of normalised decimal text (`0.0120` → 2, `1200` → 2, `1200.5` → 5). */
function significantDigits(text: string): number {
  let first = 0;
  let last = text.length - 1;
  for (; first <= last; first++) {
    const c = text.charCodeAt(first);
    if (c >= 49 && c <= 57) break; // 1-9
  }
  for (; last >= first; last--) {
    const c = text.charCodeAt(last);
    if (c >= 49 && c <= 57) break;
  }
  if (first > last) return 0;
  const point = text.indexOf('.', first);
  return last - first + 1 - (point !== -1 && point < last ? 1 : 0);
}

const DATE_SEP = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$/;
const DATE_ZH = /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$/;
/** The midnight time Excel appends to a date cell saved as CSV: `2020/3/5 0:00`, `0:00:00`, `00:00`. */
const MIDNIGHT = /\s+0?0:00(:00)?$/;
const BAD_DATE = new CellFail('bad-date');

/**
 * Any accepted date form (with Excel's midnight time or not) → `YYYY-MM-DD`;
 * undefined when the form is wrong, null when the day does not exist.
 */
export function normaliseDate(s: string): string | null | undefined {
  let h = /^[\d-]+$/.test(s) ? s : halfWidth(s);
  if (h.endsWith(':00')) h = h.replace(MIDNIGHT, '');
  const m = DATE_SEP.exec(h);
  const parts = m ? [m[1]!, m[3]!, m[4]!] : DATE_ZH.exec(h)?.slice(1);
  if (!parts) return undefined;
  const [y, month, day] = [parts[0]!, Number(parts[1]), Number(parts[2])];
  const year = Number(y);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return null;
  return `${y}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * The date a bare Excel serial number stands for (`43895` → `2020-03-05`),
 * for the 5-digit serials only (1927-05-18 to 2173-10-13): a shorter number
 * in a date column is more likely a year or a typo than a date. Excel counts
 * 1900-01-01 as 1 and believes 1900 was a leap year: serial 60 is its
 * 1900-02-29, which never existed (null), and from 61 on serial n is n days
 * after 1899-12-30.
 */
export function excelSerialDate(s: string): string | null {
  if (!/^\d{5}$/.test(s)) return null;
  return serialToDate(Number(s));
}

/** Any serial from 1 (1900-01-01) on, Excel's fake 1900-02-29 (60) being null. */
export function serialToDate(n: number): string | null {
  if (!Number.isInteger(n) || n < 1 || n === 60 || n > 2958465) return null;
  const days = n < 60 ? n - 1 : n - 2; // days after 1900-01-01
  return new Date(Date.UTC(1900, 0, 1 + days)).toISOString().slice(0, 10);
}

function daysIn(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Brackets of either width alike, inner spaces dropped: how enum aliases and headers are compared. */
export function normBrackets(s: string): string {
  return s.replace(/（/g, '(').replace(/）/g, ')');
}

export const LIST_SEPARATORS = /[;；、,，]/;

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** GB 11643 resident ID: 17 digits + check character; 20/22-character certificates start with one. */
export function residentIdProblem(id: string): string | null {
  if (/e\+/i.test(id)) return 'excel-number';
  if (id.length !== 18 && id.length !== 20 && id.length !== 22) return 'length';
  if (!/^\d{17}[\dX]/.test(id) || !/^[\dA-Z]*$/.test(id)) return 'chars';
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (id.charCodeAt(i) - 48) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11] === id[17] ? null : 'checksum';
}

const SCIENTIFIC = /^\d(\.\d+)?E\+\d+$/i;
const EXCEL_SCIENTIFIC = new CellFail('excel-scientific');

/** `5.00153E+11`, `1E+17`: how Excel shows a long number in a General cell. */
export function isExcelScientific(s: string): boolean {
  const c = s.charCodeAt(0);
  return c >= 48 && c <= 57 && s.length >= 4 && SCIENTIFIC.test(s);
}

/**
 * A cell's text as a string of its own. V8 takes a string of 13 or more
 * characters out of a longer one as a view of it (a sliced string), which
 * keeps the whole longer one alive: the text of the file, up to 64 MB a
 * chunk. In a town of a million households, 35,000 assistance notes kept
 * 150 MB of households.csv alive through the whole run. The copy (exact, lone
 * surrogates and all) costs a fraction of a microsecond.
 */
export function own(s: string): string {
  return s.length < 13 ? s : (JSON.parse(JSON.stringify(s)) as string);
}

/** Trimmed text of a scalar cell; undefined for a list (YAML sequence). */
function scalar(raw: Cell | undefined): string | undefined {
  if (raw === undefined) return '';
  return typeof raw === 'string' ? raw.trim() : undefined;
}

/** The parser for one column: type, required-ness and range, built once per column. */
export function cellParser(col: ColumnDef): CellParser {
  const t = col.type;
  const req = col.required;
  const empty = req ? REQUIRED : null;
  switch (t.kind) {
    case 'id':
    case 'ref':
    case 'text': {
      if (col.format === 'resident-id') {
        return (raw) => {
          const s = scalar(raw);
          if (s === undefined) return NOT_A_LIST;
          if (s === '') return empty;
          const id = s.toUpperCase();
          const why = residentIdProblem(id);
          return why ? new CellFail('bad-id-number', { reason: why }) : id;
        };
      }
      // Ids, references, phones and names: `5.00153E+11` is a code Excel showed in scientific notation, its digits lost.
      if (t.kind !== 'text' || col.personal !== undefined) {
        return (raw) => {
          const s = scalar(raw);
          if (s === undefined) return NOT_A_LIST;
          if (s === '') return empty;
          return isExcelScientific(s) ? EXCEL_SCIENTIFIC : own(s);
        };
      }
      return (raw) => {
        const s = scalar(raw);
        if (s === undefined) return NOT_A_LIST;
        return s === '' ? empty : own(s);
      };
    }
    case 'bool':
      return (raw) => {
        const s = scalar(raw);
        if (s === undefined) return NOT_A_LIST;
        if (s === '') return empty;
        const b = BOOL_WORDS.get(s) ?? BOOL_WORDS.get(s.toLowerCase());
        return b === undefined ? BAD_BOOL : b;
      };
    case 'int':
    case 'number':
      return numberParser(t, empty);
    case 'date':
      return (raw) => {
        const s = scalar(raw);
        if (s === undefined) return NOT_A_LIST;
        if (s === '') return empty;
        const d = normaliseDate(s);
        if (d === undefined) {
          // `43895`: a date cell Excel saved as its serial number.
          const serial = excelSerialDate(s);
          return serial === null ? BAD_DATE : new CellFail('excel-serial-date', { date: serial });
        }
        return d === null ? new CellFail('impossible-date') : d;
      };
    case 'enum': {
      const lookup = new Map<string, string>();
      for (const v of t.values) lookup.set(v, v);
      for (const [alias, v] of Object.entries(t.aliases ?? {})) lookup.set(normBrackets(alias), v);
      const bad = new CellFail('bad-enum', { allowed: t.values.join('、') });
      return (raw) => {
        const s = scalar(raw);
        if (s === undefined) return NOT_A_LIST;
        if (s === '') return empty;
        return lookup.get(s) ?? lookup.get(normBrackets(s).replace(/\s+/g, '')) ?? bad;
      };
    }
    case 'list':
    case 'refList':
      return (raw) => {
        const parts = typeof raw === 'string' ? raw.split(LIST_SEPARATORS) : (raw ?? []);
        const out: string[] = [];
        for (const p of parts) {
          const s = p.trim();
          if (s !== '') out.push(own(s));
        }
        return out.length ? out : empty;
      };
  }
}

function numberParser(t: Extract<ColumnType, { kind: 'int' | 'number' }>, empty: CellFail | null): CellParser {
  const isInt = t.kind === 'int';
  const min = t.min;
  const max = t.kind === 'int' ? t.max : undefined;
  const gt = t.kind === 'number' ? t.gt : undefined;
  const bad = isInt ? BAD_INT : BAD_NUMBER;
  const low = min !== undefined ? new CellFail('below-min', { min }) : null;
  const high = max !== undefined ? new CellFail('above-max', { max }) : null;
  const notAbove = gt !== undefined ? new CellFail('not-above', { gt }) : null;
  return (raw) => {
    const s = scalar(raw);
    if (s === undefined) return NOT_A_LIST;
    if (s === '') return empty;
    const text = numberText(s);
    if (text === null) return /\s/.test(s) && numberText(s.replace(/\s+/g, '')) !== null ? NUMBER_SPACE : bad;
    const n = Number(text) + 0; // + 0 turns -0 into 0
    // `1` and 400 zeros is Infinity to a double, 1.5e308 twice is too: a figure too large to be real is the cell's error.
    if (!(n < MAX_FIGURE && n > -MAX_FIGURE)) return TOO_LARGE;
    if (text.length > MAX_DIGITS && significantDigits(text) > MAX_DIGITS) return TOO_PRECISE;
    if (isInt && !Number.isInteger(n)) return BAD_INT;
    if (low && n < min!) return low;
    if (high && n > max!) return high;
    if (notAbove && !(n > gt!)) return notAbove;
    return n;
  };
}
