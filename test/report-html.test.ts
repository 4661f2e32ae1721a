/**
 * The HTML report read the way a browser reads it (parse5, the WHATWG parser
 * jsdom uses), on the bundled sample and on the purpose-made report: no parse
 * errors, the briefing's sections in order, tables whose rows all have the
 * header's cells, nothing loaded from outside the file.
 */
import { parse, type DefaultTreeAdapterMap } from 'parse5';
import { describe, expect, it } from 'vitest';
import { FORMATTERS } from '../src/report/index.js';
import { maskReport } from '../src/report/mask.js';
import { run, SAMPLE } from './helpers/cli.js';
import { makeReportWithBaseline, PERSONAL } from './helpers/report-fixture.js';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

function parsed(html: string): { doc: Node; errors: string[] } {
  const errors: string[] = [];
  const doc = parse(html, { onParseError: (e) => errors.push(`${e.code} at ${e.startLine}:${e.startCol}`) });
  return { doc, errors };
}

function elements(node: Node, tag?: string): Element[] {
  const out: Element[] = [];
  const walk = (n: Node) => {
    if ('tagName' in n && (tag === undefined || n.tagName === tag)) out.push(n);
    if ('childNodes' in n) for (const c of n.childNodes) walk(c);
    if ('content' in n && n.content) walk(n.content as Node);
  };
  walk(node);
  return out;
}

function text(node: Node): string {
  if (node.nodeName === '#text') return (node as DefaultTreeAdapterMap['textNode']).value;
  return 'childNodes' in node ? node.childNodes.map(text).join('') : '';
}

const attr = (e: Element, name: string) => e.attrs.find((a) => a.name === name)?.value;

/** Rows of each table as cell counts, spans counted. */
function tableShapes(doc: Node): { head: number; rows: number[] }[] {
  return elements(doc, 'table').map((t) => {
    const rows = elements(t, 'tr').map((tr) => tr.childNodes.filter((c): c is Element => 'tagName' in c && (c.tagName === 'td' || c.tagName === 'th')).reduce((n, c) => n + Number(attr(c, 'colspan') ?? 1), 0));
    return { head: rows[0] ?? 0, rows: rows.slice(1) };
  });
}

