/**
 * change: a figure this period against earlier periods' (巩固拓展 plans: 村集体
 * 经济收入 grows ≥ 10%, 脱贫人口人均纯收入增速高于全镇, 卫生户厕覆盖率稳步提升,
 * more cooperatives than last year). Over the records `where` selects, the
 * figure is a sum of `field` (a village's own figure, on the villages table),
 * a count of records (no field), a mean of `field` weighted by `weight`
 * (Σ field×weight / Σ weight: 人均 income weighted by members), or the share
 * that meets `meets`. Each village is judged on its own figures, the town on
 * the town's. `growth` compares now / before − 1 and `difference` now −
 * before with the bound, or with the same change of the town's figure
 * (`against: town`) or of a town.yaml figure (`against: rural_income`) plus
 * the bound. `rising` (稳步提升) reads every period the folders chain to:
 * never lower than the period before, and above the earliest. Needs last
 * period's data folder (`--previous`); without it, no-data. All arithmetic is
 * exact (means and shares are fractions, never floats).
 */
import { basename, normalize } from 'node:path';
import { z } from 'zod';
import { type TableName } from '../../contract/tables.js';
import { columnOf } from '../../contract/contract.js';
import { compiled, conditionSchema, fieldsOf, type Condition } from '../conditions.js';
import { dec, type Decimal } from '../../text/decimal.js';
import { WILDCARD, type CheckKind, type Judgment, type Rows, type Verdict } from '../kind.js';
import { isUnknown, type Dataset, type DataError, type Finding } from '../../model.js';
import { allRows, concatRows, NO_ROWS, rowSetOf } from '../records.js';
import { bound, percent, OP_SYMBOL, thousands, type Op } from '../targets.js';
import { decimalSchema, doc, tableSchema } from './common.js';
import {
  changeBetween,
  cmpFrac,
  divFrac,
  earlierPeriods,
  evalIn,
  exactly,
  figureRange,
  fracNumber,
  minusFrac,
  plusFrac,
  previousByVillage,
  whole,
  type FigureKind,
  type FigureSpec,
  type Frac,
  type Range,
} from './periods.js';

const params = z
  .object({
    table: tableSchema.meta(doc('所比较的表（本期与上期文件夹中的同一张表）', "the table compared (the same table in this and last period's folders)", 'table: villages')),
    where: conditionSchema.optional().meta(doc('只计满足这个条件的记录', 'only the records that match this', 'where: { field: poverty_status, is: 已脱贫 }')),
    field: z
      .string()
      .optional()
      .meta(doc('相加的数值列（与 weight 同用时为求平均的数值列）；不写则数记录条数（或与 meets 同用求比例）', 'the figure summed (with weight: the figure averaged); without it, records are counted (or, with meets, a share is taken)', 'field: collective_income')),
    weight: z
      .string()
      .optional()
      .meta(
        doc(
          '与 field 同用：比较按这一列加权的平均值 Σ(field×weight) / Σ weight（如人均纯收入按人口：weight: members）；与 meets 同用：比例按这一列加权（按人数，而不是户数）',
          "with field: the figure is the mean of field weighted by this column, Σ(field×weight) / Σ weight (per-person income weighted by people: weight: members); with meets: the share is weighted by it (people, not households)",
          'weight: members',
        ),
      ),
    meets: conditionSchema
      .optional()
      .meta(doc('比较比例：where 选出的记录中满足这个条件的比例（如卫生户厕覆盖率）；不能与 field 同用', 'the figure is a share: of the records where selects, those that meet this (sanitary toilet coverage); not with field', 'meets: { field: industry_covered, is: true }')),
    compare: z
      .enum(['growth', 'difference', 'rising'])
      .meta(
        doc(
          'growth：本期 / 上期 − 1；difference：本期 − 上期（比例为百分点）；rising：稳步提升，读取可得的各期（上期文件夹 manifest.yaml 的 previous: 指向再上一期，最多 10 期），逐期不降且本期高于最早一期，只有两期时即本期高于上期；比例各期均为 100% 时为已全覆盖，视为达到。rising 不写 op 和 value',
          "growth: now / before − 1; difference: now − before (points, for a share); rising (稳步提升): every period available (last period's folder's manifest.yaml previous: names the one before, up to 10 periods) is never lower than the one before and this period is above the earliest, which with two periods is: above last period; a share at 100% in every period is full coverage, and met. rising takes no op or value",
          'compare: growth',
        ),
      ),
    op: z.enum(['gte', 'gt', 'lte', 'lt']).default('gte').meta(doc('比较：gte ≥、gt >、lte ≤、lt <（rising 不用）', 'comparison: gte ≥, gt >, lte ≤, lt < (not with rising)', 'op: gte')),
    value: decimalSchema
      .optional()
      .meta(doc('增长率（10% 写作 0.1）或增加量（比例的增加量：5 个百分点写作 0.05）；growth 和 difference 必填，rising 不写', 'the growth (10% is 0.1) or the difference (of a share: 5 points is 0.05); needed by growth and difference, not with rising', 'value: 0.1')),
    unit: z.string().optional().meta(doc('数值的单位（显示在目标中）', 'the unit of the figure (shown in the target)', 'unit: 户')),
    against: z
      .string()
      .min(1)
      .optional()
      .meta(
        doc(
          'town：每个村的增长（或增加量）与全镇同一数值的比较（如村集体收入增速高于全镇：value: 0），全镇不单独判断；town.yaml 的数值键（如 rural_income）：与该数值在本期和上期 town.yaml 中的增长（或增加量）比较，村和全镇都判断。须高于它加 value',
          "town: each village's growth (or change) against the town's of the same figure plus value (a village's income growing faster than the town's: value: 0), the town having no result of its own; a figure of town.yaml (rural_income): against that figure's growth (or change) between this and last period's town.yaml plus value, for villages and the town alike",
          'against: rural_income',
        ),
      ),
  })
  .strict()
  .meta(
    doc(
      '多期比较：本期与上期（--previous 或 manifest.yaml 的 previous:）同一数值（合计、条数、加权平均或比例）的增长或增加，或各期稳步提升（rising）。每个村按本村各期数值判断，全镇按全镇；没有上期数据时为缺数据',
      "periods: the growth or change of a figure (a sum, a count, a weighted mean or a share) between this period and last (--previous, or previous: in manifest.yaml), or its steady rise over every period available (rising). Each village is judged on its own figures, the town on the town's; without last period's data, no-data",
    ),
  );
