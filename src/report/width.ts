/**
 * Display width of terminal text: CJK characters take two columns, ANSI
 * colour codes none. Wrapping is done here rather than by cli-table3, whose
 * fixed-width wrapping drops CJK characters.
 */
import stringWidth from 'string-width';

export const width = (s: string): number => stringWidth(s);

export function padEnd(s: string, w: number): string {
  return s + ' '.repeat(Math.max(0, w - stringWidth(s)));
}

const segmenter = new Intl.Segmenter('zh', { granularity: 'grapheme' });

/** Breaks text into pieces that may end a line: a CJK character alone, a word, or a run of spaces. */
function tokens(text: string): string[] {
  const out: string[] = [];
  let word = '';
  for (const { segment } of segmenter.segment(text)) {
    const wide = stringWidth(segment) === 2 || /[，。、；：！？）」』】]/.test(segment);
    if (/^\s+$/.test(segment) || wide) {
      if (word) out.push(word);
      word = '';
      out.push(segment);
    } else word += segment;
  }
  if (word) out.push(word);
  return out;
}

/** Hard-splits a token longer than a line. */
function split(token: string, w: number): string[] {
  const parts: string[] = [];
  let cur = '';
  for (const { segment } of segmenter.segment(token)) {
    if (cur && stringWidth(cur + segment) > w) {
      parts.push(cur);
      cur = '';
    }
    cur += segment;
  }
  if (cur) parts.push(cur);
  return parts;
}

/** Wraps plain text (no ANSI) to lines of at most `w` columns; existing newlines are kept. */
export function wrap(text: string, w: number): string[] {
  const max = Math.max(1, w);
  const lines: string[] = [];
  for (const para of text.split('\n')) {
    let cur = '';
    for (const tok of tokens(para)) {
      if (stringWidth(cur + tok) <= max) {
        cur += tok;
        continue;
      }
      if (/^\s+$/.test(tok)) {
        lines.push(cur.trimEnd());
        cur = '';
        continue;
      }
      // Closing punctuation stays with the character before it when it can.
      if (cur.trimEnd()) lines.push(cur.trimEnd());
      cur = '';
      for (const piece of stringWidth(tok) > max ? split(tok, max) : [tok]) {
        if (stringWidth(cur + piece) > max) {
          lines.push(cur);
          cur = '';
        }
        cur += piece;
      }
    }
    lines.push(cur.trimEnd());
  }
  return lines;
}

/** Wraps with a first-line prefix and a hanging indent for the following lines. */
export function hang(text: string, w: number, first: string, rest: string): string[] {
  const inner = Math.max(8, w - Math.max(width(first), width(rest)));
  return wrap(text, inner).map((l, i) => (i === 0 ? first : rest) + l);
}
