/**
 * 二、主要目标: rules 2.1 – 2.11 on the base town, one perturbation per test
 * (rule-catalogue.md, table 二).
 */
import { describe, expect, it } from 'vitest';
import { dropColumn, households, MID_YEAR, row, runWith, setHouseholds, type Town } from './helpers/town.js';

describe('2.1 一村一品 (V, error, year end)', () => {
  it('passes when every village has a signature product', () => {
    expect(runWith(() => {}).result('2.1', 'V03')).toMatchObject({ status: 'pass', offenders: [] });
  });
  it('fails a village without one at the year end, and the town lists it', () => {
    const r = runWith((t) => (row(t, 'villages', 'V03').signature_product = null));
    expect(r.result('2.1', 'V03')).toMatchObject({ status: 'fail', offenders: ['V03'] });
    expect(r.result('2.1', 'V01')).toMatchObject({ status: 'pass' });
    expect(r.result('2.1')).toMatchObject({ status: 'fail', offenders: ['V03'] });
  });
  it('is pending before the year end', () => {
    const r = runWith((t) => (row(t, 'villages', 'V03').signature_product = null), MID_YEAR);
    expect(r.result('2.1', 'V03')).toMatchObject({ status: 'pending', offenders: ['V03'] });
    expect(r.result('2.1')).toMatchObject({ status: 'pending', offenders: ['V03'] });
  });
  it('is no-data everywhere when villages.csv has no such column', () => {
    const r = runWith((t) => dropColumn(t, 'villages', 'signature_product'));
    expect(r.result('2.1', 'V01')).toMatchObject({ status: 'no-data', notes: [{ code: 'missing-column', args: { table: 'villages', column: 'signature_product' } }] });
    expect(r.result('2.1')).toMatchObject({ status: 'no-data' });
  });
});

describe('2.2 featured industry in each poverty village (PV, error, year end)', () => {
  it('passes with one featured row, and judges only the poverty villages', () => {
    const r = runWith(() => {});
    expect(r.result('2.2', 'V01')).toMatchObject({ status: 'pass', actual: 1 });
    expect(r.villagesOf('2.2')).toEqual(['V01', 'V02']);
  });
  it('fails a poverty village with none at the year end (rows of other villages do not help)', () => {
    const r = runWith((t) => {
      t.industries[0]!.featured = false; // V01 红薯
      t.industries.push({ village_id: 'V03', industry: '桑蚕', scale: 10, unit: '亩', featured: true });
    });
    expect(r.result('2.2', 'V01')).toMatchObject({ status: 'fail', actual: 0 });
    expect(r.result('2.2')).toMatchObject({ status: 'fail' });
  });
  it('is pending before the year end; an empty featured cell is not featured', () => {
    const r = runWith((t) => (t.industries[0]!.featured = null), MID_YEAR);
    expect(r.result('2.2', 'V01')).toMatchObject({ status: 'pending', actual: 0 });
  });
  it('is no-data without the featured column', () => {
    const r = runWith((t) => dropColumn(t, 'industries', 'featured'));
    expect(r.result('2.2', 'V01').status).toBe('no-data');
    expect(r.result('2.2').status).toBe('no-data');
  });
});

describe('2.3 exactly 2 poverty villages (T, warning)', () => {
  it('passes with 2', () => {
    expect(runWith(() => {}).result('2.3')).toMatchObject({ status: 'pass', actual: 2 });
  });
  it('warns, never fails, with 3 or 1, at any date', () => {
    expect(runWith((t) => (row(t, 'villages', 'V03').poverty_village = true)).result('2.3')).toMatchObject({ status: 'warn', actual: 3 });
    expect(runWith((t) => (row(t, 'villages', 'V02').poverty_village = false), MID_YEAR).result('2.3')).toMatchObject({ status: 'warn', actual: 1 });
  });
});

describe('2.4 dominant industry (V, error, year end)', () => {
  it('fails at the year end, pending before', () => {
    const change = (t: Town) => (row(t, 'villages', 'V04').dominant_industry = null);
    expect(runWith(change).result('2.4', 'V04')).toMatchObject({ status: 'fail', offenders: ['V04'] });
    expect(runWith(change, MID_YEAR).result('2.4', 'V04')).toMatchObject({ status: 'pending', offenders: ['V04'] });
    expect(runWith(change).result('2.4', 'V03')).toMatchObject({ status: 'pass' });
  });
});

