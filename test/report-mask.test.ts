import { describe, expect, it } from 'vitest';
import { maskApprover, maskDataErrors, maskIdNumber, maskName, maskPhone, maskReport, maskText } from '../src/report/mask.js';
import type { DataError } from '../src/model.js';
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

// Issue 9: numbers written with separators, in full-width digits, the old 15-digit ID and landlines escaped the mask.
describe('maskText: IDs and phones however people write them', () => {
  it.each([
    ['110105 19491231 0021', '110105********0021'],
    ['110105-19491231-0021', '110105********0021'],
    ['110105 1949 1231 002X', '110105********002X'],
    ['１１０１０５１９４９１２３１００２１', '110105********0021'],
    ['证号１１０１０５１９４９１２３１００２Ｘ。', '证号110105********002X。'],
    ['旧证 110105491231002', '旧证 110105********1002'],
    ['座机 023-46712345', '座机 023****2345'],
    ['(023)46712345', '023****2345'],
    ['（０２３）４６７１２３４５', '023****2345'],
    ['0755-82345678 转 801', '075****5678 转 801'],
    ['138.1234.5678', '138****5678'],
    ['+86 138 1234 5678', '138****5678'],
    ['0086-13812345678', '138****5678'],
    ['１３８－１２３４－５６７８', '138****5678'],
    ['138\u200b1234\u200b5678', '138****5678'],
    ['TEL13812345678', 'TEL138****5678'],
    ['13812345678 转 13987654321', '138****5678 转 139****4321'],
    ['电话13812345678，3 人', '电话138****5678，3 人'],
  ])('%s → %s', (raw, masked) => {
    expect(maskText(raw)).toBe(masked);
  });

  it('leaves dates, amounts, codes, years and hashes alone', () => {
    for (const s of [
      '2020-12-31 2020.10.18 2020/11/28',
      '12,046.8 万元，52300 元，0.95',
      '村编号 500153107209，户 HB-0001，项目 XM2019-001',
      '2017 2018 2019 2020 2021',
      '123 456 789 012 345 678',
      'sha256 92e39c1d0a2713812345678aa',
    ]) {
      expect(maskText(s)).toBe(s);
    }
  });
});

// Issue 9: an approver that is an office was masked as a name (镇扶贫办 → 镇*办).
describe('maskApprover: an office or a role as written, a person masked', () => {
  it.each([
    ['镇扶贫办', '镇扶贫办'],
    ['区农业农村委', '区农业农村委'],
    ['河包镇农业服务中心', '河包镇农业服务中心'],
    ['王书记', '王书记'],
    ['副镇长', '副镇长'],
    ['王建国', '王*国'],
    ['欧阳娜娜', '欧*娜'],
    ['李镇', '李*'],
    ['镇扶贫办 张三丰', '镇扶贫办 张*丰'],
    ['镇扶贫办（张三丰 13812345678）', '镇扶贫办（张*丰 138****5678）'],
    ['镇扶贫办张三丰', '镇*丰'],
  ])('%s → %s', (raw, masked) => {
    expect(maskApprover(raw)).toBe(masked);
  });
});

// Issue 9: personal columns were found by the bare header, so every `name` was a person's.
describe('maskDataErrors: by the column of the file it is about', () => {
  const err = (file: string, column: string | null, value: string | null, code = 'x', args: DataError['args'] = {}): DataError => ({ file, line: 2, column, value, code, args });
  const values = (es: DataError[]) => maskDataErrors(es).map((e) => e.value);

  it('`name` is a person only where the contract says so', () => {
    expect(
      values([
        err('cooperatives.csv', 'name', '红薯合作社'),
        err('Villages.CSV', 'name', '核桃村'),
        err('town.yaml', 'name', '河包镇'),
        err('enterprises.yaml', '企业名称', '黄海食品有限公司'),
        err('instructors.csv', 'name', '唐江学'),
        err('instructors.yml', '姓名', '钟红淑'),
        err('town.yaml', 'leadership_group.leader', '王明'),
        err('villages.csv', '产业村长', '陈国福'),
        err('projects.csv', 'tech_owner', '唐芬秀'),
        err('households.csv', 'phone', '023-46712345'),
        err('households.csv', '证件号码', '110105 19491231 0021'),
      ]),
    ).toEqual(['红薯合作社', '核桃村', '河包镇', '黄海食品有限公司', '唐*学', '钟*淑', '王*', '陈*福', '唐*秀', '023****2345', '110105********0021']);
  });

  it('a header the contract does not know (a household read as the header) has its names masked; a missing column keeps its label', () => {
    const out = maskDataErrors([
      err('households.csv', '张三丰', null, 'unknown-column'),
      err('households.csv', '11010519491231002X', null, 'unknown-column'),
      err('households.csv', '户主姓名 (head_name)', null, 'missing-required-column', { header: '户主姓名', key: 'head_name', found: '欧阳娜娜' }),
    ]);
    expect(out.map((e) => e.column)).toEqual(['张*丰', '110105********002X', '户主姓名 (head_name)']);
    expect(out[2]!.args.found).toBe('欧*娜');
  });

  it('a key of waivers.yaml no list knows, and a stray file, are not vouched for; the known keys are', () => {
    const out = maskDataErrors([
      err('waivers.yaml', '张三丰', null, 'waiver-unknown-key'),
      err('waivers.yaml', '理由', null, 'waiver-missing-key'),
      err('waivers.yaml', '批准人', '欧阳娜娜', 'x'),
      { ...err('张三丰_户口本.pdf', null, null, 'unknown-file'), line: null },
    ]);
    expect(out.map((e) => [e.file, e.column, e.value])).toEqual([
      ['waivers.yaml', '张*丰', null],
      ['waivers.yaml', '理由', null],
      ['waivers.yaml', '批准人', '欧*娜'],
      ['张*丰_户*本.pdf', null, null],
    ]);
  });

  it('a value with no column, or one that spans lines, is shown only as far as it is one cell', () => {
    const out = maskDataErrors([
      err('households.csv', '家庭人口数', '3\nH3,V1,张三丰,11010519491231002X,2', 'bad-int'),
      err('households.csv', '合作社编号', 'C9,张三丰\nH4', 'unknown-ref', { table: 'cooperatives', id: 'C9,张三丰\nH4' }),
      err('households.csv', null, 'H9 张三丰', 'title-row'),
    ]);
    expect(out.map((e) => e.value)).toEqual(['3…', 'C9…', 'H9 张*丰']);
    expect(out[1]!.args.id).toBe('C9…');
  });
});
