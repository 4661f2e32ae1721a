/**
 * List columns (an instructor's 联系村) in `related` and `contains`: a record
 * with a list points at each of its items; `contains` finds an item.
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../src/engine/evaluate.js';
import { parsePack } from '../src/engine/pack.js';
import type { RuleResult } from '../src/model.js';
import { makeDataset } from './helpers/dataset.js';

const village = (id: string) => ({ village_id: id, name: `村${id}`, type: '村', poverty_village: false });
const result = (rs: RuleResult[], rule: string, village: string | null = null) => rs.find((r) => r.rule === rule && r.village === village)!;

describe('list columns in related and contains', () => {
  const LIST_PACK = parsePack(
    `
id: lists
title: { zh: 列表列, en: List columns }
defaultDue: "2021-12-31"
rules:
  - id: "1"
    clause: 一
    quote: 每村有联系指导员
    title: { zh: 每村有指导员, en: An instructor for every village }
    level: error
    scope: village
    check: { kind: each, table: villages, require: { related: { table: instructors, by: villages, where: { field: role, is: 产业发展指导员 } }, min: 1 } }
  - id: "2"
    clause: 二
    quote: 指导员联系核桃村
    title: { zh: 联系核桃村, en: Assigned to V1 }
    level: error
    scope: town
    check: { kind: count, tables: [instructors], where: { field: villages, contains: V1 }, op: gte, value: 2 }
`,
    'lists.yaml',
  );
  it('an instructor assigned to several villages counts for each; contains finds an item of the list', () => {
    const instructor = (id: string, villages: string[]) => ({ instructor_id: id, name: '王某', role: '产业发展指导员', villages });
    const d = makeDataset({ villages: [village('V1'), village('V2'), village('V3')], instructors: [instructor('I1', ['V1', 'V2']), instructor('I2', ['V1'])] });
    const rs = evaluate(LIST_PACK, d, { asOf: '2021-12-31' });
    expect(['V1', 'V2', 'V3'].map((v) => result(rs, '1', v).status)).toEqual(['pass', 'pass', 'fail']);
    expect(result(rs, '2')).toMatchObject({ status: 'pass', actual: 2 });
  });
});
