#!/usr/bin/env node
/**
 * Writes the bundled sample folder fixtures/hebao-2020: a made-up but
 * believable export of 河包镇 at 2020-12-31, judged by the hebao-2020 rule pack.
 *
 *   node test/tools/make-fixture.mjs [outDir]     (default fixtures/hebao-2020)
 *
 * Deterministic: one seeded PRNG, no clock, no environment; a rerun writes the
 * same bytes. Every person, ID number and phone number is fake. The rule
 * outcomes it is built to produce are listed in test/tools/README.md; the
 * places that steer them are marked "INTENDED" below.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng } from './lib/prng.mjs';
import { personName } from './lib/people.mjs';
import { householdRow, YES, NO, pad, daysIn, isoDate, dayIn, withThousands, VISIT_PURPOSES } from './lib/town.mjs';
import { writeCsv, writeYamlTable, writeYaml } from './lib/write.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const outDir = path.resolve(process.argv[2] ?? path.join(ROOT, 'fixtures/hebao-2020'));
const rng = new Rng('hebao-2020 fixture v1');

// ---------------------------------------------------------------- villages
// 12-digit statistical area codes: 500153 荣昌区, 107 河包镇, 0xx 社区, 2xx 村.
const V = (code) => '500153107' + code;
const VILLAGES = [
  { id: V('001'), name: '转龙社区', type: '社区', households: 420, poor: 25, product: '河包粉条', dominant: '粉条加工', hhIndustries: ['红薯', '粉条加工', '海椒', '生猪'] },
  { id: V('002'), name: '河包社区', type: '社区', households: 380, poor: 20, product: '河包粉条', dominant: '粉条', hhIndustries: ['红薯', '粉条加工', '蔬菜'] },
  { id: V('201'), name: '核桃村', type: '村', pv: true, households: 400, poor: 78, product: '红薯', dominant: '红薯', hhIndustries: ['红薯', '红薯', '海椒', '海椒', '马铃薯', '红署'] },
  { id: V('202'), name: '黄檀村', type: '村', pv: true, households: 380, poor: 71, product: '稻虾', dominant: '稻虾', hhIndustries: ['稻虾', '稻虾', '金银花', '金银花', '草坪', '蔬菜'] },
  { id: V('203'), name: '经堂村', type: '村', households: 330, poor: 34, product: '肉兔', dominant: '肉兔养殖', hhIndustries: ['肉兔', '肉兔', '红薯', '乡村旅游'] },
  { id: V('204'), name: '双河村', type: '村', households: 300, poor: 30, product: '柑橘', dominant: '柑橘', hhIndustries: ['柑橘', '红薯', '生猪'] },
  { id: V('205'), name: '大石村', type: '村', households: 290, poor: 36, product: '黄桃', dominant: '黄桃', hhIndustries: ['黄桃', '红薯', '海椒'] },
  { id: V('206'), name: '白鹤村', type: '村', households: 260, poor: 26, product: '蔬菜', dominant: '蔬菜', hhIndustries: ['蔬菜', '海椒', '红薯'] },
  { id: V('207'), name: '荷花村', type: '村', households: 280, poor: 29, product: '莲藕', dominant: '莲藕', hhIndustries: ['莲藕', '水产', '红薯'] },
  { id: V('208'), name: '永兴村', type: '村', households: 270, poor: 27, product: '生猪', dominant: '生猪养殖', hhIndustries: ['生猪', '红薯', '蔬菜'] },
  { id: V('209'), name: '石坝村', type: '村', households: 250, poor: 24, product: '花椒', dominant: '花椒', hhIndustries: ['花椒', '红薯'] },
  { id: V('210'), name: '新华村', type: '村', households: 240, poor: 23, product: '马铃薯', dominant: '红薯', hhIndustries: ['红薯', '马铃薯', '海椒'] },
];
const byName = Object.fromEntries(VILLAGES.map((v) => [v.name, v]));

// ---------------------------------------------------------------- enterprises
const ENTERPRISES = [
  // INTENDED 3.5a pass: 黄海食品 12,046.8 万元 > 10,000 (written with a thousands separator).
  { enterprise_id: 'QY001', name: '黄海食品有限公司', village: '转龙社区', leading_level: '市级', poverty_leader_level: '区级', annual_sales: withThousands('12046.8'), above_scale: YES, above_scale_year: '2014', poverty_policy: YES, employees: '268', poor_employees: '31' },
  // INTENDED 3.4c pass: a 金银花 enterprise in 黄檀村.
  { enterprise_id: 'QY002', name: '荣昌区黄檀金银花加工有限公司', village: '黄檀村', leading_level: '区级', poverty_leader_level: '无', annual_sales: '386.5', above_scale: NO, above_scale_year: '', poverty_policy: YES, employees: '36', poor_employees: '11' },
  // INTENDED 3.5b pass: newly above-scale in 2020.
  { enterprise_id: 'QY003', name: '荣昌区转龙粉条加工有限公司', village: '转龙社区', leading_level: '区级', poverty_leader_level: '无', annual_sales: withThousands('2350'), above_scale: YES, above_scale_year: '2020', poverty_policy: YES, employees: '85', poor_employees: '12' },
  { enterprise_id: 'QY004', name: '荣昌区聚丰薯业开发有限公司', village: '核桃村', leading_level: '区级', poverty_leader_level: '无', annual_sales: '615.2', above_scale: NO, above_scale_year: '', poverty_policy: YES, employees: '22', poor_employees: '6' },
  { enterprise_id: 'QY005', name: '荣昌区兴旺兔业有限公司', village: '经堂村', leading_level: '无', poverty_leader_level: '无', annual_sales: '238', above_scale: NO, above_scale_year: '', poverty_policy: YES, employees: '14', poor_employees: '5' },
  // INTENDED 3.7a no-data: enjoys the policy, poor_employees not filled in.
  { enterprise_id: 'QY006', name: '荣昌区荷香生态农业有限公司', village: '荷花村', leading_level: '无', poverty_leader_level: '无', annual_sales: '142.6', above_scale: NO, above_scale_year: '', poverty_policy: YES, employees: '18', poor_employees: '' },
  // Town-wide collective economy company: no village.
  { enterprise_id: 'QY007', name: '荣昌区河包镇集体经济发展有限公司', village: '', leading_level: '无', poverty_leader_level: '无', annual_sales: '96.4', above_scale: NO, above_scale_year: '', poverty_policy: NO, employees: '9', poor_employees: '2' },
  { enterprise_id: 'QY008', name: '重庆河包豆制品有限公司', village: '河包社区', leading_level: '区级', poverty_leader_level: '无', annual_sales: withThousands('3180.75'), above_scale: YES, above_scale_year: '2018', poverty_policy: NO, employees: '64', poor_employees: '3' },
  // poverty_policy left empty: a filter cell, so not selected by 3.1 / 3.7a.
  { enterprise_id: 'QY009', name: '荣昌区双河柑橘种植有限公司', village: '双河村', leading_level: '无', poverty_leader_level: '', annual_sales: '57.3', above_scale: NO, above_scale_year: '', poverty_policy: '', employees: '7', poor_employees: '' },
  { enterprise_id: 'QY010', name: '荣昌区白鹤蔬菜种植有限公司', village: '白鹤村', leading_level: '无', poverty_leader_level: '无', annual_sales: '88.9', above_scale: NO, above_scale_year: '', poverty_policy: NO, employees: '11', poor_employees: '0' },
];

// ---------------------------------------------------------------- cooperatives
// cap: at most that many registered-poor households of the list may name it;
// poorOnly: no other household names it (its other members are not in this export).
const COOPS = [
  { id: 'HZS01', name: '荣昌区转龙红薯种植专业合作社', village: '转龙社区', demonstration_level: '区级', poverty_leader_level: '无' },
  { id: 'HZS02', name: '荣昌区河包粉条产销专业合作社', village: '河包社区', demonstration_level: '市级', poverty_leader_level: '无' },
  { id: 'HZS03', name: '荣昌区核桃村扶贫产业服务专业合作社', village: '核桃村', service: true, funded: true, poorOnly: true, demonstration_level: '无', poverty_leader_level: '区级' },
  { id: 'HZS04', name: '荣昌区核桃海椒种植专业合作社', village: '核桃村', demonstration_level: '区级', poverty_leader_level: '无' },
  // INTENDED 3.7b pass on the boundary: 40 / 50 = exactly 80 %.
  { id: 'HZS05', name: '荣昌区黄檀村扶贫产业服务专业合作社', village: '黄檀村', service: true, funded: true, poorOnly: true, cap: 40, fixed: { members: 50, poor: 40 }, demonstration_level: '无', poverty_leader_level: '区级' },
  { id: 'HZS06', name: '荣昌区黄檀稻虾综合种养专业合作社', village: '黄檀村', demonstration_level: '区级', poverty_leader_level: '无' },
  { id: 'HZS07', name: '荣昌区经堂肉兔养殖专业合作社', village: '经堂村', funded: true, poorOnly: true, cap: 18, fixed: { members: 22, poor: 18 }, demonstration_level: '无', poverty_leader_level: '' },
  { id: 'HZS08', name: '荣昌区经堂乡村旅游专业合作社', village: '经堂村', demonstration_level: '', poverty_leader_level: '' },
  { id: 'HZS09', name: '荣昌区双河柑橘种植专业合作社', village: '双河村', demonstration_level: '无', poverty_leader_level: '无' },
  { id: 'HZS10', name: '荣昌区大石黄桃种植专业合作社', village: '大石村', demonstration_level: '无', poverty_leader_level: '无' },
  { id: 'HZS11', name: '荣昌区白鹤蔬菜种植专业合作社', village: '白鹤村', demonstration_level: '无', poverty_leader_level: '无' },
  { id: 'HZS12', name: '荣昌区荷花莲藕种植专业合作社', village: '荷花村', demonstration_level: '', poverty_leader_level: '' },
  { id: 'HZS13', name: '荣昌区永兴生猪养殖专业合作社', village: '永兴村', demonstration_level: '无', poverty_leader_level: '无' },
  { id: 'HZS14', name: '荣昌区石坝花椒种植专业合作社', village: '石坝村', demonstration_level: '无', poverty_leader_level: '' },
  { id: 'HZS15', name: '荣昌区新华薯业专业合作社', village: '新华村', demonstration_level: '无', poverty_leader_level: '无' },
];
for (const c of COOPS) c.villageId = byName[c.village].id;

// ---------------------------------------------------------------- households
const households = [];
const HH_PER_VILLAGE = new Map();
{
  const hr = rng.fork('households');
  let seq = 0;
  for (const v of VILLAGES) {
    const coops = COOPS.filter((c) => c.villageId === v.id);
    const ctx = { villageId: v.id, industries: v.hhIndustries, coops: coops.map((c) => c.id) };
    // Exactly v.poor registered-poor households, spread through the village list.
    const poorIdx = new Set(hr.shuffle([...Array(v.households).keys()]).slice(0, v.poor));
    // Every 8th registered-poor household with labor has no own industry: 87.5 % ≥ 75 % (3.3b pass).
    let withLabor = 0;
    const withIndustry = () => withLabor++ % 8 !== 7;
    // INTENDED 3.19 warn in three villages: some households have not signed 门前三包.
    const pledgeGap = ['双河村', '石坝村', '新华村'].includes(v.name) ? 0.06 : 0;
    const rows = [];
    for (let i = 0; i < v.households; i++) {
      seq++;
      rows.push(householdRow(hr, 'HB-' + pad(seq, 4), ctx, { poor: poorIdx.has(i), withIndustry, pledgeGap }));
    }
    HH_PER_VILLAGE.set(v.id, rows);
    households.push(...rows);
  }
}

const hhOfId = new Map(households.map((h) => [h.household_id, h.village_id]));
const isPoor = (h) => h.poverty_status !== '非贫困户';
const hasLabor = (h) => Number(h.labor_count) > 0;

/** Take away a household's own industry (and what hangs on it). */
function dropIndustry(h, willing = NO) {
  h.household_industry = '';
  h.cooperative_id = '';
  h.willing = willing;
  h.assistance = h.assistance.replace(/^产业扶持[、，,]?/, '') || '小额信贷';
}

