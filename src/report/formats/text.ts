/** `--format text`: the briefing as plain text, for pasting into a document or reading aloud in a meeting. */
import type { Report } from '../../model.js';
import { buildBriefing, type Block } from '../briefing.js';
import type { FormatOptions } from '../view.js';
import { statusLabel } from '../i18n.js';
import { safeOutput } from '../escape.js';

function block(b: Block, lang: 'zh' | 'en'): string[] {
  switch (b.kind) {
    case 'para':
      return [(lang === 'zh' ? '　　' : '') + b.text];
    case 'subhead':
      return [(lang === 'zh' ? '　　' : '') + b.text];
    case 'list':
      return b.items.map((i) => `    · ${i}`);
    case 'table':
      return [b.head.join(' | '), ...b.rows.map((r) => r.join(' | '))];
    case 'grid':
      // A grid of marks does not read aloud or paste into a document; the sections below say the same in words.
      return [];
    case 'headlines':
      return b.items.map((h) =>
        lang === 'zh'
          ? `    · ${h.rule} ${h.title}：全镇 ${h.actual}，目标 ${h.target}，${statusLabel(h.status, lang)}`
          : `    · ${h.rule} ${h.title}: town ${h.actual}, target ${h.target}, ${statusLabel(h.status, lang)}`,
      );
  }
}

export function formatText(report: Report, opts: FormatOptions): string {
  const b = buildBriefing(report, opts.lang);
  const out: string[] = [b.title, ...b.meta, ''];
  // Data problems before any verdict.
  if (b.problems) out.push(b.problems, '');
  for (const s of b.sections) {
    out.push(s.title);
    for (const bl of s.blocks) out.push(...block(bl, opts.lang));
    out.push('');
  }
  return safeOutput(out.join('\n').replace(/\n+$/, '') + '\n');
}
