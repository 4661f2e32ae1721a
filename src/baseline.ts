/**
 * Month over month: compares this run with an earlier JSON report
 * (`--baseline last-month.json`): what newly fails, what was fixed, what is
 * still open, and how the headline figures moved. A baseline that cannot
 * be used is a BaselineError with a code the CLI words (missing, not JSON,
 * not a report), never a raw system or parser message.
 */
import { basename } from 'node:path';
import { z } from 'zod';
import { MAX_TABLE_BYTES, readGuarded, type GuardProblem } from './load/guard.js';
import { STATUSES, type BaselineComparison, type Report, type Status } from './model.js';

/** A result that needs attention: failing, warned, or missing its data. Pending is not yet due. */
const OPEN: ReadonlySet<Status> = new Set(['fail', 'warn', 'no-data']);
/** A result that meets its target (or is waived by an approved decision). */
const MET: ReadonlySet<Status> = new Set(['pass', 'waived']);

const earlierSchema = z.object({
  schemaVersion: z.literal(1),
  asOf: z.string().optional(),
  results: z.array(
    z.looseObject({
      rule: z.string(),
      village: z.string().nullable(),
      status: z.enum(STATUSES),
      actual: z.union([z.number(), z.string(), z.null()]).optional(),
    }),
  ),
});
export type EarlierReport = z.infer<typeof earlierSchema>;

/** Why a baseline cannot be used, as a code the CLI words in zh and en (messages/cli.ts). */
export type BaselineProblem =
  | { code: 'missing' }
  | { code: 'unreadable'; problem: GuardProblem }
  | { code: 'empty' }
  | { code: 'not-json'; line: number | null; column: number | null }
  | { code: 'not-report'; field: string };

export class BaselineError extends Error {
  constructor(
    readonly path: string,
    readonly problem: BaselineProblem,
  ) {
    super(`${path}: ${problem.code}`);
  }
}

/** Line and column (1-based) of a JSON.parse error's `position N`, when V8 names one. */
function jsonErrorAt(text: string, message: string): { line: number | null; column: number | null } {
  const m = /at position (\d+)/.exec(message);
  if (!m) return { line: null, column: null };
  const before = text.slice(0, Number(m[1]));
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1]!.length + 1 };
}

export async function readBaseline(path: string): Promise<EarlierReport> {
  // A regular file only (a FIFO would hang the run, a device never ends), within the tables' size cap.
  const got = await readGuarded(path, { maxBytes: MAX_TABLE_BYTES });
  if (!got.ok) {
    const missing = got.code === 'unreadable-file' && (got.args.reason === 'ENOENT' || got.args.reason === 'ENOTDIR');
    throw new BaselineError(path, missing ? { code: 'missing' } : { code: 'unreadable', problem: got });
  }
  const text = got.bytes.toString('utf8').replace(/^\uFEFF/, '');
  if (text.trim() === '') throw new BaselineError(path, { code: 'empty' });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new BaselineError(path, { code: 'not-json', ...jsonErrorAt(text, (e as Error).message) });
  }
  const parsed = earlierSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new BaselineError(path, { code: 'not-report', field: issue.path.join('.') || '(top)' });
  }
  return parsed.data;
}

export function compareWithBaseline(report: Report, earlier: EarlierReport, file: string): BaselineComparison {
  const key = (rule: string, village: string | null) => `${rule}\u0000${village ?? ''}`;
  const before = new Map(earlier.results.map((r) => [key(r.rule, r.village), r]));
  const out: BaselineComparison = { file: basename(file), asOf: earlier.asOf ?? null, newlyFailing: [], fixed: [], stillOpen: [], headline: [] };
  for (const r of report.results) {
    const was = before.get(key(r.rule, r.village));
    const wasStatus: Status = was?.status ?? 'n/a';
    const entry = { rule: r.rule, village: r.village, status: r.status, was: wasStatus };
    const openNow = OPEN.has(r.status);
    const openBefore = OPEN.has(wasStatus);
    if (openNow && openBefore) out.stillOpen.push(entry);
    else if (openNow) out.newlyFailing.push(entry);
    else if (openBefore) out.fixed.push(entry);
    // Not yet due then, met now (3.2d reaching 2,000 亩 before its date): an improvement too.
    else if (wasStatus === 'pending' && MET.has(r.status)) out.fixed.push(entry);
  }
  for (const meta of report.rules) {
    if (!meta.headline) continue;
    const now = report.results.find((r) => r.rule === meta.id && r.village === null);
    if (!now) continue;
    const was = before.get(key(meta.id, null));
    const figures = { before: was?.actual ?? null, after: now.actual ?? null };
    // No figure then or now (a count-of-villages rule, a no-data result): nothing moved, nothing to show.
    if (figures.before === null && figures.after === null) continue;
    out.headline.push({ rule: meta.id, ...figures });
  }
  return out;
}
