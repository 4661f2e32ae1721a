/**
 * CSV rows are validated with the per-column cell parsers directly (no zod
 * object per row); YAML rows and the contract's published schemas go through
 * zod. Both are built from the same column definitions: these properties
 * check that they agree, cell by cell and row by row.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TABLES, TABLE_NAMES, type ColumnDef } from '../src/contract/tables.js';
import { loadData } from '../src/data.js';
import { isUnknown, type DataError } from '../src/model.js';
import { CellFail, cellParser } from '../src/validate/cells.js';
import { cellSchema, failOf, TABLE_SCHEMAS } from '../src/validate/schema.js';
import { checkCsv, recOf } from '../src/validate/table.js';
import { makeDataFolder } from './helpers/data-folder.js';
import { cellsOf, expectNothingInherited } from './helpers/records.js';

/** Text a cell may hold: the contract's own words and forms, and near misses. */
function cellText(col: ColumnDef): fc.Arbitrary<string> {
  const words: string[] = ['', ' ', '\u3000', 'x', '是', '否', 'TRUE', 'n', '0', '1', '-1', '1,000', '1,00', '１２', '2.5', '2020', '2101', '1e5', '12abc'];
  words.push('2020-02-29', '2019-02-29', '2020/4/5', '2020年10月31日', '2020-13-01', '11010519491231002X', '110105194912310021', '5.1e+17');
  if (col.type.kind === 'enum') words.push(...col.type.values, ...Object.keys(col.type.aliases ?? {}), '已脱贫（享受政策）', ' 已脱贫 ');
  const pieces = fc.constantFrom(...words);
  return fc.oneof(
    pieces,
    fc.tuple(fc.constantFrom('', ' ', '\u3000'), pieces, fc.constantFrom('', ' ', '\u3000')).map(([a, b, c]) => a + b + c),
    fc.string({ unit: fc.constantFrom('0', '1', '9', ',', '.', '-', '+', '/', '年', '月', '日', 'X', 'a', ' ', '（', ')'), maxLength: 20 }),
  );
}

const allColumns = TABLE_NAMES.flatMap((t) => TABLES[t].columns.map((c) => ({ table: t, col: c })));

describe('fast path and zod agree', () => {
  it('cell by cell: accepted values, rejected codes and arguments', () => {
    for (const { col } of allColumns) {
      const zod = cellSchema(col);
      const fast = cellParser(col);
      fc.assert(
        fc.property(cellText(col), (raw) => {
          const z = zod.safeParse(raw);
          const f = fast(raw);
          if (z.success) expect(f).toEqual(z.data);
          else {
            expect(f).toBeInstanceOf(CellFail);
            const zf = failOf(z.error.issues[0]!);
            expect({ code: (f as CellFail).code, args: (f as CellFail).args }).toEqual({ code: zf.code, args: zf.args });
          }
        }),
        { numRuns: 150 },
      );
    }
  });

  it('row by row: the CSV validator gives the table schema’s record or its issues, in its order', () => {
    for (const table of TABLE_NAMES) {
      const cols = TABLES[table].columns;
      const row = fc.tuple(...cols.map((c) => cellText(c)));
      fc.assert(
        fc.property(row, (cells) => {
          const quote = (s: string) => '"' + s.replace(/"/g, '""') + '"';
          const text = cols.map((c) => c.key).join(',') + '\n' + cells.map(quote).join(',') + '\n';
          const errors: DataError[] = [];
          const checked = checkCsv(TABLES[table], 't.csv', text, errors, []);
          // A record whose cells are all blank is skipped, as Excel's `,,,` rows below the data are (src/load/csv.ts).
          if (cells.every((c) => c.trim() === '')) {
            expect(checked.rows.length).toBe(0);
            return;
          }
          const input = Object.fromEntries(cols.map((c, i) => [c.key, cells[i]]));
          const z = TABLE_SCHEMAS[table].safeParse(input);
          if (z.success) {
            expect(errors).toEqual([]);
            expect(cellsOf(recOf(checked, 0)!)).toEqual(z.data);
            expectNothingInherited(recOf(checked, 0)!);
          } else {
            // The record stays, and each cell the schema rejects is unknown with its error.
            expect(checked.bad[0]).toBe(0);
            const issued = new Set(z.error.issues.map((i) => String(i.path[0])));
            for (const c of cols) expect(isUnknown(recOf(checked, 0)![c.key])).toBe(issued.has(c.key));
            expect(errors.map((e) => [e.column, e.value, e.code, e.args])).toEqual(
              z.error.issues.map((i) => {
                const key = String(i.path[0]);
                const f = failOf(i);
                return [key, cells[cols.findIndex((c) => c.key === key)], f.code, f.args];
              }),
            );
          }
        }),
        { numRuns: 200 },
      );
    }
  });
});

describe('progress', () => {
  it('reports each table file, ending at the folder’s total bytes', async () => {
    const seen: { file: string; rows: number; bytes: number; totalBytes: number }[] = [];
    const { errors } = await loadData(makeDataFolder(), { onProgress: (p) => seen.push(p) });
    expect(errors).toEqual([]);
    expect(seen.map((p) => p.file)).toEqual(TABLE_NAMES.map((t) => `${t}.csv`));
    expect(seen.find((p) => p.file === 'households.csv')!.rows).toBe(2);
    const last = seen.at(-1)!;
    expect(last.bytes).toBe(last.totalBytes);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.bytes).toBeGreaterThanOrEqual(seen[i - 1]!.bytes);
  });
});
