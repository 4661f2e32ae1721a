/**
 * The command line: parses flags, runs the pipeline, picks a formatter, writes
 * the output and returns the exit code. The only layer that touches stdout,
 * stderr, files or the environment.
 */
import { readdirSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { Command, CommanderError, Option } from 'commander';
import { BaselineError, readBaseline } from '../baseline.js';
import { loadData } from '../data.js';
import { BUNDLED_RULES_DIR, packPath, PackError, parsePack, type RulePack } from '../engine/pack.js';
import { MAX_SMALL_INPUT_BYTES, readGuardedSync } from '../load/guard.js';
import { baselineText, cliMessage, fileProblemText, usageText, type CliCode } from '../messages/cli.js';
import { packProblemLine } from '../messages/rules.js';
import { HELP, helpTitle } from '../messages/help.js';
import { STATUSES, type Status } from '../model.js';
import { FORMAT_NAMES, loadFormatter } from '../report/load.js';
import { maskReport } from '../report/mask.js';
import { check, CheckRefused, choosePack, exitCode, manifestPlan, TOOL, type CheckOptions } from '../run.js';
import { normaliseDate } from '../validate/cells.js';
import { bundledPack } from '../engine/pack-compiled.js';
import { writeOutput, OutputError, type OutputInput, type ReportText } from './output.js';
import { startProgress } from './progress.js';
// Start-up (issue 11): the commands other than the check (explain, init, rules, validate), the
// report formats and string-width (help only) are imported when a run needs them.

export interface Io {
  /** `write` returns false when a pipe is full; `once('drain')` then waits for it (process.stdout does both). */
  stdout: { write(s: string): unknown; isTTY?: boolean; columns?: number; once?(event: 'drain', listener: () => void): unknown };
  stderr: { write(s: string): unknown; isTTY?: boolean };
  env: Record<string, string | undefined>;
  /** Clock in ms for the progress line; tests pass their own. */
  now?: () => number;
}

import type { Lang } from '../model.js';
export type { Lang };
type Help = { [K in keyof typeof HELP]: string };

/**
 * The formats each command can write (cli-contract.md: every command a
 * script may read writes json; a format a command cannot write is refused,
 * never ignored). `table` and `text` of rules and explain are the same plain text.
 */
export const COMMAND_FORMATS = {
  check: FORMAT_NAMES,
  rules: ['table', 'text', 'json'],
  explain: ['table', 'text', 'json'],
  validate: ['table', 'text', 'json', 'junit'],
  pack: ['table', 'text', 'json'],
} as const satisfies Record<string, readonly string[]>;
type CommandName = keyof typeof COMMAND_FORMATS;

/** Default language from the environment (LC_ALL, LC_MESSAGES, LANG), else Chinese. */
export function langFromEnv(env: Record<string, string | undefined>): Lang {
  const v = env.HEBAO_LANG || env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^en/i.test(v) ? 'en' : 'zh';
}

/** Accepts the same date spellings as the data (2020/12/31, 2020年12月31日 ...). */
function normaliseDateFlag(s: string): string | null {
  return normaliseDate(s.trim()) ?? null;
}

import { MemoryExhausted } from '../load/memory.js';

class UsageError extends Error {
  constructor(readonly text: string) {
    super(text);
  }
}

interface CheckFlags {
  format?: string;
  output?: string;
  asOf?: string;
  rule?: string[];
  village?: string[];
  lang?: string;
  failOn?: string[];
  showPersonalData?: boolean;
  color?: boolean;
  rules?: string;
  encoding?: string;
  by?: string;
  width?: string;
  baseline?: string;
  waivers?: string;
  previous?: string;
}

function addCommonOptions(cmd: Command, h: Help, formats: readonly string[]): Command {
  return cmd
    .addOption(new Option('--lang <lang>', h.lang))
    .addOption(new Option('--encoding <name>', h.encoding))
    .addOption(new Option('--format <name>', h.format + formats.join(' | ')))
    .addOption(new Option('--output <file>', h.output))
    .option('--show-personal-data', h.showPersonalData)
    .option('--no-color', h.noColor);
}

/** Runs the CLI on argv (without node and script); returns the exit code. */
export async function main(argv: string[], io: Io): Promise<number> {
  const envLang = langFromEnv(io.env);
  let lang: Lang = envLang;
  const say = (code: CliCode, args: Record<string, string | number | null> = {}) => cliMessage(code, args, lang);
  let exit = 0;

  // Help and usage errors speak the language of the reports: --lang on this line, else LANG.
  const helpLang = langFlag(argv) ?? envLang;
  const h: Help = Object.fromEntries(Object.entries(HELP).map(([k, t]) => [k, t[helpLang]])) as Help;
  const helpWidth = mayShowHelp(argv) ? (await import('../report/width.js')).width : roughWidth;
  const localised = (cmd: Command) =>
    cmd.helpOption('-h, --help', h.help).configureHelp({
      styleTitle: (title) => helpTitle(title, helpLang),
      // CJK characters take two columns (commander counts one).
      displayWidth: (s) => helpWidth(stripVTControlCharacters(s)),
    });
  const program = localised(new Command('hebao-check'))
    .description(h.program)
    .version(TOOL.version, '-V, --version', h.version)
    .argument('[dir]', h.dir)
    .addOption(new Option('--as-of <date>', h.asOf))
    .addOption(new Option('--rule <id...>', h.rule))
    .addOption(new Option('--village <id-or-name...>', h.village))
    .addOption(new Option('--fail-on <status...>', h.failOn + [...STATUSES, 'none'].join(' ')))
    .addOption(new Option('--rules <pack>', h.rules))
    .addOption(new Option('--by <view>', h.by))
    .addOption(new Option('--width <columns>', h.width))
    .addOption(new Option('--baseline <report.json>', h.baseline))
    .addOption(new Option('--waivers <file>', h.waivers))
    .addOption(new Option('--previous <dir>', h.previous))
    .enablePositionalOptions()
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      // The width of the Io it writes to, not of whatever process.stdout is.
      getOutHelpWidth: () => io.stdout.columns ?? 80,
      getErrHelpWidth: () => 80,
      // Written in the user's language from the CommanderError below.
      outputError: () => {},
    });
  addCommonOptions(program, h, COMMAND_FORMATS.check);

  program.action(async (dir: string | undefined, flags: CheckFlags) => {
    lang = pickLang(flags.lang, envLang);
    exit = await runCheck(dir ?? '.', flags, io, lang);
  });

  const validate = localised(program.command('validate')).description(h.validate).argument('[dir]', h.dir).addOption(new Option('--rules <pack>', h.rules));
  addCommonOptions(validate, h, COMMAND_FORMATS.validate).action(async (dir: string | undefined, flags: CheckFlags) => {
    lang = pickLang(flags.lang, envLang);
    exit = await runValidate(dir ?? '.', flags, io, lang);
  });

  const rules = localised(program.command('rules'))
    .description(h.rulesCommand)
    .argument('[id]', h.oneRule)
    .addOption(new Option('--rules <pack>', h.rules));
  addCommonOptions(rules, h, COMMAND_FORMATS.rules).action(async (id: string | undefined, flags: CheckFlags) => {
    lang = pickLang(flags.lang, envLang);
    const format = pickFormat('rules', flags.format, lang);
    const pack = openPack(flags.rules ?? 'hebao-2020', lang);
    const { rulesCommand } = await import('./rules.js');
    const out = rulesCommand(pack, id, { lang, format: format as 'table' | 'text' | 'json' });
    if (out.error) throw new UsageError(say('unknown-rule', { ids: id ?? '', hint: out.hint ?? null }));
    await emit(out.text, flags, io, lang, null);
  });

  const explain = localised(program.command('explain'))
    .description(h.explain)
    .argument('<rule>', h.ruleId)
    .argument('[dir]', h.dir)
    .addOption(new Option('--village <id-or-name...>', h.village))
    .addOption(new Option('--as-of <date>', h.asOf))
    .addOption(new Option('--rules <pack>', h.rules))
    .addOption(new Option('--waivers <file>', h.waivers));
  addCommonOptions(explain, h, COMMAND_FORMATS.explain).action(async (ruleId: string, dir: string | undefined, flags: CheckFlags) => {
    lang = pickLang(flags.lang, envLang);
    const format = pickFormat('explain', flags.format, lang);
    const folder = dir ?? '.';
    const asOf = parseAsOf(flags.asOf, lang);
    const encoding = pickEncoding(flags.encoding, lang);
    await ensureFolder(folder, lang);
    const pack = packForFolder(folder, flags, lang);
    checkRuleIds(pack, [ruleId], lang);
    // The same pipeline as the check (waivers, the manifest's pack), for this one rule.
    const { report, pack: used, dataset } = await runPipeline(folder, flags, lang, { pack, asOf, encoding, rules: [ruleId] });
    const shown = flags.showPersonalData ? report : maskReport(report, dataset.contract);
    exit = report.dataErrors.length ? 2 : 0;
    const { explainCommand } = await import('./explain.js');
    const text = explainCommand(shown, used, dataset, ruleId, {
      lang,
      format: format as 'table' | 'text' | 'json',
      folder: { path: resolve(folder), given: dir !== undefined },
      exitCode: exit,
    });
    await emit(text, flags, io, lang, folder);
  });

  const init = localised(program.command('init'))
    .description(h.init)
    .argument('<dir>', h.initDir)
    .addOption(new Option('--lang <lang>', h.lang))
    .option('--force', h.force)
    .option('--xlsx', h.xlsx)
    .addOption(new Option('--rules <pack>', h.initRules));
  init.action(async (dir: string, flags: { lang?: string; force?: boolean; xlsx?: boolean; rules?: string }) => {
    lang = pickLang(flags.lang, envLang);
    const { initCommand, initPlan } = await import('./init.js');
    // The folder follows the pack's contract (its declared data), and its manifest names the pack.
    const plan = flags.rules === undefined ? undefined : initPlan(openPack(flags.rules, lang), flags.rules);
    const r = await initCommand(dir, { force: flags.force === true, lang, xlsx: flags.xlsx === true, plan });
    if (r.stdout) io.stdout.write(r.stdout);
    if (r.stderr) io.stderr.write(r.stderr);
    exit = r.exit;
  });

  // `pack lint FILE`: every problem of a rule pack, without a data folder; `pack schema`: its JSON Schema.
  const packCmd = localised(program.command('pack')).description(h.packCommand).helpCommand('help [command]', h.help);
  const lint = localised(packCmd.command('lint'))
    .description(h.packLint)
    .argument('<file>', h.packFile)
    .addOption(new Option('--lang <lang>', h.lang))
    .addOption(new Option('--format <name>', h.format + COMMAND_FORMATS.pack.join(' | ')));
  lint.action(async (file: string, flags: { lang?: string; format?: string }) => {
    lang = pickLang(flags.lang, envLang);
    const format = pickFormat('pack', flags.format, lang) as 'table' | 'text' | 'json';
    const { packLintCommand } = await import('./pack.js');
    const r = packLintCommand(file, { lang, format });
    io.stdout.write(r.text);
    exit = r.exit;
  });
  localised(packCmd.command('schema'))
    .description(h.packSchema)
    .action(async () => {
      const { packSchemaCommand } = await import('./pack.js');
      io.stdout.write(packSchemaCommand());
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exit;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end here too, with exit code 0.
      if (e.exitCode === 0) return 0;
      io.stderr.write(cliMessage('usage', { message: usageText(e.code, e.message, helpLang) }, helpLang) + '\n');
      return 2;
    }
    if (e instanceof UsageError) {
      io.stderr.write(e.text + '\n');
      return 2;
    }
    if (e instanceof OutputError) {
      io.stderr.write(say(e.code, { path: e.path, reason: e.reason }) + '\n');
      return 2;
    }
    if (e instanceof MemoryExhausted) {
      io.stderr.write(say('out-of-memory', { used: e.usedMb, limit: e.limitMb, file: e.file, suggest: Math.ceil((e.limitMb * 2) / 1024) * 1024 }) + '\n');
      return 2;
    }
    io.stderr.write(say('internal', { message: e instanceof Error ? e.message : String(e) }) + '\n');
    return 2;
  }
}

