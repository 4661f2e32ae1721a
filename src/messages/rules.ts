/** Wording of the engine's findings (why a result is no-data, which unit was found ...), zh and en. */
import { TABLES, type TableName } from '../contract/tables.js';

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

/** A column key as staff know it: its Chinese header (`collective_income` → 集体经营性收入), from its table when known, else from the one table that has it. */
function headerZh(key: unknown, table?: unknown): string {
  const k = String(key);
  const tables = typeof table === 'string' && Object.hasOwn(TABLES, table) ? [TABLES[table as TableName]] : Object.values(TABLES);
  const headers = new Set(tables.flatMap((t) => t.columns.filter((c) => c.key === k).map((c) => c.header)));
  return headers.size === 1 ? [...headers][0]! : k;
}

/** "（H0001）" / " (H0001)": which entity or village a finding is about, when known. */
function about(a: Args, lang: 'zh' | 'en'): string {
  const who = a.entity ?? a.village;
  if (who === undefined || who === null) return '';
  return lang === 'zh' ? `（${who}）` : ` (${who})`;
}

export const RULE_MESSAGES: Record<string, Message> = {
  'missing-column': {
    zh: (a) => `${TABLE_ZH[a.table as string] ?? a.table}缺少“${headerZh(a.column, a.table)}”列，无法检查`,
    en: (a) => `${a.table} has no column "${a.column}"; cannot check`,
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
    zh: (a) => `引用的${TABLE_ZH[a.table as string] ?? a.table}记录 ${a.id} 有数据错误，已排除${about(a, 'zh')}`,
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
    zh: (a) => `数据中没有方案点名的“${a.name}”`,
    en: (a) => `the data has no "${a.name}", which the plan names`,
  },
  'named-village-missing': {
    zh: (a) => `数据中没有方案点名的村（社区）“${a.name}”`,
    en: (a) => `the data has no village "${a.name}", which the plan names`,
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
};
