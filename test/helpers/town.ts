/**
 * A small town where every rule of hebao-2020 passes at the year end
 * (2020-12-31). Tests take a fresh copy with `baseTown()`, perturb one thing
 * and look at one result with `run(town, asOf).result(rule, village)`.
 *
 * Villages: V01 核桃村 and V02 黄檀村 are the two poverty villages, V03 经堂村
 * and V04 转龙社区 are not. Each village has 150 registered poor households
 * (600 in all, the 3.3a target), ids `V01-H001` ... One instructor of role
 * 产业发展指导员 (I01) visits every village in every month 2020-04 .. 2020-12
 * (V03 through a household), and 42 experts make the team of 43.
 */
import type { CellValue, Dataset, RuleResult } from '../../src/model.js';
import type { TableName } from '../../src/contract/tables.js';
import { evaluate, type EvaluateOptions } from '../../src/engine/evaluate.js';
import { loadPack, type RulePack } from '../../src/engine/pack.js';
import { makeDataset } from './dataset.js';

export type Row = Record<string, CellValue>;
export type Town = Record<TableName, Row[]> & { town: Row | null };

export const YEAR_END = '2020-12-31';
export const MONTHS = ['04', '05', '06', '07', '08', '09', '10', '11', '12'].map((m) => `2020-${m}`);

const VILLAGE: Row = {
  village_id: '',
  name: '',
  type: '村',
  poverty_village: false,
  signature_product: '红薯',
  dominant_industry: '红薯',
  sales_docking_enterprise: 'E01',
  collective_income: 60000,
  farmer_income_prev: 10000,
  farmer_income: 11000,
  asset_verification_date: '2020-09-30',
  membership_date: '2020-09-30',
  asset_quantification_date: '2020-09-30',
  three_changes_pilot: false,
  industry_village_head: '王某',
  supply_coop_partnership: true,
  distribution_plan: true,
  industry_plan: true,
};

/** Cell changes; a key left undefined is not changed. */
export type Changes = Record<string, CellValue | undefined>;

/** A registered poor household with labor that meets every household rule. */
export function household(id: string, village: string, extra: Changes = {}): Row {
  return {
    household_id: id,
    village_id: village,
    head_name: '张三',
    members: 3,
    poverty_status: '已脱贫',
    labor_count: 1,
    industry_covered: true,
    household_industry: '养猪',
    willing: true,
    cooperative_id: `C${village.slice(1)}`,
    assistance: '技能培训',
    sanitation_pledge: true,
    ...(Object.fromEntries(Object.entries(extra).filter(([, v]) => v !== undefined)) as Row),
  };
}

const PROJECT: Row = {
  project_id: '',
  name: '',
  village_id: null,
  year: 2020,
  category: '产业扶贫',
  fund_source: '财政扶贫资金',
  amount: 10,
  status: '已完工',
  completion_date: '2020-09-01',
  benefit_linkage: '保底分红',
  poor_households_benefited: 10,
  equity_reform: false,
  territorial_owner: '甲',
  sector_owner: '乙',
  operator: '丙',
  instructor_owner: '丁',
  tech_owner: '戊',
  risk_assessment: true,
  insurance: true,
};

const ENTERPRISE: Row = {
  enterprise_id: '',
  name: '',
  village_id: null,
  leading_level: '无',
  poverty_leader_level: '无',
  annual_sales: 500,
  above_scale: false,
  above_scale_year: null,
  poverty_policy: false,
  employees: 20,
  poor_employees: 2,
};

const COOPERATIVE: Row = {
  cooperative_id: '',
  name: '',
  village_id: '',
  poverty_leader_level: '无',
  demonstration_level: '无',
  poverty_funded: false,
  service_coop: false,
  members: 10,
  poor_members: 8,
};

