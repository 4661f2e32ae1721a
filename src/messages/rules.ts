/** Wording of the engine's findings (why a result is no-data, which unit was found ...), zh and en. */
import type { ColumnDef, ColumnType } from '../contract/tables.js';
import { allTableWords, tableWords, townWords } from './words.js';
export { rememberWords } from './words.js';
import type { PackDiagnostic } from '../engine/pack.js';

type Args = Record<string, string | number | null>;
type Message = { zh: (a: Args) => string; en: (a: Args) => string };

const TABLE_ZH: Record<string, string> = {
  villages: '村（社区）表',
  households: '农户表',
  industries: '产业表',
  projects: '项目表',
  enterprises: '企业表',
  cooperatives: '合作社表',
  instructors: '指导员表',
  visits: '走访记录表',
  town: 'town.yaml',
};

/** A table in Chinese: 农户表; a declared one by its title (群众调查表). */
function tableZh(t: unknown): string {
  const name = String(t);
  if (Object.hasOwn(TABLE_ZH, name)) return TABLE_ZH[name]!;
  const def = tableWords(name);
  return def ? `${def.title}表` : name;
}

/** A column key as staff know it: its Chinese header (`collective_income` → 集体经营性收入), from its table when known, else from the one table that has it. */
function headerZh(key: unknown, table?: unknown): string {
  const k = String(key);
  const one = tableWords(table);
  const tables = one ? [one] : allTableWords();
  const headers = new Set(tables.flatMap((t) => t.columns.filter((c) => c.key === k).map((c) => c.header)));
  return headers.size === 1 ? [...headers][0]! : k;
}

/** "；是否为“白鹤村”？" / "; did you mean 白鹤村?": the name in the data nearest to the one the plan names, when one is close. */
function nearestZh(a: Args): string {
  return a.nearest ? `，是否为${namesZh(a.nearest)}？` : '';
}
/** The same inside a sentence that goes on: "（是否为“白鹤村”？）". */
function nearestZhMid(a: Args): string {
  return a.nearest ? `（是否为${namesZh(a.nearest)}？）` : '';
}
function nearestEn(a: Args): string {
  return a.nearest ? `; did you mean ${namesEn(a.nearest)}?` : '';
}
/** Names equally near, joined with 、 in the args: “双河村”或“白鹤村” / "双河村" or "白鹤村". */
function namesZh(v: unknown): string {
  return String(v)
    .split('、')
    .map((n) => `“${n}”`)
    .join('或');
}
function namesEn(v: unknown): string {
  return String(v)
    .split('、')
    .map((n) => `"${n}"`)
    .join(' or ');
}

/** "（H0001）" / " (H0001)": which entity or village a finding is about, when known. */
function about(a: Args, lang: 'zh' | 'en'): string {
  const who = a.entity ?? a.village;
  if (who === undefined || who === null) return '';
  return lang === 'zh' ? `（${who}）` : ` (${who})`;
}