// INTENDED 2.6 fail in 大石村: industry coverage of the registered poor with labor 93.x %.
{
  const rows = HH_PER_VILLAGE.get(byName['大石村'].id);
  const poorLabor = () => rows.filter((h) => isPoor(h) && hasLabor(h));
  // Steer the denominator to 30 (then 28 / 30 = 93.33 %).
  for (const h of rows.filter((x) => isPoor(x) && !hasLabor(x))) {
    if (poorLabor().length >= 30) break;
    h.labor_count = '1';
    h.industry_covered = YES;
    dropIndustry(h, NO);
  }
  while (poorLabor().length > 30) {
    const h = poorLabor().at(-1);
    h.labor_count = '0';
    dropIndustry(h, NO);
  }
  const noInd = poorLabor().filter((h) => !h.household_industry);
  for (const h of noInd.slice(0, 2)) h.industry_covered = NO;
}

// Cooperative membership: keep the capped / poor-only cooperatives within their books.
{
  for (const c of COOPS) {
    const other = COOPS.find((o) => o.villageId === c.villageId && !o.cap && !o.poorOnly);
    let poorRefs = 0;
    for (const h of households) {
      if (h.cooperative_id !== c.id) continue;
      if (c.poorOnly && !isPoor(h)) h.cooperative_id = rng.chance(0.5) ? other.id : '';
      else if (c.cap !== undefined && ++poorRefs > c.cap) h.cooperative_id = other.id;
    }
  }
  const cr = rng.fork('coops');
  for (const c of COOPS) {
    const refs = households.filter((h) => h.cooperative_id === c.id);
    const poorRefs = refs.filter(isPoor).length;
    if (c.fixed) {
      c.members = c.fixed.members;
      c.poor = c.fixed.poor;
    } else if (c.funded) {
      c.poor = poorRefs + cr.int(0, 3);
      c.members = Math.floor(c.poor / 0.82); // ~82 % poor members
    } else {
      c.poor = poorRefs + cr.int(0, 2);
      c.members = refs.length + c.poor - poorRefs + cr.int(5, 60);
    }
  }
}

