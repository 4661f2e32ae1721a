/**
 * docs/ is generated from the contract and the rule packs (src/docs/generate.ts):
 * a committed doc that differs from what the generator makes now is stale,
 * and the doc never promises a value form the loader refuses.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { TABLE_NAMES, TABLES, type ColumnDef } from '../src/contract/tables.js';
import { buildDocs, CELL_FORMS, dataDoc } from '../src/docs/generate.js';
import { loadPack } from '../src/engine/pack.js';
import { CellFail, cellParser } from '../src/validate/cells.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

describe('generated docs', () => {
  let docs: Map<string, string>;
  beforeAll(async () => {
    docs = await buildDocs(ROOT);
  });

  it('are committed as the generator makes them now', () => {
    expect([...docs.keys()]).toEqual(expect.arrayContaining(['docs/data.md', 'docs/rules/hebao-2020.md']));
    for (const [path, text] of docs) {
      const file = join(ROOT, path);
      const committed = existsSync(file) ? readFileSync(file, 'utf8').replace(/\r\n/g, '\n') : null;
      expect(committed, `${path} is stale or missing: run \`npm run docs\` and commit it`).toBe(text);
    }
    const onDisk = readdirSync(join(ROOT, 'docs/rules')).filter((f) => f.endsWith('.md'));
    for (const f of onDisk) expect(docs.has(`docs/rules/${f}`), `docs/rules/${f} has no rule pack: run \`npm run docs\``).toBe(true);
  });

  it('data.md names every table and every column with its Chinese header and key', () => {
    const md = docs.get('docs/data.md')!;
    for (const t of TABLE_NAMES) {
      expect(md).toContain(`### ${t}.csv — ${TABLES[t].title}`);
      for (const c of TABLES[t].columns) expect(md).toContain(`| ${c.header} | \`${c.key}\` |`);
    }
    expect(md).toContain('已脱贫(享受政策) → 已脱贫');
    expect(md).not.toMatch(/shared\/|data-contract\.md/);
  });

  it('data.md shows personal examples masked, as every report does', () => {
    const md = docs.get('docs/data.md')!;
    const row = (header: string) => md.split('\n').find((l) => l.startsWith(`| ${header} |`))!;
    expect(row('证件号码')).toMatch(/\| \d{6}\*{8}[\dX]{4} \|/);
    expect(row('联系电话')).toMatch(/\| 1\d{2}\*{4}\d{4} \|/);
    expect(row('户主姓名')).toMatch(/\| \S\*\S? \|/);
    // No resident ID or mobile number of the sample in full anywhere.
    expect(md).not.toMatch(/\d{17}[\dX]/);
    expect(md).not.toMatch(/(?<!\d)1[3-9]\d{9}(?!\d)/);
  });

  it('data.md falls back to an example of the type when there is no sample', () => {
    const md = dataDoc(null);
    const row = md.split('\n').find((l) => l.startsWith('| 贫困户状态 |'))!;
    expect(row).toContain('| 未脱贫 |');
  });

  it('every value form data.md shows is accepted by the loader', () => {
    const col = (kind: ColumnDef['type']): ColumnDef => ({ key: 'x', header: 'x', type: kind, required: true });
    const accepts = (c: ColumnDef, raw: string) => !(cellParser(c)(raw) instanceof CellFail);
    for (const f of CELL_FORMS.date) expect(accepts(col({ kind: 'date' }), f), f).toBe(true);
    for (const f of CELL_FORMS.number) expect(accepts(col({ kind: 'number' }), f), f).toBe(true);
    for (const f of CELL_FORMS.int) expect(accepts(col({ kind: 'int' }), f), f).toBe(true);
    for (const f of CELL_FORMS.list) expect(cellParser(col({ kind: 'list' }))(f), f).toEqual(['V1', 'V2']);
    expect(accepts(col({ kind: 'number' }), '12亩')).toBe(false);
  });

  it('the rules doc has every rule with its quote and due date, and every unchecked clause', () => {
    const pack = loadPack('hebao-2020');
    const md = docs.get('docs/rules/hebao-2020.md')!;
    for (const { meta } of pack.rules) {
      const section = md.split(`## ${meta.id} `)[1]!.split('\n## ')[0]!;
      expect(section, meta.id).toContain(`> ${meta.quote}`);
      expect(section, meta.id).toContain(`截止 due: ${meta.due ?? '持续 standing'}`);
      expect(section, meta.id).toContain(meta.targetText.zh);
    }
    for (const u of pack.unchecked) expect(md).toContain(`| ${u.clause} | ${u.reason.zh} | ${u.reason.en} |`);
  });
});

describe('README', () => {
  it('links the generated docs and points at nothing users do not have', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain('docs/data.md');
    expect(readme).toContain('docs/rules/hebao-2020.md');
    expect(readme).not.toMatch(/shared\/spec|data-contract\.md/);
  });
});