export function baseTown(): Town {
  const villages: Row[] = [
    { ...VILLAGE, village_id: 'V01', name: '核桃村', poverty_village: true },
    { ...VILLAGE, village_id: 'V02', name: '黄檀村', poverty_village: true, signature_product: '稻虾', dominant_industry: '稻虾' },
    { ...VILLAGE, village_id: 'V03', name: '经堂村', signature_product: '肉兔', dominant_industry: '肉兔', three_changes_pilot: true, collective_income: 30000 },
    { ...VILLAGE, village_id: 'V04', name: '转龙社区', type: '社区', signature_product: '粉条', dominant_industry: '粉条', collective_income: 20000 },
  ];
  const households: Row[] = [];
  for (const v of ['V01', 'V02', 'V03', 'V04']) {
    for (let i = 1; i <= 150; i++) households.push(household(`${v}-H${String(i).padStart(3, '0')}`, v, i % 2 ? {} : { poverty_status: '未脱贫' }));
  }
  const industries: Row[] = [
    { village_id: 'V01', industry: '红薯', scale: 1000, unit: '亩', featured: true },
    { village_id: 'V01', industry: '海椒', scale: 500, unit: '亩', featured: false },
    { village_id: 'V02', industry: '稻虾', scale: 2000, unit: '亩', featured: true },
    { village_id: 'V02', industry: '金银花', scale: 500, unit: '亩', featured: false },
    { village_id: 'V02', industry: '草坪', scale: 500, unit: '亩', featured: false },
    { village_id: 'V03', industry: '肉兔', scale: 10000, unit: '只', featured: false },
    { village_id: 'V04', industry: '粉条', scale: 50, unit: '吨', featured: false },
  ];
  const projects: Row[] = [
    { ...PROJECT, project_id: 'P01', name: '核桃村红薯基地', village_id: 'V01', fund_source: '集体经济资金', equity_reform: true },
    { ...PROJECT, project_id: 'P02', name: '黄檀村稻虾基地', village_id: 'V02' },
    { ...PROJECT, project_id: 'P03', name: '观音阁水库乡村旅游综合体', village_id: 'V03', status: '在建', completion_date: null },
    { ...PROJECT, project_id: 'P04', name: '转龙社区海椒烘干车间', village_id: 'V04', fund_source: '集体经济资金' },
    { ...PROJECT, project_id: 'P05', name: '全镇产业路', village_id: null, year: 2019 },
  ];
  const enterprises: Row[] = [
    { ...ENTERPRISE, enterprise_id: 'E01', name: '重庆黄海食品有限公司', village_id: 'V04', leading_level: '市级', poverty_leader_level: '区级', annual_sales: 12000, above_scale: true, above_scale_year: 2015, poverty_policy: true, employees: 200, poor_employees: 15 },
    { ...ENTERPRISE, enterprise_id: 'E02', name: '黄檀村金银花加工厂', village_id: 'V02', above_scale: true, above_scale_year: 2020, poverty_policy: true },
    { ...ENTERPRISE, enterprise_id: 'E03', name: '河包物流公司', village_id: null },
  ];
  const cooperatives: Row[] = [
    { ...COOPERATIVE, cooperative_id: 'C01', name: '核桃村红薯合作社', village_id: 'V01', service_coop: true, poverty_funded: true, demonstration_level: '区级' },
    { ...COOPERATIVE, cooperative_id: 'C02', name: '黄檀村稻虾合作社', village_id: 'V02', service_coop: true },
    { ...COOPERATIVE, cooperative_id: 'C03', name: '经堂村肉兔合作社', village_id: 'V03' },
    { ...COOPERATIVE, cooperative_id: 'C04', name: '转龙社区粉条合作社', village_id: 'V04' },
  ];
  const instructors: Row[] = [{ instructor_id: 'I01', name: '李四', role: '产业发展指导员', villages: ['V01', 'V02', 'V03', 'V04'] }];
  for (let i = 2; i <= 43; i++) instructors.push({ instructor_id: `I${String(i).padStart(2, '0')}`, name: '专家', role: '产业扶贫专家', villages: [] });
  instructors.push({ instructor_id: 'I44', name: '农技', role: '农技人员', villages: [] });
  const visits: Row[] = [
    { date: '2020-03-02', instructor_id: null, village_id: null, household_id: null, enterprise_id: 'E01', purpose: '疫情摸排' },
    { date: '2020-03-02', instructor_id: null, village_id: null, household_id: null, enterprise_id: 'E02', purpose: '疫情摸排' },
  ];
  for (const m of MONTHS) {
    visits.push(
      { date: `${m}-10`, instructor_id: 'I01', village_id: 'V01', household_id: null, enterprise_id: null, purpose: '指导' },
      { date: `${m}-11`, instructor_id: 'I01', village_id: 'V02', household_id: null, enterprise_id: null, purpose: '指导' },
      { date: `${m}-12`, instructor_id: 'I01', village_id: null, household_id: 'V03-H001', enterprise_id: null, purpose: '入户' },
      { date: `${m}-13`, instructor_id: 'I01', village_id: 'V04', household_id: null, enterprise_id: null, purpose: '指导' },
    );
  }
  return {
    villages,
    households,
    industries,
    projects,
    enterprises,
    cooperatives,
    instructors,
    visits,
    town: {
      name: '河包镇',
      'leadership_group.leader': '书记',
      'leadership_group.first_deputy': '镇长',
      'leadership_group.deputies': ['副镇长甲', '副镇长乙'],
    },
  };
}

