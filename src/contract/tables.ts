/**
 * The data contract (shared/spec/data-contract.md) as data: every table, its
 * columns, their Chinese headers, types and constraints. The loader, the zod
 * schemas, the masking of personal data and the templates are all built from
 * this one description, so the contract is written down exactly once.
 */

/** A table of the contract: one of the built-in ones, or one a rule pack declares (src/contract/contract.ts). */
export type TableName = string;

export type BuiltInTable =
  | 'villages'
  | 'households'
  | 'industries'
  | 'projects'
  | 'enterprises'
  | 'cooperatives'
  | 'instructors'
  | 'visits';

/** Every table a data folder holds as rows (town.yaml and manifest.yaml are records). */
export const TABLE_NAMES: readonly BuiltInTable[] = [
  'villages',
  'households',
  'industries',
  'projects',
  'enterprises',
  'cooperatives',
  'instructors',
  'visits',
];

export type ColumnType =
  | { kind: 'id' }
  | { kind: 'text' }
  | { kind: 'bool' }
  | { kind: 'int'; min?: number; max?: number }
  | { kind: 'number'; min?: number; gt?: number }
  | { kind: 'date' }
  | { kind: 'enum'; values: readonly string[]; aliases?: Readonly<Record<string, string>> }
  | { kind: 'ref'; table: TableName }
  | { kind: 'list' }
  | { kind: 'refList'; table: TableName };

export interface ColumnDef {
  /** English key, as used in code, rule packs and YAML tables. */
  key: string;
  /** Chinese header, as staff write it in Excel. */
  header: string;
  type: ColumnType;
  required: boolean;
  /** Names, ID numbers, phones: masked in every report unless asked otherwise. */
  personal?: 'name' | 'id_number' | 'phone';
  /** A measured figure: an empty cell makes a result no-data instead of a miss. */
  measured?: boolean;
  /** Extra header spellings seen in real exports. */
  aliases?: readonly string[];
  /** The unit its figures are in (元, 公里): shown in docs, and a sum's unit must be it. */
  unit?: string;
  /** A text whose form is checked: `resident-id` = GB 11643 ID, or a 20/22-character certificate starting with one. */
  format?: 'resident-id';
}

export interface TableDef {
  name: TableName;
  /** Chinese name of the table, for messages. */
  title: string;
  /** The column holding the record's id, if the table has one. */
  idColumn: string | null;
  /** The column naming the record's village, if any. */
  villageColumn: string | null;
  columns: readonly ColumnDef[];
}

const LEVELS = ['国家级', '市级', '区级', '无'] as const;

const id = { kind: 'id' } as const;
const text = { kind: 'text' } as const;
const bool = { kind: 'bool' } as const;
const date = { kind: 'date' } as const;
const ref = (table: TableName) => ({ kind: 'ref', table }) as const;

function col(
  key: string,
  header: string,
  type: ColumnType,
  required: boolean,
  extra: Partial<ColumnDef> = {},
): ColumnDef {
  return { key, header, type, required, ...extra };
}