// ---------------------------------------------------------------- instructors
const sr = rng.fork('instructors');
const usedNames = new Set();
function freshName(r, female) {
  for (;;) {
    const n = personName(r, female);
    if (!usedNames.has(n)) {
      usedNames.add(n);
      return n;
    }
  }
}
// Town leadership (fake names; the plan's real officials are not used).
const TOWN = { leader: freshName(sr, false), first: freshName(sr, false), deputies: [freshName(sr, true), freshName(sr, false)] };

const instructors = [];
{
  // How many 产业发展指导员 are based in each village (38 in all).
  const counts = { 转龙社区: 3, 河包社区: 3, 核桃村: 5, 黄檀村: 5, 经堂村: 3, 双河村: 3, 大石村: 3, 白鹤村: 2, 荷花村: 3, 永兴村: 3, 石坝村: 3, 新华村: 2 };
  let n = 0;
  VILLAGES.forEach((v, vi) => {
    for (let k = 0; k < counts[v.name]; k++) {
      n++;
      const list = [v.id];
      // About a third also look after the next village on the list, except the
      // first of 白鹤村, who has only 白鹤村 (and is the one off sick in August).
      const second = v.name === '白鹤村' ? k === 1 : k === counts[v.name] - 1 && vi % 2 === 0;
      if (second) list.push(VILLAGES[(vi + 1) % VILLAGES.length].id);
      instructors.push({ instructor_id: 'ZD' + pad(n, 3), name: freshName(sr, sr.chance(0.3)), role: '产业发展指导员', vids: list });
    }
  });
  const expertVillages = [['核桃村', '新华村'], ['黄檀村'], ['经堂村', '永兴村'], ['转龙社区', '河包社区'], [], ['黄檀村', '荷花村'], ['核桃村', '大石村', '白鹤村'], []];
  expertVillages.forEach((names, i) => {
    instructors.push({ instructor_id: 'ZJ' + pad(i + 1, 3), name: freshName(sr, sr.chance(0.3)), role: '产业扶贫专家', vids: names.map((x) => byName[x].id) });
  });
  const techVillages = [['转龙社区', '河包社区', '核桃村'], ['黄檀村', '经堂村'], ['双河村', '大石村', '白鹤村'], ['荷花村', '永兴村'], ['石坝村', '新华村'], []];
  techVillages.forEach((names, i) => {
    instructors.push({ instructor_id: 'NJ' + pad(i + 1, 3), name: freshName(sr, sr.chance(0.4)), role: '农技人员', vids: names.map((x) => byName[x].id) });
  });
  for (const s of instructors) s.villages = s.vids.join('、');
}
const guides = instructors.filter((s) => s.role === '产业发展指导员');
const SICK = { [guides.find((s) => s.vids.length === 1 && s.vids[0] === byName['白鹤村'].id).instructor_id]: 8 };
// INTENDED 3.15c fail: a second 指导员 (永兴村) has no visit in 2020-06.
SICK[guides.filter((s) => s.vids[0] === byName['永兴村'].id)[1].instructor_id] = 6;

