/**
 * Wording of every data error and notice of the data layer (src/load,
 * src/validate), Chinese first. Each message says what is allowed, so the
 * person fixing the file knows what to write instead.
 */
import { sheetNameOf } from '../contract/sheets.js';
import { TABLE_NAMES } from '../contract/tables.js';
import { tableWords } from './words.js';

type Args = Record<string, string | number | null>;
type Message = { zh: (a: Args) => string; en: (a: Args) => string };

const MAX_MB = (a: Args) => Math.round(Number(a.max) / 1024 / 1024);

/** town.yaml and manifest.yaml: a record's keys, not a table's columns. */
function isRecordFile(t: unknown): boolean {
  return t === 'town' || t === 'manifest';
}

function tableZh(t: unknown): string {
  if (t === 'town') return '镇级信息（town.yaml）';
  if (t === 'manifest') return '导出说明（manifest.yaml）';
  return tableWords(t)?.title ?? String(t);
}

const ID_REASON_ZH: Record<string, string> = {
  length: '长度应为 18 位（残疾证号为 20 或 22 位）',
  chars: '前 17 位应为数字，第 18 位为数字或 X',
  checksum: '校验位不符，请核对号码',
  'excel-number': '被 Excel 转成了科学计数法，请把该列设为“文本”后重新填写',
};
const ID_REASON_EN: Record<string, string> = {
  length: 'it must have 18 characters (20 or 22 for a disability certificate number)',
  chars: 'the first 17 characters must be digits and the 18th a digit or X',
  checksum: 'the check character does not match; check the number',
  'excel-number': 'Excel turned it into scientific notation; format the column as Text and enter it again',
};

const XLSX_REASON_ZH: Record<string, string> = {
  'not-zip': '文件已损坏，或不是 .xlsx 格式；请在 Excel 中打开后另存为“Excel 工作簿(*.xlsx)”',
  ole: '这是旧版 .xls 文件，或设置了打开密码的工作簿；请在 Excel 中去掉密码，另存为“Excel 工作簿(*.xlsx)”',
  encrypted: '工作簿中的文件被加密了；请在 Excel 中去掉密码后重新保存',
  'no-workbook': '文件中没有工作簿内容，不是 Excel 工作簿；请在 Excel 中另存为“Excel 工作簿(*.xlsx)”',
  'no-sheet': '工作簿中没有工作表',
  damaged: '文件已损坏；请在 Excel 中打开后重新保存，或重新导出',
  'too-large': '解压后的内容过大，可能已损坏或是恶意构造的文件；请在 Excel 中打开后另存为 CSV',
};
const XLSX_REASON_EN: Record<string, string> = {
  'not-zip': 'the file is damaged or not in .xlsx form; open it in Excel and save it as "Excel Workbook (*.xlsx)"',
  ole: 'this is an old .xls file, or a workbook with a password to open; remove the password in Excel and save it as "Excel Workbook (*.xlsx)"',
  encrypted: 'the parts of the workbook are encrypted; remove the password in Excel and save it again',
  'no-workbook': 'the file holds no workbook; save it from Excel as "Excel Workbook (*.xlsx)"',
  'no-sheet': 'the workbook has no worksheet',
  damaged: 'the file is damaged; open it in Excel and save it again, or export it again',
  'too-large': 'it unpacks to far too much data, so it is damaged or built to harm; open it in Excel and save it as CSV',
};
const XLSX_LIMIT_ZH: Record<string, string> = { rows: '行数超出了 Excel 的上限', columns: '列数超出了 Excel 的上限', cell: '单元格中的文字超出了 Excel 的长度上限' };
const XLSX_LIMIT_EN: Record<string, string> = { rows: 'more rows than Excel allows', columns: 'more columns than Excel allows', cell: 'a cell longer than Excel allows' };

/** The sheet a table is read from in 数据.xlsx. */
function sheetZh(t: unknown): string {
  return tableWords(t)?.title ?? String(t);
}
function sheetNamesZh(): string {
  return TABLE_NAMES.map((t) => sheetNameOf(t)).join('、');
}

const WAIVER_KEY_ZH: Record<string, string> = { rule: '规则', village: '村', reason: '理由', approved_by: '批准人', expires: '到期日期' };

