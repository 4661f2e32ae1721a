/**
 * The condition language in words: what each key of a condition does, with an
 * example. One source for the JSON Schema's descriptions (editors show them),
 * docs/rule-packs.md, and the messages about a missing key.
 */
import type { SchemaDoc } from './pack-issues.js';

export interface ConditionDoc extends Required<SchemaDoc> {
  /** field tests | forms of a condition | other. */
  group: 'test' | 'form' | 'bound';
}

export const CONDITION_DOCS: Readonly<Record<string, ConditionDoc>> = {
  field: { group: 'form', zh: '要判断的列（英文键，见 docs/data.md）', en: "the column to test (its key, see docs/data.md)", example: '{ field: poverty_status, is: 未脱贫 }' },
  is: { group: 'test', zh: '等于这个值（文本、数字或 true/false）', en: 'equals this value (text, a number, or true/false)', example: '{ field: industry_covered, is: true }' },
  in: { group: 'test', zh: '等于其中之一', en: 'equals one of these', example: '{ field: poverty_status, in: [未脱贫, 已脱贫] }' },
  notIn: { group: 'test', zh: '不等于其中任何一个（空值不算）', en: 'equals none of these (an empty cell does not count)', example: '{ field: leading_level, notIn: [无] }' },
  present: { group: 'test', zh: 'true：已填写；false：未填写', en: 'true: filled in; false: empty', example: '{ field: benefit_linkage, present: true }' },
  gt: { group: 'test', zh: '大于（数值或日期）', en: 'greater than (a number or a date)', example: '{ field: labor_count, gt: 0 }' },
  gte: { group: 'test', zh: '大于或等于（数值或日期）', en: 'at least (a number or a date)', example: '{ field: annual_sales, gte: 10000 }' },
  lt: { group: 'test', zh: '小于（数值或日期）', en: 'less than (a number or a date)', example: '{ field: members, lt: 3 }' },
  lte: { group: 'test', zh: '小于或等于（数值或日期）', en: 'at most (a number or a date)', example: '{ field: completion_date, lte: "2020-12-31" }' },
  between: { group: 'test', zh: '在两者之间（含两端）', en: 'between the two, both included', example: '{ field: date, between: ["2020-02-01", $asOf] }' },
  contains: { group: 'test', zh: '文本中含有这些字；列表中有这一项', en: 'the text holds these words; the list has this item', example: '{ field: name, contains: 烘干 }' },
  containsAny: { group: 'test', zh: '文本中含有其中任何一个；列表中有其中任何一项', en: 'the text holds any of these; the list has any of these items', example: '{ field: name, containsAny: [海椒, 辣椒] }' },
  minItems: { group: 'test', zh: '列表至少有几项', en: 'the list has at least this many items', example: '{ field: leadership_group.deputies, minItems: 2 }' },
  final: {
    group: 'test',
    zh: 'true：不满足即为最终结果，截止前也算未通过（如完工日期已晚于期限）',
    en: 'true: a value that misses is final, a fail even before the due date (a completion date already late)',
    example: '{ field: completion_date, lte: "2020-12-31", final: true }',
  },
  all: { group: 'form', zh: '全部满足', en: 'all of these hold', example: '{ all: [{ use: registered_poor }, { use: with_labor }] }' },
  any: { group: 'form', zh: '满足其中之一', en: 'any of these holds', example: '{ any: [{ field: willing, is: true }, { field: labor_count, gt: 0 }] }' },
  use: { group: 'form', zh: '引用 definitions 中的命名条件', en: 'a named condition of definitions', example: '{ use: registered_poor }' },
  ratio: {
    group: 'form',
    zh: '同一行两列之比：第一列 / 第二列 ≥ gte',
    en: 'the ratio of two columns of the record: first / second ≥ gte',
    example: '{ ratio: [poor_members, members], gte: 0.8 }',
  },
  growth: {
    group: 'form',
    zh: '同一行的增长：本期列 / 上期列 − 1 ≥ gte；about 为“左右”的容差',
    en: 'growth within the record: current / previous − 1 ≥ gte; about: the tolerance of "about"',
    example: '{ growth: [farmer_income, farmer_income_prev], gte: 0.091, about: 0.01 }',
  },
  related: {
    group: 'form',
    zh: '另一张表中指向本记录的记录（可加 where）至少 min 条；by 可以是编号列表（如指导员的联系村）',
    en: 'at least min records of another table point at this one (optionally those matching where); by may be a list of ids (an instructor\'s 联系村)',
    example: '{ related: { table: visits, by: enterprise_id }, min: 1 }',
  },
  ref: {
    group: 'form',
    zh: '本记录的引用列指向的记录满足 where',
    en: "the record this one's reference column points at matches where",
    example: '{ ref: { field: sales_docking_enterprise, table: enterprises, where: { field: leading_level, notIn: [无] } } }',
  },
  days: {
    group: 'form',
    zh: '同一行两个日期之间的天数，与 lte / gte 比较；第二个日期为空时算到检查日期',
    en: 'the days between two dates of the record, against lte / gte; an empty second date counts up to the as-of date',
    example: '{ days: [identified_date, first_assistance_date], lte: 15 }',
  },
  about: { group: 'bound', zh: '“左右”：差距不超过它时为预警而非未达标', en: '"about": a miss by at most this much is a warning, not a fail', example: 'about: 0.01' },
  min: { group: 'bound', zh: '至少几条相关记录', en: 'at least this many related records', example: 'min: 1' },
  table: { group: 'bound', zh: '另一张表', en: 'the other table', example: 'table: visits' },
  by: { group: 'bound', zh: '另一张表中指向本表编号的列', en: "the other table's column that holds this record's id", example: 'by: enterprise_id' },
  where: { group: 'bound', zh: '只看满足这个条件的记录', en: 'only the records that match this condition', example: 'where: { field: date, between: ["2020-02-01", $asOf] }' },
};