export const RULE_MESSAGES = {
  'missing-column': {
    zh: (a) => `${tableZh(a.table as string)}缺少“${headerZh(a.column, a.table)}”列，无法检查`,
    en: (a) => `${a.table} has no column "${a.column}"; cannot check`,
  },
  'missing-column-previous': {
    zh: (a) => `上期数据的${tableZh(a.table as string)}缺少“${headerZh(a.column, a.table)}”列，无法比较两期`,
    en: (a) => `last period's ${a.table} has no column "${a.column}"; cannot compare the periods`,
  },
  'previous-period-missing': {
    zh: () => `本条比较两期数据，但没有给出上期数据文件夹（--previous，或 manifest.yaml 的 previous:）`,
    en: () => `this rule compares two periods, but no folder of last period's data was given (--previous, or previous: in manifest.yaml)`,
  },
  'not-in-previous': {
    zh: () => `上期数据中没有此村，无从比较`,
    en: () => `the village is not in last period's data; nothing to compare with`,
  },
  'previous-zero': {
    zh: () => `上期为 0，无法计算增长率`,
    en: () => `last period's figure is 0; a growth rate cannot be computed`,
  },
  // Periods: means and shares, town.yaml figures, steady rises, a requirement held in both periods.
  'previous-no-records': {
    zh: () => `上期没有可计算的记录，无从比较`,
    en: () => `last period has no records to take the figure over; nothing to compare with`,
  },
  'town-previous-zero': {
    zh: () => `全镇上期为 0，无法计算全镇增长率`,
    en: () => `the town's figure last period is 0; the town's growth rate cannot be computed`,
  },
  'town-figure-previous-zero': {
    zh: (a) => `town.yaml 中“${townHeader(a.column)}”上期为 0 或以下，无法计算其增长率`,
    en: (a) => `${a.column} in last period's town.yaml is 0 or less; its growth rate cannot be computed`,
  },
  'town-figure-empty': {
    zh: (a) => `${a.period} 的 town.yaml 未填写“${townHeader(a.column)}”`,
    en: (a) => `${a.column} is empty in the town.yaml of ${a.period}`,
  },
  'town-figure-change': {
    zh: (a) => `town.yaml 中“${townHeader(a.column)}”${a.compare === 'growth' ? '增长' : '增加'} ${a.change}（上期 ${a.before}，本期 ${a.now}）`,
    en: (a) => `${a.column} in town.yaml ${a.compare === 'growth' ? 'grew' : 'changed by'} ${a.change} (last period ${a.before}, this period ${a.now})`,
  },
  'period-lacks-column': {
    zh: (a) => `${a.period} 的${tableZh(a.table)}缺少“${a.table === 'town' ? townHeader(a.column) : headerZh(a.column, a.table)}”列，该期及更早各期未计入`,
    en: (a) => `${a.period}'s ${a.table} has no column "${a.column}"; that period and earlier ones are not counted`,
  },
  'periods-read': {
    zh: (a) => `比较了 ${a.count} 期：${a.series}`,
    en: (a) => `${a.count} periods compared: ${a.series}`,
  },
  'full-coverage': {
    zh: () => `各期均为 100%，已全覆盖`,
    en: () => `100% in every period: full coverage`,
  },
  'entity-not-in-previous': {
    zh: (a) => `上期数据中没有${a.table === 'town' ? ' town.yaml' : `${tableZh(a.table)}的 ${a.entity}`}，无从判断是否两期都符合`,
    en: (a) => `${a.table === 'town' ? 'there is no town.yaml' : `${a.entity} is not in ${a.table}`} in last period's data; whether both periods comply cannot be told`,
  },
  'previous-period-not-met': {
    zh: (a) => `上期不符合${a.value !== null && a.value !== undefined ? `（上期为 ${Number(a.value).toLocaleString('en')}）` : ''}`,
    en: (a) => `last period does not comply${a.value !== null && a.value !== undefined ? ` (last period: ${Number(a.value).toLocaleString('en')})` : ''}`,
  },
  'previous-period-open': {
    zh: () => `上期是否符合无法判断`,
    en: () => `whether last period complies cannot be told`,
  },
  // Notices of loading earlier periods (run.ts).
  'previous-cycle': {
    zh: (a) => `previous: 指向的 ${a.points} 已经读入（上期文件夹循环指向），不再往前读`,
    en: (a) => `previous: names ${a.points}, a folder already read (the periods loop back); no earlier period is read`,
  },
  'previous-too-many': {
    zh: (a) => `最多读入 ${a.max} 期数据；previous: 指向的 ${a.points} 及更早各期未读入`,
    en: (a) => `at most ${a.max} periods are read; ${a.points}, which previous: names, and earlier periods are not`,
  },
  'empty-figure': {
    zh: (a) => `“${headerZh(a.column)}”未填写${about(a, 'zh')}`,
    en: (a) => `"${a.column}" is empty${about(a, 'en')}`,
  },
  'empty-figure-in': {
    zh: (a) => `${a.villages}的“${headerZh(a.column)}”未填写，无法计算平均值`,
    en: (a) => `"${a.column}" is empty for ${a.villages}; cannot compute the mean`,
  },
  'ref-left-out': {
    zh: (a) => `引用的${tableZh(a.table as string)}记录 ${a.id} 有数据错误，已排除${about(a, 'zh')}`,
    en: (a) => `the referenced ${a.table} record ${a.id} has a data error and was left out${about(a, 'en')}`,
  },
  'other-unit': {
    zh: (a) => `产业规模单位为“${a.found}”，不能折算为“${a.expected}”${about(a, 'zh')}`,
    en: (a) => `the scale is recorded in ${a.found}, which cannot be added to ${a.expected}${about(a, 'en')}`,
  },
  'filter-figure-empty': {
    zh: (a) => `是否适用本条取决于未填写的数值${about(a, 'zh')}`,
    en: (a) => `whether the rule applies depends on an empty figure${about(a, 'en')}`,
  },
  'filter-figures-empty': {
    zh: (a) => `有 ${a.count} 条记录的关键数值未填写，可能改变结论`,
    en: (a) => `${a.count} records have an empty figure that could change the verdict`,
  },
  'named-entity-missing': {
    zh: (a) => `数据中没有方案点名的“${a.name}”${nearestZh(a)}`,
    en: (a) => `the data has no "${a.name}", which the plan names${nearestEn(a)}`,
  },
  'named-village-missing': {
    zh: (a) => `数据中没有方案点名的村（社区）“${a.name}”${nearestZh(a)}`,
    en: (a) => `the data has no village "${a.name}", which the plan names${nearestEn(a)}`,
  },
  // A village or entity a rule names that the data lacks: an error of the run (exit 2), not only a no-data result.
  'pack-village-missing': {
    zh: (a) => `规则 ${String(a.rules).replace(/, /g, '、')} 点名的村（社区）“${a.name}”不在数据中${nearestZhMid(a)}；请核对规则包 scope 中的村名，或补齐该村的数据`,
    en: (a) => `rule ${a.rules} names the village "${a.name}", which is not in the data${a.nearest ? ` (did you mean ${namesEn(a.nearest)}?)` : ''}; check the village name in the pack's scope, or add the village to the data`,
  },
  'pack-entity-missing': {
    zh: (a) => `规则 ${String(a.rules).replace(/, /g, '、')} 点名的“${a.name}”不在${tableZh(a.table as string)}中${nearestZhMid(a)}；请核对规则包中的名称（named、where），或补齐数据`,
    en: (a) => `rule ${a.rules} names "${a.name}", which is not in ${a.table}${a.nearest ? ` (did you mean ${namesEn(a.nearest)}?)` : ''}; check the name in the pack (named, where), or add it to the data`,
  },
  // With --rules: the data folder says it was exported for another plan or town.
  'manifest-other-plan': {
    zh: (a) => `数据的 manifest 写明适用方案“${a.plan}”，本次按规则包 ${a.pack} 检查；如非有意，请去掉 --rules 或改用 --rules ${a.plan}`,
    en: (a) => `the data's manifest names the plan "${a.plan}", but it was checked against the pack ${a.pack}; if that is not intended, drop --rules or use --rules ${a.plan}`,
  },
  'manifest-other-town': {
    zh: (a) => `数据属于“${a.town}”，规则包 ${a.pack} 是“${a.packTown}”的方案；请确认用的是本镇的规则包`,
    en: (a) => `the data is of ${a.town}, but the pack ${a.pack} is the plan of ${a.packTown}; make sure the pack is this town's`,
  },
  'done-late': {
    zh: (a) => `“${headerZh(a.column)}”为 ${a.value}，晚于 ${a.by}${about(a, 'zh')}`,
    en: (a) => `"${a.column}" is ${a.value}, after ${a.by}${about(a, 'en')}`,
  },
  'not-done': {
    zh: (a) => `“${headerZh(a.column)}”未填写，按未完成计${about(a, 'zh')}`,
    en: (a) => `"${a.column}" is empty, taken as not done${about(a, 'en')}`,
  },
  'months-missing': {
    zh: (a) => `缺少 ${a.months} 的走访${about(a, 'zh')}`,
    en: (a) => `no visit in ${a.months}${about(a, 'en')}`,
  },
  'waiver-expired': {
    zh: (a) => `${a.file}:${a.line} 规则 ${a.rule}${a.village ? ' ' + a.village : ''} 的豁免已于 ${a.expires} 到期，不再适用`,
    en: (a) => `${a.file}:${a.line} the waiver of rule ${a.rule}${a.village ? ' for ' + a.village : ''} expired on ${a.expires} and no longer applies`,
  },
  'waiver-stale': {
    zh: (a) => `${a.file}:${a.line} 规则 ${a.rule}${a.village ? ' ' + a.village : ''} 的豁免没有对应的不达标结果，可以删除`,
    en: (a) => `${a.file}:${a.line} the waiver of rule ${a.rule}${a.village ? ' for ' + a.village : ''} covers no failing result (stale); it can be removed`,
  },
} as const satisfies Record<string, Message>;

