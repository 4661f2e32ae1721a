/**
 * A condition judged on a table's columns by row index (compiledRows: each
 * distinct word, yes/no or date judged once, then each row by its code) gives
 * every record the outcome, membership and waited-on errors that judging its
 * record gives (compiled on rec(i)): empty cells, unreadable cells with their
 * own errors, lists, figures, rows left out (`at`) and stand-ins alike. A wrong
 * outcome for one code would change every row holding that value.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { ColumnDef, TableDef } from '../src/contract/tables.js';
import { Unknown, type CellValue, type Dataset, type DataError, type Rec, type TableData } from '../src/model.js';
import { TableStore } from '../src/store/table.js';
import { compiled, compiledRows, MEMBER, OUTCOME, type Condition, type EvalContext, type LeafCondition } from '../src/engine/conditions.js';
import { rowSetOf, type RowSet } from '../src/engine/records.js';

const col = (key: string, type: ColumnDef['type'], extra: Partial<ColumnDef> = {}): ColumnDef => ({ key, header: key, type, required: false, ...extra });
const DEF: TableDef = {
  name: 't',
  title: '表',
  idColumn: 'id',
  villageColumn: 'word',
  columns: [
    col('id', { kind: 'id' }),
    col('word', { kind: 'enum', values: ['甲', '乙', '丙'] }),
    col('flag', { kind: 'bool' }),
    col('count', { kind: 'int' }),
    col('income', { kind: 'number' }, { measured: true }),
    col('day', { kind: 'date' }),
    col('tags', { kind: 'list' }),
    col('note', { kind: 'text' }),
    col('name', { kind: 'text' }, { personal: 'name' }),
  ],
};
const KEYS = DEF.columns.map((c) => c.key);

/** The values each column may hold (besides empty and unknown). */
const WORDS = ['甲', '乙', '丙', '丁', '甲乙'];
const DAYS = ['2020-01-01', '2020-06-30', '2020-07-01', '2020-12-31', '2019-02-28'];
const TAGS = [['甲'], ['甲', '乙'], ['乙', '丙', '丁'], []];
const DOMAIN: Record<string, fc.Arbitrary<CellValue>> = {
  id: fc.constantFrom('H1', 'H2', 'H00000003', 'x'),
  word: fc.constantFrom(...WORDS),
  flag: fc.boolean(),
  count: fc.oneof(fc.integer({ min: -3, max: 5 }), fc.constantFrom(0.5, 2 ** 40)),
  income: fc.oneof(fc.integer({ min: -2, max: 3 }), fc.constantFrom(1.5, -0.25)),
  day: fc.constantFrom(...DAYS),
  tags: fc.constantFrom(...TAGS),
  note: fc.constantFrom('红薯', '海椒加工', '烘干房', 'x'),
  name: fc.constantFrom('张三', '李四', 'Ann'),
};

/** A row's cells as plans: a value, empty, or unknown (each unknown cell gets its own error when the table is built). */
type Plan = { kind: 'value'; v: CellValue } | { kind: 'empty' } | { kind: 'unknown' };
const plan = (key: string): fc.Arbitrary<Plan> =>
  fc.oneof(
    { weight: 6, arbitrary: DOMAIN[key]!.map((v): Plan => ({ kind: 'value', v })) },
    { weight: 2, arbitrary: fc.constant<Plan>({ kind: 'empty' }) },
    { weight: 1, arbitrary: fc.constant<Plan>({ kind: 'unknown' }) },
  );
const rowPlan = fc.tuple(...KEYS.map(plan));

const err = (line: number, column: string): DataError => ({ file: 't.csv', line, column, value: '?', code: 'bad-number', args: {} });

/**
 * A table as the loader leaves it: its rows in a store, some left out (`at`
 * names the kept ones), stand-ins for rows that could not be split.
 */
