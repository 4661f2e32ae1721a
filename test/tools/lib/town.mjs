/**
 * Building blocks shared by the fixture generator (make-fixture.mjs) and the
 * benchmark generator (test/bench/generate.mjs): one household, the wording
 * of assistance measures, visit purposes, dates.
 */
import { personName, residentId, disabilityCertNumber, mobile } from './people.mjs';

export const YES = '是';
export const NO = '否';

/** 是 / 否 / empty with the given probabilities of 是 and of empty. */
export function yesNo(rng, pYes, pEmpty = 0) {
  const r = rng.next();
  if (r < pEmpty) return '';
  return r < pEmpty + (1 - pEmpty) * pYes ? YES : NO;
}

export function pad(n, w) {
  return String(n).padStart(w, '0');
}

const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysIn(year, month) {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return MONTH_DAYS[month - 1];
}

export function isoDate(y, m, d) {
  return `${y}-${pad(m, 2)}-${pad(d, 2)}`;
}

/** A random working-looking day of a month, as ISO text. */
export function dayIn(rng, y, m, from = 1, to = daysIn(y, m)) {
  return isoDate(y, m, rng.int(from, Math.min(to, daysIn(y, m))));
}

/** Money with a fixed number of decimals, as text (no float noise). */
export function money(value, decimals = 2) {
  return (Math.round(value * 10 ** decimals) / 10 ** decimals).toFixed(decimals);
}

/** '12046.8' -> '12,046.8' (how Excel shows a number with the thousands separator). */
export function withThousands(text) {
  const [int, frac] = String(text).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return frac === undefined ? grouped : grouped + '.' + frac;
}

export const MEASURES = [
  '产业扶持', '小额信贷', '技能培训', '公益性岗位', '转移就业', '教育资助', '医疗救助',
  '危房改造', '光伏收益', '土地入股分红', '种苗补助', '以奖代补', '消费扶贫',
];

/** The household's assistance measures, separated by 、 (now and then by a comma, as typed). */
export function assistanceText(rng, hasIndustry) {
  const n = rng.int(1, 3);
  const chosen = new Set(hasIndustry ? ['产业扶持'] : []);
  while (chosen.size < n) chosen.add(rng.pick(MEASURES));
  const sep = rng.chance(0.9) ? '、' : rng.chance(0.5) ? '，' : ',';
  return [...chosen].join(sep);
}

/** Household size, weighted as in a rural Chongqing village (many elderly couples and singles). */
export function householdSize(rng) {
  return rng.weighted([[1, 12], [2, 24], [3, 24], [4, 20], [5, 12], [6, 6], [7, 2]]);
}

/** Registered-poor status, in the spellings the national system exports. */
export function poorStatus(rng) {
  return rng.weighted([
    ['已脱贫', 70],
    ['已脱贫（享受政策）', 12],
    ['已脱贫(享受政策)', 2],
    ['已脱贫（不再享受政策）', 4],
    ['未脱贫', 10],
    ['返贫', 1],
  ]);
}

/**
 * One household row (all cells as text). Decisions that rules depend on are
 * passed in through `plan` so the caller can steer them:
 *   poor: registered poor or not
 *   covered: for the registered poor with labor, whether 产业覆盖 = 是 (default yes)
 *   withIndustry: for the registered poor with labor, whether it has a 到户产业
 *     (a boolean, or a function asked only for households with labor; default 88 %)
 *   pledgeGap: chance that 门前三包 is 否 or empty
 * ctx: { villageId, industries: [names], coops: [ids] }
 */
export function householdRow(rng, householdId, ctx, plan = {}) {
  const female = rng.chance(0.2);
  const poor = plan.poor ?? false;
  const birthYearMax = 1996;
  const elderly = rng.chance(poor ? 0.3 : 0.2);
  const birthYearMin = elderly ? 1930 : 1950;
  const by = elderly ? 1955 : birthYearMax;
  let id_number;
  const r = rng.next();
  if (r < 0.02) id_number = '';
  else if (poor && r < 0.05) id_number = disabilityCertNumber(rng, { female, birthYearMin, birthYearMax: by });
  else id_number = residentId(rng, { female, birthYearMin, birthYearMax: by });

  const members = elderly ? rng.weighted([[1, 4], [2, 5], [3, 1]]) : householdSize(rng);
  let labor = elderly ? (rng.chance(0.25) ? 1 : 0) : rng.int(Math.min(1, members), Math.min(members, 4));
  if (plan.labor !== undefined) labor = plan.labor;

  const row = {
    household_id: householdId,
    village_id: ctx.villageId,
    head_name: personName(rng, female),
    id_number,
    phone: rng.chance(0.08) ? '' : mobile(rng),
    members: String(Math.max(members, labor, 1)),
    poverty_status: poor ? poorStatus(rng) : '非贫困户',
    labor_count: String(labor),
    industry_covered: NO,
    household_industry: '',
    willing: '',
    cooperative_id: '',
    assistance: '',
    land_share: yesNo(rng, 0.3, 0.2),
    sanitation_pledge: YES,
  };

  if (poor) {
    const wi = typeof plan.withIndustry === 'function' ? plan.withIndustry : () => plan.withIndustry ?? rng.chance(0.88);
    const withIndustry = labor > 0 && wi();
    if (withIndustry) {
      row.household_industry = rng.pick(ctx.industries);
      row.willing = YES;
      row.industry_covered = YES;
      if (ctx.coops.length) row.cooperative_id = rng.pick(ctx.coops);
    } else {
      // No own project: not willing, or the box was left empty. Still covered
      // through the village's industry unless the plan says otherwise.
      row.willing = rng.chance(0.6) ? NO : '';
      row.industry_covered = labor > 0 ? YES : rng.chance(0.5) ? YES : NO;
    }
    if (labor > 0 && plan.covered === false) {
      row.industry_covered = NO;
      row.household_industry = '';
      row.willing = NO;
      row.cooperative_id = '';
    }
    row.assistance = assistanceText(rng, row.household_industry !== '');
  } else {
    if (labor > 0 && rng.chance(0.25)) {
      row.household_industry = rng.pick(ctx.industries);
      row.industry_covered = rng.chance(0.6) ? YES : NO;
      if (ctx.coops.length && rng.chance(0.3)) row.cooperative_id = rng.pick(ctx.coops);
    } else {
      row.industry_covered = rng.chance(0.1) ? YES : NO;
    }
    row.willing = yesNo(rng, 0.5, 0.3);
  }

  const gap = plan.pledgeGap ?? 0;
  if (gap > 0 && rng.chance(gap)) row.sanitation_pledge = rng.chance(0.6) ? NO : '';
  return row;
}

export const VISIT_PURPOSES = {
  village: ['产业发展技术指导', '春耕生产指导', '查看产业基地长势', '病虫害防治指导', '召开产业发展院坝会', '指导村集体经济发展', '产业项目后续管护检查', '秋冬种技术培训'],
  household: ['入户了解产业发展需求', '指导到户产业种植', '指导肉兔防疫', '指导红薯育苗', '指导海椒移栽', '核实产业到户情况', '落实产业增收项目', '回访产业收益'],
  enterprise: ['疫情防控期间摸排企业复工复产', '了解企业用工及吸纳贫困人口就业情况', '协调产销对接', '指导企业安全生产'],
};