type Params = z.infer<typeof params>;

/** At most this many periods, this one included: run.ts loads no more. */
export const MAX_PERIODS = 10;

function figureKind(p: Params): FigureKind {
  if (p.meets) return 'share';
  if (p.field && p.weight) return 'mean';
  return p.field ? 'sum' : 'count';
}

/** Every (table, column) the check reads, in each period it reads. */
function fieldsRead(p: Params, defs: Readonly<Record<string, Condition>>): { table: TableName | 'town'; field: string }[] {
  const table = p.table as TableName;
  return [
    ...fieldsOf(p.where, table, defs),
    ...fieldsOf(p.meets, table, defs),
    ...(p.field ? [{ table, field: p.field }] : []),
    ...(p.weight ? [{ table, field: p.weight }] : []),
    ...(p.against && p.against !== 'town' ? [{ table: 'town' as const, field: p.against }] : []),
  ];
}

/** A share's change in points (0.05 → 5 个百分点 / 5 points). */
function points(v: number | string, lang: 'zh' | 'en'): string {
  const n = dec(v).times(100).toFixed();
  return lang === 'zh' ? `${n} 个百分点` : `${n} points`;
}

export const change: CheckKind<Params> = {
  kind: 'change',
  params,
  emptyVillageIsNA: false,
  needsPrevious: true,
  table: (p) => p.table as TableName,
  fields: (p, defs) => fieldsRead(p, defs),
  lint(raw, at) {
    const table = at.table(raw.table);
    const has = (k: string) => raw[k] !== undefined;
    if (table) {
      at.condition(['where'], table);
      at.condition(['meets'], table);
      at.column(['field'], table, 'change');
      at.column(['weight'], table, 'change');
    }
    if (has('field') && has('meets')) at.problem(['meets'], 'change-field-and-meets', {});
    if (has('weight') && !has('field') && !has('meets')) at.problem(['weight'], 'change-weight-alone', {});
    if (raw.compare === 'rising') {
      for (const k of ['op', 'value']) if (has(k)) at.problem([k], 'change-rising-bound', { key: k });
      if (has('against')) at.problem(['against'], 'change-rising-against', {});
    } else if ((raw.compare === 'growth' || raw.compare === 'difference') && !has('value')) {
      at.problem([], 'change-needs-value', { compare: raw.compare });
    }
    if (typeof raw.against === 'string' && raw.against !== 'town') at.column(['against'], 'town', 'change');
  },
  target: (p) => {
    const kind = figureKind(p);
    const share = kind === 'share';
    const figureUnit = share ? 'ratio' : (p.unit ?? 'count');
    if (p.compare === 'rising') {
      return {
        machine: 'rising',
        zh: `逐期不降，且本期高于最早一期（稳步提升）${share ? '；各期均为 100% 即已全覆盖' : ''}`,
        en: `never below the period before, and above the earliest period (steady rise)${share ? '; 100% in every period is full coverage' : ''}`,
        bound: null,
        unit: figureUnit,
      };
    }
    const sym = OP_SYMBOL[p.op as Op];
    const value = p.value ?? 0;
    const growth = p.compare === 'growth';
    // A change of a share is in percentage points (69.2% − 53.8% is 15.4 个百分点, not 15.4%).
    const unit = growth ? 'ratio' : share ? 'points' : figureUnit;
    const amount = (lang: 'zh' | 'en') => (growth ? percent(value) : share ? points(value, lang) : thousands(value));
    const of = growth ? 'growth' : 'difference';
    const against = p.against === undefined ? {} : { against: p.against };
    if (p.against) {
      const zero = Number(value) === 0;
      const plus = (lang: 'zh' | 'en') => (zero ? '' : ` + ${amount(lang)}`);
      const what = growth ? { zh: '增长', en: 'growth' } : { zh: '增加量', en: 'change' };
      const machinePlus = zero ? '' : growth ? ` + ${percent(value)}` : ` + ${thousands(value)}`;
      if (p.against === 'town') {
        return { machine: `${p.compare} ${sym.machine} town${machinePlus}`, zh: `${what.zh} ${sym.human} 全镇${plus('zh')}`, en: `${what.en} ${sym.human} the town's${plus('en')}`, bound: bound(p.op as Op, value, unit, of, against), unit };
      }
      return {
        machine: `${p.compare} ${sym.machine} town.${p.against}${machinePlus}`,
        zh: `${what.zh} ${sym.human} town.yaml 中 ${p.against} 的${what.zh}${plus('zh')}`,
        en: `${what.en} ${sym.human} the ${what.en} of ${p.against} in town.yaml${plus('en')}`,
        bound: bound(p.op as Op, value, unit, of, against),
        unit,
      };
    }
    if (growth) return { machine: `growth ${sym.machine} ${value}`, zh: `比上期增长 ${sym.human} ${percent(value)}`, en: `growth on last period ${sym.human} ${percent(value)}`, bound: bound(p.op as Op, value, unit, of), unit };
    const u = p.unit && !share ? ` ${p.unit}` : '';
    return {
      machine: `difference ${sym.machine} ${value}`,
      zh: `比上期增加 ${sym.human} ${amount('zh')}${u}`,
      en: `change on last period ${sym.human} ${amount('en')}${u}`,
      bound: bound(p.op as Op, value, unit, of),
      unit,
    };
  },
  run(p, ctx) {
    const table = p.table as TableName;
    const kind = figureKind(p);
    const previous = ctx.previous!;
    // Conditions read each period's records in that period's own data (related, ref, as-of).
    const specIn = new Map<Dataset, FigureSpec>();
    const spec = (d: Dataset): FigureSpec => {
      let s = specIn.get(d);
      if (!s) {
        const ev = d === ctx.data ? ctx.evalFor(table) : evalIn(d, table, ctx.evalFor(table));
        s = { table, kind, where: p.where ? compiled(p.where, ev) : null, field: p.field ?? null, weight: p.weight ?? null, meets: p.meets ? compiled(p.meets, ev) : null };
        specIn.set(d, s);
      }
      return s;
    };
    // Latest first: this period, last period, and for rising the ones before, as far as they chain and hold the columns read.
    const periods: Dataset[] = [ctx.data, previous];
    const dropped: Finding[] = [];
    if (p.compare === 'rising') {
      for (const d of earlierPeriods(previous).slice(0, MAX_PERIODS - 2)) {
        const lacking = fieldsRead(p, ctx.definitions).find(({ table: t, field }) => (t === 'town' ? !d.townColumns.has(field) : !d.tables[t].columns.has(field)));
        if (lacking) {
          dropped.push({ code: 'period-lacks-column', args: { period: periodLabel(d), table: lacking.table, column: lacking.field } });
          break;
        }
        periods.push(d);
      }
    }
    const byVillage = (d: Dataset) => (d === ctx.data ? ctx.byVillage(table) : previousByVillage(d, table));
    const scoped = ctx.townRecords(table).orders.length !== rowSetOf(ctx.data, table).n;
    const villageIds = new Set(ctx.villages.map((v) => v.village_id as string));
    const townIn = (d: Dataset): Rows => {
      if (d === ctx.data) return ctx.townRecords(table);
      if (!scoped) return allRows(rowSetOf(d, table));
      const parts: Rows[] = [];
      for (const [id, rows] of byVillage(d)) if (id === WILDCARD || villageIds.has(id)) parts.push(rows);
      return concatRows(parts);
    };
    const town = periods.map((d) => figureRange(spec(d), townIn(d), NO_ROWS, d.contract));
    /** A village's figure in a period; null when a village figure's village is not in an earlier period's data. */
    const villageIn = (d: Dataset, id: string): Range | null => {
      const m = byVillage(d);
      const mine = m.get(id);
      if (d !== ctx.data && table === 'villages' && !mine) return null;
      return figureRange(spec(d), mine ?? NO_ROWS, m.get(WILDCARD) ?? NO_ROWS, d.contract);
    };
    const op = p.op as Op;
    const villages = new Map<string, Judgment>();

    if (p.compare === 'rising') {
      const judge = (series: (Range | null)[]): Judgment => withNotes(judgeRising(series, periods, kind, p.unit ?? null), dropped);
      for (const v of ctx.villages) {
        const id = v.village_id as string;
        villages.set(id, judge(periods.map((d) => villageIn(d, id))));
      }
      return { mode: 'judged', villages, town: judge(town), townJudgedOnOwn: true };
    }

    const compare = p.compare as 'growth' | 'difference';
    const bound = whole(dec(p.value ?? 0));
    // What the change is held against: the bound, plus the town's change or a town.yaml figure's.
    let reference: Reference = { lo: bound, hi: bound, waits: [], notes: [] };
    if (p.against === 'town') reference = shifted(changeBetween(compare, town[0]!, town[1]!), bound, [...town[0]!.waits, ...town[1]!.waits], 'town-previous-zero', {});
    else if (p.against) {
      const key = p.against;
      const now = townFigure(ctx.data, key);
      const before = townFigure(previous, key);
      reference = shifted(changeBetween(compare, now.range, before.range), bound, [...now.range.waits, ...before.range.waits], 'town-figure-previous-zero', { column: key });
      reference.notes.unshift(...now.notes, ...before.notes);
      // The figure held against, so a reader sees what the group had to beat.
      const a = exactly(now.range);
      const b = exactly(before.range);
      if (a !== null && b !== null && (compare === 'difference' || cmpFrac(b, whole(dec(0))) > 0)) {
        const c = compare === 'growth' ? minusFrac(divFrac(a, b), whole(dec(1))) : minusFrac(a, b);
        const v = c.n.div(c.d);
        const amount = compare === 'growth' ? percent(v.round(4).toString()) : thousands(v.round(2).toString());
        reference.notes.push({ code: 'town-figure-change', args: { column: key, compare, change: amount, before: thousands(b.n.div(b.d).round(2).toString()), now: thousands(a.n.div(a.d).round(2).toString()) } });
      }
    }
    const judge = (cur: Range, prev: Range | null): Judgment => judgeChange(compare, op, cur, prev, reference);
    for (const v of ctx.villages) {
      const id = v.village_id as string;
      villages.set(id, judge(villageIn(ctx.data, id) as Range, villageIn(previous, id)));
    }
    // Against the town, the town has no verdict of its own: it is its villages, rolled up.
    if (p.against === 'town') return { mode: 'judged', villages, town: { verdict: 'n/a' }, townJudgedOnOwn: false };
    return { mode: 'judged', villages, town: judge(town[0]!, town[1]!), townJudgedOnOwn: true };
  },
};

