/**
 * `hebao-check init DIR`: a fresh folder a clerk can open in Excel and fill
 * in, valid as it is, and never written over.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { TABLE_NAMES, TABLES } from '../src/contract/tables.js';
import { loadPack } from '../src/engine/pack.js';
import { run } from './helpers/cli.js';

const STACK = /^\s+at .+:\d+:\d+\)?$/m;
const tmp = () => mkdtempSync(join(tmpdir(), 'hebao-init-'));

describe('hebao-check init', () => {
  it('writes every table, manifest.yaml, town.yaml and 说明.txt, and says so in Chinese', async () => {
    const dir = join(tmp(), '2020-12');
    const r = await run(['init', dir]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const expected = ['manifest.yaml', 'town.yaml', ...TABLE_NAMES.map((t) => `${t}.csv`), '说明.txt'];
    expect(readdirSync(dir).sort()).toEqual([...expected].sort());
    expect(r.stdout).toContain('建好数据文件夹');
    for (const f of expected) expect(r.stdout).toContain(f);
    expect(r.stdout).toContain(`hebao-check validate ${dir}`);
  });

  it('speaks English with --lang en', async () => {
    const r = await run(['init', join(tmp(), 'new'), '--lang', 'en']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^wrote a data folder at .*: 11 files/);
  });

  it('makes a folder that validate accepts, with no notice about its own files', async () => {
    const dir = join(tmp(), 'd');
    await run(['init', dir]);
    const r = await run(['validate', dir, '--format', 'json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.valid).toBe(true);
    expect(out.dataErrors).toEqual([]);
    expect(out.notices).toEqual([]);
  });

  it('writes the CSVs in GBK with the Chinese headers, which Excel on a Chinese Windows opens as is', async () => {
    const dir = join(tmp(), 'd');
    await run(['init', dir]);
    for (const t of TABLE_NAMES) {
      const bytes = readFileSync(join(dir, `${t}.csv`));
      // Not UTF-8 (Excel would show mojibake for UTF-8 without a BOM), and no BOM.
      expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes), t).toThrow();
      const text = iconv.decode(bytes, 'gbk');
      expect(text).toBe(TABLES[t].columns.map((c) => c.header).join(',') + '\r\n');
    }
  });

  it('writes 说明.txt as UTF-8 with a BOM, naming every file, the required columns and the next commands', async () => {
    const dir = join(tmp(), 'my data');
    await run(['init', dir]);
    const bytes = readFileSync(join(dir, '说明.txt'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    for (const t of TABLE_NAMES) expect(text).toContain(`${t}.csv`);
    expect(text).toMatch(/households\.csv（农户）\r\n    必填：\r\n      户编号/);
    expect(text).toContain('是/否');
    expect(text).toContain('2020-12-31');
    // A path with a space is quoted, so the commands can be pasted as they are.
    expect(text).toContain(`hebao-check validate "${dir}"`);
    expect(text).toContain(`hebao-check "${dir}"`);
    expect(text).not.toMatch(/(?<!\r)\n/);
  });

  it('refuses a folder that is not empty, writing nothing, and exits 2', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'villages.csv'), 'mine');
    const r = await run(['init', dir]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('不是空文件夹');
    expect(r.stderr).toContain('villages.csv');
    expect(r.stderr).toContain('--force');
    expect(r.stderr).not.toMatch(STACK);
    expect(readdirSync(dir)).toEqual(['villages.csv']);
  });

  it('with --force adds only the missing files and overwrites none, nor adds a second form of a table', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'villages.csv'), 'mine');
    writeFileSync(join(dir, 'Households.YAML'), '[]\n');
    const r = await run(['init', dir, '--force']);
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'villages.csv'), 'utf8')).toBe('mine');
    const files = readdirSync(dir);
    expect(files).not.toContain('households.csv');
    expect(files).toContain('projects.csv');
    expect(r.stdout).toContain('已有的文件保持不变：villages.csv、Households.YAML');
  });

  it('refuses a path that is a file', async () => {
    const file = join(tmp(), 'x.csv');
    writeFileSync(file, 'a');
    const r = await run(['init', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('是文件，不是文件夹');
    expect(readFileSync(file, 'utf8')).toBe('a');
  });

  it('runs the check on the fresh folder: one town result per rule, no crash, no data error', async () => {
    const dir = join(tmp(), 'd');
    await run(['init', dir]);
    const r = await run([dir, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect([0, 1]).toContain(r.code);
    const report = JSON.parse(r.stdout);
    expect(report.dataErrors).toEqual([]);
    expect(report.plan).toBe('hebao-2020');
    const ids = loadPack('hebao-2020').rules.map((x) => x.meta.id);
    const town = report.results.filter((x: { village: string | null }) => x.village === null);
    expect(town.map((x: { rule: string }) => x.rule)).toEqual(ids);
    expect(report.results).toHaveLength(ids.length);
    // The placeholders do not pass the leadership rule: no deputies yet.
    expect(town.find((x: { rule: string }) => x.rule === '5.1').status).toBe('fail');
    // The table report renders too.
    const table = await run([dir]);
    expect(table.stderr).toBe('');
    expect(table.stdout).toContain('全镇');
  });
});

describe('init shows the folder it was given escaped', () => {
  it('a folder name with an ESC and a line starting :: reaches the terminal as text', async () => {
    const base = mkdtempSync(join(tmpdir(), 'hebao-init-esc-'));
    const dir = join(base, 'a\u001b[2Jb\n::error::x');
    const r = await run(['init', dir]);
    expect(r.code).toBe(0);
    expect(r.stdout + r.stderr).not.toContain('\u001b');
    expect((r.stdout + r.stderr).split('\n').some((l) => l.startsWith('::'))).toBe(false);
    rmSync(base, { recursive: true, force: true });
  });
});
