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
 *
 * With --rules PACK the folder follows that pack's contract: the columns its
 * `data:` declares in the tables' headers, its own tables as files (or
 * sheets named by their titles), its town.yaml keys in town.yaml, its words
 * in 说明.txt, and manifest.yaml's plan naming it, so that later runs read the
 * folder with that pack. Without it, the built-in contract and hebao-2020.
 */
import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { BUILT_IN, type Contract } from '../contract/contract.js';
import { BOOK_NAMES, sheetNameOf, tableOfSheet } from '../contract/sheets.js';
import type { BuiltInTable, ColumnDef, TableName } from '../contract/tables.js';
import { packPath, type RulePack } from '../engine/pack.js';
import { writeXlsx, type XlsxSheetInput } from '../load/xlsx-writer.js';
import { cliMessage, type CliCode } from '../messages/cli.js';
import { manifestPlan } from '../run.js';

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

/** The plan a new folder is made for: the pack later runs use, and the contract its files follow. */
export interface InitPlan {
  /** The pack's id: manifest.yaml's plan. */
  id: string;
  /** The plan's Chinese title, named in 说明.txt. */
  title: string;
  /** The town the plan is for, written as the town's name; null leaves the placeholder. */
  town: string | null;
  contract: Contract;
  /** The --rules later runs need (a pack file other than the bundled pack of its id), else null. */
  rules: string | null;
}

/** Without --rules: the built-in contract, for the 2020 plan. */
export const BUILT_IN_PLAN: InitPlan = Object.freeze({ id: 'hebao-2020', title: '河包镇脱贫攻坚扶贫产业发展方案', town: null, contract: BUILT_IN, rules: null });

/**
 * The plan of a pack opened from `given` (--rules as typed). A bundled pack is
 * found again by manifest.yaml's plan; any other file (also a copy of a
 * bundled one) must be named with --rules on every run.
 */
export function initPlan(pack: RulePack, given: string): InitPlan {
  const bundled = packPath(pack.id) === pack.file;
  return { id: pack.id, title: pack.title.zh, town: pack.town, contract: pack.contract, rules: bundled ? null : given };
}

/** Text on one line: a name from a pack inside a comment or 说明.txt (which must keep its CRLF lines). */
const oneLine = (s: string) => s.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ');

/** A YAML scalar: plain when it reads back as the same text, else double-quoted (JSON is valid YAML). */
function yamlScalar(s: string): string {
  const plain = /^[\p{L}][\p{L}\p{N}_-]*$/u.test(s) && !/^(true|false|null|yes|no|on|off|y|n)$/i.test(s);
  return plain ? s : JSON.stringify(s);
}

/** A path or folder as it goes into a command line: quoted when it has a space. */
const arg = (s: string) => (/\s/.test(s) ? `"${s}"` : s);

/** Whether a column of a table (or `town`) is one the pack adds (not one whose words it only extends). */
function added(contract: Contract, slot: string, key: string): boolean {
  if (!contract.declared.has(`${slot}.${key}`)) return false;
  const builtIn = slot === 'town' ? BUILT_IN.town : (BUILT_IN.tables[slot]?.columns ?? []);
  return !builtIn.some((c) => c.key === key);
}

/** A table the pack adds. */
const addedTable = (contract: Contract, t: TableName) => contract.declared.has(t) && !Object.hasOwn(BUILT_IN.tables, t);

/** Marks what a pack adds in 说明.txt. */
const MARK = '★';

/** A CSV header line: cells quoted only when they must be. */
function csvLine(cells: readonly string[]): string {
  return cells.map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',') + '\r\n';
}

function manifestYaml(plan: InitPlan): string {
  return `# 导出说明（可选）。as_of 填数据截止日期，如 2020-12-31；留空则按运行当天判断是否到期。
town: ${plan.town === null ? PLACEHOLDER : yamlScalar(plan.town)}
plan: ${yamlScalar(plan.id)}
as_of:
exported_at:
source:
`;
}