/** Every code an engine finding (a result's note) can carry: a code with no wording here is a compile error. */
export type RuleCode = keyof typeof RULE_MESSAGES;

// ── Rule packs: what is wrong with a pack, where, and how to fix it ─────────

/** A column as staff know it: 农户表“贫困户状态”（poverty_status） / households.poverty_status (贫困户状态). */
function columnZh(table: unknown, column: unknown): string {
  const c = columnDef(table, column);
  return `${tableZh(String(table))}“${c?.header ?? column}”（${column}）`;
}
function columnEn(table: unknown, column: unknown): string {
  const c = columnDef(table, column);
  return `${table}.${column}${c ? ` (${c.header})` : ''}`;
}
function columnDef(table: unknown, column: unknown): ColumnDef | undefined {
  const cols = table === 'town' ? townWords() : (tableWords(table)?.columns ?? []);
  return cols.find((c) => c.key === column);
}

/** What a column holds, in words: 整数（2000–2100） / a whole number (2000 to 2100). */
export function columnTypeText(t: ColumnType, lang: 'zh' | 'en'): string {
  const zh = lang === 'zh';
  const range = (min?: number, max?: number, gt?: number) => {
    if (min !== undefined && max !== undefined) return zh ? `（${min}–${max}）` : ` (${min} to ${max})`;
    if (min !== undefined) return zh ? `（≥ ${min}）` : ` (≥ ${min})`;
    if (gt !== undefined) return zh ? `（> ${gt}）` : ` (> ${gt})`;
    return '';
  };
  switch (t.kind) {
    case 'id':
      return zh ? '编号' : 'an id';
    case 'text':
      return zh ? '文本' : 'text';
    case 'bool':
      return zh ? '是否（true/false）' : 'yes or no (true/false)';
    case 'int':
      return (zh ? '整数' : 'a whole number') + range(t.min, t.max);
    case 'number':
      return (zh ? '数值' : 'a number') + range(t.min, undefined, t.gt);
    case 'date':
      return zh ? '日期（YYYY-MM-DD）' : 'a date (YYYY-MM-DD)';
    case 'enum':
      return zh ? `选项（${t.values.join('、')}）` : `one of ${t.values.join(', ')}`;
    case 'ref':
      return zh ? `${tableZh(t.table)}的编号` : `the id of a ${t.table} record`;
    case 'list':
      return zh ? '列表' : 'a list';
    case 'refList':
      return zh ? `${tableZh(t.table)}编号的列表` : `a list of ${t.table} ids`;
  }
}
function typeOf(table: unknown, column: unknown, lang: 'zh' | 'en'): string {
  const c = columnDef(table, column);
  return c ? columnTypeText(c.type, lang) : '';
}

/** A YAML value's kind: 文本 "2026" / the text "2026". */
const GOT_ZH: Record<string, string> = { string: '文本', number: '数字', boolean: '是否值', object: '映射', array: '列表', null: '空值', undefined: '空' };
const GOT_EN: Record<string, string> = { string: 'text', number: 'a number', boolean: 'true/false', object: 'a mapping', array: 'a list', null: 'null', undefined: 'nothing' };
/** What zod expected, in words. */
const EXPECTED_ZH: Record<string, string> = {
  string: '文本',
  number: '数字',
  int: '整数',
  boolean: 'true 或 false',
  object: '映射（{ 键: 值 }）',
  array: '列表（[ … ]）',
  tuple: '列表（[ … ]）',
  record: '映射（{ 名称: 条件 }）',
};
const EXPECTED_EN: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a mapping ({ key: value })',
  array: 'a list ([ … ])',
  tuple: 'a list ([ … ])',
  record: 'a mapping ({ name: condition })',
};
/** Who needs a missing key: sum 检查 / a sum check, 规则 / a rule ... */
function ownerZh(o: unknown): string {
  if (o === 'pack') return '规则包';
  if (o === 'rule') return '规则';
  if (o === 'condition') return '条件';
  if (o === 'column') return '列的声明';
  if (o === 'table') return '表的声明';
  if (typeof o === 'string' && o.startsWith('check:')) return `${o.slice(6)} 检查`;
  // A key (title needs en): the place names it already.
  return '';
}
function ownerEn(o: unknown): string {
  if (o === 'pack') return 'a rule pack';
  if (o === 'rule') return 'a rule';
  if (o === 'condition') return 'this condition';
  if (o === 'column') return 'a column declaration';
  if (o === 'table') return 'a table declaration';
  if (typeof o === 'string' && o.startsWith('check:')) return `a ${o.slice(6)} check`;
  return '';
}
const eg = (a: Args, lang: 'zh' | 'en') => (a.example ? (lang === 'zh' ? `，例如 ${a.example}` : `, e.g. ${a.example}`) : '');
const didZh = (a: Args, what = a.nearest) => (what ? `。是否为 ${what}？` : '');
const didEn = (a: Args, what = a.nearest) => (what ? `; did you mean ${what}?` : '');
/** "“返贫”" / "返贫": a word of the pack as written. */
const q = (v: unknown) => `“${v}”`;

/** What a declared column's field is for, when given on a type that has none. */
const FIELD_FOR_ZH: Record<string, string> = {
  values: 'values 只用于 enum（选项）',
  aliases: 'aliases 只用于 enum（选项）',
  min: 'min 只用于 int、number',
  max: 'max 只用于 int',
  gt: 'gt 只用于 number',
  unit: 'unit 只用于 int、number',
  personal: 'personal 只用于 text、list（姓名、证件号、电话）',
  measured: 'measured 用于测得的数值、日期或选项，不用于编号和引用',
  table: 'table 只用于 ref、refList',
};
const FIELD_FOR_EN: Record<string, string> = {
  values: 'values are for enum only',
  aliases: 'aliases are for enum only',
  min: 'min is for int and number',
  max: 'max is for int',
  gt: 'gt is for number',
  unit: 'unit is for int and number',
  personal: 'personal is for text and list (names, id numbers, phones)',
  measured: 'measured is for measured figures, dates or words, not ids and references',
  table: 'table is for ref and refList',
};

