/**
 * `hebao-check pack lint FILE`: every problem of a rule pack in one pass, as
 * the check would refuse it (the same parsePack), without a data folder; exit
 * 0 when the pack is clean, 2 with every problem (file, line, column, rule,
 * what is wrong and the fix). `--format json` for editors and CI.
 *
 * `hebao-check pack schema`: the JSON Schema of rule packs, for an editor
 * (`# yaml-language-server: $schema=rule-pack.schema.json` in a pack).
 */
import { packPath, PackError, parsePack, type PackDiagnostic, type RulePack } from '../engine/pack.js';
import { packJsonSchema } from '../engine/pack-schema.js';
import { MAX_SMALL_INPUT_BYTES, readGuardedSync } from '../load/guard.js';
import { fileProblemText } from '../messages/cli.js';
import { packMessage, packPlace, packProblemLine, PACK_LINT_WORDS } from '../messages/rules.js';
import { jsonSafe, safeOutput } from '../report/escape.js';

type Lang = 'zh' | 'en';

export interface PackLintOutput {
  text: string;
  exit: 0 | 2;
}

/** Lints the pack a name or path stands for; `shown` is how the user wrote it. */
export function packLintCommand(nameOrPath: string, opts: { lang: Lang; format: 'table' | 'text' | 'json' }): PackLintOutput {
  const file = packPath(nameOrPath);
  const w = PACK_LINT_WORDS[opts.lang];
  let pack: RulePack | null = null;
  let problems: PackDiagnostic[] = [];
  // The same guard as the check: a regular file of at most 16 MB (a FIFO would block).
  const got = readGuardedSync(file, { maxBytes: MAX_SMALL_INPUT_BYTES });
  if (!got.ok) {
    const reason = got.code === 'unreadable-file' ? String(got.args.reason) : fileProblemText(got, opts.lang);
    problems = [{ file, line: null, column: null, rule: null, path: '', code: 'cannot-read', args: { reason } }];
  } else {
    try {
      pack = parsePack(got.bytes.toString('utf8'), file);
    } catch (e) {
      if (!(e instanceof PackError)) throw e;
      problems = e.diagnostics;
    }
  }
  const exit = problems.length ? 2 : 0;
  if (opts.format === 'json') {
    const out = {
      file,
      valid: problems.length === 0,
      ...(pack ? { pack: pack.id, rules: pack.rules.length, definitions: Object.keys(pack.definitions).length } : {}),
      problems: problems.map((p) => ({ ...p, where: packPlace(p, opts.lang), message: packMessage(p, opts.lang) })),
    };
    return { text: jsonSafe(JSON.stringify(out, null, 2)) + '\n', exit };
  }
  if (pack) return { text: safeOutput(w.clean(file, pack.rules.length, Object.keys(pack.definitions).length) + '\n'), exit };
  const lines = [w.problems(file, problems.length), ...problems.map((p) => '  ' + packProblemLine(p, opts.lang))];
  return { text: safeOutput(lines.join('\n') + '\n'), exit };
}

/** The JSON Schema of rule packs, as committed in rules/rule-pack.schema.json. */
export function packSchemaCommand(): string {
  return JSON.stringify(packJsonSchema(), null, 2) + '\n';
}
