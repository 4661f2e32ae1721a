/**
 * `hebao-check init DIR`: an empty data folder that passes `validate`, to
 * fill in. Every table as a CSV with its Chinese headers in GBK (Excel on a
 * Chinese Windows opens it as is, and saves it back as GBK), manifest.yaml,
 * town.yaml with placeholders, and 说明.txt saying what each file holds.
 * 说明.txt is UTF-8 with a BOM and CRLF line ends: Notepad on every Windows
 * version recognises the BOM, and so does every editor elsewhere, where GBK
 * would show as mojibake; it is read, never opened in Excel.
 * Never overwrites a file: a non-empty folder is refused unless --force, and
 * then only missing files are written.
 *
 * With --xlsx the tables come as one workbook instead, 数据.xlsx, a sheet per
 * table named in Chinese (村（社区）, 农户 …) with the Chinese headers in bold
 * in row 1, frozen; ID, code and phone columns are formatted as Text so that
 * Excel keeps an 18-digit ID as typed, date columns as dates. The loader
 * reads a workbook of that name sheet by sheet (src/contract/sheets.ts).
 */
import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { BOOK_NAMES, sheetNameOf } from '../contract/sheets.js';
import { MANIFEST_COLUMNS, TABLE_NAMES, TABLES, TOWN_COLUMNS, type BuiltInTable, type ColumnDef } from '../contract/tables.js';
import { writeXlsx, type XlsxSheetInput } from '../load/xlsx-writer.js';
import { cliMessage } from '../messages/cli.js';

import type { Lang } from '../model.js';

/** Placeholder for town.yaml's required names: valid text, plainly not a real name. */
export const PLACEHOLDER = '待填写';
export const NOTES_FILE = '说明.txt';
/** The workbook `init --xlsx` writes: every table, a sheet each. */
export const BOOK_FILE = BOOK_NAMES[0]!;

export interface InitFile {
  name: string;
  /** Other names that hold the same slot (households.yaml for households.csv): any of them present means keep. */
  sameSlot: string[];
  bytes: Buffer;
}

const YAML_FORMS = (slot: string) => [`${slot}.yaml`, `${slot}.yml`];

/** A CSV header line: cells quoted only when they must be. */
function csvLine(cells: readonly string[]): string {
  return cells.map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',') + '\r\n';
}

const MANIFEST_YAML = `# 导出说明（可选）。as_of 填数据截止日期，如 2020-12-31；留空则按运行当天判断是否到期。
town: ${PLACEHOLDER}
plan: hebao-2020
as_of:
exported_at:
source:
`;

const TOWN_YAML = `# 镇级信息。把“${PLACEHOLDER}”换成镇名和产业扶贫领导小组成员姓名；副组长每人一行，以“- ”开头。
name: ${PLACEHOLDER}
leadership_group:
  leader: ${PLACEHOLDER}
  first_deputy: ${PLACEHOLDER}
  deputies: []
  # deputies:
  #   - 姓名一
  #   - 姓名二
`;

/** How a column's value is written, in a few words for 说明.txt. */
function valueForm(c: ColumnDef): string {
  const t = c.type;
  switch (t.kind) {
    case 'bool':
      return '是/否';
    case 'date':
      return '日期，如 2020-12-31';
    case 'int':
      return '整数';
    case 'number':
      return '数字，不带单位';
    case 'enum':
      return `填 ${t.values.join('、')} 之一`;
    case 'ref':
      return `${TABLES[t.table as BuiltInTable].title}表中已有的编号`;
    case 'refList':
      return `${TABLES[t.table as BuiltInTable].title}表中已有的编号，多个用、分隔`;
    case 'list':
      return '多个用、分隔';
    case 'id':
      return '编号，不能重复';
    case 'text':
      return c.format === 'resident-id' ? '18 位身份证号，列设为“文本”' : '';
  }
}

function columnLines(cols: readonly ColumnDef[]): string[] {
  return cols.map((c) => {
    const form = valueForm(c);
    return `      ${c.header}${form ? `（${form}）` : ''}`;
  });
}

const ROLE: Record<BuiltInTable, string> = {
  villages: '每行一个行政村或社区',
  households: '每行一户农户',
  industries: '每行一个村的一项产业及其规模（同村同产业可分几行，单位须相同）',
  projects: '每行一个扶贫项目（村编号留空＝全镇项目）',
  enterprises: '每行一家企业',
  cooperatives: '每行一个农民专业合作社',
  instructors: '每行一名产业发展指导员、产业扶贫专家或农技人员',
  visits: '每行一次指导或走访（村编号、户编号、企业编号至少填一个）',
};