export const TABLES: Readonly<Record<BuiltInTable, TableDef>> = {
  villages: {
    name: 'villages',
    title: '村（社区）',
    idColumn: 'village_id',
    villageColumn: 'village_id',
    columns: [
      col('village_id', '村编号', id, true),
      col('name', '村（社区）名称', text, true),
      col('type', '类型', { kind: 'enum', values: ['村', '社区'] }, true),
      col('poverty_village', '是否贫困村', bool, true),
      col('signature_product', '一村一品', text, false),
      col('dominant_industry', '主导产业', text, false),
      col('sales_docking_enterprise', '产销对接企业', ref('enterprises'), false),
      col('collective_income', '集体经营性收入（元）', { kind: 'number', min: 0 }, false, { measured: true }),
      col('farmer_income_prev', '上年农民人均可支配收入（元）', { kind: 'number', gt: 0 }, false, { measured: true }),
      col('farmer_income', '本年农民人均可支配收入（元）', { kind: 'number', min: 0 }, false, { measured: true }),
      col('asset_verification_date', '清产核资完成日期', date, false),
      col('membership_date', '成员界定完成日期', date, false),
      col('asset_quantification_date', '资产量化完成日期', date, false),
      col('three_changes_pilot', '三变改革试点', bool, false),
      col('industry_village_head', '产业村长', text, false, { personal: 'name' }),
      col('supply_coop_partnership', '村社共建', bool, false),
      col('distribution_plan', '收益分配方案', bool, false),
      col('industry_plan', '产业发展计划', bool, false),
    ],
  },
  households: {
    name: 'households',
    title: '农户',
    idColumn: 'household_id',
    villageColumn: 'village_id',
    columns: [
      col('household_id', '户编号', id, true),
      col('village_id', '村编号', ref('villages'), true),
      col('head_name', '户主姓名', text, true, { personal: 'name' }),
      col('id_number', '证件号码', text, false, { personal: 'id_number', format: 'resident-id' }),
      col('phone', '联系电话', text, false, { personal: 'phone' }),
      col('members', '家庭人口数', { kind: 'int', min: 1 }, true),
      col(
        'poverty_status',
        '贫困户状态',
        {
          kind: 'enum',
          values: ['未脱贫', '已脱贫', '非贫困户'],
          // The national system's spellings; brackets are normalised before lookup.
          aliases: { '已脱贫(享受政策)': '已脱贫', '已脱贫(不再享受政策)': '已脱贫', 返贫: '未脱贫' },
        },
        true,
      ),
      col('labor_count', '劳动力人数', { kind: 'int', min: 0 }, true),
      col('industry_covered', '产业覆盖', bool, true),
      col('household_industry', '到户产业', text, false),
      col('willing', '发展意愿', bool, false),
      col('cooperative_id', '合作社编号', ref('cooperatives'), false),
      col('assistance', '帮扶措施', text, false),
      col('land_share', '土地入股', bool, false),
      col('sanitation_pledge', '门前三包', bool, false),
    ],
  },
  industries: {
    name: 'industries',
    title: '产业',
    idColumn: null,
    villageColumn: 'village_id',
    columns: [
      col('village_id', '村编号', ref('villages'), true),
      col('industry', '产业', text, true),
      col('scale', '规模', { kind: 'number', min: 0 }, true),
      col('unit', '单位', { kind: 'enum', values: ['亩', '只', '吨', '户'] }, true),
      col('featured', '特色产业', bool, false),
    ],
  },
  projects: {
    name: 'projects',
    title: '扶贫项目',
    idColumn: 'project_id',
    villageColumn: 'village_id',
    columns: [
      col('project_id', '项目编号', id, true),
      col('name', '项目名称', text, true),
      col('village_id', '村编号', ref('villages'), false),
      col('year', '年度', { kind: 'int', min: 2000, max: 2100 }, true),
      col('category', '项目类别', { kind: 'enum', values: ['产业扶贫', '基础设施', '公共服务', '其他'] }, true),
      col(
        'fund_source',
        '资金来源',
        { kind: 'enum', values: ['财政扶贫资金', '捐赠资金', '集体经济资金', '社会资金', '其他'] },
        true,
      ),
      col('amount', '投资金额（万元）', { kind: 'number', min: 0 }, false),
      col('status', '项目状态', { kind: 'enum', values: ['未开工', '在建', '已完工'] }, true),
      col('completion_date', '完工日期', date, false),
      col('benefit_linkage', '利益联结机制', text, false),
      col('poor_households_benefited', '带动贫困户数', { kind: 'int', min: 0 }, false, { measured: true }),
      col('equity_reform', '股权化改革', bool, false),
      col('territorial_owner', '属地责任人', text, false, { personal: 'name' }),
      col('sector_owner', '属事责任人', text, false, { personal: 'name' }),
      col('operator', '主体责任人', text, false, { personal: 'name' }),
      col('instructor_owner', '指导责任人', text, false, { personal: 'name' }),
      col('tech_owner', '技术支撑责任人', text, false, { personal: 'name' }),
      col('risk_assessment', '风险评估', bool, false),
      col('insurance', '保险', bool, false),
    ],
  },
  enterprises: {
    name: 'enterprises',
    title: '企业',
    idColumn: 'enterprise_id',
    villageColumn: 'village_id',
    columns: [
      col('enterprise_id', '企业编号', id, true),
      col('name', '企业名称', text, true),
      col('village_id', '村编号', ref('villages'), false),
      col('leading_level', '龙头企业级别', { kind: 'enum', values: LEVELS }, true),
      col('poverty_leader_level', '扶贫龙头企业认定', { kind: 'enum', values: LEVELS }, false),
      col('annual_sales', '年销售收入（万元）', { kind: 'number', min: 0 }, false, { measured: true }),
      col('above_scale', '规模以上企业', bool, false),
      col('above_scale_year', '规上认定年度', { kind: 'int' }, false, { measured: true }),
      col('poverty_policy', '享受扶贫政策', bool, false),
      col('employees', '职工人数', { kind: 'int', min: 0 }, false),
      col('poor_employees', '吸纳贫困人口就业数', { kind: 'int', min: 0 }, false, { measured: true }),
    ],
  },
  cooperatives: {
    name: 'cooperatives',
    title: '农民专业合作社',
    idColumn: 'cooperative_id',
    villageColumn: 'village_id',
    columns: [
      col('cooperative_id', '合作社编号', id, true),
      col('name', '合作社名称', text, true),
      col('village_id', '村编号', ref('villages'), true),
      col('poverty_leader_level', '扶贫示范认定', { kind: 'enum', values: LEVELS }, false),
      col('demonstration_level', '示范社级别', { kind: 'enum', values: LEVELS }, false),
      col('poverty_funded', '财政扶贫或捐赠资金支持', bool, false),
      col('service_coop', '扶贫产业服务合作社', bool, false),
      col('members', '成员数', { kind: 'int', min: 1 }, true),
      col('poor_members', '建卡贫困户成员数', { kind: 'int', min: 0 }, true),
    ],
  },
  instructors: {
    name: 'instructors',
    title: '产业指导员',
    idColumn: 'instructor_id',
    villageColumn: null,
    columns: [
      col('instructor_id', '指导员编号', id, true),
      col('name', '姓名', text, true, { personal: 'name' }),
      col('role', '类别', { kind: 'enum', values: ['产业发展指导员', '产业扶贫专家', '农技人员'] }, true),
      col('villages', '联系村', { kind: 'refList', table: 'villages' }, false),
    ],
  },
  visits: {
    name: 'visits',
    title: '指导走访记录',
    idColumn: null,
    villageColumn: 'village_id',
    columns: [
      col('date', '日期', date, true),
      col('instructor_id', '指导员编号', ref('instructors'), false),
      col('village_id', '村编号', ref('villages'), false),
      col('household_id', '户编号', ref('households'), false),
      col('enterprise_id', '企业编号', ref('enterprises'), false),
      col('purpose', '内容', text, false),
    ],
  },
};

/** town.yaml: one record; nested keys are flattened with dots. */
export const TOWN_COLUMNS: readonly ColumnDef[] = [
  col('name', '镇名', text, true),
  col('leadership_group.leader', '组长', text, true, { personal: 'name' }),
  col('leadership_group.first_deputy', '第一副组长', text, true, { personal: 'name' }),
  col('leadership_group.deputies', '副组长', { kind: 'list' }, false, { personal: 'name' }),
];

/** manifest.yaml: optional; describes the export. */
export const MANIFEST_COLUMNS: readonly ColumnDef[] = [
  col('town', '镇', text, false),
  col('plan', '方案', text, false),
  col('as_of', '数据截止日期', date, false),
  col('exported_at', '导出日期', date, false),
  col('source', '来源', text, false),
  // Last period's data folder, relative to this one, for rules that compare periods.
  col('previous', '上期数据', text, false),
];

/** Keys that would reach Object.prototype if used as plain object keys. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
