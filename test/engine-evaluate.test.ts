/**
 * evaluate(): roll-up of village results into the town result, offenders,
 * town-wide entities, missing columns, waivers and the rule / village options
 * (rule-catalogue.md, Statuses and Missing values), on the base town.
 */
import { describe, expect, it } from 'vitest';
import { dropColumn, MID_YEAR, row, runWith } from './helpers/town.js';

describe('roll-up of village results to the town', () => {
  it('fail beats no-data; no-data entities are not offenders', () => {
    const r = runWith((t) => {
      row(t, 'enterprises', 'E02').poor_employees = 0; // V02 fail
      row(t, 'enterprises', 'E01').poor_employees = null; // V04 no-data
    });
    expect(r.result('3.7a', 'V04')).toMatchObject({ status: 'no-data', offenders: [] });
    expect(r.result('3.7a')).toMatchObject({ status: 'fail', offenders: ['E02'] });
  });
  it('a village left open by an empty figure holds the town open only when it could change it', () => {
    // rule-catalogue.md (rewritten): a result that no value of the unknown cells could change keeps its verdict.
    // Mid-year, V02's unknown growth can only be pass or pending, so the town is pending either way.
    const r = runWith((t) => {
      row(t, 'villages', 'V01').farmer_income = 10800; // 8%: pending at mid-year
      row(t, 'villages', 'V02').farmer_income = null;
    }, MID_YEAR);
    expect(r.result('2.9', 'V01').status).toBe('pending');
    expect(r.result('2.9', 'V02').status).toBe('no-data');
    expect(r.result('2.9')).toMatchObject({ status: 'pending', offenders: ['V01'] });
    // Once due, V01 is a warning (8.1%–9.1%) and V02 could be pass or fail: fail > warn, so the town is open.
    const due = runWith((t) => {
      row(t, 'villages', 'V01').farmer_income = 10850;
      row(t, 'villages', 'V02').farmer_income = null;
    });
    expect(due.result('2.9', 'V01').status).toBe('warn');
    expect(due.result('2.9')).toMatchObject({ status: 'no-data', offenders: [] });
  });
  it('2.9 rolls up pending before the due date and warn after it (pending vs warn itself: engine-status.test.ts)', () => {
    // Within one error-level rule, warn (near, once due) and pending (before due) never meet; worstStatus orders them.
    const r = runWith((t) => {
      row(t, 'villages', 'V01').farmer_income = 10850; // near
      row(t, 'villages', 'V02').farmer_income = 10000; // miss
    }, MID_YEAR);
    expect(r.result('2.9')).toMatchObject({ status: 'pending', offenders: ['V01', 'V02'] });
    const atEnd = runWith((t) => (row(t, 'villages', 'V01').farmer_income = 10850));
    expect(atEnd.result('2.9', 'V01').status).toBe('warn');
    expect(atEnd.result('2.9')).toMatchObject({ status: 'warn', offenders: ['V01'] });
  });
  it('pass beats n/a, and only n/a rolls up to n/a', () => {
    expect(runWith(() => {}).result('3.7a')).toMatchObject({ status: 'pass' });
    const none = runWith((t) => (row(t, 'projects', 'P01').equity_reform = false));
    expect(none.results.filter((x) => x.rule === '3.9').map((x) => x.status)).toEqual(['n/a', 'n/a', 'n/a', 'n/a', 'n/a']);
  });
  it('the town lists the offenders of all villages in data order, not village order', () => {
    const r = runWith((t) => {
      row(t, 'enterprises', 'E01').poor_employees = 0; // V04, first in enterprises.csv
      row(t, 'enterprises', 'E02').poor_employees = 0; // V02
    });
    expect(r.result('3.7a')).toMatchObject({ status: 'fail', offenders: ['E01', 'E02'] });
    expect(r.result('3.7a', 'V02')).toMatchObject({ offenders: ['E02'] });
  });
  it('town-wide entities count in the town result only', () => {
    const r = runWith((t) => (row(t, 'projects', 'P05').risk_assessment = false));
    expect(r.result('3.18a')).toMatchObject({ status: 'fail', offenders: ['P05'] });
    expect(r.results.filter((x) => x.rule === '3.18a' && x.village).map((x) => x.status)).toEqual(['pass', 'pass', 'pass', 'pass']);
  });
  it('a town-wide entity and a village entity: the town lists both in data order', () => {
    const r = runWith((t) => {
      row(t, 'projects', 'P05').risk_assessment = false;
      row(t, 'projects', 'P02').risk_assessment = false;
    });
    expect(r.result('3.18a')).toMatchObject({ status: 'fail', offenders: ['P02', 'P05'] });
  });
});

describe('missing columns', () => {
  it('make every result that needs the column no-data, but a village with no entities stays n/a', () => {
    const r = runWith((t) => {
      dropColumn(t, 'projects', 'equity_reform');
      t.projects = t.projects.filter((p) => p.village_id !== 'V04');
    });
    expect(r.result('3.9', 'V01')).toMatchObject({ status: 'no-data', notes: [{ code: 'missing-column', args: { table: 'projects', column: 'equity_reform' } }] });
    expect(r.result('3.9', 'V04')).toMatchObject({ status: 'n/a' });
    expect(r.result('3.9')).toMatchObject({ status: 'no-data' });
  });
  it('a ratio rule whose filter column is missing is no-data, town and villages', () => {
    const r = runWith((t) => dropColumn(t, 'households', 'sanitation_pledge'));
    expect(r.results.filter((x) => x.rule === '3.19').map((x) => x.status)).toEqual(['no-data', 'no-data', 'no-data', 'no-data', 'no-data']);
  });
});

describe('waivers', () => {
  it('a waived village counts as pass in the town, and its offenders are forgiven', () => {
    const r = runWith((t) => (row(t, 'villages', 'V03').signature_product = null), '2020-12-31', {
      waive: (rule, village) => (rule === '2.1' && village === 'V03' ? { reason: '更名中', approvedBy: '镇长', expires: '2021-03-31' } : null),
    });
    expect(r.result('2.1', 'V03')).toMatchObject({ status: 'waived', offenders: [], waiver: { status: 'fail' } });
    expect(r.result('2.1')).toMatchObject({ status: 'pass', offenders: [] });
  });
});

describe('options', () => {
  it('rules: only the rules asked for', () => {
    const r = runWith(() => {}, '2020-12-31', { rules: ['2.6', '3.15b'] });
    expect([...new Set(r.results.map((x) => x.rule))]).toEqual(['2.6', '3.15b']);
    expect(r.results).toHaveLength(10);
  });
  it('villages: only those villages\' results, and no town results', () => {
    const r = runWith((t) => (row(t, 'villages', 'V01').signature_product = null), '2020-12-31', { villages: ['V02'], rules: ['2.1', '2.2', '3.2b'] });
    expect(r.results.map((x) => `${x.rule} ${x.village} ${x.status}`)).toEqual(['2.1 V02 pass', '2.2 V02 pass']);
  });
});
