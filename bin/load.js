/**
 * Finds the CLI's main(). Start-up (issue 11): `npm run build` bundles the
 * compiled CLI into one file, dist/hebao-check.cjs (scripts/bundle.mjs), with
 * a V8 code cache of a sample run beside it; one file loads faster than ~150
 * modules, and the cache spares compiling what a run calls. The bundle is used
 * when it is at least as new as tsc's dist/cli/main.js (a `tsc` after the
 * bundle means the bundle is stale: dist/cli/main.js is used then). A cache
 * made for another build or another Node is not used.
 */
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const BUNDLE = join(root, 'dist', 'hebao-check.cjs');
export const CODE_CACHE = BUNDLE + '.cache';
const TSC_MAIN = join(root, 'dist', 'cli', 'main.js');
/** The bundle's last line names its build; its code cache starts with the same name. */
const BUILD_ID = /\/\/# hebao-build=([0-9a-f]{32})\s*$/;

function mtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return null;
  }
}

/**
 * The CLI's main(), and `saveCache()` that writes the bundle's code cache from
 * what this process compiled (scripts/bundle.mjs calls it after a sample run).
 */
export async function loadMain() {
  const bundled = mtime(BUNDLE);
  const compiled = mtime(TSC_MAIN);
  if (bundled === null || (compiled !== null && compiled > bundled)) {
    return { main: (await import('../dist/cli/main.js')).main, bundled: false, saveCache: () => false };
  }
  // ASCII only (scripts/bundle.mjs checks): read as latin1, which is faster than UTF-8.
  const source = readFileSync(BUNDLE, 'latin1');
  const id = BUILD_ID.exec(source.slice(-64))?.[1] ?? null;
  let cachedData;
  try {
    const cache = readFileSync(CODE_CACHE);
    if (id !== null && cache.subarray(0, 32).toString('latin1') === id) cachedData = cache.subarray(32);
  } catch {
    // No cache: compiled as usual.
  }
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: BUNDLE, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(BUNDLE), module, BUNDLE, dirname(BUNDLE));
  return {
    main: module.exports.main,
    bundled: true,
    cacheUsed: cachedData !== undefined && !script.cachedDataRejected,
    saveCache: () => {
      if (id === null) return false;
      const temp = `${CODE_CACHE}.${process.pid}.tmp`;
      writeFileSync(temp, Buffer.concat([Buffer.from(id, 'latin1'), script.createCachedData()]));
      renameSync(temp, CODE_CACHE);
      return true;
    },
  };
}