// ---------------------------------------------------------------- villages table rows
const villageRows = [];
{
  const vr = rng.fork('villages');
  const prev = { 核桃村: 14320, 黄檀村: 13860 };
  for (const v of VILLAGES) {
    const p = prev[v.name] ?? vr.int(15200, 18600);
    // INTENDED 2.9: 核桃村 +9.4 % pass; 黄檀村 +8.6 % warn (within the 1-point tolerance of "左右").
    const growth = v.name === '核桃村' ? 1.094 : v.name === '黄檀村' ? 1.086 : 1 + vr.int(68, 92) / 1000;
    const incomeRaw = Math.round(p * growth);
    // INTENDED 2.10: 核桃村 68,500 + 黄檀村 43,200, mean 55,850 > 50,000 (town pass, 黄檀村 warn).
    // INTENDED 2.11 fail: 石坝村 has no operating income (an empty-shell village); no-data: 新华村 not filled in.
    const collective = { 核桃村: '68500', 黄檀村: '43200', 石坝村: '0', 新华村: '' }[v.name] ?? String(vr.int(52, 460) * 500);
    // 清产核资 / 成员界定 / 资产量化, in the date spellings a hand-kept ledger has.
    const d1 = `2019/${vr.int(9, 12)}/${vr.int(1, 28)}`;
    const d2 = `2020年${vr.int(3, 6)}月${vr.int(1, 28)}日`;
    let d3 = `2020.${vr.int(7, 10)}.${vr.int(1, 28)}`;
    // INTENDED 3.8 fail: 永兴村 finished 资产量化 late; 新华村 has not finished 成员界定.
    if (v.name === '永兴村') d3 = '2020-11-06';
    villageRows.push({
      village_id: v.id,
      name: v.name,
      type: v.type,
      poverty_village: v.pv ? YES : NO,
      signature_product: v.product,
      dominant_industry: v.dominant,
      // INTENDED 2.5 pass: the poverty villages dock with 黄海食品 (市级) and the 金银花 enterprise (区级).
      sales_docking_enterprise: { 核桃村: 'QY001', 黄檀村: 'QY002', 转龙社区: 'QY001', 河包社区: 'QY008', 经堂村: 'QY005', 大石村: 'QY001', 新华村: 'QY004' }[v.name] ?? '',
      collective_income: v.name === '核桃村' ? withThousands(collective) : collective,
      farmer_income_prev: String(p),
      // Empty farmer income in 新华村 (no rule reads it outside the poverty villages).
      farmer_income: v.name === '新华村' ? '' : String(incomeRaw),
      asset_verification_date: d1,
      membership_date: v.name === '新华村' ? '' : d2,
      asset_quantification_date: d3,
      // INTENDED 3.10a / 3.10b pass: 经堂村 and 核桃村 are 三变 pilots (2 / 12 = 16.7 %).
      three_changes_pilot: ['经堂村', '核桃村'].includes(v.name) ? YES : v.name === '荷花村' ? '' : NO,
      industry_village_head: v.pv || vr.chance(0.5) ? freshName(vr, vr.chance(0.2)) : '',
      // INTENDED 3.13 warn: four villages not (or not recorded as) 村社共建.
      supply_coop_partnership: ['白鹤村', '石坝村', '新华村'].includes(v.name) ? NO : v.name === '荷花村' ? '' : YES,
      distribution_plan: v.name === '石坝村' || v.name === '新华村' ? NO : YES,
      industry_plan: YES,
    });
  }
}