/** The range a change is compared with (null: unbounded); 'zero' when it is a growth from nothing. */
interface Reference {
  lo: Frac | null;
  hi: Frac | null;
  waits: DataError[];
  notes: Finding[];
  zero?: Finding;
}

function shifted(c: ReturnType<typeof changeBetween>, bound: Frac, waits: DataError[], zeroCode: 'town-previous-zero' | 'town-figure-previous-zero', args: Finding['args']): Reference {
  if (c === 'zero') return { lo: null, hi: null, waits, notes: [], zero: { code: zeroCode, args } };
  return { lo: c.lo === null ? null : plusFrac(c.lo, bound), hi: c.hi === null ? null : plusFrac(c.hi, bound), waits, notes: [] };
}

/** A figure of town.yaml in one period: a number, unreadable (any amount), or empty (any amount, said). */
function townFigure(d: Dataset, key: string): { range: Range; notes: Finding[] } {
  const v = d.town?.[key];
  if (typeof v === 'number') {
    const x = whole(dec(v));
    return { range: { lo: x, hi: x, empty: 'no', waits: [] }, notes: [] };
  }
  const t = columnOf(d.contract, 'town', key)?.type;
  const floor = t !== undefined && (t.kind === 'number' || t.kind === 'int') && (t.min ?? -1) >= 0;
  const range: Range = { lo: floor ? whole(dec(0)) : null, hi: null, empty: 'no', waits: isUnknown(v) ? [v.error] : [] };
  return { range, notes: isUnknown(v) ? [] : [{ code: 'town-figure-empty', args: { column: key, period: periodLabel(d) } }] };
}