function townYaml(plan: InitPlan): string {
  const named = plan.town !== null;
  let text = `# 镇级信息。把“${PLACEHOLDER}”换成${named ? '' : '镇名和'}产业扶贫领导小组成员姓名；副组长每人一行，以“- ”开头。
name: ${named ? yamlScalar(plan.town!) : PLACEHOLDER}
leadership_group:
  leader: ${PLACEHOLDER}
  first_deputy: ${PLACEHOLDER}
  deputies: []
  # deputies:
  #   - 姓名一
  #   - 姓名二
`;
  const keys = plan.contract.town.filter((c) => added(plan.contract, 'town', c.key));
  if (keys.length) {
    text += `\n# 以下各项由规则包 ${oneLine(plan.id)} 增加，填法见 说明.txt。\n`;
    for (const c of keys) {
      const form = valueForm(c, plan.contract);
      text += `# ${oneLine(c.header)}${form ? `：${oneLine(form)}` : ''}${c.required ? '（必填）' : ''}\n`;
      // A required text gets the placeholder as the names do; a figure is never made up: left empty, validate asks for it.
      const value = c.type.kind === 'list' ? ' []' : c.required && c.type.kind === 'text' ? ` ${PLACEHOLDER}` : '';
      text += `${c.key}:${value}\n`;
    }
  }
  return text;
}

/** How a column's value is written, in a few words for 说明.txt. */
function valueForm(c: ColumnDef, contract: Contract): string {
  const t = c.type;
  switch (t.kind) {
    case 'bool':
      return '是/否';
    case 'date':
      return '日期，如 2020-12-31';
    case 'int':
      return '整数';
    case 'number':
      // A unit the header does not already say (家庭人均纯收入（元） does).
      return c.unit && !c.header.includes(c.unit) ? `数字，单位为${c.unit}，不带单位` : '数字，不带单位';
    case 'enum':
      return `填 ${t.values.join('、')} 之一`;
    case 'ref':
      return `${contract.tables[t.table]?.title ?? t.table}表中已有的编号`;
    case 'refList':
      return `${contract.tables[t.table]?.title ?? t.table}表中已有的编号，多个用、分隔`;
    case 'list':
      return '多个用、分隔';
    case 'id':
      return '编号，不能重复';
    case 'text':
      return c.format === 'resident-id' ? '18 位身份证号，列设为“文本”' : '';
  }
}

