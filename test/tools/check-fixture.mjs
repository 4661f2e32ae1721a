#!/usr/bin/env node
/**
 * An independent second reading of a data folder, for the people who build
 * the fixture (not the product): validates every cell against the data
 * contract, and computes the headline figures of the hebao-2020 rules, so the
 * engine's verdicts can be compared with what the fixture was built to show.
 *
 *   node test/tools/check-fixture.mjs [dir]        (default fixtures/hebao-2020)
 *
 * Exits 1 when a cell is invalid. Also checks that lib/columns.mjs still
 * matches src/contract/tables.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import YAML from 'yaml';
import { parse } from 'csv-parse/sync';
import { COLUMNS } from './lib/columns.mjs';
import { isValidResidentId } from './lib/people.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dir = path.resolve(process.argv[2] ?? path.join(ROOT, 'fixtures/hebao-2020'));
const errors = [];
const err = (file, line, col, value, msg) => errors.push(`${file}:${line} ${col} ${JSON.stringify(value)}: ${msg}`);

// ---- columns.mjs against tables.ts (keys and headers, in order)
{
  const src = fs.readFileSync(path.join(ROOT, 'src/contract/tables.ts'), 'utf8');
  for (const [table, cols] of Object.entries(COLUMNS)) {
    const start = src.indexOf(`  ${table}: {`);
    const block = src.slice(start, src.indexOf('\n  },', start));
    const found = [...block.matchAll(/col\(\s*'([^']+)',\s*'([^']+)'/g)].map((m) => [m[1], m[2]]);
    if (JSON.stringify(found) !== JSON.stringify(cols)) errors.push(`lib/columns.mjs: ${table} differs from src/contract/tables.ts`);
  }
}

// ---- types (data-contract.md)
const LEVELS = ['国家级', '市级', '区级', '无'];
const T = {
  villages: { village_id: 'id!', name: 'text!', type: ['村', '社区'], poverty_village: 'bool!', sales_docking_enterprise: 'ref:enterprises', collective_income: 'num>=0', farmer_income_prev: 'num>0', farmer_income: 'num>=0', asset_verification_date: 'date', membership_date: 'date', asset_quantification_date: 'date', three_changes_pilot: 'bool', supply_coop_partnership: 'bool', distribution_plan: 'bool', industry_plan: 'bool' },
  households: { household_id: 'id!', village_id: 'ref:villages!', head_name: 'text!', id_number: 'idnum', members: 'int>=1!', poverty_status: ['未脱贫', '已脱贫', '非贫困户', '已脱贫(享受政策)', '已脱贫(不再享受政策)', '返贫'], labor_count: 'int>=0!', industry_covered: 'bool!', willing: 'bool', cooperative_id: 'ref:cooperatives', land_share: 'bool', sanitation_pledge: 'bool' },
  industries: { village_id: 'ref:villages!', industry: 'text!', scale: 'num>=0!', unit: ['亩', '只', '吨', '户'], featured: 'bool' },
  projects: { project_id: 'id!', name: 'text!', village_id: 'ref:villages', year: 'year!', category: ['产业扶贫', '基础设施', '公共服务', '其他'], fund_source: ['财政扶贫资金', '捐赠资金', '集体经济资金', '社会资金', '其他'], amount: 'num>=0', status: ['未开工', '在建', '已完工'], completion_date: 'date', poor_households_benefited: 'int>=0', equity_reform: 'bool', risk_assessment: 'bool', insurance: 'bool' },
  enterprises: { enterprise_id: 'id!', name: 'text!', village_id: 'ref:villages', leading_level: LEVELS, poverty_leader_level: LEVELS, annual_sales: 'num>=0', above_scale: 'bool', above_scale_year: 'int', poverty_policy: 'bool', employees: 'int>=0', poor_employees: 'int>=0' },
  cooperatives: { cooperative_id: 'id!', name: 'text!', village_id: 'ref:villages!', poverty_leader_level: LEVELS, demonstration_level: LEVELS, poverty_funded: 'bool', service_coop: 'bool', members: 'int>=1!', poor_members: 'int>=0!' },
  instructors: { instructor_id: 'id!', name: 'text!', role: ['产业发展指导员', '产业扶贫专家', '农技人员'], villages: 'reflist:villages' },
  visits: { date: 'date!', instructor_id: 'ref:instructors', village_id: 'ref:villages', household_id: 'ref:households', enterprise_id: 'ref:enterprises' },
};
const REQUIRED_ENUMS = new Set(['villages.type', 'households.poverty_status', 'industries.unit', 'projects.category', 'projects.fund_source', 'projects.status', 'enterprises.leading_level', 'instructors.role']);

const BOOL = new Map(Object.entries({ 是: true, 否: false, true: true, false: false, yes: true, no: false, y: true, n: false, 1: true, 0: false }));
const toBool = (s) => BOOL.get(String(s).toLowerCase());
const normNum = (s) => String(s).replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/,/g, '');
const isNum = (s) => /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(normNum(s));
/** Exact decimal as an integer count of 1e-6 (enough for these figures). */
const dec = (s) => {
  const [i, f = ''] = normNum(s).replace(/^\+/, '').split('.');
  return BigInt(i + (f + '000000').slice(0, 6));
};
function parseDate(s) {
  const m = /^(\d{4})(?:[-/.](\d{1,2})[-/.](\d{1,2})|年(\d{1,2})月(\d{1,2})日)$/.exec(String(s).trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2] ?? m[4]), Number(m[3] ?? m[5])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return null;
  return `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
const normStatus = (s) => String(s).replace(/（/g, '(').replace(/）/g, ')');

// ---- read
function decode(buf) {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return { text: buf.subarray(3).toString('utf8'), enc: 'utf8-bom' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(buf), enc: 'utf8' };
  } catch {
    return { text: iconv.decode(buf, 'gb18030'), enc: 'gb18030' };
  }
}
const keyOf = {};
for (const [t, cols] of Object.entries(COLUMNS)) {
  keyOf[t] = new Map();
  for (const [k, h] of cols) {
    keyOf[t].set(k.toLowerCase(), k);
    keyOf[t].set(h, k);
  }
}
const trimAll = (s) => String(s).replace(/^[\s\u3000]+|[\s\u3000]+$/g, '');
const data = {};
const formats = {};
for (const t of Object.keys(COLUMNS)) {
  const csv = path.join(dir, `${t}.csv`);
  const yml = [`${t}.yaml`, `${t}.yml`].map((f) => path.join(dir, f)).find((f) => fs.existsSync(f));
  if (fs.existsSync(csv) && yml) errors.push(`${t}: both CSV and YAML`);
  let rows = [];
  if (fs.existsSync(csv)) {
    const buf = fs.readFileSync(csv);
    const { text, enc } = decode(buf);
    const crlf = text.includes('\r\n');
    const recs = parse(text.replace(/\r\n/g, '\n'), { relax_column_count: false, info: true, skip_empty_lines: true });
    const header = recs[0].record.map((h) => keyOf[t].get(trimAll(h)) ?? keyOf[t].get(trimAll(h).toLowerCase()));
    const style = recs[0].record.every((h, i) => h === COLUMNS[t][i][0]) ? 'en' : recs[0].record.every((h, i) => h === COLUMNS[t][i][1]) ? 'zh' : 'padded';
    formats[t] = `csv ${enc}${crlf ? ' CRLF' : ''} headers:${style}`;
    header.forEach((k, i) => k === undefined && errors.push(`${t}.csv: unknown header ${JSON.stringify(recs[0].record[i])}`));
    for (const { record, info } of recs.slice(1)) {
      const row = { __line: info.lines };
      header.forEach((k, i) => k && (row[k] = trimAll(record[i] ?? '')));
      rows.push(row);
    }
  } else if (yml) {
    formats[t] = 'yaml';
    const list = YAML.parse(fs.readFileSync(yml, 'utf8'));
    rows = list.map((rec, i) => {
      const row = { __line: `#${i + 1}` };
      for (const [k, v] of Object.entries(rec)) {
        const key = keyOf[t].get(trimAll(k)) ?? keyOf[t].get(trimAll(k).toLowerCase());
        if (!key) errors.push(`${t}.yaml: unknown key ${k}`);
        else row[key] = v === null ? '' : typeof v === 'boolean' ? (v ? '是' : '否') : trimAll(v);
      }
      return row;
    });
  } else errors.push(`${t}: missing`);
  data[t] = rows;
}

