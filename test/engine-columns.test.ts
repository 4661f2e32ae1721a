/**
 * The engine reads a table kept as columns (a read file) by index, a
 * condition on a word, yes/no or reference column judged once per distinct
 * value, and shares and counts read many records at once. Every rule of the
 * 2020 plan gives the same results on a town kept as columns as on the same
 * town as plain records, with empty and unreadable cells planted anywhere, a
 * row left out, stand-ins for rows that could not be read, and the households
 * past the size whose records are kept. And a visit with an unreadable cell
 * leaves open the months it could fill (3.15b and 3.15c read every visit once
 * for both).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BUILT_IN } from '../src/contract/contract.js';
import type { TableName } from '../src/contract/tables.js';
import { evaluate } from '../src/engine/evaluate.js';
import { Unknown, type CellValue, type Dataset, type DataError, type Rec, type TableData } from '../src/model.js';
import { TableStore } from '../src/store/table.js';
import { makeDataset } from './helpers/dataset.js';
import { baseTown, hebao, household, runWith, toDataset, type Town } from './helpers/town.js';

const err = (file: string, line: number, column: string): DataError => ({ file, line, column, value: '?', code: 'bad-number', args: {} });

/** The town's tables as a read folder keeps them: each in a store of its contract's columns, with stand-ins after the rows. */
function asColumns(town: Town, standIns: Partial<Record<TableName, number>> = {}): Dataset {
  const plain = toDataset(town);
  const tables = { ...plain.tables };
  for (const name of Object.keys(tables) as TableName[]) {
    const t = tables[name]!;
    const def = BUILT_IN.tables[name]!;
    const store = new TableStore(def, t.records.length);
    for (const r of t.records) store.appendRecord(r);
    store.seal();
    const kept = store.n;
    const stand = Array.from({ length: standIns[name] ?? 0 }, (_, k) => {
      const rec = Object.create(null) as Rec;
      const u = new Unknown(err(`${name}.csv`, 9000 + k, '*'));
      for (const col of def.columns) rec[col.key] = u;
      return { rec, line: 9000 + k };
    });
    let records: Rec[] | undefined;
    const data: TableData = {
      ...t,
      get records() {
        return (records ??= Array.from({ length: kept }, (_, i) => store.row(i)));
      },
      rows: { store, at: null },
      ...(stand.length ? { standIns: stand } : {}),
    };
    tables[name] = data;
  }
  return { ...plain, tables };
}

/** The same town as plain records, with the same stand-ins. */
function asRecords(town: Town, columns: Dataset): Dataset {
  const plain = toDataset(town);
  for (const name of Object.keys(plain.tables) as TableName[]) {
    const stand = columns.tables[name]!.standIns;
    if (stand) plain.tables[name] = { ...plain.tables[name]!, standIns: stand };
  }
  return plain;
}

const TABLES: TableName[] = ['villages', 'households', 'industries', 'projects', 'enterprises', 'cooperatives', 'instructors', 'visits'];

/** A planted cell: a table, a row (modulo its size), a column (modulo its count), and what it becomes. */
const plant = fc.record({
  table: fc.constantFrom(...TABLES),
  row: fc.nat(),
  column: fc.nat(),
  to: fc.constantFrom<'unknown' | 'empty'>('unknown', 'unknown', 'empty'),
});

function planted(plants: fc.RecordValue<{ table: TableName; row: number; column: number; to: 'unknown' | 'empty' }>[], big: boolean): Town {
  const town = baseTown();
  // Past 50,000 households, the records are not kept: they are read by index and made as row views when read.
  if (big) for (let i = 0; i < 50_100; i++) town.households.push(household(`V05-H${i}`, i % 3 ? 'V01' : 'V02', i % 7 ? {} : { poverty_status: '未脱贫', labor_count: 0 }));
  plants.forEach((p, k) => {
    const rows = town[p.table];
    const r = rows[p.row % rows.length]!;
    const columns = BUILT_IN.tables[p.table]!.columns;
    const column = columns[p.column % columns.length]!;
    // A required cell left empty is a data error: validation makes it unknown, never empty.
    const empty = p.to === 'empty' && !column.required;
    r[column.key] = empty ? null : (new Unknown(err(`${p.table}.csv`, 100 + k, column.key)) as CellValue);
  });
  return town;
}

