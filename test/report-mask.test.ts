import { describe, expect, it } from 'vitest';
import { maskIdNumber, maskName, maskPhone, maskReport, maskText } from '../src/report/mask.js';
import { FORMATTERS } from '../src/report/index.js';
import { makeReport, makeReportWithBaseline, PERSONAL } from './helpers/report-fixture.js';

const opts = { lang: 'zh' as const, color: false, width: 80, by: 'both' as const };
const LEAKS = [PERSONAL.idNumber, PERSONAL.name, PERSONAL.phone, PERSONAL.approver, PERSONAL.deputy];

describe('maskers', () => {
  it('mask names, IDs and phones the way the data contract says', () => {
    expect(maskName('张三明')).toBe('张*明');
    expect(maskName('李四')).toBe('李*');
    expect(maskName('欧阳娜娜')).toBe('欧*娜');
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
    expect(maskIdNumber('1101051949123100211122')).toBe('110105********1122');
    expect(maskPhone('13812345678')).toBe('138****5678');
  });
  it('find IDs and phones inside free text but leave other numbers alone', () => {
    expect(maskText('户主 11010519491231002X 电话 138-1234-5678')).toBe('户主 110105********002X 电话 138****5678');
    expect(maskText('+8613812345678')).toBe('138****5678');
    expect(maskText('村编号 500153107209，2020-12-31，52300 元')).toBe('村编号 500153107209，2020-12-31，52300 元');
    expect(maskText('sha256 92e39c1d0a2713812345678aa')).toBe('sha256 92e39c1d0a2713812345678aa');
  });
});

describe('maskReport', () => {
  it('returns a new report and leaves the original untouched', () => {
    const r = makeReport();
    const before = JSON.stringify(r);
    const m = maskReport(r);
    expect(JSON.stringify(r)).toBe(before);
    expect(m).not.toBe(r);
    expect(m.dataErrors[0]!.value).toBe(PERSONAL.idMasked);
    expect(m.dataErrors[1]!.value).toBe(PERSONAL.nameMasked);
    expect(m.notices[0]!.value).toBe('李*、赵*');
  });

  for (const name of Object.keys(FORMATTERS) as (keyof typeof FORMATTERS)[]) {
    it(`${name}: no personal value appears when masked; they do when not`, () => {
      for (const lang of ['zh', 'en'] as const) {
        const masked = FORMATTERS[name](maskReport(makeReportWithBaseline()), { ...opts, lang });
        for (const v of LEAKS) expect(masked, `${name} ${lang} leaks ${v}`).not.toContain(v);
      }
      const plain = FORMATTERS[name](makeReportWithBaseline(), opts);
      expect(plain).toContain(PERSONAL.idNumber);
      expect(plain).toContain(PERSONAL.phone);
      if (name !== 'junit') expect(plain).toContain(PERSONAL.name);
    });
  }
});
