/**
 * The caches between a column's cells and its parser (src/validate/parse-cache.ts)
 * must give, for every cell, what the parser gives for its text: a cached
 * value under another cell's bytes would put a wrong value (another village,
 * 是 for 否) into the checked data without any error.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cellParser } from '../src/validate/cells.js';
import { ByteParseCache, ParseCache } from '../src/validate/parse-cache.js';
import type { ColumnDef } from '../src/contract/tables.js';

/** A parser whose every answer names its text, so a value given for the wrong cell shows. */
const naming = (t: unknown) => `parsed:${String(t)}`;

const cell = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom('', '是', '否', '1', '12', '500153100000', '500153100001', '2020-01-06', '2020-11-06', '非贫困户', '贫困户', 'a,b', '😀') },
  { weight: 2, arbitrary: fc.string({ unit: fc.constantFrom('a', 'b', '1', '核', '村', ' '), maxLength: 8 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom('x', '桃'), minLength: 20, maxLength: 40 }) },
);

describe('the parse cache keyed on bytes', () => {
  it('any cells, in buffers shared or not, at any offset: each gets the parse of its own text', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(cell, fc.nat(5), fc.boolean()), { maxLength: 300 }), (cells) => {
        const cache = new ByteParseCache(naming);
        let buf = Buffer.alloc(0);
        let at = 0;
        for (const [text, pad, fresh] of cells) {
          const bytes = Buffer.from(text);
          if (fresh || at + pad + bytes.length > buf.length) {
            buf = Buffer.alloc(pad + bytes.length + 64, 0x2c);
            at = 0;
          }
          const s = at + pad;
          bytes.copy(buf, s);
          at = s + bytes.length;
          expect(cache.get(buf, s, s + bytes.length)).toBe(naming(text));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('the same cell rewritten in place (a buffer reused for the next chunk) is read again, not taken from the last one', () => {
    const cache = new ByteParseCache(naming);
    const buf = Buffer.from('是,');
    expect(cache.get(buf, 0, 3)).toBe(naming('是'));
    Buffer.from('否').copy(buf, 0);
    expect(cache.get(buf, 0, 3)).toBe(naming('否'));
  });

  it('a column of mostly distinct cells stops caching and still parses each right', () => {
    const cache = new ByteParseCache(naming);
    for (let i = 0; i < 20_000; i++) {
      const b = Buffer.from(`H${i}`);
      expect(cache.get(b, 0, b.length)).toBe(naming(`H${i}`));
    }
    const b = Buffer.from('H7');
    expect(cache.get(b, 0, 2)).toBe(naming('H7'));
  });

  it('a real column’s parser through the cache: values and failures as parsed directly', () => {
    const col: ColumnDef = { key: 'members', header: '家庭人口数', type: { kind: 'int', min: 1 }, required: true } as ColumnDef;
    const parse = cellParser(col);
    const bytes = new ByteParseCache(parse);
    const text = new ParseCache(parse);
    for (const t of ['3', '3', '', '0', 'x', '3.5', ' 4', '4', '4 ', '1E+17']) {
      const b = Buffer.from(t);
      expect(bytes.get(b, 0, b.length)).toEqual(parse(t));
      expect(text.get(t)).toEqual(parse(t));
    }
  });
});