// ---- validate cells
const ids = {};
for (const [t, spec] of Object.entries(T)) {
  const idKey = Object.entries(spec).find(([, ty]) => ty === 'id!')?.[0];
  if (idKey) {
    ids[t] = new Set();
    for (const r of data[t]) {
      if (ids[t].has(r[idKey])) err(t, r.__line, idKey, r[idKey], 'duplicate id');
      ids[t].add(r[idKey]);
    }
  }
}
for (const [t, spec] of Object.entries(T)) {
  for (const r of data[t]) {
    for (const [k, ty] of Object.entries(spec)) {
      const v = r[k] ?? '';
      const req = (typeof ty === 'string' && ty.endsWith('!')) || REQUIRED_ENUMS.has(`${t}.${k}`);
      if (v === '') {
        if (req) err(t, r.__line, k, v, 'required');
        continue;
      }
      const base = typeof ty === 'string' ? ty.replace(/!$/, '') : ty;
      const bad = (m) => err(t, r.__line, k, v, m);
      if (Array.isArray(base)) {
        if (!base.includes(t === 'households' ? normStatus(v) : v)) bad('not one of ' + base.join(' '));
      } else if (base === 'bool') {
        if (toBool(v) === undefined) bad('bool');
      } else if (base === 'date') {
        if (!parseDate(v)) bad('date');
      } else if (base.startsWith('num')) {
        if (!isNum(v)) bad('number');
        else if (base === 'num>0' ? dec(v) <= 0n : dec(v) < 0n) bad(base);
      } else if (base.startsWith('int') || base === 'year') {
        if (!/^[+-]?\d+$/.test(normNum(v))) bad('int');
        const n = Number(normNum(v));
        if (base === 'int>=1' && n < 1) bad('>= 1');
        if (base === 'int>=0' && n < 0) bad('>= 0');
        if (base === 'year' && (n < 2000 || n > 2100)) bad('year');
      } else if (base.startsWith('ref:')) {
        if (!ids[base.slice(4)].has(v)) bad('dangling ref');
      } else if (base.startsWith('reflist:')) {
        for (const x of v.split(/[;；、,]/).map(trimAll).filter(Boolean)) if (!ids.villages.has(x)) bad('dangling ref ' + x);
      } else if (base === 'idnum') {
        if (!(v.length === 18 || v.length === 20 || v.length === 22) || !isValidResidentId(v.slice(0, 18))) bad('resident id');
      }
    }
  }
}
for (const r of data.cooperatives) if (Number(r.poor_members) > Number(r.members)) err('cooperatives', r.__line, 'poor_members', r.poor_members, '> members');
for (const r of data.enterprises) if (r.poor_employees && r.employees && Number(r.poor_employees) > Number(r.employees)) err('enterprises', r.__line, 'poor_employees', r.poor_employees, '> employees');
for (const r of data.projects) if (r.status === '已完工' && !r.completion_date) err('projects', r.__line, 'completion_date', '', 'required when 已完工');
{
  const units = new Map();
  for (const r of data.industries) {
    const k = r.village_id + '|' + r.industry;
    if (units.has(k) && units.get(k) !== r.unit) err('industries', r.__line, 'unit', r.unit, 'second unit for ' + k);
    units.set(k, r.unit);
  }
}
for (const r of data.visits) if (!r.village_id && !r.household_id && !r.enterprise_id) err('visits', r.__line, 'village_id', '', 'visit names no target');
const town = YAML.parse(fs.readFileSync(path.join(dir, 'town.yaml'), 'utf8'));
if (!town?.name || !town.leadership_group?.leader || !town.leadership_group?.first_deputy) errors.push('town.yaml: incomplete');

