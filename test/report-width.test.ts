/**
 * Terminal text widths and wrapping, by property: the fast paths (ASCII
 * length, widths added up grapheme by grapheme) must agree with string-width,
 * and wrapping must neither lose nor add a character.
 */
import fc from 'fast-check';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { hang, width, wrap } from '../src/report/width.js';

const piece = fc.constantFrom('核桃村', '红薯', '999.5', '亩', '，', '。', '（', '）', ' ', '  ', 'HB-0107', 'coverage', 'a', '👨‍👩‍👧', 'é', 'e\u0301', '≥', '…', '\t', '、', 'x'.repeat(30));
const text = fc.array(piece, { maxLength: 40 }).map((p) => p.join(''));
const noSpace = (s: string) => s.replace(/\s+/g, '');

describe('width', () => {
  it('agrees with string-width on any text', () => {
    fc.assert(
      fc.property(fc.oneof(text, fc.string(), fc.string({ unit: 'grapheme' })), (s) => {
        expect(width(s)).toBe(stringWidth(s));
      }),
    );
  });
});

describe('wrap', () => {
  it('keeps every character, in order, and no line is wider than asked (unless one character is)', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 60 }), (s, max) => {
        const lines = wrap(s, max);
        expect(noSpace(lines.join(''))).toBe(noSpace(s));
        for (const l of lines) {
          const oneGrapheme = [...new Intl.Segmenter('zh', { granularity: 'grapheme' }).segment(l)].length === 1;
          if (!oneGrapheme) expect(stringWidth(l), JSON.stringify(l)).toBeLessThanOrEqual(max);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('breaks Chinese between characters and English between words', () => {
    expect(wrap('核桃村红薯 999.5 亩，距目标 1,000 亩差 0.5 亩。', 14)).toEqual(['核桃村红薯', '999.5 亩，距目', '标 1,000 亩差', '0.5 亩。']);
    expect(wrap('Industry coverage of poor households', 16)).toEqual(['Industry', 'coverage of poor', 'households']);
    expect(hang('核桃村红薯 999.5 亩', 14, '  ✗ ', '    ')).toEqual(['  ✗ 核桃村红薯', '    999.5 亩']);
  });
});
