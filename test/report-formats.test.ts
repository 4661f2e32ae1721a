/**
 * The report formats on a hand-made report: exact output (golden files, colour
 * off) for the formats people read, parsed structure for the ones machines read.
 * Set UPDATE_GOLDEN=1 to rewrite the golden files after an intended change.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { FORMATTERS, type FormatOptions } from '../src/report/index.js';
import { maskReport } from '../src/report/mask.js';
import { makeReport, makeReportWithBaseline } from './helpers/report-fixture.js';
import type { Report, RuleResult } from '../src/model.js';

const GOLDEN = join(import.meta.dirname, 'golden');
const base: FormatOptions = { lang: 'zh', color: false, width: 80, by: 'both' };
const masked = () => maskReport(makeReport());

function golden(name: string, actual: string) {
  const file = join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN || !existsSync(file)) writeFileSync(file, actual);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

const ANSI = /\u001b\[/;

describe('golden output (colour off)', () => {
  for (const width of [80, 160]) {
    it(`table at ${width} columns`, () => golden(`table-${width}.txt`, FORMATTERS.table(masked(), { ...base, width })));
  }
  it('table by village, in English', () => golden('table-village-en.txt', FORMATTERS.table(masked(), { ...base, by: 'village', lang: 'en' })));
  it('text (zh)', () => golden('text-zh.txt', FORMATTERS.text(masked(), base)));
  it('text (en)', () => golden('text-en.txt', FORMATTERS.text(masked(), { ...base, lang: 'en' })));
  it('markdown (zh)', () => golden('markdown-zh.md', FORMATTERS.markdown(masked(), base)));
  it('text with a baseline', () => golden('text-baseline-zh.txt', FORMATTERS.text(maskReport(makeReportWithBaseline()), base)));
});

describe('table', () => {
  for (const width of [80, 100, 160]) {
    for (const by of ['both', 'village', 'rule'] as const) {
      it(`every line fits ${width} columns (--by ${by}), CJK counted double`, () => {
        for (const lang of ['zh', 'en'] as const) {
          const out = FORMATTERS.table(maskReport(makeReportWithBaseline()), { ...base, width, by, lang });
          for (const line of out.split('\n')) expect(stringWidth(line), line).toBeLessThanOrEqual(width);
        }
      });
    }
  }
  it('puts data errors first, with file, line, column and masked value', () => {
    const out = FORMATTERS.table(masked(), base);
    expect(out.split('\n')[0]).toContain('数据错误 2 处');
    expect(out).toMatch(/households\.csv\n\s+12\s+\[证件号码\] “110105\*\*\*\*\*\*\*\*002X” 证件号码格式不对/);
  });
  it('caps a long list of data errors and points to --format json', () => {
    const r = masked();
    r.dataErrors = Array.from({ length: 120 }, (_, i) => ({ file: 'households.csv', line: i + 2, column: '劳动力人数', value: 'abc', code: 'bad-int', args: {} }));
    const out = FORMATTERS.table(r, base);
    expect(out).toContain('…… 另有 70 条，用 --format json 查看全部');
    expect(out.split('\n').filter((l) => /^\s+\d+\s+\[劳动力人数\]/.test(l))).toHaveLength(50);
  });
  it('shows one mark per village and rule, with a legend', () => {
    const out = FORMATTERS.table(masked(), base);
    const row = out.split('\n').find((l) => l.startsWith('核桃村'))!;
    expect(row.replace(/\s+/g, '')).toBe('核桃村✗✓✗✓✓!');
    expect(out).toContain('W 豁免');
    expect(out.split('\n').find((l) => l.startsWith('转龙社区'))).toContain('W');
  });
  it('--by rule shows only the indicator table; --by village shows village blocks with gaps', () => {
    const rule = FORMATTERS.table(masked(), { ...base, by: 'rule' });
    expect(rule).not.toContain('各村结果一览');
    expect(rule).toContain('指标情况');
    const village = FORMATTERS.table(masked(), { ...base, by: 'village' });
    expect(village).toContain('■ 核桃村（贫困村）');
    expect(village).toContain('999.5 亩 / ≥ 1,000 亩（差 0.5 亩）');
    expect(village).not.toContain('指标情况');
  });
  it('a district run with 2,000 villages short names the first 12 in the indicator table and counts the rest, and every village keeps its own block', () => {
    const r = masked();
    r.villages = Array.from({ length: 2000 }, (_, i) => ({ id: `D${i}`, name: `第${i + 1}村`, poverty: false }));
    r.results = r.results.filter((x) => x.rule !== '2.6' || x.village === null);
    r.results.push(...r.villages.map((v) => ({ rule: '2.6', village: v.id, status: 'fail' as const, actual: 0.5, target: '>= 0.95', offenders: [], notes: [], numerator: 1, denominator: 2 })));
    for (const lang of ['zh', 'en'] as const) {
      const out = FORMATTERS.table(r, { ...base, lang, width: 200 });
      const table = out.slice(out.indexOf(lang === 'zh' ? '指标情况' : 'Indicators'));
      const indicators = table.slice(0, table.indexOf('┘'));
      expect(indicators).toContain(lang === 'zh' ? '第12村 等 2,000 个' : '第12村 and 1,988 more');
      expect(indicators).not.toContain('第13村');
      expect(out).toContain('第2000村');
    }
  });
  it('colours only when asked', () => {
    expect(FORMATTERS.table(masked(), base)).not.toMatch(ANSI);
    expect(FORMATTERS.table(masked(), { ...base, color: true })).toMatch(ANSI);
    for (const name of ['text', 'markdown', 'json', 'junit', 'html'] as const) {
      expect(FORMATTERS[name](masked(), { ...base, color: true })).not.toMatch(ANSI);
    }
  });
});

describe('text', () => {
  const out = FORMATTERS.text(masked(), base);
  it('reads like a briefing: title, four numbered sections, provenance', () => {
    expect(out.split('\n')[0]).toBe('河包镇脱贫攻坚扶贫产业发展方案落实情况检查报告');
    for (const h of ['一、总体情况', '二、未达标指标', '三、分村情况', '四、临近截止']) expect(out).toContain(`\n${h}\n`);
    expect(out).toContain('检查工具：hebao-check 0.1.0');
    expect(out).toContain('households.csv（sha256 92e39c1d0a27，gb18030）');
  });
  it('states each gap to the target in the rule unit', () => {
    expect(out).toContain('核桃村 999.5 亩，距目标 1,000 亩差 0.5 亩');
    expect(out).toContain('核桃村 93.2%，距目标 95.0% 差 1.8 个百分点');
    // A count carries its noun, as an official would write it.
    expect(out).toContain('全镇 292 户');
    expect(FORMATTERS.text(masked(), { ...base, lang: 'en' })).toContain('292 households');
  });
  it('lists pending items with days left from the as-of date', () => {
    expect(out).toContain('3.3a 产业到户户数：截止 2020-12-31，还剩 46 天');
  });
  it('says why a result has no data', () => {
    expect(out).toContain('3.7a 享受扶贫政策企业吸纳贫困人口就业 · 黄檀村：');
    expect(out).toContain('138****5678');
  });
  it('has the same content in English', () => {
    const en = FORMATTERS.text(masked(), { ...base, lang: 'en' });
    expect(en).toContain('Sweet potato in 核桃村');
    expect(en).toContain('核桃村 999.5 亩, 0.5 亩 short of 1,000 亩');
    expect(en).not.toMatch(/未通过|通过|缺数据/);
  });
});

describe('every format shows the baseline and waivers', () => {
  const r = () => maskReport(makeReportWithBaseline());
  for (const name of ['table', 'text', 'markdown', 'html'] as const) {
    it(name, () => {
      const out = FORMATTERS[name](r(), { ...base, width: 200 }); // wide: no wrapping inside the phrases looked for
      expect(out).toContain('report-2020-10.json');
      expect(out).toContain('93.0% → 93.8%');
      expect(out).toMatch(/新增问题/);
      expect(out).toContain('社区改制，区农业农村委同意延期');
      expect(out).toContain(name === 'markdown' ? '王\\*国' : '王*国');
      expect(out).toMatch(/waivers\.yaml:9/);
    });
  }
  it('json', () => {
    const j = JSON.parse(FORMATTERS.json(r(), base));
    expect(j.baseline.headline).toEqual([{ rule: '2.6', before: 0.93, after: 0.9375 }]);
    expect(j.waiverNotices[0].code).toBe('waiver-stale');
  });
});

describe('json', () => {
  const text = FORMATTERS.json(masked(), base);
  const j = JSON.parse(text);
  it('has the contract keys first, in order, with 2-space indent and a trailing newline', () => {
    expect(Object.keys(j).slice(0, 6)).toEqual(['schemaVersion', 'plan', 'asOf', 'summary', 'results', 'dataErrors']);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n')[1]).toBe('  "schemaVersion": 1,');
    expect(Object.keys(j.summary)).toEqual(['pass', 'fail', 'pending', 'warn', 'n/a', 'no-data', 'waived']);
  });
  it('results carry rule, village (id or null), status, actual as a fraction, target and offenders', () => {
    expect(j.results[0]).toMatchObject({ rule: '2.6', village: null, status: 'fail', actual: 0.9375, target: '>= 0.95', offenders: ['HB-0107', 'HB-0311'] });
    expect(Object.keys(j.results[0]).slice(0, 6)).toEqual(['rule', 'village', 'status', 'actual', 'target', 'offenders']);
  });
  it('data errors carry file, line, column, masked value, message in the report language, code', () => {
    expect(j.dataErrors[0]).toMatchObject({ file: 'households.csv', line: 12, column: '证件号码', value: '110105********002X', code: 'bad-id-number' });
    expect(j.dataErrors[0].message).toContain('校验位不符');
    expect(JSON.parse(FORMATTERS.json(masked(), { ...base, lang: 'en' })).dataErrors[0].message).toContain('check character');
  });
  it('adds provenance', () => {
    expect(j.tool).toEqual({ name: 'hebao-check', version: '0.1.0' });
    expect(j.pack.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(j.inputs[1]).toEqual({ file: 'households.csv', sha256: expect.any(String), encoding: 'gb18030' });
    expect(j.leftOut).toEqual([{ file: 'households.csv', rows: 120, rejected: 2 }]);
  });
  it('is stable: the same report gives the same bytes', () => {
    expect(FORMATTERS.json(masked(), base)).toBe(text);
  });
});

describe('junit', () => {
  const xml = FORMATTERS.junit(masked(), base);
  it('validates against the Jenkins xUnit junit-10.xsd (libxml2 as WebAssembly: no xmllint needed)', async () => {
    const schema = { fileName: 'junit-10.xsd', contents: readFileSync(join(import.meta.dirname, 'schemas/junit-10.xsd'), 'utf8') };
    const check = async (xml: string) => (await validateXML({ xml: { fileName: 'report.xml', contents: xml }, schema })).errors.map((e) => e.message);
    for (const failOn of [['fail'], ['fail', 'warn', 'no-data']] as const) {
      expect(await check(FORMATTERS.junit(maskReport(makeReportWithBaseline()), { ...base, failOn: [...failOn] }))).toEqual([]);
    }
    // The validator does reject what the schema forbids.
    expect(await check(xml.replace('<testsuite ', '<testsuite bogus="1" '))).not.toEqual([]);
  });
  it('has one test case per result, failures for fail, skipped for n/a, pending and no-data', () => {
    const results = makeReport().results;
    const cases = xml.match(/<testcase classname="[^"]*" name="[^"]*"/g)!.filter((c) => !c.includes('classname="data '));
    expect(cases).toHaveLength(results.length);
    expect(xml).toContain('<testcase classname="3.2b 核桃村红薯" name="核桃村"');
    expect(xml).toContain('<testcase classname="3.2b 核桃村红薯" name="全镇"');
    const suite = /<testsuite name="hebao-2020 河包镇" tests="(\d+)" failures="(\d+)" errors="0" skipped="(\d+)"/.exec(xml)!;
    const count = (s: string) => results.filter((r) => r.status === s).length;
    expect(Number(suite[1])).toBe(results.length);
    expect(Number(suite[2])).toBe(count('fail'));
    expect(Number(suite[3])).toBe(count('n/a') + count('pending') + count('no-data'));
  });
  it('fails the statuses named by failOn', () => {
    const strict = FORMATTERS.junit(masked(), { ...base, failOn: ['fail', 'warn'] });
    const n = makeReport().results.filter((r) => r.status === 'fail' || r.status === 'warn').length;
    expect(strict).toContain(`failures="${n}"`);
  });
  it('reports data errors as errors and escapes control characters', () => {
    const r = masked();
    r.dataErrors[1]!.value = 'a\u0001b<&>"';
    const out = FORMATTERS.junit(r, base);
    expect(out).toContain('errors="2"');
    expect(out).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
    expect(out).toContain('a\uFFFDb&lt;&amp;&gt;&quot;');
  });
});

describe('html', () => {
  const html = FORMATTERS.html(masked(), base);
  it('is one self-contained page: no scripts, no external resources, A4 print rules', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/<script|<link|src=|https?:\/\//i);
    expect(html).toContain('@page { size: A4');
    expect(html).toMatch(/page-break-(inside|after)/);
  });
  it('shows statuses as coloured words and a bar per headline indicator', () => {
    expect(html).toContain('<span class="st fail">未通过</span>');
    expect((html.match(/class="bar"/g) ?? []).length).toBe(makeReport().rules.filter((r) => r.headline).length);
    expect(html).toMatch(/<span class="fail" style="width:99\.9%"><\/span>/); // 999.5 / 1000
  });
  it('fills the bar of an indicator counted as "villages that comply" by their share', () => {
    const r = masked();
    r.rules.find((m) => m.id === '3.8')!.headline = true;
    const town = r.results.find((x) => x.rule === '3.8' && x.village === null)!;
    Object.assign(town, { actual: null, numerator: 2, denominator: 3 });
    const out = FORMATTERS.html(r, base);
    expect(out).toMatch(/<td class="figure"><span class="bar" role="img" aria-label="2\/3"><span class="\w+" style="width:66\.6%"><\/span><\/span>2\/3<\/td>/);
  });
  it('escapes everything from the data', () => {
    const r = masked();
    r.villages[0]!.name = '<b>核桃村</b>';
    const out = FORMATTERS.html(r, base);
    expect(out).not.toContain('<b>核桃村');
    expect(out).toContain('&lt;b&gt;核桃村&lt;/b&gt;');
  });
});

describe('formatters are pure', () => {
  it('never change the report', () => {
    const r = makeReportWithBaseline();
    const before = JSON.stringify(r);
    for (const f of Object.values(FORMATTERS)) f(r, base);
    expect(JSON.stringify(r)).toBe(before);
  });
  it('cope with an empty report', () => {
    const r = makeReport();
    r.results = [];
    r.dataErrors = [];
    r.notices = [];
    r.leftOut = [];
    delete r.waiverNotices;
    for (const f of Object.values(FORMATTERS)) expect(typeof f(r, base)).toBe('string');
  });
});

describe('long findings are folded and grouped, and say why', () => {
  const V = ['核桃村', '黄檀村', '转龙社区', '第4村', '第5村', '第6村', '第7村', '第8村', '第9村', '第10村', '第11村', '第12村'];
  const res = (rule: string, village: string | null, status: RuleResult['status'], actual: number | null, extra: Partial<RuleResult> = {}): RuleResult => ({
    rule,
    village,
    status,
    actual,
    target: '>= 1',
    offenders: [],
    notes: [],
    ...extra,
  });
  /** The town: 3.6b at 0.0% in every village but one, 3.15c with 28 instructors short of visits. */
  function longReport() {
    const r = masked();
    r.villages = V.map((name, i) => ({ id: `V${String(i + 1).padStart(2, '0')}`, name, poverty: i < 2 }));
    r.rules.push(
      { ...r.rules[0]!, id: '3.6b', clause: '三(六)', title: { zh: '有产业有意愿贫困户入社率', en: 'Poor households with industry and will join a cooperative' }, targetText: { zh: '≥ 100%', en: '≥ 100%' }, bound: { op: 'gte', value: '1', unit: 'ratio', of: 'figure' }, unit: 'ratio', headline: false },
      { ...r.rules[0]!, id: '3.15c', clause: '三(十五)', title: { zh: '指导员每月进村入户', en: 'Every instructor visits every month' }, targetText: { zh: '每人每月至少进村入户一次', en: 'each instructor visits every month' }, bound: null, unit: null, scope: { kind: 'town' }, kind: 'monthly', headline: false },
    );
    let hh = 0;
    const households = (n: number) => Array.from({ length: n }, () => `HB-${String(++hh).padStart(4, '0')}`);
    r.results.push(res('3.6b', null, 'fail', 0.01, { target: '>= 1', offenders: ['HB-0001'] }));
    // Real villages have dozens of such households: more than a sentence names.
    r.villages.forEach((v, i) => r.results.push(res('3.6b', v.id, 'fail', i === 2 ? 0.235 : 0, { offenders: households(8) })));
    const zd = Array.from({ length: 28 }, (_, i) => `ZD${String(i + 1).padStart(3, '0')}`);
    const months = (i: number) => (i < 10 ? '2020-06、2020-07、2020-08' : i < 20 ? '2020-09' : i < 27 ? '2020-11、2020-12' : '2020-08');
    r.results.push(
      res('3.15c', null, 'fail', null, {
        target: 'all',
        numerator: 10,
        denominator: 38,
        offenders: zd,
        notes: zd.map((id, i) => ({ code: 'months-missing', args: { months: months(i), entity: id } })),
      }),
    );
    return r;
  }

  it('says the same sentence once for villages with the same figure: 3.6b', () => {
    for (const format of ['text', 'markdown', 'html'] as const) {
      // The text a reader sees: HTML without its tags.
      const out = FORMATTERS[format](longReport(), { ...base, width: 200 }).replace(/<[^>]+>/g, '');
      const failing = out.slice(out.indexOf('二、未达标指标'), out.indexOf('三、分村情况'));
      expect(failing.match(/0\.0%，距目标 100\.0% 差 100\.0 个百分点/g), format).toHaveLength(1);
      expect(failing, format).toContain('核桃村、黄檀村、第4村、第5村、第6村、第7村等 11 个村 0.0%，距目标 100.0% 差 100.0 个百分点；涉及 88 条记录（HB-0001、HB-0002、HB-0003、HB-0004、HB-0005 等 88 条）');
      // A village with another figure keeps its own sentence.
      expect(failing, format).toContain('转龙社区 23.5%，距目标 100.0% 差 76.5 个百分点；涉及 8 条记录');
    }
    const en = FORMATTERS.text(longReport(), { ...base, lang: 'en' });
    expect(en).toContain('核桃村, 黄檀村, 第4村, 第5村, 第6村, 第7村 and 5 more villages 0.0%, 100.0 points short of 100.0%');
  });

  it('never merges short lists that differ: 3.15b months missed in two villages stay apart', () => {
    const r = masked();
    const rule = { ...r.rules[0]!, id: '3.15b', title: { zh: '每月指导员进村', en: 'Monthly visits' }, targetText: { zh: '每月有指导员进村入户', en: 'a visit every month' }, bound: null, unit: 'months', headline: false };
    r.rules.push(rule);
    r.results.push(
      res('3.15b', 'V01', 'fail', 7, { target: 'all', offenders: ['2020-07', '2020-09'] }),
      res('3.15b', 'V02', 'fail', 7, { target: 'all', offenders: ['2020-11', '2020-12'] }),
      res('3.15b', 'V03', 'fail', 7, { target: 'all', offenders: ['2020-11', '2020-12'] }),
    );
    const out = FORMATTERS.text(r, base);
    expect(out).toContain('核桃村 7 个月（未通过）；涉及 2 条记录（2020-07、2020-09）。');
    expect(out).toContain('黄檀村、转龙社区 7 个月（未通过）；涉及 2 条记录（2020-11、2020-12）。');
  });

  it('folds a long list of ids in a finding and says each finding once: 3.15c', () => {
    const out = FORMATTERS.text(longReport(), { ...base, width: 200 });
    const line = out.split('\n').find((l) => l.includes('全镇 10/38'))!;
    expect(line).toContain('缺少 2020-06、2020-07、2020-08 的走访（ZD001、ZD002、ZD003、ZD004、ZD005 等 10 个）');
    expect(line).toContain('缺少 2020-09 的走访（ZD011、ZD012、ZD013、ZD014、ZD015 等 10 个）');
    expect(line).toContain('缺少 2020-11、2020-12 的走访（ZD021、ZD022、ZD023、ZD024、ZD025 等 7 个）');
    expect(line).toContain('缺少 2020-08 的走访（ZD028）');
    expect(line).not.toContain('ZD006');
    // The notes name the instructors: the offenders are not listed a second time.
    expect(line.match(/ZD001/g)).toHaveLength(1);
    // The full list stays in the JSON report.
    const j = JSON.parse(FORMATTERS.json(longReport(), base));
    const town = j.results.find((x: { rule: string; village: string | null }) => x.rule === '3.15c' && x.village === null);
    expect(town.offenders).toHaveLength(28);
    expect(town.notes).toHaveLength(28);
  });

  it('shows at most six findings of one result, then how many more', () => {
    const r = longReport();
    const town = r.results.find((x) => x.rule === '3.15c' && x.village === null)!;
    town.notes = town.offenders.map((id, i) => ({ code: 'months-missing', args: { months: `2020-${String((i % 9) + 4).padStart(2, '0')}`, entity: id } }));
    const line = FORMATTERS.text(r, { ...base, width: 200 }).split('\n').find((l) => l.includes('全镇 10/38'))!;
    expect(line.match(/缺少 2020-\d\d 的走访/g)).toHaveLength(6);
    expect(line).toContain('另有 3 条，用 --format json 查看全部');
  });

  it('says why a village fails 3.8 instead of 0/1, without repeating the village id', () => {
    const r = masked();
    const v02 = r.results.find((x) => x.rule === '3.8' && x.village === 'V02')!;
    Object.assign(v02, { numerator: 0, denominator: 1, notes: [{ code: 'done-late', args: { column: 'asset_quantification_date', value: '2020-11-06', by: '2020-10-31', entity: 'V02' } }, { code: 'not-done', args: { column: 'membership_date', entity: 'V02' } }] });
    const out = FORMATTERS.text(r, base);
    expect(out).toContain('黄檀村（未通过）；“资产量化完成日期”为 2020-11-06，晚于 2020-10-31；“成员界定完成日期”未填写，按未完成计。');
    expect(out).toContain('未通过 3.8 农村集体产权制度改革（“资产量化完成日期”为 2020-11-06，晚于 2020-10-31；“成员界定完成日期”未填写，按未完成计）');
    expect(out).not.toMatch(/0\/1|（V02）/);
    expect(FORMATTERS.text(r, { ...base, lang: 'en' })).toContain('黄檀村 (fail); "asset_quantification_date" is 2020-11-06, after 2020-10-31; "membership_date" is empty, taken as not done.');
  });

  it('groups villages with the same figure in the coming-due list', () => {
    const r = longReport();
    for (const x of r.results) if (x.rule === '3.6b') x.status = 'pending';
    r.rules.find((m) => m.id === '3.6b')!.due = '2020-12-31';
    const out = FORMATTERS.text(r, { ...base, width: 200 });
    expect(out).toContain('3.6b 有产业有意愿贫困户入社率：截止 2020-12-31，还剩 46 天；核桃村、黄檀村、第4村、第5村、第6村、第7村等 11 个村 0.0%、转龙社区 23.5%');
  });

  it('names where the check date comes from', () => {
    const r = masked();
    const line = (source: Report['asOfSource'], lang: 'zh' | 'en') => FORMATTERS.text({ ...r, asOfSource: source }, { ...base, lang }).split('\n')[2];
    expect(line('manifest', 'zh')).toBe('检查日期：2020-11-15（取自数据导出说明 manifest.yaml）');
    expect(line('flag', 'zh')).toBe('检查日期：2020-11-15（由命令行 --as-of 指定）');
    expect(line('today', 'zh')).toBe('检查日期：2020-11-15（未指定，按运行当天）');
    expect(line('manifest', 'en')).toBe("As of: 2020-11-15 (from the data's export note, manifest.yaml)");
  });
});

describe('the grid in markdown, not in text', () => {
  it('markdown: a table of marks with the town first, and a legend', () => {
    const out = FORMATTERS.markdown(masked(), base);
    expect(out).toContain('| 村（社区） | 2.6 | 2.10 | 3.2b | 3.3a | 3.5a | 3.7a | 3.8 | 3.19 |');
    expect(out).toContain('| **全镇** | ✗ | ✓ | ✗ | … | ✓ | ? | ✗ | ! |');
    expect(out).toContain('| 转龙社区 | – |  |  |  |  | – | W | ! |');
    expect(out).toContain('图例：✓ 通过，✗ 未通过，… 未到期，! 预警，– 不适用，? 缺数据，W 豁免；空白：该指标不考核此村');
    expect(out.indexOf('各村结果一览')).toBeLessThan(out.indexOf('## 二、未达标指标'));
  });
  it('text: no grid of marks (it is read aloud and pasted into documents)', () => {
    expect(FORMATTERS.text(masked(), base)).not.toContain('各村结果一览');
  });
});
