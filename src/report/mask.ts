/**
 * Personal data never leaves in full unless asked (data-contract.md,
 * "Personal data"): names as 张*明 / 李*, resident IDs as 6 + ******** + 4,
 * phones as 3 + **** + 4.
 *
 * What is masked, and how far text is shown:
 * - A value of a column the contract marks personal is masked by its kind.
 *   The column is looked up by the table its file holds and the header as the
 *   file writes it (`name` is personal in instructors.csv, not in
 *   cooperatives.csv), never by the bare header.
 * - Every string is scanned for resident IDs (18 characters, the old 15-digit
 *   form, with spaces or dashes between the groups) and phones (mobiles,
 *   landlines with an area code, `138.1234.5678`, `+86`), also when written in
 *   full-width digits or with invisible characters between the digits.
 * - Text the contract cannot vouch for — a header or key it does not know (a
 *   file without a header row turns its first household into headers), a value
 *   reported with no column — also has every word that looks like a person's
 *   name (2–4 Han characters, not an office) masked.
 * - A value spanning several lines (a quote that swallowed rows) is shown up
 *   to its first line end or comma only: one cell, never a run of cells.
 * - A waiver's approver is an office or a person: shown as written when it is
 *   an office or a role (镇扶贫办, 农业服务中心, 王书记), otherwise masked word
 *   by word as a name.
 */
import { sheetLabel, slotOfFile, splitLabel } from '../contract/sheets.js';
import type { ColumnDef } from '../contract/tables.js';
import { BUILT_IN, columnOf, columnsOf, isTable, type Contract } from '../contract/contract.js';
import type { DataError, Finding, Report } from '../model.js';
import { headerMatcher, type HeaderMatch } from '../validate/headers.js';

type PersonalKind = NonNullable<ColumnDef['personal']>;

/** 张三明 → 张*明, 李四 → 李*, 王 → *; longer names keep only the first and last character. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return name;
  if (chars.length === 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}*${chars[chars.length - 1]}`;
}

/** 110105194912310021 → 110105********0021; anything too short to keep 10 characters is all stars. */
export function maskIdNumber(id: string): string {
  const s = normalise(id.trim()).n.replace(/[\s\-.]/g, '');
  if (s.length < 11) return '*'.repeat(Math.max(4, s.length));
  return `${s.slice(0, 6)}********${s.slice(-4)}`;
}

/** 13812345678 → 138****5678, 023-46712345 → 023****2345 (everything but the digits and a +86 prefix is dropped). */
export function maskPhone(phone: string): string {
  const digits = normalise(phone).n.replace(/\D/g, '').replace(/^(?:0086|86|0)(?=1[3-9]\d{9}$)/, '');
  if (digits.length < 8) return '*'.repeat(Math.max(4, digits.length));
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}

// ---------------------------------------------------------------------------
// ID and phone numbers inside free text

/** Characters that may need normalising before numbers are looked for. */
const NEEDS_NORM = /[\uFF08-\uFF0E\uFF10-\uFF19\uFF38\uFF58()\u00A0\u00AD\u2000-\u2015\u2028-\u202F\u205F-\u2064\u2212\u3000\uFE63\uFEFF]/;

/**
 * Full-width digits, X, plus, dashes and dots as ASCII; brackets and unusual
 * spaces as a space; invisible characters (zero-width space, soft hyphen,
 * BOM) dropped. `at[i]` is the index in the text of character i of `n`.
 */
function normalise(text: string): { n: string; at: number[] | null } {
  if (!NEEDS_NORM.test(text)) return { n: text, at: null };
  let n = '';
  const at: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let r: string;
    if (c >= 0xff10 && c <= 0xff19) r = String.fromCharCode(c - 0xff10 + 48);
    else if (c === 0xff38 || c === 0xff58) r = String.fromCharCode(c - 0xff38 + 88);
    else if (c === 0xff0b) r = '+';
    else if (c === 0xff0d || c === 0x2212 || c === 0xfe63 || (c >= 0x2010 && c <= 0x2015)) r = '-';
    else if (c === 0xff0e) r = '.';
    else if (c === 0x28 || c === 0x29 || c === 0xff08 || c === 0xff09) r = ' ';
    else if (c === 0x3000 || c === 0xa0 || (c >= 0x2000 && c <= 0x200a) || c === 0x202f || c === 0x205f) r = ' ';
    else if (c === 0xad || (c >= 0x200b && c <= 0x200f) || (c >= 0x2060 && c <= 0x2064) || c === 0xfeff || (c >= 0x2028 && c <= 0x202e)) continue;
    else r = text[i]!;
    n += r;
    at.push(i);
  }
  return { n, at };
}