function table(rows: Plan[][], dropEvery: number, standIns: number): RowSet {
  const store = new TableStore(DEF, rows.length);
  rows.forEach((r, i) => {
    store.append(r.map((p, k): CellValue => (p.kind === 'value' ? p.v : p.kind === 'empty' ? null : new Unknown(err(i + 2, KEYS[k]!)))));
  });
  store.seal();
  const kept: number[] = [];
  for (let i = 0; i < rows.length; i++) if (dropEvery === 0 || i % dropEvery !== 1) kept.push(i);
  const at = kept.length === rows.length ? null : Int32Array.from(kept);
  const lines = kept.map((i) => i + 2);
  const stand = Array.from({ length: standIns }, (_, k) => {
    const rec = Object.create(null) as Rec;
    const u = new Unknown(err(100_000 + k, '*'));
    for (const key of KEYS) rec[key] = u;
    return { rec, line: 100_000 + k };
  });
  let records: Rec[] | undefined;
  const data: TableData = {
    table: 't',
    file: 't.csv',
    columns: new Set(KEYS),
    get records() {
      return (records ??= kept.map((i) => store.row(i)));
    },
    rows: { store, at },
    lines,
    rowCount: rows.length,
    rejected: rows.length - kept.length,
    ...(stand.length ? { standIns: stand } : {}),
  };
  return rowSetOf({ tables: { t: data } } as unknown as Dataset, 't');
}

const DEFINITIONS: Record<string, Condition> = {
  poor: { field: 'word', in: ['甲', '乙'] },
  both: { all: [{ field: 'flag', is: true }, { field: 'count', gt: 0 }] },
};
const ctx: EvalContext = {
  asOf: '2020-06-30',
  definitions: DEFINITIONS,
  relatedIndex: () => new Map(),
  lookup: () => undefined,
  isMeasured: (f) => f === 'income',
  idColumn: 'id',
  other: () => ctx,
};

const scalar = fc.oneof(fc.constantFrom<string | number | boolean>(...WORDS, ...DAYS, '$asOf', '红薯', 'H1', true, false, 0, 1, 2, 1.5, -1));
const bound = fc.oneof(fc.constantFrom<string | number>(...DAYS, '$asOf', '乙', 0, 1, 2.5, -1));
const leaf: fc.Arbitrary<LeafCondition> = fc
  .tuple(
    fc.constantFrom(...KEYS, 'absent'),
    fc.oneof(
      scalar.map((is) => ({ is })),
      fc.array(scalar, { minLength: 1, maxLength: 3 }).map((v) => ({ in: v })),
      fc.array(scalar, { minLength: 1, maxLength: 3 }).map((v) => ({ notIn: v })),
      fc.boolean().map((present) => ({ present })),
      bound.map((gt) => ({ gt })),
      bound.map((gte) => ({ gte })),
      bound.map((lt) => ({ lt })),
      fc.tuple(bound, fc.boolean()).map(([lte, final]) => ({ lte, ...(final ? { final } : {}) })),
      fc.tuple(bound, bound).map((between) => ({ between: between as [string | number, string | number] })),
      fc.constantFrom('甲', '乙', '红', '烘干').map((contains) => ({ contains })),
      fc.array(fc.constantFrom('甲', '丁', '海椒'), { minLength: 1, maxLength: 2 }).map((containsAny) => ({ containsAny })),
      fc.nat(3).map((minItems) => ({ minItems })),
      fc.boolean().map((present) => ({ present, final: true })),
    ),
  )
  .map(([field, test]) => ({ field, ...test }) as LeafCondition);
