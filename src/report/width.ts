/**
 * Display width of terminal text: CJK characters take two columns, ANSI
 * colour codes none. Wrapping is done here rather than by cli-table3, whose
 * fixed-width wrapping drops CJK characters.
 */
import stringWidth from 'string-width';

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
/** Widths of single graphemes seen so far: a report repeats a few thousand characters a million times. */
const graphemeWidths = new Map<string, number>();

/**
 * Display width. Printable ASCII is its length; anything else goes to
 * string-width (a district report measures millions of pieces: its emoji
 * regex per call was 9 s of a 17 s run).
 */
export const width = (s: string): number => (PRINTABLE_ASCII.test(s) ? s.length : stringWidth(s));

function graphemeWidth(g: string): number {
  let w = graphemeWidths.get(g);
  if (w === undefined) {
    w = stringWidth(g);
    if (graphemeWidths.size < 65536) graphemeWidths.set(g, w);
  }
  return w;
}

export function padEnd(s: string, w: number): string {
  return s + ' '.repeat(Math.max(0, w - width(s)));
}

const segmenter = new Intl.Segmenter('zh', { granularity: 'grapheme' });
const SPACES = /^\s+$/;
const CLOSING = /[，。、；：！？）」』】]/;

interface Token {
  text: string;
  width: number;
}

/** Breaks text into pieces that may end a line: a CJK character alone, a word, or a run of spaces. */
function tokens(text: string): Token[] {
  const out: Token[] = [];
  let word = '';
  let wordWidth = 0;
  for (const { segment } of segmenter.segment(text)) {
    const w = graphemeWidth(segment);
    if (SPACES.test(segment) || w === 2 || CLOSING.test(segment)) {
      if (word) out.push({ text: word, width: wordWidth });
      word = '';
      wordWidth = 0;
      out.push({ text: segment, width: w });
    } else {
      word += segment;
      wordWidth += w;
    }
  }
  if (word) out.push({ text: word, width: wordWidth });
  return out;
}

/** Hard-splits a token longer than a line. */
function split(token: string, w: number): Token[] {
  const parts: Token[] = [];
  let cur = '';
  let curWidth = 0;
  for (const { segment } of segmenter.segment(token)) {
    const sw = graphemeWidth(segment);
    if (cur && curWidth + sw > w) {
      parts.push({ text: cur, width: curWidth });
      cur = '';
      curWidth = 0;
    }
    cur += segment;
    curWidth += sw;
  }
  if (cur) parts.push({ text: cur, width: curWidth });
  return parts;
}

/**
 * Wraps plain text (no ANSI) to lines of at most `w` columns; existing
 * newlines are kept. Widths add up grapheme by grapheme, so a line's width is
 * kept as it grows rather than measured again.
 */
export function wrap(text: string, w: number): string[] {
  const max = Math.max(1, w);
  const lines: string[] = [];
  for (const para of text.split('\n')) {
    let cur = '';
    let curWidth = 0;
    for (const tok of tokens(para)) {
      if (curWidth + tok.width <= max) {
        cur += tok.text;
        curWidth += tok.width;
        continue;
      }
      if (SPACES.test(tok.text)) {
        lines.push(cur.trimEnd());
        cur = '';
        curWidth = 0;
        continue;
      }
      // Closing punctuation stays with the character before it when it can.
      if (cur.trimEnd()) lines.push(cur.trimEnd());
      cur = '';
      curWidth = 0;
      for (const piece of tok.width > max ? split(tok.text, max) : [tok]) {
        if (curWidth + piece.width > max) {
          lines.push(cur);
          cur = '';
          curWidth = 0;
        }
        cur += piece.text;
        curWidth += piece.width;
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
