/**
 * Month over month: compares this run with an earlier JSON report
 * (`--baseline last-month.json`): what newly fails, what was fixed, what is
 * still open, and how the headline figures moved.
 */
import { basename } from 'node:path';
import { z } from 'zod';
import { MAX_TABLE_BYTES, readGuarded, type GuardProblem } from './load/guard.js';
import { STATUSES, type BaselineComparison, type Report, type Status } from './model.js';

/** A result that needs attention: failing, warned, or missing its data. Pending is not yet due. */
const OPEN: ReadonlySet<Status> = new Set(['fail', 'warn', 'no-data']);

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

export class BaselineError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
    /** Set when the file could not be read at all (a FIFO, a device, too large, missing ...). */
    readonly problem?: GuardProblem,
  ) {
    super(`${path}: ${reason}`);
  }
}

export async function readBaseline(path: string): Promise<EarlierReport> {
  // A regular file only (a FIFO would hang the run, a device never ends), within the tables' size cap.
  const got = await readGuarded(path, { maxBytes: MAX_TABLE_BYTES });
  if (!got.ok) throw new BaselineError(path, got.code === 'unreadable-file' ? got.args.reason : got.code, got);
  const text = got.bytes.toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new BaselineError(path, `not JSON (${(e as Error).message})`);
  }
  const parsed = earlierSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new BaselineError(path, `not a hebao-check JSON report: ${issue.path.join('.')}: ${issue.message}`);
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
  }
  for (const meta of report.rules) {
    if (!meta.headline) continue;
    const now = report.results.find((r) => r.rule === meta.id && r.village === null);
    if (!now) continue;
    const was = before.get(key(meta.id, null));
    out.headline.push({ rule: meta.id, before: was?.actual ?? null, after: now.actual });
  }
  return out;
}