const condition: fc.Arbitrary<Condition> = fc.letrec<{ cond: Condition }>((tie) => ({
  cond: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 5, arbitrary: leaf },
    { weight: 1, arbitrary: fc.constantFrom<Condition>({ use: 'poor' }, { use: 'both' }) },
    // Conditions that read the record (several cells, other tables): the same either way, through the record.
    { weight: 1, arbitrary: fc.constantFrom<Condition>({ ratio: ['count', 'income'], gte: 0.5 }, { days: ['day', 'day'], lte: 3 }, { ref: { field: 'word', table: 'o' } }) },
    { weight: 2, arbitrary: fc.array(tie('cond'), { minLength: 1, maxLength: 3 }).map((all) => ({ all })) },
    { weight: 2, arbitrary: fc.array(tie('cond'), { minLength: 1, maxLength: 3 }).map((any) => ({ any })) },
  ),
})).cond;

/**
 * Every record's judgment, membership and errors, by index and by record, and
 * the memberships and outcomes of many records read at once (every record, and
 * every third one backwards); the first record where they differ.
 */
function compare(set: RowSet, cond: Condition): void {
  const byIndex = compiledRows(cond, ctx, set);
  const byRecord = compiled(cond, ctx);
  for (let i = 0; i < set.n; i++) {
    const rec = set.rec(i);
    const a = JSON.stringify([byIndex.judge(i), byIndex.member(i), byIndex.waits(i)]);
    const b = JSON.stringify([byRecord.judge(rec), byRecord.member(rec), byRecord.waits(rec)]);
    if (a !== b) expect({ record: i, cond, byIndex: a }).toEqual({ record: i, cond, byIndex: b });
  }
  const every = Int32Array.from({ length: set.n }, (_, i) => i);
  const some = Int32Array.from({ length: Math.ceil(set.n / 3) }, (_, k) => set.n - 1 - 3 * k);
  for (const orders of [every, some]) {
    const members = byIndex.members(orders);
    const outcomes = byIndex.outcomes(orders);
    orders.forEach((i, k) => {
      const rec = set.rec(i);
      const m = MEMBER[byRecord.member(rec)];
      const o = OUTCOME[byRecord.judge(rec).outcome];
      if (members[k] !== m || outcomes[k] !== o) expect({ record: i, cond, member: members[k], outcome: outcomes[k] }).toEqual({ record: i, cond, member: m, outcome: o });
    });
  }
}

describe('conditions judged on columns by row index', () => {
  it('small tables: every record as judging its record says, rows left out and stand-ins included', () => {
    const tables = fc.tuple(fc.array(rowPlan, { maxLength: 60 }), fc.nat(4), fc.nat(2));
    fc.assert(
      fc.property(tables, fc.array(condition, { minLength: 1, maxLength: 4 }), ([rows, drop, stand], conds) => {
        const set = table(rows, drop, stand);
        for (const cond of conds) compare(set, cond);
      }),
      { numRuns: 300 },
    );
  });

  it('a table past the size whose records are kept (50,000 rows): the same, and no record is made to judge a leaf', () => {
    const rows = fc.sample(rowPlan, { numRuns: 58_000, seed: 20_201_231 });
    const set = table(rows, 11, 2);
    expect(set.n).toBeGreaterThan(50_000);
    fc.assert(
      fc.property(condition, (cond) => compare(set, cond)),
      { numRuns: 20, seed: 11 },
    );
    // Leaves, all and any on the columns: judged with no row view made.
    const store = set.cols!.store;
    const made = store.row.bind(store);
    let views = 0;
    store.row = (i) => (views++, made(i));
    try {
      const c = compiledRows({ all: [{ use: 'poor' }, { any: [{ field: 'flag', is: true }, { field: 'income', gt: 1 }] }, { field: 'tags', contains: '甲' }] }, ctx, set);
      for (let i = 0; i < set.n; i++) c.judge(i), c.member(i), c.waits(i);
      const every = Int32Array.from({ length: set.n }, (_, i) => i);
      c.members(every);
      compiledRows({ field: 'word', in: ['甲'] }, ctx, set).outcomes(every);
    } finally {
      delete (store as Partial<TableStore>).row;
    }
    expect(views).toBe(0);
  });
});
