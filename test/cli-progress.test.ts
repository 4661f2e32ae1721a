import { describe, expect, it } from 'vitest';
import type { Io } from '../src/cli/main.js';
import { main } from '../src/cli/main.js';
import { progressWanted, startProgress } from '../src/cli/progress.js';
import { SAMPLE } from './helpers/cli.js';

function fakeIo(opts: { stdoutTTY?: boolean; stderrTTY?: boolean; env?: Record<string, string> } = {}) {
  const out = { stdout: '', stderr: '' };
  const io: Io = {
    stdout: { write: (s: string) => ((out.stdout += s), true), isTTY: opts.stdoutTTY ?? true, columns: 100 },
    stderr: { write: (s: string) => ((out.stderr += s), true), isTTY: opts.stderrTTY ?? true },
    env: { LANG: 'zh_CN.UTF-8', ...(opts.env ?? {}) },
  };
  return { io, out };
}

const WIPE = '\r\x1b[2K';

describe('progress on stderr', () => {
  it('is wanted only when both stdout and stderr are terminals and no CI variable is set', () => {
    expect(progressWanted(fakeIo().io)).toBe(true);
    expect(progressWanted(fakeIo({ stdoutTTY: false }).io)).toBe(false); // piped into another program
    expect(progressWanted(fakeIo({ stderrTTY: false }).io)).toBe(false); // 2> log.txt
    expect(progressWanted(fakeIo({ env: { CI: 'true' } }).io)).toBe(false);
    expect(progressWanted(fakeIo({ env: { GITLAB_CI: 'true' } }).io)).toBe(false);
    expect(progressWanted(fakeIo({ env: { JENKINS_URL: 'http://ci' } }).io)).toBe(false);
    expect(progressWanted(fakeIo({ env: { CI: 'false' } }).io)).toBe(true);
  });

  it('stays silent for the first second, then shows file, rows and rows per second on one rewritten line, wiped at the end', () => {
    const { io, out } = fakeIo();
    let t = 0;
    const p = startProgress(io, 'zh', () => t);
    t = 500;
    p.onLoad({ file: 'villages.csv', rows: 12, bytes: 10, totalBytes: 1000 });
    expect(out.stderr).toBe('');
    t = 2000;
    p.onLoad({ file: 'households.csv', rows: 300_000, bytes: 500, totalBytes: 1000 });
    expect(out.stderr).toBe(`${WIPE}正在读取 households.csv：300,012 行，每秒 150,006 行，已完成 50%`);
    t = 2050; // within 100 ms of the last line: not redrawn
    p.onLoad({ file: 'households.csv', rows: 310_000, bytes: 520, totalBytes: 1000 });
    expect(out.stderr.split(WIPE)).toHaveLength(2);
    t = 3000;
    p.evaluating(53);
    expect(out.stderr.endsWith(`${WIPE}已读入 310,012 行，正在检查 53 项指标……`)).toBe(true);
    p.done();
    expect(out.stderr.endsWith(WIPE)).toBe(true);
    expect(out.stdout).toBe('');
  });

  it('speaks English with --lang en', () => {
    const { io, out } = fakeIo();
    let t = 0;
    const p = startProgress(io, 'en', () => t);
    t = 1500;
    p.onLoad({ file: 'households.csv', rows: 3000, bytes: 1000, totalBytes: 1000 });
    expect(out.stderr).toBe(`${WIPE}reading households.csv: 3,000 rows, 2,000 rows/s, 100% done`);
  });

  it('a long run on a terminal shows the line and wipes it before the report; piped or in CI the same run writes nothing to stderr', async () => {
    // A clock that jumps two seconds per reading makes the sample run look long.
    const slowClock = () => {
      let t = 0;
      return () => (t += 2000);
    };
    const terminal = fakeIo();
    terminal.io.now = slowClock();
    expect(await main([SAMPLE, '--format', 'json'], terminal.io)).toBe(1);
    expect(terminal.out.stderr).toContain('正在检查');
    expect(terminal.out.stderr.endsWith(WIPE)).toBe(true);
    expect(JSON.parse(terminal.out.stdout).tool.name).toBe('hebao-check');

    for (const opts of [{ stdoutTTY: false }, { stderrTTY: false }, { env: { CI: 'true' } }]) {
      const { io, out } = fakeIo(opts);
      io.now = slowClock();
      expect(await main([SAMPLE, '--format', 'json'], io)).toBe(1);
      expect(out.stderr).toBe('');
      expect(JSON.parse(out.stdout).tool.name).toBe('hebao-check');
    }
  });
});