/** How a period is named in findings: its folder's name (2025), else its as-of date. */
function periodLabel(d: Dataset): string {
  const name = basename(normalize(d.dir));
  return name && name !== '.' && name !== '..' ? name : (d.manifest?.as_of ?? d.dir);
}

function withNotes(j: Judgment, notes: readonly Finding[]): Judgment {
  return notes.length ? { ...j, notes: [...(j.notes ?? []), ...notes] } : j;
}

const cmpOp = (a: Frac, op: Op, b: Frac): boolean => {
  const c = cmpFrac(a, b);
  return op === 'gte' ? c >= 0 : op === 'gt' ? c > 0 : op === 'lte' ? c <= 0 : op === 'lt' ? c < 0 : c === 0;
};

/**
 * A change between two periods against a reference range. The change is read
 * at its lowest and highest (an unbounded end could be anything that way),
 * the reference likewise; the worst pairing and the best decide when they
 * agree.
 */
function judgeChange(compare: 'growth' | 'difference', op: Op, cur: Range, prev: Range | null, ref: Reference): Judgment {
  // A village figure needs the village in last period's data; a count of records may start from none.
  if (prev === null) return { verdict: 'no-data', notes: [{ code: 'not-in-previous', args: {} }] };
  if (cur.empty === 'sure') return { verdict: 'n/a' };
  if (prev.empty === 'sure') return { verdict: 'no-data', notes: [{ code: 'previous-no-records', args: {} }] };
  const c = exactly(cur);
  const q = exactly(prev);
  const zero = whole(dec(0));
  let actual: number | null = null;
  if (c !== null && q !== null) {
    if (compare === 'difference') actual = fracNumber(minusFrac(c, q));
    else if (cmpFrac(q, zero) > 0) actual = fracNumber(minusFrac({ n: c.n.times(q.d), d: c.d.times(q.n) }, whole(dec(1))));
  }
  const base = { actual, numerator: c === null ? null : fracNumber(c), denominator: q === null ? null : fracNumber(q) };
  const notes = [...ref.notes];
  const mine = changeBetween(compare, cur, prev);
  if (mine === 'zero') return { verdict: 'no-data', ...base, notes: [...notes, { code: 'previous-zero', args: {} }] };
  if (ref.zero) return { verdict: 'no-data', ...base, notes: [...notes, ref.zero] };
  const rising = op === 'gte' || op === 'gt';
  // Worst case for a lower bound: the change at its lowest, the reference at its highest; best the reverse.
  const at = (v: Frac | null, t: Frac | null, ifOpen: Verdict): Verdict => (v === null || t === null ? ifOpen : cmpOp(v, op, t) ? 'ok' : 'miss');
  const worst = rising ? at(mine.lo, ref.hi, 'miss') : at(mine.hi, ref.lo, 'miss');
  const best = rising ? at(mine.hi, ref.lo, 'ok') : at(mine.lo, ref.hi, 'ok');
  const verdicts = new Set<Verdict>([worst, best]);
  // A mean or share that may have no records this period may have nothing to check; last period, nothing to compare with.
  if (cur.empty === 'maybe') verdicts.add('n/a');
  if (prev.empty === 'maybe') verdicts.add('no-data');
  const withNotes = notes.length ? { notes } : {};
  if (verdicts.size === 1) return { verdict: worst, ...base, ...withNotes };
  return { verdict: 'no-data', ...base, ...withNotes, possible: [...verdicts], waits: [...cur.waits, ...prev.waits, ...ref.waits] };
}

