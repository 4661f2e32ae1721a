/** The base town of test/helpers/town.ts passes every one of the 53 rules: every other rule test perturbs it. */
import { describe, expect, it } from 'vitest';
import { baseTown, hebao, MID_YEAR, row, run, runWith, YEAR_END, type Town } from './helpers/town.js';

describe('the base town', () => {
  it('passes all 53 rules at the year end: every town result passes, every village passes or has nothing to check', () => {
    const r = run(baseTown());
    expect(hebao().rules).toHaveLength(53);
    const towns = r.results.filter((x) => x.village === null);
    expect(towns).toHaveLength(53);
    expect(towns.filter((x) => x.status !== 'pass').map((x) => x.rule)).toEqual([]);
    const villages = r.results.filter((x) => x.village !== null);
    expect(villages.filter((x) => x.status !== 'pass' && x.status !== 'n/a')).toEqual([]);
    // Entity rules are n/a exactly where the base town has no such entity.
    expect(villages.filter((x) => x.status === 'n/a').map((x) => `${x.rule} ${x.village}`)).toEqual([
      '2.7 V01', // P01 is collective-funded
      '2.7 V04',
      '3.1 V01', // no enterprise there
      '3.1 V03',
      '3.7a V01',
      '3.7a V03',
      '3.7b V02', // only C01 is poverty-funded
      '3.7b V03',
      '3.7b V04',
      '3.9 V02', // only P01 is under the equity reform
      '3.9 V03',
      '3.9 V04',
      '3.11 V02', // P02 is not collective-funded
      '3.17 V03', // P03 is under construction
    ]);
    expect(r.results.every((x) => x.offenders.length === 0)).toBe(true);
  });

  it('passes everything at mid-year too, except what is not done yet (nothing)', () => {
    const r = run(baseTown(), '2020-06-30');
    expect(r.results.filter((x) => x.status !== 'pass' && x.status !== 'n/a').map((x) => x.rule)).toEqual([]);
  });
});