/** The text of 说明.txt for a folder the user named `dir` (its tables as CSV files, or as the sheets of 数据.xlsx). */
export function notesText(dir: string, form: 'csv' | 'xlsx' = 'csv'): string {
  const shown = /\s/.test(dir) ? `"${dir}"` : dir;
  const xlsx = form === 'xlsx';
  const out: string[] = [
    '数据文件夹说明',
    '================',
    '',
    '本文件夹由 hebao-check init 生成，用来存放一个乡镇的扶贫产业数据，供 hebao-check 对照',
    ...(xlsx
      ? [
          `《河包镇脱贫攻坚扶贫产业发展方案》逐条检查。各表都在 Excel 工作簿 ${BOOK_FILE} 中，每张表一个工作表，`,
          '工作表名就是表名（如“农户”），不要改名；第一行是中文表头，从第二行起每行一条记录。',
          '请用 Excel 或 WPS 打开填写，直接保存为 .xlsx 即可。',
        ]
      : [
          '《河包镇脱贫攻坚扶贫产业发展方案》逐条检查。每张表一个 CSV 文件，第一行是中文表头，',
          '从第二行起每行一条记录。请用 Excel 打开填写，保存时选“CSV（逗号分隔）”。',
        ]),
    '',
    '一、各文件的内容',
    '',
    '  manifest.yaml     导出说明（可选）：镇名、适用的方案（hebao-2020）、数据截止日期 as_of。',
    `  town.yaml         镇级信息：镇名和产业扶贫领导小组（组长、第一副组长、副组长）。`,
    `                    请用记事本打开，把“${PLACEHOLDER}”换成实际内容。`,
  ];
  if (xlsx) {
    out.push(`  ${padZh(BOOK_FILE, 18)}各表，每张表一个工作表：`);
    for (const t of TABLE_NAMES) out.push(`    ${padZh(sheetNameOf(t), 16)}${ROLE[t]}。`);
  } else for (const t of TABLE_NAMES) out.push(`  ${(t + '.csv').padEnd(18)}${TABLES[t].title}：${ROLE[t]}。`);
  out.push('', '二、每张表的列', '', '  必填列每行都要填；选填列可以留空，但有些规则要用到，留空则该规则显示“缺数据”。', '');
  for (const t of TABLE_NAMES) {
    const cols = TABLES[t].columns;
    out.push(xlsx ? `  工作表“${sheetNameOf(t)}”（${t}）` : `  ${t}.csv（${TABLES[t].title}）`);
    out.push('    必填：', ...columnLines(cols.filter((c) => c.required)));
    const optional = cols.filter((c) => !c.required);
    if (optional.length) out.push('    选填：', ...columnLines(optional));
    out.push('');
  }
  const townRequired = TOWN_COLUMNS.filter((c) => c.required).map((c) => c.header).join('、');
  const manifestKeys = MANIFEST_COLUMNS.map((c) => `${c.key}（${c.header}）`).join('、');
  out.push(
    `  town.yaml：必填 ${townRequired}；副组长选填，写成列表。`,
    `  manifest.yaml：${manifestKeys}，都可留空。`,
    '',
    '三、值的写法',
    '',
    '  是/否：填“是”或“否”（也认 true/false、yes/no、1/0）。',
    '  日期：2020-12-31、2020/12/31、2020.12.31 或 2020年12月31日均可。',
    '  数字：只填数字，可带小数和千分位逗号（如 1,000.5），不要带单位；单位见表头括号，如“投资金额（万元）”。',
    '  选项：只能填列出的词之一，如“类型”填“村”或“社区”。',
    '  编号：同一张表内不能重复；引用别的表（如农户表的“村编号”）时，须是那张表中已有的编号。',
    xlsx
      ? '  身份证号、村编号等长数字：模板中这些列已设为“文本”，请直接填写；若粘贴后变成 5.00153E+17 之类，说明末几位已丢失，须把该列设为“文本”后重新填写。'
      : '  身份证号、村编号等长数字：在 Excel 中先把该列设为“文本”再填写，否则会变成 5.00153E+17 之类，丢掉末几位。',
    '  姓名、身份证号、电话属于个人信息，检查报告中一律打码显示。',
    '',
    '四、填好后运行',
    '',
    `  hebao-check validate ${shown}`,
    '      只检查数据本身：类型、编号、引用是否正确，错误会给出文件、行号和列名。',
    `  hebao-check ${shown}`,
    '      对照方案逐条检查，按村、按指标列出 通过 / 未通过 / 未到期 / 缺数据 等结果。',
    '',
    '  hebao-check rules 可列出全部规则；hebao-check --help 查看更多用法。',
    '',
  );
  return out.join('\r\n');
}

/** Text padded to a display width, a CJK character counting two. */
function padZh(s: string, width: number): string {
  let w = 0;
  for (const ch of s) w += /[\u0000-\u00ff]/.test(ch) ? 1 : 2;
  return s + ' '.repeat(Math.max(1, width - w));
}

/** Every form a table may already have in the folder (households.csv, .yaml, .yml, .xlsx). */
const TABLE_FORMS = (t: BuiltInTable) => [`${t}.csv`, ...YAML_FORMS(t), `${t}.xlsx`];

/**
 * Every file of a new data folder, with its bytes. With `xlsx`, the tables
 * are one workbook holding a sheet for each table that has no file in
 * `present` (lower-case names already in the folder).
 */