/** The record of a table with this id (village_id, household_id ...). */
export function row(town: Town, table: TableName, id: string): Row {
  const key = { villages: 'village_id', households: 'household_id', projects: 'project_id', enterprises: 'enterprise_id', cooperatives: 'cooperative_id', instructors: 'instructor_id' }[table as string];
  const found = key ? town[table].find((r) => r[key] === id) : undefined;
  if (!found) throw new Error(`no ${table} record ${id}`);
  return found;
}

/** Removes a column from a table, as if the CSV header did not have it. */
export function dropColumn(town: Town, table: TableName, column: string): void {
  for (const r of town[table]) delete r[column];
}

/** Replaces a village's households with these. */
export function setHouseholds(town: Town, village: string, rows: Row[]): void {
  town.households = [...town.households.filter((h) => h.village_id !== village), ...rows];
}

/** `n` households `H01` ... of a village, the first ones changed by `extra(i)` (1-based). */
export function households(village: string, n: number, extra: (i: number) => Changes = () => ({})): Row[] {
  return Array.from({ length: n }, (_, k) => household(`H${String(k + 1).padStart(2, '0')}`, village, extra(k + 1)));
}

export function toDataset(town: Town): Dataset {
  const { town: townRec, ...tables } = town;
  return makeDataset(tables, townRec);
}

let cached: RulePack | undefined;
export function hebao(): RulePack {
  return (cached ??= loadPack('hebao-2020'));
}

export interface Run {
  results: RuleResult[];
  /** The result of a rule for a village (or the town, when village is omitted); throws if absent. */
  result(rule: string, village?: string | null): RuleResult;
  /** Like result, but undefined when there is none. */
  find(rule: string, village?: string | null): RuleResult | undefined;
  /** Village ids that have a result for the rule. */
  villagesOf(rule: string): string[];
}

export function run(town: Town, asOf = YEAR_END, opts: Partial<EvaluateOptions> = {}, pack: RulePack = hebao()): Run {
  const results = evaluate(pack, toDataset(town), { asOf, ...opts });
  const find = (rule: string, village: string | null = null) => results.find((r) => r.rule === rule && r.village === village);
  return {
    results,
    find,
    result(rule, village = null) {
      const r = find(rule, village);
      if (!r) throw new Error(`no result for ${rule} ${village ?? 'town'}`);
      return r;
    },
    villagesOf: (rule) => results.filter((r) => r.rule === rule && r.village !== null).map((r) => r.village!),
  };
}

/** The base town changed by `change`, evaluated at `asOf` (the year end by default). */
export function runWith(change: (town: Town) => void, asOf = YEAR_END, opts: Partial<EvaluateOptions> = {}): Run {
  const town = baseTown();
  change(town);
  return run(town, asOf, opts);
}

export const MID_YEAR = '2020-06-30';
