/**
 * Runs the CLI in-process with captured stdout/stderr, and copies the sample
 * town into a temp folder so a test can plant one defect in it.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';

export const SAMPLE = fileURLToPath(new URL('../../fixtures/hebao-2020', import.meta.url));

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function run(args: string[], env: Record<string, string | undefined> = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: { write: (s: string) => ((stdout += s), true), isTTY: false },
    stderr: { write: (s: string) => ((stderr += s), true), isTTY: false },
    env: { LANG: 'zh_CN.UTF-8', ...env },
  });
  return { code, stdout, stderr };
}

/** A fresh copy of the sample town; `edit` may rewrite its files. */
export function sampleCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hebao-'));
  cpSync(SAMPLE, dir, { recursive: true });
  return dir;
}

export function editFile(dir: string, name: string, edit: (text: string) => string): void {
  const path = join(dir, name);
  writeFileSync(path, edit(readFileSync(path, 'utf8')));
}

/** Lines of a UTF-8 CSV file in the copy (header = index 0). */
export function csvLines(dir: string, name: string): string[] {
  return readFileSync(join(dir, name), 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/);
}