/**
 * A run of digit groups, as people write numbers: `13812345678`,
 * `138 1234 5678`, `110105-19491231-0021`, `+86 138.1234.5678`. Not preceded
 * by a hex digit or letter, so hashes and codes like `a2713812345678aa` stay.
 * Nothing after the run can fail, so matching never backtracks across groups.
 */
const RUN = /(?<![0-9A-Fa-f])\+?\d+(?:(?: {1,2}|\t| ?[-.] ?)\d+)*/g;
/** Letters glued to the end of a run (an ID's X, a certificate's 2 or 4 characters): at most 6 are looked at. */
const TAIL = /[0-9A-Za-z]{0,6}/y;
const GROUP = /\d+/g;
/** Resident ID as one group: 17 digits and a check digit or X, maybe a certificate's 2 or 4 more characters. */
const ID_ONE = /^\d{17}[\dXx](?:[0-9A-Za-z]{2}){0,2}$/;

function birthOk(y: string, m: string, d: string): boolean {
  const mm = Number(m);
  const dd = Number(d);
  return /^(?:18|19|20)?\d\d$/.test(y) && mm >= 1 && mm <= 12 && dd >= 1 && dd <= 31;
}

/** An 18-character ID written in groups must look like one: a region not starting with 0, a real birth date. */
function idShaped(d: string): boolean {
  return d[0] !== '0' && birthOk(d.slice(6, 10), d.slice(10, 12), d.slice(12, 14));
}

/** The masked form of one number (digits only), or null when it is neither an ID nor a phone. `split`: written in groups. */
function classify(d: string, split: boolean): string | null {
  const len = d.length;
  // An 18-digit ID (20 or 22 for a disability certificate), loose as one group, checked when written in groups.
  if (len === 18 ? !split || idShaped(d) : !split && (len === 20 || len === 22)) return maskIdNumber(d);
  // The old 15-digit ID: region, YYMMDD, 3 digits.
  if (len === 15 && d[0] !== '0' && birthOk(d.slice(6, 8), d.slice(8, 10), d.slice(10, 12))) return maskIdNumber(d);
  // A mobile, with a country code or a trunk 0 written before it.
  if (len >= 11 && len <= 15 && /^(?:0086|86|0)?1[3-9]\d{9}$/.test(d)) return maskPhone(d);
  // A landline with its area code: 0 + a 2- or 3-digit area + 7 or 8 digits.
  if (len >= 10 && len <= 12 && /^0[1-9]\d{8,10}$/.test(d)) return maskPhone(d);
  return null;
}

/** An ID whose last group has letters glued to it: `11010519491231002X`, a certificate's `…0021AB`. */
function classifyWithTail(d: string, tail: string, split: boolean): string | null {
  if (split) return d.length === 17 && /^[Xx]$/.test(tail) && idShaped(d + 'X') ? maskIdNumber(d + tail) : null;
  return ID_ONE.test(d + tail) ? maskIdNumber(d + tail) : null;
}

/**
 * One run, masked wherever a window of up to 6 consecutive groups is an ID or
 * a phone; null when nothing is. `tail`: the letters glued after it. `tailUsed`
 * tells whether the masked text covers the tail too (an ID's X).
 */
function maskRun(run: string, tail: string): { masked: string; tailUsed: boolean } | null {
  const groups: { s: number; e: number }[] = [];
  GROUP.lastIndex = 0;
  for (let m = GROUP.exec(run); m; m = GROUP.exec(run)) groups.push({ s: m.index, e: m.index + m[0].length });
  const n = groups.length;
  // Other letters glued to the end: a hex letter makes the last group part of a code, anything else is left after it.
  const glued = /^[A-Fa-f]/.test(tail);
  let out = '';
  let done = 0;
  let tailUsed = false;
  for (let i = 0; i < n; ) {
    let end = 0;
    let masked: string | null = null;
    let to = 0;
    for (let j = Math.min(n, i + 6); j > i && masked === null; j--) {
      let digits = '';
      for (let g = i; g < j; g++) digits += run.slice(groups[g]!.s, groups[g]!.e);
      if (j === n && tail !== '') {
        masked = tail.length <= 5 ? classifyWithTail(digits, tail, j - i > 1) : null;
        to = run.length;
        tailUsed = masked !== null;
        if (masked === null && glued) continue;
      }
      if (masked === null) {
        masked = classify(digits, j - i > 1);
        to = groups[j - 1]!.e;
      }
      end = j;
    }
    if (masked === null) {
      i++;
      continue;
    }
    // A + written before the number goes with it (the masked form drops the country code).
    const from = i === 0 ? 0 : groups[i]!.s;
    out += run.slice(done, from) + masked;
    done = to;
    i = end;
  }
  return done === 0 ? null : { masked: out + run.slice(done), tailUsed };
}

