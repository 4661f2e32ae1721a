/**
 * Rules 3.15a – 3.19, 4.2 and 5.1 – 5.2b on the base town, one perturbation
 * per test (rule-catalogue.md, tables 三, 四, 五 and "Checked months").
 */
import { describe, expect, it } from 'vitest';
import { dropColumn, households, MID_YEAR, row, runWith, setHouseholds, type Town } from './helpers/town.js';

describe('3.15a ≥ 43 instructors and experts (T, error, standing)', () => {
  it('43 passes; 42 fails at any date; 农技人员 do not count', () => {
    expect(runWith(() => {}).result('3.15a')).toMatchObject({ status: 'pass', actual: 43 });
    const r = runWith((t) => (row(t, 'instructors', 'I43').role = '农技人员'), MID_YEAR);
    expect(r.result('3.15a')).toMatchObject({ status: 'fail', actual: 42 });
  });
});

/** Removes the visits of a village (by village_id or through a household) in a month. */
const dropVisits = (village: string, month: string) => (t: Town) => {
  t.visits = t.visits.filter((v) => {
    const to = (v.village_id as string | null) ?? (v.household_id ? String(v.household_id).slice(0, 3) : null);
    return !(to === village && String(v.date).startsWith(month));
  });
};

describe('3.15b an instructor visit in every village every checked month (V, error, standing)', () => {
  it('before 2020-04-30 no month is checked yet: n/a', () => {
    const r = runWith(() => {}, '2020-04-29');
    expect(r.result('3.15b', 'V01')).toMatchObject({ status: 'n/a', offenders: [] });
    expect(r.result('3.15b')).toMatchObject({ status: 'n/a' });
  });
  it('on 2020-04-30, 2020-04 is checked', () => {
    const r = runWith(dropVisits('V02', '2020-04'), '2020-04-30');
    expect(r.result('3.15b', 'V02')).toMatchObject({ status: 'fail', actual: 0, offenders: ['2020-04'] });
    expect(r.result('3.15b', 'V01')).toMatchObject({ status: 'pass', actual: 1 });
  });
  it('at 2020-05-31 the checked months are 2020-04 and 2020-05; offenders are the missing months', () => {
    const r = runWith(dropVisits('V02', '2020-05'), '2020-05-31');
    expect(r.result('3.15b', 'V02')).toMatchObject({ status: 'fail', actual: 1, numerator: 1, denominator: 2, offenders: ['2020-05'] });
    expect(r.result('3.15b')).toMatchObject({ status: 'fail', offenders: ['2020-05'] });
  });
  it('a month that has not ended is not checked (2020-06 at 2020-06-30 is; at 2020-06-29 it is not)', () => {
    expect(runWith(dropVisits('V01', '2020-06'), '2020-06-29').result('3.15b', 'V01')).toMatchObject({ status: 'pass', denominator: 2 });
    expect(runWith(dropVisits('V01', '2020-06'), '2020-06-30').result('3.15b', 'V01')).toMatchObject({ status: 'fail', offenders: ['2020-06'] });
  });
  it('the town lists every missing month once, in time order', () => {
    const r = runWith((t) => {
      dropVisits('V03', '2020-07')(t);
      dropVisits('V01', '2020-05')(t);
      dropVisits('V04', '2020-07')(t);
    });
    expect(r.result('3.15b', 'V03')).toMatchObject({ status: 'fail', offenders: ['2020-07'] });
    expect(r.result('3.15b')).toMatchObject({ status: 'fail', offenders: ['2020-05', '2020-07'] });
  });
  it('a household visit counts for the household\'s village (V03 is visited only so)', () => {
    expect(runWith(() => {}).result('3.15b', 'V03')).toMatchObject({ status: 'pass', actual: 9 });
    const r = runWith((t) => {
      for (const v of t.visits) if (v.household_id === 'V03-H001' && v.date === '2020-08-12') v.household_id = 'V04-H001';
    });
    expect(r.result('3.15b', 'V03')).toMatchObject({ status: 'fail', offenders: ['2020-08'] });
  });
  it('a visit without an instructor does not count', () => {
    const r = runWith((t) => {
      for (const v of t.visits) if (v.village_id === 'V04' && v.date === '2020-09-13') v.instructor_id = null;
    });
    expect(r.result('3.15b', 'V04')).toMatchObject({ status: 'fail', offenders: ['2020-09'] });
  });
  it('is no-data when visits.csv has no instructor column, but n/a while no month is checked yet', () => {
    const r = runWith((t) => dropColumn(t, 'visits', 'instructor_id'));
    expect(r.result('3.15b', 'V01').status).toBe('no-data');
    expect(r.result('3.15c').status).toBe('no-data');
    // "a village with nothing to check stays n/a" (Missing values): before 2020-04-30 nothing is checked.
    const early = runWith((t) => dropColumn(t, 'visits', 'instructor_id'), '2020-04-29');
    expect(early.result('3.15b', 'V01').status).toBe('n/a');
    expect(early.result('3.15b').status).toBe('n/a');
    expect(early.result('3.15c').status).toBe('n/a');
  });
});