// ---- headline figures of the rules (an oracle, not the engine)
const out = [];
const V = data.villages;
const vname = Object.fromEntries(V.map((v) => [v.village_id, v.name]));
const PV = V.filter((v) => toBool(v.poverty_village));
const poor = (h) => normStatus(h.poverty_status) !== '非贫困户';
const yes = (s) => toBool(s) === true;
const hhByV = {};
for (const h of data.households) (hhByV[h.village_id] ??= []).push(h);
const fmt = (x) => (typeof x === 'number' ? (Math.round(x * 10000) / 100).toFixed(2) + '%' : x);
const line = (rule, status, detail) => out.push(`${rule.padEnd(6)} ${status.padEnd(8)} ${detail}`);
const worst = (ss) => ['fail', 'no-data', 'pending', 'warn', 'pass', 'n/a'].find((s) => ss.includes(s)) ?? 'n/a';

function shareRule(id, sel, ok, min) {
  const per = V.map((v) => {
    const d = (hhByV[v.village_id] ?? []).filter(sel);
    if (!d.length) return [v.name, 'n/a', ''];
    const r = d.filter(ok).length / d.length;
    return [v.name, r >= min ? 'pass' : 'fail', `${d.filter(ok).length}/${d.length}=${fmt(r)}`];
  });
  const all = data.households.filter(sel);
  const tr = all.filter(ok).length / all.length;
  line(id, tr >= min ? 'pass' : 'fail', `town ${all.filter(ok).length}/${all.length}=${fmt(tr)}; ` + per.filter((p) => p[1] !== 'pass').map((p) => `${p[0]} ${p[1]} ${p[2]}`).join('; '));
}
const poorLabor = (h) => poor(h) && Number(h.labor_count) > 0;
shareRule('2.6', poorLabor, (h) => yes(h.industry_covered), 0.95);
{
  const g = PV.map((v) => {
    if (!v.farmer_income || !v.farmer_income_prev) return [v.name, 'no-data'];
    const r = Number(dec(v.farmer_income) * 1000000n / dec(v.farmer_income_prev)) / 1e6 - 1;
    return [v.name, r >= 0.091 ? 'pass' : r >= 0.081 ? 'warn' : 'fail', fmt(r)];
  });
  line('2.9', worst(g.map((x) => x[1])), g.map((x) => x.join(' ')).join('; '));
  const inc = PV.map((v) => [v.name, v.collective_income]);
  const mean = inc.every((x) => x[1] !== '') ? inc.reduce((a, x) => a + Number(normNum(x[1])), 0) / inc.length : null;
  line('2.10', mean === null ? 'no-data' : mean > 50000 ? 'pass' : 'fail', `mean ${mean}; ` + inc.map(([n, c]) => `${n} ${c} ${Number(normNum(c)) > 50000 ? 'pass' : 'warn'}`).join('; '));
  const s11 = V.map((v) => [v.name, v.collective_income === '' ? 'no-data' : dec(v.collective_income) > 0n ? 'pass' : 'fail']);
  line('2.11', worst(s11.map((x) => x[1])), s11.filter((x) => x[1] !== 'pass').map((x) => x.join(' ')).join('; '));
}
{
  const ALIAS = { 红署: '红薯', 辣椒: '海椒' };
  const sum = (vn, ind) => {
    const vid = V.find((v) => v.name === vn)?.village_id;
    const rows = data.industries.filter((r) => r.village_id === vid && (ALIAS[r.industry] ?? r.industry) === ind);
    return [rows.reduce((a, r) => a + dec(r.scale), 0n), [...new Set(rows.map((r) => r.unit))].join('/')];
  };
  for (const [id, vn, ind, min] of [['3.2b', '核桃村', '红薯', 1000], ['3.2c', '核桃村', '海椒', 500], ['3.2d', '黄檀村', '稻虾', 2000], ['3.2e', '黄檀村', '金银花', 500], ['3.2f', '黄檀村', '草坪', 500], ['3.2g', '经堂村', '肉兔', 10000]]) {
    const [s, u] = sum(vn, ind);
    line(id, s >= BigInt(min) * 1000000n ? 'pass' : 'fail', `${vn} ${ind} ${Number(s) / 1e6} ${u} (>= ${min})`);
  }
}
{
  const n = data.households.filter((h) => poor(h) && h.household_industry).length;
  line('3.3a', n >= 600 ? 'pass' : 'fail', `${n} registered poor with a household industry (>= 600)`);
}
shareRule('3.3b', poorLabor, (h) => !!h.household_industry, 0.75);
shareRule('3.6b', (h) => poor(h) && h.household_industry && yes(h.willing), (h) => !!h.cooperative_id, 1);
shareRule('3.15d', (h) => poorLabor(h) && yes(h.willing), (h) => !!h.household_industry, 1);
shareRule('5.2b', poor, (h) => !!h.assistance, 1);
{
  const pol = data.enterprises.filter((e) => yes(e.poverty_policy));
  const s = pol.map((e) => [e.enterprise_id, e.poor_employees === '' ? 'no-data' : Number(e.poor_employees) >= 1 ? 'pass' : 'fail']);
  line('3.7a', worst(s.map((x) => x[1])), s.filter((x) => x[1] !== 'pass').map((x) => x.join(' ')).join('; '));
  const visited = pol.map((e) => [e.enterprise_id, data.visits.some((x) => x.enterprise_id === e.enterprise_id && parseDate(x.date) >= '2020-02-01' && parseDate(x.date) <= '2020-12-31')]);
  line('3.1', visited.every((x) => x[1]) ? 'pass' : 'warn', visited.filter((x) => !x[1]).map((x) => x[0]).join(' '));
  const fund = data.cooperatives.filter((c) => yes(c.poverty_funded)).map((c) => [c.cooperative_id, Number(c.poor_members) / Number(c.members)]);
  line('3.7b', fund.every((x) => x[1] >= 0.8) ? 'pass' : 'fail', fund.map(([c, r]) => `${c} ${fmt(r)}`).join('; '));
}
{
  const s = V.map((v) => {
    const ds = [v.asset_verification_date, v.membership_date, v.asset_quantification_date];
    if (ds.some((d) => !d)) return [v.name, 'fail', 'missing'];
    const late = ds.map(parseDate).filter((d) => d > '2020-10-31');
    return [v.name, late.length ? 'fail' : 'pass', late.join(' ')];
  });
  line('3.8', worst(s.map((x) => x[1])), s.filter((x) => x[1] !== 'pass').map((x) => x.join(' ')).join('; '));
}
{
  const role = Object.fromEntries(data.instructors.map((s) => [s.instructor_id, s.role]));
  line('3.15a', 'info', `${data.instructors.filter((s) => role[s.instructor_id] !== '农技人员').length} 指导员/专家 (>= 43)`);
  const hv = Object.fromEntries(data.households.map((h) => [h.household_id, h.village_id]));
  const months = ['04', '05', '06', '07', '08', '09', '10', '11', '12'].map((m) => '2020-' + m);
  const seenV = new Set();
  const seenI = new Set();
  for (const x of data.visits) {
    if (!x.instructor_id) continue;
    const vid = x.village_id || hv[x.household_id];
    const m = parseDate(x.date).slice(0, 7);
    if (vid) {
      seenV.add(vid + m);
      seenI.add(x.instructor_id + m);
    }
  }
  const missV = V.flatMap((v) => months.filter((m) => !seenV.has(v.village_id + m)).map((m) => `${v.name} ${m}`));
  line('3.15b', missV.length ? 'fail' : 'pass', missV.join('; '));
  const missI = data.instructors.filter((s) => s.role === '产业发展指导员').flatMap((s) => months.filter((m) => !seenI.has(s.instructor_id + m)).map((m) => `${s.instructor_id} ${m}`));
  line('3.15c', missI.length ? 'fail' : 'pass', missI.join('; '));
}
{
  const gaps = V.filter((v) => (hhByV[v.village_id] ?? []).some((h) => !yes(h.sanitation_pledge))).map((v) => `${v.name} ${(hhByV[v.village_id] ?? []).filter((h) => !yes(h.sanitation_pledge)).length}`);
  line('3.19', gaps.length ? 'warn' : 'pass', gaps.join('; '));
  const sc = V.filter((v) => !yes(v.supply_coop_partnership)).map((v) => v.name);
  line('3.13', sc.length ? 'warn' : 'pass', sc.join(' '));
  const ind = data.projects.filter((p) => p.category === '产业扶贫' && ['在建', '已完工'].includes(p.status) && !yes(p.insurance));
  line('3.18b', ind.length ? 'warn' : 'pass', ind.map((p) => `${p.project_id} ${vname[p.village_id] ?? ''}`).join('; '));
}

const n = Object.fromEntries(Object.entries(data).map(([t, r]) => [t, r.length]));
process.stdout.write(`${dir}\n`);
for (const t of Object.keys(COLUMNS)) process.stdout.write(`  ${t.padEnd(13)} ${String(n[t]).padStart(6)}  ${formats[t]}\n`);
const regPoor = data.households.filter(poor).length;
process.stdout.write(`  registered poor ${regPoor} (${fmt(regPoor / n.households)})\n\n${out.join('\n')}\n\n`);
if (errors.length) {
  process.stdout.write(`${errors.length} data errors:\n${errors.slice(0, 50).join('\n')}\n`);
  process.exitCode = 1;
} else process.stdout.write('0 data errors\n');
