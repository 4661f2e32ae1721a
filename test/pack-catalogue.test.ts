/**
 * The bundled pack rules/hebao-2020.yaml against the rule catalogue: the 53
 * public ids with the catalogue's scope, level and due date, and quotes taken
 * from the plan's own words.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadPack } from '../src/engine/pack.js';
import type { Scope } from '../src/model.js';

/** rule-catalogue.md, tables 二 to 五: id, scope, level, due (YE = 2020-12-31, S = standing). */
const CATALOGUE = `
2.1 V E YE | 2.2 PV E YE | 2.3 T W S | 2.4 V E YE | 2.5 PV W S | 2.6 V E YE | 2.7 V E S | 2.8 T E YE
2.9 PV E YE | 2.10 PV E YE | 2.11 V E YE
3.1 V W S | 3.2a T E S | 3.2b 核桃村 E YE | 3.2c 核桃村 E YE | 3.2d 黄檀村 E YE | 3.2e 黄檀村 E YE
3.2f 黄檀村 E YE | 3.2g 经堂村 E YE | 3.3a T E YE | 3.3b V E YE | 3.4a 转龙社区 E S | 3.4b 转龙社区 E YE
3.4c 黄檀村 E YE | 3.4d 经堂村 E YE | 3.5a T E YE | 3.5b T E YE | 3.6a V E YE | 3.6b V E YE | 3.6c T W S
3.7a V E S | 3.7b V E S | 3.8 V E 2020-10-31 | 3.9 V E S | 3.10a 经堂村 E YE | 3.10b T W S | 3.11 PV E YE
3.12 V E S | 3.13 V W S | 3.14 V E YE | 3.15a T E S | 3.15b V E S | 3.15c T E S | 3.15d V E YE
3.16 PV W S | 3.17 V E S | 3.18a V E S | 3.18b V W S | 3.19 V W S
4.2 PV E YE
5.1 T E S | 5.2a V E S | 5.2b V E S`
  .split(/[|\n]/)
  .map((s) => s.trim())
  .filter(Boolean)
  .map((s) => {
    const [id, scope, level, due] = s.split(/\s+/) as [string, string, string, string];
    const sc: Scope =
      scope === 'T' ? { kind: 'town' } : scope === 'V' ? { kind: 'village' } : scope === 'PV' ? { kind: 'poverty-village' } : { kind: 'named', village: scope };
    return { id, scope: sc, level: level === 'E' ? 'error' : 'warning', due: due === 'YE' ? '2020-12-31' : due === 'S' ? null : due };
  });

const pack = loadPack('hebao-2020');

describe('hebao-2020 pack against the catalogue', () => {
  it('has exactly the 53 catalogue ids, in catalogue order', () => {
    expect(CATALOGUE).toHaveLength(53);
    expect(pack.rules.map((r) => r.meta.id)).toEqual(CATALOGUE.map((c) => c.id));
  });
  it.each(CATALOGUE)('$id has the catalogue scope, level and due date', (c) => {
    const rule = pack.rules.find((r) => r.meta.id === c.id)!;
    expect({ id: rule.meta.id, scope: rule.meta.scope, level: rule.meta.level, due: rule.meta.due }).toEqual(c);
  });
  it('warning-level rules are standing', () => {
    expect(pack.rules.filter((r) => r.meta.level === 'warning' && r.meta.due !== null).map((r) => r.meta.id)).toEqual([]);
  });
});

// The plan as issued, kept beside its pack so the quotes can be checked on any clone.
const PLAN = fileURLToPath(new URL('../rules/hebao-2020-plan.zh.txt', import.meta.url));

describe('quotes', () => {
  it('every rule quotes something', () => {
    expect(pack.rules.filter((r) => r.meta.quote.trim() === '').map((r) => r.meta.id)).toEqual([]);
  });
  it('every piece of every quote (split at "……") is in the plan text', () => {
    const plan = readFileSync(PLAN, 'utf8');
    const missing = pack.rules.flatMap((r) =>
      r.meta.quote
        .split('……')
        .map((piece) => piece.trim())
        .filter((piece) => piece !== '' && !plan.includes(piece))
        .map((piece) => `${r.meta.id}: ${piece}`),
    );
    expect(missing).toEqual([]);
  });
});