/** One perturbation per rule that breaks it (and may break others: only this rule is looked at). */
const BREAK: Record<string, (t: Town) => void> = {
  '2.1': (t) => (row(t, 'villages', 'V03').signature_product = null),
  '2.2': (t) => (t.industries[0]!.featured = false),
  '2.3': (t) => (row(t, 'villages', 'V03').poverty_village = true),
  '2.4': (t) => (row(t, 'villages', 'V04').dominant_industry = null),
  '2.5': (t) => (row(t, 'villages', 'V01').sales_docking_enterprise = 'E03'),
  '2.6': (t) => t.households.forEach((h) => h.village_id === 'V01' && (h.industry_covered = false)),
  '2.7': (t) => (row(t, 'projects', 'P02').benefit_linkage = null),
  '2.8': (t) => (row(t, 'enterprises', 'E01').poverty_leader_level = '无'),
  '2.9': (t) => (row(t, 'villages', 'V01').farmer_income = 10000),
  '2.10': (t) => (row(t, 'villages', 'V01').collective_income = row(t, 'villages', 'V02').collective_income = 10000),
  '2.11': (t) => (row(t, 'villages', 'V04').collective_income = 0),
  '3.1': (t) => t.visits.splice(1, 1),
  '3.2a': (t) => t.industries.splice(6, 1),
  '3.2b': (t) => (t.industries[0]!.scale = 10),
  '3.2c': (t) => (t.industries[1]!.scale = 10),
  '3.2d': (t) => (t.industries[2]!.scale = 10),
  '3.2e': (t) => (t.industries[3]!.scale = 10),
  '3.2f': (t) => (t.industries[4]!.scale = 10),
  '3.2g': (t) => (t.industries[5]!.scale = 10),
  '3.3a': (t) => (row(t, 'households', 'V04-H150').poverty_status = '非贫困户'),
  // V01 at 0% leaves the town at 450/600 = 75%, still passing: one more in V02 breaks the town ratio too.
  '3.3b': (t) => t.households.forEach((h) => (h.village_id === 'V01' || h.household_id === 'V02-H001') && (h.household_industry = null)),
  '3.4a': (t) => (t.industries[6]!.village_id = 'V03'),
  '3.4b': (t) => Object.assign(row(t, 'projects', 'P04'), { status: '在建', completion_date: null }),
  '3.4c': (t) => (row(t, 'enterprises', 'E02').village_id = 'V01'),
  '3.4d': (t) => (row(t, 'projects', 'P03').status = '未开工'),
  '3.5a': (t) => (row(t, 'enterprises', 'E01').annual_sales = 100),
  '3.5b': (t) => (row(t, 'enterprises', 'E02').above_scale_year = 2019),
  '3.6a': (t) => t.cooperatives.splice(2, 1),
  '3.6b': (t) => (row(t, 'households', 'V01-H001').cooperative_id = null),
  '3.6c': (t) => (row(t, 'cooperatives', 'C01').demonstration_level = '无'),
  '3.7a': (t) => (row(t, 'enterprises', 'E02').poor_employees = 0),
  '3.7b': (t) => (row(t, 'cooperatives', 'C01').poor_members = 1),
  '3.8': (t) => (row(t, 'villages', 'V02').membership_date = null),
  '3.9': (t) => (row(t, 'projects', 'P01').poor_households_benefited = 0),
  '3.10a': (t) => (row(t, 'villages', 'V03').three_changes_pilot = false),
  '3.10b': (t) => (row(t, 'villages', 'V03').three_changes_pilot = false),
  '3.11': (t) => Object.assign(row(t, 'projects', 'P01'), { status: '在建', completion_date: null }),
  '3.12': (t) => (row(t, 'projects', 'P02').benefit_linkage = null),
  '3.13': (t) => (row(t, 'villages', 'V01').supply_coop_partnership = false),
  '3.14': (t) => (row(t, 'villages', 'V03').distribution_plan = false),
  '3.15a': (t) => (row(t, 'instructors', 'I43').role = '农技人员'),
  '3.15b': (t) => (t.visits = t.visits.filter((v) => !(v.village_id === 'V02' && String(v.date).startsWith('2020-05')))),
  '3.15c': (t) => (t.visits = t.visits.filter((v) => !String(v.date).startsWith('2020-05'))),
  '3.15d': (t) => (row(t, 'households', 'V01-H001').household_industry = null),
  '3.16': (t) => (row(t, 'villages', 'V01').industry_village_head = null),
  '3.17': (t) => (row(t, 'projects', 'P02').tech_owner = null),
  '3.18a': (t) => (row(t, 'projects', 'P02').risk_assessment = false),
  '3.18b': (t) => (row(t, 'projects', 'P02').insurance = false),
  '3.19': (t) => (row(t, 'households', 'V01-H001').sanitation_pledge = false),
  '4.2': (t) => (row(t, 'cooperatives', 'C01').service_coop = false),
  '5.1': (t) => (t.town!['leadership_group.deputies'] = ['副镇长甲']),
  '5.2a': (t) => (row(t, 'villages', 'V04').industry_plan = false),
  '5.2b': (t) => (row(t, 'households', 'V01-H001').assistance = null),
};

const dayBefore = (d: string) => new Date(Date.parse(d) - 86_400_000).toISOString().slice(0, 10);

describe('every rule, broken once, at its level and due date', () => {
  it('has a breaking change for each of the 53 rules', () => {
    expect(Object.keys(BREAK).sort()).toEqual(hebao().rules.map((r) => r.meta.id).sort());
  });
  it.each(hebao().rules.map((r) => r.meta))('$id: warn if a warning; else fail once due, pending the day before', (meta) => {
    const before = meta.due ? dayBefore(meta.due) : MID_YEAR;
    const on = meta.due ?? YEAR_END;
    const [early, late] = [before, on].map((asOf) => runWith(BREAK[meta.id]!, asOf).result(meta.id).status);
    if (meta.level === 'warning') expect([early, late]).toEqual(['warn', 'warn']);
    else if (meta.due === null) expect([early, late]).toEqual(['fail', 'fail']);
    else expect([early, late]).toEqual(['pending', 'fail']);
  });
});
