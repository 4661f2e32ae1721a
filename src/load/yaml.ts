/**
 * YAML tables (a list of mappings) and the two YAML records (town.yaml,
 * manifest.yaml) → rows of cells as text, like CSV rows. Cells keep the
 * scalar's source text, so `510226199001011234` stays exact and `true` /
 * `12.5` reach validation as the text the user wrote.
 *
 * The AST is walked to a fixed depth and never turned into JS objects, so
 * alias bombs and deep nesting cannot expand; `toJS` is never called.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, Scalar, visit, type Document, type Node } from 'yaml';

/** A cell: text, or a list of texts for a YAML sequence of scalars. */
export type Cell = string | string[];

export interface YamlRecord {
  /** Line of the record's first key. */
  line: number;
  /** Keys as written. */
  keys: string[];
  cells: Cell[];
  /** Line of each key/value pair. */
  lines: number[];
  /** A value of it could not be read (a problem was reported): leave the record out. */
  broken: boolean;
  /** Keys whose value could not be read (their problem is reported already). */
  unreadable: string[];
  /** Keys of the nested mappings flattened into dotted keys (town.yaml's `leadership_group`), with their lines. */
  groups?: { key: string; line: number }[];
  /** With groups: for each key, the index in `groups` of the mapping it was flattened from, or -1. */
  groupOf?: number[];
  /** A list item that is not a mapping (its problem is reported): a row with no values, left out. */
  notMapping?: true;
}

export interface YamlProblem {
  line: number | null;
  code: 'yaml-syntax' | 'yaml-not-list' | 'yaml-not-mapping' | 'yaml-nested' | 'yaml-record-not-mapping' | 'yaml-alias-limit';
  value: string | null;
}

export interface YamlTable {
  rows: YamlRecord[];
  /** Problems of single values or records (the rest of the file is still read). */
  problems: YamlProblem[];
  /** A problem that stopped reading the file. */
  fatal: YamlProblem | null;
}

const MAX_ERRORS_SHOWN = 1;

/**
 * How many values (keys and list items) a file may give beyond its own length.
 * Written out, a value takes at least two characters (`a,` in a list), so only
 * aliases get past `text.length`: `- *r` repeating a record of 2,000 keys
 * 20,000 times made 40 million cells (18 s, 1.4 GB) out of 120 KB.
 */
const ALIAS_SLACK = 10_000;

/** Values a file may still give; reading stops with `yaml-alias-limit` below zero. */
class Budget {
  constructor(public left: number) {}
  take(n: number, line: number): void {
    this.left -= n;
    if (this.left < 0) throw new AliasLimit(line);
  }
}

class AliasLimit {
  constructor(readonly line: number) {}
}

function aliasLimit(e: unknown): YamlProblem {
  if (e instanceof AliasLimit) return { line: e.line, code: 'yaml-alias-limit', value: null };
  throw e;
}

function open(text: string): { doc: Document; lc: LineCounter } | { fatal: YamlProblem } {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: false, prettyErrors: false });
  const err = doc.errors.slice(0, MAX_ERRORS_SHOWN)[0];
  if (err) {
    const at = lc.linePos(err.pos[0]);
    return { fatal: { line: at.line, code: 'yaml-syntax', value: syntaxMessage(err.message, err.code) } };
  }
  return { doc, lc };
}

/**
 * Parser messages that quote the file (a tag, a scalar, a key, a directive):
 * the quoted text may be anyone's name, so only the error code is kept.
 */
const QUOTES_SOURCE = /tag|scalar|keys?:|extra characters|directive|version|escape|cannot start with/i;

/** The parser's message (first line, cut), or its code when the message quotes the file's text. */
function syntaxMessage(message: string, code: string): string {
  const first = message.split('\n')[0]!;
  return QUOTES_SOURCE.test(first) || /[^\x20-\x7e]/.test(first) ? code : first.slice(0, 200);
}

/** A list of mappings; anything else at the top is one fatal problem. */
export function parseYamlTable(text: string): YamlTable {
  const opened = open(text);
  if ('fatal' in opened) return { rows: [], problems: [], fatal: opened.fatal };
  const { doc, lc } = opened;
  const top = deref(doc, doc.contents);
  if (top === null || (isScalar(top) && (top.value === null || top.value === ''))) return { rows: [], problems: [], fatal: null };
  if (!isSeq(top)) return { rows: [], problems: [], fatal: { line: lineOf(lc, top), code: 'yaml-not-list', value: null } };
  const rows: YamlRecord[] = [];
  const problems: YamlProblem[] = [];
  const budget = new Budget(text.length + ALIAS_SLACK);
  try {
    readItems(doc, lc, top.items, rows, problems, budget);
  } catch (e) {
    return { rows: [], problems: [], fatal: aliasLimit(e) };
  }
  return { rows, problems, fatal: null };
}

function readItems(doc: Document, lc: LineCounter, items: unknown[], rows: YamlRecord[], problems: YamlProblem[], budget: Budget): void {
  for (const item of items) {
    const rec = deref(doc, item as Node);
    if (!isMap(rec)) {
      const line = lineOf(lc, item as Node);
      // No value: a scalar item is often a whole record written on one line (`- H1,V1,张三,…`).
      problems.push({ line, code: 'yaml-record-not-mapping', value: null });
      // Still a row of the file: counted as read and left out, like a ragged CSV row.
      rows.push({ line, keys: [], cells: [], lines: [], broken: true, unreadable: [], notMapping: true });
      continue;
    }
    // `- *c`: the anchored record again, but reported at this item's own line, not the anchor's.
    const row = readMapping(doc, lc, rec, problems, false, budget, isAlias(item) ? lineOf(lc, item) : null);
    if (row) rows.push(row);
  }
}