/**
 * Whether commander may print help on this line (-h, --help, the help
 * command): only then is string-width loaded to measure it.
 */
function mayShowHelp(argv: readonly string[]): boolean {
  return argv.some((a) => a === '-h' || a === '--help' || a === 'help' || /^-[^-]*h/.test(a));
}

/** Help width without string-width, should commander print help on a line mayShowHelp did not foresee: CJK and fullwidth forms count two. */
function roughWidth(s: string): number {
  let n = 0;
  for (const c of s) n += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(c) ? 2 : 1;
  return n;
}

/** `--lang en` or `--lang=en` on a command line commander refused, so usage errors speak it too. */
function langFlag(argv: readonly string[]): Lang | null {
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i] === '--lang' ? argv[i + 1] : argv[i]!.startsWith('--lang=') ? argv[i]!.slice(7) : undefined;
    if (v === 'zh' || v === 'en') return v;
  }
  return null;
}

function pickLang(flag: string | undefined, envLang: Lang): Lang {
  if (flag === undefined) return envLang;
  if (flag === 'zh' || flag === 'en') return flag;
  throw new UsageError(cliMessage('bad-choice', { flag: '--lang', value: flag, allowed: 'zh, en' }, envLang));
}

/** The format a command was asked for, refused (exit 2) when the command cannot write it. */
function pickFormat(command: CommandName, flag: string | undefined, lang: Lang): string {
  const format = flag ?? 'table';
  const can: readonly string[] = COMMAND_FORMATS[command];
  if (can.includes(format)) return format;
  const name = command === 'check' ? 'hebao-check' : `hebao-check ${command}`;
  throw new UsageError(cliMessage('format-unavailable', { command: name, value: format, allowed: can.join(', ') }, lang));
}

