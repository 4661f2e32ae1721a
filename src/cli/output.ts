/**
 * Writing a report to a file: atomically (a temp file beside it, then a
 * rename, so a reader never sees half a report) and never inside the data
 * folder, which the tool only ever reads.
 */
import { randomBytes } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, isAbsolute } from 'node:path';

export class OutputError extends Error {
  constructor(
    readonly code: 'output-in-data' | 'output-failed',
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${code}: ${path}: ${reason}`);
  }
}

function real(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return resolve(p);
  }
}

/** Is `file` inside `dir` (after resolving links of the folders that exist)? */
export function isInside(file: string, dir: string): boolean {
  const rel = relative(real(dir), join(real(dirname(resolve(file))), basename(file)));
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

export async function writeOutput(path: string, text: string, dataDir: string | null): Promise<void> {
  if (dataDir !== null && isInside(path, dataDir)) throw new OutputError('output-in-data', path, 'inside data folder');
  const target = resolve(path);
  const tmp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, text, 'utf8');
    await rename(tmp, target);
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw new OutputError('output-failed', path, (e as NodeJS.ErrnoException).code ?? (e as Error).message);
  }
}
