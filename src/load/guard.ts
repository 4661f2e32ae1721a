/**
 * Opening an input file without trusting it: the tables of the data folder,
 * waivers.yaml, and the files named by --waivers, --baseline and --rules.
 *
 * - Only a regular file is read. The file is opened non-blocking and checked
 *   on the open descriptor, so a FIFO cannot hang the run and a device
 *   (/dev/urandom, /dev/zero) is never read, even if the name is swapped
 *   between a check and the read.
 * - At most `maxBytes` are read: a file is refused by its size before it is
 *   read, and one that grows while it is read stops at the cap. (A CSV table
 *   is opened with openGuarded and read in chunks, with no cap.)
 * - With `inside` (the real path of the data folder) the file must resolve
 *   inside that folder: a link out of it is not followed.
 *
 * - A workbook (.xlsx) is a zip: besides its own size, each of its parts may
 *   inflate only up to a cap (a zip bomb stops there), see XLSX_LIMITS.
 *
 * Problems come back as the data layer's codes (worded in
 * src/messages/data.ts), never as exceptions.
 */
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync } from 'node:fs';
import { isAbsolute, relative, sep } from 'node:path';

export type GuardProblem =
  | { code: 'symlink-outside'; args: { target: string } }
  | { code: 'not-a-file'; args: Record<string, never> }
  | { code: 'file-too-large'; args: { bytes: number; max: number } }
  | { code: 'unreadable-file'; args: { reason: string } };

export type Guarded = { ok: true; bytes: Buffer } | ({ ok: false } & GuardProblem);

export interface GuardOptions {
  maxBytes: number;
  /** Real path of a folder the file must resolve inside (after following links). */
  inside?: string;
}

/**
 * Files read whole: a YAML table (its parse needs the whole document, and past
 * this it cannot become one JS string anyway), a workbook, a baseline report.
 * A CSV table has no cap: it is read in chunks (src/load/stream.ts).
 */
export const MAX_TABLE_BYTES = 512 * 1024 * 1024;
/** Hand-written inputs (waivers, a rule pack): thousands of entries fit in a fraction of this. */
export const MAX_SMALL_INPUT_BYTES = 16 * 1024 * 1024;

/**
 * What the parts of a workbook may inflate to. A sheet is streamed (never
 * whole in memory) and Excel's 1,048,576 rows are a few hundred MB of XML;
 * the shared strings are held while the sheets are read, like a CSV's text.
 * Deflate inflates to at most ~1,032 times its size, so a bomb stops at the
 * cap after a few seconds of inflating at worst.
 */
export const XLSX_LIMITS = {
  sheetBytes: 2 * 1024 * 1024 * 1024,
  sharedStringsBytes: MAX_TABLE_BYTES,
  /** Workbook, relationships, styles: read whole. */
  smallPartBytes: 64 * 1024 * 1024,
} as const;

// Non-blocking: opening a FIFO for reading returns at once (the fstat then refuses it) and a
// serial line does not wait for a carrier; no controlling terminal is ever acquired.
const READ_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);
// The real path has no link as its last part; one that appears there after the check is not followed.
const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;

const CHUNK = 64 * 1024;

function outside(inside: string, real: string): boolean {
  const rel = relative(inside, real);
  return rel === '..' || rel.startsWith('..' + sep) || isAbsolute(rel);
}

function failed(e: unknown): { ok: false } & GuardProblem {
  return { ok: false, code: 'unreadable-file', args: { reason: (e as NodeJS.ErrnoException).code ?? String(e) } };
}

/**
 * Reads `path` if it is a regular file within the limits; see the module comment.
 * The read itself is synchronous (readGuardedSync): files are read one at a time
 * before validation, and one code path keeps the guard the same for the tables,
 * the waivers, the baseline and the rule pack.
 */
export async function readGuarded(path: string, opts: GuardOptions): Promise<Guarded> {
  return readGuardedSync(path, opts);
}

/** A regular file opened for reading: its descriptor (the caller closes it) and its size and modification time when opened. */
export type GuardedOpen = { ok: true; fd: number; size: number; mtimeMs: number } | ({ ok: false } & GuardProblem);

/**
 * Opens `path` if it is a regular file (inside `inside` when given), without
 * reading it: for a table read in chunks (src/load/stream.ts), which has no
 * size cap. The caller closes the descriptor.
 */
export function openGuarded(path: string, opts: { inside?: string }): GuardedOpen {
  let target = path;
  let flags = READ_FLAGS;
  try {
    if (opts.inside !== undefined) {
      const real = realpathSync.native(path);
      if (outside(opts.inside, real)) return { ok: false, code: 'symlink-outside', args: { target: real } };
      target = real;
      flags |= NO_FOLLOW;
    }
    const fd = openSync(target, flags);
    try {
      const st = fstatSync(fd);
      if (!st.isFile()) {
        closeSync(fd);
        return { ok: false, code: 'not-a-file', args: {} };
      }
      return { ok: true, fd, size: st.size, mtimeMs: st.mtimeMs };
    } catch (e) {
      closeSync(fd);
      throw e;
    }
  } catch (e) {
    return failed(e);
  }
}

/** Reads `path` if it is a regular file within the limits, synchronously (the rule pack is loaded synchronously). */
export function readGuardedSync(path: string, opts: GuardOptions): Guarded {
  const opened = openGuarded(path, opts);
  if (!opened.ok) return opened;
  const { fd, size } = opened;
  try {
    if (size > opts.maxBytes) return { ok: false, code: 'file-too-large', args: { bytes: size, max: opts.maxBytes } };
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const want = Math.min(Math.max(size - total, 0) + CHUNK, opts.maxBytes + 1 - total);
      const buf = Buffer.allocUnsafe(want);
      const bytesRead = readSync(fd, buf, 0, want, null);
      if (bytesRead === 0) break;
      chunks.push(bytesRead === want ? buf : buf.subarray(0, bytesRead));
      total += bytesRead;
      if (total > opts.maxBytes) return { ok: false, code: 'file-too-large', args: { bytes: total, max: opts.maxBytes } };
    }
    return { ok: true, bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total) };
  } catch (e) {
    return failed(e);
  } finally {
    closeSync(fd);
  }
}
