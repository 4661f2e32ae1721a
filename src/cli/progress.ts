/**
 * Progress on stderr for long runs on a terminal: the file being read, rows so
 * far and rows per second, on one line that is rewritten in place and wiped
 * before the report prints. Silent for the first second (a normal town's run
 * never shows it), in CI logs, and whenever stdout or stderr is not a terminal
 * (`hebao-check data/ | less`, `> report.txt`, a script reading the output).
 */
import type { LoadProgress } from '../data.js';
import { escapeText } from '../report/escape.js';
import type { Io, Lang } from './main.js';

/** Variables CI services set; a log is not a terminal even when a pseudo-terminal says so. */
const CI_VARS = ['CI', 'CONTINUOUS_INTEGRATION', 'BUILD_NUMBER', 'GITHUB_ACTIONS', 'GITLAB_CI', 'JENKINS_URL', 'TF_BUILD', 'TEAMCITY_VERSION', 'BUILDKITE', 'DRONE'];

export function progressWanted(io: Io): boolean {
  if (io.stderr.isTTY !== true || io.stdout.isTTY !== true) return false;
  return !CI_VARS.some((k) => {
    const v = io.env[k];
    return v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';
  });
}

export interface Progress {
  /** Hand to loadData's onProgress. */
  onLoad(p: LoadProgress): void;
  /** Before the rules are evaluated (a synchronous step: the line says what is coming). */
  evaluating(rules: number): void;
  /** Wipes the line, if one was drawn. */
  done(): void;
}

const SHOW_AFTER_MS = 1000;
const REDRAW_MS = 100;
/** Back to the line's start and clear it. */
const WIPE = '\r\x1b[2K';

const WORDS = {
  zh: {
    reading: (file: string, rows: string, rate: string, pct: number) => `正在读取 ${file}：${rows} 行，每秒 ${rate} 行，已完成 ${pct}%`,
    evaluating: (rules: number, rows: string) => `已读入 ${rows} 行，正在检查 ${rules} 项指标……`,
  },
  en: {
    reading: (file: string, rows: string, rate: string, pct: number) => `reading ${file}: ${rows} rows, ${rate} rows/s, ${pct}% done`,
    evaluating: (rules: number, rows: string) => `read ${rows} rows; checking ${rules} rules…`,
  },
};

const group = (n: number) => Math.round(n).toLocaleString('en-US');

/** A progress line on `io.stderr`, or a silent one when progress is not wanted. `now` is a clock in ms (tests pass their own). */
export function startProgress(io: Io, lang: Lang, now: () => number = () => performance.now()): Progress {
  if (!progressWanted(io)) return { onLoad() {}, evaluating() {}, done() {} };
  const w = WORDS[lang];
  const started = now();
  let drawn = false;
  let lastDraw = -Infinity;
  // Rows of the files finished before the current one.
  let rowsBefore = 0;
  let file = '';
  let rowsInFile = 0;
  const draw = (text: string, force: boolean) => {
    const t = now();
    if (t - started < SHOW_AFTER_MS) return;
    if (!force && t - lastDraw < REDRAW_MS) return;
    lastDraw = t;
    drawn = true;
    io.stderr.write(WIPE + text);
  };
  return {
    onLoad(p) {
      if (p.file !== file) {
        rowsBefore += rowsInFile;
        file = p.file;
      }
      rowsInFile = p.rows;
      const rows = rowsBefore + rowsInFile;
      const seconds = Math.max(0.001, (now() - started) / 1000);
      const pct = p.totalBytes > 0 ? Math.min(100, Math.floor((100 * p.bytes) / p.totalBytes)) : 100;
      // A file name is data: shown escaped, so the only terminal sequence on the line is the wipe.
      draw(w.reading(escapeText(p.file), group(rows), group(rows / seconds), pct), false);
    },
    evaluating(rules) {
      draw(w.evaluating(rules, group(rowsBefore + rowsInFile)), true);
    },
    done() {
      if (drawn) io.stderr.write(WIPE);
      drawn = false;
    },
  };
}
