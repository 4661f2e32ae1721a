import { describe, expect, it } from 'vitest';
import { formatAmount, formatNumber, formatRatio, shortfall, daysBetween } from '../src/report/format.js';
import { renderFinding, statusLabel } from '../src/report/i18n.js';

describe('numbers as people read them', () => {
  it('shows ratios with one decimal, keeping .0', () => {
    expect(formatRatio(0.932)).toBe('93.2%');
    expect(formatRatio(0.95)).toBe('95.0%');
    expect(formatRatio(1)).toBe('100.0%');
    expect(formatRatio(0.9375)).toBe('93.8%'); // half-up
    expect(formatRatio(0.9995)).toBe('100.0%');
    expect(formatRatio(0)).toBe('0.0%');
  });
  it('never shows binary float noise', () => {
    expect(formatAmount(0.1 + 0.2, '亩', 'zh')).toBe('0.3 亩');
    expect(formatRatio(0.1 + 0.2)).toBe('30.0%');
    expect(formatNumber(1.005, { maxDecimals: 2 })).toBe('1.01'); // 1.005 is 1.00499… in binary; the decimal string rounds half-up
    expect(formatAmount(399.3 + 600.2, '亩', 'zh')).toBe('999.5 亩');
  });
  it('formats areas, counts and money with thousands separators', () => {
    expect(formatAmount(999.5, '亩', 'zh')).toBe('999.5 亩');
    expect(formatAmount(10000, '只', 'zh')).toBe('10,000 只');
    expect(formatAmount(9800, '万元', 'zh')).toBe('9,800 万元');
    expect(formatAmount(52300, '元', 'zh')).toBe('52,300 元');
    expect(formatAmount(43200.5, '元', 'zh')).toBe('43,200.50 元');
    expect(formatAmount(1234567, 'count', 'en')).toBe('1,234,567');
    expect(formatAmount(-1500, '元', 'zh')).toBe('-1,500 元');
    expect(formatAmount(1e21, 'count', 'zh')).toBe('1,000,000,000,000,000,000,000');
    expect(formatAmount(null, 'ratio', 'zh')).toBe('—');
  });
  it('computes the gap to a target in decimal', () => {
    expect(shortfall({ actual: 999.5 }, { unit: '亩', bound: { op: 'gte', value: '1000', unit: '亩', of: 'figure' } } as never, 'zh')).toEqual({ target: '1,000 亩', gap: '0.5 亩' });
    expect(shortfall({ actual: 0.932 }, { unit: 'ratio', bound: { op: 'gte', value: '0.95', unit: 'ratio', of: 'figure' } } as never, 'zh')).toEqual({ target: '95.0%', gap: '1.8 个百分点' });
    expect(shortfall({ actual: 0.1 + 0.2 }, { unit: 'ratio', bound: { op: 'gte', value: '0.3', unit: 'ratio', of: 'figure' } } as never, 'zh')).toBeNull();
  });
  it('counts days between dates', () => {
    expect(daysBetween('2020-11-15', '2020-12-31')).toBe(46);
  });
});

describe('wording', () => {
  it('names every status in both languages', () => {
    expect(['pass', 'fail', 'pending', 'warn', 'n/a', 'no-data', 'waived'].map((s) => statusLabel(s as never, 'zh'))).toEqual(['通过', '未通过', '未到期', '预警', '不适用', '缺数据', '豁免']);
    expect(statusLabel('no-data', 'en')).toBe('no-data');
  });
  it('renders known codes from the data and rule layers, and unknown codes without throwing', () => {
    expect(renderFinding({ code: 'bad-id-number', args: { reason: 'checksum' } }, 'zh')).toContain('校验位不符');
    expect(renderFinding({ code: 'empty-figure', args: { column: 'poor_employees', entity: 'QY-03' } }, 'en')).toContain('QY-03');
    expect(renderFinding({ code: 'no-such-code', args: { a: 1 } }, 'zh')).toBe('no-such-code({"a":1})');
    expect(renderFinding({ code: '__proto__', args: {} }, 'zh')).toBe('__proto__({})');
  });
});