describe('3.15c every 产业发展指导员 visits a village or household every checked month (T, error, standing)', () => {
  it('offenders are instructor ids', () => {
    const r = runWith((t) => (t.visits = t.visits.filter((v) => !String(v.date).startsWith('2020-05'))), '2020-05-31');
    expect(r.result('3.15c')).toMatchObject({ status: 'fail', offenders: ['I01'], notes: [{ code: 'months-missing', args: { months: '2020-05', entity: 'I01' } }] });
  });
  it('before 2020-04-30: n/a', () => {
    expect(runWith(() => {}, '2020-04-15').result('3.15c')).toMatchObject({ status: 'n/a', offenders: [] });
  });
  it('a visit with only an enterprise does not count; a household visit does; experts need not visit', () => {
    const r = runWith((t) => {
      row(t, 'instructors', 'I02').role = '产业发展指导员';
      row(t, 'instructors', 'I03').role = '产业发展指导员';
      t.visits.push({ date: '2020-04-20', instructor_id: 'I02', village_id: null, household_id: null, enterprise_id: 'E01', purpose: '企业' });
      t.visits.push({ date: '2020-05-20', instructor_id: 'I02', village_id: null, household_id: 'V01-H001', enterprise_id: null, purpose: '入户' });
      t.visits.push({ date: '2020-04-20', instructor_id: 'I03', village_id: null, household_id: 'V02-H001', enterprise_id: null, purpose: '入户' });
      t.visits.push({ date: '2020-05-21', instructor_id: 'I03', village_id: 'V02', household_id: null, enterprise_id: 'E02', purpose: '村企' });
    }, '2020-05-31');
    expect(r.result('3.15c')).toMatchObject({ status: 'fail', offenders: ['I02'] });
    expect(r.result('3.15c').notes).toEqual([{ code: 'months-missing', args: { months: '2020-04', entity: 'I02' } }]);
  });
  it('has no village results', () => {
    expect(runWith(() => {}).villagesOf('3.15c')).toEqual([]);
  });
});

describe('3.15d willing poor households with labor have an industry: 100% (V, error, year end)', () => {
  it('one without fails at the year end, pending before; unwilling ones are not counted', () => {
    const change = (t: Town) =>
      setHouseholds(t, 'V02', households('V02', 4, (i) => (i === 2 ? { household_industry: null } : i === 3 ? { household_industry: null, willing: false } : {})));
    // H03 is not willing: the population is H01, H02, H04.
    expect(runWith(change).result('3.15d', 'V02')).toMatchObject({ status: 'fail', actual: 0.6666666667, numerator: 2, denominator: 3, offenders: ['H02'] });
    expect(runWith(change, MID_YEAR).result('3.15d', 'V02')).toMatchObject({ status: 'pending', offenders: ['H02'] });
  });
});

describe('3.16 产业村长 (PV, warning)', () => {
  it('warns a poverty village without one; others are not judged', () => {
    const r = runWith((t) => {
      row(t, 'villages', 'V02').industry_village_head = null;
      row(t, 'villages', 'V03').industry_village_head = null;
    });
    expect(r.result('3.16', 'V02')).toMatchObject({ status: 'warn', offenders: ['V02'] });
    expect(r.result('3.16')).toMatchObject({ status: 'warn', offenders: ['V02'] });
    expect(r.find('3.16', 'V03')).toBeUndefined();
  });
});

describe('3.17 completed industry projects name five owners (V, error, standing)', () => {
  it('a missing owner fails at any date; projects under construction are not judged', () => {
    const r = runWith((t) => {
      row(t, 'projects', 'P02').tech_owner = null;
      row(t, 'projects', 'P03').operator = null; // 在建
    }, MID_YEAR);
    expect(r.result('3.17', 'V02')).toMatchObject({ status: 'fail', offenders: ['P02'] });
    expect(r.result('3.17', 'V03')).toMatchObject({ status: 'n/a' });
    expect(r.result('3.17')).toMatchObject({ status: 'fail', offenders: ['P02'] });
  });
  it('a missing owner column is no-data for villages with such projects', () => {
    const r = runWith((t) => dropColumn(t, 'projects', 'tech_owner'));
    expect(r.result('3.17', 'V01').status).toBe('no-data');
    expect(r.result('3.17').status).toBe('no-data');
  });
});

