/**
 * monthly: instructor visits in every checked month (3.15 每月至少进村入户指导
 * 一次). Checked months run from `from` to `to` and end on or before the as-of
 * date. `village` mode judges each village (offenders: missing months);
 * `instructor` mode judges each instructor the filter selects (offenders: ids).
 */
import { z } from 'zod';
import { conditionSchema, fieldsOf, matches } from '../conditions.js';
import type { Dataset } from '../../model.js';
import type { CheckKind, EntityJudgment, Judgment } from '../kind.js';

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM');
const params = z
  .object({
    mode: z.enum(['village', 'instructor']),
    from: month,
    to: month,
    /** Which instructors are judged (instructor mode). */
    instructors: conditionSchema.optional(),
  })
  .strict();
type Params = z.infer<typeof params>;

/** Months from..to (inclusive) whose last day is on or before as-of. */
export function checkedMonths(from: string, to: string, asOf: string): string[] {
  const months: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  for (;;) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    if (key > to) break;
    const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
    if (`${key}-${String(lastDay).padStart(2, '0')}` > asOf) break;
    months.push(key);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return months;
}

/**
 * The village of each household a visit names without a village: one scan of
 * the households for just those ids (cheaper than indexing a million of them),
 * shared by every monthly rule of the run.
 */
const visitedHouseholds = new WeakMap<Dataset, Map<string, string>>();
function villagesOfVisitedHouseholds(data: Dataset): Map<string, string> {
  let got = visitedHouseholds.get(data);
  if (got) return got;
  got = new Map();
  const wanted = new Set<string>();
  for (const v of data.tables.visits.records) if (!v.village_id && typeof v.household_id === 'string') wanted.add(v.household_id);
  const find = data.tables.households.findById;
  if (find) {
    for (const id of wanted) {
      const h = find(id);
      if (h) got.set(id, h.village_id as string);
    }
  } else if (wanted.size) {
    for (const h of data.tables.households.records) {
      if (wanted.has(h.household_id as string)) got.set(h.household_id as string, h.village_id as string);
    }
  }
  visitedHouseholds.set(data, got);
  return got;
}

export const monthly: CheckKind<Params> = {
  kind: 'monthly',
  params,
  emptyVillageIsNA: false,
  nothingToCheck: (p, asOf) => checkedMonths(p.from, p.to, asOf).length === 0,
  table: (p) => (p.mode === 'village' ? 'visits' : 'instructors'),
  fields: (p, defs) => [
    { table: 'visits', field: 'date' },
    { table: 'visits', field: 'instructor_id' },
    { table: 'visits', field: 'village_id' },
    { table: 'visits', field: 'household_id' },
    ...fieldsOf(p.instructors, 'instructors', defs),
  ],
  target: (p) => ({
    machine: `monthly ${p.from}..${p.to}`,
    zh: p.mode === 'village' ? '每月有指导员进村入户' : '每人每月至少进村入户一次',
    en: p.mode === 'village' ? 'an instructor visit every month' : 'each instructor visits every month',
    unit: 'months',
  }),
  run(p, ctx) {
    const months = checkedMonths(p.from, p.to, ctx.asOf);
    const checked = new Set(months);
    // One pass over the visits: which months each village / instructor was seen in.
    const seen = new Map<string, Set<string>>();
    const mark = (key: string, m: string) => {
      let s = seen.get(key);
      if (!s) seen.set(key, (s = new Set()));
      s.add(m);
    };
    const householdVillage = villagesOfVisitedHouseholds(ctx.data);
    for (const v of ctx.data.tables.visits.records) {
      const instructor = v.instructor_id as string | null;
      if (!instructor) continue;
      const m = (v.date as string).slice(0, 7);
      if (!checked.has(m)) continue;
      const village = (v.village_id as string | null) ?? (v.household_id ? householdVillage.get(v.household_id as string) : undefined);
      // A visit with only an enterprise is not 进村入户.
      if (!village) continue;
      mark(p.mode === 'village' ? village : instructor, m);
    }
    const missing = (key: string) => months.filter((m) => !seen.get(key)?.has(m));

    if (p.mode === 'village') {
      const villages = new Map<string, Judgment>();
      for (const v of ctx.villages) {
        const id = v.village_id as string;
        if (months.length === 0) {
          villages.set(id, { verdict: 'n/a', actual: null });
          continue;
        }
        const gaps = missing(id);
        villages.set(id, {
          verdict: gaps.length === 0 ? 'ok' : 'miss',
          actual: months.length - gaps.length,
          numerator: months.length - gaps.length,
          denominator: months.length,
          offenders: gaps.map((m, i) => ({ id: m, order: i })),
        });
      }
      // The town result rolls up the villages; this one is only used for town scope.
      return { mode: 'judged', villages, town: { verdict: months.length ? 'ok' : 'n/a' }, townJudgedOnOwn: false };
    }

    const ev = ctx.evalFor('instructors');
    const entities: EntityJudgment[] = [];
    if (months.length === 0) return { mode: 'entities', entities, whenNone: { verdict: 'n/a', actual: null } };
    ctx.data.tables.instructors.records.forEach((rec, order) => {
      if (!matches(p.instructors, rec, ev)) return;
      const id = rec.instructor_id as string;
      const gaps = missing(id);
      entities.push({
        id,
        order,
        village: null,
        judged: gaps.length === 0 ? { outcome: 'ok' } : { outcome: 'miss', notes: [{ code: 'months-missing', args: { months: gaps.join('、') } }] },
      });
    });
    return { mode: 'entities', entities };
  },
};