/**
 * 稳步提升 over the periods read (latest first, as `periods`): never lower
 * than the period before, and the latest above the earliest; a share at 100%
 * throughout is full coverage, and met. A village's periods end where it is
 * missing from a folder (or a mean or share has no records there).
 */
function judgeRising(seriesLatestFirst: (Range | null)[], periods: readonly Dataset[], kind: FigureKind, unit: string | null): Judgment {
  const cur = seriesLatestFirst[0]!;
  if (cur.empty === 'sure') return { verdict: 'n/a' };
  const kept: { r: Range; d: Dataset }[] = [{ r: cur, d: periods[0]! }];
  for (let i = 1; i < seriesLatestFirst.length; i++) {
    const r = seriesLatestFirst[i];
    if (!r || r.empty === 'sure') break;
    kept.push({ r, d: periods[i]! });
  }
  if (kept.length < 2) {
    const missing = seriesLatestFirst[1] === null ? 'not-in-previous' : 'previous-no-records';
    return { verdict: 'no-data', notes: [{ code: missing, args: {} }] };
  }
  // Earliest first; a figure that may not exist in an earlier period could be anything there.
  const chain = kept.reverse().map(({ r, d }, i, all) => ({ lo: i < all.length - 1 && r.empty === 'maybe' ? null : r.lo, hi: i < all.length - 1 && r.empty === 'maybe' ? null : r.hi, r, d }));
  const share = kind === 'share';
  const full = whole(dec(1));
  const le = (a: Frac | null, b: Frac | null) => a !== null && b !== null && cmpFrac(a, b) <= 0;
  const first = chain[0]!;
  const last = chain[chain.length - 1]!;
  // Surely met: every step up at its worst reading, and the last above the first (or a share surely at 100%).
  const stepsSure = chain.every((x, i) => i === 0 || le(chain[i - 1]!.hi, x.lo));
  const surelyUp = (last.lo !== null && first.hi !== null && cmpFrac(last.lo, first.hi) > 0) || (share && last.lo !== null && cmpFrac(last.lo, full) >= 0);
  const sure = stepsSure && surelyUp;
  // Possibly met: the lowest rising path fits every range, and the last can end above the first (or every period can be 100%).
  let x: Frac | null = null;
  let fits = true;
  for (const c of chain) {
    if (c.lo !== null && (x === null || cmpFrac(c.lo, x) > 0)) x = c.lo;
    if (x !== null && c.hi !== null && cmpFrac(x, c.hi) > 0) fits = false;
  }
  const canRise = last.hi === null || first.lo === null || cmpFrac(last.hi, first.lo) > 0;
  const canBeFull = share && chain.every((c) => c.hi === null || cmpFrac(c.hi, full) >= 0);
  const possible = (fits && canRise) || canBeFull;
  const c = exactly(cur);
  const notes: Finding[] = [{ code: 'periods-read', args: { count: chain.length, series: chain.map((p) => `${periodLabel(p.d)}: ${shown(p.r, share, unit)}`).join(', ') } }];
  const allFull = share && chain.every((p) => p.lo !== null && cmpFrac(p.lo, full) >= 0);
  if (sure && allFull) notes.push({ code: 'full-coverage', args: {} });
  const base = { actual: c === null ? null : fracNumber(c), notes };
  const verdicts = new Set<Verdict>();
  if (sure) verdicts.add('ok');
  else if (!possible) verdicts.add('miss');
  else verdicts.add('ok').add('miss');
  if (cur.empty === 'maybe') verdicts.add('n/a');
  if (verdicts.size === 1) return { verdict: [...verdicts][0]!, ...base };
  return { verdict: 'no-data', ...base, possible: [...verdicts], waits: chain.flatMap((p) => p.r.waits) };
}

/** A figure of a period for a finding: 92.5% for a share, 12,345.67 元 for a mean or sum, ? when it cannot be read. */
function shown(r: Range, share: boolean, unit: string | null): string {
  const f = exactly(r);
  if (f === null) return '?';
  const v: Decimal = f.n.div(f.d);
  if (share) return percent(v.round(4).toString());
  return `${thousands(v.round(2).toString())}${unit ? ' ' + unit : ''}`;
}

