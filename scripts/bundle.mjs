#!/usr/bin/env node
/**
 * `npm run build` (and prepare, pretest) after tsc: bundles dist/cli/main.js
 * and its dependencies into one file, dist/hebao-check.cjs, that
 * bin/hebao-check.js loads (bin/load.js); start-up, issue 11.
 *
 *  - The bundled rule packs (rules/*.yaml) go in already parsed and checked
 *    (src/engine/pack-compiled.ts), each only if its compiled form revives to
 *    exactly what parsePack gives.
 *  - Each module's import.meta.url stays its own file's URL under dist/, so
 *    paths found from it (the bundled packs, package.json) are unchanged.
 *  - A V8 code cache of a sample run is written beside it when the sample
 *    folder is there (a clone; not an installed package).
 *
 * `node scripts/bundle.mjs warm` is the sample run, in a process of its own.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isDeepStrictEqual } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const SAMPLE = join(root, 'fixtures', 'hebao-2020');

if (process.argv[2] === 'warm') {
  // The functions a sample run calls (both report formats a user meets first) go into the cache.
  const { loadMain } = await import(pathToFileURL(join(root, 'bin', 'load.js')).href);
  const { main, bundled, saveCache } = await loadMain();
  if (!bundled) throw new Error('the bundle is older than dist/cli/main.js');
  const sink = { write: () => true, isTTY: false };
  for (const format of ['json', 'table']) {
    await main([SAMPLE, '--as-of', '2020-12-31', '--format', format], { stdout: sink, stderr: sink, env: { LANG: 'zh_CN.UTF-8' } });
  }
  saveCache();
  process.exit(0);
}

const started = Date.now();
const { build } = await import('esbuild');
const { parsePack } = await import(pathToFileURL(join(dist, 'engine', 'pack.js')).href);
const { compilePack, revivePack } = await import(pathToFileURL(join(dist, 'engine', 'pack-compiled.js')).href);

const packs = [];
for (const name of readdirSync(join(root, 'rules')).filter((f) => /\.ya?ml$/.test(f)).sort()) {
  const file = join(root, 'rules', name);
  const pack = parsePack(readFileSync(file).toString('utf8'), file);
  const compiled = compilePack(pack);
  const revived = compiled && revivePack(JSON.parse(JSON.stringify(compiled)), file);
  // Equal in value and in key order (the JSON of its compiled form).
  if (revived && isDeepStrictEqual(revived, pack) && JSON.stringify(compilePack(revived)) === JSON.stringify(compiled)) packs.push(compiled);
  else process.stderr.write(`bundle: rules/${name} is parsed at run time (its compiled form does not revive to the same pack)\n`);
}

/** import.meta.url of a module under dist/, as the bundle (in dist/) finds it at run time. */
const importMetaUrl = {
  name: 'import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta')) return undefined;
      const rel = relative(dist, args.path);
      if (rel.startsWith('..')) throw new Error(`${args.path} uses import.meta outside dist/; the bundle cannot keep its URL`);
      const url = `require("node:url").pathToFileURL(require("node:path").join(__dirname, ${JSON.stringify(rel)})).href`;
      return { contents: text.replace(/\bimport\.meta\.url\b/g, url), loader: 'js' };
    });
  },
};

const outfile = join(dist, 'hebao-check.cjs');
const built = await build({
  entryPoints: [join(dist, 'cli', 'main.js')],
  outfile,
  write: false,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // Names kept (no identifier minifying): what an error or a class says of itself stays as written.
  minifyWhitespace: true,
  minifySyntax: true,
  charset: 'ascii',
  define: { HEBAO_COMPILED_PACKS: JSON.stringify(JSON.stringify(packs)) },
  // The build's name, which its code cache must carry (bin/load.js).
  footer: { js: `//# hebao-build=${randomBytes(16).toString('hex')}` },
  plugins: [importMetaUrl],
  logLevel: 'warning',
});
// esbuild leaves non-ASCII in regular expressions: written as \uXXXX (each UTF-16 unit), a one-byte string
// for V8 and a latin1 read for bin/load.js (~3× faster than UTF-8). `\（` (an identity escape) becomes `\uFF08`.
const text = built.outputFiles[0].text.replace(/(\\*)([^\x00-\x7f])/g, (_, slashes, c) => `${slashes.length % 2 ? slashes.slice(1) : slashes}\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
// Replaced, never written in place: a run starting meanwhile reads the old bundle or the new one, whole.
rmSync(outfile + '.cache', { force: true });
const temp = `${outfile}.${process.pid}.tmp`;
writeFileSync(temp, text, 'latin1');
renameSync(temp, outfile);

let cache = 'no sample folder: no code cache';
if (existsSync(SAMPLE)) {
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), 'warm'], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) process.exit(r.status ?? 1);
  cache = 'code cache from a sample run';
}
process.stdout.write(`bundle: ${relative(root, outfile)} (${packs.length} rule pack(s) compiled, ${cache}) in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