describe('2.5 sales docking with a leading enterprise (PV, warning)', () => {
  it('warns when the docking enterprise is not a leading one (leading_level 无)', () => {
    const r = runWith((t) => (row(t, 'villages', 'V01').sales_docking_enterprise = 'E03'));
    expect(r.result('2.5', 'V01')).toMatchObject({ status: 'warn', offenders: ['V01'] });
    expect(r.result('2.5', 'V02')).toMatchObject({ status: 'pass' });
    expect(r.result('2.5')).toMatchObject({ status: 'warn', offenders: ['V01'] });
  });
  it('warns when none is named (not recorded is not done), even at the year end', () => {
    const r = runWith((t) => (row(t, 'villages', 'V02').sales_docking_enterprise = null));
    expect(r.result('2.5', 'V02')).toMatchObject({ status: 'warn', offenders: ['V02'] });
  });
  it('is no-data when the named enterprise was left out (a data error)', () => {
    // makeDataset does not resolve references: E99 stands for a record left out of every rule.
    const r = runWith((t) => (row(t, 'villages', 'V02').sales_docking_enterprise = 'E99'));
    expect(r.result('2.5', 'V02')).toMatchObject({ status: 'no-data' });
  });
  it('does not judge non-poverty villages', () => {
    const r = runWith((t) => (row(t, 'villages', 'V03').sales_docking_enterprise = null));
    expect(r.find('2.5', 'V03')).toBeUndefined();
    expect(r.result('2.5').status).toBe('pass');
  });
});

describe('2.6 industry coverage of registered poor with labor ≥ 95% (V, error, year end)', () => {
  const twenty = (uncovered: number[]) => (t: Town) =>
    setHouseholds(t, 'V01', households('V01', 20, (i) => (uncovered.includes(i) ? { industry_covered: false } : {})));

  it('passes exactly on the boundary: 19 of 20 covered is 95%', () => {
    expect(runWith(twenty([4])).result('2.6', 'V01')).toMatchObject({ status: 'pass', actual: 0.95, numerator: 19, denominator: 20, offenders: [] });
  });
  it('fails 18 of 20 and lists the uncovered households in data order', () => {
    const r = runWith(twenty([7, 3]));
    expect(r.result('2.6', 'V01')).toMatchObject({ status: 'fail', actual: 0.9, offenders: ['H03', 'H07'] });
    // The town is judged on its own ratio (468/470): it passes and lists no one.
    expect(r.result('2.6')).toMatchObject({ status: 'pass', numerator: 468, denominator: 470, offenders: [] });
  });
  it('is pending before the year end', () => {
    expect(runWith(twenty([3, 7]), MID_YEAR).result('2.6', 'V01')).toMatchObject({ status: 'pending', actual: 0.9, offenders: ['H03', 'H07'] });
  });
  it('counts only registered poor with labor', () => {
    const r = runWith((t) =>
      setHouseholds(t, 'V01', [
        ...households('V01', 19),
        { ...households('V01', 20)[19]!, industry_covered: false, poverty_status: '非贫困户' },
        { ...households('V01', 21)[20]!, industry_covered: false, labor_count: 0 },
      ]),
    );
    expect(r.result('2.6', 'V01')).toMatchObject({ status: 'pass', actual: 1, denominator: 19 });
  });
  it('is n/a for a village with no registered poor with labor', () => {
    const r = runWith((t) => setHouseholds(t, 'V04', households('V04', 3, () => ({ labor_count: 0, industry_covered: false }))));
    expect(r.result('2.6', 'V04')).toMatchObject({ status: 'n/a', actual: null, offenders: [] });
    expect(r.result('2.6').status).toBe('pass');
  });
  it('judges the town on the town-wide ratio, listing every offender in data order when it fails', () => {
    // 31 of 600 uncovered: 569/600 = 94.83%.
    const r = runWith((t) => {
      for (const h of t.households) {
        const [v, n] = [h.village_id as string, Number((h.household_id as string).slice(-3))];
        if ((v === 'V02' && n <= 11) || (v === 'V01' && n <= 20)) h.industry_covered = false;
      }
    });
    const town = r.result('2.6');
    expect(town).toMatchObject({ status: 'fail', numerator: 569, denominator: 600 });
    expect(town.actual).toBeCloseTo(0.948333, 6);
    expect(town.offenders).toHaveLength(31);
    expect(town.offenders.slice(18, 22)).toEqual(['V01-H019', 'V01-H020', 'V02-H001', 'V02-H002']);
    expect(r.result('2.6', 'V03').status).toBe('pass');
  });
});

