/**
 * The rule-pack parser under arbitrary input: whatever a town writes, the
 * outcome is a pack or a PackError with places, never another exception.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PackError, parsePack } from '../src/engine/pack.js';

const PACK = readFileSync(fileURLToPath(new URL('../rules/hebao-2020.yaml', import.meta.url)), 'utf8');

function outcome(text: string): 'pack' | 'error' {
  try {
    parsePack(text, 'fuzz.yaml');
    return 'pack';
  } catch (e) {
    if (!(e instanceof PackError)) throw e;
    expect(e.problems.length).toBeGreaterThan(0);
    for (const p of e.problems) {
      expect(p.file).toBe('fuzz.yaml');
      expect(p.message.length).toBeGreaterThan(0);
      if (p.line !== null) expect(p.line).toBeGreaterThanOrEqual(1);
    }
    return 'error';
  }
}

describe('rule-pack parser under fuzzing', () => {
  it('arbitrary text gives a pack or a PackError', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (s) => {
        outcome(s);
      }),
      { numRuns: 120 },
    );
  });

  it('the real pack truncated anywhere gives a pack or a PackError', () => {
    fc.assert(
      fc.property(fc.nat({ max: PACK.length }), (n) => {
        outcome(PACK.slice(0, n));
      }),
      { numRuns: 80 },
    );
  });

  it('the real pack with one line deleted or one value replaced gives a pack or a PackError', () => {
    const lines = PACK.split('\n');
    const values = fc.constantFrom('', '-1', 'true', 'null', '[]', '{}', '"x"', '1e999', '__proto__', '*a', '&a [*a, *a]', '{ __proto__: 1 }');
    fc.assert(
      fc.property(fc.nat({ max: lines.length - 1 }), values, fc.boolean(), (i, v, del) => {
        const copy = [...lines];
        if (del) copy.splice(i, 1);
        else copy[i] = copy[i]!.replace(/:\s.*$/, `: ${v}`);
        outcome(copy.join('\n'));
      }),
      { numRuns: 120 },
    );
  });

  it('a check kind or definition named __proto__ is refused as unknown, with its line', () => {
    for (const bad of [PACK.replace('kind: share', 'kind: __proto__'), PACK.replace('use: registered_poor', 'use: __proto__')]) {
      expect(outcome(bad)).toBe('error');
    }
  });

  it('a YAML alias bomb is refused, not expanded', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...Array.from({ length: 9 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill('*' + String.fromCharCode(97 + i)).join(',')}]`)].join('\n');
    const started = Date.now();
    expect(outcome(bomb)).toBe('error');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('the parse is deterministic: the same text gives the same hash and rules', () => {
    const a = parsePack(PACK, 'a.yaml');
    const b = parsePack(PACK, 'a.yaml');
    expect(a.sha256).toBe(b.sha256);
    expect(a.rules.map((r) => r.meta)).toEqual(b.rules.map((r) => r.meta));
  });
});
