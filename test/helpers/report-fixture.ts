/**
 * A small hand-made report for the formatter tests: three villages, eight
 * rules, every status at least once, data errors whose values are a resident
 * ID and a head of household's name, a note with a mobile number, a waiver.
 * The PERSONAL values must never show in a masked report.
 */
import type { Report, RuleMeta, RuleResult } from '../../src/model.js';

export const PERSONAL = {
  idNumber: '11010519491231002X',
  idMasked: '110105********002X',
  name: '张三明',
  nameMasked: '张*明',
  phone: '13812345678',
  phoneMasked: '138****5678',
  approver: '王建国',
  deputy: '李四',
};

function meta(id: string, m: Partial<RuleMeta> & Pick<RuleMeta, 'title' | 'targetText' | 'bound' | 'unit'>): RuleMeta {
  return { id, clause: '二', quote: '', level: 'error', scope: { kind: 'village' }, due: '2020-12-31', kind: 'share', headline: false, ...m };
}

const RULES: RuleMeta[] = [
  meta('2.6', { title: { zh: '有劳动能力贫困户产业覆盖率', en: 'Industry coverage of poor households with labor' }, targetText: { zh: '≥ 95%', en: '≥ 95%' }, bound: { op: 'gte', value: '0.95', unit: 'ratio', of: 'figure' }, unit: 'ratio', headline: true, due: '2020-11-01' }),
  meta('2.10', { title: { zh: '贫困村集体经营性收入', en: 'Collective operating income of poverty villages' }, targetText: { zh: '平均 > 50,000 元', en: 'mean > 50,000 元' }, bound: { op: 'gt', value: '50000', unit: '元', of: 'figure' }, unit: '元', headline: true, kind: 'average', scope: { kind: 'poverty-village' } }),
  meta('3.2b', { clause: '三(二)', title: { zh: '核桃村红薯', en: 'Sweet potato in 核桃村' }, targetText: { zh: '≥ 1,000 亩', en: '≥ 1,000 亩' }, bound: { op: 'gte', value: '1000', unit: '亩', of: 'figure' }, unit: '亩', headline: true, kind: 'sum', scope: { kind: 'named', village: '核桃村' }, due: '2020-11-01' }),
  meta('3.3a', { clause: '三(三)', title: { zh: '产业到户户数', en: 'Poor households with their own industry' }, targetText: { zh: '≥ 600 户', en: '≥ 600 households' }, bound: { op: 'gte', value: '600', unit: 'count', of: 'figure' }, unit: 'count', noun: { zh: '户', en: 'households' }, kind: 'count', scope: { kind: 'town' } }),
  meta('3.5a', { clause: '三(五)', title: { zh: '黄海食品年销售收入超过亿元', en: 'Huanghai Foods sales above 100 million yuan' }, targetText: { zh: '> 10,000 万元（1 亿元）', en: '> 10,000 万元 (100 million yuan)' }, bound: { op: 'gt', value: '10000', unit: '万元', of: 'figure' }, unit: '万元', kind: 'sum', scope: { kind: 'town' } }),
  meta('3.7a', { clause: '三(七)', title: { zh: '享受扶贫政策企业吸纳贫困人口就业', en: 'Supported enterprises employ poor people' }, targetText: { zh: '全部符合', en: 'all comply' }, bound: { op: 'gte', value: '1', unit: null, of: 'each' }, unit: null, kind: 'each', due: null }),
  meta('3.8', { clause: '三(八)', title: { zh: '农村集体产权制度改革', en: 'Collective property rights reform' }, targetText: { zh: '三项均于 2020-10-31 前完成', en: 'all three done by 2020-10-31' }, bound: null, unit: null, kind: 'each', due: '2020-10-31' }),
  meta('3.19', { clause: '三(十九)', level: 'warning', title: { zh: '门前三包', en: 'Sanitation pledge' }, targetText: { zh: '≥ 100%', en: '≥ 100%' }, bound: { op: 'gte', value: '1', unit: 'ratio', of: 'figure' }, unit: 'ratio', due: null }),
];

function res(rule: string, village: string | null, status: RuleResult['status'], actual: RuleResult['actual'], target: string, extra: Partial<RuleResult> = {}): RuleResult {
  return { rule, village, status, actual, target, offenders: [], notes: [], ...extra };
}