/**
 * `--fail-on fail no-data`, `--fail-on fail,no-data` (or both), `none`:
 * the statuses that make the exit code 1. An unknown word is a usage error
 * listing the valid ones.
 */
export function parseFailOn(words: readonly string[] | undefined, lang: Lang): Status[] {
  if (words === undefined) return ['fail'];
  const parts = words.flatMap((w) => w.split(/[\s,，、]+/)).filter((w) => w !== '');
  const allowed = [...STATUSES, 'none'].join(', ');
  if (parts.length === 0) throw new UsageError(cliMessage('bad-fail-on', { value: words.join(' '), allowed }, lang));
  for (const p of parts) {
    if (p !== 'none' && !(STATUSES as readonly string[]).includes(p)) throw new UsageError(cliMessage('bad-fail-on', { value: p, allowed }, lang));
  }
  if (parts.includes('none')) {
    if (parts.length > 1) throw new UsageError(cliMessage('fail-on-none-alone', { value: parts.join(',') }, lang));
    return [];
  }
  return [...new Set(parts)] as Status[];
}

/**
 * The data folder must exist and be a folder: a mistyped path is one clear
 * error (the path, where it was looked for), not a report of a folder with
 * nothing in it.
 */
async function ensureFolder(dir: string, lang: Lang): Promise<void> {
  const full = resolve(dir);
  const args = { path: dir, full, cwd: process.cwd() };
  try {
    const st = await stat(dir);
    if (!st.isDirectory()) throw new UsageError(cliMessage('folder-is-file', args, lang));
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const code = (e as NodeJS.ErrnoException).code ?? 'unknown';
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new UsageError(cliMessage('folder-not-found', args, lang));
    throw new UsageError(cliMessage('folder-unreadable', { ...args, reason: code }, lang));
  }
}

