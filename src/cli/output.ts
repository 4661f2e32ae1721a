/**
 * Writing a report to `--output`, never inside the data folder (which the
 * tool only ever reads) and never over an input of the run. What happens
 * depends on what the path names (the CLI is often run as root in CI, where
 * a careless write can replace /dev/null or a file it does not own):
 *
 * - nothing yet: a new file, written atomically (a temp file beside it, then
 *   a rename, so a reader never sees half a report);
 * - a regular file: replaced atomically the same way, keeping its
 *   permission bits and, where allowed (as root), its owner and group
 *   (setuid, setgid and sticky bits are not carried over to a report);
 * - a character device (/dev/null, /dev/stdout on a terminal, /dev/tty) or
 *   a FIFO: written through, never replaced (a FIFO waits for its reader,
 *   as with a shell redirection);
 * - a link: followed, and its final target handled as above (the link
 *   stays); a dangling link is refused rather than creating the file it
 *   points to (as root that could be anywhere);
 * - a folder, a block device (a disk) or a socket: refused.
 *
 * While the temp file exists, SIGINT, SIGTERM and SIGHUP remove it before the
 * process ends with 128 + the signal number (130, 143, 129).
 *
 * Imports only node built-ins (a test runs this file on its own in a child process).
 */
import { randomBytes } from 'node:crypto';
import { constants, realpathSync, rmSync, type Stats } from 'node:fs';
import { lstat, open, realpath, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { constants as os } from 'node:os';
import { basename, dirname, join, relative, resolve, isAbsolute } from 'node:path';

export type OutputErrorCode =
  | 'output-in-data'
  | 'output-is-input'
  | 'output-is-folder'
  | 'output-special-file'
  | 'output-dangling-link'
  | 'output-failed';

export class OutputError extends Error {
  constructor(
    readonly code: OutputErrorCode,
    readonly path: string,
    /** output-is-input: the flag of that input; output-failed: the system's error code. */
    readonly reason: string,
  ) {
    super(`${code}: ${path}: ${reason}`);
  }
}

/** An input of the run that the report must not overwrite, e.g. `{ flag: '--rules', path }`. */
export interface OutputInput {
  flag: string;
  path: string;
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

const code = (e: unknown) => (e as NodeJS.ErrnoException).code ?? (e as Error).message;

async function statOrNull(p: string, follow: boolean): Promise<Stats | null> {
  try {
    return follow ? await stat(p) : await lstat(p);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/** A report as text, whole or in pieces made as they are written (the JSON report of a big town). */
export type ReportText = string | Iterable<string>;

export async function writeOutput(path: string, text: ReportText, dataDir: string | null, inputs: readonly OutputInput[] = []): Promise<void> {
  if (dataDir !== null && isInside(path, dataDir)) throw new OutputError('output-in-data', path, 'inside data folder');
  let link: Stats | null;
  let st: Stats | null;
  try {
    link = await statOrNull(path, false);
    st = link ? await statOrNull(path, true) : null;
  } catch (e) {
    throw new OutputError('output-failed', path, code(e));
  }
  if (link?.isSymbolicLink() && st === null) throw new OutputError('output-dangling-link', path, '');
  if (st?.isDirectory()) throw new OutputError('output-is-folder', path, '');

  // Where the bytes land once links are followed; /dev/stdout on a pipe has no such path.
  let target = resolve(path);
  if (st) {
    try {
      target = await realpath(path);
    } catch {
      /* a magic link (/proc/self/fd/1 → pipe:[…]): written through by its own name below */
    }
    if (dataDir !== null && target !== resolve(path) && isInside(target, dataDir)) throw new OutputError('output-in-data', path, 'inside data folder');
    for (const input of inputs) {
      const other = await statOrNull(input.path, true).catch(() => null);
      if (other && other.dev === st.dev && other.ino === st.ino) throw new OutputError('output-is-input', path, input.flag);
    }
  }

  if (st === null || st.isFile()) return replaceAtomically(path, target, text, st);
  if (st.isCharacterDevice() || st.isFIFO()) return writeThrough(path, text);
  throw new OutputError('output-special-file', path, '');
}

/** A report's text, each of its pieces as it is made (writePiece). */
async function writeText(fh: FileHandle, text: ReportText): Promise<void> {
  if (typeof text === 'string') return writePiece(fh, text);
  for (const piece of text) await writePiece(fh, piece);
}

/** Text as UTF-8 in pieces of 1M characters through one buffer, so a big report is never held twice (as text and as bytes). */
async function writePiece(fh: FileHandle, text: string): Promise<void> {
  const PIECE = 1 << 20;
  // A UTF-16 unit is at most 3 bytes of UTF-8 (a surrogate pair, two units, is 4).
  const buffer = Buffer.allocUnsafe(3 * (PIECE + 1));
  for (let at = 0; at < text.length; ) {
    let end = Math.min(text.length, at + PIECE);
    // Never between the two halves of a character outside the BMP (a surrogate pair).
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end++;
    const length = buffer.write(text.slice(at, end), 'utf8');
    // A FIFO may take fewer bytes than it is given: the rest is written after.
    for (let done = 0; done < length; ) done += (await fh.write(buffer, done, length - done)).bytesWritten;
    at = end;
  }
}

/** Devices and FIFOs: opened for writing as they are (never created, never replaced). */
async function writeThrough(path: string, text: ReportText): Promise<void> {
  let fh;
  try {
    fh = await open(path, constants.O_WRONLY | (constants.O_NOCTTY ?? 0));
  } catch (e) {
    throw new OutputError('output-failed', path, code(e));
  }
  try {
    const st = await fh.stat();
    // Swapped for something else since the check: do not write into it.
    if (!st.isCharacterDevice() && !st.isFIFO()) throw new OutputError('output-special-file', path, '');
    await writeText(fh, text);
  } catch (e) {
    if (e instanceof OutputError) throw e;
    throw new OutputError('output-failed', path, code(e));
  } finally {
    await fh.close().catch(() => undefined);
  }
}

/** A temp file beside the target, renamed over it; `old`: the file it replaces, whose mode and owner it keeps. */
async function replaceAtomically(path: string, target: string, text: ReportText, old: Stats | null): Promise<void> {
  const tmp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  const release = removeOnSignal(tmp);
  let fh;
  try {
    // A replaced file's content stays private until it has its old mode (0600 must never be 0644, even briefly).
    fh = await open(tmp, 'wx', old ? 0o600 : 0o666);
    await writeText(fh, text);
    if (old) {
      if (old.uid !== process.getuid?.() || old.gid !== process.getgid?.()) {
        // Root may give the file back to its owner; others keep what the system allows (EPERM is not an error).
        await fh.chown(old.uid, old.gid).catch(() => fh!.chown(process.getuid?.() ?? old.uid, old.gid).catch(() => undefined));
      }
      await fh.chmod(old.mode & 0o777);
    }
    await fh.close();
    fh = undefined;
    await rename(tmp, target);
  } catch (e) {
    await fh?.close().catch(() => undefined);
    await rm(tmp, { force: true }).catch(() => undefined);
    throw new OutputError('output-failed', path, code(e));
  } finally {
    release();
  }
}

/** Until the returned function is called, an interrupt removes `tmp` and ends the process (128 + signal number). */
function removeOnSignal(tmp: string): () => void {
  const handlers = (['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map((sig) => {
    const handler = () => {
      try {
        rmSync(tmp, { force: true });
      } finally {
        process.exit(128 + os.signals[sig]);
      }
    };
    process.on(sig, handler);
    return () => process.removeListener(sig, handler);
  });
  return () => handlers.forEach((off) => off());
}
