/**
 * The one place findings become sentences: a registry merged from the
 * message files of each layer (src/messages/*.ts), plus the report's own
 * words. Codes are typed (FindingCode): a code with no wording is a compile
 * error where the finding is made. A finding that reaches a report from
 * outside that typing (a hand-made Report, a message that cannot word its
 * args) still renders as `code({...args})`, never throws.
 */
import { DATA_MESSAGES } from '../messages/data.js';
import { RULE_MESSAGES } from '../messages/rules.js';
import { REPORT_WORDS, type ReportWords } from '../messages/report.js';
import type { Finding, FindingCode, Status } from '../model.js';
import { escapeData, escapeText } from './escape.js';

import type { Lang } from '../model.js';
export type { Lang };
type Args = Finding['args'];
type Message = { zh: (a: Args) => string; en: (a: Args) => string };

/** Every finding code the reports can word, from all layers. Later files win on a clash (none expected). */
export const MESSAGES: Readonly<Record<FindingCode, Message>> = Object.freeze(
  Object.assign(Object.create(null) as Record<FindingCode, Message>, DATA_MESSAGES, RULE_MESSAGES),
);

/**
 * A finding as a sentence in `lang`. Its args come from the data (a cell, a
 * header, a file name): they are worded escaped (escape.ts), so no message
 * carries a control character or a line break of the data.
 */
export function renderFinding(f: Pick<Finding, 'code' | 'args'>, lang: Lang): string {
  // Kept at run time: a Report built outside the typed pipeline may carry any text as a code.
  const m = Object.prototype.hasOwnProperty.call(MESSAGES, f.code) ? MESSAGES[f.code] : undefined;
  if (m) {
    try {
      return m[lang](escapeData(f.args ?? {}));
    } catch {
      // A message that cannot word these args is a bug elsewhere; still say something useful.
    }
  }
  let args: string;
  try {
    args = JSON.stringify(f.args ?? {});
  } catch {
    args = '{}';
  }
  return escapeText(`${f.code}(${args})`);
}

/** 通过 / pass ... */
export function statusLabel(status: Status, lang: Lang): string {
  return REPORT_WORDS[lang].status[status] ?? status;
}

/** The report's own words in `lang`. */
export function words(lang: Lang): ReportWords {
  return REPORT_WORDS[lang];
}