describe('3.18a industry projects have a risk assessment (V, error, standing)', () => {
  it('false or empty fails at any date; other categories are not judged', () => {
    const r = runWith((t) => {
      row(t, 'projects', 'P01').risk_assessment = false;
      row(t, 'projects', 'P02').risk_assessment = null;
      Object.assign(row(t, 'projects', 'P03'), { category: '公共服务', risk_assessment: false });
    }, MID_YEAR);
    expect(r.result('3.18a', 'V01')).toMatchObject({ status: 'fail', offenders: ['P01'] });
    expect(r.result('3.18a', 'V02')).toMatchObject({ status: 'fail', offenders: ['P02'] });
    expect(r.result('3.18a', 'V03')).toMatchObject({ status: 'n/a' });
    expect(r.result('3.18a')).toMatchObject({ status: 'fail', offenders: ['P01', 'P02'] });
  });
});

describe('3.18b industry projects under way are insured (V, warning)', () => {
  it('warns, never fails; 未开工 projects are not judged', () => {
    const r = runWith((t) => {
      row(t, 'projects', 'P03').insurance = false;
      Object.assign(row(t, 'projects', 'P02'), { status: '未开工', completion_date: null, insurance: false });
    });
    expect(r.result('3.18b', 'V03')).toMatchObject({ status: 'warn', offenders: ['P03'] });
    expect(r.result('3.18b', 'V02')).toMatchObject({ status: 'n/a' });
    expect(r.result('3.18b')).toMatchObject({ status: 'warn', offenders: ['P03'] });
  });
});

describe('3.19 every household signs 门前三包 (V, warning)', () => {
  it('warns, listing the households, non-poor ones included', () => {
    const r = runWith((t) => setHouseholds(t, 'V04', households('V04', 4, (i) => (i === 1 ? { sanitation_pledge: null, poverty_status: '非贫困户' } : i === 4 ? { sanitation_pledge: false } : {}))));
    expect(r.result('3.19', 'V04')).toMatchObject({ status: 'warn', actual: 0.5, offenders: ['H01', 'H04'] });
    expect(r.result('3.19')).toMatchObject({ status: 'warn', offenders: ['H01', 'H04'] });
  });
});

describe('4.2 a service cooperative in each poverty village (PV, error, year end)', () => {
  it('fails at the year end, pending before', () => {
    const none = (t: Town) => (row(t, 'cooperatives', 'C01').service_coop = false);
    expect(runWith(none).result('4.2', 'V01')).toMatchObject({ status: 'fail', actual: 0 });
    expect(runWith(none, MID_YEAR).result('4.2', 'V01')).toMatchObject({ status: 'pending', actual: 0 });
    expect(runWith(none).result('4.2')).toMatchObject({ status: 'fail' });
  });
});

describe('5.1 the leadership group (T, error, standing)', () => {
  it('one deputy fails at any date', () => {
    const r = runWith((t) => (t.town!['leadership_group.deputies'] = ['副镇长甲']), MID_YEAR);
    expect(r.result('5.1')).toMatchObject({ status: 'fail', offenders: ['河包镇'] });
  });
  it('an empty leader fails; no deputies key is no-data', () => {
    expect(runWith((t) => (t.town!['leadership_group.leader'] = null)).result('5.1').status).toBe('fail');
    expect(runWith((t) => delete t.town!['leadership_group.deputies']).result('5.1').status).toBe('no-data');
  });
});

describe('5.2a each village has an industry plan (V, error, standing)', () => {
  it('false fails at any date', () => {
    const r = runWith((t) => (row(t, 'villages', 'V04').industry_plan = false), MID_YEAR);
    expect(r.result('5.2a', 'V04')).toMatchObject({ status: 'fail', offenders: ['V04'] });
  });
});

describe('5.2b assistance recorded for every registered poor household (V, error, standing)', () => {
  it('an empty assistance cell fails at any date; non-poor households are not counted', () => {
    const r = runWith(
      (t) => setHouseholds(t, 'V01', households('V01', 3, (i) => (i === 2 ? { assistance: null } : i === 3 ? { assistance: null, poverty_status: '非贫困户' } : {}))),
      MID_YEAR,
    );
    expect(r.result('5.2b', 'V01')).toMatchObject({ status: 'fail', actual: 0.5, offenders: ['H02'] });
    expect(r.result('5.2b')).toMatchObject({ status: 'fail', offenders: ['H02'] });
  });
});
