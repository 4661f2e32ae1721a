/**
 * Personal data never leaves in full unless asked (data-contract.md,
 * "Personal data"): names as 张*明 / 李*, resident IDs as 6 + ******** + 4,
 * phones as 3 + **** + 4. Values of personal columns are masked by column;
 * every other string in the report is scanned for ID and phone numbers, since
 * they turn up in free text (帮扶措施, 内容, messages) too.
 */
import { TABLES, TOWN_COLUMNS, type ColumnDef } from '../contract/tables.js';
import type { DataError, Finding, Report } from '../model.js';

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
  const s = id.trim();
  if (s.length < 11) return '*'.repeat(Math.max(4, s.length));
  return `${s.slice(0, 6)}********${s.slice(-4)}`;
}

/** 13812345678 → 138****5678 (separators and a +86 prefix are dropped). */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/[\s\-()（）]/g, '').replace(/^(\+?86)(?=1\d{10}$)/, '');
  if (digits.length < 8) return '*'.repeat(Math.max(4, digits.length));
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}

// 18 characters (17 digits + digit or X), optionally followed by 2 or 4 more (disability certificates).
const ID_RE = /(?<![0-9A-Za-z])\d{17}[\dXx](?:[0-9A-Za-z]{2}){0,2}(?![0-9A-Za-z])/g;
// Mainland mobiles: 1[3-9] + 9 digits, optionally +86 and separators as people type them.
const PHONE_RE = /(?<![0-9A-Za-z+])(?:\+?86[\s-]?)?1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}(?![0-9A-Za-z])/g;

/** Masks every resident-ID-like and mobile-like number inside free text. */
export function maskText(text: string): string {
  if (!/\d{11}|\d{3}[\s-]\d{4}/.test(text)) return text;
  return text.replace(ID_RE, (m) => maskIdNumber(m)).replace(PHONE_RE, (m) => maskPhone(m));
}

/** Headers as the loader matches them: trimmed (half- and full-width spaces), case ignored. */
function normHeader(h: string): string {
  return h.replace(/^[\s\u3000]+|[\s\u3000]+$/g, '').toLowerCase();
}

const PERSONAL_COLUMNS: ReadonlyMap<string, PersonalKind> = (() => {
  const map = new Map<string, PersonalKind>();
  const add = (c: ColumnDef) => {
    if (!c.personal) return;
    for (const h of [c.key, c.header, ...(c.aliases ?? [])]) map.set(normHeader(h), c.personal);
  };
  for (const t of Object.values(TABLES)) t.columns.forEach(add);
  TOWN_COLUMNS.forEach(add);
  return map;
})();

/** Which kind of personal data a column holds, from its header as written (Chinese or English key); null when none. */
export function personalKind(column: string | null): PersonalKind | null {
  if (column === null) return null;
  return PERSONAL_COLUMNS.get(normHeader(column)) ?? null;
}

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

/** Data errors or notices with the values of personal columns masked, and ID/phone numbers masked anywhere. */
export function maskDataErrors<T extends DataError>(errors: readonly T[]): T[] {
  return errors.map((e) => {
    const kind = personalKind(e.column);
    const value = e.value === null ? null : kind ? maskValue(e.value, kind) : maskText(e.value);
    const args = maskArgs(e.args, kind !== null ? e.value : null, value);
    return { ...e, value, args, column: e.column === null ? null : maskText(e.column), file: maskText(e.file) };
  });
}

/** A finding's arguments with numbers masked; an argument equal to the raw personal value gets its masked form. */
function maskArgs(args: Finding['args'], raw: string | null, masked: string | null): Finding['args'] {
  const out: Finding['args'] = {};
  for (const [k, v] of Object.entries(args)) {
    if (typeof v !== 'string') out[k] = v;
    else if (raw !== null && v === raw) out[k] = masked;
    else if (raw !== null && raw.length > 1 && v.includes(raw)) out[k] = maskText(v.split(raw).join(masked ?? ''));
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
 * A copy of the report fit for a meeting or a CI log: personal columns'
 * values masked by kind, the approver of a waiver masked as a name, and
 * every resident ID and mobile number anywhere masked. The input is not changed.
 */
export function maskReport(report: Report): Report {
  const masked = deepMask(report);
  masked.dataErrors = maskDataErrors(report.dataErrors);
  masked.notices = maskDataErrors(report.notices);
  masked.results = masked.results.map((r) => (r.waiver ? { ...r, waiver: { ...r.waiver, approvedBy: maskName(r.waiver.approvedBy) } } : r));
  return masked;
}
