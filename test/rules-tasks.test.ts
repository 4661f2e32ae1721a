/**
 * 三、主要任务: rules 3.1 – 3.14 on the base town, one perturbation per test
 * (rule-catalogue.md, table 三). 3.15 – 3.19 are in rules-tasks-late.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { dropColumn, households, MID_YEAR, row, runWith, setHouseholds, type Town } from './helpers/town.js';

describe('3.1 enterprises with poverty support visited since 2020-02-01 (V, warning)', () => {
  it('warns when the only visit is before 2020-02-01; the town lists the enterprise', () => {
    const r = runWith((t) => (t.visits[1]!.date = '2020-01-31'));
    expect(r.result('3.1', 'V02')).toMatchObject({ status: 'warn', offenders: ['E02'] });
    expect(r.result('3.1', 'V04')).toMatchObject({ status: 'pass' });
    expect(r.result('3.1')).toMatchObject({ status: 'warn', offenders: ['E02'] });
  });
  it('counts a visit on 2020-02-01 and on the as-of date (both ends included)', () => {
    expect(runWith((t) => (t.visits[1]!.date = '2020-02-01')).result('3.1', 'V02').status).toBe('pass');
    expect(runWith(() => {}, '2020-03-02').result('3.1', 'V02').status).toBe('pass');
  });
  it('does not count a visit after the as-of date', () => {
    expect(runWith(() => {}, '2020-03-01').result('3.1', 'V02')).toMatchObject({ status: 'warn', offenders: ['E02'] });
  });
  it('a town-wide enterprise counts in the town result only; an empty poverty_policy is not selected', () => {
    const r = runWith((t) => {
      row(t, 'enterprises', 'E03').poverty_policy = true;
      row(t, 'enterprises', 'E02').poverty_policy = null;
      t.visits.splice(1, 1);
    });
    expect(r.result('3.1')).toMatchObject({ status: 'warn', offenders: ['E03'] });
    expect(r.result('3.1', 'V02')).toMatchObject({ status: 'n/a' });
    expect(r.result('3.1', 'V04')).toMatchObject({ status: 'pass' });
  });
});

describe('3.2a 粉条 is the town dominant industry (T, error, standing)', () => {
  it('fails at any date when no village has 粉条', () => {
    const r = runWith((t) => (t.industries = t.industries.filter((i) => i.industry !== '粉条')), MID_YEAR);
    expect(r.result('3.2a')).toMatchObject({ status: 'fail', actual: 0 });
  });
  it('passes with 粉条 in any village', () => {
    expect(runWith(() => {}).result('3.2a')).toMatchObject({ status: 'pass', actual: 1 });
  });
});

describe('3.2b 核桃村 红薯 ≥ 1,000 亩 (named, error, year end)', () => {
  it('999.5 亩 fails at the year end, pending before', () => {
    const r = runWith((t) => (t.industries[0]!.scale = 999.5));
    expect(r.result('3.2b', 'V01')).toMatchObject({ status: 'fail', actual: 999.5 });
    expect(r.result('3.2b')).toMatchObject({ status: 'fail', actual: 999.5 });
    expect(runWith((t) => (t.industries[0]!.scale = 999.5), MID_YEAR).result('3.2b')).toMatchObject({ status: 'pending', actual: 999.5 });
  });
  it('adds rows under the plan spelling 红署; rows of other villages do not count', () => {
    const r = runWith((t) => {
      t.industries[0]!.scale = 600;
      t.industries.push({ village_id: 'V01', industry: '红署', scale: 400, unit: '亩', featured: false });
      t.industries.push({ village_id: 'V02', industry: '红薯', scale: 5000, unit: '亩', featured: false });
    });
    expect(r.result('3.2b', 'V01')).toMatchObject({ status: 'pass', actual: 1000 });
    expect(r.result('3.2b', 'V01').evidence?.map((e) => e.value)).toEqual([600, 400]);
  });
  it('has one village result, for 核桃村', () => {
    expect(runWith(() => {}).villagesOf('3.2b')).toEqual(['V01']);
  });
  it('rows in another unit (吨) are no-data, naming the unit found', () => {
    const r = runWith((t) => (t.industries[0]!.unit = '吨'));
    expect(r.result('3.2b', 'V01')).toMatchObject({ status: 'no-data', actual: null, notes: [{ code: 'other-unit', args: { found: '吨', expected: '亩' } }] });
    expect(r.result('3.2b').status).toBe('no-data');
  });
  it('核桃村 missing from the data: town no-data naming it, no village result', () => {
    const r = runWith((t) => (row(t, 'villages', 'V01').name = '核桃社区'));
    expect(r.result('3.2b')).toMatchObject({ status: 'no-data', notes: [{ code: 'named-village-missing', args: { name: '核桃村' } }] });
    expect(r.villagesOf('3.2b')).toEqual([]);
  });
});

describe('3.2c 核桃村 海椒 ≥ 500 亩', () => {
  it('110.1 + 190.2 + 199.7 = 500 亩 passes ≥ 500 exactly (decimal sums), alias 辣椒 counts', () => {
    const r = runWith((t) => {
      t.industries[1]!.scale = 110.1;
      t.industries.push({ village_id: 'V01', industry: '辣椒', scale: 190.2, unit: '亩', featured: false });
      t.industries.push({ village_id: 'V01', industry: '海椒', scale: 199.7, unit: '亩', featured: false });
    });
    expect(r.result('3.2c', 'V01')).toMatchObject({ status: 'pass', actual: 500 });
  });
  it('fails 499.9 亩 at the year end', () => {
    expect(runWith((t) => (t.industries[1]!.scale = 499.9)).result('3.2c')).toMatchObject({ status: 'fail', actual: 499.9 });
  });
  it('fails with no rows at all (0 亩)', () => {
    expect(runWith((t) => t.industries.splice(1, 1)).result('3.2c', 'V01')).toMatchObject({ status: 'fail', actual: 0 });
  });
});

describe('3.2d–3.2f 黄檀村 稻虾 ≥ 2,000, 金银花 ≥ 500, 草坪 ≥ 500 亩', () => {
  it('each passes on its boundary and fails just under it', () => {
    expect(runWith(() => {}).result('3.2d', 'V02')).toMatchObject({ status: 'pass', actual: 2000 });
    expect(runWith((t) => (t.industries[2]!.scale = 1999.9)).result('3.2d', 'V02')).toMatchObject({ status: 'fail', actual: 1999.9 });
    expect(runWith(() => {}).result('3.2e', 'V02')).toMatchObject({ status: 'pass', actual: 500 });
    expect(runWith((t) => (t.industries[3]!.scale = 499)).result('3.2e', 'V02')).toMatchObject({ status: 'fail', actual: 499 });
    expect(runWith(() => {}).result('3.2f', 'V02')).toMatchObject({ status: 'pass', actual: 500 });
    expect(runWith((t) => (t.industries[4]!.scale = 499), MID_YEAR).result('3.2f', 'V02')).toMatchObject({ status: 'pending', actual: 499 });
  });
  it('黄檀村 missing: 3.2d, e, f are town no-data with no village result', () => {
    const r = runWith((t) => (t.villages = t.villages.filter((v) => v.village_id !== 'V02')));
    for (const id of ['3.2d', '3.2e', '3.2f']) {
      expect(r.result(id)).toMatchObject({ status: 'no-data', notes: [{ code: 'named-village-missing', args: { name: '黄檀村' } }] });
      expect(r.villagesOf(id)).toEqual([]);
    }
  });
});

describe('3.2g 经堂村 肉兔 ≥ 10,000 只', () => {
  it('passes 10,000 只, fails 9,999, and rows in 亩 are no-data', () => {
    expect(runWith(() => {}).result('3.2g', 'V03')).toMatchObject({ status: 'pass', actual: 10000 });
    expect(runWith((t) => (t.industries[5]!.scale = 9999)).result('3.2g', 'V03')).toMatchObject({ status: 'fail', actual: 9999 });
    expect(runWith((t) => (t.industries[5]!.unit = '亩')).result('3.2g', 'V03')).toMatchObject({ status: 'no-data', notes: [{ args: { found: '亩', expected: '只' } }] });
  });
});

describe('3.3a ≥ 600 registered poor households with their own industry (T, error, year end)', () => {
  it('passes 600 exactly', () => {
    expect(runWith(() => {}).result('3.3a')).toMatchObject({ status: 'pass', actual: 600 });
  });
  it('599 fails at the year end, pending before; non-poor households do not count', () => {
    const change = (t: Town) => (row(t, 'households', 'V04-H150').poverty_status = '非贫困户');
    expect(runWith(change).result('3.3a')).toMatchObject({ status: 'fail', actual: 599 });
    expect(runWith(change, MID_YEAR).result('3.3a')).toMatchObject({ status: 'pending', actual: 599 });
    expect(runWith((t) => (row(t, 'households', 'V04-H150').household_industry = null)).result('3.3a')).toMatchObject({ status: 'fail', actual: 599 });
  });
});

describe('3.3b household-industry rate ≥ 75% (V, error, year end)', () => {
  const without = (ids: number[]) => (t: Town) => setHouseholds(t, 'V03', households('V03', 20, (i) => (ids.includes(i) ? { household_industry: null } : {})));
  it('15 of 20 is 75.0%: pass', () => {
    expect(runWith(without([1, 2, 3, 4, 5])).result('3.3b', 'V03')).toMatchObject({ status: 'pass', actual: 0.75 });
  });
  it('14 of 20 fails and lists the six', () => {
    expect(runWith(without([1, 2, 3, 4, 5, 20])).result('3.3b', 'V03')).toMatchObject({
      status: 'fail',
      actual: 0.7,
      offenders: ['H01', 'H02', 'H03', 'H04', 'H05', 'H20'],
    });
  });
});

describe('3.4a 转龙社区 粉条加工 (named, error, standing)', () => {
  it('fails at any date when 转龙社区 has no 粉条, even if another village has', () => {
    const r = runWith((t) => (t.industries[6]!.village_id = 'V03'), MID_YEAR);
    expect(r.result('3.4a', 'V04')).toMatchObject({ status: 'fail', actual: 0 });
    expect(r.result('3.4a')).toMatchObject({ status: 'fail', actual: 0 });
    expect(r.result('3.2a').status).toBe('pass');
  });
  it('转龙社区 missing: no-data naming it', () => {
    const r = runWith((t) => (row(t, 'villages', 'V04').name = '转龙村'));
    expect(r.result('3.4a')).toMatchObject({ status: 'no-data', notes: [{ args: { name: '转龙社区' } }] });
    expect(r.villagesOf('3.4a')).toEqual([]);
  });
});

describe('3.4b 转龙社区 chili drying workshop, collective-funded, completed (named, error, year end)', () => {
  it('under construction: pending before the year end, fail at it', () => {
    const building = (t: Town) => Object.assign(row(t, 'projects', 'P04'), { status: '在建', completion_date: null });
    expect(runWith(building, MID_YEAR).result('3.4b', 'V04')).toMatchObject({ status: 'pending', actual: 0 });
    expect(runWith(building).result('3.4b', 'V04')).toMatchObject({ status: 'fail', actual: 0 });
  });
  it('辣椒 in the name counts; another fund source does not', () => {
    expect(runWith((t) => (row(t, 'projects', 'P04').name = '辣椒烘干房')).result('3.4b')).toMatchObject({ status: 'pass', actual: 1 });
    expect(runWith((t) => (row(t, 'projects', 'P04').fund_source = '财政扶贫资金')).result('3.4b')).toMatchObject({ status: 'fail', actual: 0 });
    expect(runWith((t) => (row(t, 'projects', 'P04').name = '海椒加工车间')).result('3.4b')).toMatchObject({ status: 'fail', actual: 0 });
  });
});

describe('3.4c 黄檀村 honeysuckle enterprise (named, error, year end)', () => {
  it('fails when the 金银花 enterprise is elsewhere', () => {
    const r = runWith((t) => (row(t, 'enterprises', 'E02').village_id = 'V01'));
    expect(r.result('3.4c', 'V02')).toMatchObject({ status: 'fail', actual: 0 });
    expect(runWith((t) => (row(t, 'enterprises', 'E02').village_id = 'V01'), MID_YEAR).result('3.4c').status).toBe('pending');
  });
});

describe('3.4d 经堂村 tourism complex under way (named, error, year end)', () => {
  it('未开工 fails at the year end; 已完工 and 在建 pass', () => {
    expect(runWith((t) => (row(t, 'projects', 'P03').status = '未开工')).result('3.4d', 'V03')).toMatchObject({ status: 'fail', actual: 0 });
    expect(runWith(() => {}).result('3.4d', 'V03')).toMatchObject({ status: 'pass', actual: 1 });
    expect(runWith((t) => Object.assign(row(t, 'projects', 'P03'), { status: '已完工', completion_date: '2020-11-01' })).result('3.4d')).toMatchObject({ status: 'pass', actual: 1 });
  });
});

describe('3.5a 黄海食品 annual sales > 10,000 万元 (T, error, year end)', () => {
  it('exactly 10,000 万元 is not "超过": fail, listing the enterprise', () => {
    expect(runWith((t) => (row(t, 'enterprises', 'E01').annual_sales = 10000)).result('3.5a')).toMatchObject({ status: 'fail', actual: 10000, offenders: ['E01'] });
  });
  it('10,000.01 passes; below is pending before the year end', () => {
    expect(runWith((t) => (row(t, 'enterprises', 'E01').annual_sales = 10000.01)).result('3.5a')).toMatchObject({ status: 'pass', actual: 10000.01 });
    expect(runWith((t) => (row(t, 'enterprises', 'E01').annual_sales = 9000), MID_YEAR).result('3.5a')).toMatchObject({ status: 'pending', offenders: ['E01'] });
  });
  it('empty sales is no-data; no enterprise named 黄海食品 is no-data naming it', () => {
    expect(runWith((t) => (row(t, 'enterprises', 'E01').annual_sales = null)).result('3.5a')).toMatchObject({ status: 'no-data', offenders: [] });
    expect(runWith((t) => (row(t, 'enterprises', 'E01').name = '河包食品公司')).result('3.5a')).toMatchObject({
      status: 'no-data',
      notes: [{ code: 'named-entity-missing', args: { name: '黄海食品有限公司' } }],
    });
  });
  it('a missing annual_sales column is no-data', () => {
    expect(runWith((t) => dropColumn(t, 'enterprises', 'annual_sales')).result('3.5a').status).toBe('no-data');
  });
});

describe('3.5b a new above-scale enterprise in 2020 (T, error, year end)', () => {
  it('fails when the only new one became above-scale in 2019, or is not above scale', () => {
    expect(runWith((t) => (row(t, 'enterprises', 'E02').above_scale_year = 2019)).result('3.5b')).toMatchObject({ status: 'fail', actual: 0 });
    expect(runWith((t) => (row(t, 'enterprises', 'E02').above_scale = false), MID_YEAR).result('3.5b')).toMatchObject({ status: 'pending', actual: 0 });
  });
  it('an empty above_scale_year (a measured figure) of an above-scale enterprise is no-data, when no other qualifies', () => {
    // rule-catalogue.md, Missing values: "An empty cell in a measured figure
    // (… above_scale_year) makes that … entity's result no-data".
    expect(runWith((t) => (row(t, 'enterprises', 'E02').above_scale_year = null)).result('3.5b')).toMatchObject({ status: 'no-data' });
    // Another enterprise that qualifies settles it.
    const r = runWith((t) => {
      row(t, 'enterprises', 'E02').above_scale_year = null;
      Object.assign(row(t, 'enterprises', 'E03'), { above_scale: true, above_scale_year: 2020 });
    });
    expect(r.result('3.5b')).toMatchObject({ status: 'pass', actual: 1 });
  });
});

describe('3.6a a cooperative in every village (V, error, year end)', () => {
  it('fails a village without one', () => {
    const r = runWith((t) => t.cooperatives.splice(2, 1));
    expect(r.result('3.6a', 'V03')).toMatchObject({ status: 'fail', actual: 0 });
    expect(r.result('3.6a')).toMatchObject({ status: 'fail' });
    expect(r.result('3.6a', 'V04')).toMatchObject({ status: 'pass', actual: 1 });
  });
});

describe('3.6b willing poor households with an industry join a cooperative: 100% (V, error, year end)', () => {
  it('one without a cooperative fails (19/20)', () => {
    const r = runWith((t) => setHouseholds(t, 'V01', households('V01', 20, (i) => (i === 5 ? { cooperative_id: null } : {}))));
    expect(r.result('3.6b', 'V01')).toMatchObject({ status: 'fail', actual: 0.95, offenders: ['H05'] });
    expect(r.result('3.6b')).toMatchObject({ status: 'fail', offenders: ['H05'] });
  });
  it('households not willing, or with willing empty, are not counted', () => {
    const r = runWith((t) =>
      setHouseholds(t, 'V01', households('V01', 3, (i) => (i === 1 ? { willing: false, cooperative_id: null } : i === 2 ? { willing: null, cooperative_id: null } : {}))),
    );
    expect(r.result('3.6b', 'V01')).toMatchObject({ status: 'pass', actual: 1, denominator: 1 });
  });
  it('is no-data without the willing column', () => {
    expect(runWith((t) => dropColumn(t, 'households', 'willing')).result('3.6b', 'V02').status).toBe('no-data');
  });
});

describe('3.6c a model cooperative (T, warning)', () => {
  it('warns, never fails, when none has a demonstration level', () => {
    expect(runWith((t) => (row(t, 'cooperatives', 'C01').demonstration_level = '无')).result('3.6c')).toMatchObject({ status: 'warn', actual: 0 });
    expect(runWith((t) => (row(t, 'cooperatives', 'C01').demonstration_level = null)).result('3.6c')).toMatchObject({ status: 'warn', actual: 0 });
  });
});

describe('3.7a supported enterprises employ poor people (V, error, standing)', () => {
  it('0 poor employees fails at any date', () => {
    const r = runWith((t) => (row(t, 'enterprises', 'E02').poor_employees = 0), MID_YEAR);
    expect(r.result('3.7a', 'V02')).toMatchObject({ status: 'fail', actual: 0, offenders: ['E02'] });
    expect(r.result('3.7a')).toMatchObject({ status: 'fail', offenders: ['E02'] });
  });
  it('1 passes; an empty figure is no-data', () => {
    expect(runWith((t) => (row(t, 'enterprises', 'E02').poor_employees = 1)).result('3.7a', 'V02')).toMatchObject({ status: 'pass', actual: 1 });
    expect(runWith((t) => (row(t, 'enterprises', 'E02').poor_employees = null)).result('3.7a', 'V02')).toMatchObject({ status: 'no-data' });
  });
  it('a village with no supported enterprise is n/a', () => {
    expect(runWith(() => {}).result('3.7a', 'V01')).toMatchObject({ status: 'n/a' });
  });
});

describe('3.7b poverty-funded cooperatives: poor members ≥ 80% (V, error, standing)', () => {
  it('80.0% passes (12/15)', () => {
    expect(runWith((t) => Object.assign(row(t, 'cooperatives', 'C01'), { members: 15, poor_members: 12 })).result('3.7b', 'V01')).toMatchObject({ status: 'pass', actual: 0.8 });
  });
  it('79.99% fails at any date', () => {
    const r = runWith((t) => Object.assign(row(t, 'cooperatives', 'C01'), { members: 10000, poor_members: 7999 }), MID_YEAR);
    expect(r.result('3.7b', 'V01')).toMatchObject({ status: 'fail', actual: 0.7999, offenders: ['C01'] });
  });
  it('cooperatives without poverty funding are not judged', () => {
    expect(runWith((t) => Object.assign(row(t, 'cooperatives', 'C02'), { members: 10, poor_members: 1 })).result('3.7b', 'V02')).toMatchObject({ status: 'n/a' });
  });
});

describe('3.8 property-rights reform done by 2020-10-31 (V, error, due 2020-10-31)', () => {
  const missing = (t: Town) => (row(t, 'villages', 'V02').membership_date = null);
  it('a missing date is pending on 2020-10-30 and fail on 2020-10-31', () => {
    expect(runWith(missing, '2020-10-30').result('3.8', 'V02')).toMatchObject({ status: 'pending', offenders: ['V02'] });
    expect(runWith(missing, '2020-10-31').result('3.8', 'V02')).toMatchObject({ status: 'fail', offenders: ['V02'] });
    expect(runWith(missing, '2020-10-31').result('3.8')).toMatchObject({ status: 'fail', offenders: ['V02'] });
  });
  it('2020-10-31 itself is in time', () => {
    expect(runWith((t) => (row(t, 'villages', 'V02').asset_quantification_date = '2020-10-31')).result('3.8', 'V02').status).toBe('pass');
  });
  it('a date after 2020-10-31 is late: fail even at 2020-06-30', () => {
    const r = runWith((t) => (row(t, 'villages', 'V03').asset_quantification_date = '2020-11-01'), MID_YEAR);
    expect(r.result('3.8', 'V03')).toMatchObject({ status: 'fail', offenders: ['V03'] });
    expect(r.result('3.8')).toMatchObject({ status: 'fail', offenders: ['V03'] });
  });
  it('late beats missing in one village (fail before the due date)', () => {
    const r = runWith((t) => Object.assign(row(t, 'villages', 'V03'), { asset_verification_date: null, membership_date: '2021-01-05' }), MID_YEAR);
    expect(r.result('3.8', 'V03').status).toBe('fail');
  });
});

describe('3.9 equity-reform projects benefit poor households (V, error, standing)', () => {
  it('0 households benefited fails; a missing linkage fails', () => {
    expect(runWith((t) => (row(t, 'projects', 'P01').poor_households_benefited = 0), MID_YEAR).result('3.9', 'V01')).toMatchObject({ status: 'fail', offenders: ['P01'] });
    expect(runWith((t) => (row(t, 'projects', 'P01').benefit_linkage = null)).result('3.9', 'V01')).toMatchObject({ status: 'fail', offenders: ['P01'] });
  });
  it('an empty poor_households_benefited is no-data, unless another project there fails', () => {
    expect(runWith((t) => (row(t, 'projects', 'P01').poor_households_benefited = null)).result('3.9', 'V01')).toMatchObject({ status: 'no-data', offenders: [] });
    const r = runWith((t) => {
      row(t, 'projects', 'P01').poor_households_benefited = null;
      t.projects.push({ ...row(t, 'projects', 'P01'), project_id: 'P06', poor_households_benefited: 0 });
    });
    expect(r.result('3.9', 'V01')).toMatchObject({ status: 'fail', offenders: ['P06'] });
  });
});

describe('3.10a 经堂村 three-changes pilot (named, error, year end)', () => {
  it('fails at the year end, pending before', () => {
    const off = (t: Town) => (row(t, 'villages', 'V03').three_changes_pilot = false);
    expect(runWith(off).result('3.10a', 'V03')).toMatchObject({ status: 'fail', offenders: ['V03'] });
    expect(runWith(off, MID_YEAR).result('3.10a')).toMatchObject({ status: 'pending', offenders: ['V03'] });
    expect(runWith(off).villagesOf('3.10a')).toEqual(['V03']);
  });
  it('经堂村 missing: no-data', () => {
    const r = runWith((t) => (t.villages = t.villages.filter((v) => v.name !== '经堂村')));
    expect(r.result('3.10a')).toMatchObject({ status: 'no-data', notes: [{ code: 'named-village-missing', args: { name: '经堂村' } }] });
  });
});

describe('3.10b three-changes pilot in ≥ 10% of villages (T, warning)', () => {
  const more = (n: number) => (t: Town) => {
    for (let i = 0; i < n; i++) t.villages.push({ ...t.villages[3]!, village_id: `X${i}`, name: `新村${i}` });
  };
  it('1 of 10 is 10%: pass', () => {
    expect(runWith(more(6)).result('3.10b')).toMatchObject({ status: 'pass', actual: 0.1 });
  });
  it('1 of 11 warns, listing the villages not in the pilot', () => {
    expect(runWith(more(7)).result('3.10b')).toMatchObject({ status: 'warn', numerator: 1, denominator: 11, offenders: ['V01', 'V02', 'V04', 'X0', 'X1', 'X2', 'X3', 'X4', 'X5', 'X6'] });
  });
});

describe('3.11 collective-economy projects of 2020 done by year end (PV, error, year end)', () => {
  it('a project under construction is pending before the year end and fails at it', () => {
    const building = (t: Town) => Object.assign(row(t, 'projects', 'P01'), { status: '在建', completion_date: null });
    expect(runWith(building, MID_YEAR).result('3.11', 'V01')).toMatchObject({ status: 'pending', offenders: ['P01'] });
    expect(runWith(building).result('3.11', 'V01')).toMatchObject({ status: 'fail', offenders: ['P01'] });
  });
  it('a completion date after 2020-12-31 is late: fail even at mid-year', () => {
    expect(runWith((t) => (row(t, 'projects', 'P01').completion_date = '2021-01-05'), MID_YEAR).result('3.11', 'V01')).toMatchObject({ status: 'fail', offenders: ['P01'] });
  });
  it('projects of other years, other funds or non-poverty villages are not judged', () => {
    const r = runWith((t) => {
      Object.assign(row(t, 'projects', 'P04'), { status: '在建', completion_date: null }); // V04 is not a poverty village
      t.projects.push({ ...row(t, 'projects', 'P01'), project_id: 'P07', year: 2021, status: '未开工', completion_date: null });
    });
    expect(r.result('3.11')).toMatchObject({ status: 'pass' });
    expect(r.find('3.11', 'V04')).toBeUndefined();
  });
});

describe('3.12 industry projects of 2018–2020 have a benefit linkage (V, error, standing)', () => {
  it('2018 and 2020 are in range; 2017 and non-industry projects are not', () => {
    const r = runWith((t) => {
      Object.assign(row(t, 'projects', 'P02'), { year: 2018, benefit_linkage: null });
      Object.assign(row(t, 'projects', 'P03'), { year: 2017, benefit_linkage: null });
      Object.assign(row(t, 'projects', 'P04'), { category: '基础设施', benefit_linkage: null });
    }, MID_YEAR);
    expect(r.result('3.12', 'V02')).toMatchObject({ status: 'fail', offenders: ['P02'] });
    expect(r.result('3.12', 'V03')).toMatchObject({ status: 'n/a' });
    expect(r.result('3.12', 'V04')).toMatchObject({ status: 'n/a' });
    expect(r.result('3.12')).toMatchObject({ status: 'fail', offenders: ['P02'] });
  });
  it('a town-wide project fails the town only', () => {
    const r = runWith((t) => (row(t, 'projects', 'P05').benefit_linkage = null));
    expect(r.result('3.12')).toMatchObject({ status: 'fail', offenders: ['P05'] });
    expect(r.results.filter((x) => x.rule === '3.12' && x.village).every((x) => x.status === 'pass')).toBe(true);
  });
});

describe('3.13 村社共建 (V, warning)', () => {
  it('warns on false or empty, never fails', () => {
    const r = runWith((t) => {
      row(t, 'villages', 'V01').supply_coop_partnership = false;
      row(t, 'villages', 'V03').supply_coop_partnership = null;
    });
    expect(r.result('3.13', 'V01')).toMatchObject({ status: 'warn', offenders: ['V01'] });
    expect(r.result('3.13', 'V03')).toMatchObject({ status: 'warn', offenders: ['V03'] });
    expect(r.result('3.13')).toMatchObject({ status: 'warn', offenders: ['V01', 'V03'] });
  });
});

describe('3.14 a village with collective income has a distribution plan (V, error, year end)', () => {
  it('fails at the year end, pending before', () => {
    const noPlan = (t: Town) => (row(t, 'villages', 'V03').distribution_plan = false);
    expect(runWith(noPlan).result('3.14', 'V03')).toMatchObject({ status: 'fail', offenders: ['V03'] });
    expect(runWith(noPlan, MID_YEAR).result('3.14', 'V03')).toMatchObject({ status: 'pending' });
  });
  it('is n/a for a village with no income', () => {
    const r = runWith((t) => Object.assign(row(t, 'villages', 'V04'), { collective_income: 0, distribution_plan: null }));
    expect(r.result('3.14', 'V04')).toMatchObject({ status: 'n/a' });
    expect(r.result('3.14').status).toBe('pass');
  });
  it('is no-data for a village whose income is empty (a measured figure decides whether it needs a plan)', () => {
    // rule-catalogue.md: "An empty cell in a measured figure (collective_income …)
    // makes that village's … result no-data" — unknown income, unknown duty.
    const r = runWith((t) => Object.assign(row(t, 'villages', 'V04'), { collective_income: null, distribution_plan: null }));
    expect(r.result('3.14', 'V04')).toMatchObject({ status: 'no-data', offenders: [] });
    expect(r.result('3.14').status).toBe('no-data');
    // With a plan recorded it is still open: with income > 0 it passes, with none it has nothing to check (n/a),
    // and pass and n/a are two statuses (rule-catalogue.md, rewritten; issue: 3.14 with an empty income and a plan).
    const planned = runWith((t) => (row(t, 'villages', 'V04').collective_income = null));
    expect(planned.result('3.14', 'V04').status).toBe('no-data');
  });
});
