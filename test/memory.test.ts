/**
 * A folder too big for the memory the run has stops with a message that says
 * so (exit 2), never with V8's own abort and stack trace: memory, not a size
 * cap, is the limit. Tables are kept as columns (src/store), outside the JS
 * heap, and a big UTF-8 file is read as bytes, never decoded whole: what
 * fills the heap is text that does not repeat, here a note of its own on
 * each of 1.2M households (400,000 households outgrew 96 MB when records were
 * objects; without the notes, 1.2M now fit in 40 MB).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { makeDataFolder } from './helpers/data-folder.js';

const BIN = new URL('../bin/hebao-check.js', import.meta.url).pathname;

function households(n: number): string {
  const out = ['户编号,村编号,户主姓名,家庭人口数,贫困户状态,劳动力人数,产业覆盖,帮扶措施'];
  for (let i = 0; i < n; i++) out.push(`H${i},V${(i % 2) + 1},户主${i},3,${i % 3 ? '非贫困户' : '已脱贫'},2,是,第${i}户的帮扶措施`);
  return out.join('\n') + '\n';
}

describe('memory', () => {
  it('a folder that outgrows the heap stops with a message naming the file and the fix, exit 2', () => {
    const dir = makeDataFolder({ 'households.csv': households(1_200_000) });
    const r = spawnSync(process.execPath, ['--max-old-space-size=64', BIN, dir, '--format', 'json'], { encoding: 'utf8', env: { ...process.env, LANG: 'zh_CN.UTF-8' } });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^内存不足，检查已停止：读取 households\.csv 时已用 \d+ MB，上限 \d+ MB。.*NODE_OPTIONS=--max-old-space-size=\d+/);
    expect(r.stderr).not.toMatch(/FATAL ERROR|at .*\.js:\d+|heap out of memory/);
    expect(r.stdout).toBe('');
  });

  it('the same folder with the memory it needs is checked', () => {
    const dir = makeDataFolder({ 'households.csv': households(1_200_000) });
    const out = execFileSync(process.execPath, ['--max-old-space-size=2048', BIN, 'validate', dir, '--format', 'json'], { encoding: 'utf8' });
    expect(JSON.parse(out).rows).toBeGreaterThan(1_200_000);
  });
});
