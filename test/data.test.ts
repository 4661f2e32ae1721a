import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadData } from '../src/data.js';
import { isUnknown, type Unknown } from '../src/model.js';
import { TABLE_NAMES } from '../src/contract/tables.js';
import { DATA_MESSAGES } from '../src/messages/data.js';
import { makeDataFolder } from './helpers/data-folder.js';
import { expectNothingInherited } from './helpers/records.js';

/** What a user sees of an error, without the wording. */
const seen = (e: { file: string; line: number | null; column: string | null; value: string | null; code: string }) => ({
  file: e.file,
  line: e.line,
  column: e.column,
  value: e.value,
  code: e.code,
});

describe('loadData on a valid folder', () => {
  it('loads every table with no errors or notices', async () => {
    const { dataset, errors, notices } = await loadData(makeDataFolder());
    expect(errors).toEqual([]);
    expect(notices).toEqual([]);
    expect(dataset.tables.households.records).toHaveLength(2);
    expect([...dataset.tables.households.lines]).toEqual([2, 3]);
    const h1 = dataset.tables.households.records[0]!;
    expectNothingInherited(h1);
    expect(h1).toMatchObject({ household_id: 'H1', members: 3, industry_covered: true, cooperative_id: 'C1', poverty_status: '未脱贫' });
    // Contract columns the file lacks read as null; `columns` says which the file has.
    expect(h1.phone).toBeNull();
    expect(dataset.tables.households.columns.has('phone')).toBe(false);
    expect(dataset.tables.households.columns.has('members')).toBe(true);
    expect(dataset.town).toMatchObject({ name: '河包镇', 'leadership_group.leader': '王明', 'leadership_group.deputies': ['张三', '赵四'] });
    expect(dataset.manifest).toEqual({ town: '河包镇', plan: 'hebao-2020', as_of: '2020-12-31', exported_at: null, source: null, previous: null });
    expect(dataset.tables.instructors.records[0]!.villages).toEqual(['V1', 'V2']);
    expect(dataset.inputs.map((i) => i.file)).toContain('households.csv');
    const hh = dataset.inputs.find((i) => i.file === 'households.csv')!;
    expect(hh).toMatchObject({ format: 'csv', encoding: 'utf-8' });
    expect(hh.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('every code the data layer emits has zh and en wording', async () => {
    const dir = makeDataFolder({
      'households.csv': '户编号,村编号,户主姓名,家庭人口数,贫困户状态,劳动力人数,产业覆盖,怪列\nH1,V9,张三,0,富裕,x,也许,\n',
      'villages.yaml': 'x',
      'extra.txt': 'hi',
    });
    const { errors, notices } = await loadData(dir);
    for (const e of [...errors, ...notices]) {
      const m = DATA_MESSAGES[e.code];
      expect(m, e.code).toBeDefined();
      expect(m!.zh(e.args)).not.toMatch(/undefined/);
      expect(m!.en(e.args)).not.toMatch(/undefined/);
    }
  });
});

describe('columns', () => {
  it('matches English keys, Chinese headers, any case, full-width spaces and brackets', async () => {
    const dir = makeDataFolder({
      'villages.csv': 'VILLAGE_ID,\u3000村(社区)名称 , Type ,是否贫困村,集体经营性收入(元)\nV1,核桃村,村,是,1000\nV2,河包社区,社区,否,\n',
    });
    const { dataset, errors, notices } = await loadData(dir);
    expect(errors).toEqual([]);
    expect(notices).toEqual([]);
    expect(dataset.tables.villages.records[0]).toMatchObject({ village_id: 'V1', name: '核桃村', type: '村', collective_income: 1000 });
  });

  it('a missing required column is one error for the file, naming header and key', async () => {
    const dir = makeDataFolder({ 'households.csv': '户编号,村编号,户主姓名,贫困户状态,劳动力人数,产业覆盖\nH1,V1,张三,未脱贫,1,是\nH2,V1,李四,未脱贫,1,是\n' });
    const { errors, dataset } = await loadData(dir);
    expect(errors.map(seen)).toEqual([
      { file: 'households.csv', line: 1, column: '家庭人口数 (members)', value: null, code: 'missing-required-column' },
    ]);
    // The rows are still used; rules on the missing column see `columns` without it.
    expect(dataset.tables.households.records).toHaveLength(2);
  });

  it('an unknown column is a notice; __proto__ is an error', async () => {
    const dir = makeDataFolder({ 'cooperatives.csv': '合作社编号,合作社名称,村编号,成员数,建卡贫困户成员数,备注,__proto__\nC1,社,V1,10,3,好,x\n' });
    const { errors, notices } = await loadData(dir);
    expect(notices.map(seen)).toEqual([{ file: 'cooperatives.csv', line: 1, column: '备注', value: null, code: 'unknown-column' }]);
    expect(errors.map(seen)).toEqual([{ file: 'cooperatives.csv', line: 1, column: '__proto__', value: null, code: 'forbidden-column' }]);
  });

  it('two headers for one column: the second is an error', async () => {
    const dir = makeDataFolder({ 'enterprises.csv': '企业编号,enterprise_id,企业名称,龙头企业级别\nE1,E1,厂,区级\n' });
    const { errors } = await loadData(dir);
    expect(errors.map(seen)).toEqual([{ file: 'enterprises.csv', line: 1, column: 'enterprise_id', value: null, code: 'duplicate-column' }]);
    expect(errors[0]!.args).toEqual({ first: '企业编号' });
  });
});

describe('records with errors', () => {
  it('stay, with every error of the row reported and each bad cell unknown (only duplicates are left out)', async () => {
    const dir = makeDataFolder({
      'households.csv':
        '户编号,村编号,户主姓名,家庭人口数,贫困户状态,劳动力人数,产业覆盖\n' +
        'H1,V1,张三,3,未脱贫,1,是\n' +
        'H2,V1,,abc,富裕,1,是\n' +
        'H3,V2,王五,2,已脱贫,1,否\n',
    });
    const { dataset, errors } = await loadData(dir);
    expect(errors.map(seen)).toEqual([
      { file: 'households.csv', line: 3, column: '户主姓名', value: '', code: 'required' },
      { file: 'households.csv', line: 3, column: '家庭人口数', value: 'abc', code: 'bad-int' },
      { file: 'households.csv', line: 3, column: '贫困户状态', value: '富裕', code: 'bad-enum' },
    ]);
    expect(errors[2]!.args).toEqual({ allowed: '未脱贫、已脱贫、非贫困户' });
    const t = dataset.tables.households;
    // rule-catalogue.md (rewritten): the record stays; its bad cells are unknown, its good ones count.
    expect(t.records.map((r) => r.household_id)).toEqual(['H1', 'H2', 'H3']);
    expect([...t.lines]).toEqual([2, 3, 4]);
    expect([t.rowCount, t.rejected]).toEqual([3, 0]);
    const h2 = t.records[1]!;
    expect(h2.village_id).toBe('V1');
    expect(h2.industry_covered).toBe(true);
    for (const [key, err] of [['head_name', 0], ['members', 1], ['poverty_status', 2]] as const) {
      expect(isUnknown(h2[key])).toBe(true);
      expect((h2[key] as Unknown).error).toBe(errors[err]);
    }
  });

  it('a missing table still has its entry, empty', async () => {
    const { dataset, errors } = await loadData(makeDataFolder({ 'visits.csv': null }));
    expect(errors.map(seen)).toEqual([{ file: 'visits.csv', line: null, column: null, value: null, code: 'missing-file' }]);
    for (const t of TABLE_NAMES) expect(dataset.tables[t]).toBeDefined();
    expect(dataset.tables.visits).toMatchObject({ file: null, records: [], rowCount: 0, rejected: 0 });
    expect(dataset.tables.visits.columns.size).toBe(0);
  });

  it('references to a missing table are not flagged row by row', async () => {
    const { errors } = await loadData(makeDataFolder({ 'cooperatives.csv': null }));
    expect(errors.map((e) => e.code)).toEqual(['missing-file']);
  });
});

describe('never throws', () => {
  it('on a folder of garbage', async () => {
    const dir = makeDataFolder({
      'households.csv': Buffer.from([0xff, 0xfe, 0x00, 0x41, 0x00]),
      'villages.csv': '"',
      'town.yaml': '- a\n- b\n',
      'projects.csv': ',,,\n,,,\n',
      'visits.csv': '\n\n\n',
    });
    const r = await loadData(dir);
    expect(r.errors.length).toBeGreaterThan(0);
    expect(r.dataset.town).toBeNull();
  });

  it('on a data folder that is a file or does not exist', async () => {
    const dir = makeDataFolder();
    const file = join(dir, 'villages.csv');
    const asFile = await loadData(file);
    expect(asFile.errors.map(seen)).toEqual([{ file, line: null, column: null, value: null, code: 'not-a-folder' }]);
    const none = await loadData(join(dir, 'nope'));
    expect(none.errors.map((e) => e.code)).toEqual(['no-folder']);
    expect(none.dataset.tables.households.records).toEqual([]);
  });

  it('on a file named like a table that is a folder', async () => {
    const dir = makeDataFolder({ 'visits.csv': null, 'visits.csv/x': 'y' });
    const r = await loadData(dir);
    expect(r.errors.map(seen)).toEqual([{ file: 'visits.csv', line: null, column: null, value: null, code: 'not-a-file' }]);
  });
});

describe('records by id (the index the engine looks references up in)', () => {
  it('finds records of CSV and YAML tables, those with a bad cell too; duplicates and unknown ids are not found', async () => {
    const dir = makeDataFolder({
      'households.csv':
        '户编号,村编号,户主姓名,家庭人口数,贫困户状态,劳动力人数,产业覆盖\n' +
        'H1,V1,张三,3,未脱贫,2,是\n' +
        'H2,V1,"李\n四",0,未脱贫,1,是\n' + // members 0: left out
        'H3,V2,王五,2,非贫困户,1,否\n' +
        'H3,V2,王六,2,非贫困户,1,否\n' + // duplicate of H3: the first stays
        'H4,V2,赵七,1,已脱贫,1,是\n',
      'cooperatives.csv': null,
      'cooperatives.yaml': '- cooperative_id: C1\n  name: 红薯合作社\n  village_id: V1\n  members: 10\n  poor_members: 3\n- cooperative_id: C2\n  name: 肉兔合作社\n  village_id: V2\n  members: 8\n  poor_members: 2\n',
    });
    const { dataset } = await loadData(dir);
    const h = dataset.tables.households;
    expect(h.findById!('H1')?.head_name).toBe('张三');
    // A bad cell leaves the record in, with that cell unknown.
    expect(isUnknown(h.findById!('H2')?.members)).toBe(true);
    expect(h.findById!('H3')?.head_name).toBe('王五');
    expect(h.findById!('H4')?.poverty_status).toBe('已脱贫');
    expect(h.findById!('H9')).toBeUndefined();
    expect(dataset.tables.cooperatives.findById!('C2')?.name).toBe('肉兔合作社');
  });
});