describe('HTML report, parsed', async () => {
  const sample = await run([SAMPLE, '--format', 'html', '--as-of', '2020-12-31']);
  const cases = [
    { name: 'the bundled sample', html: sample.stdout },
    { name: 'the purpose-made report with a baseline and waivers', html: FORMATTERS.html(maskReport(makeReportWithBaseline()), { lang: 'zh', color: false, width: 100, by: 'both' }) },
    { name: 'the purpose-made report in English', html: FORMATTERS.html(maskReport(makeReportWithBaseline()), { lang: 'en', color: false, width: 100, by: 'both' }) },
  ];

  for (const c of cases) {
    it(`${c.name}: parses without errors, in one language, with a title and a stylesheet of its own`, () => {
      const { doc, errors } = parsed(c.html);
      expect(errors).toEqual([]);
      const html = elements(doc, 'html')[0]!;
      expect(['zh-CN', 'en']).toContain(attr(html, 'lang'));
      expect(text(elements(doc, 'title')[0]!)).not.toBe('');
      expect(elements(doc, 'style')).toHaveLength(1);
      // Nothing fetched from anywhere: a report printed in a town office has no network.
      expect(elements(doc, 'script')).toEqual([]);
      expect(elements(doc, 'link')).toEqual([]);
      expect(elements(doc).filter((e) => e.attrs.some((a) => a.name === 'src' || (a.name === 'href' && !a.value.startsWith('#'))))).toEqual([]);
    });
    it(`${c.name}: every table row has as many cells as its header`, () => {
      const shapes = tableShapes(parsed(c.html).doc);
      expect(shapes.length).toBeGreaterThan(0);
      for (const s of shapes) for (const r of s.rows) expect(r).toBe(s.head);
    });
  }

  it('the sample: one h1, then the briefing sections in their order', () => {
    expect(sample.code).toBe(1);
    const { doc } = parsed(sample.stdout);
    expect(elements(doc, 'h1').map(text)).toEqual(['河包镇脱贫攻坚扶贫产业发展方案落实情况检查报告']);
    const h2 = elements(doc, 'h2').map(text);
    const order = ['一、总体情况', '二、未达标指标', '三、分村情况', '四、临近截止'].map((h) => h2.indexOf(h));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('the sample: each headline indicator has a bar whose filled width is its figure against the target', () => {
    const { doc } = parsed(sample.stdout);
    const bars = elements(doc, 'span').filter((e) => attr(e, 'class') === 'bar');
    expect(bars.length).toBeGreaterThan(0);
    for (const bar of bars) {
      const fill = bar.childNodes.find((c): c is Element => 'tagName' in c)!;
      const width = /width:([\d.]+)%/.exec(attr(fill, 'style') ?? '');
      expect(width, attr(bar, 'aria-label')).not.toBeNull();
      expect(Number(width![1])).toBeGreaterThanOrEqual(0);
      expect(Number(width![1])).toBeLessThanOrEqual(100);
    }
    // 核桃村 sweet potato: 999.5 of 1,000 亩.
    const sweetPotato = elements(doc, 'tr').find((tr) => text(tr).includes('核桃村红薯'));
    expect(sweetPotato && text(sweetPotato)).toContain('999.5 亩');
  });

  describe('the villages × rules grid on the first page', () => {
    const MARKS: Record<string, string> = { pass: '✓', fail: '✗', pending: '…', warn: '!', na: '–', nodata: '?', waived: 'W' };
    const LABELS = ['通过', '未通过', '未到期', '预警', '不适用', '缺数据', '豁免'];
    const gridsOf = (doc: Node) => elements(doc, 'table').filter((t) => (attr(t, 'class') ?? '').split(' ').includes('grid'));
    const cellsOf = (tr: Element) => tr.childNodes.filter((c): c is Element => 'tagName' in c && (c.tagName === 'td' || c.tagName === 'th'));
    /** The grid as rule id → village label → the cell. */
    function gridCells(doc: Node): { ids: string[]; labels: string[]; cell: (id: string, label: string) => Element } {
      const ids: string[] = [];
      const rows = new Map<string, Element[]>();
      for (const t of gridsOf(doc)) {
        const [head, ...body] = elements(t, 'tr');
        const from = ids.length;
        ids.push(...cellsOf(head!).slice(1).map(text));
        for (const tr of body) {
          const [name, ...cells] = cellsOf(tr);
          const list = rows.get(text(name!)) ?? Array<Element>(from);
          list.push(...cells);
          rows.set(text(name!), list);
        }
      }
      return { ids, labels: [...rows.keys()], cell: (id, label) => rows.get(label)![ids.indexOf(id)]! };
    }

    it('the sample: a header row of rule ids in pack order, the town, then a row per village', async () => {
      const { doc } = parsed(sample.stdout);
      const json = JSON.parse((await run([SAMPLE, '--format', 'json', '--as-of', '2020-12-31'])).stdout);
      const { ids, labels } = gridCells(doc);
      expect(ids).toEqual([...new Set(json.results.map((r: { rule: string }) => r.rule))]);
      expect(ids).toHaveLength(53);
      expect(labels).toEqual(['全镇', ...json.villages.map((v: { name: string }) => v.name)]);
    });

    it('the sample: every status cell has a mark a black-and-white printout shows, and the class that colours it', () => {
      const { doc } = parsed(sample.stdout);
      const cells = gridsOf(doc).flatMap((t) => elements(t, 'td'));
      expect(cells.length).toBeGreaterThan(13 * 20);
      for (const td of cells) {
        const cls = (attr(td, 'class') ?? '').split(' ');
        const status = cls.find((c) => c in MARKS);
        if (status) expect(text(td), attr(td, 'title')).toBe(MARKS[status]);
        else {
          expect(cls).toContain('blank');
          expect(text(td)).toBe('');
        }
      }
      const { cell } = gridCells(doc);
      const look = (id: string, village: string) => [attr(cell(id, village), 'class'), text(cell(id, village))];
      expect(look('3.8', '永兴村')).toEqual(['m fail', '✗']);
      expect(look('3.2b', '核桃村')).toEqual(['m fail', '✗']);
      expect(look('2.9', '黄檀村')).toEqual(['m warn', '!']);
      expect(look('3.7a', '荷花村')).toEqual(['m nodata', '?']);
      expect(look('3.3a', '全镇')).toEqual(['m fail', '✗']);
      // A new section of the plan (三) starts with a rule between the columns.
      expect(look('3.1', '全镇')).toEqual(['m pass sec', '✓']);
      expect(look('2.6', '转龙社区')).toEqual(['m pass', '✓']);
      // 2.9 judges poverty villages only.
      expect(attr(cell('2.9', '转龙社区'), 'class')).toBe('m blank');
    });

    it('the sample: the legend names every status with its mark, and what a blank means', () => {
      const { doc } = parsed(sample.stdout);
      const legend = elements(doc, 'p').find((p) => attr(p, 'class') === 'legend')!;
      const items = elements(legend, 'span').filter((e) => attr(e, 'class') === 'item').map(text);
      expect(items).toEqual([...Object.values(MARKS).map((m, i) => `${m}${LABELS[i]}`), '\u00a0空白：该指标不考核此村']);
      // Each legend mark carries the colour of its status, as the cells do.
      const marks = elements(legend, 'span').filter((e) => (attr(e, 'class') ?? '').startsWith('m '));
      expect(marks.map((e) => attr(e, 'class'))).toEqual(['m pass', 'm fail', 'm pending', 'm warn', 'm na', 'm nodata', 'm waived', 'm blank']);
    });

    it('the sample: the grid comes right after the overview, before the headline indicators and section 二', () => {
      const { doc } = parsed(sample.stdout);
      const order = elements(doc).filter((e) => ['h2', 'table'].includes(e.tagName)).map((e) => (e.tagName === 'h2' ? text(e) : (attr(e, 'class') ?? 'table').split(' ')[0]));
      expect(order.slice(0, 5)).toEqual(['counts', '一、总体情况', 'grid', 'headlines', '二、未达标指标']);
      // The rules it marks are named with their titles beside it: the columns show ids only.
      const key = text(elements(doc, 'p').find((p) => attr(p, 'class') === 'key')!);
      expect(key).toContain('3.8 农村集体产权制度改革');
      expect(key).not.toContain('2.1 一村一品');
    });

    it('the purpose-made report: waived and pending cells have their marks; English has its own legend', () => {
      const { cell } = gridCells(parsed(cases[1]!.html).doc);
      expect([attr(cell('3.8', '转龙社区'), 'class'), text(cell('3.8', '转龙社区'))]).toEqual(['m waived', 'W']);
      expect([attr(cell('3.3a', '全镇'), 'class'), text(cell('3.3a', '全镇'))]).toEqual(['m pending', '…']);
      const en = parsed(cases[2]!.html).doc;
      const legend = text(elements(en, 'p').find((p) => attr(p, 'class') === 'legend')!);
      for (const w of ['pass', 'fail', 'pending', 'warn', 'n/a', 'no-data', 'waived', 'blank: the rule does not judge this village']) expect(legend).toContain(w);
      expect(gridCells(en).labels[0]).toBe('Town');
    });

    it('a pack of 120 rules is split into bands of at most 56 columns, each with every village', () => {
      const r = maskReport(makeReportWithBaseline());
      const base = r.rules[0]!;
      r.rules = Array.from({ length: 120 }, (_, i) => ({ ...base, id: `${Math.floor(i / 40) + 2}.${(i % 40) + 1}`, headline: false }));
      r.results = r.rules.flatMap((m) => [null, 'V01', 'V02', 'V03'].map((v) => ({ rule: m.id, village: v, status: 'pass' as const, actual: 1, target: '>= 0.95', offenders: [], notes: [] })));
      const { doc, errors } = parsed(FORMATTERS.html(r, { lang: 'zh', color: false, width: 100, by: 'both' }));
      expect(errors).toEqual([]);
      const grids = gridsOf(doc);
      expect(grids).toHaveLength(3);
      for (const t of grids) {
        const rows = elements(t, 'tr');
        expect(cellsOf(rows[0]!).length - 1).toBeLessThanOrEqual(56);
        expect(rows.slice(1).map((tr) => text(cellsOf(tr)[0]!))).toEqual(['全镇', '核桃村', '黄檀村', '转龙社区']);
      }
      expect(gridCells(doc).ids).toEqual(r.rules.map((m) => m.id));
    });
  });

  it('keeps an id or a date with hyphens on one line', () => {
    expect(sample.stdout).toContain('<span class="id">HB-2228</span>');
    expect(sample.stdout).toContain('<span class="id">2020-11-06</span>');
  });

  it('masks personal data in the text a browser shows', () => {
    const { doc } = parsed(cases[1]!.html);
    const shown = text(doc);
    for (const v of [PERSONAL.idNumber, PERSONAL.name, PERSONAL.phone, PERSONAL.approver]) expect(shown).not.toContain(v);
    expect(shown).toContain(PERSONAL.idMasked);
  });
});

describe('data problems come before any verdict (rule-catalogue.md)', () => {
  it('the paragraph on data errors precedes the counts table and the first section', () => {
    const html = FORMATTERS.html(maskReport(makeReportWithBaseline()), { lang: 'zh', color: false, width: 100, by: 'both' });
    const { doc } = parsed(html);
    const body = elements(doc, 'body')[0]!;
    const order = elements(body).filter((e) => (e.tagName === 'p' && attr(e, 'class') === 'problems') || (e.tagName === 'table' && attr(e, 'class') === 'counts') || e.tagName === 'h2');
    expect(order.map((e) => e.tagName)).toEqual(['p', 'table', ...order.slice(2).map(() => 'h2')]);
    expect(text(order[0]!)).toContain('数据错误 2 处');
  });
});
