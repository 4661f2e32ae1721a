#!/usr/bin/env node
/**
 * Writes a large, valid, proportionate town for the benchmark:
 *
 *   node test/bench/generate.mjs <outDir> <households>
 *
 * About one village per 350 households; the other tables scale with the
 * villages. UTF-8 CSV with English headers. Households and visits are streamed
 * (no array of rows), so a million households take a few seconds and flat
 * memory. Deterministic for a given household count. Built from the same
 * blocks as the bundled fixture (test/tools/lib).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Rng } from '../tools/lib/prng.mjs';
import { personName } from '../tools/lib/people.mjs';
import { householdRow, yesNo, YES, NO, pad, dayIn, money, VISIT_PURPOSES } from '../tools/lib/town.mjs';
import { CsvStream, writeYaml } from '../tools/lib/write.mjs';

const [outArg, countArg] = process.argv.slice(2);
const H = Number(countArg);
if (!outArg || !Number.isInteger(H) || H < 1) {
  process.stderr.write('usage: node test/bench/generate.mjs <outDir> <households>\n');
  process.exit(2);
}
const outDir = path.resolve(outArg);
fs.mkdirSync(outDir, { recursive: true });
const started = process.hrtime.bigint();
const rng = new Rng(`hebao bench ${H}`);

// Industries with the one unit each is counted in.
const CATALOGUE = [
  ['红薯', '亩'], ['海椒', '亩'], ['稻虾', '亩'], ['金银花', '亩'], ['草坪', '亩'], ['柑橘', '亩'], ['黄桃', '亩'],
  ['蔬菜', '亩'], ['莲藕', '亩'], ['花椒', '亩'], ['马铃薯', '亩'], ['肉兔', '只'], ['生猪', '户'], ['粉条', '吨'],
];
const LEVELS = ['国家级', '市级', '区级', '无'];

// ---- villages and how the households spread over them
const nV = Math.max(1, Math.round(H / 350));
const vid = (i) => '500153' + pad(100000 + i, 6);
const hid = (n) => 'H' + pad(n, 8);
const base = Math.floor(H / nV);
const extra = H % nV;
const vStart = new Int32Array(nV + 1); // household numbers of village i: vStart[i]+1 .. vStart[i+1]
for (let i = 0; i < nV; i++) vStart[i + 1] = vStart[i] + base + (i < extra ? 1 : 0);
const isPV = (i) => i % 6 === 2 || nV === 1;
const vIndustries = [];
const vCoops = new Int8Array(nV);
for (let i = 0; i < nV; i++) {
  const r = rng.fork('v' + i);
  const k = r.int(2, 4);
  const picks = new Set();
  while (picks.size < k) picks.add(r.int(0, CATALOGUE.length - 1));
  vIndustries.push([...picks]);
  vCoops[i] = r.int(1, 3);
}
const coopId = (v, k) => `C${pad(v, 6)}-${k + 1}`;

// ---- enterprises (held: about one per village)
const enterprises = [];
{
  const r = rng.fork('enterprises');
  for (let i = 0; i < nV; i++) {
    if (!r.chance(0.8)) continue;
    const employees = r.int(3, 300);
    const aboveScale = employees > 120 && r.chance(0.6);
    const policy = yesNo(r, 0.5, 0.1);
    enterprises.push({
      enterprise_id: 'E' + pad(enterprises.length + 1, 6),
      name: `荣昌区${CATALOGUE[vIndustries[i][0]][0]}产业发展有限公司${enterprises.length + 1}`,
      village_id: vid(i),
      leading_level: r.weighted([['无', 70], ['区级', 22], ['市级', 7], ['国家级', 1]]),
      poverty_leader_level: r.chance(0.1) ? '' : r.weighted([['无', 85], ['区级', 12], ['市级', 3]]),
      annual_sales: r.chance(0.05) ? '' : money(r.next() * (aboveScale ? 20000 : 800), 1),
      above_scale: aboveScale ? YES : NO,
      above_scale_year: aboveScale ? String(r.int(2010, 2020)) : '',
      poverty_policy: policy,
      employees: String(employees),
      poor_employees: r.chance(0.05) ? '' : String(r.int(0, Math.min(employees, 40))),
    });
  }
  for (let j = 0; j < Math.max(1, Math.floor(nV / 50)); j++) {
    enterprises.push({ enterprise_id: 'E' + pad(enterprises.length + 1, 6), name: `荣昌区集体经济发展有限公司${j + 1}`, village_id: '', leading_level: '无', poverty_leader_level: '无', annual_sales: money(r.next() * 300, 1), above_scale: NO, above_scale_year: '', poverty_policy: NO, employees: String(r.int(3, 20)), poor_employees: String(r.int(0, 3)) });
  }
}
const leading = enterprises.filter((e) => e.leading_level !== '无');

async function table(name, rows) {
  const s = new CsvStream(path.join(outDir, `${name}.csv`), name, { header: 'en' });
  for (const row of rows) {
    const p = s.write(row);
    if (p) await p;
  }
  return s.close();
}

const counts = {};

// ---- villages
counts.villages = await table(
  'villages',
  (function* () {
    const r = rng.fork('villages');
    for (let i = 0; i < nV; i++) {
      const prev = r.int(12000, 19000);
      const ind = CATALOGUE[vIndustries[i][0]][0];
      yield {
        village_id: vid(i),
        name: `第${i + 1}村`,
        type: r.chance(0.12) ? '社区' : '村',
        poverty_village: isPV(i) ? YES : NO,
        signature_product: r.chance(0.95) ? ind : '',
        dominant_industry: ind,
        sales_docking_enterprise: leading.length && r.chance(0.6) ? r.pick(leading).enterprise_id : '',
        collective_income: r.chance(0.03) ? '' : String(r.int(0, 400) * 500),
        farmer_income_prev: String(prev),
        farmer_income: r.chance(0.03) ? '' : String(Math.round(prev * (1.06 + r.next() * 0.05))),
        asset_verification_date: dayIn(r, 2019, r.int(6, 12)),
        membership_date: r.chance(0.03) ? '' : dayIn(r, 2020, r.int(2, 8)),
        asset_quantification_date: dayIn(r, 2020, r.int(5, 11)),
        three_changes_pilot: yesNo(r, 0.15, 0.05),
        industry_village_head: r.chance(0.5) ? personName(r) : '',
        supply_coop_partnership: yesNo(r, 0.8, 0.05),
        distribution_plan: yesNo(r, 0.9),
        industry_plan: yesNo(r, 0.97),
      };
    }
  })(),
);

// ---- households (streamed)
{
  const s = new CsvStream(path.join(outDir, 'households.csv'), 'households', { header: 'en' });
  const r = rng.fork('households');
  for (let i = 0; i < nV; i++) {
    const ctx = { villageId: vid(i), industries: vIndustries[i].map((k) => CATALOGUE[k][0]), coops: [] };
    for (let k = 0; k < vCoops[i]; k++) ctx.coops.push(coopId(i, k));
    const poorRate = isPV(i) ? 0.18 : 0.09;
    const plan = { poor: false, pledgeGap: 0.03 };
    for (let n = vStart[i] + 1; n <= vStart[i + 1]; n++) {
      plan.poor = r.chance(poorRate);
      const p = s.write(householdRow(r, hid(n), ctx, plan));
      if (p) await p;
    }
  }
  counts.households = await s.close();
}

// ---- industries
counts.industries = await table(
  'industries',
  (function* () {
    const r = rng.fork('industries');
    for (let i = 0; i < nV; i++) {
      for (const k of vIndustries[i]) {
        const [industry, unit] = CATALOGUE[k];
        const rows = r.int(1, 3);
        for (let j = 0; j < rows; j++) {
          const scale = unit === '只' ? String(r.int(500, 6000)) : unit === '户' ? String(r.int(5, 60)) : money(r.next() * 800 + 10, 1);
          yield { village_id: vid(i), industry, scale, unit, featured: j === 0 && r.chance(0.6) ? YES : NO };
        }
      }
    }
  })(),
);

// ---- projects
counts.projects = await table(
  'projects',
  (function* () {
    const r = rng.fork('projects');
    const CATS = [['产业扶贫', 5], ['基础设施', 3], ['公共服务', 1], ['其他', 1]];
    const FUNDS = [['财政扶贫资金', 6], ['捐赠资金', 1], ['集体经济资金', 2], ['社会资金', 2], ['其他', 1]];
    let n = 0;
    for (let i = -1; i < nV; i++) {
      const k = i < 0 ? Math.max(1, Math.floor(nV / 20)) : r.int(2, 5);
      for (let j = 0; j < k; j++) {
        n++;
        const year = r.int(2017, 2020);
        const status = year < 2020 ? '已完工' : r.weighted([['已完工', 6], ['在建', 3], ['未开工', 1]]);
        const category = r.weighted(CATS);
        const industry = category === '产业扶贫';
        yield {
          project_id: `P${year}-${pad(n, 7)}`,
          name: `${industry ? CATALOGUE[r.int(0, CATALOGUE.length - 1)][0] + '产业基地' : '村道硬化'}项目${n}`,
          village_id: i < 0 ? '' : vid(i),
          year: String(year),
          category,
          fund_source: r.weighted(FUNDS),
          amount: money(r.next() * 150 + 5, 1),
          status,
          completion_date: status === '已完工' ? dayIn(r, year, r.int(3, 12)) : '',
          benefit_linkage: r.chance(0.92) ? '贫困户以土地、资金入股,保底分红+按股分红' : '',
          poor_households_benefited: r.chance(0.05) ? '' : String(r.int(0, 80)),
          equity_reform: yesNo(r, 0.2, 0.1),
          territorial_owner: personName(r),
          sector_owner: personName(r),
          operator: industry ? personName(r) : '',
          instructor_owner: industry && r.chance(0.95) ? personName(r) : '',
          tech_owner: industry && r.chance(0.95) ? personName(r) : '',
          risk_assessment: yesNo(r, 0.9, 0.03),
          insurance: yesNo(r, 0.8, 0.05),
        };
      }
    }
  })(),
);

counts.enterprises = await table('enterprises', enterprises);

// ---- cooperatives
counts.cooperatives = await table(
  'cooperatives',
  (function* () {
    const r = rng.fork('cooperatives');
    for (let i = 0; i < nV; i++) {
      for (let k = 0; k < vCoops[i]; k++) {
        const members = r.int(5, 200);
        const funded = isPV(i) && k === 0 ? YES : yesNo(r, 0.1, 0.1);
        yield {
          cooperative_id: coopId(i, k),
          name: `第${i + 1}村${CATALOGUE[vIndustries[i][k % vIndustries[i].length]][0]}专业合作社`,
          village_id: vid(i),
          poverty_leader_level: r.chance(0.2) ? '' : r.weighted([['无', 90], ['区级', 8], ['市级', 2]]),
          demonstration_level: r.chance(0.2) ? '' : r.pick(LEVELS),
          poverty_funded: funded,
          service_coop: isPV(i) && k === 0 ? YES : NO,
          members: String(members),
          poor_members: String(funded === YES ? Math.ceil(members * (0.75 + r.next() * 0.25)) : r.int(0, Math.floor(members / 4))),
        };
      }
    }
  })(),
);

// ---- instructors (held: a few per village)
const instructors = [];
{
  const r = rng.fork('instructors');
  for (let i = 0; i < nV; i++) {
    const k = r.int(2, 4);
    for (let j = 0; j < k; j++) {
      const vids = [i];
      if (nV > 1 && r.chance(0.3)) vids.push((i + 1) % nV);
      instructors.push({ instructor_id: 'I' + pad(instructors.length + 1, 7), name: personName(r), role: '产业发展指导员', vids });
    }
    if (r.chance(0.3)) instructors.push({ instructor_id: 'I' + pad(instructors.length + 1, 7), name: personName(r), role: r.chance(0.5) ? '产业扶贫专家' : '农技人员', vids: r.chance(0.8) ? [i] : [] });
  }
  counts.instructors = await table(
    'instructors',
    instructors.map((s) => ({ instructor_id: s.instructor_id, name: s.name, role: s.role, villages: s.vids.map(vid).join('、') })),
  );
}

// ---- visits (streamed)
{
  const s = new CsvStream(path.join(outDir, 'visits.csv'), 'visits', { header: 'en' });
  const r = rng.fork('visits');
  for (let m = 1; m <= 12; m++) {
    for (const ins of instructors) {
      if (!ins.vids.length || r.chance(0.02)) continue;
      const n = r.int(1, 2);
      for (let k = 0; k < n; k++) {
        const v = r.pick(ins.vids);
        const toHousehold = r.chance(0.55);
        const h = toHousehold ? hid(r.int(vStart[v] + 1, vStart[v + 1])) : '';
        const p = s.write({
          date: dayIn(r, 2020, m),
          instructor_id: ins.instructor_id,
          village_id: toHousehold && r.chance(0.6) ? '' : vid(v),
          household_id: h,
          enterprise_id: '',
          purpose: r.pick(toHousehold ? VISIT_PURPOSES.household : VISIT_PURPOSES.village),
        });
        if (p) await p;
      }
    }
  }
  for (const e of enterprises) {
    if (e.poverty_policy !== YES) continue;
    const p = s.write({ date: dayIn(r, 2020, r.int(2, 12)), instructor_id: '', village_id: '', household_id: '', enterprise_id: e.enterprise_id, purpose: VISIT_PURPOSES.enterprise[r.int(0, 3)] });
    if (p) await p;
  }
  counts.visits = await s.close();
}

writeYaml(path.join(outDir, 'manifest.yaml'), { town: '河包镇', plan: 'hebao-2020', as_of: '2020-12-31', exported_at: '2021-01-08', source: `benchmark data (test/bench/generate.mjs, ${H} households)` });
const tr = rng.fork('town');
writeYaml(path.join(outDir, 'town.yaml'), { name: '河包镇', leadership_group: { leader: personName(tr), first_deputy: personName(tr), deputies: [personName(tr), personName(tr)] } });

const ms = Number(process.hrtime.bigint() - started) / 1e6;
process.stderr.write(`${Object.entries(counts).map(([t, n]) => `${t} ${n}`).join(', ')} in ${(ms / 1000).toFixed(1)} s\n`);