// ---------------------------------------------------------------- industries
// [village, industry, unit, featured, ...row scales]
const INDUSTRY_ROWS = [
  ['转龙社区', '粉条', '吨', YES, '2860.5', '412'],
  ['转龙社区', '红薯', '亩', NO, '365.5'],
  ['河包社区', '粉条', '吨', YES, '1580'],
  ['河包社区', '蔬菜', '亩', NO, '120.5'],
  // INTENDED 3.2b fail: 红薯 (partly spelled 红署) 400.2 + 399.8 + 199.5 = 999.5 亩 < 1,000.
  ['核桃村', '红薯', '亩', YES, '400.2'],
  ['核桃村', '红署', '亩', YES, '399.8'],
  ['核桃村', '红薯', '亩', YES, '199.5'],
  // INTENDED 3.2c pass only with the alias: 海椒 320.4 + 150 + 辣椒 40.6 = 511 亩 (470.4 without 辣椒).
  ['核桃村', '海椒', '亩', YES, '320.4', '150'],
  ['核桃村', '辣椒', '亩', YES, '40.6'],
  ['核桃村', '马铃薯', '亩', NO, '118'],
  // INTENDED 3.2d pass: 1,200 + 650.5 + 180 = 2,030.5 亩.
  ['黄檀村', '稻虾', '亩', YES, '1200.0', '650.5', '180'],
  // INTENDED 3.2e pass: 300 + 210.3 = 510.3 亩.
  ['黄檀村', '金银花', '亩', YES, '300', '210.3'],
  // INTENDED 3.2f pass on the boundary: 250.1 + 149.7 + 100.2 = 500.0 exactly (499.99999999999994 in binary floats).
  ['黄檀村', '草坪', '亩', YES, '250.1', '149.7', '100.2'],
  // INTENDED 3.2g pass: 6,000 + 4,200 = 10,200 只.
  ['经堂村', '肉兔', '只', YES, '6000', '4200'],
  ['经堂村', '红薯', '亩', NO, '260'],
  ['双河村', '柑橘', '亩', YES, '420'],
  ['双河村', '生猪', '户', NO, '38'],
  ['大石村', '黄桃', '亩', YES, '305.5'],
  ['白鹤村', '蔬菜', '亩', YES, '280', '95.5'],
  ['荷花村', '莲藕', '亩', YES, '210'],
  ['荷花村', '水产', '亩', NO, '66.8'],
  ['永兴村', '生猪', '户', YES, '46'],
  ['石坝村', '花椒', '亩', YES, '188.8'],
  ['新华村', '马铃薯', '亩', NO, '150'],
  ['新华村', '红薯', '亩', YES, '233.3'],
];
const industries = [];
for (const [vname, industry, unit, featured, ...scales] of INDUSTRY_ROWS) {
  for (const scale of scales) industries.push({ village_id: byName[vname].id, industry, scale, unit, featured: featured === YES ? 'true' : 'false' });
}