/** run.ts's check() with the CLI's flags; its refusals as usage errors in the user's language. */
async function runPipeline(dir: string, flags: CheckFlags, lang: Lang, opts: Omit<CheckOptions, 'manifestPack' | 'villages' | 'waivers' | 'previous'>) {
  try {
    return await check(dir, {
      ...opts,
      villages: flags.village,
      waivers: flags.waivers,
      previous: flags.previous,
      // A manifest may name another bundled pack; --rules wins.
      manifestPack: flags.rules ? undefined : (name) => manifestPack(name, lang),
    });
  } catch (e) {
    if (!(e instanceof CheckRefused)) throw e;
    switch (e.code) {
      case 'unknown-village':
        throw new UsageError(cliMessage('unknown-village', e.args, lang));
      case 'unknown-rule':
        throw new UsageError(cliMessage('unknown-rule', { ids: e.args.ids!, hint: null }, lang));
      case 'manifest-plan':
        throw new UsageError(cliMessage('manifest-plan', { plan: String(e.args.plan), known: bundledNames() }, lang));
    }
  }
}

/**
 * The pack a folder is judged by: `--rules`, else the bundled pack its
 * manifest.yaml names (`plan:`), else the default. Chosen before anything
 * else, since rule ids (--rule, explain) and the data the pack declares
 * depend on it.
 */
