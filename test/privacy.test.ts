/**
 * Personal data through the whole command line (issue 9, "Personal data"):
 * a row the scanner cannot split is reported by its line and what is wrong
 * with it, never its text; ID and phone numbers are masked in every way
 * people write them; names are masked by the contract's columns, table by
 * table. Every case runs every report format and the `validate` subcommand.
 * The inputs are in test/hostile/.
 */
import { readFileSync, rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from './helpers/cli.js';
import { makeDataFolder } from './helpers/data-folder.js';

const corpus = (name: string): Buffer => readFileSync(new URL(`./hostile/${name}`, import.meta.url));

const made: string[] = [];
function folder(overrides: Record<string, string | Buffer | null>): string {
  const dir = makeDataFolder(overrides);
  made.push(dir);
  return dir;
}
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

const CHECK_FORMATS = ['json', 'junit', 'markdown', 'table', 'text', 'html'] as const;
const VALIDATE_FORMATS = ['table', 'text', 'json'] as const;

interface Output {
  label: string;
  command: 'check' | 'validate';
  format: string;
  code: number;
  stdout: string;
  /** stdout and stderr: nothing may leak on either. */
  all: string;
}

/** The report of `dir` in every format of `hebao-check` and of `hebao-check validate`. */
async function everyFormat(dir: string, extra: string[] = []): Promise<Output[]> {
  const outs: Output[] = [];
  for (const format of CHECK_FORMATS) {
    const r = await run([dir, '--format', format, '--no-color', ...extra]);
    outs.push({ label: `--format ${format} ${extra.join(' ')}`, command: 'check', format, code: r.code, stdout: r.stdout, all: r.stdout + r.stderr });
  }
  for (const format of VALIDATE_FORMATS) {
    const r = await run(['validate', dir, '--format', format, '--no-color', ...extra]);
    outs.push({ label: `validate --format ${format} ${extra.join(' ')}`, command: 'validate', format, code: r.code, stdout: r.stdout, all: r.stdout + r.stderr });
  }
  return outs;
}

/** The output names the file and line of a data error (and its code, where the format shows codes). */
function expectLocated(o: Output, file: string, line: number, code?: string): void {
  if (o.format === 'json') {
    const errors = JSON.parse(o.stdout).dataErrors as { file: string; line: number | null; code: string }[];
    expect(
      errors.some((e) => e.file === file && e.line === line && (code === undefined || e.code === code)),
      `${o.label}: ${file}:${line} ${code ?? ''}`,
    ).toBe(true);
  } else if (o.command === 'check' && o.format === 'table') {
    // The table groups errors under the file's name, one line number per row.
    const at = o.stdout.search(new RegExp(`^${file.replace('.', '\\.')}$`, 'm'));
    expect(at, `${o.label}: heading ${file}`).toBeGreaterThan(-1);
    expect(o.stdout.slice(at), `${o.label}: line ${line}`).toMatch(new RegExp(`^\\s+${line}\\s`, 'm'));
  } else {
    expect(o.all, o.label).toContain(`${file}:${line}`);
  }
}

function expectAbsent(outs: Output[], secrets: readonly string[]): void {
  for (const o of outs) for (const s of secrets) expect(o.all, `${o.label} shows ${s}`).not.toContain(s);
}

describe('a row the scanner cannot split is reported by its line, never its text', () => {
  // Was a leak (src/validate/table.ts ragged-row): the error's value was the row as written.
  it('one cell too many, one too few: file, line and the cell counts; no name, no ID, even with --show-personal-data', async () => {
    const dir = folder({ 'households.csv': corpus('ragged-name.households.csv') });
    const outs = await everyFormat(dir);
    expectAbsent(outs, ['张三丰', '欧阳娜娜', '住转龙社区', '11010519491231002X', '110105********002X']);
    for (const o of outs) {
      expect(o.code, o.label).toBe(2);
      expectLocated(o, 'households.csv', 2, 'ragged-row');
      expectLocated(o, 'households.csv', 3, 'ragged-row');
    }
    const json = JSON.parse(outs.find((o) => o.format === 'json' && o.command === 'check')!.stdout);
    const ragged = json.dataErrors.filter((e: { code: string }) => e.code === 'ragged-row');
    expect(ragged.map((e: { line: number; value: unknown; args: unknown }) => [e.line, e.value, e.args])).toEqual([
      [2, null, { expected: 9, found: 10 }],
      [3, null, { expected: 9, found: 7 }],
    ]);
    // A raw row is never shown: the flag shows personal columns, not rows it cannot split.
    expectAbsent(await everyFormat(dir, ['--show-personal-data']), ['张三丰', '欧阳娜娜', '住转龙社区']);
  });

  // Was a leak (src/load/csv.ts unclosed): the value was the record's first line, names included.
  it('an unclosed quote that swallows the rows after it: the line it opens on, no names from any of those rows', async () => {
    const dir = folder({ 'households.csv': corpus('unclosed-quote-names.households.csv') });
    const outs = await everyFormat(dir);
    expectAbsent(outs, ['张三丰', '欧阳娜娜', '王五光']);
    for (const o of outs) {
      expect(o.code, o.label).toBe(2);
      expectLocated(o, 'households.csv', 3, 'csv-unclosed-quote');
    }
    expectAbsent(await everyFormat(dir, ['--show-personal-data']), ['张三丰', '欧阳娜娜', '王五光']);
  });

  // Was a leak (mask.ts): a quote that closes rows later makes one cell of several rows; its error showed them all.
  it('a quote that closes rows later: the cell is shown up to its first line end, not the rows inside it', async () => {
    const dir = folder({ 'households.csv': corpus('swallowed-rows.households.csv') });
    const outs = await everyFormat(dir);
    expectAbsent(outs, ['张三丰', '欧阳娜娜', '110105********002X']);
    for (const o of outs) expectLocated(o, 'households.csv', 3);
  });

  // Was a leak (validate/table.ts header row): without a header row the first household is read as the
  // header, and each of its cells came back as an unknown column, the head's name among them.
  it('a file with no header row: the first household is not shown as column names', async () => {
    const dir = folder({ 'households.csv': corpus('no-header.households.csv') });
    const outs = await everyFormat(dir);
    expectAbsent(outs, ['张三丰', '11010519491231002X']);
    for (const o of outs) {
      expect(o.code, o.label).toBe(2);
      expectLocated(o, 'households.csv', 1);
    }
    // The same run with the flag shows it: the test can see the name where it would leak.
    const shown = await run(['validate', dir, '--show-personal-data']);
    expect(shown.stdout).toContain('张三丰');
  });

  // Was a leak (src/load/yaml.ts): a list item that is not a mapping was reported with its text.
  it('a YAML list item written as one line of text: its line, not its text', async () => {
    const dir = folder({ 'households.csv': null, 'households.yaml': corpus('scalar-record.households.yaml') });
    const outs = await everyFormat(dir);
    expectAbsent(outs, ['张三丰', '欧阳娜娜']);
    for (const o of outs) {
      expectLocated(o, 'households.yaml', 8, 'yaml-record-not-mapping');
      expectLocated(o, 'households.yaml', 9, 'yaml-record-not-mapping');
    }
  });

  // Was a size problem: every ragged row's text went into the report (1M rows gave a 508 MB JSON report).
  it('20,000 rows with an extra column: every error keeps its file and line, none carries the row', async () => {
    const note = '帮扶说明'.repeat(50);
    const rows = Array.from({ length: 20_000 }, (_, i) => `H${i + 1},V1,张三丰,,3,未脱贫,2,是,,${note}`);
    const dir = folder({ 'households.csv': '户编号,村编号,户主姓名,证件号码,家庭人口数,贫困户状态,劳动力人数,产业覆盖,合作社编号\n' + rows.join('\n') + '\n' });
    const r = await run([dir, '--format', 'json']);
    expect(r.code).toBe(2);
    expect(r.stdout).not.toContain('张三丰');
    expect(r.stdout).not.toContain(note);
    const ragged = (JSON.parse(r.stdout).dataErrors as { file: string; line: number; value: unknown; code: string }[]).filter((e) => e.code === 'ragged-row');
    expect(ragged).toHaveLength(20_000);
    expect(ragged.every((e, i) => e.file === 'households.csv' && e.line === i + 2 && e.value === null)).toBe(true);
    // Each error costs its message and location (about 280 characters), not the row's 230 more.
    expect(r.stdout.length / 20_000).toBeLessThan(400);
  }, 120_000);
});

describe('ID numbers and phones are masked however they are written', () => {
  const RAW = ['110105 19491231 0021', '110105-19491231-0021', '１１０１０５１９４９１２３１００２１', '110105491231002', '023-46712345', '138.1234.5678', '19491231', '１９４９１２３１'];

  // Was a leak (mask.ts maskText): only 18 digits in one piece and mobiles with spaces or dashes were found.
  it('in a value quoted by a data error, in every format', async () => {
    const dir = folder({ 'households.csv': corpus('odd-numbers.households.csv') });
    const outs = await everyFormat(dir);
    expectAbsent(outs, RAW);
    for (const o of outs) for (const line of [3, 4, 5, 6, 7, 8]) expectLocated(o, 'households.csv', line, 'unknown-ref');
    const text = outs.find((o) => o.command === 'validate' && o.format === 'text')!.stdout;
    for (const m of ['110105********0021', '110105********1002', '023****2345', '138****5678']) expect(text).toContain(m);
  });

  it("in a waiver's reason, in every format", async () => {
    const dir = folder({ 'waivers.yaml': corpus('pii-reason.waivers.yaml') });
    const outs = (await everyFormat(dir)).filter((o) => o.command === 'check');
    expectAbsent(outs, RAW);
    const json = JSON.parse(outs.find((o) => o.format === 'json')!.stdout);
    const reasons = json.results.flatMap((r: { waiver?: { reason: string } }) => (r.waiver ? [r.waiver.reason] : []));
    expect(reasons.join('\n')).toContain('110105********0021');
  });
});

describe('names are masked by the contract: the column of its table, and an approver only when a person', () => {
  // Was a mask of everything (mask.ts maskReport): 镇扶贫办 came out as 镇*办.
  it('an approver that is an office is shown as written; one that is a person is masked', async () => {
    const dir = folder({ 'waivers.yaml': corpus('pii-reason.waivers.yaml') });
    const outs = (await everyFormat(dir)).filter((o) => o.command === 'check');
    expectAbsent(outs, ['欧阳娜娜']);
    const json = JSON.parse(outs.find((o) => o.format === 'json')!.stdout);
    const approvers = new Set(json.results.flatMap((r: { waiver?: { approvedBy: string } }) => (r.waiver ? [r.waiver.approvedBy] : [])));
    expect([...approvers].sort()).toEqual(['欧*娜', '镇扶贫办']);
    expect(outs.find((o) => o.format === 'text')!.stdout).toContain('镇扶贫办');
  });

  // Was a leak (mask.ts): keys and file names nobody vouches for were shown as written.
  it('an unknown key in waivers.yaml and a stray file named after a person are shown with the name masked', async () => {
    const waivers = '- rule: "3.8"\n  village: V1\n  reason: 社区改制\n  approved_by: 镇扶贫办\n  expires: 2099-01-01\n  张三丰: 同意\n';
    const dir = folder({ 'waivers.yaml': waivers, '张三丰.xlsx': 'x' });
    const outs = await everyFormat(dir);
    expectAbsent(outs, ['张三丰']);
    expect(outs.find((o) => o.command === 'validate' && o.format === 'text')!.stdout).toContain('张*丰.xlsx');
    expect(outs.find((o) => o.command === 'check' && o.format === 'text')!.stdout).toContain('waivers.yaml:6');
  });

  // Was a mask by bare header (mask.ts personalKind): any column called `name` was a person's name.
  it('`name` of a village or a cooperative is shown; `name` (姓名) of an instructor is masked', async () => {
    const dir = folder({
      'villages.csv': corpus('english-name.villages.csv'),
      'cooperatives.csv': null,
      'cooperatives.yaml': '- cooperative_id: C1\n  合作社名称: 红薯合作社\n  name: 河包红薯专业合作社\n  village_id: V1\n  members: 10\n  poor_members: 3\n',
      'instructors.csv': null,
      'instructors.yaml': '- instructor_id: I1\n  name: 周七\n  姓名: 欧阳娜娜\n  role: 产业发展指导员\n  villages: [V1, V2]\n',
    });
    for (const o of await everyFormat(dir)) {
      expect(o.all, o.label).not.toContain('欧阳娜娜');
      if (o.format !== 'junit' && !(o.command === 'check' && o.format === 'table')) {
        expect(o.all, o.label).toContain('核桃村');
        expect(o.all, o.label).not.toContain('核*村');
      }
    }
    const v = await run(['validate', dir, '--format', 'json']);
    const errors = JSON.parse(v.stdout).dataErrors as { file: string; column: string; value: string; code: string }[];
    const by = (file: string) => errors.filter((e) => e.file === file).map((e) => [e.column, e.value, e.code]);
    expect(by('villages.csv')).toEqual([['name', '核桃村', 'duplicate-village-name']]);
    expect(by('cooperatives.yaml')).toEqual([['name', '河包红薯专业合作社', 'duplicate-column']]);
    expect(by('instructors.yaml')).toEqual([['姓名', '欧*娜', 'duplicate-column']]);
  });
});

