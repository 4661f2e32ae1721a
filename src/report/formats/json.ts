/**
 * `--format json`: the shape of cli-contract.md, keys in a fixed order, then
 * what tools may add (provenance, notices, baseline). Messages are rendered
 * in the report language next to their code, so scripts match on `code`.
 */
import { STATUSES, type DataError, type Finding, type Report, type RuleResult } from '../../model.js';
import { randomUUID } from 'node:crypto';
import { jsonSafe } from '../escape.js';
import { inPieces } from '../pieces.js';
import { renderFinding, type Lang } from '../i18n.js';
import type { FormatOptions } from '../view.js';

function finding(f: Finding, lang: Lang) {
  return { code: f.code, args: f.args, message: renderFinding(f, lang) };
}

export function dataError(e: DataError, lang: Lang) {
  return { file: e.file, line: e.line, column: e.column, value: e.value, message: renderFinding(e, lang), code: e.code, args: e.args };
}

/** The rule's title (report language) and the village's name, so a script needs no second lookup. */
export interface ResultNames {
  title(rule: string): string | null;
  villageName(village: string): string | null;
}

export function resultNames(report: Pick<Report, 'rules' | 'villages'>, lang: Lang): ResultNames {
  const titles = new Map(report.rules.map((m) => [m.id, m.title[lang]]));
  const names = new Map(report.villages.map((v) => [v.id, v.name]));
  return { title: (id) => titles.get(id) ?? null, villageName: (id) => names.get(id) ?? null };
}

export function result(r: RuleResult, lang: Lang, names: ResultNames) {
  return {
    rule: r.rule,
    village: r.village,
    status: r.status,
    actual: r.actual ?? null,
    target: r.target,
    offenders: r.offenders,
    // After the contract's keys, in their order: what a script would otherwise look up.
    title: names.title(r.rule),
    villageName: r.village === null ? null : names.villageName(r.village),
    ...(r.numerator !== undefined ? { numerator: r.numerator } : {}),
    ...(r.denominator !== undefined ? { denominator: r.denominator } : {}),
    notes: r.notes.map((n) => finding(n, lang)),
    ...(r.evidence ? { evidence: r.evidence.map((e) => ({ file: e.file, line: e.line, label: e.label, value: e.value, unit: e.unit })) } : {}),
    // cli-contract.md: the errors a no-data result waits on, the first 20 in file order.
    ...(r.waitingOn?.length ? { waitingOn: r.waitingOn.slice(0, 20).map((e) => ({ file: e.file, line: e.line, column: e.column })) } : {}),
    ...(r.waiver ? { waiver: { reason: r.waiver.reason, approvedBy: r.waiver.approvedBy, expires: r.waiver.expires, status: r.waiver.status } } : {}),
  };
}

export function formatJson(report: Report, opts: FormatOptions): string {
  return [...jsonPieces(report, opts)].join('');
}

/** Stands in for a long list in the report's frame; no text from the data can hold it (a NUL and a random id). */
const LIST_MARK = `\u0000hebao-check:${randomUUID()}:`;

/**
 * The JSON report as pieces of text, made as they are written: the results
 * and data errors one at a time, so a town of ten million households (700,000
 * results, 240 MB of JSON) is never held whole, as objects or as text. The
 * pieces joined are exactly JSON.stringify(report, null, 2) (formatJson).
 */
export function* jsonPieces(report: Report, opts: FormatOptions): Generator<string> {
  const { lang } = opts;
  const names = resultNames(report, lang);
  const lists: { mark: string; items: readonly unknown[]; json: (x: never) => unknown }[] = [
    { mark: LIST_MARK + 'results', items: report.results, json: (r: RuleResult) => result(r, lang, names) },
    { mark: LIST_MARK + 'dataErrors', items: report.dataErrors, json: (e: DataError) => dataError(e, lang) },
  ];
  const out = {
    schemaVersion: report.schemaVersion,
    plan: report.plan,
    asOf: report.asOf,
    summary: Object.fromEntries(STATUSES.map((s) => [s, report.summary[s] ?? 0])),
    results: lists[0]!.mark,
    dataErrors: lists[1]!.mark,
    // Additions (the contract allows more keys):
    tool: { name: report.tool.name, version: report.tool.version },
    pack: { id: report.pack.id, sha256: report.pack.sha256 },
    town: report.town,
    asOfSource: report.asOfSource,
    inputs: report.inputs.map((i) => ({ file: i.file, sha256: i.sha256, encoding: i.encoding })),
    leftOut: report.leftOut.map((l) => ({ file: l.file, rows: l.rows, rejected: l.rejected })),
    villages: report.villages.map((v) => ({ id: v.id, name: v.name, poverty: v.poverty })),
    notices: report.notices.map((e) => dataError(e, lang)),
    ...(report.waiverNotices ? { waiverNotices: report.waiverNotices.map((f) => finding(f, lang)) } : {}),
    ...(report.baseline
      ? {
          baseline: {
            file: report.baseline.file,
            asOf: report.baseline.asOf,
            newlyFailing: report.baseline.newlyFailing,
            fixed: report.baseline.fixed,
            stillOpen: report.baseline.stillOpen,
            headline: report.baseline.headline,
          },
        }
      : {}),
  };
  // The frame, then each list where its mark stands, as JSON.stringify would write it at that depth:
  // each item on its own lines, indented by 4 more spaces (no line end is ever raw inside a JSON string).
  // What a terminal or CI log would act on is written as \uXXXX (escape.ts), piece by piece: pieces end
  // between items, never inside a string, so no `##[` is split.
  let frame = JSON.stringify(out, null, 2) + '\n';
  for (const list of lists) {
    const quoted = JSON.stringify(list.mark);
    const at = frame.indexOf(quoted);
    yield jsonSafe(frame.slice(0, at));
    frame = frame.slice(at + quoted.length);
    if (list.items.length === 0) {
      yield '[]';
      continue;
    }
    yield '[\n';
    for (const piece of inPieces(list.items, (item) => '    ' + JSON.stringify(list.json(item as never), null, 2).replaceAll('\n', '\n    '), ',\n')) yield jsonSafe(piece);
    yield '\n  ]';
  }
  yield jsonSafe(frame);
}