/** Words a field condition can test with. */
export const CONDITION_TESTS = 'is, in, notIn, present, gt, gte, lt, lte, between, contains, containsAny, minItems';

/**
 * Every problem a rule pack can have when loaded or linted (`hebao-check pack
 * lint`), in both languages. Each says what is wrong and what to write instead.
 */
export const PACK_MESSAGES = {
  // YAML itself
  'yaml-syntax': {
    zh: (a) => `YAML 格式错误：${YAML_ZH[String(a.yamlCode)] ?? a.detail}`,
    en: (a) => `${a.detail}`,
  },
  'yaml-duplicate-key': {
    zh: (a) => `同一层中键 ${a.key} 出现了两次；删去或合并其中一个`,
    // As the YAML parser words it.
    en: () => 'Map keys must be unique',
  },
  'yaml-unreadable': {
    zh: (a) => `YAML 无法展开（${a.detail}）；减少别名（*名称）的使用`,
    en: (a) => `the YAML cannot be expanded (${a.detail}); use fewer aliases (*name)`,
  },
  'yaml-self-alias': {
    zh: () => '别名（*名称）引用了包含它自身的内容，无法展开；请直接写出内容',
    en: () => 'an alias (*name) stands for a value that contains it, which cannot be expanded; write the value out',
  },
  'pack-not-mapping': {
    zh: (a) => `规则包应为 YAML 映射（id: …、title: …、rules: …），这里是${GOT_ZH[String(a.got)] ?? a.got}`,
    en: (a) => `a rule pack is a YAML mapping (id: …, title: …, rules: …), not ${GOT_EN[String(a.got)] ?? a.got}`,
  },
  'more-problems': {
    zh: (a) => `另有 ${a.count} 处问题未列出；请先改正以上问题`,
    en: (a) => `and ${a.count} more problems, not listed; fix the ones above first`,
  },
  'cannot-read': {
    zh: (a) => `无法读取规则包（${a.reason}）`,
    en: (a) => `cannot read the rule pack (${a.reason})`,
  },

  // Shape: keys and values the schema does not allow
  'missing-key': {
    zh: (a) => `${ownerZh(a.owner)}需要 ${a.key}${a.descZh ? `（${a.descZh}）` : ''}${eg(a, 'zh')}`,
    en: (a) => `${[ownerEn(a.owner), 'needs'].filter(Boolean).join(' ')} ${a.key}${a.descEn ? ` (${a.descEn})` : ''}${eg(a, 'en')}`,
  },
  'unknown-key': {
    zh: (a) => `不认识的键 ${a.key}，可用的键：${a.allowed}${didZh(a)}`,
    en: (a) => `unknown key "${a.key}" (allowed: ${a.allowed})${didEn(a, a.nearest ? `"${a.nearest}"` : null)}`,
  },
  'wrong-type': {
    zh: (a) => `应为${EXPECTED_ZH[String(a.expected)] ?? a.expected}，这里是${GOT_ZH[String(a.got)] ?? a.got}${a.descZh ? `（${a.descZh}）` : ''}${eg(a, 'zh')}`,
    en: (a) => `must be ${EXPECTED_EN[String(a.expected)] ?? a.expected}, not ${GOT_EN[String(a.got)] ?? a.got}${a.descEn ? ` (${a.descEn})` : ''}${eg(a, 'en')}`,
  },
  'bad-choice': {
    zh: (a) => `${q(a.value)}不是可用的值，可用：${a.allowed}${didZh(a)}`,
    en: (a) => `"${a.value}" is not allowed (allowed: ${a.allowed})${didEn(a, a.nearest ? `"${a.nearest}"` : null)}`,
  },
  'too-few': {
    zh: (a) => `至少需要 ${a.min} 项${eg(a, 'zh')}`,
    en: (a) => `needs at least ${a.min} item${a.min === 1 ? '' : 's'}${eg(a, 'en')}`,
  },
  'empty-text': {
    zh: (a) => `不能为空${a.descZh ? `（${a.descZh}）` : ''}`,
    en: (a) => `must not be empty${a.descEn ? ` (${a.descEn})` : ''}`,
  },
  'too-small': {
    zh: (a) => `不能小于 ${a.min}`,
    en: (a) => `must be at least ${a.min}`,
  },
  invalid: {
    zh: (a) => `写法不对${a.descZh ? `：应为${a.descZh}` : ''}${eg(a, 'zh')}`,
    en: (a) => `is not valid${a.descEn ? `: it is ${a.descEn}` : ''}${eg(a, 'en')}`,
  },
  share: {
    zh: () => '须为 0 到 1 之间的比例（95% 写作 0.95）',
    en: () => 'must be a share from 0 to 1 (95% is 0.95)',
  },
  number: {
    zh: () => '须为数字（如 1000 或 "0.95"）',
    en: () => 'must be a number (e.g. 1000 or "0.95")',
  },
  date: {
    zh: () => '日期须写作 YYYY-MM-DD，例如 "2020-12-31"',
    en: () => 'must be a date as YYYY-MM-DD, e.g. "2020-12-31"',
  },
  month: {
    zh: () => '月份须写作 YYYY-MM，例如 "2020-04"',
    en: () => 'must be a month as YYYY-MM, e.g. "2020-04"',
  },
  'rule-id': {
    zh: () => '规则编号只能由字母、数字、点和连字符组成，例如 "3.2b"',
    en: () => 'must be an id of letters, digits, dots and dashes, e.g. "3.2b"',
  },
  scope: {
    zh: () => '须为 town、village、poverty-village 或 { village: 名称 }',
    en: () => 'must be town, village, poverty-village or { village: 名称 }',
  },

  // The condition language
  'condition-shape': {
    zh: (a) => `应为一个条件，例如 { field: poverty_status, is: 未脱贫 }，这里是${GOT_ZH[String(a.got)] ?? a.got}`,
    en: (a) => `must be a condition, e.g. { field: poverty_status, is: 未脱贫 }, not ${GOT_EN[String(a.got)] ?? a.got}`,
  },
  'condition-form': {
    zh: (a) => `条件须以其中一个键开头：${String(a.forms).replace(/, /g, '、')}（这里的键：${a.keys}）${didZh(a)}`,
    en: (a) => `a condition starts with one of ${a.forms} (here: ${a.keys})${didEn(a)}`,
  },
  'condition-rule': {
    zh: (a) => `写法不对：${a.detail}`,
    en: (a) => `${a.detail}`,
  },
  'condition-mixed': {
    zh: (a) => `一个条件只能是一种形式，这里同时有 ${a.forms}；用 all: [ … ] 或 any: [ … ] 把它们分开`,
    en: (a) => `a condition has one form, this one has ${a.forms}; put them apart in all: [ … ] or any: [ … ]`,
  },
  'condition-no-test': {
    zh: () => `字段条件需要一个判断：${CONDITION_TESTS.replace(/, /g, '、')} 之一`,
    en: () => `a condition on a field needs a test (${CONDITION_TESTS})`,
  },

  // The pack's own structure
  'unknown-kind': {
    zh: (a) => `没有检查类型${q(a.kind)}，可用的类型：${a.known}${didZh(a)}`,
    en: (a) => `unknown check kind "${a.kind}"; known kinds: ${a.known}${didEn(a, a.nearest ? `"${a.nearest}"` : null)}`,
  },
  'duplicate-rule-id': {
    zh: (a) => `规则编号重复（第 ${a.first} 条规则已用此编号）；每条规则的编号须不同`,
    en: (a) => `duplicate rule id (first at rule #${a.first})`,
  },
  'use-unknown': {
    zh: (a) => `use: ${a.name} 没有对应的定义，请在 definitions 中定义它${didZh(a)}`,
    en: (a) => `"use: ${a.name}" names no definition${didEn(a, a.nearest ? `"${a.nearest}"` : null)}`,
  },
  'definition-cycle': {
    zh: () => '定义不能直接或间接地引用自身',
    en: () => 'a definition may not use itself, directly or through others',
  },
  'too-big': {
    zh: (a) => `把 use: 展开后共有${a.capped ? '超过 ' : ' '}${Number(a.size).toLocaleString('en')} 个条件，超过每条记录最多 ${Number(a.max).toLocaleString('en')} 个的上限；请减少对定义的重复引用`,
    en: (a) =>
      `with its "use:" written out this is ${a.capped ? 'more than ' : ''}${Number(a.size).toLocaleString('en')} conditions, more than the ${Number(a.max).toLocaleString('en')} a rule may test each record with; use each definition fewer times`,
  },
  'bad-bound': {
    zh: (a) => `${a.form} 的 ${a.key} 须为数字（如 0.98 或 "0.98"），不能是 ${a.value}`,
    en: (a) => `${a.form}'s ${a.key} must be a number (e.g. 0.98 or "0.98"), not ${a.value}`,
  },

  // What a condition names, against the data contract
  'unknown-column': {
    zh: (a) => `${tableZh(String(a.table))}没有 ${a.column} 列${a.nearest ? `。是否为 ${a.nearest}（${columnDef(a.table, a.nearest)?.header ?? ''}）？` : ''}`,
    en: (a) => `table ${a.table} has no column "${a.column}"${didEn(a, a.nearest ? `"${a.nearest}"` : null)}`,
  },
  'header-as-field': {
    zh: (a) => `field 写列的英文键，不写中文表头：${q(a.column)} 应写作 ${a.nearest}`,
    en: (a) => `field takes a column's key, not its Chinese header: write ${a.nearest} for "${a.column}"`,
  },
  'enum-alias': {
    zh: (a) => `${q(a.value)}在读入数据时被读作${q(a.canonical)}，此条件永远不会匹配；请写 ${a.canonical}，或把 ${a.value} 声明为单独的${a.column === 'poverty_status' ? '状态' : '取值'}`,
    en: (a) => `${a.value} is read as ${a.canonical} when data is loaded, so this never matches; write ${a.canonical}, or declare ${a.value} a ${a.column === 'poverty_status' ? 'status' : 'value'} of its own`,
  },
  'enum-unknown': {
    zh: (a) => `${columnZh(a.table, a.column)}只能是 ${a.allowed}，不会是${q(a.value)}，此条件永远不会匹配${didZh(a)}`,
    en: (a) => `${columnEn(a.table, a.column)} is one of ${a.allowed}; it never holds "${a.value}", so this never matches${didEn(a, a.nearest ? `"${a.nearest}"` : null)}`,
  },
  'value-type': {
    zh: (a) => `${columnZh(a.table, a.column)}是${typeOf(a.table, a.column, 'zh')}，${a.value} 是${GOT_ZH[String(a.got)] ?? a.got}，永远不会相等${a.fix !== null && a.fix !== undefined ? `；请写 ${a.fix}` : ''}`,
    en: (a) => `${columnEn(a.table, a.column)} is ${typeOf(a.table, a.column, 'en')}; ${a.value} is ${GOT_EN[String(a.got)] ?? a.got}, so it never matches${a.fix !== null && a.fix !== undefined ? `; write ${a.fix}` : ''}`,
  },
  'out-of-range': {
    zh: (a) => `${columnZh(a.table, a.column)}是${typeOf(a.table, a.column, 'zh')}，不会是 ${a.value}，此条件永远不会匹配`,
    en: (a) => `${columnEn(a.table, a.column)} is ${typeOf(a.table, a.column, 'en')}; it is never ${a.value}, so this never matches`,
  },
  'bound-type': {
    zh: (a) => `${a.op} 与${columnZh(a.table, a.column)}比较，须写${typeOf(a.table, a.column, 'zh')}，不能是 ${a.value}${a.fix ? `；请写 ${a.fix}` : ''}`,
    en: (a) => `${a.op} compares ${columnEn(a.table, a.column)}, ${typeOf(a.table, a.column, 'en')}, so its bound cannot be ${a.value}${a.fix ? `; write ${a.fix}` : ''}`,
  },
  'op-on-type': {
    zh: (a) => `${a.op} 只能比较数值或日期，${columnZh(a.table, a.column)}是${typeOf(a.table, a.column, 'zh')}；请用 is、in 或 notIn`,
    en: (a) => `${a.op} compares numbers or dates; ${columnEn(a.table, a.column)} is ${typeOf(a.table, a.column, 'en')}: use is, in or notIn`,
  },
  'text-op': {
    zh: (a) => `${a.op} 查找文本中的字或列表中的项，${columnZh(a.table, a.column)}是${typeOf(a.table, a.column, 'zh')}，永远不会匹配；请用 is、in、gt 等`,
    en: (a) => `${a.op} looks for words in text or items in a list; ${columnEn(a.table, a.column)} is ${typeOf(a.table, a.column, 'en')}, so it never matches: use is, in, gt ...`,
  },
  'list-op': {
    zh: (a) => `${columnZh(a.table, a.column)}是${typeOf(a.table, a.column, 'zh')}，${a.op} 比较的是单个值，永远不会匹配；列表列请用 contains（含有某一项）、containsAny、present 或 minItems（至少几项）`,
    en: (a) => `${columnEn(a.table, a.column)} is ${typeOf(a.table, a.column, 'en')} and ${a.op} compares one value, so it never matches; test a list column with contains (one of its items), containsAny, present or minItems (at least n items)`,
  },
  'minitems-not-list': {
    zh: (a) => `minItems 数列表中的项，${columnZh(a.table, a.column)}是${typeOf(a.table, a.column, 'zh')}，永远不会匹配`,
    en: (a) => `minItems counts the items of a list; ${columnEn(a.table, a.column)} is ${typeOf(a.table, a.column, 'en')}, so it never matches`,
  },
  'asof-not-date': {
    zh: (a) => `$asOf 是检查日期，只能与日期列比较，${columnZh(a.table, a.column)}是${typeOf(a.table, a.column, 'zh')}`,
    en: (a) => `$asOf is the as-of date and compares only with a date column; ${columnEn(a.table, a.column)} is ${typeOf(a.table, a.column, 'en')}`,
  },
  'figure-not-number': {
    zh: (a) => `${a.what} 需要数值列，${columnZh(a.table, a.column)}是${typeOf(a.table, a.column, 'zh')}`,
    en: (a) => `${a.what} needs a column of figures; ${columnEn(a.table, a.column)} is ${typeOf(a.table, a.column, 'en')}`,
  },
  'not-date-column': {
    zh: (a) => `${a.what} 需要日期列，${columnZh(a.table, a.column)}是${typeOf(a.table, a.column, 'zh')}`,
    en: (a) => `${a.what} needs a date column; ${columnEn(a.table, a.column)} is ${typeOf(a.table, a.column, 'en')}`,
  },
  'related-no-id': {
    zh: (a) => `${tableZh(String(a.table))}没有编号列，其他表的记录无法指向它，related 永远不会匹配`,
    en: (a) => `${a.table} has no id column, so no record of another table points at one: related never matches`,
  },
  'related-by-other': {
    zh: (a) => `${columnZh(a.table, a.by)}是${typeOf(a.table, a.by, 'zh')}，不指向${tableZh(String(a.judged))}，related 永远不会匹配${a.candidates ? `；${tableZh(String(a.table))}中指向它的列：${a.candidates}` : ''}`,
    en: (a) => `${columnEn(a.table, a.by)} is ${typeOf(a.table, a.by, 'en')}, not a reference to ${a.judged}, so related never matches${a.candidates ? `; columns of ${a.table} that refer to ${a.judged}: ${a.candidates}` : ''}`,
  },
  'ref-not-ref': {
    zh: (a) => `ref 沿引用列找到另一条记录，${columnZh(a.table, a.column)}是${typeOf(a.table, a.column, 'zh')}，不是引用${tableZh(String(a.target))}的列${a.candidates ? `；可用：${a.candidates}` : ''}`,
    en: (a) => `ref follows a reference column to another record; ${columnEn(a.table, a.column)} is ${typeOf(a.table, a.column, 'en')}, not a reference to ${a.target}${a.candidates ? `; columns that refer to ${a.target}: ${a.candidates}` : ''}`,
  },

  // Check kinds
  'sum-no-unit-column': {
    zh: (a) => `${tableZh(String(a.table))}没有单位列：sum 只合计同一单位的数值，请写出单位——数值列本身带单位时只写单位（如 unit: 万元），否则写单位列和单位（如产业表的 unit: {field: unit, is: 亩}）`,
    en: (a) => `${a.table} have no unit column: sum adds figures of one unit, so name it: the unit alone when the column's figures carry one (unit: 万元), else the unit column and the unit (as industries have: unit: {field: unit, is: 亩})`,
  },
  'unit-column-not-enum': {
    zh: (a) => `${columnZh(a.table, a.column)}不是单位列（单位列列出可用的单位，如产业表的 unit）`,
    en: (a) => `${columnEn(a.table, a.column)} is not a unit column (a column listing the units, as industries.unit)`,
  },
  'label-personal': {
    zh: (a) => `${columnZh(a.table, a.column)}是个人信息，label 的值会显示在每份报告中：请选一列不含个人信息的列（如项目名称、产业）`,
    en: (a) => `${columnEn(a.table, a.column)} is personal data, and a label is shown in every report: choose a column without personal data (a project's name, an industry)`,
  },
  'unit-not-column-unit': {
    zh: (a) => `${columnZh(a.table, a.column)}的数值以“${a.unit}”为单位，不是“${a.value}”：请写 unit: ${a.unit}，并按 ${a.unit} 写目标值`,
    en: (a) => `${columnEn(a.table, a.column)} holds figures in ${a.unit}, not ${a.value}: write unit: ${a.unit}, and the target in ${a.unit}`,
  },

  'table-name': {
    zh: () => '表名写小写英文键（villages、households …，或 data.tables 声明的表）',
    en: () => 'a table is named by its lower-case key (villages, households …, or a table declared under data.tables)',
  },
  'unknown-table': {
    zh: (a) => `没有 ${a.table} 表${didZh(a)}（可用：${a.known}；新的表请在 data.tables 下声明）`,
    en: (a) => `there is no table ${a.table}${didEn(a)} (known: ${a.known}; declare a new one under data.tables)`,
  },

  // Data the pack declares (data:)
  'declared-key': {
    zh: (a) => `${typeof a.key === 'string' ? q(a.key) : '这个名称'}不能作键：键用小写英文字母开头，只含小写字母、数字和下划线（如 monitoring_category）`,
    en: (a) => `${typeof a.key === 'string' ? `"${a.key}"` : 'this name'} cannot be a key: start with a lower-case letter and use only a–z, 0–9 and _ (e.g. monitoring_category)`,
  },
  'declared-table-exists': {
    zh: (a) => `已有 ${a.table} 表：要给它加列，请写在 data.columns.${a.table} 下`,
    en: (a) => `there already is a table ${a.table}: add columns to it under data.columns.${a.table}`,
  },
  'declared-table-reserved': {
    zh: (a) => `${a.table} 不能作表名：${a.table === 'waivers' ? 'waivers.yaml 是豁免文件' : 'data.xlsx 是存放各表的工作簿（同 数据.xlsx）'}；请换一个名称`,
    en: (a) => `${a.table} cannot name a table: ${a.table === 'waivers' ? 'waivers.yaml is the waivers file' : 'data.xlsx is the workbook holding every table (as 数据.xlsx is)'}; choose another name`,
  },
  'declared-title-clash': {
    zh: (a) => `表名“${a.title}”已是 ${a.table} 表的名称（也是 数据.xlsx 中的工作表名），读数据时无法区分两表；请换一个 title`,
    en: (a) => `the title "${a.title}" already names table ${a.table} (also as its sheet in 数据.xlsx), so the data could not tell the two apart; choose another title`,
  },
  'declared-unknown-table': {
    zh: (a) => `没有 ${a.table} 表（内置的表和 data.tables 声明的表中都没有）${didZh(a)}`,
    en: (a) => `there is no table ${a.table} (neither built in nor declared under data.tables)${didEn(a)}`,
  },
  'declared-needs': {
    zh: (a) => `新列 ${a.key} 须写 ${a.field}${a.field === 'values' ? '（enum 的取值）' : a.field === 'table' ? '（所引用的表）' : ''}`,
    en: (a) => `the new column ${a.key} needs ${a.field}${a.field === 'values' ? " (the enum's words)" : a.field === 'table' ? ' (the table it refers to)' : ''}`,
  },
  'declared-duplicate-key': {
    zh: (a) => `列 ${a.key} 声明了两次`,
    en: (a) => `column ${a.key} is declared twice`,
  },
  'declared-header-clash': {
    zh: (a) => `表头“${a.header}”已是 ${a.column} 列的表头，读数据时无法区分两列；请换一个表头`,
    en: (a) => `the header "${a.header}" is already column ${a.column}'s, so the data could not tell the two apart; choose another header`,
  },
  'declared-field-for-type': {
    zh: (a) => `${a.type} 类型的列没有 ${a.field}：${FIELD_FOR_ZH[String(a.field)] ?? ''}`,
    en: (a) => `a column of type ${a.type} has no ${a.field}: ${FIELD_FOR_EN[String(a.field)] ?? ''}`,
  },
  'declared-alias-target': {
    zh: (a) => `别名“${a.alias}”指向“${a.value}”，但该列的取值只有 ${a.allowed}；别名须指向其中之一`,
    en: (a) => `the alias "${a.alias}" means "${a.value}", which is not a word of this column (${a.allowed}); an alias must mean one of them`,
  },
  'declared-alias-is-value': {
    zh: (a) => `“${a.alias}”已是该列的取值，不能同时作别名`,
    en: (a) => `"${a.alias}" is a word of this column already; it cannot also be an alias`,
  },
  'declared-retype': {
    zh: (a) => `${columnZh(a.table, a.column)}是数据约定中已有的列：规则包只能给它增加 values、aliases 或 also，不能改 ${a.field}`,
    en: (a) => `${columnEn(a.table, a.column)} is a column of the data contract: a pack may add values, aliases or also to it, never change its ${a.field}`,
  },
  'declared-not-enum': {
    zh: (a) => `${columnZh(a.table, a.column)}是${typeOf(a.table, a.column, 'zh')}，不是选项列，不能增加取值或别名`,
    en: (a) => `${columnEn(a.table, a.column)} is ${typeOf(a.table, a.column, 'en')}, not a list of words: no values or aliases can be added`,
  },
  'declared-id': {
    zh: (a) => `${a.table} 表没有类型为 id 的列 ${a.column}${a.candidates ? `；可用：${a.candidates}` : ''}`,
    en: (a) => `table ${a.table} has no column ${a.column} of type id${a.candidates ? `; its id columns: ${a.candidates}` : ''}`,
  },
  'declared-id-which': {
    zh: (a) => `${a.table} 表有多个 id 列（${a.candidates}）：请用 id: 写明哪一列是记录编号`,
    en: (a) => `table ${a.table} has several id columns (${a.candidates}): name the record's id with id:`,
  },
  'declared-village': {
    zh: (a) => `${a.table} 表的 ${a.column} 不是引用 villages 的列，不能表示记录所属的村${a.candidates ? `；可用：${a.candidates}` : ''}`,
    en: (a) => `${a.table}.${a.column} is not a reference to villages, so it cannot name the record's village${a.candidates ? `; columns that can: ${a.candidates}` : ''}`,
  },
  'declared-village-which': {
    zh: (a) => `${a.table} 表有多个引用 villages 的列（${a.candidates}）：请用 village: 写明哪一列是记录所属的村`,
    en: (a) => `table ${a.table} has several references to villages (${a.candidates}): name the record's village with village:`,
  },
  'declared-town-type': {
    zh: (a) => `town.yaml 是一条记录，不能有 ${a.type} 类型的键`,
    en: (a) => `town.yaml is one record: it cannot have a key of type ${a.type}`,
  },
  'unit-unknown': {
    zh: (a) => `${q(a.value)}不是数据中可能出现的单位，${columnZh(a.table, a.column)}只能是：${a.allowed}${didZh(a)}`,
    en: (a) => `${a.value} is not a unit the data can hold: ${a.allowed}${didEn(a, a.nearest ? `"${a.nearest}"` : null)}`,
  },
  'change-field-and-meets': {
    zh: () => `field 与 meets 只能写一个：field 比较合计（或与 weight 同用比较加权平均），meets 比较比例`,
    en: () => `write field or meets, not both: field compares a sum (or, with weight, a weighted mean), meets a share`,
  },
  'change-weight-alone': {
    zh: () => `weight 须与 field（加权平均，如 field: net_income_pc, weight: members）或 meets（加权比例）同用`,
    en: () => `weight goes with field (a weighted mean: field: net_income_pc, weight: members) or with meets (a weighted share)`,
  },
  'change-rising-bound': {
    zh: (a) => `compare: rising（稳步提升）不用 ${a.key}：它比较各期数值，逐期不降且本期高于最早一期；要求增长幅度时用 compare: growth 或 difference`,
    en: (a) => `compare: rising takes no ${a.key}: it compares the periods' figures (never lower than the one before, and above the earliest); for a size of rise use compare: growth or difference`,
  },
  'change-rising-against': {
    zh: () => `compare: rising 不能与 against 同用；与全镇或 town.yaml 数值比较时用 compare: growth 或 difference`,
    en: () => `compare: rising does not go with against; to compare with the town or a town.yaml figure use compare: growth or difference`,
  },
  'change-needs-value': {
    zh: (a) => `compare: ${a.compare} 需要 value（${a.compare === 'growth' ? '增长率，10% 写作 0.1；高于即可写 value: 0, op: gt' : '增加量，比例的 5 个百分点写作 0.05'}）`,
    en: (a) => `compare: ${a.compare} needs value (${a.compare === 'growth' ? 'the growth, 10% is 0.1; any rise: value: 0, op: gt' : 'the difference; 5 points of a share is 0.05'})`,
  },
} as const satisfies Record<string, Message>;

