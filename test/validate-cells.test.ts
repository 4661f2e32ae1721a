import { describe, expect, it } from 'vitest';
import { TABLES, type ColumnDef } from '../src/contract/tables.js';
import { isUnknown } from '../src/model.js';
import { loadData } from '../src/data.js';
import { CellFail, cellParser } from '../src/validate/cells.js';
import { makeDataFolder } from './helpers/data-folder.js';

const colOf = (table: keyof typeof TABLES, key: string): ColumnDef => TABLES[table].columns.find((c) => c.key === key)!;
const parse = (table: keyof typeof TABLES, key: string, raw: string) => {
  const v = cellParser(colOf(table, key))(raw);
  return v instanceof CellFail ? { code: v.code, args: v.args } : v;
};

describe('bool', () => {
  it.each([
    ['是', true], ['否', false], ['TRUE', true], ['false', false], ['Yes', true], ['NO', false],
    ['y', true], ['N', false], ['1', true], ['0', false], [' 否 ', false], ['\u3000是\u3000', true],
  ])('%s → %s', (raw, want) => expect(parse('villages', 'poverty_village', raw)).toBe(want));
  it('rejects other words, listing the allowed ones', () => {
    expect(parse('villages', 'poverty_village', '对')).toEqual({ code: 'bad-bool', args: { allowed: '是/否、true/false、yes/no、y/n、1/0' } });
  });
  it('empty: null when optional, required error when required', () => {
    expect(parse('villages', 'three_changes_pilot', '')).toBeNull();
    expect(parse('villages', 'poverty_village', ' ')).toEqual({ code: 'required', args: {} });
  });
});

describe('int and number', () => {
  it.each([
    ['1000', 1000], ['1,000', 1000], ['+12', 12], ['１２３', 123], ['1,234,567.50', 1234567.5], ['3.0', 3], ['-0', 0], [' 7 ', 7],
  ])('int-or-number %s → %s', (raw, want) => expect(parse('industries', 'scale', raw)).toBe(want));
  it('keeps decimals as parsed from the text', () => expect(parse('villages', 'collective_income', '12.5')).toBe(12.5));
  it.each(['12abc', '1,00', '1e5', '12%', '¥100', '--1', '.', '1.2.3'])('%s is not a number', (raw) =>
    expect(parse('industries', 'scale', raw)).toEqual({ code: 'bad-number', args: {} }),
  );
  it('int: fractions are errors', () => expect(parse('households', 'members', '2.5')).toEqual({ code: 'bad-int', args: {} }));
  it('ranges from the contract', () => {
    expect(parse('households', 'members', '0')).toEqual({ code: 'below-min', args: { min: 1 } });
    expect(parse('projects', 'year', '2101')).toEqual({ code: 'above-max', args: { max: 2100 } });
    expect(parse('villages', 'farmer_income_prev', '0')).toEqual({ code: 'not-above', args: { gt: 0 } });
    expect(parse('industries', 'scale', '-1')).toEqual({ code: 'below-min', args: { min: 0 } });
  });
});

describe('date', () => {
  it.each([
    ['2020-10-31', '2020-10-31'], ['2020/10/31', '2020-10-31'], ['2020.10.31', '2020-10-31'], ['2020年10月31日', '2020-10-31'],
    ['2020/4/5', '2020-04-05'], ['2020年4月5日', '2020-04-05'], ['2020-4-5', '2020-04-05'], ['２０２０－０４－０５', '2020-04-05'], ['2020-02-29', '2020-02-29'],
  ])('%s → %s', (raw, want) => expect(parse('projects', 'completion_date', raw)).toBe(want));
  it.each(['2020-02-30', '2019-02-29', '2020-13-01', '2020-00-10', '2020-04-31'])('%s does not exist', (raw) =>
    expect(parse('projects', 'completion_date', raw)).toEqual({ code: 'impossible-date', args: {} }),
  );
  it.each(['31/10/2020', '2020-10', '2020-10/31', 'yesterday', '20201031'])('%s is not a date', (raw) =>
    expect(parse('projects', 'completion_date', raw)).toEqual({ code: 'bad-date', args: {} }),
  );
});

describe('enum', () => {
  it.each([
    ['已脱贫', '已脱贫'], ['已脱贫（享受政策）', '已脱贫'], ['已脱贫(享受政策)', '已脱贫'], ['已脱贫（不再享受政策）', '已脱贫'],
    ['已脱贫(不再享受政策)', '已脱贫'], ['返贫', '未脱贫'], [' 非贫困户 ', '非贫困户'],
  ])('poverty_status %s → %s', (raw, want) => expect(parse('households', 'poverty_status', raw)).toBe(want));
  it('lists the allowed words', () =>
    expect(parse('industries', 'unit', '公斤')).toEqual({ code: 'bad-enum', args: { allowed: '亩、只、吨、户' } }));
});