/** One mapping (town.yaml, manifest.yaml); nested mappings are flattened with dots. */
export function parseYamlRecord(text: string): { record: YamlRecord | null; problems: YamlProblem[]; fatal: YamlProblem | null } {
  const opened = open(text);
  if ('fatal' in opened) return { record: null, problems: [], fatal: opened.fatal };
  const { doc, lc } = opened;
  const top = deref(doc, doc.contents);
  if (!isMap(top)) return { record: null, problems: [], fatal: { line: top ? lineOf(lc, top) : 1, code: 'yaml-not-mapping', value: null } };
  const problems: YamlProblem[] = [];
  try {
    return { record: readMapping(doc, lc, top, problems, true, new Budget(text.length + ALIAS_SLACK)), problems, fatal: null };
  } catch (e) {
    return { record: null, problems: [], fatal: aliasLimit(e) };
  }
}

/** `at`: the line of an alias item, given to the whole record and each of its keys. */
function readMapping(
  doc: Document,
  lc: LineCounter,
  map: Node,
  problems: YamlProblem[],
  flatten: boolean,
  budget: Budget,
  at: number | null = null,
): YamlRecord | null {
  if (!isMap(map)) return null;
  const row: YamlRecord = { line: at ?? lineOf(lc, map), keys: [], cells: [], lines: [], broken: false, unreadable: [] };
  let first = true;
  const put = (key: string, value: Node | null, line: number, prefix: string, depth: number, group = -1): void => {
    const v = deref(doc, value);
    if (v !== null && isMap(v)) {
      if (flatten && depth === 0) {
        // The mapping's own key is kept too, so that validation can check it (`__proto__:` as a mapping).
        const g = (row.groups ??= []).push({ key: prefix + key, line }) - 1;
        for (const p of v.items) if (isPair(p)) put(keyText(doc, p.key as Node), p.value as Node | null, at ?? lineOf(lc, p.key as Node) ?? line, prefix + key + '.', 1, g);
        return;
      }
      problems.push({ line, code: 'yaml-nested', value: prefix + key });
      row.broken = true;
      row.unreadable.push(prefix + key);
      return;
    }
    let cell: Cell;
    budget.take(1, line);
    if (v === null) cell = '';
    else if (isSeq(v)) {
      budget.take(v.items.length, line);
      const list: string[] = [];
      for (const it of v.items) {
        const s = deref(doc, it as Node);
        if (s === null) continue;
        if (!isScalar(s)) {
          problems.push({ line, code: 'yaml-nested', value: prefix + key });
          row.broken = true;
          row.unreadable.push(prefix + key);
          return;
        }
        list.push(scalarText(s));
      }
      cell = list;
    } else if (isScalar(v)) cell = scalarText(v);
    else cell = '';
    row.keys.push(prefix + key);
    row.cells.push(cell);
    row.lines.push(line);
    if (flatten) (row.groupOf ??= []).push(group);
  };
  for (const p of map.items) {
    if (!isPair(p)) continue;
    const line = at ?? lineOf(lc, p.key as Node) ?? row.line;
    if (first) {
      row.line = line;
      first = false;
    }
    put(keyText(doc, p.key as Node), p.value as Node | null, line, '', 0);
  }
  return row;
}

/** Follows one alias (never expands collections into copies). */
function deref(doc: Document, node: Node | null | undefined): Node | null {
  if (node === null || node === undefined) return null;
  if (isAlias(node)) return aliasTargets(doc).get(node) ?? null;
  return node;
}

/** Each document's aliases with the node each stands for, found in one walk. */
const TARGETS = new WeakMap<Document, Map<Node, Node>>();

/**
 * What every alias of the document stands for: the last node before it with
 * its anchor, as `Alias.resolve` finds it. `resolve` walks the whole document
 * for each alias, so 20,000 aliases in a 100 KB file took 90 s; one walk
 * for all of them keeps reading linear.
 */
function aliasTargets(doc: Document): Map<Node, Node> {
  let targets = TARGETS.get(doc);
  if (targets) return targets;
  targets = new Map();
  const latest = new Map<string, Node>();
  const found = targets;
  visit(doc, {
    Node(_key, node) {
      if (isAlias(node)) {
        const target = latest.get(node.source);
        if (target) found.set(node, target);
      } else if (node.anchor) latest.set(node.anchor, node);
    },
  });
  TARGETS.set(doc, targets);
  return targets;
}

function keyText(doc: Document, key: Node | null): string {
  const k = deref(doc, key);
  return k && isScalar(k) ? scalarText(k) : '';
}

/** The text as written for plain scalars (`0012`, `510226199001011234`, `12.50`); null/~ → ''. */
function scalarText(s: Scalar): string {
  if (s.value === null || s.value === undefined) return '';
  if (s.type === Scalar.PLAIN && typeof s.source === 'string') return s.source;
  return String(s.value);
}

function lineOf(lc: LineCounter, node: Node | null): number {
  const r = node?.range;
  return r ? lc.linePos(r[0]).line : 1;
}