/** Every code a pack problem can carry: a code with no wording here is a compile error where it is raised. */
export type PackCode = keyof typeof PACK_MESSAGES;

/** A key of town.yaml as staff know it: its Chinese header. */
function townHeader(key: unknown): string {
  return columnDef('town', key)?.header ?? String(key);
}

/** The YAML parser's error codes in Chinese (yaml 2.x); others show its English words. */
const YAML_ZH: Record<string, string> = {
  BAD_INDENT: '缩进不对，同一层的键须对齐',
  TAB_AS_INDENT: '缩进不能用 Tab，请用空格',
  MISSING_CHAR: '缺少闭合的 } 或 ]，或引号未闭合',
  MULTILINE_IMPLICIT_KEY: '键不能跨行；值里有冒号时请加引号',
  BLOCK_AS_IMPLICIT_KEY: '键的位置写了多行内容；检查缩进和冒号',
  UNEXPECTED_TOKEN: '这里有无法识别的内容；含冒号、# 或方括号的值请加引号',
  BAD_SCALAR_START: '值不能以这个字符开头，请加引号',
  BAD_ALIAS: '别名（*名称）写法不对',
  BAD_DIRECTIVE: 'YAML 指令写法不对',
  DUPLICATE_KEY: '同一层中有重复的键',
  MISSING_ANCHOR: '引用了不存在的锚点（&名称）',
  BAD_COLLECTION_TYPE: '集合类型写法不对',
  KEY_OVER_1024_CHARS: '键太长（超过 1024 个字符）',
  TAG_RESOLVE_FAILED: '无法识别的标签（!标签）',
  IMPOSSIBLE: '这里的写法无法读取',
  BAD_DQ_ESCAPE: '双引号中的转义字符不对',
  NON_STRING_KEY: '键须为文本',
};