// ---------------------------------------------------------------- projects
const pr = rng.fork('projects');
const SECTOR = [freshName(pr, false), freshName(pr, true), freshName(pr, false)];
const TECH = instructors.filter((s) => s.role === '农技人员');
const CADRE = Object.fromEntries(VILLAGES.map((v) => [v.name, freshName(pr, pr.chance(0.2))]));
function owners(vname, operator) {
  const vid = vname ? byName[vname].id : null;
  const guide = guides.find((s) => vid && s.vids.includes(vid)) ?? guides[0];
  const tech = TECH.find((s) => vid && s.vids.includes(vid)) ?? TECH[0];
  return {
    territorial_owner: vname ? CADRE[vname] : SECTOR[0],
    sector_owner: pr.pick(SECTOR),
    operator: operator ?? freshName(pr, pr.chance(0.2)),
    instructor_owner: guide.name,
    tech_owner: tech.name,
  };
}
const L = {
  land: '土地流转租金+务工收入+保底分红',
  job: '优先吸纳贫困户务工，按日结算工资',
  share: '财政补助资金量化为贫困户股份，按股分红',
  coop: '贫困户以土地、资金入股合作社,保底分红+按股分红',
  order: '订单收购：企业与贫困户签订收购协议，保底价回收',
};
// name, village, year, category, fund, amount, status, completion, linkage, poorHH, equity, risk, insurance, operator
const PROJECTS = [
  ['河包镇扶贫产品展销中心', null, 2019, '公共服务', '财政扶贫资金', '45', '已完工', '2019/11/28', L.order, '126', NO, YES, YES],
  ['转龙社区粉条加工厂技改', '转龙社区', 2019, '产业扶贫', '财政扶贫资金', '120', '已完工', '2019-12-20', L.job, '23', YES, YES, YES, '黄海食品有限公司'],
  // INTENDED 3.4b pass: the 海椒烘干车间, collective funds, completed.
  ['转龙社区海椒烘干车间', '转龙社区', 2020, '产业扶贫', '集体经济资金', '86.5', '已完工', '2020-09-28', L.order, '41', NO, YES, YES],
  ['转龙社区人居环境整治', '转龙社区', 2020, '基础设施', '财政扶贫资金', '32', '已完工', '2020-07-15', '改善贫困户人居环境，优先聘用贫困户参与施工', '18', NO, NO, NO],
  ['河包社区粉条晾晒场', '河包社区', 2018, '产业扶贫', '社会资金', '64', '已完工', '2018-10-30', L.job, '9', NO, YES, YES],
  ['核桃村红薯育苗基地', '核桃村', 2020, '产业扶贫', '集体经济资金', '38.6', '已完工', '2020-11-20', '集体经济收益按贫困户人口分红', '62', NO, YES, YES],
  ['核桃村红薯产业基地（股权化改革）', '核桃村', 2019, '产业扶贫', '财政扶贫资金', '150', '已完工', '2019-09-30', L.share, '78', YES, YES, YES, '荣昌区聚丰薯业开发有限公司'],
  ['核桃村海椒种植基地', '核桃村', 2020, '产业扶贫', '财政扶贫资金', '52.3', '已完工', '2020-08-10', L.coop, '45', NO, YES, YES],
  ['核桃村产业路硬化', '核桃村', 2018, '基础设施', '财政扶贫资金', '96', '已完工', '2018-12-26', '解决贫困户产品运输，吸纳贫困户务工', '70', NO, NO, NO],
  ['核桃村饮水安全巩固提升', '核桃村', 2020, '基础设施', '财政扶贫资金', '28', '在建', '', '保障贫困户安全饮水', '78', NO, NO, NO],
  ['黄檀村稻虾综合种养基地配套设施', '黄檀村', 2020, '产业扶贫', '集体经济资金', '64', '已完工', '2020年12月18日', L.land, '55', NO, YES, YES],
  ['黄檀村金银花加工厂房', '黄檀村', 2020, '产业扶贫', '财政扶贫资金', '180', '已完工', '2020-06-30', '贫困户务工、\n金银花保底价收购', '40', YES, YES, YES, '荣昌区黄檀金银花加工有限公司'],
  ['黄檀村草坪种植基地', '黄檀村', 2019, '产业扶贫', '捐赠资金', '35', '已完工', '2019-10-15', L.coop, '38', NO, YES, YES],
  ['黄檀村村级便民服务中心', '黄檀村', 2019, '公共服务', '财政扶贫资金', '42', '已完工', '2019-08-20', '为贫困户提供代办服务', '71', NO, NO, NO],
  // INTENDED 3.4d pass: the 观音阁 rural tourism complex is under construction (amount with a thousands separator).
  ['经堂村观音阁水库乡村休闲旅游综合体', '经堂村', 2020, '产业扶贫', '社会资金', withThousands('1200.5'), '在建', '', '贫困户以土地、房屋入股,参与经营分红、务工就业', '26', NO, YES, YES, '重庆观音阁文旅发展有限公司'],
  ['经堂村肉兔养殖小区', '经堂村', 2019, '产业扶贫', '财政扶贫资金', '75', '已完工', '2019-07-18', L.share, '30', YES, YES, YES, '荣昌区兴旺兔业有限公司'],
  ['经堂村肉兔养殖扩建', '经堂村', 2020, '产业扶贫', '财政扶贫资金', '48', '已完工', '2020-10-12', L.coop, '18', NO, YES, YES],
  // INTENDED 3.18b warn: an industry project under construction without insurance.
  ['双河村柑橘提质增效', '双河村', 2020, '产业扶贫', '财政扶贫资金', '26.8', '在建', '', L.land, '15', NO, YES, NO],
  ['双河村机耕道', '双河村', 2019, '基础设施', '财政扶贫资金', '55', '已完工', '2019-05-30', '方便贫困户生产出行', '30', NO, NO, NO],
  ['大石村黄桃基地', '大石村', 2018, '产业扶贫', '财政扶贫资金', '60', '已完工', '2018-11-15', L.land, '20', NO, YES, YES],
  ['大石村黄桃冷链库', '大石村', 2020, '产业扶贫', '社会资金', '22', '未开工', '', L.order, '12', NO, YES, ''],
  // Outside 3.12's 2018–2020 window and not fiscally funded: no linkage, and no rule minds.
  ['白鹤村蔬菜大棚', '白鹤村', 2017, '产业扶贫', '社会资金', '30', '已完工', '2017-10-30', '', '', NO, YES, YES],
  ['白鹤村蔬菜基地提升', '白鹤村', 2020, '产业扶贫', '财政扶贫资金', '31.5', '已完工', '2020-05-28', L.job, '16', NO, YES, YES],
  ['荷花村莲藕基地', '荷花村', 2019, '产业扶贫', '财政扶贫资金', '44', '已完工', '2019-09-12', L.land, '21', NO, YES, YES],
  ['荷花村人行便道', '荷花村', 2020, '基础设施', '捐赠资金', '12', '已完工', '2020/8/1', '优先聘用贫困户务工', '9', NO, NO, NO],
  ['永兴村生猪代养场', '永兴村', 2019, '产业扶贫', '财政扶贫资金', '88', '已完工', '2019-12-10', L.share, '27', YES, YES, YES],
  ['永兴村生猪养殖粪污治理', '永兴村', 2020, '其他', '其他', '15', '在建', '', '', '', NO, NO, NO],
  ['石坝村花椒基地', '石坝村', 2020, '产业扶贫', '财政扶贫资金', '23.2', '已完工', '2020-04-25', L.land, '14', NO, YES, YES],
  ['新华村红薯种植基地', '新华村', 2018, '产业扶贫', '财政扶贫资金', '28', '已完工', '2018-09-18', L.coop, '15', NO, YES, YES],
  ['新华村村道维修', '新华村', 2020, '基础设施', '财政扶贫资金', '19.6', '未开工', '', '贫困户投工投劳获得劳务收入', '8', NO, NO, NO],
];
const projects = [];
{
  const perYear = {};
  for (const [name, vname, year, category, fund_source, amount, status, completion_date, benefit_linkage, phb, equity_reform, risk_assessment, insurance, operator] of PROJECTS) {
    perYear[year] = (perYear[year] ?? 0) + 1;
    const own = owners(vname, operator);
    const industry = category === '产业扶贫';
    projects.push({
      project_id: `XM${year}-${pad(perYear[year], 3)}`,
      name,
      village_id: vname ? byName[vname].id : '',
      year: String(year),
      category,
      fund_source,
      amount,
      status,
      completion_date,
      benefit_linkage,
      poor_households_benefited: phb,
      equity_reform,
      // Owners are kept for industry projects; infrastructure rows name only the village.
      ...(industry ? own : { territorial_owner: own.territorial_owner, sector_owner: own.sector_owner, operator: '', instructor_owner: '', tech_owner: '' }),
      risk_assessment,
      insurance,
    });
  }
}

