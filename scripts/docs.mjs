#!/usr/bin/env node
// `npm run docs`: writes docs/data.md, docs/rules/<pack>.md, docs/rule-packs.md
// and the rule packs' JSON Schema (rules/rule-pack.schema.json) from the compiled
// generator (dist/docs/generate.js; the npm script builds it first). Docs of a
// pack that no longer exists are removed, so docs/ is exactly what the code makes.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDocs } from '../dist/docs/generate.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const docs = await buildDocs(root);
for (const [path, text] of docs) {
  const file = join(root, path);
  mkdirSync(dirname(file), { recursive: true });
  let old = null;
  try {
    old = readFileSync(file, 'utf8');
  } catch {}
  if (old === text) continue;
  writeFileSync(file, text);
  console.log(`wrote ${path}`);
}
for (const f of readdirSync(join(root, 'docs/rules'))) {
  if (f.endsWith('.md') && !docs.has(`docs/rules/${f}`)) {
    rmSync(join(root, 'docs/rules', f));
    console.log(`removed docs/rules/${f}`);
  }
}
console.log(`docs up to date (${docs.size} files)`);