describe('2.7 poverty-funded projects have a benefit linkage (V, error, standing)', () => {
  it('fails a financed project without a linkage even at mid-year', () => {
    const r = runWith((t) => (row(t, 'projects', 'P02').benefit_linkage = null), MID_YEAR);
    expect(r.result('2.7', 'V02')).toMatchObject({ status: 'fail', offenders: ['P02'] });
    expect(r.result('2.7')).toMatchObject({ status: 'fail', offenders: ['P02'] });
  });
  it('passes a donation-funded project with one; does not look at collective-funded ones', () => {
    const r = runWith((t) => {
      row(t, 'projects', 'P02').fund_source = '捐赠资金';
      row(t, 'projects', 'P01').benefit_linkage = null; // 集体经济资金
    });
    expect(r.result('2.7', 'V02')).toMatchObject({ status: 'pass' });
    expect(r.result('2.7', 'V01')).toMatchObject({ status: 'n/a' });
  });
  it('a town-wide project counts in the town result only', () => {
    const r = runWith((t) => (row(t, 'projects', 'P05').benefit_linkage = null));
    expect(r.result('2.7')).toMatchObject({ status: 'fail', offenders: ['P05'] });
    expect(r.results.filter((x) => x.rule === '2.7' && x.village !== null).map((x) => x.status)).toEqual(['n/a', 'pass', 'pass', 'n/a']);
  });
});

describe('2.8 a district-level (or higher) poverty leader (T, error, year end)', () => {
  it('fails with none at the year end, pending before', () => {
    const none = (t: Town) => (row(t, 'enterprises', 'E01').poverty_leader_level = '无');
    expect(runWith(none).result('2.8')).toMatchObject({ status: 'fail', actual: 0 });
    expect(runWith(none, MID_YEAR).result('2.8')).toMatchObject({ status: 'pending', actual: 0 });
  });
  it('a cooperative counts as well', () => {
    const r = runWith((t) => {
      row(t, 'enterprises', 'E01').poverty_leader_level = '无';
      row(t, 'cooperatives', 'C02').poverty_leader_level = '市级';
    });
    expect(r.result('2.8')).toMatchObject({ status: 'pass', actual: 1 });
  });
  it('with the column missing from cooperatives: an enterprise that qualifies still passes, none is no-data', () => {
    // The cooperatives cannot be read, but a verdict they could not change stands.
    const r = runWith((t) => dropColumn(t, 'cooperatives', 'poverty_leader_level'));
    expect(r.result('2.8')).toMatchObject({ status: 'pass', actual: 1 });
    const none = runWith((t) => {
      dropColumn(t, 'cooperatives', 'poverty_leader_level');
      row(t, 'enterprises', 'E01').poverty_leader_level = '无';
    });
    expect(none.result('2.8')).toMatchObject({
      status: 'no-data',
      notes: [{ code: 'missing-column', args: { table: 'cooperatives', column: 'poverty_leader_level' } }],
    });
  });
});

describe('2.9 farmer income growth 9.1% 左右 (PV, error, year end, tolerance 1 point)', () => {
  const income = (v: number) => (t: Town) => (row(t, 'villages', 'V01').farmer_income = v);

  it('passes 9.1% exactly', () => {
    expect(runWith(income(10910)).result('2.9', 'V01')).toMatchObject({ status: 'pass', actual: 0.091 });
  });
  it('warns at 8.5% from the year end on, pending before', () => {
    expect(runWith(income(10850)).result('2.9', 'V01')).toMatchObject({ status: 'warn', actual: 0.085, offenders: ['V01'] });
    expect(runWith(income(10850)).result('2.9')).toMatchObject({ status: 'warn', offenders: ['V01'] });
    expect(runWith(income(10850), MID_YEAR).result('2.9', 'V01')).toMatchObject({ status: 'pending', actual: 0.085 });
  });
  it('warns at 8.1% exactly: "8.1% to 9.1% is warn", the 1-point tolerance includes its edge', () => {
    // The catalogue writes the warn band with both ends ("8.1% to 9.1%"), and
    // "≥ and ≤ include the boundary": 8.1% is inside the band, 8.09% is not.
    expect(runWith(income(10810)).result('2.9', 'V01')).toMatchObject({ status: 'warn', actual: 0.081 });
    expect(runWith(income(10809)).result('2.9', 'V01')).toMatchObject({ status: 'fail', actual: 0.0809 });
  });
  it('fails 8.0% at the year end, pending before', () => {
    expect(runWith(income(10800)).result('2.9', 'V01')).toMatchObject({ status: 'fail', actual: 0.08, offenders: ['V01'] });
    expect(runWith(income(10800), MID_YEAR).result('2.9', 'V01')).toMatchObject({ status: 'pending', actual: 0.08 });
  });
  it('is no-data when either income is empty or its column is missing', () => {
    expect(runWith((t) => (row(t, 'villages', 'V02').farmer_income = null)).result('2.9', 'V02')).toMatchObject({ status: 'no-data', actual: null });
    expect(runWith((t) => (row(t, 'villages', 'V02').farmer_income_prev = null)).result('2.9')).toMatchObject({ status: 'no-data' });
    const r = runWith((t) => dropColumn(t, 'villages', 'farmer_income_prev'));
    expect(r.result('2.9', 'V01').status).toBe('no-data');
    expect(r.result('2.9').status).toBe('no-data');
  });
  it('does not judge non-poverty villages', () => {
    const r = runWith((t) => (row(t, 'villages', 'V03').farmer_income = 9000));
    expect(r.find('2.9', 'V03')).toBeUndefined();
    expect(r.result('2.9').status).toBe('pass');
  });
});