// ---------------------------------------------------------------- visits
const visits = [];
{
  const wr = rng.fork('visits');
  const BAIHE = byName['白鹤村'].id;
  const hhOf = (vid) => HH_PER_VILLAGE.get(vid);
  // INTENDED 3.15b fail: no instructor visit reached 白鹤村 in 2020-08.
  const blocked = (vid, m) => vid === BAIHE && m === 8;
  function visitTo(date, s, vid, forceVillage = false) {
    if (!forceVillage && wr.chance(0.55)) {
      const h = wr.pick(hhOf(vid));
      const poorOnes = hhOf(vid).filter(isPoor);
      const target = wr.chance(0.7) ? wr.pick(poorOnes) : h;
      return { date, instructor_id: s ? s.instructor_id : '', village_id: wr.chance(0.4) ? vid : '', household_id: target.household_id, enterprise_id: '', purpose: wr.pick(VISIT_PURPOSES.household) };
    }
    return { date, instructor_id: s ? s.instructor_id : '', village_id: vid, household_id: '', enterprise_id: '', purpose: wr.pick(VISIT_PURPOSES.village) };
  }
  for (let m = 1; m <= 12; m++) {
    for (const s of instructors) {
      if (SICK[s.instructor_id] === m) continue;
      const targets = s.vids.filter((vid) => !blocked(vid, m));
      if (!targets.length) continue;
      let n;
      if (s.role === '产业发展指导员') n = m === 2 ? (wr.chance(0.5) ? 1 : 0) : wr.int(1, 3);
      else n = m === 2 ? 0 : wr.int(0, 2);
      for (let k = 0; k < n; k++) {
        // A 指导员's first visit of a month goes to the village he is based in when he can.
        const vid = k === 0 && targets.includes(s.vids[0]) ? s.vids[0] : wr.pick(targets);
        visits.push(visitTo(dayIn(wr, 2020, m, m === 1 ? 2 : 1), s, vid));
      }
    }
    // Make sure every village (but the intended gap) saw an instructor this month.
    for (const v of VILLAGES) {
      if (blocked(v.id, m)) continue;
      const seen = visits.some((x) => x.instructor_id && x.date.startsWith(`2020-${pad(m, 2)}`) && (x.village_id === v.id || (x.household_id && hhOfId.get(x.household_id) === v.id)));
      if (!seen && m >= 2) {
        const s = guides.find((g) => g.vids[0] === v.id && SICK[g.instructor_id] !== m);
        visits.push(visitTo(dayIn(wr, 2020, m), s, v.id, true));
      }
    }
  }
  // The town work group (no instructor) going round the enterprises in the epidemic, Feb–Mar.
  for (const e of ENTERPRISES) {
    if (e.poverty_policy === YES || wr.chance(0.5)) {
      visits.push({ date: dayIn(wr, 2020, wr.pick([2, 3]), 10), instructor_id: '', village_id: '', household_id: '', enterprise_id: e.enterprise_id, purpose: VISIT_PURPOSES.enterprise[0] });
    }
  }
  // Experts and the work group now and then at the enterprises.
  const experts = instructors.filter((s) => s.role === '产业扶贫专家');
  for (let m = 4; m <= 12; m += 2) {
    // (Never 白鹤村's enterprise in August: a visit naming the village would fill the intended gap.)
    const e = wr.pick(ENTERPRISES.filter((x) => x.village && !(m === 8 && x.village === '白鹤村')));
    visits.push({ date: dayIn(wr, 2020, m), instructor_id: wr.pick(experts).instructor_id, village_id: wr.chance(0.5) ? byName[e.village].id : '', household_id: '', enterprise_id: e.enterprise_id, purpose: wr.pick(VISIT_PURPOSES.enterprise.slice(1)) });
  }
  // The work group did look in on 白鹤村 in August (but it is no instructor visit).
  visits.push({ date: '2020-08-19', instructor_id: '', village_id: BAIHE, household_id: '', enterprise_id: '', purpose: '镇产业扶贫工作组督导' });
  visits.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  // Experts write dates the short way (2020/4/5).
  for (const x of visits) {
    if (x.instructor_id.startsWith('ZJ')) {
      const [y, mm, dd] = x.date.split('-');
      x.date = `${y}/${Number(mm)}/${Number(dd)}`;
    }
  }
}