function columnLines(cols: readonly ColumnDef[], contract: Contract, table: TableName): string[] {
  return cols.map((c) => {
    const form = valueForm(c, contract);
    return oneLine(`      ${c.header}${form ? `（${form}）` : ''}${added(contract, table, c.key) ? MARK : ''}`);
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
export function notesText(dir: string, form: 'csv' | 'xlsx' = 'csv', plan: InitPlan = BUILT_IN_PLAN): string {
  const { contract } = plan;
  const shown = arg(dir);
  const xlsx = form === 'xlsx';
  const title = oneLine(plan.title);
  const packId = oneLine(plan.id);
  // A pack file that is not bundled is named on every run.
  const rules = plan.rules === null ? '' : ` --rules ${arg(plan.rules)}`;
  const sheets = sheetNames(contract);
  const newTables = contract.tableNames.filter((t) => addedTable(contract, t));
  const newTownKeys = contract.town.filter((c) => added(contract, 'town', c.key));
  const marked = newTownKeys.length > 0 || contract.tableNames.some((t) => contract.tables[t]!.columns.some((c) => added(contract, t, c.key)));
  const role = (t: TableName) => (Object.hasOwn(ROLE, t) && !addedTable(contract, t) ? ROLE[t as BuiltInTable] : `规则包 ${packId} 增加的表`);
  const out: string[] = [
    '数据文件夹说明',
    '================',
    '',
    '本文件夹由 hebao-check init 生成，用来存放一个乡镇的扶贫产业数据，供 hebao-check 对照',
    ...(xlsx
      ? [
          `《${title}》逐条检查。各表都在 Excel 工作簿 ${BOOK_FILE} 中，每张表一个工作表，`,
          '工作表名就是表名（如“农户”），不要改名；第一行是中文表头，从第二行起每行一条记录。',
          '请用 Excel 或 WPS 打开填写，直接保存为 .xlsx 即可。',
        ]
      : [
          `《${title}》逐条检查。每张表一个 CSV 文件，第一行是中文表头，`,
          '从第二行起每行一条记录。请用 Excel 打开填写，保存时选“CSV（逗号分隔）”。',
        ]),
    '',
    '一、各文件的内容',
    '',
    `  manifest.yaml     导出说明（可选）：镇名、适用的方案（${packId}）、数据截止日期 as_of。`,
    `  town.yaml         镇级信息：镇名和产业扶贫领导小组（组长、第一副组长、副组长）${newTownKeys.length ? `，以及规则包增加的 ${newTownKeys.map((c) => c.key).join('、')}` : ''}。`,
    `                    请用记事本打开，把“${PLACEHOLDER}”换成实际内容。`,
  ];
  if (xlsx) {
    out.push(`  ${padZh(BOOK_FILE, 18)}各表，每张表一个工作表：`);
    for (const t of contract.tableNames) out.push(oneLine(`    ${padZh(sheets.get(t)!, 16)}${role(t)}。`));
  } else for (const t of contract.tableNames) out.push(oneLine(`  ${(t + '.csv').padEnd(Math.max(18, t.length + 5))}${contract.tables[t]!.title}：${role(t)}。`));
  out.push('', '二、每张表的列', '', '  必填列每行都要填；选填列可以留空，但有些规则要用到，留空则该规则显示“缺数据”。');
  if (marked || newTables.length) {
    out.push(`  标有${MARK}的列和键由规则包 ${packId} 增加，内置的数据格式中没有${newTables.length ? `；${newTables.map((t) => oneLine(contract.tables[t]!.title)).join('、')}是规则包增加的表` : ''}。`);
  }
  out.push('');
  for (const t of contract.tableNames) {
    const cols = contract.tables[t]!.columns;
    const mark = addedTable(contract, t) ? MARK : '';
    out.push(oneLine(xlsx ? `  工作表“${sheets.get(t)!}”（${t}）${mark}` : `  ${t}.csv（${contract.tables[t]!.title}）${mark}`));
    out.push('    必填：', ...columnLines(cols.filter((c) => c.required), contract, t));
    const optional = cols.filter((c) => !c.required);
    if (optional.length) out.push('    选填：', ...columnLines(optional, contract, t));
    out.push('');
  }
  const townRequired = contract.town.filter((c) => c.required && !added(contract, 'town', c.key)).map((c) => c.header).join('、');
  const manifestKeys = contract.manifest.map((c) => `${c.key}（${c.header}）`).join('、');
  out.push(`  town.yaml：必填 ${townRequired}；副组长选填，写成列表。`);
  if (newTownKeys.length) {
    out.push(`    规则包增加的键（写在 town.yaml 末尾已列出的键后）：`);
    for (const c of newTownKeys) {
      const form = valueForm(c, contract);
      out.push(oneLine(`      ${c.key}：${c.header}${form ? `（${form}）` : ''}，${c.required ? '必填' : '选填'}${MARK}`));
    }
  }
  out.push(
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
    `  hebao-check validate ${shown}${rules}`,
    '      只检查数据本身：类型、编号、引用是否正确，错误会给出文件、行号和列名。',
    `  hebao-check ${shown}${rules}`,
    '      对照方案逐条检查，按村、按指标列出 通过 / 未通过 / 未到期 / 缺数据 等结果。',
    '',
    plan === BUILT_IN_PLAN
      ? '  hebao-check rules 可列出全部规则；hebao-check --help 查看更多用法。'
      : `  hebao-check rules --rules ${arg(plan.rules ?? plan.id)} 可列出全部规则；hebao-check --help 查看更多用法。`,
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
const TABLE_FORMS = (t: TableName) => [`${t}.csv`, ...YAML_FORMS(t), `${t}.xlsx`];

/**
 * The sheet each table is written to: its title (村（社区）, 农户, 群众调查),
 * unless Excel refuses that name or the loader would read it as another
 * table's (a pack's table titled 项目): then its English name, which the
 * loader also reads.
 */
function sheetNames(contract: Contract): Map<TableName, string> {
  const out = new Map<TableName, string>();
  for (const t of contract.tableNames) {
    const title = sheetNameOf(t, contract);
    const excelOk = title.length <= 31 && !/[\\/?*[\]:]/.test(title) && !/^'|'$/.test(title) && title.toLowerCase() !== 'history' && oneLine(title) === title;
    out.set(t, excelOk && tableOfSheet(title, contract) === t ? title : t);
  }
  return out;
}

/** A CSV's header line: GBK, as Excel on a Chinese Windows reads it; UTF-8 with a BOM when a pack's header has a character GBK lacks. */
function csvHeader(headers: readonly string[]): Buffer {
  const line = csvLine(headers);
  const gbk = iconv.encode(line, 'gbk');
  if (iconv.decode(gbk, 'gbk') === line) return gbk;
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(line, 'utf8')]);
}

/**
 * Every file of a new data folder, with its bytes. With `xlsx`, the tables
 * are one workbook holding a sheet for each table that has no file in
 * `present` (lower-case names already in the folder).
 */
export function initFiles(dir: string, opts: { xlsx?: boolean; present?: ReadonlySet<string>; plan?: InitPlan } = {}): InitFile[] {
  const plan = opts.plan ?? BUILT_IN_PLAN;
  const { contract } = plan;
  const files: InitFile[] = [
    { name: 'manifest.yaml', sameSlot: YAML_FORMS('manifest'), bytes: Buffer.from(manifestYaml(plan), 'utf8') },
    { name: 'town.yaml', sameSlot: YAML_FORMS('town'), bytes: Buffer.from(townYaml(plan), 'utf8') },
  ];
  if (opts.xlsx) {
    const present = opts.present ?? new Set<string>();
    // A table already in the folder in another form keeps it: a second form would be an error.
    const tables = contract.tableNames.filter((t) => !TABLE_FORMS(t).some((f) => present.has(f)));
    if (tables.length > 0) files.push({ name: BOOK_FILE, sameSlot: [...BOOK_NAMES], bytes: Buffer.from(workbook(tables, contract)) });
  } else {
    for (const t of contract.tableNames) {
      files.push({ name: `${t}.csv`, sameSlot: TABLE_FORMS(t), bytes: csvHeader(contract.tables[t]!.columns.map((c) => c.header)) });
    }
  }
  const bom = Buffer.from([0xef, 0xbb, 0xbf]);
  files.push({ name: NOTES_FILE, sameSlot: [NOTES_FILE], bytes: Buffer.concat([bom, Buffer.from(notesText(dir, opts.xlsx ? 'xlsx' : 'csv', plan), 'utf8')]) });
  return files;
}

/** Columns Excel must keep as typed: ids, references and personal numbers (an 18-digit ID would lose its last digits as a number). */
function textColumn(c: ColumnDef): boolean {
  const k = c.type.kind;
  return k === 'id' || k === 'ref' || k === 'refList' || c.personal === 'id_number' || c.personal === 'phone';
}

/** The empty workbook: a sheet per table, its Chinese headers in row 1. */
function workbook(tables: readonly TableName[], contract: Contract): Uint8Array {
  const names = sheetNames(contract);
  const sheets: XlsxSheetInput[] = tables.map((t) => {
    const cols = contract.tables[t]!.columns;
    const idx = (f: (c: ColumnDef) => boolean) => cols.flatMap((c, i) => (f(c) ? [i] : []));
    return {
      name: names.get(t)!,
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
export async function initCommand(dir: string, opts: { force: boolean; lang: Lang; xlsx?: boolean; plan?: InitPlan }): Promise<InitOutput> {
  const { lang } = opts;
  const refuse = (code: CliCode, args: Record<string, string | number | null>): InitOutput => ({
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
  for (const f of initFiles(dir, { xlsx: opts.xlsx === true, present, plan: opts.plan })) {
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
  const shown = arg(dir) + (opts.plan?.rules != null ? ` --rules ${arg(opts.plan.rules)}` : '');
  const sep = lang === 'zh' ? '、' : ', ';
  const text = cliMessage(
    'init-done',
    { path: dir, count: written.length, files: written.join(sep), kept: kept.length ? kept.join(sep) : null, dir: shown },
    lang,
  );
  // A manifest kept from before that names another plan would have later runs read the folder by that plan.
  // (A manifest without a plan: hebao-2020, as a run without --rules.)
  const keptPlan = opts.plan && !written.includes('manifest.yaml') ? (manifestPlan(dir) ?? BUILT_IN_PLAN.id) : null;
  const stderr = keptPlan !== null && keptPlan !== opts.plan!.id ? cliMessage('init-kept-plan', { plan: keptPlan, pack: opts.plan!.id }, lang) + '\n' : '';
  return { exit: 0, stdout: text + '\n', stderr };
}