/** A fresh copy of the fixture report (unmasked), judged at 2020-11-15. */
export function makeReport(): Report {
  const results: RuleResult[] = [
    res('2.6', null, 'fail', 0.9375, '>= 0.95', { offenders: ['HB-0107', 'HB-0311'], numerator: 30, denominator: 32 }),
    res('2.6', 'V01', 'fail', 0.932, '>= 0.95', { offenders: ['HB-0107', 'HB-0311'], numerator: 41, denominator: 44 }),
    res('2.6', 'V02', 'pass', 0.95, '>= 0.95', { numerator: 19, denominator: 20 }),
    res('2.6', 'V03', 'n/a', null, '>= 0.95', { numerator: 0, denominator: 0 }),
    res('2.10', null, 'pass', 52300, '> 50000'),
    res('2.10', 'V01', 'pass', 61400, '> 50000'),
    res('2.10', 'V02', 'warn', 43200.5, '> 50000'),
    res('3.2b', null, 'fail', 999.5, '>= 1000'),
    res('3.2b', 'V01', 'fail', 999.5, '>= 1000', {
      evidence: [
        { file: 'industries.csv', line: 2, label: '红薯', value: 600.2, unit: '亩' },
        { file: 'industries.csv', line: 3, label: '红署', value: 399.3, unit: '亩' },
      ],
    }),
    res('3.3a', null, 'pending', 292, '>= 600'),
    res('3.5a', null, 'pass', 12046.8, '> 10000'),
    res('3.7a', null, 'no-data', null, 'all', { notes: [{ code: 'empty-figure', args: { column: 'poor_employees', entity: 'QY-03' } }] }),
    res('3.7a', 'V01', 'pass', null, 'all', { numerator: 1, denominator: 1 }),
    res('3.7a', 'V02', 'no-data', null, 'all', {
      notes: [
        { code: 'empty-figure', args: { column: 'poor_employees', entity: 'QY-03' } },
        { code: 'contact-hint', args: { text: `请联系企业负责人 ${PERSONAL.phone} 补录` } },
      ],
    }),
    res('3.7a', 'V03', 'n/a', null, 'all'),
    res('3.8', null, 'fail', null, 'all', { offenders: ['V02'], numerator: 2, denominator: 3 }),
    res('3.8', 'V01', 'pass', null, 'all'),
    res('3.8', 'V02', 'fail', null, 'all', { offenders: ['V02'] }),
    res('3.8', 'V03', 'waived', null, 'all', {
      waiver: { reason: '社区改制，区农业农村委同意延期', approvedBy: PERSONAL.approver, expires: '2021-03-31', status: 'fail' },
    }),
    res('3.19', null, 'warn', 0.9125, '>= 1', { offenders: ['HB-0002', 'HB-0107', 'HB-0140'], numerator: 73, denominator: 80 }),
    res('3.19', 'V01', 'warn', 0.9, '>= 1', { offenders: ['HB-0002', 'HB-0107'] }),
    res('3.19', 'V02', 'pass', 1, '>= 1'),
    res('3.19', 'V03', 'warn', 0.5, '>= 1', { offenders: ['HB-0140'] }),
  ];
  const summary = { pass: 0, fail: 0, pending: 0, warn: 0, 'n/a': 0, 'no-data': 0, waived: 0 };
  for (const r of results) summary[r.status]++;
  return {
    schemaVersion: 1,
    tool: { name: 'hebao-check', version: '0.1.0' },
    plan: 'hebao-2020',
    pack: {
      id: 'hebao-2020',
      title: { zh: '河包镇脱贫攻坚扶贫产业发展方案', en: 'Hebao Town poverty-alleviation industry development plan' },
      file: 'rules/hebao-2020.yaml',
      sha256: '48a57c4b3b7a0d4e9c1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f',
    },
    town: '河包镇',
    asOf: '2020-11-15',
    asOfSource: 'flag',
    dataDir: 'data/hebao',
    inputs: [
      { file: 'villages.csv', sha256: '68b0a38dbf06aa11bb22cc33dd44ee55ff6677889900aabbccddeeff00112233', format: 'csv', encoding: 'utf-8-bom', bytes: 2048 },
      { file: 'households.csv', sha256: '92e39c1d0a27aa11bb22cc33dd44ee55ff6677889900aabbccddeeff00112233', format: 'csv', encoding: 'gb18030', bytes: 40960 },
    ],
    leftOut: [{ file: 'households.csv', rows: 120, rejected: 2 }],
    villages: [
      { id: 'V01', name: '核桃村', poverty: true },
      { id: 'V02', name: '黄檀村', poverty: true },
      { id: 'V03', name: '转龙社区', poverty: false },
    ],
    rules: RULES,
    unchecked: [],
    summary,
    results,
    dataErrors: [
      { file: 'households.csv', line: 12, column: '证件号码', value: PERSONAL.idNumber, code: 'bad-id-number', args: { reason: 'checksum' } },
      { file: 'households.csv', line: 15, column: '户主姓名', value: PERSONAL.name, code: 'name-suspicious', args: { value: PERSONAL.name } },
    ],
    notices: [{ file: 'town.yaml', line: 4, column: '副组长', value: `${PERSONAL.deputy}、赵六`, code: 'unknown-key', args: { file: 'town.yaml' } }],
    waiverNotices: [{ code: 'waiver-stale', args: { rule: '3.19', village: '黄檀村', file: 'waivers.yaml', line: 9, expires: '2021-01-31' } }],
  };
}

/** The fixture with a comparison against last month's report. */
export function makeReportWithBaseline(): Report {
  const r = makeReport();
  r.baseline = {
    file: 'report-2020-10.json',
    asOf: '2020-10-15',
    newlyFailing: [{ rule: '3.8', village: 'V02', status: 'fail', was: 'pending' }],
    fixed: [{ rule: '2.6', village: 'V02', status: 'pass', was: 'fail' }],
    stillOpen: [{ rule: '3.2b', village: 'V01', status: 'fail', was: 'fail' }],
    headline: [{ rule: '2.6', before: 0.93, after: 0.9375 }],
  };
  return r;
}
