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

  it('masks personal data in the text a browser shows', () => {
    const { doc } = parsed(cases[1]!.html);
    const shown = text(doc);
    for (const v of [PERSONAL.idNumber, PERSONAL.name, PERSONAL.phone, PERSONAL.approver]) expect(shown).not.toContain(v);
    expect(shown).toContain(PERSONAL.idMasked);
  });
});