// ---------------------------------------------------------------- write
fs.mkdirSync(outDir, { recursive: true });
const counts = {};
writeYaml(path.join(outDir, 'manifest.yaml'), { town: '河包镇', plan: 'hebao-2020', as_of: '2020-12-31', exported_at: '2021-01-08', source: '全国扶贫开发信息系统（业务管理子系统）导出，河包镇农业服务中心台账补录' }, '河包镇 sample export. Everything in this folder is made up (test/tools/make-fixture.mjs).');
writeYaml(path.join(outDir, 'town.yaml'), { name: '河包镇', leadership_group: { leader: TOWN.leader, first_deputy: TOWN.first, deputies: TOWN.deputies } }, '镇产业扶贫工作领导小组 (fake names)');
counts.villages = writeCsv(path.join(outDir, 'villages.csv'), 'villages', villageRows, { header: 'zh', encoding: 'utf8bom' });
counts.households = writeCsv(path.join(outDir, 'households.csv'), 'households', households, { header: 'zh', encoding: 'gb18030', eol: '\r\n' });
counts.industries = writeCsv(path.join(outDir, 'industries.csv'), 'industries', industries, { header: 'en' });
counts.projects = writeCsv(path.join(outDir, 'projects.csv'), 'projects', projects, { header: 'zh-padded' });
counts.enterprises = writeCsv(
  path.join(outDir, 'enterprises.csv'),
  'enterprises',
  ENTERPRISES.map((e) => ({ ...e, village_id: e.village ? byName[e.village].id : '' })),
  { header: 'zh' },
);
counts.cooperatives = writeYamlTable(
  path.join(outDir, 'cooperatives.yaml'),
  'cooperatives',
  COOPS.map((c) => ({
    cooperative_id: c.id,
    name: c.name,
    village_id: c.villageId,
    poverty_leader_level: c.poverty_leader_level,
    demonstration_level: c.demonstration_level,
    poverty_funded: c.funded ? true : false,
    service_coop: c.service ? true : undefined,
    members: c.members,
    poor_members: c.poor,
  })),
);
counts.instructors = writeCsv(path.join(outDir, 'instructors.csv'), 'instructors', instructors, { header: 'zh' });
counts.visits = writeCsv(path.join(outDir, 'visits.csv'), 'visits', visits, { header: 'en' });
for (const [t, n] of Object.entries(counts)) process.stdout.write(`${t.padEnd(13)} ${n}\n`);
process.stdout.write(`wrote ${path.relative(process.cwd(), outDir) || '.'}\n`);