/** An encoding as users know it from Excel's save dialog. */
function encodingName(e: unknown): string {
  if (e === 'gb18030') return 'GBK/GB18030';
  if (e === 'utf-16le' || e === 'utf-16be') return 'UTF-16';
  return 'UTF-8';
}

export const DATA_MESSAGES = {
  // The folder and its files
  'no-folder': {
    zh: (a) => `数据文件夹 ${a.path} 不存在`,
    en: (a) => `the data folder ${a.path} does not exist`,
  },
  'not-a-folder': {
    zh: (a) => `${a.path} 是文件，不是数据文件夹；请给出包含 villages.csv 等文件的文件夹`,
    en: (a) => `${a.path} is a file, not a data folder; name the folder that holds villages.csv and the other files`,
  },
  'unreadable-folder': {
    zh: (a) => `无法读取数据文件夹 ${a.path}（${a.reason}）`,
    en: (a) => `cannot read the data folder ${a.path} (${a.reason})`,
  },
  'missing-file': {
    zh: (a) => `缺少${tableZh(a.table)}文件；应提供 ${a.table}.csv、${a.table}.yaml、${a.table}.yml 或 ${a.table}.xlsx 之一，或在 数据.xlsx 中建一个名为“${sheetZh(a.table)}”的工作表`,
    en: (a) => `the ${a.table} file is missing; provide one of ${a.table}.csv, ${a.table}.yaml, ${a.table}.yml or ${a.table}.xlsx, or a sheet named "${sheetZh(a.table)}" (or ${a.table}) in 数据.xlsx`,
  },
  'two-forms': {
    zh: (a) => `同一张表有多个文件（${a.files}），只能保留一个`,
    en: (a) => `one table comes in several files (${a.files}); keep only one`,
  },
  'unknown-file': {
    zh: () => `不认识的文件，已忽略`,
    en: () => `unknown file, ignored`,
  },
  'symlink-outside': {
    zh: (a) => `该文件是指向数据文件夹之外（${a.target}）的链接，出于安全不予读取；请把文件复制到数据文件夹中`,
    en: (a) => `this file is a link to outside the data folder (${a.target}) and is not read; copy the file into the data folder`,
  },
  'not-a-file': {
    zh: () => `这不是普通文件（是文件夹、设备或管道），无法读取`,
    en: () => `this is not a regular file (a folder, a device or a pipe) and cannot be read`,
  },
  'file-too-large': {
    // A YAML table and a workbook are read whole (a CSV table has no size cap): say so, and what to do instead.
    zh: (a) =>
      a.form === 'yaml'
        ? `文件过大（${a.bytes} 字节）：YAML 表格须整份读入，最大支持 ${MAX_MB(a)} MB；更大的表请存为 CSV（CSV 不限大小）`
        : a.form === 'xlsx'
          ? `文件过大（${a.bytes} 字节）：Excel 工作簿最大支持 ${MAX_MB(a)} MB；更大的表请在 Excel 中另存为 CSV（CSV 不限大小）`
          : `文件过大（${a.bytes} 字节），最大支持 ${MAX_MB(a)} MB`,
    en: (a) =>
      a.form === 'yaml'
        ? `the file is too large (${a.bytes} bytes): a YAML table is read whole, and at most ${MAX_MB(a)} MB is supported; save a larger table as CSV (CSV has no size limit)`
        : a.form === 'xlsx'
          ? `the file is too large (${a.bytes} bytes): a workbook can be at most ${MAX_MB(a)} MB; save a larger table as CSV in Excel (CSV has no size limit)`
          : `the file is too large (${a.bytes} bytes); at most ${MAX_MB(a)} MB is supported`,
  },
  'file-changed': {
    zh: () => `检查过程中文件被修改了，读到的内容可能前后不一；请等文件不再变化后重新检查`,
    en: () => `the file changed while it was being checked, so what was read may be inconsistent; check again once it no longer changes`,
  },
  'binary-file': {
    zh: () => `这不是文本文件（可能是 Excel 的 .xlsx 改了扩展名）；Excel 工作簿请把扩展名改回 .xlsx，或在 Excel 中“另存为 CSV”`,
    en: () => `this is not a text file (perhaps an .xlsx renamed); give an Excel workbook its .xlsx name back, or use "Save as CSV" in Excel`,
  },
  // Excel workbooks (.xlsx)
  'xlsx-unreadable': {
    zh: (a) => `无法读取这个 Excel 工作簿：${XLSX_REASON_ZH[String(a.reason)] ?? XLSX_REASON_ZH.damaged}`,
    en: (a) => `cannot read this Excel workbook: ${XLSX_REASON_EN[String(a.reason)] ?? XLSX_REASON_EN.damaged}`,
  },
  'xlsx-limit': {
    zh: (a) => `${XLSX_LIMIT_ZH[String(a.what)] ?? '超出了 Excel 的上限'}（上限 ${a.max}），这不是 Excel 保存的工作表，之后的内容未读取；请在 Excel 中打开后重新保存`,
    en: (a) => `${XLSX_LIMIT_EN[String(a.what)] ?? 'beyond what Excel allows'} (at most ${a.max}): this sheet was not saved by Excel and the rest of it is not read; open it in Excel and save it again`,
  },
  'xlsx-unknown-sheet': {
    zh: () => `工作表名不是任何一张表的名称，已忽略；数据.xlsx 中每个工作表应以表名命名（${sheetNamesZh()}）`,
    en: () => `the sheet is not named after a table and is ignored; each sheet of 数据.xlsx must be named after its table (${sheetNamesZh()}, or the English names)`,
  },
  'xlsx-more-unknown-sheets': {
    zh: (a) => `另有 ${a.count} 个工作表的名称不是表名，已忽略；上面只列出了前 ${a.shown} 个`,
    en: (a) => `${a.count} more sheets are not named after a table and are ignored; only the first ${a.shown} are listed above`,
  },
  'xlsx-other-sheets': {
    zh: (a) => `只读取了这个工作表；工作簿中另外 ${a.count} 个工作表未读取`,
    en: (a) => `only this sheet was read; the other ${a.count} sheets of the workbook were not`,
  },
  'empty-sheet': {
    zh: () => `工作表是空的；第一行应是表头`,
    en: () => `the sheet is empty; its first row must be the header`,
  },
  'empty-file': {
    zh: () => `文件是空的；至少应有一行表头`,
    en: () => `the file is empty; it needs at least a header line`,
  },
  'unreadable-file': {
    zh: (a) => `无法读取该文件（${a.reason}）`,
    en: (a) => `cannot read the file (${a.reason})`,
  },
  // CSV and YAML syntax
  'csv-unclosed-quote': {
    zh: () => `从这一行开始的引号没有闭合，之后的内容无法读取；含逗号或换行的单元格应以一对英文双引号括起`,
    en: () => `a quote opened on this line is never closed, so the rest of the file cannot be read; a cell holding commas or line breaks must be enclosed in a pair of double quotes`,
  },
  'csv-syntax': {
    zh: () => `CSV 格式错误，之后的内容无法读取`,
    en: () => `CSV syntax error; the rest of the file cannot be read`,
  },
  'undecodable-line': {
    zh: (a) =>
      a.reason === 'nul'
        ? `第 ${a.line} 行第 ${a.column} 个字符处有空字符（NUL 字节），这条记录未读取；文件可能已损坏，请从 Excel 重新导出`
        : `第 ${a.line} 行从第 ${a.column} 个字符起有不是 ${encodingName(a.encoding)} 文字的字节，这条记录未读取；文件可能已损坏或混用了编码，请从 Excel 重新导出（编码识别错误时可用 --encoding 指定）`,
    en: (a) =>
      a.reason === 'nul'
        ? `line ${a.line} has a NUL byte at character ${a.column}; this record is not read. The file may be damaged: export it from Excel again`
        : `line ${a.line} has bytes that are not ${encodingName(a.encoding)} text from character ${a.column} on; this record is not read. The file may be damaged or mix encodings: export it from Excel again (use --encoding if the encoding was detected wrongly)`,
  },
  'title-row': {
    zh: (a) => `这一行像是表格标题，不是表头；表头应在第一行。已把第 ${a.header} 行当作表头读取，请删除标题行后重新导出`,
    en: (a) => `this line looks like a title, not the header; the header must come first. Line ${a.header} was read as the header: delete the title line and export again`,
  },
  'ragged-row': {
    zh: (a) => `这一行有 ${a.found} 个单元格，表头有 ${a.expected} 列；每行的单元格数应与表头一致（含逗号的内容请加英文双引号）`,
    en: (a) => `this row has ${a.found} cells but the header has ${a.expected} columns; every row must have as many cells as the header (quote cells that contain commas)`,
  },
  'yaml-syntax': {
    zh: () => `YAML 格式错误，文件无法读取`,
    en: () => `YAML syntax error; the file cannot be read`,
  },
  'yaml-not-list': {
    zh: () => `YAML 表文件应是记录列表（每条记录以“- ”开头）`,
    en: () => `a YAML table must be a list of records (each starting with "- ")`,
  },
  'yaml-not-mapping': {
    zh: () => `该 YAML 文件应是“键: 值”的映射`,
    en: () => `this YAML file must be a mapping of "key: value"`,
  },
  'yaml-record-not-mapping': {
    zh: () => `列表中的每一项应是一条记录（“键: 值”）`,
    en: () => `each item of the list must be a record ("key: value")`,
  },
  'yaml-alias-limit': {
    zh: () => `别名（*名称）展开后的值远多于文件中写出的值，文件无法读取；请把别名换成写出的值`,
    en: () => `the aliases (*name) expand to far more values than the file writes out; the file cannot be read. Write the values out instead of aliasing them`,
  },
  'yaml-nested': {
    zh: () => `这个值嵌套过深；单元格只能是文字、数字、是/否，或文字列表`,
    en: () => `this value is nested too deeply; a cell may be text, a number, a yes/no or a list of texts`,
  },
  // Columns and keys
  'forbidden-column': {
    zh: () => `不允许使用此列名（__proto__、constructor、prototype）`,
    en: () => `this column name is not allowed (__proto__, constructor, prototype)`,
  },
  // One wording per code for every form (src/validate/headers.ts FileHeaders): a table's header row, a
  // YAML table's keys; town.yaml's and manifest.yaml's keys (`table` town / manifest) read as 项 / keys.
  'unknown-column': {
    zh: (a) =>
      isRecordFile(a.table)
        ? `${tableZh(a.table)}中没有这一项，已忽略；` + (a.suggest ? `是不是“${a.suggest}”？请改用该键名` : `可用英文键名或中文名称`)
        : `${tableZh(a.table)}没有这一列，已忽略；` + (a.suggest ? `是不是“${a.suggest}”？请改用该表头` : `可用英文键名或中文表头`),
    en: (a) =>
      isRecordFile(a.table)
        ? `${a.table}.yaml has no such key; ignored. ` + (a.suggest ? `Did you mean "${a.suggest}"? Use that key` : `Use the English key or the Chinese name`)
        : `${a.table} has no such column; ignored. ` + (a.suggest ? `Did you mean "${a.suggest}"? Use that header` : `Use the English key or the Chinese header`),
  },
  'unnamed-column': {
    // No column number: a YAML key written empty (`"": x`), found by its line.
    zh: (a) => (a.position === null || a.position === undefined ? `这一项没有名称（键为空），已忽略` : `第 ${a.position} 列没有表头，已忽略`),
    en: (a) => (a.position === null || a.position === undefined ? `this key has no name; ignored` : `column ${a.position} has no header; ignored`),
  },
  'more-unknown-columns': {
    zh: (a) =>
      isRecordFile(a.table)
        ? `另有 ${a.count} 项不是${tableZh(a.table)}应有的项（或没有名称），已忽略；上面只列出了前 ${a.shown} 项`
        : `另有 ${a.count} 列不是${tableZh(a.table)}的列（或没有表头），已忽略；上面只列出了前 ${a.shown} 列`,
    en: (a) =>
      isRecordFile(a.table)
        ? `${a.table}.yaml has ${a.count} more keys that it should not have (or with no name); ignored. Only the first ${a.shown} are listed above`
        : `${a.count} more columns are not columns of ${a.table} (or have no header) and are ignored; only the first ${a.shown} are listed above`,
  },
  'duplicate-column': {
    zh: (a) => `与“${a.first}”是同一列，重复出现；每列只能出现一次`,
    en: (a) => `the same column as "${a.first}" appears again; each column may appear only once`,
  },
  'missing-required-column': {
    zh: (a) =>
      isRecordFile(a.table)
        ? `${tableZh(a.table)}缺少必填项“${a.header}”（${a.key}）` + (a.found ? `；“${a.found}”是不是这一项？` : '')
        : `缺少必填列“${a.header}”（${a.key}）` + (a.found ? `；表头中的“${a.found}”是不是这一列？请改为“${a.header}”` : ''),
    en: (a) =>
      isRecordFile(a.table)
        ? `${a.table}.yaml lacks the required key "${a.key}" (${a.header})` + (a.found ? `; did you mean it by "${a.found}"?` : '')
        : `the required column "${a.header}" (${a.key}) is missing` + (a.found ? `; did you mean it by "${a.found}"? Rename that header to "${a.header}"` : ''),
  },
  // No longer emitted: town.yaml and manifest.yaml report their keys with the column codes above (one
  // header classification for every form, src/validate/headers.ts). Kept while the report fixtures
  // (test/helpers/report-fixture.ts) and their golden reports still show an `unknown-key` notice.
  'missing-key': {
    zh: (a) => `缺少必填项“${a.key}”（${a.header}）`,
    en: (a) => `the required key "${a.key}" (${a.header}) is missing`,
  },
  'unknown-key': {
    zh: (a) => `${a.file} 中没有这一项，已忽略`,
    en: (a) => `${a.file} has no such key; ignored`,
  },
  'more-unknown-keys': {
    zh: (a) => `${a.file} 中另有 ${a.count} 项不是应有的项，已忽略；上面只列出了前 ${a.shown} 项`,
    en: (a) => `${a.file} has ${a.count} more keys that it should not have; ignored. Only the first ${a.shown} are listed above`,
  },
  // Cells
  required: {
    zh: () => `必填项为空`,
    en: () => `a required value is empty`,
  },
  'not-scalar': {
    zh: () => `这里应是单个值，不能是列表`,
    en: () => `a single value is expected here, not a list`,
  },
  'bad-bool': {
    zh: (a) => `应填 ${a.allowed}`,
    en: () => `must be 是/否, true/false, yes/no, y/n or 1/0`,
  },
  'bad-number': {
    zh: () => `应为数字（可带正负号、小数和千分位逗号，如 1,000.5），不能含单位或其他文字`,
    en: () => `must be a number (sign, decimals and thousands separators allowed, e.g. 1,000.5), without units or other text`,
  },
  'bad-int': {
    zh: () => `应为整数（如 3 或 1,200）`,
    en: () => `must be a whole number (e.g. 3 or 1,200)`,
  },
  'number-space': {
    zh: () => `数字中间有空格，不知是一个数还是几个数（如“1 2”）；请删去空格，或只填一个数`,
    en: () => `there is a space inside the number, so it is unclear whether it is one number or several (e.g. "1 2"); remove the space or write one number`,
  },
  'number-too-large': {
    zh: (a) => `数字过大，不像真实数据；绝对值应小于 ${a.max}`,
    en: (a) => `the number is too large to be a real figure; it must be below ${a.max} (in absolute value)`,
  },
  'number-too-precise': {
    zh: (a) => `有效数字超过 ${a.digits} 位，无法精确计算；请保留至多 ${a.digits} 位有效数字`,
    en: (a) => `more than ${a.digits} significant digits cannot be computed exactly; round it to at most ${a.digits} significant digits`,
  },
  'below-min': {
    zh: (a) => `不能小于 ${a.min}`,
    en: (a) => `must be at least ${a.min}`,
  },
  'above-max': {
    zh: (a) => `不能大于 ${a.max}`,
    en: (a) => `must be at most ${a.max}`,
  },
  'not-above': {
    zh: (a) => `应大于 ${a.gt}`,
    en: (a) => `must be greater than ${a.gt}`,
  },
  'bad-date': {
    zh: () => `应为日期，如 2020-10-31、2020/10/31、2020.10.31 或 2020年10月31日`,
    en: () => `must be a date such as 2020-10-31, 2020/10/31, 2020.10.31 or 2020年10月31日`,
  },
  'excel-serial-date': {
    zh: (a) => `这是 Excel 的日期序号，不是日期（对应 ${a.date}）；请把该列设为“日期”格式，或直接填写 ${a.date}`,
    en: (a) => `this is an Excel date serial number, not a date (it stands for ${a.date}); format the column as Date, or write ${a.date}`,
  },
  'excel-scientific': {
    zh: () => `被 Excel 转成了科学计数法，原来的数字已丢失；请把该列设为“文本”格式，重新填写或导出`,
    en: () => `Excel turned this number into scientific notation and its digits are lost; format the column as Text and enter or export it again`,
  },
  'impossible-date': {
    zh: () => `日期不存在（月份应为 1–12，日不超过当月天数）`,
    en: () => `no such date (the month must be 1–12 and the day within the month)`,
  },
  'bad-enum': {
    zh: (a) => `应为以下之一：${a.allowed}`,
    en: (a) => `must be one of: ${a.allowed}`,
  },
  'bad-id-number': {
    zh: (a) => `证件号码格式不对：${ID_REASON_ZH[a.reason as string] ?? a.reason}`,
    en: (a) => `the ID number is malformed: ${ID_REASON_EN[a.reason as string] ?? a.reason}`,
  },
  invalid: {
    zh: (a) => `值无效（${a.detail}）`,
    en: (a) => `invalid value (${a.detail})`,
  },
  // Across rows and tables
  'duplicate-id': {
    zh: (a) => `编号重复，第 ${a.first} 行已使用；每个编号只能出现一次`,
    en: (a) => `duplicate id, already used on line ${a.first}; each id may appear only once`,
  },
  'unknown-ref': {
    zh: (a) =>
      a.hint ? `“${a.id}”是村（社区）名称，这里应填村编号：${a.id}的村编号是 ${a.hint}` : `${tableZh(a.table)}中没有编号 ${a.id}；应填写该表中已有的编号`,
    en: (a) => (a.hint ? `"${a.id}" is a village name; this column takes the village code: ${a.id} is ${a.hint}` : `there is no id ${a.id} in ${a.table}; use an id that table has`),
  },
  exceeds: {
    zh: (a) => `不能大于“${a.other}”（${a.max}）`,
    en: (a) => `must not exceed "${a.other}" (${a.max})`,
  },
  'completion-date-required': {
    zh: (a) => `项目状态为“${a.status}”时必须填写完工日期`,
    en: (a) => `a completion date is required when the status is ${a.status}`,
  },
  'unit-conflict': {
    zh: (a) => `同一村的“${a.industry}”在第 ${a.first} 行用的单位是“${a.unit}”；同村同产业的各行须用同一单位才能相加`,
    en: (a) => `"${a.industry}" of this village uses the unit ${a.unit} on line ${a.first}; rows of one village and industry must share a unit to add up`,
  },
  'duplicate-village-name': {
    zh: (a) => `村（社区）名称重复，第 ${a.first} 行已使用；名称须唯一`,
    en: (a) => `duplicate village name, already used on line ${a.first}; names must be unique`,
  },
  'visit-without-target': {
    zh: () => `走访记录应至少填写村编号、户编号或企业编号之一`,
    en: () => `a visit must name at least one of village, household or enterprise`,
  },
  // Waivers (waivers.yaml or --waivers FILE)
  'waivers-not-a-list': {
    zh: () => `豁免文件应是豁免事项的列表，每项以“- ”开头，含 规则、理由、批准人、到期日期（可选 村）`,
    en: () => `a waivers file must be a list of waivers, each starting with "- " and giving rule, reason, approved_by and expires (village optional)`,
  },
  'waiver-not-a-mapping': {
    zh: () => `这一项不是一条豁免；每条豁免应写成“键: 值”，如 规则: "2.6"`,
    en: () => `this item is not a waiver; write each waiver as "key: value" lines, such as rule: "2.6"`,
  },
  'waiver-unknown-key': {
    zh: () => `豁免中没有这一项；可用：规则、村、理由、批准人、到期日期（或 rule、village、reason、approved_by、expires）`,
    en: (a) => `a waiver has no such key; use one of: ${a.allowed}`,
  },
  'waiver-not-text': {
    zh: () => `这里应是一个值（文字或日期），不能是列表或映射`,
    en: () => `a single value (text or a date) is expected here, not a list or a mapping`,
  },
  'waiver-missing-key': {
    zh: (a) => `这条豁免缺少“${WAIVER_KEY_ZH[a.key as string] ?? a.key}”（${a.key}）；豁免须写明规则、理由、批准人和到期日期`,
    en: (a) => `this waiver lacks "${a.key}"; a waiver must give rule, reason, approved_by and expires`,
  },
  'internal-error': {
    zh: (a) => `处理该文件时出现内部错误（${a.message}）；请报告此问题`,
    en: (a) => `internal error while handling this file (${a.message}); please report it`,
  },
} as const satisfies Record<string, Message>;

/** Every code a data error or notice can carry: a code with no wording here is a compile error. */
export type DataCode = keyof typeof DATA_MESSAGES;
