/**
 * Data a rule pack declares (`data:` in the pack): columns added to the
 * contract's tables, whole tables, keys of town.yaml, and words added to the
 * vocabularies of existing columns (衔接资金 as a fund source, 头 as a unit,
 * 脱贫户 read as 已脱贫). A later plan speaks of data the 2020 contract never
 * had; declaring it makes it validated, masked and reported exactly like the
 * built-in data.
 *
 * Every declaration is checked here, all problems in one pass, each at its
 * path (placed in the file by pack.ts): a declaration that could not mean
 * what it says (a new header that another column already has, an alias to a
 * word the column never holds, a unit on a text column) refuses the pack.
 */
import { z } from 'zod';
import { BUILT_IN, isTable, type Contract } from '../contract/contract.js';
import { sheetKey, sheetNamesOf } from '../contract/sheets.js';
import { FORBIDDEN_KEYS, type ColumnDef, type ColumnType, type TableDef, type TableName } from '../contract/tables.js';
import { headerKey } from '../validate/headers.js';
import { doc } from './checks/common.js';
import { CODE, suggest, type Issue, type Path } from './pack-issues.js';

const TYPES = ['id', 'text', 'bool', 'int', 'number', 'date', 'enum', 'ref', 'list', 'refList'] as const;
const KEY_FORM = /^[a-z][a-z0-9_]*$/;
/** A key or table name a pack may declare: lower case, and never one the data reader refuses (constructor, prototype). */
const KEY = { test: (k: string) => KEY_FORM.test(k) && !FORBIDDEN_KEYS.has(k) };

/** A word of a vocabulary: YAML may read 2026 or true as a number or a boolean; the data holds text. */
const word = z.union([z.string().min(1), z.number(), z.boolean()]).transform(String);

export const columnDeclSchema = z
  .object({
    key: z.string().regex(KEY_FORM, CODE('declared-key')).refine((k) => !FORBIDDEN_KEYS.has(k), CODE('declared-key')).meta(doc('列的英文键（小写字母、数字、下划线），规则中 field: 用它', "the column's English key (lower case, digits, _), as rules name it in field:", 'key: monitoring_category')),
    header: z.string().min(1).optional().meta(doc('中文表头，与导出文件一致（新列必填）', 'the Chinese header, as the export writes it (required for a new column)', 'header: 监测对象类别')),
    also: z.array(z.string().min(1)).optional().meta(doc('表头的其他写法', 'other spellings of the header', 'also: [监测类型]')),
    type: z.enum(TYPES).optional().meta(doc('类型（新列必填）：id、text、bool、int、number、date、enum、ref、list、refList', 'the type (required for a new column): id, text, bool, int, number, date, enum, ref, list, refList', 'type: enum')),
    values: z.array(word).min(1).optional().meta(doc('enum 的取值；写在已有的列上则为增加的取值', "an enum's words; on an existing column, the words added to it", 'values: [脱贫不稳定户, 边缘易致贫户, 突发严重困难户]')),
    aliases: z.record(z.string(), word).optional().meta(doc('别名：数据中的写法 → 取值', 'aliases: a spelling in the data → the word it means', 'aliases: { 脱贫户: 已脱贫 }')),
    required: z.boolean().optional().meta(doc('是否必填（默认否）', 'whether every row must fill it (default false)', 'required: true')),
    personal: z.enum(['name', 'id_number', 'phone']).optional().meta(doc('个人信息：报告中遮蔽（name 姓名、id_number 证件号（并校验身份证号码）、phone 电话）', 'personal data, masked in every report: name, id_number (also checked as a resident ID number), phone', 'personal: name')),
    measured: z.boolean().optional().meta(doc('测得的数值：空格为未知（缺数据），不当作不满足', 'a measured figure: an empty cell is unknown (no-data), not a miss', 'measured: true')),
    min: z.number().optional().meta(doc('int、number 的最小值（含）', 'the least value (inclusive) of an int or number', 'min: 0')),
    max: z.number().optional().meta(doc('int 的最大值（含）', 'the greatest value (inclusive) of an int', 'max: 2100')),
    gt: z.number().optional().meta(doc('number 须大于此值', 'a number must be greater than this', 'gt: 0')),
    unit: z.string().min(1).optional().meta(doc('数值的单位（显示；sum 的 unit 须与之相同）', "the unit of its figures (shown; a sum's unit must be it)", 'unit: 元')),
    table: z.string().optional().meta(doc('ref、refList 所引用的表', 'the table a ref or refList points to', 'table: villages')),
  })
  .strict()
  .meta(doc('一列：新列写全部属性；已有的列只写 key 和要增加的 values、aliases、also', 'a column: a new one with all it needs; an existing one with its key and only the values, aliases or also it adds'));

