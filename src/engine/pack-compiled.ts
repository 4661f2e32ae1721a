/**
 * A rule pack parsed and checked ahead of time, for the bundled CLI (issue 11:
 * the YAML parse and zod checks of the bundled pack were a third of the
 * sample's start-up). scripts/bundle.mjs parses each bundled pack with
 * parsePack and puts its compiled form (plain JSON, each check kind by name)
 * into the bundle; a run whose pack text has the same sha256 revives it
 * instead of parsing it again. A pack whose compiled form does not revive to
 * exactly what parsePack gives is not compiled (the bundle script checks),
 * and any other text is parsed as usual.
 */
import { createHash } from 'node:crypto';
import { CHECK_KINDS } from './checks/registry.js';
import type { RulePack } from './pack.js';
import { BUILT_IN, type Contract } from '../contract/contract.js';
import { rememberWords } from '../messages/words.js';

/** A contract as JSON: null for the built-in one, else its parts with `declared` as a list. */
type CompiledContract = (Omit<Contract, 'declared'> & { declared: string[] }) | null;

/** A RulePack as JSON: file empty (the run's own path is used), each rule's kind by its registry name; keys in parsePack's order. */
export interface CompiledPack extends Omit<RulePack, 'rules' | 'contract'> {
  rules: (Omit<RulePack['rules'][number], 'kind'> & { kind: string })[];
  contract: CompiledContract;
}

/** The compiled form of a parsed pack, or null when a rule's kind is not a registered one. */
export function compilePack(pack: RulePack): CompiledPack | null {
  const names = new Map(Object.entries(CHECK_KINDS).map(([name, kind]) => [kind, name]));
  const rules: CompiledPack['rules'] = [];
  for (const r of pack.rules) {
    const name = names.get(r.kind);
    if (name === undefined) return null;
    rules.push({ ...r, kind: name });
  }
  const contract: CompiledContract = pack.contract === BUILT_IN ? null : { ...pack.contract, declared: [...pack.contract.declared] };
  return JSON.parse(JSON.stringify({ ...pack, file: '', rules, contract })) as CompiledPack;
}

/** The pack a compiled form stands for, read from `file`. */
export function revivePack(compiled: CompiledPack, file: string): RulePack {
  const c = compiled.contract;
  const contract: Contract = c === null ? BUILT_IN : Object.freeze({ ...c, declared: new Set(c.declared) });
  if (contract !== BUILT_IN) rememberWords(contract);
  return { ...compiled, file, rules: compiled.rules.map((r) => ({ ...r, kind: CHECK_KINDS[r.kind]! })), contract } as RulePack;
}

/** Set by scripts/bundle.mjs in the bundled CLI only: the JSON text of its compiled packs. */
declare const HEBAO_COMPILED_PACKS: string | undefined;

/** The bundled CLI's compiled form of this pack text, revived; null when there is none (always, outside the bundle). */
export function bundledPack(source: string, file: string): RulePack | null {
  if (typeof HEBAO_COMPILED_PACKS !== 'string') return null;
  const sha256 = createHash('sha256').update(source).digest('hex');
  const found = (JSON.parse(HEBAO_COMPILED_PACKS) as CompiledPack[]).find((p) => p.sha256 === sha256);
  return found ? revivePack(found, file) : null;
}