/** One pack problem as people read it, with its place: `x.yaml:12:7: 规则 3.2b：check.unit：…` (the engine's PackDiagnostic). */
export type PackProblemText = PackDiagnostic;

/** Where in the pack, in words: 规则 3.2b：check.unit / rule 3.2b: check.unit; definitions.poor.field. */
export function packPlace(p: Pick<PackProblemText, 'rule' | 'path' | 'code'>, lang: 'zh' | 'en'): string {
  // A missing key is named by its message; the place is where it belongs.
  const path = p.code === 'missing-key' ? p.path.split('.').slice(0, -1).join('.') : p.path;
  // A rule's problems have paths inside the rule (check.unit, scope).
  if (p.rule !== null) return lang === 'zh' ? `规则 ${p.rule}${path ? '：' + path : ''}` : `rule ${p.rule}${path ? ': ' + path : ''}`;
  // Outside rules the path as written in the file (definitions.poor.in.1), in both languages.
  return path;
}

/** The message of a pack problem (what is wrong and the fix), without its place. */
export function packMessage(p: Pick<PackProblemText, 'code' | 'args'>, lang: 'zh' | 'en'): string {
  // Every code a pack problem can carry has wording (PackCode): no fallback needed.
  const m: Message = PACK_MESSAGES[p.code];
  return m[lang](p.args);
}

/** `file:line:column: place: message`, one line. */
export function packProblemLine(p: PackProblemText, lang: 'zh' | 'en'): string {
  const at = `${p.file}${p.line !== null ? ':' + p.line + (p.column !== null ? ':' + p.column : '') : ''}`;
  const place = packPlace(p, lang);
  const sep = lang === 'zh' ? '：' : ': ';
  return `${at}: ${place ? place + sep : ''}${packMessage(p, lang)}`;
}

/** The words of `hebao-check pack lint`. */
export const PACK_LINT_WORDS = {
  zh: {
    clean: (file: string, rules: number, defs: number) => `${file}：规则包无误（${rules} 条规则，${defs} 个定义）`,
    problems: (file: string, n: number) => `${file}：发现 ${n} 处问题，检查时会拒绝这个规则包：`,
  },
  en: {
    clean: (file: string, rules: number, defs: number) => `${file}: the pack is valid (${rules} rules, ${defs} definitions)`,
    problems: (file: string, n: number) => `${file}: ${n} problem${n === 1 ? '' : 's'}; a check would refuse this pack:`,
  },
} as const;