describe('2.10 mean collective income of poverty villages > 50,000 元 (T on the mean + PV warn)', () => {
  const incomes = (a: number | null, b: number | null) => (t: Town) => {
    row(t, 'villages', 'V01').collective_income = a;
    row(t, 'villages', 'V02').collective_income = b;
  };
  it('a mean of exactly 50,000 is not > 50,000: the town fails, each village warns', () => {
    const r = runWith(incomes(50000, 50000));
    expect(r.result('2.10')).toMatchObject({ status: 'fail', actual: 50000 });
    expect(r.result('2.10', 'V01')).toMatchObject({ status: 'warn', actual: 50000 });
    expect(r.result('2.10', 'V02')).toMatchObject({ status: 'warn', actual: 50000 });
  });
  it('adds as decimals: 50,000.1 and 49,999.9 make a mean of exactly 50,000', () => {
    expect(runWith(incomes(50000.1, 49999.9)).result('2.10')).toMatchObject({ status: 'fail', actual: 50000 });
  });
  it('the town passes on the mean even when one village is below (that village warns, not rolled up)', () => {
    const r = runWith(incomes(40000, 70000));
    expect(r.result('2.10')).toMatchObject({ status: 'pass', actual: 55000 });
    expect(r.result('2.10', 'V01')).toMatchObject({ status: 'warn', actual: 40000 });
    expect(r.result('2.10', 'V02')).toMatchObject({ status: 'pass', actual: 70000 });
  });
  it('before the year end the town is pending; villages warn at any date', () => {
    const r = runWith(incomes(30000, 40000), MID_YEAR);
    expect(r.result('2.10')).toMatchObject({ status: 'pending', actual: 35000 });
    expect(r.result('2.10', 'V01')).toMatchObject({ status: 'warn' });
  });
  it('an empty income makes that village and the town no-data; non-poverty villages are not in the mean', () => {
    const r = runWith((t) => {
      incomes(90000, null)(t);
      row(t, 'villages', 'V03').collective_income = 0;
    });
    expect(r.result('2.10', 'V02')).toMatchObject({ status: 'no-data', actual: null });
    expect(r.result('2.10', 'V01')).toMatchObject({ status: 'pass' });
    expect(r.result('2.10')).toMatchObject({ status: 'no-data', actual: null });
    expect(r.find('2.10', 'V03')).toBeUndefined();
  });
});

describe('2.11 no empty-shell village (V, error, year end)', () => {
  it('fails a village with no collective income at the year end, pending before', () => {
    const zero = (t: Town) => (row(t, 'villages', 'V04').collective_income = 0);
    expect(runWith(zero).result('2.11', 'V04')).toMatchObject({ status: 'fail', actual: 0, offenders: ['V04'] });
    expect(runWith(zero, MID_YEAR).result('2.11', 'V04')).toMatchObject({ status: 'pending', actual: 0 });
  });
  it('passes any income > 0', () => {
    expect(runWith((t) => (row(t, 'villages', 'V04').collective_income = 0.01)).result('2.11', 'V04')).toMatchObject({ status: 'pass', actual: 0.01 });
  });
  it('an empty income is no-data (a measured figure), not fail', () => {
    const r = runWith((t) => (row(t, 'villages', 'V04').collective_income = null));
    expect(r.result('2.11', 'V04')).toMatchObject({ status: 'no-data', offenders: [] });
    expect(r.result('2.11')).toMatchObject({ status: 'no-data' });
  });
});