const MAY_HOLD_NUMBER = /\d{10}|\d{3}(?: {1,2}|\t| ?[-.] ?)\d{3}/;

/** Masks every resident-ID-like and phone-like number inside free text. */
export function maskText(text: string): string {
  // Every ID or phone has 10 digits in a row, or groups of 3 or more digits with a separator between, unless it needs normalising first.
  if (!MAY_HOLD_NUMBER.test(text) && !NEEDS_NORM.test(text)) return text;
  const { n, at } = normalise(text);
  let out = '';
  let done = 0;
  RUN.lastIndex = 0;
  for (let m = RUN.exec(n); m; m = RUN.exec(n)) {
    const end = m.index + m[0].length;
    // Fewer than 10 characters hold no ID or phone (`2020-12-31`, `52300`).
    if (m[0].length < 10) continue;
    TAIL.lastIndex = end;
    const tail = TAIL.exec(n)![0];
    const r = maskRun(m[0], tail);
    if (r === null) continue;
    const last = r.tailUsed ? end + tail.length : end;
    RUN.lastIndex = last;
    // The masked run replaces the whole run as written (full-width digits, invisible characters and all).
    let s = at ? at[m.index]! : m.index;
    const e = at ? at[last - 1]! + 1 : last;
    // `(023)46712345`: the bracket around the area code goes too.
    if (s > 0 && /[(（]/.test(text[s - 1]!) && /[)）]/.test(text.slice(s, e))) s--;
    out += text.slice(done, s) + r.masked;
    done = e;
  }
  return done === 0 ? text : out + text.slice(done);
}

// ---------------------------------------------------------------------------
// Names in text the contract does not vouch for, and approvers

