/**
 * Waivers: a signed-off exception for a rule (and optionally one village)
 * until an expiry date. `waivers.yaml` in the data folder or `--waivers FILE`:
 *
 *   - rule: "2.6"
 *     village: 核桃村          # id or name; absent = every result of the rule
 *     reason: 受疫情影响，延至 2021 年 3 月
 *     approved_by: 镇扶贫办
 *     expires: 2021-03-31
 *
 * Chinese keys work too (规则, 村, 理由, 批准人, 到期日期). A malformed entry is a
 * data error with its line; an expired one no longer applies and is reported;
 * one that covers no result is reported as stale.
 */
import { readdir, realpath } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { decodeBytes, type ForcedEncoding } from './load/encoding.js';
import { MAX_SMALL_INPUT_BYTES, readGuarded } from './load/guard.js';
import type { DataError, Dataset, Finding, RuleResult, Status } from './model.js';
import { normaliseDate } from './validate/cells.js';

/**
 * Every code a waivers file can give as a data error (each worded in
 * src/messages/data.ts): reading the file, its YAML, its entries.
 */
export const WAIVER_ERROR_CODES = [
  'symlink-outside',
  'not-a-file',
  'file-too-large',
  'unreadable-file',
  'binary-file',
  'two-forms',
  'yaml-syntax',
  'waivers-not-a-list',
  'waiver-not-a-mapping',
  'waiver-unknown-key',
  'waiver-not-text',
  'waiver-missing-key',
  'bad-date',
] as const;
export type WaiverErrorCode = (typeof WAIVER_ERROR_CODES)[number];

export interface Waiver {
  rule: string;
  /** A village id or name as written; null: every result of the rule. */
  village: string | null;
  reason: string;
  approvedBy: string;
  expires: string;
  file: string;
  line: number;
}

const KEYS: Record<string, keyof Omit<Waiver, 'file' | 'line'>> = {
  rule: 'rule',
  规则: 'rule',
  规则编号: 'rule',
  village: 'village',
  村: 'village',
  村编号: 'village',
  '村（社区）': 'village',
  reason: 'reason',
  理由: 'reason',
  原因: 'reason',
  approved_by: 'approvedBy',
  批准人: 'approvedBy',
  审批人: 'approvedBy',
  expires: 'expires',
  到期日期: 'expires',
  有效期至: 'expires',
};
const REQUIRED: (keyof Omit<Waiver, 'file' | 'line'>)[] = ['rule', 'reason', 'approvedBy', 'expires'];

/** Parses a waivers file; every problem becomes a DataError with its line. */
export function parseWaivers(source: string, file: string): { waivers: Waiver[]; errors: DataError[] } {
  const errors: DataError[] = [];
  const lc = new LineCounter();
  const err = (line: number | null, column: string | null, value: string | null, code: WaiverErrorCode, args: Finding['args'] = {}) =>
    errors.push({ file, line, column, value, code, args });
  // The parser's own duplicate-key check compares every pair of keys (quadratic on a hostile file): done below with a set.
  const doc = parseDocument(source.replace(/^\uFEFF/, ''), { lineCounter: lc, uniqueKeys: false, prettyErrors: false });
  for (const e of doc.errors) err(lc.linePos(e.pos[0]).line, null, null, 'yaml-syntax', { message: e.message.split('\n')[0]! });
  if (errors.length) return { waivers: [], errors };
  const root = doc.contents;
  if (root === null || root === undefined) return { waivers: [], errors };
  if (!isSeq(root)) {
    err(1, null, null, 'waivers-not-a-list');
    return { waivers: [], errors };
  }
  const waivers: Waiver[] = [];
  for (const item of root.items) {
    const line = lc.linePos((item as unknown as { range?: number[] }).range?.[0] ?? 0).line;
    if (!isMap(item)) {
      err(line, null, null, 'waiver-not-a-mapping');
      continue;
    }
    const w: Partial<Waiver> = { file, line };
    let ok = true;
    const seen = new Set<string>();
    for (const pair of item.items) {
      const keyText = isScalar(pair.key) ? String(pair.key.value).trim() : '';
      if (seen.has(keyText)) {
        err(lc.linePos((pair.key as unknown as { range?: number[] } | null)?.range?.[0] ?? 0).line, keyText, null, 'yaml-syntax', { message: 'Map keys must be unique' });
        ok = false;
        continue;
      }
      seen.add(keyText);
      const key = KEYS[keyText] ?? KEYS[keyText.toLowerCase()];
      const at = lc.linePos((pair.key as unknown as { range?: number[] } | null)?.range?.[0] ?? 0).line;
      if (!key) {
        err(at, keyText, null, 'waiver-unknown-key', { allowed: 'rule, village, reason, approved_by, expires' });
        ok = false;
        continue;
      }
      const node = pair.value;
      const value = isScalar(node) ? (node.source ?? (node.value === null ? '' : String(node.value))).trim() : null;
      if (value === null) {
        err(at, keyText, null, 'waiver-not-text');
        ok = false;
        continue;
      }
      if (key === 'expires') {
        const d = normaliseDate(value);
        if (!d) {
          err(at, keyText, value, 'bad-date');
          ok = false;
          continue;
        }
        w.expires = d;
      } else w[key] = value;
    }
    for (const k of REQUIRED) {
      if (!w[k]) {
        err(line, k === 'approvedBy' ? 'approved_by' : k, null, 'waiver-missing-key', { key: k === 'approvedBy' ? 'approved_by' : k });
        ok = false;
      }
    }
    if (ok) waivers.push({ village: null, ...w } as Waiver);
  }
  return { waivers, errors };
}