describe('a town kept as columns is judged as the same town of records', () => {
  it('every rule, with empty and unreadable cells planted and stand-ins', () => {
    fc.assert(
      fc.property(fc.array(plant, { maxLength: 12 }), fc.nat(2), fc.nat(1), (plants, standHouseholds, standVisits) => {
        const town = planted(plants, false);
        const columns = asColumns(town, { households: standHouseholds, visits: standVisits });
        const a = evaluate(hebao(), columns, { asOf: '2020-12-31' });
        const b = evaluate(hebao(), asRecords(town, columns), { asOf: '2020-12-31' });
        expect(JSON.stringify(a)).toBe(JSON.stringify(b));
      }),
      { numRuns: 60 },
    );
  });

  it('every rule on a town of 50,700 households, at the year end and mid-year', () => {
    const plants = fc.sample(fc.array(plant, { minLength: 20, maxLength: 20 }), { numRuns: 1, seed: 7 })[0]!;
    // Most planted in the households, the big table.
    const town = planted([...plants, ...plants.map((p) => ({ ...p, table: 'households' as TableName, row: p.row * 7919 }))], true);
    const columns = asColumns(town, { households: 2 });
    for (const asOf of ['2020-12-31', '2020-06-30']) {
      const a = evaluate(hebao(), columns, { asOf });
      const b = evaluate(hebao(), asRecords(town, columns), { asOf });
      expect(a.length).toBeGreaterThan(100);
      expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    }
  });
});

describe('a visit with an unreadable cell leaves open the months it could fill', () => {
  const september = (v: Record<string, CellValue>, village: string) => v.village_id === village && v.date === '2020-09-13';
  it("3.15b: the village's only visit of a month, its instructor unreadable, makes the village no-data", () => {
    const e = err('visits.csv', 40, '指导员编号');
    const r = runWith((t) => {
      for (const v of t.visits) if (september(v, 'V04')) v.instructor_id = new Unknown(e);
    });
    expect(r.result('3.15b', 'V04')).toMatchObject({ status: 'no-data', waitingOn: [e] });
    expect(r.result('3.15b', 'V03')).toMatchObject({ status: 'pass' });
  });
  it('3.15b: a visit whose date cannot be read may be in any month of its village', () => {
    const e = err('visits.csv', 41, '日期');
    const r = runWith((t) => {
      for (const v of t.visits) if (september(v, 'V04')) v.date = new Unknown(e);
    });
    expect(r.result('3.15b', 'V04')).toMatchObject({ status: 'no-data', waitingOn: [e] });
  });
  it('3.15c: a visit whose instructor cannot be read may be the instructor who has none that month', () => {
    const e = err('visits.csv', 42, '指导员编号');
    const r = runWith((t) => {
      // I01's only visit of September, its instructor unreadable.
      t.visits = t.visits.filter((v) => !(String(v.date).startsWith('2020-09') && !september(v, 'V04')));
      for (const v of t.visits) if (september(v, 'V04')) v.instructor_id = new Unknown(e);
    });
    expect(r.result('3.15c')).toMatchObject({ status: 'no-data', waitingOn: [e] });
    // Without the unreadable visit, the month is missed.
    const gone = runWith((t) => (t.visits = t.visits.filter((v) => !String(v.date).startsWith('2020-09'))));
    expect(gone.result('3.15c')).toMatchObject({ status: 'fail', offenders: ['I01'] });
  });
  it('the same on the town kept as columns', () => {
    const e = err('visits.csv', 43, '所属村');
    const town = baseTown();
    for (const v of town.visits) if (september(v, 'V04')) v.village_id = new Unknown(e);
    const results = evaluate(hebao(), asColumns(town), { asOf: '2020-12-31' });
    const v04 = results.find((x) => x.rule === '3.15b' && x.village === 'V04')!;
    expect(v04).toMatchObject({ status: 'no-data', waitingOn: [e] });
    expect(JSON.stringify(results)).toBe(JSON.stringify(evaluate(hebao(), makeDataset({ ...town, town: undefined } as never, town.town), { asOf: '2020-12-31' })));
  });
});