/** Words that end an office, a unit or an organisation (checked on words of 3 or more characters). */
const OFFICE_END = /(?:[办局委组所站厅处部室队院司府乡镇县区市省村社厂店]|中心|公司|协会|学会|商会|工会|联合会|委员会|合作社|基地)$/u;
/** A role rather than a name (王书记, 副镇长): a surname with a title identifies no more than the masked name would. */
const TITLE_END = /(?:书记|主任|镇长|村长|县长|区长|乡长|局长|站长|所长|组长|社长|院长|科长|处长|部长|队长|厂长|经理|主席|委员|干部|领导|会计|文书)$/u;
const HAN_NAME = /^\p{Script=Han}{2,4}$/u;
const WORDS = /([\s,，、;；/／|()（）[\]【】<>《》「」“”"'·•:：]+)/u;

function isOffice(word: string): boolean {
  return TITLE_END.test(word) || ([...word].length >= 3 && OFFICE_END.test(word));
}

/** Whether a word reads as a person's name: 2–4 Han characters, not an office or a role. */
export function looksLikeName(word: string): boolean {
  return HAN_NAME.test(word) && !isOffice(word);
}

/** Words of a file name: also split at dots, dashes and underscores (张三丰_户口本.jpg). */
const FILE_WORDS = /([\s,，、;；/／\\|()（）[\]【】<>《》「」“”"'·•:：._\-]+)/u;

/** Text no column of the contract vouches for: numbers masked, and every word that looks like a name. */
export function maskUnvouched(text: string, words: RegExp = WORDS): string {
  const t = maskText(text);
  if (!/\p{Script=Han}/u.test(t)) return t;
  return t
    .split(words)
    .map((w, i) => (i % 2 === 0 && looksLikeName(w) ? maskName(w) : w))
    .join('');
}

/**
 * A waiver's approver: an office (镇扶贫办) or a role (王书记) is shown as
 * written; any other word with a letter in it is taken for a name and masked
 * (王建国 → 王*国, 镇扶贫办 张三丰 → 镇扶贫办 张*丰).
 */
export function maskApprover(approver: string): string {
  return maskText(approver)
    .split(WORDS)
    .map((w, i) => (i % 2 === 0 && /\p{L}/u.test(w) && !w.includes('*') && !isOffice(w) ? maskName(w) : w))
    .join('');
}

/** A value spanning lines swallowed rows (a quote left open): only what comes before the first line end or comma. */
function oneCell(value: string): string {
  const nl = value.search(/[\r\n]/);
  if (nl === -1) return value;
  const first = value.slice(0, nl);
  const comma = first.search(/[,，]/);
  return (comma === -1 ? first : first.slice(0, comma)) + '…';
}

// ---------------------------------------------------------------------------
// Columns by file and header

/** Masks one value of a personal column; a list of names (副组长) is masked name by name. */
export function maskValue(value: string, kind: PersonalKind): string {
  switch (kind) {
    case 'id_number':
      return maskIdNumber(value);
    case 'phone':
      return maskPhone(value);
    case 'name':
      return value
        .split(/([;；、,，\s]+)/)
        .map((part, i) => (i % 2 === 1 || part === '' ? part : maskName(maskText(part))))
        .join('');
  }
}

const MATCHERS = new WeakMap<readonly ColumnDef[], (header: string) => HeaderMatch>();
function matcherOf(columns: readonly ColumnDef[]): (header: string) => HeaderMatch {
  let m = MATCHERS.get(columns);
  if (!m) MATCHERS.set(columns, (m = headerMatcher(columns)));
  return m;
}

/** The columns of the file an error is about: a table's, town.yaml's, manifest.yaml's; null for any other file. */
function fileColumns(file: string, contract: Contract): { slot: string; columns: readonly ColumnDef[] } | null {
  // villages.csv, households.yaml, households.xlsx[Sheet1], 数据.xlsx[农户] (src/contract/sheets.ts); a table a pack declares too.
  const slot = slotOfFile(file, contract);
  if (slot === null) return null;
  if (slot === 'town' || slot === 'manifest' || isTable(contract, slot)) return { slot, columns: columnsOf(contract, slot) };
  return null;
}

/**
 * A sheet of 数据.xlsx that is no table's (数据.xlsx[张三丰]): named as its
 * owner chose, like an unknown file. The sheet a table is read from is where
 * its errors are, shown as written like the file's own name.
 */
function maskSheetLabel(file: string): string {
  const { file: book, sheet } = splitLabel(file);
  return sheet === null ? maskUnvouched(file, FILE_WORDS) : sheetLabel(maskText(book), maskUnvouched(sheet, FILE_WORDS));
}

/** Keys of waivers.yaml whose value is the approver. */
const APPROVER_KEYS = new Set(['approved_by', 'approvedby', '批准人', '审批人']);

/**
 * How an error's column is vouched for: a contract column of its file (with
 * its kind of personal data), a header the contract does not know, no
 * column, or a file that is not a table (waivers.yaml, the folder).
 */
type Where = { col: ColumnDef } | { unknown: true } | { none: true } | { approver: true } | { other: true };

/** Errors about a key of a file that is not a table, as the file writes it, that no list of keys knows. */
const UNKNOWN_KEY_CODES = new Set(['waiver-unknown-key', 'unknown-key', 'unknown-column', 'unnamed-column', 'forbidden-column']);

function whereOf(file: string, column: string | null, code: string, contract: Contract): Where {
  if (column === null) return { none: true };
  const f = fileColumns(file, contract);
  if (f === null) {
    if (/^waivers\.ya?ml$/i.test(file) && APPROVER_KEYS.has(column.trim().toLowerCase())) return { approver: true };
    return UNKNOWN_KEY_CODES.has(code) ? { unknown: true } : { other: true };
  }
  const m = matcherOf(f.columns)(column);
  if ('col' in m) return { col: m.col };
  // `户主姓名 (head_name)`: a missing column, named by the contract.
  const named = /^(.*) \(([a-z_.]+)\)$/.exec(column);
  if (named && f.columns.some((c) => c.header === named[1] && c.key === named[2])) return { other: true };
  return { unknown: true };
}

/** Data errors or notices with the values of personal columns masked, and ID/phone numbers masked anywhere. */
export function maskDataErrors<T extends DataError>(errors: readonly T[], contract: Contract = BUILT_IN): T[] {
  // Tables' errors by file and column (a million rows' errors have a few dozen of them); other files' are few.
  const cache = new Map<string, Map<string | null, Where> | null>();
  return errors.map((e) => {
    let byColumn = cache.get(e.file);
    if (byColumn === undefined) cache.set(e.file, (byColumn = fileColumns(e.file, contract) === null ? null : new Map()));
    let where = byColumn?.get(e.column);
    if (where === undefined) {
      where = whereOf(e.file, e.column, e.code, contract);
      byColumn?.set(e.column, where);
    }
    let value: string | null = null;
    let personal = false;
    const kind = 'col' in where ? (where.col.personal ?? null) : null;
    if (e.value !== null) {
      if ('col' in where && where.col.personal) {
        value = maskValue(e.value, where.col.personal);
        personal = true;
      } else if ('approver' in where) {
        value = maskApprover(e.value);
        personal = true;
      } else if ('col' in where || 'other' in where) value = maskText(oneCell(e.value));
      else value = maskUnvouched(oneCell(e.value));
    }
    const column = e.column === null ? null : 'unknown' in where ? maskUnvouched(e.column) : maskText(e.column);
    const args = maskArgs(e.args, e.value, value, personal || 'unknown' in where || 'none' in where, kind);
    // A file in the folder that is not a table is named as its owner chose (张三丰.xlsx): its name is not vouched for.
    const file = e.code === 'unknown-file' ? maskUnvouched(e.file, FILE_WORDS) : e.code === 'xlsx-unknown-sheet' ? maskSheetLabel(e.file) : maskText(e.file);
    return { ...e, value, args, column, file };
  });
}

/** Arguments holding a header as the file writes it that the contract does not know (`found`: the header a missing column is likely written as). */
const UNVOUCHED_ARGS = new Set(['found']);

/**
 * A finding's arguments with numbers masked; an argument equal to the raw
 * value gets its masked form, and one holding a personal value has it masked
 * inside (`hidden`: the raw value is personal or unvouched).
 */
function maskArgs(args: Finding['args'], raw: string | null, masked: string | null, hidden: boolean, kind: PersonalKind | null = null): Finding['args'] {
  const out: Finding['args'] = {};
  for (const [k, v] of Object.entries(args)) {
    if (typeof v !== 'string') out[k] = v;
    else if (raw !== null && v === raw) out[k] = masked;
    // The data's values nearest the one named (是否为“周七”？) are values of the same column.
    else if (k === 'nearest' && kind !== null) out[k] = maskValue(v, kind);
    else if (UNVOUCHED_ARGS.has(k)) out[k] = maskUnvouched(v);
    else if (hidden && raw !== null && raw.length > 1 && v.includes(raw)) out[k] = maskText(v.split(raw).join(masked ?? ''));
    else out[k] = maskText(v);
  }
  return out;
}

/** Every string in a plain data tree, with ID and phone numbers masked. */
function deepMask<T>(x: T): T {
  if (typeof x === 'string') return maskText(x) as T;
  if (Array.isArray(x)) return x.map(deepMask) as T;
  if (x !== null && typeof x === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x)) out[k] = deepMask(v);
    return out as T;
  }
  return x;
}

/**
 * A result's did-you-mean for an entity the plan names (`named:` 周八 → 周七)
 * holds names of the data, of the table's `name` column: masked like that
 * column when it is personal (指导员, a declared table of people). Null when
 * no note has one.
 */
function maskNearest(notes: readonly Finding[], orig: readonly Finding[], contract: Contract): Finding[] | null {
  let changed = false;
  const out = notes.map((n, i) => {
    const nearest = orig[i]?.args.nearest;
    if (n.code !== 'named-entity-missing' || typeof nearest !== 'string') return n;
    const kind = columnOf(contract, String(n.args.table), 'name')?.personal;
    if (!kind) return n;
    changed = true;
    return { ...n, args: { ...n.args, nearest: maskValue(nearest, kind) } };
  });
  return changed ? out : null;
}

/**
 * A copy of the report fit for a meeting or a CI log: personal columns'
 * values masked by kind, a waiver's approver masked unless it is an office,
 * and every resident ID and phone number anywhere masked. The input is not changed.
 */
export function maskReport(report: Report, contract: Contract = BUILT_IN): Report {
  const masked = deepMask(report);
  masked.dataErrors = maskDataErrors(report.dataErrors, contract);
  masked.notices = maskDataErrors(report.notices, contract);
  masked.results = masked.results.map((r, i) => {
    const orig = report.results[i]!;
    let out = r;
    if (orig.waiver) out = { ...out, waiver: { ...out.waiver!, approvedBy: maskApprover(orig.waiver.approvedBy) } };
    // The data errors a no-data result waits on carry cell values like the report's own.
    const waits = (orig as { waitingOn?: DataError[] }).waitingOn;
    if (waits) out = { ...out, waitingOn: maskDataErrors(waits, contract) } as typeof out;
    const notes = maskNearest(out.notes, orig.notes, contract);
    if (notes) out = { ...out, notes };
    return out;
  });
  return masked;
}
