/**
 * `--format json`: the shape of cli-contract.md, keys in a fixed order, then
 * what tools may add (provenance, notices, baseline). Messages are rendered
 * in the report language next to their code, so scripts match on `code`.
 */
import { STATUSES, type DataError, type Finding, type Report, type RuleResult } from '../../model.js';
import { jsonSafe } from '../escape.js';
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
  const { lang } = opts;
  const names = resultNames(report, lang);
  const out = {
    schemaVersion: report.schemaVersion,
    plan: report.plan,
    asOf: report.asOf,
    summary: Object.fromEntries(STATUSES.map((s) => [s, report.summary[s] ?? 0])),
    results: report.results.map((r) => result(r, lang, names)),
    dataErrors: report.dataErrors.map((e) => dataError(e, lang)),
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
  // The values as they are; what a terminal or CI log would act on written as \uXXXX (escape.ts).
  // The line end goes in before jsonSafe, whose regex makes the text one flat string: a line end added after
  // would make it two pieces again, copied whole (40 MB for a town of a million households) when written.
  return jsonSafe(JSON.stringify(out, null, 2) + '\n');
}