export const tableDeclSchema = z
  .object({
    title: z.string().min(1).meta(doc('表的中文名（也是 数据.xlsx 中的工作表名）', "the table's Chinese name (also its sheet name in 数据.xlsx)", 'title: 群众调查')),
    id: z.string().optional().meta(doc('编号列的键（type: id）；不写则为唯一的 id 列', 'the key of its id column (type: id); by default its one id column', 'id: survey_id')),
    village: z.string().optional().meta(doc('记录所属村的列（引用 villages）；不写则为唯一引用 villages 的列', "the column naming the record's village (a ref to villages); by default its one such column", 'village: village_id')),
    columns: z.array(z.unknown()).min(1).meta(doc('表的列', "the table's columns", 'columns: [ { key: survey_id, header: 问卷编号, type: id, required: true } ]')),
  })
  .strict();

export const dataDeclSchema = z
  .object({
    columns: z.record(z.string(), z.array(z.unknown())).optional().meta(doc('按表增加的列，或已有列增加的取值', 'per table: columns added, or words added to existing columns', 'columns: { households: [ { key: risk_eliminated, header: 风险是否消除, type: bool } ] }')),
    tables: z.record(z.string(), z.unknown()).optional().meta(doc('新的表（文件名为 表名.csv / .yaml / .xlsx）', 'new tables (read from NAME.csv / .yaml / .xlsx)', 'tables: { surveys: { title: 群众调查, columns: [ … ] } }')),
    town: z.array(z.unknown()).optional().meta(doc('town.yaml 增加的键', 'keys added to town.yaml', 'town: [ { key: rural_income, header: 全镇农村常住居民人均可支配收入（元）, type: number, min: 0 } ]')),
  })
  .strict()
  .meta(doc('规则包声明的数据：增加的列、表、town.yaml 的键，以及已有列增加的取值', 'data the pack declares: columns, tables and town.yaml keys it adds, and words it adds to existing columns'));

type ColumnDecl = z.infer<typeof columnDeclSchema>;

/** Names a table may not take: files of the data folder that are not a table (waivers.yaml, the workbook data.xlsx). */
const RESERVED_TABLES = new Set(['waivers', 'data']);

/**
 * Every spelling the data reader matches a table's columns by (src/validate/headers.ts:
 * key, header and other spellings, compared as the reader compares them) → the column's key.
 * A second column may not take one: the reader would read one column's cells as the other's,
 * and a name column read as another would show its names unmasked.
 */
type Spellings = Map<string, string>;

function spellingsOf(cols: readonly ColumnDef[]): Spellings {
  const m: Spellings = new Map();
  for (const c of cols) addSpellings(m, c);
  return m;
}

function addSpellings(m: Spellings, c: ColumnDef): void {
  for (const s of [c.key, c.header, ...(c.aliases ?? [])]) if (!m.has(headerKey(s))) m.set(headerKey(s), c.key);
}

/** Fields a declaration of an existing column may give: it adds words, it never retypes. */
const EXTENDING = new Set(['key', 'values', 'aliases', 'also']);

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The contract with the pack's declarations, and every problem with them.
 * Shape problems are zod's (diagnose() in pack.ts words them); these are the
 * problems of meaning. The contract is built from what is sound, so the
 * rules are still linted against it and all problems come in one pass.
 */
