/**
 * A broken rule pack is a list of problems with file, line and a message that
 * says what to fix, never a crash and never half a pack (parsePack).
 */
import { describe, expect, it } from 'vitest';
import { parsePack, PackError, type PackProblem } from '../src/engine/pack.js';

// Line numbers below refer to this text (line 1 is `id: t`).
const BASE = `id: t
title: { zh: 测试, en: test }
defaultDue: "2021-12-31"
definitions:
  poor: { field: poverty_status, in: [未脱贫, 已脱贫] }
rules:
  - id: "1.1"
    clause: 一
    quote: 引用
    title: { zh: 甲, en: a }
    level: error
    scope: village
    check:
      kind: share
      table: households
      population: { use: poor }
      meets: { field: industry_covered, is: true }
      min: 0.9
`;

function problems(text: string): PackProblem[] {
  try {
    parsePack(text, 'x.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(PackError);
    return (e as PackError).problems;
  }
  throw new Error('the pack was accepted');
}

describe('parsePack', () => {
  it('accepts the base pack, reading an unquoted id 2.10 as written, not as the number 2.1', () => {
    expect(parsePack(BASE, 'x.yaml').rules.map((r) => r.meta.id)).toEqual(['1.1']);
    expect(parsePack(BASE.replace('id: "1.1"', 'id: 2.10'), 'x.yaml').rules[0]!.meta.id).toBe('2.10');
  });

  it('an unknown kind names the rule, the line and the known kinds', () => {
    expect(problems(BASE.replace('kind: share', 'kind: shares'))).toEqual([
      { file: 'x.yaml', line: 14, where: 'rule 1.1: check.kind', message: expect.stringMatching(/unknown check kind "shares".*share, count, sum, each, average, monthly/) },
    ]);
  });

  it('a param of the wrong type names the rule, the param and its line', () => {
    expect(problems(BASE.replace('min: 0.9', 'min: ninety'))).toEqual([
      { file: 'x.yaml', line: 18, where: 'rule 1.1: check.min', message: 'must be a share from 0 to 1 (95% is 0.95)' },
    ]);
    // 95 for 95% would never pass: refused.
    expect(problems(BASE.replace('min: 0.9', 'min: 95'))[0]).toMatchObject({ line: 18, where: 'rule 1.1: check.min', message: expect.stringContaining('0.95') });
    expect(problems(BASE.replace('table: households', 'table: household'))[0]).toMatchObject({ line: 15, where: 'rule 1.1: check.table' });
  });

  it('the PackError message reads file:line: rule: param: message', () => {
    expect(() => parsePack(BASE.replace('min: 0.9', 'min: ninety'), 'x.yaml')).toThrow('x.yaml:18: rule 1.1: check.min: must be a share');
  });

  it('an unknown column names the table, the column and the line it is written on', () => {
    expect(problems(BASE.replace('industry_covered', 'industry_coverd'))).toEqual([
      // Issue 12: the place is the column's own key, and the message says what to write instead.
      { file: 'x.yaml', line: 17, where: 'rule 1.1: check.meets.field', message: 'table households has no column "industry_coverd"; did you mean "industry_covered"?' },
    ]);
  });

  it('a duplicate rule id points at the second one', () => {
    const twice = BASE + BASE.slice(BASE.indexOf('  - id'));
    expect(problems(twice)).toEqual([{ file: 'x.yaml', line: 19, where: 'rule 1.1: id', message: 'duplicate rule id (first at rule #1)' }]);
  });

  it('a `use:` of no definition names it, on its line', () => {
    expect(problems(BASE.replace('use: poor', 'use: poorr'))).toEqual([
      // Issue 12: the place is the `use:` itself, and the message names the definition nearest.
      { file: 'x.yaml', line: 16, where: 'rule 1.1: check.population.use', message: '"use: poorr" names no definition; did you mean "poor"?' },
    ]);
  });

  it('a definition that uses itself, directly or through another, is refused at each definition', () => {
    expect(problems(BASE.replace('  poor: {', '  loop: { all: [{ use: loop }] }\n  poor: {'))).toEqual([
      { file: 'x.yaml', line: 5, where: 'definitions.loop', message: 'a definition may not use itself, directly or through others' },
    ]);
    const twoStep = problems(BASE.replace('  poor: {', '  a: { any: [{ use: b }] }\n  b: { all: [{ use: a }] }\n  poor: {'));
    expect(twoStep.map((p) => [p.line, p.where])).toEqual([
      [5, 'definitions.a'],
      [6, 'definitions.b'],
    ]);
  });

  it('a YAML syntax error gives its line, and nothing else is judged', () => {
    // The unclosed flow map opens on line 10; the parser notices on line 11, where the next key starts.
    const p = problems(BASE.replace('title: { zh: 甲, en: a }', 'title: { zh: 甲, en: a'));
    expect(p[0]).toMatchObject({ file: 'x.yaml', line: 11, where: '', message: expect.stringContaining('end with a }') });
  });

  it('a bad scope and a condition with no test say what is allowed', () => {
    expect(problems(BASE.replace('scope: village', 'scope: villages'))).toEqual([
      { file: 'x.yaml', line: 12, where: 'rule 1.1: scope', message: 'must be town, village, poverty-village or { village: 名称 }' },
    ]);
    expect(problems(BASE.replace('meets: { field: industry_covered, is: true }', 'meets: { field: industry_covered }'))[0]).toMatchObject({
      line: 17,
      where: 'rule 1.1: check.meets',
      message: expect.stringContaining('needs a test'),
    });
  });

  it('collects every problem of the pack, not only the first', () => {
    const p = problems(BASE.replace('industry_covered', 'industry_coverd').replace('use: poor', 'use: poorr'));
    expect(p.map((x) => x.line).sort()).toEqual([16, 17]);
  });
});