export function initFiles(dir: string, opts: { xlsx?: boolean; present?: ReadonlySet<string> } = {}): InitFile[] {
  const files: InitFile[] = [
    { name: 'manifest.yaml', sameSlot: YAML_FORMS('manifest'), bytes: Buffer.from(MANIFEST_YAML, 'utf8') },
    { name: 'town.yaml', sameSlot: YAML_FORMS('town'), bytes: Buffer.from(TOWN_YAML, 'utf8') },
  ];
  if (opts.xlsx) {
    const present = opts.present ?? new Set<string>();
    // A table already in the folder in another form keeps it: a second form would be an error.
    const tables = TABLE_NAMES.filter((t) => !TABLE_FORMS(t).some((f) => present.has(f)));
    if (tables.length > 0) files.push({ name: BOOK_FILE, sameSlot: [...BOOK_NAMES], bytes: Buffer.from(workbook(tables)) });
  } else {
    for (const t of TABLE_NAMES) {
      const header = csvLine(TABLES[t].columns.map((c) => c.header));
      files.push({ name: `${t}.csv`, sameSlot: TABLE_FORMS(t), bytes: iconv.encode(header, 'gbk') });
    }
  }
  const bom = Buffer.from([0xef, 0xbb, 0xbf]);
  files.push({ name: NOTES_FILE, sameSlot: [NOTES_FILE], bytes: Buffer.concat([bom, Buffer.from(notesText(dir, opts.xlsx ? 'xlsx' : 'csv'), 'utf8')]) });
  return files;
}

/** Columns Excel must keep as typed: ids, references and personal numbers (an 18-digit ID would lose its last digits as a number). */
function textColumn(c: ColumnDef): boolean {
  const k = c.type.kind;
  return k === 'id' || k === 'ref' || k === 'refList' || c.personal === 'id_number' || c.personal === 'phone';
}

/** The empty workbook: a sheet per table, its Chinese headers in row 1. */
function workbook(tables: readonly BuiltInTable[]): Uint8Array {
  const sheets: XlsxSheetInput[] = tables.map((t) => {
    const cols = TABLES[t].columns;
    const idx = (f: (c: ColumnDef) => boolean) => cols.flatMap((c, i) => (f(c) ? [i] : []));
    return {
      name: sheetNameOf(t),
      rows: [cols.map((c) => c.header)],
      header: true,
      textColumns: idx(textColumn),
      dateColumns: idx((c) => c.type.kind === 'date'),
      // Wide enough for the header (a CJK character is two), and for an 18-digit ID.
      widths: cols.map((c) => Math.min(40, Math.max(10, [...c.header].length * 2 + 2, c.personal === 'id_number' ? 22 : 0))),
    };
  });
  return writeXlsx(sheets, { sharedStrings: true });
}

export interface InitOutput {
  exit: number;
  stdout: string;
  stderr: string;
}

/**
 * Writes a new data folder at `dir` (created if missing). Refuses a folder
 * that has anything but dotfiles in it unless `force`; even then an existing
 * file (or another form of the same table) is kept, never overwritten.
 */
export async function initCommand(dir: string, opts: { force: boolean; lang: Lang; xlsx?: boolean }): Promise<InitOutput> {
  const { lang } = opts;
  const refuse = (code: string, args: Record<string, string | number | null>): InitOutput => ({
    exit: 2,
    stdout: '',
    stderr: cliMessage(code, args, lang) + '\n',
  });
  let existing: string[] = [];
  try {
    const st = await stat(dir);
    if (!st.isDirectory()) return refuse('init-not-folder', { path: dir });
    existing = await readdir(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') return refuse('init-failed', { path: dir, reason: code ?? String(e) });
  }
  const visible = existing.filter((n) => !n.startsWith('.')).sort();
  if (visible.length && !opts.force) {
    const names = visible.slice(0, 5).join(lang === 'zh' ? '、' : ', ') + (visible.length > 5 ? (lang === 'zh' ? ' 等' : ', ...') : '');
    return refuse('init-not-empty', { path: dir, names });
  }
  try {
    await mkdir(dir, { recursive: true });
  } catch (e) {
    return refuse('init-failed', { path: dir, reason: (e as NodeJS.ErrnoException).code ?? String(e) });
  }
  const present = new Set(existing.map((n) => n.toLowerCase()));
  const written: string[] = [];
  const kept: string[] = [];
  for (const f of initFiles(dir, { xlsx: opts.xlsx === true, present })) {
    const same = f.sameSlot.find((n) => present.has(n.toLowerCase()));
    if (same) {
      kept.push(existing.find((n) => n.toLowerCase() === same.toLowerCase()) ?? same);
      continue;
    }
    try {
      // 'wx': a file that appeared meanwhile is not overwritten either.
      await writeFile(join(dir, f.name), f.bytes, { flag: 'wx' });
      written.push(f.name);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') {
        kept.push(f.name);
        continue;
      }
      return refuse('init-failed', { path: join(dir, f.name), reason: code ?? String(e) });
    }
  }
  const shown = /\s/.test(dir) ? `"${dir}"` : dir;
  const sep = lang === 'zh' ? '、' : ', ';
  const text = cliMessage(
    'init-done',
    { path: dir, count: written.length, files: written.join(sep), kept: kept.length ? kept.join(sep) : null, dir: shown },
    lang,
  );
  return { exit: 0, stdout: text + '\n', stderr: '' };
}
