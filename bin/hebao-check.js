#!/usr/bin/env node
// Entry point: the compiled CLI in dist/ (built by `npm install` through the prepare script),
// bundled into one file when the bundle is up to date (load.js).
import { loadMain } from './load.js';

// A reader that stops early (`| head`) is not an error of ours: stop quietly.
process.stdout.on('error', (e) => {
  if (e && e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
});

const { main } = await loadMain();
const code = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
// Let stdout drain before exiting, so piped reports are never cut short.
process.exitCode = code;