function packForFolder(dir: string, flags: CheckFlags, lang: Lang): RulePack {
  try {
    return choosePack({ pack: openPack(flags.rules ?? 'hebao-2020', lang), manifestPack: flags.rules ? undefined : (name) => manifestPack(name, lang) }, manifestPlan(dir));
  } catch (e) {
    if (!(e instanceof CheckRefused)) throw e;
    throw new UsageError(cliMessage('manifest-plan', { plan: String(e.args.plan), known: bundledNames() }, lang));
  }
}

/** The bundled pack a manifest's plan: names; a name no bundled pack has is the manifest's problem, not a pack's (was "cannot read the rule pack (ENOENT)"). */
function manifestPack(name: string, lang: Lang): RulePack {
  if (!bundledNames().split('、').includes(name)) throw new UsageError(cliMessage('manifest-plan', { plan: name, known: bundledNames() }, lang));
  return openPack(name, lang);
}

/** The bundled packs' names (rules/NAME.yaml), joined with 、. */
function bundledNames(): string {
  try {
    return readdirSync(BUNDLED_RULES_DIR)
      .filter((f) => /^[A-Za-z0-9_-]+\.yaml$/.test(f))
      .map((f) => f.replace(/\.yaml$/, ''))
      .sort()
      .join('、');
  } catch {
    return '';
  }
}

function pickEncoding(flag: string | undefined, lang: Lang): 'utf8' | 'gbk' | 'gb18030' | undefined {
  if (flag === undefined) return undefined;
  const f = flag.toLowerCase().replace(/-/g, '');
  if (f === 'utf8' || f === 'gbk' || f === 'gb18030') return f;
  throw new UsageError(cliMessage('bad-choice', { flag: '--encoding', value: flag, allowed: 'utf8, gbk, gb18030' }, lang));
}

function parseAsOf(flag: string | undefined, lang: Lang): string | undefined {
  if (flag === undefined) return undefined;
  const d = normaliseDateFlag(flag);
  if (!d) throw new UsageError(cliMessage('bad-date', { flag: '--as-of', value: flag }, lang));
  return d;
}

function openPack(nameOrPath: string, lang: Lang): RulePack {
  const file = packPath(nameOrPath);
  // A regular file only, at most 16 MB: a FIFO would block the whole process (the pack is read synchronously).
  const got = readGuardedSync(file, { maxBytes: MAX_SMALL_INPUT_BYTES });
  if (!got.ok) {
    const why = got.code === 'unreadable-file' ? `cannot read the rule pack (${got.args.reason})` : fileProblemText(got, lang);
    throw new UsageError(cliMessage('pack-invalid', { problems: `${file}: ${why}` }, lang));
  }
  const source = got.bytes.toString('utf8');
  // The bundled CLI carries its bundled packs already parsed and checked (keyed by their text's sha256).
  const compiled = bundledPack(source, file);
  if (compiled) return compiled;
  try {
    return parsePack(source, file);
  } catch (e) {
    if (e instanceof PackError) throw new UsageError(cliMessage('pack-invalid', { problems: e.diagnostics.map((d) => packProblemLine(d, lang)).join('\n') }, lang));
    throw e;
  }
}

function checkRuleIds(pack: RulePack, ids: readonly string[], lang: Lang): void {
  const known = pack.rules.map((r) => r.meta.id);
  const unknown = ids.filter((id) => !known.includes(id));
  if (unknown.length === 0) return;
  const hint = known.find((k) => k.startsWith(unknown[0]!) || unknown[0]!.startsWith(k)) ?? null;
  throw new UsageError(cliMessage('unknown-rule', { ids: unknown.join(', '), hint }, lang));
}

function colorWanted(flags: CheckFlags, io: Io): boolean {
  if (flags.color === false) return false;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (flags.output) return false;
  if (io.env.FORCE_COLOR && io.env.FORCE_COLOR !== '0') return true;
  return io.stdout.isTTY === true;
}

