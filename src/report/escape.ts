/**
 * Text from the data (a village name, a cell, a header, a file or folder
 * name) and from a rule pack is shown to people as text, never obeyed by the
 * terminal or the CI log that prints it:
 *
 * - `escapeText` shows control characters as escapes: C0 and C1 controls and
 *   DEL (`\x1b`, `\x07`, `\x9b`; `\n`, `\r`, `\t` by name) and the Unicode
 *   controls that reorder or break what a reader sees (bidi embeddings,
 *   overrides, isolates and marks, line and paragraph separators: `\u202e`).
 *   So a value never clears the screen, sets the window title, or begins a
 *   line of its own. `escapeReport` does it to every text of a report, and
 *   the view every human format reads from is built on it (view.ts).
 * - `safeOutput` is the last step of every human output (reports, validate,
 *   explain, rules, messages on stderr): what escaped the first step is
 *   escaped here, except the output's own line breaks and, in colour, its
 *   own SGR colour codes; and no line is left that a CI runner would run as a
 *   workflow command: GitHub Actions runs a line that starts with `::` after
 *   leading blanks (`::error::`, `::add-mask::`, `::stop-commands::`), and
 *   `##[command]` anywhere in a line; Azure Pipelines runs `##vso[`.
 * - `jsonSafe` and the XML escaping of the JUnit writer keep the values as
 *   they are, written with escapes of their own syntax.
 *
 * Clean text (the bundled sample, every golden file) passes through unchanged.
 */
import type { Report } from '../model.js';

/** One character class for everything `escapeText` escapes. */
const UNSAFE_CLASS = '\\x00-\\x1f\\x7f-\\x9f\\u061c\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069';
const UNSAFE_TEST = new RegExp(`[${UNSAFE_CLASS}]`);
const UNSAFE = new RegExp(`[${UNSAFE_CLASS}]`, 'g');
const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeChar(c: string): string {
  const named = NAMED[c];
  if (named) return named;
  const code = c.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * A text from the data as it may be shown: control characters, line breaks
 * and bidi controls as escapes (`\x1b`, `\n`, `\u202e`). Idempotent (its
 * output has nothing left to escape); other text, CJK and emoji included,
 * is returned as it is.
 */
export function escapeText(s: string): string {
  return UNSAFE_TEST.test(s) ? s.replace(UNSAFE, escapeChar) : s;
}

/**
 * Every string in plain data (objects, arrays) escaped by `escapeText`.
 * What holds nothing to escape is returned as it is (the same object), so a
 * clean report costs one look at each text and no copy.
 */
export function escapeData<T>(x: T): T {
  return walk(x) as T;
}

function walk(x: unknown): unknown {
  if (typeof x === 'string') return UNSAFE_TEST.test(x) ? x.replace(UNSAFE, escapeChar) : x;
  if (x === null || typeof x !== 'object') return x;
  if (Array.isArray(x)) {
    let out: unknown[] | null = null;
    for (let i = 0; i < x.length; i++) {
      const v = x[i];
      const w = walk(v);
      if (w !== v) (out ??= x.slice())[i] = w;
    }
    return out ?? x;
  }
  const proto = Object.getPrototypeOf(x);
  // Plain records only: anything else (a class instance, a Map) is not report text.
  if (proto !== Object.prototype && proto !== null) return x;
  let out: Record<string, unknown> | null = null;
  for (const k of Object.keys(x)) {
    const v = (x as Record<string, unknown>)[k];
    const w = walk(v);
    if (w === v) continue;
    out ??= { ...(x as Record<string, unknown>) };
    // defineProperty: a key named __proto__ (from YAML) stays an own key.
    Object.defineProperty(out, k, { value: w, writable: true, enumerable: true, configurable: true });
  }
  return out ?? x;
}

/** The report with every text escaped for people (names, cells, headers, file names, findings' args, the pack's words). */
export function escapeReport(report: Report): Report {
  return escapeData(report);
}

/** Leading blanks a CI runner trims before it looks for `::` (.NET's whitespace, which has NEL) and colour codes. */
const LEAD = /^(?:[\s\u0085]|\x1b\[[0-9;]*m)*/;
/** Control characters of a finished output that are not its own: all but LF, and ESC but for SGR colour codes when in colour. */
const STRAY = new RegExp(`(?!\\n)[${UNSAFE_CLASS}]`, 'g');
const STRAY_COLOUR = new RegExp(`\\x1b(?!\\[[0-9;]*m)|(?![\\n\\x1b])[${UNSAFE_CLASS}]`, 'g');

/**
 * The last step of a human output: stray control characters escaped (the
 * output's own line breaks kept, and its SGR colour codes when `color`), a
 * legacy `##[` or `##vso[` command broken with a backslash wherever it is,
 * and a line that would start with `::` (after blanks) given a backslash
 * before it. Leaves clean output as it is.
 */
export function safeOutput(text: string, opts: { color?: boolean } = {}): string {
  let out = text.replace(opts.color ? STRAY_COLOUR : STRAY, escapeChar);
  if (out.includes('##')) out = out.replace(/##(vso)?\[/g, '##$1\\[');
  if (out.includes('::')) {
    out = out
      .split('\n')
      .map((line) => {
        const lead = LEAD.exec(line)![0];
        return line.startsWith('::', lead.length) ? `${lead}\\${line.slice(lead.length)}` : line;
      })
      .join('\n');
  }
  return out;
}

/** Characters JSON.stringify leaves raw that a terminal would obey or reorder; `[` after `##` (a CI command). */
// `##[` / `##vso[` matched whole (a lookbehind at every position took twice as long on a 40 MB report); only its `[` is escaped.
const JSON_RAW = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]|##(?:vso)?\[/g;

/**
 * JSON text with the characters JSON.stringify leaves raw (DEL, C1, bidi
 * controls, line separators) and the `[` of a `##[` written as `\uXXXX`:
 * the same JSON values, nothing a terminal or CI log acts on. They can only
 * occur inside strings, where the escape means the same character.
 */
export function jsonSafe(json: string): string {
  return json.replace(JSON_RAW, (m) => (m.length === 1 ? `\\u${m.charCodeAt(0).toString(16).padStart(4, '0')}` : `${m.slice(0, -1)}\\u005b`));
}