type Waivers = { waivers: Waiver[]; errors: DataError[] };

const fileError = (file: string, code: WaiverErrorCode, args: DataError['args']): Waivers => ({
  waivers: [],
  errors: [{ file, line: null, column: null, value: null, code, args }],
});

/**
 * Reads a waivers file through the guard the tables use: a regular file only
 * (a FIFO or a device is an error, not a hang), at most 16 MB, and with
 * `inside` (the real path of the data folder) only when it resolves inside it.
 */
export async function readWaivers(path: string, opts: { inside?: string; encoding?: ForcedEncoding; name?: string } = {}): Promise<Waivers> {
  const file = opts.name ?? basename(path);
  const got = await readGuarded(path, { maxBytes: MAX_SMALL_INPUT_BYTES, inside: opts.inside });
  if (!got.ok) return fileError(file, got.code, got.args);
  const decoded = decodeBytes(got.bytes, opts.encoding);
  if ('binary' in decoded) return fileError(file, 'binary-file', {});
  return parseWaivers(decoded.text, file);
}

/**
 * `--waivers FILE`, else `waivers.yaml` / `waivers.yml` in the data folder
 * when present (the name compared case-insensitively, as the tables are).
 */
export async function findWaivers(dir: string, flag: string | undefined, encoding?: ForcedEncoding): Promise<Waivers> {
  if (flag) return readWaivers(flag, { encoding });
  let names: string[];
  let realDir: string;
  try {
    names = (await readdir(dir)).sort();
    realDir = await realpath(dir);
  } catch {
    // The data folder itself is missing or unreadable: the loader reports that.
    return { waivers: [], errors: [] };
  }
  const found = names.filter((n) => ['waivers.yaml', 'waivers.yml'].includes(n.toLowerCase()));
  if (found.length > 1) return fileError(found[0]!, 'two-forms', { files: found.join(', ') });
  if (found.length === 0) return { waivers: [], errors: [] };
  return readWaivers(join(dir, found[0]!), { inside: realDir, encoding, name: found[0]! });
}

/** Statuses a waiver can cover: a passing or n/a result needs none. */
const WAIVABLE: ReadonlySet<Status> = new Set(['fail', 'pending', 'warn', 'no-data']);

/**
 * Matches waivers to results at an as-of date. `waive` is handed to the engine,
 * which applies it before rolling village results up to the town; `notices`
 * then reports expired waivers and those that covered nothing (stale).
 */
export function waiverMatcher(waivers: readonly Waiver[], data: Dataset, asOf: string) {
  const nameToId = new Map<string, string>();
  for (const v of data.tables.villages.records) {
    nameToId.set(v.village_id as string, v.village_id as string);
    if (typeof v.name === 'string') nameToId.set(v.name, v.village_id as string);
  }
  const active = waivers.filter((w) => w.expires >= asOf);
  const used = new Set<Waiver>();
  const waive = (rule: string, village: string | null, status: Status): Waiver | null => {
    if (!WAIVABLE.has(status)) return null;
    for (const w of active) {
      if (w.rule !== rule) continue;
      if (w.village !== null && (village === null || nameToId.get(w.village) !== village)) continue;
      used.add(w);
      return w;
    }
    return null;
  };
  const notices = (_results: readonly RuleResult[]): Finding[] => {
    const out: Finding[] = [];
    for (const w of waivers) {
      const where = { rule: w.rule, village: w.village, file: w.file, line: w.line, expires: w.expires };
      if (w.expires < asOf) out.push({ code: 'waiver-expired', args: where });
      else if (!used.has(w)) out.push({ code: 'waiver-stale', args: where });
    }
    return out;
  };
  return { waive, notices };
}
