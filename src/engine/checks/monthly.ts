/**
 * monthly: instructor visits in every checked month (3.15 每月至少进村入户指导
 * 一次). Checked months run from `from` to `to` and end on or before the as-of
 * date. `village` mode judges each village (offenders: missing months);
 * `instructor` mode judges each instructor the filter selects (offenders: ids).
 */
import { z } from 'zod';
import { compiledRows, conditionSchema, fieldsOf } from '../conditions.js';
import { cellAt, perValue, rowSetOf, type Cell, type RowSet } from '../records.js';
import { isUnknown, type Dataset, type DataError } from '../../model.js';
import type { CheckKind, EntityJudgment, Judgment } from '../kind.js';
import { CODE } from '../pack-issues.js';
import { doc, WAITS_KEPT } from './common.js';

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, CODE('month'));
const params = z
  .object({
    mode: z.enum(['village', 'instructor']).meta(doc('village：每个村每月有走访；instructor：每名指导员每月都走访', 'village: every village has a visit each month; instructor: each instructor visits each month', 'mode: village')),
    from: month.meta(doc('第一个检查月份', 'the first month checked', 'from: "2020-04"')),
    to: month.meta(doc('最后一个检查月份（截至检查日期已结束的月份才检查）', 'the last month checked (only months ended by the as-of date are)', 'to: "2020-12"')),
    /** Which instructors are judged (instructor mode). */
    instructors: conditionSchema.optional().meta(doc('instructor 模式下判断哪些指导员', 'which instructors are judged (instructor mode)', 'instructors: { field: role, is: 产业发展指导员 }')),
  })
  .strict()
  .meta(doc('每月：指导员在每个检查月份都有进村入户的走访记录', 'monthly: instructor visits to villages and households in every checked month'));
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
  const visits = rowSetOf(data, 'visits');
  const visitVillage = cellAt(visits, 'village_id');
  const visitHousehold = cellAt(visits, 'household_id');
  for (let i = 0; i < visits.n; i++) {
    if (typeof visitVillage(i) === 'string') continue;
    const h = visitHousehold(i);
    if (typeof h === 'string') wanted.add(h);
  }
  const find = data.tables.households.findById;
  // A household whose village is unreadable: its visits may be to any village ('*').
  const villageOf = (v: Cell): string | null => (typeof v === 'string' ? v : isUnknown(v) ? '*' : null);
  if (find) {
    for (const id of wanted) {
      const h = find(id);
      const v = h ? villageOf(h.village_id) : null;
      if (v !== null) got.set(id, v);
    }
  } else if (wanted.size) {
    const households = rowSetOf(data, 'households');
    const householdId = cellAt(households, 'household_id');
    const householdVillage = cellAt(households, 'village_id');
    for (let i = 0; i < households.n - (data.tables.households.standIns?.length ?? 0); i++) {
      const id = householdId(i);
      const v = wanted.has(id as string) ? villageOf(householdVillage(i)) : null;
      if (v !== null) got.set(id as string, v);
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
  lint(_raw, at) {
    at.condition(['instructors'], 'instructors');
  },
  target: (p) => ({
    machine: `monthly ${p.from}..${p.to}`,
    zh: p.mode === 'village' ? '每月有指导员进村入户' : '每人每月至少进村入户一次',
    en: p.mode === 'village' ? 'an instructor visit every month' : 'each instructor visits every month',
    bound: null,
    unit: 'months',
  }),
  run(p, ctx) {
    const months = checkedMonths(p.from, p.to, ctx.asOf);
    const byVillage = p.mode === 'village';
    const { seen, doubtful } = visitMonths(ctx.data)[byVillage ? 'village' : 'instructor'];
    /** The months a key missed, and whether doubtful visits could fill all of them (with their errors). */
    const gapsOf = (key: string): { gaps: string[]; couldFill: DataError[] | null } => {
      const gaps = months.filter((m) => !seen.get(key)?.has(m));
      if (gaps.length === 0 || doubtful.size === 0) return { gaps, couldFill: null };
      let open = 0;
      let anyMonth = 0;
      const waits: DataError[] = [];
      const mine = [doubtful.get(key), doubtful.get('*')];
      for (const d of mine) {
        if (!d) continue;
        anyMonth += d.anyMonth;
        if (d.anyMonth) waits.push(...d.anyWaits);
      }
      for (const m of gaps) {
        const w = mine[0]?.months.get(m) ?? mine[1]?.months.get(m);
        if (w) waits.push(...w);
        else open++;
      }
      return { gaps, couldFill: open <= anyMonth && waits.length > 0 ? waits : null };
    };

    if (byVillage) {
      const villages = new Map<string, Judgment>();
      for (const v of ctx.villages) {
        const id = v.village_id as string;
        if (months.length === 0) {
          villages.set(id, { verdict: 'n/a', actual: null });
          continue;
        }
        const { gaps, couldFill } = gapsOf(id);
        villages.set(id, {
          verdict: gaps.length === 0 ? 'ok' : couldFill ? 'no-data' : 'miss',
          actual: months.length - gaps.length,
          numerator: months.length - gaps.length,
          denominator: months.length,
          offenders: gaps.map((m, i) => ({ id: m, order: i })),
          ...(couldFill ? { possible: ['ok', 'miss'], waits: couldFill } : {}),
        });
      }
      // The town result rolls up the villages; this one is only used for town scope.
      return { mode: 'judged', villages, town: { verdict: months.length ? 'ok' : 'n/a' }, townJudgedOnOwn: false, offendersAreMonths: true };
    }

    const entities: EntityJudgment[] = [];
    if (months.length === 0) return { mode: 'entities', entities, whenNone: { verdict: 'n/a', actual: null } };
    const instructors = rowSetOf(ctx.data, 'instructors');
    const which = p.instructors ? compiledRows(p.instructors, ctx.evalFor('instructors'), instructors) : null;
    const instructorId = cellAt(instructors, 'instructor_id');
    for (let order = 0; order < instructors.n; order++) {
      const m = which ? which.member(order) : 'in';
      if (m === 'out') continue;
      const cell = instructorId(order);
      if (isUnknown(cell)) {
        // An instructor whose id is unreadable (or a row that could not be read): whether they visited is unknown.
        const id = `?${ctx.data.tables.instructors.file ?? 'instructors'}:${instructors.line(order)}`;
        const waits = [cell.error, ...(m === 'unknown' ? which!.waits(order) : [])];
        entities.push({ id, order, village: null, judged: { outcome: 'no-data', waits }, ...(m === 'unknown' ? { maybe: true, maybeWaits: waits } : {}) });
        continue;
      }
      if (typeof cell !== 'string') continue;
      const id = cell;
      const { gaps, couldFill } = gapsOf(id);
      entities.push({
        id,
        order,
        village: null,
        judged:
          gaps.length === 0
            ? { outcome: 'ok' }
            : couldFill
              ? { outcome: 'no-data', waits: couldFill, notes: [{ code: 'months-missing', args: { months: gaps.join('、') } }] }
              : { outcome: 'miss', notes: [{ code: 'months-missing', args: { months: gaps.join('、') } }] },
        ...(m === 'unknown' ? { maybe: true, maybeWaits: which!.waits(order) } : {}),
      });
    }
    return { mode: 'entities', entities };
  },
};

/**
 * Which months each key (a village or an instructor) was seen in, and the
 * doubtful visits grouped once: by key ('*' for any), then by month ('*' for
 * any), with the errors they hang on, so a key's gaps are looked up, not
 * searched for among every doubtful visit. Every month a visit names is kept:
 * a rule looks up only the months it checks.
 */
interface Months {
  seen: Map<string, Set<string>>;
  doubtful: Map<string, { anyMonth: number; anyWaits: DataError[]; months: Map<string, DataError[]> }>;
}

/** The visits' months by village and by instructor: one pass over the visits for every monthly rule of a run. */
function visitMonths(data: Dataset): { village: Months; instructor: Months } {
  let got = VISIT_MONTHS.get(data);
  if (got) return got;
  const village: Months = { seen: new Map(), doubtful: new Map() };
  const instructor: Months = { seen: new Map(), doubtful: new Map() };
  const mark = (m: Months, key: string, month: string) => {
    let s = m.seen.get(key);
    if (!s) m.seen.set(key, (s = new Set()));
    s.add(month);
  };
  const doubt = (m: Months, key: string, month: string, waits: DataError[]) => {
    let d = m.doubtful.get(key);
    if (!d) m.doubtful.set(key, (d = { anyMonth: 0, anyWaits: [], months: new Map() }));
    if (month === '*') {
      d.anyMonth++;
      if (d.anyWaits.length < WAITS_KEPT) d.anyWaits.push(...waits);
    } else if (!d.months.has(month)) d.months.set(month, waits);
  };
  const householdVillage = villagesOfVisitedHouseholds(data);
  const visits = visitCells(rowSetOf(data, 'visits'));
  const read: Visit = { instructor: '', village: '', month: '', waits: null };
  for (let i = 0; i < visits.n; i++) {
    if (!readVisit(visits, i, householdVillage, read)) continue;
    if (read.waits === null) {
      mark(village, read.village, read.month);
      mark(instructor, read.instructor, read.month);
    } else {
      doubt(village, read.village, read.month, read.waits);
      doubt(instructor, read.instructor, read.month, read.waits);
    }
  }
  got = { village, instructor };
  VISIT_MONTHS.set(data, got);
  return got;
}
const VISIT_MONTHS = new WeakMap<Dataset, { village: Months; instructor: Months }>();

/** The cells of the visits a monthly rule reads, by index (from the table's columns); a date as its month (YYYY-MM), cut once per date. */
interface VisitCells {
  n: number;
  instructor(i: number): Cell;
  month(i: number): Cell;
  village(i: number): Cell;
  household(i: number): Cell;
}

function visitCells(visits: RowSet): VisitCells {
  return {
    n: visits.n,
    instructor: cellAt(visits, 'instructor_id'),
    month: perValue(visits, 'date', (v) => (typeof v === 'string' ? v.slice(0, 7) : v)),
    village: cellAt(visits, 'village_id'),
    household: cellAt(visits, 'household_id'),
  };
}

/**
 * A visit as 3.15b/c read it: by an instructor, to a village (its own or its
 * household's), in a month. An unreadable cell makes that part '*' (any), and
 * the visit doubtful, waiting on its errors (null: none).
 */
interface Visit {
  instructor: string;
  village: string;
  month: string;
  waits: DataError[] | null;
}

/** Reads visit i into `out`; false for a visit that surely does not count. */
function readVisit(v: VisitCells, i: number, householdVillage: Map<string, string>, out: Visit): boolean {
  out.waits = null;
  const instructor = part(v.instructor(i), out);
  if (instructor === null) return false;
  const month = part(v.month(i), out);
  if (month === null) return false;
  let village = part(v.village(i), out);
  if (village === null) {
    const h = part(v.household(i), out);
    village = h === '*' ? '*' : h === null ? null : (householdVillage.get(h) ?? null);
  }
  // A visit with only an enterprise is not 进村入户.
  if (village === null) return false;
  out.instructor = instructor;
  out.village = village;
  out.month = month;
  return true;
}

/** A cell of a visit: its text; '*' (any) when unreadable, its error added to the visit's; null when empty. */
function part(x: Cell, out: Visit): string | null {
  if (isUnknown(x)) {
    (out.waits ??= []).push(x.error);
    return '*';
  }
  return typeof x === 'string' ? x : null;
}
