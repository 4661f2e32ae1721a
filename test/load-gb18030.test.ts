/**
 * GBK/GB18030 files decode exactly as iconv-lite decodes them, also when Node's
 * own (faster) decoder does the work (src/load/encoding.ts decodeGb18030):
 * every valid one-, two- and four-byte sequence, the 18 characters that
 * GB18030-2022 remapped, and random byte soup with invalid sequences.
 */
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeBytes, decodeGb18030 } from '../src/load/encoding.js';

const legacy = (b: Uint8Array) => iconv.decode(Buffer.from(b), 'gb18030');
const native = (() => {
  try {
    return new TextDecoder('gb18030', { fatal: true });
  } catch {
    return null;
  }
})();
/** Whether Node's decoder alone accepts these bytes (then decodeGb18030 takes its text, unless a remapped character is in it). */
const nativeAccepts = (b: Uint8Array) => {
  try {
    native!.decode(b);
    return true;
  } catch {
    return false;
  }
};

describe.skipIf(native === null)('GB18030 through Node’s decoder', () => {
  it('every valid one- and two-byte sequence but the 18 remapped ones: the same text as iconv-lite, and Node’s decoder made it', () => {
    const units: number[] = [];
    const remapped: number[][] = [];
    for (let a = 0; a < 0x80; a++) units.push(a);
    for (let a = 0x81; a <= 0xfe; a++) {
      for (let b = 0x40; b <= 0xfe; b++) {
        if (b === 0x7f) continue;
        const pair = Uint8Array.of(a, b);
        if (!nativeAccepts(pair)) continue;
        if (legacy(pair) !== native!.decode(pair)) remapped.push([a, b]);
        else units.push(a, b);
      }
    }
    // GB18030-2022's 18 (A6D9–A6F3 vertical forms, FE59–FEA0 ideographs), nothing else.
    expect(remapped.length).toBe(18);
    const all = Uint8Array.from(units);
    expect(nativeAccepts(all)).toBe(true);
    expect(decodeGb18030(all)).toBe(legacy(all));
  });

  it('every valid four-byte sequence (the BMP ranges and the supplementary planes): the same text as iconv-lite', () => {
    const index = (a: number, b: number, c: number, d: number) => (((a - 0x81) * 10 + (b - 0x30)) * 126 + (c - 0x81)) * 10 + (d - 0x30);
    const bmpLast = index(0x84, 0x31, 0xa4, 0x39);
    const suppFirst = index(0x90, 0x30, 0x81, 0x30);
    const suppLast = index(0xe3, 0x32, 0x9a, 0x35);
    const bytes: number[] = [];
    for (let a = 0x81; a <= 0xe3; a++)
      for (let b = 0x30; b <= 0x39; b++)
        for (let c = 0x81; c <= 0xfe; c++)
          for (let d = 0x30; d <= 0x39; d++) {
            const i = index(a, b, c, d);
            if (i <= bmpLast || (i >= suppFirst && i <= suppLast)) bytes.push(a, b, c, d);
          }
    const all = Uint8Array.from(bytes);
    expect(nativeAccepts(all)).toBe(true);
    expect(decodeGb18030(all)).toBe(legacy(all));
  });

  it('a remapped character in the file: iconv-lite’s text (its private-use character), as before', () => {
    const b = Buffer.concat([iconv.encode('张三,', 'gb18030'), Buffer.from([0xfe, 0x59]), Buffer.from('\n')]);
    expect(decodeGb18030(b)).toBe(legacy(b));
    expect(decodeGb18030(b)).toContain('\ue81e');
  });

  it('random bytes, valid or not, in any mix: the same text as iconv-lite', () => {
    const chunk = fc.oneof(
      fc.uint8Array({ minLength: 1, maxLength: 8 }),
      fc.stringMatching(/^[\u4e00-\u9fa5a-z0-9,\n]{1,12}$/).map((s) => Uint8Array.from(iconv.encode(s, 'gb18030'))),
    );
    fc.assert(
      fc.property(fc.array(chunk, { maxLength: 30 }), (chunks) => {
        const b = Uint8Array.from(chunks.flatMap((c) => [...c]));
        expect(decodeGb18030(b)).toBe(legacy(b));
      }),
      { numRuns: 2000 },
    );
  });

  it('a GBK file with a corrupt line: the same text and the same corrupt line as iconv-lite gives', () => {
    const good = iconv.encode('户编号,户主姓名\nH1,张三\n', 'gb18030');
    const b = Buffer.concat([good, Buffer.from([0x48, 0x32, 0x2c, 0x81, 0x0a]), iconv.encode('H3,李四\n', 'gb18030')]);
    const d = decodeBytes(b, 'gbk');
    expect('text' in d && d.text).toBe(legacy(b));
    expect('text' in d && d.bad).toEqual([{ line: 3, column: 4, reason: 'invalid' }]);
  });
});
