#!/usr/bin/env node
// Entry point: the compiled CLI in dist/ (built by `npm install` through the prepare script),
// bundled into one file when the bundle is up to date (load.js).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { constants, totalmem } from 'node:os';
import { join } from 'node:path';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { loadMain } from './load.js';

/** Bytes of the table files in the folders the command line names (the data folder, --previous ...). */
function tableBytes(args) {
  let total = 0;
  for (const arg of args) {
    if (arg.startsWith('-')) continue;
    try {
      if (!statSync(arg).isDirectory()) continue;
      for (const name of readdirSync(arg)) if (/\.(csv|txt|ya?ml|xlsx)$/i.test(name)) total += statSync(join(arg, name)).size;
    } catch {
      // Not a folder we can read: the CLI itself says so.
    }
  }
  return total;
}

// Tables are kept as columns (src/store), outside the JS heap; the heap holds their dictionaries,
// line numbers and what the rules build (about 0.3 GB per GB of CSV). A folder past 200 MB is
// checked in a second process with a heap of three quarters of the machine's memory; if even that
// runs short, the CLI stops with a message saying so (src/load/memory.ts), never with V8's own abort.
const BIG_FOLDER = 200 * 1024 * 1024;
if (process.env.HEBAO_CHECK_HEAP === undefined && tableBytes(process.argv.slice(2)) > BIG_FOLDER) {
  const heap = Math.floor((totalmem() * 0.75) / 1048576);
  if (heap > getHeapStatistics().heap_size_limit / 1048576) {
    const child = spawnSync(process.execPath, [...process.execArgv, `--max-old-space-size=${heap}`, process.argv[1], ...process.argv.slice(2)], {
      stdio: 'inherit',
      env: { ...process.env, HEBAO_CHECK_HEAP: String(heap) },
    });
    process.exit(child.status ?? (child.signal ? 128 + (constants.signals[child.signal] ?? 0) : 2));
  }
}

// A reader that stops early (`| head`) is not an error of ours: stop quietly.
process.stdout.on('error', (e) => {
  if (e && e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
});

const { main } = await loadMain();
// After each full collection the heap may grow by half of what is live, not up to four times it
// (V8's own factor): 1M households peak at about 330 MiB instead of 400, in the same time. The flag
// is read at each collection, so it takes effect for the run; set only once the bundle is compiled,
// since V8 refuses a code cache made under other flags (start-up would lose 60 ms).
setFlagsFromString('--heap-growing-percent=50');
const code = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
// Let stdout drain before exiting, so piped reports are never cut short.
process.exitCode = code;