export function declare(raw: unknown, packId: string, base: Contract = BUILT_IN): { contract: Contract; issues: Issue[] } {
  if (!isObject(raw)) return { contract: base, issues: [] };
  const issues: Issue[] = [];
  const at: Path = ['data'];
  const tables: Record<TableName, TableDef> = { ...base.tables };
  const tableNames = [...base.tableNames];
  const declared = new Set(base.declared);

  // New tables first, so columns of other tables may refer to them.
  const newTables = isObject(raw.tables) ? raw.tables : {};
  const pending: { name: string; decl: Record<string, unknown>; path: Path }[] = [];
  for (const [name, decl] of Object.entries(newTables)) {
    const path: Path = [...at, 'tables', name];
    if (!KEY.test(name)) issues.push({ path, code: 'declared-key', args: { key: name } });
    else if (isTable(base, name) || name === 'town' || name === 'manifest') issues.push({ path, code: 'declared-table-exists', args: { table: name } });
    else if (RESERVED_TABLES.has(name)) issues.push({ path, code: 'declared-table-reserved', args: { table: name } });
    else if (isObject(decl)) {
      pending.push({ name, decl, path });
      // A placeholder for references; its columns are filled in below.
      tables[name] = { name, title: typeof decl.title === 'string' ? decl.title : name, idColumn: null, villageColumn: null, columns: [] };
      tableNames.push(name);
      declared.add(name);
    }
  }
  const tableKeys = () => Object.keys(tables);

  // A table's name and title pick its sheet of 数据.xlsx, its errors' columns and its name in messages: one table's each.
  // (A title equal to a shorter sheet name, 项目 or 村, is allowed: init --xlsx names that sheet by the table's name.)
  const sheets = new Map<string, string>();
  for (const t of base.tableNames) for (const n of sheetNamesOf(t, base).slice(0, 2)) if (!sheets.has(sheetKey(n))) sheets.set(sheetKey(n), t);
  for (const { name, decl, path } of pending) {
    const other = typeof decl.title === 'string' ? sheets.get(sheetKey(decl.title)) : undefined;
    if (other !== undefined) issues.push({ path: [...path, 'title'], code: 'declared-title-clash', args: { title: String(decl.title), table: other } });
    for (const n of [name, typeof decl.title === 'string' ? decl.title : name]) if (!sheets.has(sheetKey(n))) sheets.set(sheetKey(n), name);
  }

  for (const { name, decl, path } of pending) {
    const cols: ColumnDef[] = [];
    const names: Spellings = new Map();
    const decls = Array.isArray(decl.columns) ? decl.columns : [];
    decls.forEach((c, i) => {
      const col = newColumn(c, [...path, 'columns', i], names, tables, issues);
      if (col) {
        cols.push(col);
        addSpellings(names, col);
      }
    });
    const idColumn = chooseColumn(decl.id, cols, (c) => c.type.kind === 'id', [...path, 'id'], 'declared-id', name, issues);
    const villageColumn = chooseColumn(
      decl.village,
      cols,
      (c) => c.type.kind === 'ref' && c.type.table === 'villages',
      [...path, 'village'],
      'declared-village',
      name,
      issues,
    );
    tables[name] = { ...tables[name]!, idColumn, villageColumn, columns: cols };
  }

  // Columns added to tables, and words added to existing columns.
  const added = isObject(raw.columns) ? raw.columns : {};
  for (const [table, list] of Object.entries(added)) {
    const path: Path = [...at, 'columns', table];
    if (!isTable({ ...base, tables }, table)) {
      issues.push({ path, code: 'declared-unknown-table', args: { table, nearest: suggest(table, tableKeys()) } });
      continue;
    }
    if (!Array.isArray(list)) continue;
    const def = tables[table]!;
    const cols = [...def.columns];
    const index = new Map(cols.map((x, i) => [x.key, i]));
    const names = spellingsOf(cols);
    list.forEach((c, i) => {
      const p: Path = [...path, i];
      if (!isObject(c) || typeof c.key !== 'string') return;
      const existing = index.get(c.key);
      if (existing !== undefined) {
        const extended = extendColumn(cols[existing]!, c, p, table, names, issues);
        if (extended) {
          cols[existing] = extended;
          addSpellings(names, extended);
          declared.add(`${table}.${c.key}`);
        }
        return;
      }
      const col = newColumn(c, p, names, tables, issues);
      if (col) {
        index.set(col.key, cols.length);
        cols.push(col);
        addSpellings(names, col);
        declared.add(`${table}.${col.key}`);
      }
    });
    tables[table] = { ...def, columns: cols };
  }

  // Keys added to town.yaml (one record: no id, no references).
  const town = [...base.town];
  const townAt = new Map(town.map((x, i) => [x.key, i]));
  const townNames = spellingsOf(town);
  if (Array.isArray(raw.town)) {
    raw.town.forEach((c, i) => {
      const p: Path = [...at, 'town', i];
      if (!isObject(c) || typeof c.key !== 'string') return;
      const existing = townAt.get(c.key);
      if (existing !== undefined) {
        const extended = extendColumn(town[existing]!, c, p, 'town', townNames, issues);
        if (extended) {
          town[existing] = extended;
          addSpellings(townNames, extended);
        }
        return;
      }
      const col = newColumn(c, p, townNames, tables, issues);
      if (!col) return;
      if (col.type.kind === 'id' || col.type.kind === 'ref' || col.type.kind === 'refList') {
        issues.push({ path: [...p, 'type'], code: 'declared-town-type', args: { type: col.type.kind } });
        return;
      }
      townAt.set(col.key, town.length);
      town.push(col);
      addSpellings(townNames, col);
      declared.add(`town.${col.key}`);
    });
  }

  if (declared.size === base.declared.size) return { contract: base, issues };
  return { contract: Object.freeze({ tables, tableNames, town, manifest: base.manifest, declared, by: packId }), issues };
}