describe('refList', () => {
  it.each(['V1;V2', 'V1；V2', 'V1、V2', 'V1,V2', ' V1 ; V2 ;'])('%s → [V1, V2]', (raw) =>
    expect(parse('instructors', 'villages', raw)).toEqual(['V1', 'V2']),
  );
  it('empty → null', () => expect(parse('instructors', 'villages', ' ; ')).toBeNull());
});

describe('id_number', () => {
  it.each(['11010519491231002X', '11010519491231002x', '11010519491231002X12', '11010519491231002X12B1'])(
    '%s is accepted',
    (raw) => expect(typeof parse('households', 'id_number', raw)).toBe('string'),
  );
  it('is upper-cased and kept as text', () => expect(parse('households', 'id_number', '11010519491231002x')).toBe('11010519491231002X'));
  it.each([
    ['110105194912310021', 'checksum'],
    ['1101051949123100', 'length'],
    ['1101051949123100AX', 'chars'],
    ['5.10226E+17', 'excel-number'],
    ['11010519491231002X1', 'length'],
    ['11010519491231002Y12', 'chars'],
  ])('%s → %s', (raw, reason) => expect(parse('households', 'id_number', raw)).toEqual({ code: 'bad-id-number', args: { reason } }));
});

describe('as a user sees it', () => {
  it('names file, line, column as written and the value as written', async () => {
    const dir = makeDataFolder({
      'industries.csv': '村编号,产业,规模,单位,特色产业\nV1,红薯,"1,200",亩,是\nV1,海椒,12abc,亩,否\nV2,稻虾,３０,亩,也许\n',
    });
    const { errors, dataset } = await loadData(dir);
    expect(errors.map((e) => [e.file, e.line, e.column, e.value, e.code])).toEqual([
      ['industries.csv', 3, '规模', '12abc', 'bad-number'],
      ['industries.csv', 4, '特色产业', '也许', 'bad-bool'],
    ]);
    expect(dataset.tables.industries.records[0]).toMatchObject({ scale: 1200, featured: true });
  });

  it('YAML tables: native booleans and numbers, exact long digits, null', async () => {
    const dir = makeDataFolder({
      'households.csv': null,
      'households.yaml':
        '- household_id: H1\n  village_id: V1\n  head_name: 张三\n  id_number: 110105194912310029\n  members: 3\n  poverty_status: 已脱贫（享受政策）\n  labor_count: 2.0\n  industry_covered: true\n  willing: ~\n' +
        '- 户编号: H2\n  村编号: V2\n  户主姓名: 李四\n  家庭人口数: 1\n  贫困户状态: 非贫困户\n  劳动力人数: 0\n  产业覆盖: 否\n  合作社编号: C9\n',
    });
    const { errors, dataset } = await loadData(dir);
    // 110105194912310029 has a wrong check digit: the error shows the digits exactly as written.
    expect(errors.map((e) => [e.file, e.line, e.column, e.value, e.code])).toEqual([
      ['households.yaml', 4, 'id_number', '110105194912310029', 'bad-id-number'],
      ['households.yaml', 17, '合作社编号', 'C9', 'unknown-ref'],
    ]);
    // Both records stay (rule-catalogue.md, rewritten): the bad ID number and the dangling reference are unknown cells.
    expect(dataset.tables.households.rejected).toBe(0);
    expect(dataset.tables.households.records.map((r) => [isUnknown(r.id_number), isUnknown(r.cooperative_id)])).toEqual([
      [true, false],
      [false, true],
    ]);
    expect(dataset.tables.households.columns).toEqual(new Set(['household_id', 'village_id', 'head_name', 'id_number', 'members', 'poverty_status', 'labor_count', 'industry_covered', 'willing', 'cooperative_id']));
  });

  it('YAML: a key missing from one record is a required error at that record', async () => {
    const dir = makeDataFolder({
      'cooperatives.csv': null,
      'cooperatives.yml': '- {cooperative_id: C1, name: 社, village_id: V1, members: 10, poor_members: 3}\n- {cooperative_id: C2, name: 社2, village_id: V1, poor_members: 0}\n',
    });
    const { errors } = await loadData(dir);
    expect(errors.map((e) => [e.file, e.line, e.column, e.value, e.code])).toEqual([['cooperatives.yml', 2, 'members', '', 'required']]);
  });
});