async function runCheck(dir: string, flags: CheckFlags, io: Io, lang: Lang): Promise<number> {
  const format = pickFormat('check', flags.format, lang);
  const failOn = parseFailOn(flags.failOn, lang);
  const by = flags.by ?? 'both';
  if (!['village', 'rule', 'both'].includes(by)) {
    throw new UsageError(cliMessage('bad-choice', { flag: '--by', value: by, allowed: 'village, rule, both' }, lang));
  }
  const asOf = parseAsOf(flags.asOf, lang);
  const encoding = pickEncoding(flags.encoding, lang);
  await ensureFolder(dir, lang);
  const pack = packForFolder(dir, flags, lang);
  if (flags.rule) checkRuleIds(pack, flags.rule, lang);

  const earlier = flags.baseline ? await openBaseline(flags.baseline, lang) : null;
  const progress = startProgress(io, lang, io.now);
  // The progress line is wiped however the run ends (a usage error, an unwritable --output).
  try {
    // The tables and the unmasked report stay inside this call: once the report to show is made, nothing holds them
    // while it is written (10M households: 1.5 GB of columns).
    const { shown, code } = await (async () => {
      const { report, dataset } = await runPipeline(dir, flags, lang, {
        pack,
        asOf,
        encoding,
        rules: flags.rule,
        baseline: earlier ? { report: earlier, file: flags.baseline! } : undefined,
        onProgress: progress.onLoad,
        onEvaluating: (n) => progress.evaluating(n),
      });
      return { shown: flags.showPersonalData ? report : maskReport(report, dataset.contract), code: exitCode(report, failOn) };
    })();
    const width = flags.width ? Math.max(40, Number(flags.width) || 100) : (io.stdout.columns ?? 100);
    const opts = { lang, color: colorWanted(flags, io), width, by: by as 'village' | 'rule' | 'both', failOn };
    // JSON and JUnit (the formats of scripts and CI gates) are written as they are made: a big town's report is never held whole.
    const text: ReportText =
      format === 'json'
        ? (await import('../report/formats/json.js')).jsonPieces(shown, opts)
        : format === 'junit'
          ? (await import('../report/formats/junit.js')).junitPieces(shown, opts)
          : (await loadFormatter(format as (typeof FORMAT_NAMES)[number]))(shown, opts);
    progress.done();
    await emit(text, flags, io, lang, dir);
    return code;
  } finally {
    progress.done();
  }
}

async function runValidate(dir: string, flags: CheckFlags, io: Io, lang: Lang): Promise<number> {
  const format = pickFormat('validate', flags.format, lang);
  const encoding = pickEncoding(flags.encoding, lang);
  await ensureFolder(dir, lang);
  // The folder is read by the pack's contract: --rules, else the bundled pack manifest.yaml names, else the default.
  const pack = packForFolder(dir, flags, lang);
  const progress = startProgress(io, lang, io.now);
  let loaded: Awaited<ReturnType<typeof loadData>>;
  try {
    loaded = await loadData(dir, { encoding, onProgress: progress.onLoad, contract: pack.contract });
  } finally {
    progress.done();
  }
  const { renderValidate } = await import('./validate.js');
  const text = renderValidate(loaded, { lang, format: format as 'table' | 'text' | 'json' | 'junit', showPersonalData: !!flags.showPersonalData, color: colorWanted(flags, io) });
  await emit(text, flags, io, lang, dir);
  return loaded.errors.length ? 2 : 0;
}

async function openBaseline(path: string, lang: Lang) {
  try {
    return await readBaseline(path);
  } catch (e) {
    if (e instanceof BaselineError) throw new UsageError(baselineText(e, lang, process.cwd()));
    throw e;
  }
}

async function emit(text: ReportText, flags: CheckFlags, io: Io, lang: Lang, dataDir: string | null): Promise<void> {
  if (flags.output) {
    // The report never overwrites a file this run read (also under another name, through a link).
    const inputs: OutputInput[] = [];
    if (flags.rules) inputs.push({ flag: '--rules', path: packPath(flags.rules) });
    if (flags.waivers) inputs.push({ flag: '--waivers', path: flags.waivers });
    if (flags.baseline) inputs.push({ flag: '--baseline', path: flags.baseline });
    await writeOutput(flags.output, text, dataDir, inputs);
    return;
  }
  if (typeof text === 'string') io.stdout.write(text);
  else {
    // A piece at a time, waiting while a pipe is full: pieces queued in memory would be the whole report again.
    for (const piece of text) {
      if (io.stdout.write(piece) === false && io.stdout.once) await new Promise<void>((done) => io.stdout.once!('drain', done));
    }
  }
  void lang;
}