/** A new column from its declaration, or null after its problems. */
function newColumn(
  raw: unknown,
  path: Path,
  names: Spellings,
  tables: Readonly<Record<string, TableDef>>,
  issues: Issue[],
): ColumnDef | null {
  const r = columnDeclSchema.safeParse(raw);
  // Shape problems are reported by diagnose() in pack.ts, where the schema is walked with the pack.
  if (!r.success) return null;
  const d = r.data;
  const before = issues.length;
  if (d.header === undefined) issues.push({ path, code: 'declared-needs', args: { key: d.key, field: 'header' } });
  if (d.type === undefined) issues.push({ path, code: 'declared-needs', args: { key: d.key, field: 'type' } });
  // The reader matches a column by its key too (a YAML table's keys, an export with English headers).
  const byKey = names.get(headerKey(d.key));
  if (byKey === d.key) issues.push({ path: [...path, 'key'], code: 'declared-duplicate-key', args: { key: d.key } });
  else if (byKey !== undefined) issues.push({ path: [...path, 'key'], code: 'declared-header-clash', args: { header: d.key, column: byKey } });
  for (const [i, h] of [d.header, ...(d.also ?? [])].entries()) {
    if (h === undefined) continue;
    const clash = names.get(headerKey(h));
    if (clash !== undefined) issues.push({ path: [...path, i === 0 ? 'header' : 'also'], code: 'declared-header-clash', args: { header: h, column: clash } });
  }
  const type = d.type;
  if (type !== undefined) misfits(d, type, path, tables, issues);
  if (issues.length > before || type === undefined || d.header === undefined) return null;
  const col: ColumnDef = { key: d.key, header: d.header, type: columnType(d, type, path, issues), required: d.required ?? false };
  if (d.personal) col.personal = d.personal;
  // An ID number is checked like the contract's own (GB 11643 checksum), so a wrong one is an error whose value is masked.
  if (d.personal === 'id_number') col.format = 'resident-id';
  if (d.measured) col.measured = true;
  if (d.also?.length) col.aliases = d.also;
  if (d.unit) col.unit = d.unit;
  return issues.length > before ? null : col;
}

/** Fields that mean nothing for the declared type: a pack error, never ignored. */
function misfits(d: ColumnDecl, type: (typeof TYPES)[number], path: Path, tables: Readonly<Record<string, TableDef>>, issues: Issue[]): void {
  const wrong = (field: string) => issues.push({ path: [...path, field], code: 'declared-field-for-type', args: { field, type } });
  const figure = type === 'int' || type === 'number';
  if (d.values !== undefined && type !== 'enum') wrong('values');
  if (d.aliases !== undefined && type !== 'enum') wrong('aliases');
  if (type === 'enum' && d.values === undefined) issues.push({ path, code: 'declared-needs', args: { key: d.key, field: 'values' } });
  if (d.min !== undefined && !figure) wrong('min');
  if (d.max !== undefined && type !== 'int') wrong('max');
  if (d.gt !== undefined && type !== 'number') wrong('gt');
  if (d.unit !== undefined && !figure) wrong('unit');
  if (d.personal !== undefined && type !== 'text' && type !== 'list') wrong('personal');
  if (d.measured && (type === 'id' || type === 'ref' || type === 'refList')) wrong('measured');
  if (type === 'ref' || type === 'refList') {
    if (d.table === undefined) issues.push({ path, code: 'declared-needs', args: { key: d.key, field: 'table' } });
    else if (!Object.hasOwn(tables, d.table)) issues.push({ path: [...path, 'table'], code: 'declared-unknown-table', args: { table: d.table, nearest: suggest(d.table, Object.keys(tables)) } });
  } else if (d.table !== undefined) wrong('table');
}

