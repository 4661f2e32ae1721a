/**
 * --output writes a big report in pieces (src/cli/output.ts), never as one
 * buffer: the bytes that land must be the report's UTF-8 exactly, also where
 * a piece ends inside a character outside the BMP (𠀀, an emoji).
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeOutput } from '../src/cli/output.js';

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});
function tmp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hebao-out-pieces-'));
  made.push(dir);
  return dir;
}

/** About 3M characters of Chinese, with pairs of surrogates across every 1M-character boundary. */
function bigText(): string {
  const piece = 1 << 20;
  let text = '';
  for (let k = 1; k <= 3; k++) {
    const filler = '门前三包 H00000001，'.repeat(Math.ceil(piece / 14));
    text += filler.slice(0, piece * k - text.length - 1) + '𠀀😀';
  }
  return text + '\n';
}

describe('--output with a report of millions of characters', () => {
  it('a regular file gets exactly the UTF-8 of the text', async () => {
    const text = bigText();
    const file = join(tmp(), 'report.json');
    await writeOutput(file, text, null);
    expect(readFileSync(file).equals(Buffer.from(text, 'utf8'))).toBe(true);
  });

  it.skipIf(process.platform === 'win32')('a FIFO gets exactly the UTF-8 of the text', async () => {
    const text = bigText();
    const fifo = join(tmp(), 'fifo');
    execFileSync('mkfifo', [fifo]);
    const chunks: Buffer[] = [];
    const read = new Promise<void>((done, fail) => {
      createReadStream(fifo)
        .on('data', (c) => chunks.push(c as Buffer))
        .on('end', () => done())
        .on('error', fail);
    });
    await writeOutput(fifo, text, null);
    await read;
    expect(Buffer.concat(chunks).equals(Buffer.from(text, 'utf8'))).toBe(true);
  });
});
