/**
 * Reports written as they are made (JSON and JUnit, the formats of scripts and
 * CI gates): a long list's items are turned into text one at a time and handed
 * over in pieces, so a town's 700,000 results are never held whole.
 */

/** Text of about this many characters is handed over at a time. */
export const PIECE = 1 << 20;

/** The items' texts with `sep` between them, joined into pieces of about PIECE characters. */
export function* inPieces<T>(items: readonly T[], text: (item: T) => string, sep: string): Generator<string> {
  let buf: string[] = [];
  let size = 0;
  for (let i = 0; i < items.length; i++) {
    const t = (i === 0 ? '' : sep) + text(items[i]!);
    buf.push(t);
    size += t.length;
    if (size >= PIECE) {
      yield buf.join('');
      buf = [];
      size = 0;
    }
  }
  if (buf.length) yield buf.join('');
}