function columnType(d: ColumnDecl, type: (typeof TYPES)[number], path: Path, issues: Issue[]): ColumnType {
  switch (type) {
    case 'id':
    case 'text':
    case 'bool':
    case 'date':
    case 'list':
      return { kind: type };
    case 'int':
      return { kind: 'int', ...(d.min !== undefined ? { min: d.min } : {}), ...(d.max !== undefined ? { max: d.max } : {}) };
    case 'number':
      return { kind: 'number', ...(d.min !== undefined ? { min: d.min } : {}), ...(d.gt !== undefined ? { gt: d.gt } : {}) };
    case 'ref':
      return { kind: 'ref', table: d.table! };
    case 'refList':
      return { kind: 'refList', table: d.table! };
    case 'enum':
      return enumWords([], {}, d, path, issues);
  }
}

/**
 * An enum's words: those it has and those declared, and its aliases. A word
 * that was an alias (返贫 read as 未脱贫) becomes a word of its own; a
 * declared alias must mean one of the words and not be one.
 */
function enumWords(values: readonly string[], aliases: Readonly<Record<string, string>>, d: ColumnDecl, path: Path, issues: Issue[]): ColumnType {
  const all = unique([...values, ...(d.values ?? [])]);
  const words = new Set(all);
  const kept: Record<string, string> = {};
  for (const [spelling, target] of Object.entries(aliases)) if (!words.has(spelling)) kept[spelling] = target;
  for (const [spelling, target] of Object.entries(d.aliases ?? {})) {
    if (!words.has(target)) issues.push({ path: [...path, 'aliases', spelling], code: 'declared-alias-target', args: { alias: spelling, value: target, allowed: all.join('、') } });
    else if (words.has(spelling)) issues.push({ path: [...path, 'aliases', spelling], code: 'declared-alias-is-value', args: { alias: spelling } });
    else kept[spelling] = target;
  }
  return Object.keys(kept).length ? { kind: 'enum', values: all, aliases: kept } : { kind: 'enum', values: all };
}

/**
 * An existing column with the words a pack adds: values, aliases and header
 * spellings, nothing else. A value the contract read as an alias (返贫 as
 * 未脱贫) becomes a word of its own: the alias is dropped, so the data keeps
 * what it says.
 */
function extendColumn(col: ColumnDef, raw: Record<string, unknown>, path: Path, table: string, names: Spellings, issues: Issue[]): ColumnDef | null {
  const before = issues.length;
  for (const k of Object.keys(raw)) if (!EXTENDING.has(k)) issues.push({ path: [...path, k], code: 'declared-retype', args: { table, column: col.key, field: k } });
  const r = columnDeclSchema.safeParse(raw);
  if (!r.success || issues.length > before) return null;
  const d = r.data;
  let type = col.type;
  if (d.values !== undefined || d.aliases !== undefined) {
    if (type.kind !== 'enum') {
      issues.push({ path: [...path, d.values !== undefined ? 'values' : 'aliases'], code: 'declared-not-enum', args: { table, column: col.key } });
      return null;
    }
    type = enumWords(type.values, type.aliases ?? {}, d, path, issues);
  }
  for (const h of d.also ?? []) {
    const clash = names.get(headerKey(h));
    if (clash !== undefined && clash !== col.key) issues.push({ path: [...path, 'also'], code: 'declared-header-clash', args: { header: h, column: clash } });
  }
  if (issues.length > before) return null;
  const spellings = unique([...(col.aliases ?? []), ...(d.also ?? [])]);
  return { ...col, type, ...(spellings.length ? { aliases: spellings } : {}) };
}

/** A table's id or village column: the one named, else the only one that fits; null when none fits. */
function chooseColumn(
  named: unknown,
  cols: readonly ColumnDef[],
  fits: (c: ColumnDef) => boolean,
  path: Path,
  code: 'declared-id' | 'declared-village',
  table: string,
  issues: Issue[],
): string | null {
  if (typeof named === 'string') {
    const c = cols.find((x) => x.key === named);
    if (!c || !fits(c)) {
      issues.push({ path, code, args: { table, column: named, candidates: cols.filter(fits).map((x) => x.key).join(', ') || null } });
      return null;
    }
    return c.key;
  }
  const candidates = cols.filter(fits);
  if (candidates.length > 1) {
    issues.push({ path: path.slice(0, -1), code: `${code}-which`, args: { table, candidates: candidates.map((x) => x.key).join(', ') } });
    return null;
  }
  return candidates[0]?.key ?? null;
}

function unique(words: readonly string[]): string[] {
  return [...new Set(words)];
}
