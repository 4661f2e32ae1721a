/**
 * The JSON Schema of rule packs, generated from the zod schemas the loader
 * uses (pack.ts, each check kind's params, the condition language), so an
 * editor completes and checks a pack as the loader reads it. A pack points at
 * it with its first line:
 *
 *   # yaml-language-server: $schema=rule-pack.schema.json
 *
 * The committed copy, rules/rule-pack.schema.json, is written by `npm run
 * docs` (src/docs/generate.ts) and a test fails when it is stale. What a key
 * is for comes from the schemas' metadata (`.meta({ zh, en, example })`) and
 * condition-docs.ts; the JSON Schema shows it as the description editors
 * display on hover. The schema checks shape only: what a pack names (columns,
 * vocabulary words, units) is checked against the data contract by the
 * loader and `hebao-check pack lint`.
 */
import { z } from 'zod';
import { CHECK_KINDS } from './checks/registry.js';
import { doc } from './checks/common.js';
import { CONDITION_DOCS } from './condition-docs.js';
import { conditionSchema } from './conditions.js';
import { conditionForms, docOf, type SchemaDoc } from './pack-issues.js';
import { packSchema, ruleSchema } from './pack.js';

/** Where the committed schema lives, relative to the project root (it ships with the bundled packs). */
export const SCHEMA_FILE = 'rules/rule-pack.schema.json';

/** One check kind as the schema of `check:`, `kind` first. */
export function checkSchemaOf(name: string): z.ZodType {
  const params = CHECK_KINDS[name]!.params as unknown as { shape?: Record<string, z.ZodType> };
  const kind = z.literal(name).meta(doc(`检查类型 ${name}`, `the kind of check: ${name}`, `kind: ${name}`));
  const meta = docOf(CHECK_KINDS[name]!.params as z.ZodType);
  const shape = params.shape ? { kind, ...params.shape } : { kind };
  const obj = params.shape ? z.object(shape).strict() : z.looseObject(shape);
  return meta.zh ? obj.meta(meta as Record<string, string>) : obj;
}

/** The whole pack, checks and conditions included, as editors should see it. */
export function packAuthoringSchema(): z.ZodType {
  const checks = Object.keys(CHECK_KINDS).map(checkSchemaOf) as unknown as [z.ZodObject, ...z.ZodObject[]];
  const check = z.discriminatedUnion('kind', checks).meta(docOf(ruleSchema.shape.check) as Record<string, string>);
  const rule = ruleSchema.extend({
    // YAML reads an unquoted 2.10 as a number; the loader reads it as written.
    id: z.union([ruleSchema.shape.id, z.number()]).meta(docOf(ruleSchema.shape.id) as Record<string, string>),
    check,
  });
  return packSchema
    .extend({
      definitions: z.record(z.string(), conditionSchema).optional().meta(docOf(packSchema.shape.definitions) as Record<string, string>),
      rules: z.array(rule).min(1).meta(docOf(packSchema.shape.rules) as Record<string, string>),
    })
    .meta({ title: 'hebao-check rule pack', ...doc('hebao-check 规则包：一个方案按条款写成的检查', "a hebao-check rule pack: a plan's clauses as checks") });
}

/** Chinese, English and the example, as one description. */
function description(d: SchemaDoc): string {
  return [d.zh, d.en, d.example ? `例 e.g. ${d.example}` : null].filter(Boolean).join('\n');
}

/** The JSON Schema (draft-07, which yaml-language-server reads best), with descriptions. */
export function packJsonSchema(): Record<string, unknown> {
  const forms = new Set(conditionForms().values());
  const json = z.toJSONSchema(packAuthoringSchema(), {
    target: 'draft-07',
    // Defaults are optional when writing a pack; transforms would throw without it.
    io: 'input',
    unrepresentable: 'any',
    override: (ctx) => {
      const j = ctx.jsonSchema as Record<string, unknown>;
      if (typeof j.zh === 'string' || typeof j.en === 'string') {
        j.description = description({ zh: j.zh as string, en: j.en as string, example: j.example as string | undefined });
        delete j.zh;
        delete j.en;
        delete j.example;
      }
      // The condition language: each key of each form described (condition-docs.ts).
      if (forms.has(ctx.zodSchema as unknown as z.ZodType) && j.properties && typeof j.properties === 'object') {
        for (const [key, prop] of Object.entries(j.properties as Record<string, Record<string, unknown>>)) {
          const d = CONDITION_DOCS[key];
          if (d && !prop.description) prop.description = description(d);
        }
      }
    },
  }) as Record<string, unknown>;
  // zod names the recursive condition __schema0: give it its name.
  const text = JSON.stringify(json).replace(/__schema0/g, 'condition');
  return JSON.parse(text) as Record<string, unknown>;
}
