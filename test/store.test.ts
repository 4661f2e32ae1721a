/**
 * The columnar store gives back every cell as it was read: each value, empty
 * as null, unreadable as its Unknown, whatever the column's form (figures,
 * yes/no, dictionary codes as they widen, the character pool as it turns from
 * Latin-1 to UTF-16), so no verdict can change with the way cells are kept.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { ColumnDef } from '../src/contract/tables.js';
import { Unknown, type CellValue, type DataError } from '../src/model.js';
import { PoolColumn, columnFor } from '../src/store/columns.js';
import { TableStore } from '../src/store/table.js';

const err = (line: number): DataError => ({ file: 't.csv', line, column: 'c', value: 'x', code: 'bad-number', args: {} });
const unknown = fc.nat(1000).map((l) => new Unknown(err(l)));
const col = (type: ColumnDef['type'], extra: Partial<ColumnDef> = {}): ColumnDef => ({ key: 'c', header: 'c', type, required: false, ...extra });

function roundTrip(def: ColumnDef, cells: CellValue[], size: number): void {
  const c = columnFor(def, size);
  for (const v of cells) c.push(v);
  c.seal();
  cells.forEach((v, i) => expect(c.get(i), `row ${i}`).toEqual(v));
  // An Unknown comes back as the same object, carrying its error.
  cells.forEach((v, i) => v instanceof Unknown && expect(c.get(i)).toBe(v));
}

describe('columns keep every cell exactly', () => {
  it('figures: any double a cell can hold, empty and unknown', () => {
    const figure = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => x + 0), fc.integer(), fc.constant(null), unknown);
    fc.assert(fc.property(fc.array(figure, { maxLength: 3000 }), fc.nat(50), (cells, size) => roundTrip(col({ kind: 'number' }), cells, size)));
  });

  it('figures: whole numbers kept narrow, then any figure that does not fit turns the column wide with no cell changed', () => {
    const NONE = -2147483648;
    // Whole numbers in Int32 range (the narrow form's marker among them), empty and unknown, with at most a few figures that do not fit, anywhere.
    const narrow = fc.oneof({ weight: 6, arbitrary: fc.integer() }, { weight: 1, arbitrary: fc.constantFrom(NONE, NONE + 1, 2147483647, 0) }, { weight: 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: unknown });
    const misfit = fc.constantFrom(0.5, -1.25, 2147483648, -2147483649, 2 ** 53, 1e300, -0, NONE);
    const cells = fc.tuple(fc.array(narrow, { maxLength: 400 }), fc.array(fc.tuple(fc.nat(), misfit), { maxLength: 2 })).map(([run, ins]) => {
      const c = [...run];
      for (const [at, x] of ins) c.splice(at % (c.length + 1), 0, x);
      return c;
    });
    fc.assert(fc.property(cells, fc.nat(50), (c, size) => roundTrip(col({ kind: 'int' }), c, size)));

    // Thousands of whole numbers, empties and unknowns, then a fraction: every earlier cell survives the widening.
    const many: CellValue[] = Array.from({ length: 5000 }, (_, i) => (i % 97 === 0 ? null : i % 101 === 0 ? new Unknown(err(i)) : i * 7919 - 20_000_000));
    roundTrip(col({ kind: 'number' }), [...many, 0.1, ...many, null, 3], 0);
    // The marker itself and numbers just past Int32, first in a column and after a narrow run.
    for (const x of [NONE, 2147483648, -2147483649, -0, 1e21]) {
      roundTrip(col({ kind: 'int' }), [x, 1, null], 0);
      roundTrip(col({ kind: 'int' }), [1, null, x, 2], 1);
    }
    // A cell made unknown after the column turned wide, and one before it.
    const c = columnFor(col({ kind: 'number' }), 0);
    for (const x of [1, 2, null, 2.5, 4]) c.push(x);
    const u = new Unknown(err(1));
    c.setUnknown(0, u);
    c.setUnknown(3, u);
    c.seal();
    expect([0, 1, 2, 3, 4].map((i) => c.get(i))).toEqual([u, 2, null, u, 4]);
  });

  it('yes/no', () => {
    fc.assert(fc.property(fc.array(fc.oneof(fc.boolean(), fc.constant(null), unknown), { maxLength: 3000 }), (cells) => roundTrip(col({ kind: 'bool' }), cells, 0)));
  });

  it('words and lists: codes widen past 255 and 65,535 distinct values with no cell changed', () => {
    const words = fc.array(fc.oneof({ weight: 5, arbitrary: fc.string({ minLength: 1, unit: 'binary' }) }, { weight: 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: unknown }), { maxLength: 2000 });
    fc.assert(fc.property(words, (cells) => roundTrip(col({ kind: 'text' }), cells, 0)));
    const many = Array.from({ length: 70_000 }, (_, i) => (i % 7 === 0 ? null : `村${i}`));
    roundTrip(col({ kind: 'enum', values: [] }), many, 10);
    const lists = fc.array(fc.oneof(fc.array(fc.string({ minLength: 1 }), { minLength: 1, maxLength: 4 }), fc.constant(null)), { maxLength: 500 });
    fc.assert(fc.property(lists, (cells) => roundTrip(col({ kind: 'list' }), cells, 0)));
  });

  it('ids, ID numbers and names: the pool keeps any UTF-16 text, a wide character arriving mid-value included', () => {
    const text = fc.oneof(
      { weight: 4, arbitrary: fc.string({ minLength: 1, maxLength: 30, unit: 'binary' }) },
      { weight: 4, arbitrary: fc.string({ minLength: 1, maxLength: 30, unit: fc.constantFrom('0', 'A', 'é', '\u00ff', '张', '（', '\ud800', '\udc00', '😀') }) },
      { weight: 1, arbitrary: fc.constant(null) },
      { weight: 1, arbitrary: unknown },
    );
    fc.assert(fc.property(fc.array(text, { maxLength: 2000 }), fc.nat(20), (cells, size) => roundTrip(col({ kind: 'id' }), cells, size)));
    roundTrip(col({ kind: 'text' }, { personal: 'name' }), ['0（', 'H1', null, '王小明'], 1);
  });

  it('ids and names of any length, around every 64th row, read back in any order', () => {
    // A value of a chosen length, Latin-1 or wide (CJK, lone surrogates), its characters varying.
    const value = fc
      .tuple(fc.constantFrom(1, 2, 12, 13, 254, 255, 256, 1000), fc.constantFrom(0x41, 0xe9, 0x5f20, 0xd800, 0xdc00), fc.nat(6))
      .map(([len, unit, seed]) => Array.from({ length: len }, (_, k) => String.fromCharCode(unit + ((k * 31 + seed) % 5))).join(''));
    const cell = fc.oneof({ weight: 6, arbitrary: value }, { weight: 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: unknown });
    const read = (cells: CellValue[], order: number[]): void => {
      const c = columnFor(col({ kind: 'id' }), 0);
      for (const v of cells) c.push(v);
      c.seal();
      for (const i of order) expect(c.get(i), `row ${i}`).toBe(cells[i]);
    };
    fc.assert(
      fc.property(fc.array(cell, { minLength: 1, maxLength: 300 }), fc.array(fc.nat(), { maxLength: 300 }), (cells, jumps) => {
        read(cells, [...jumps.map((j) => j % cells.length), ...cells.keys(), ...[...cells.keys()].reverse()]);
      }),
      { numRuns: 60 },
    );

    // Every length around the byte's limit, long values ending a 64-row stretch and starting the next,
    // empties and unknowns among them, one value turning the pool wide partway through its 300 characters.
    const lengths = [1, 254, 255, 256, 1000, 0];
    const cells: (string | null | Unknown)[] = Array.from({ length: 200 }, (_, i) => {
      if (i % 11 === 5) return new Unknown(err(i));
      const len = [62, 63, 64, 65, 127, 128].includes(i) ? [255, 1000, 256, 254, 1000, 255][[62, 63, 64, 65, 127, 128].indexOf(i)]! : lengths[i % lengths.length]!;
      return len === 0 ? null : `${i}`.padEnd(len, String.fromCharCode(0x61 + (i % 26)));
    });
    cells[150] = 'x'.repeat(300) + '张' + 'y'.repeat(20);
    const c = columnFor(col({ kind: 'id' }), 0) as PoolColumn;
    for (const v of cells) c.push(v);
    const later = new Unknown(err(9));
    c.setUnknown(128, later);
    c.seal();
    const order = [128, 0, 63, 64, 65, 127, 199, 62, 150, 149, 151, ...cells.keys(), ...[...cells.keys()].reverse()];
    for (const i of order) {
      expect(c.get(i), `row ${i}`).toBe(i === 128 ? later : cells[i]);
      // The text stays readable by row after the cell was made unknown (the id index reads it).
      expect(c.text(i), `text ${i}`).toBe(cells[i] instanceof Unknown ? null : cells[i]);
    }
    // An empty text is an empty cell.
    const e = columnFor(col({ kind: 'id' }), 0);
    e.push('');
    e.push('a');
    expect([e.get(0), e.get(1)]).toEqual([null, 'a']);
  });

  it('a cell made unknown after the fact reads unknown, in every form', () => {
    for (const type of [{ kind: 'number' }, { kind: 'bool' }, { kind: 'ref', table: 'x' }, { kind: 'id' }] as ColumnDef['type'][]) {
      const c = columnFor(col(type), 0);
      const v: CellValue = type.kind === 'number' ? 5 : type.kind === 'bool' ? true : 'V1';
      c.push(v);
      c.push(v);
      const u = new Unknown(err(3));
      c.setUnknown(1, u);
      expect(c.get(0)).toEqual(v);
      expect(c.get(1)).toBe(u);
    }
  });
});

describe('row views', () => {
  const def = { name: 'villages', title: '村', idColumn: 'village_id', villageColumn: 'village_id', columns: [col({ kind: 'id' }, { key: 'village_id' }), col({ kind: 'int' }, { key: 'members' })] };
  it('read a row by its keys, inherit nothing, and print as the record they stand for', () => {
    const store = new TableStore(def);
    const a = store.push(['V1', 3]);
    const b = store.push(['V2', null]);
    expect([a.village_id, a.members, b.village_id, b.members]).toEqual(['V1', 3, 'V2', null]);
    expect(Object.keys(a)).toEqual([]);
    for (const k of ['__proto__', 'constructor', 'toString']) expect((a as Record<string, unknown>)[k]).toBeUndefined();
    expect(JSON.parse(JSON.stringify(b))).toEqual({ village_id: 'V2', members: null });
  });
  it('refuse a column key that is not a plain name, since keys become code', () => {
    expect(() => new TableStore({ ...def, name: 'x', columns: [col({ kind: 'id' }, { key: 'a(){}' })] })).toThrow(/not a plain name/);
  });
});
