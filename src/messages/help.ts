/**
 * `--help` in the user's language (LANG, or --lang on the same line): what
 * each command, argument and option does. Commander's own headings are
 * translated through its styleTitle hook.
 */
type Text = { zh: string; en: string };

export const HELP = {
  program: { zh: '检查乡镇数据是否达到扶贫产业发展方案的目标', en: "check a town's data against its development plan" },
  dir: { zh: '数据文件夹（默认：当前文件夹）', en: 'data folder (default: .)' },
  version: { zh: '显示版本号', en: 'output the version number' },
  help: { zh: '显示帮助', en: 'display help for command' },
  asOf: { zh: '按此日期判断是否到期（默认：manifest.yaml 的 as_of，否则今天）', en: 'judge at this date (default: manifest as_of, else today)' },
  rule: { zh: '只检查这些规则（编号，如 2.6 3.2b）', en: 'only these rules' },
  village: { zh: '只看这些村（编号或名称；不含全镇结果）', en: 'only these villages (town results are left out)' },
  failOn: {
    zh: '出现这些状态时退出码为 1（默认 fail；多个状态用空格或逗号分开；none 表示结果不影响退出码，数据有错误时仍为 2）：',
    en: 'statuses that make the exit code 1 (default: fail; several separated by spaces or commas; none: never 1, data errors still 2): ',
  },
  rules: { zh: '规则包：内置名称（hebao-2020）或 YAML 文件', en: 'rule pack: a bundled name (hebao-2020) or a YAML file' },
  by: { zh: '表格视图：village | rule | both（默认 both）', en: 'table view: village | rule | both (default both)' },
  width: { zh: '表格宽度（默认：终端宽度，否则 100）', en: "terminal width for the table (default: the terminal's, else 100)" },
  baseline: { zh: '与以前的 JSON 报告（如上月）对比', en: "compare with an earlier JSON report (last month's)" },
  previous: { zh: '上期数据文件夹，供比较两期的指标用 (或 manifest.yaml 的 previous:)', en: "last period's data folder, for rules that compare periods (or previous: in manifest.yaml)" },
  waivers: { zh: '豁免文件（默认：数据文件夹中的 waivers.yaml，如有）', en: 'waivers file (default: waivers.yaml in the data folder, if any)' },
  lang: { zh: '报告语言：zh | en（默认按 LANG，否则 zh）', en: 'report language: zh | en (default from LANG, else zh)' },
  encoding: { zh: '强制 CSV 文件编码：utf8 | gbk | gb18030（默认自动识别）', en: 'force the encoding of CSV files: utf8 | gbk | gb18030 (default: detected)' },
  format: { zh: '输出格式：', en: 'output format: ' },
  output: { zh: '把报告写入此文件（默认输出到屏幕）', en: 'write the report to this file instead of stdout' },
  showPersonalData: { zh: '显示姓名、身份证号、电话原文（默认打码）', en: 'print names, ID numbers and phones unmasked (off by default)' },
  noColor: { zh: '不用颜色（也认 NO_COLOR 环境变量）', en: 'no colours (NO_COLOR is honoured too)' },
  validate: { zh: '只检查数据文件（类型、引用、一致性）', en: 'data checks only (types, references, consistency)' },
  rulesCommand: { zh: '列出规则包中的规则', en: 'list the rules of the pack' },
  ruleId: { zh: '规则编号', en: 'rule id' },
  oneRule: { zh: '只显示这一条规则的全文', en: 'show one rule in full' },
  explain: {
    zh: '解释一条规则的计算过程和不达标记录 以及相关的数据错误',
    en: 'how a result was computed, with the offending records and the data errors that touch it',
  },
  init: { zh: '新建一个空的数据文件夹（各表的 CSV 模板和 说明.txt）', en: 'start an empty data folder to fill in (CSV templates and a notes file)' },
  initDir: { zh: '要新建的数据文件夹（不存在则创建）', en: 'the data folder to create (made if missing)' },
  packCommand: { zh: '规则包工具：lint 检查规则包，schema 输出编辑器用的 JSON Schema', en: 'rule pack tools: lint a pack, print its JSON Schema for editors' },
  packLint: { zh: '一次列出规则包的全部问题（无误时退出码 0，有问题为 2）', en: 'list every problem of a rule pack (exit 0 when clean, 2 with problems)' },
  packFile: { zh: '规则包：YAML 文件或内置名称', en: 'rule pack: a YAML file or a bundled name' },
  packSchema: { zh: '输出规则包的 JSON Schema（供编辑器补全和检查）', en: "print the rule packs' JSON Schema (for editors to complete and check packs)" },
  xlsx: { zh: '各表写成一个 Excel 工作簿 数据.xlsx（每张表一个工作表），而不是 CSV 文件', en: 'write the tables as one Excel workbook, 数据.xlsx (a sheet per table), instead of CSV files' },
  initRules: {
    zh: '按此规则包（内置名称或 YAML 文件）建文件夹：包中声明的列、表和 town.yaml 的键一并写入，manifest.yaml 的 plan 指向它',
    en: "make the folder for this rule pack (a bundled name or a YAML file): the columns, tables and town.yaml keys it declares, and manifest.yaml's plan naming it",
  },
  force: { zh: '文件夹不空时也写入，只补齐缺少的文件（从不覆盖已有文件）', en: 'write into a non-empty folder, adding only the missing files (never overwrites one)' },
} satisfies Record<string, Text>;

const TITLES: Record<string, string> = {
  'Usage:': '用法：',
  'Options:': '选项：',
  'Arguments:': '参数：',
  'Commands:': '命令：',
  'Global Options:': '通用选项：',
};

/** Commander's section headings in Chinese. */
export const helpTitle = (title: string, lang: 'zh' | 'en'): string => (lang === 'zh' ? (TITLES[title] ?? title) : title);
