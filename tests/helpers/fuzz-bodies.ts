import fc from 'fast-check';
import type { JsonSchema } from './openapi-document.js';

/** Fields a client must never set itself (mass assignment). */
export const FORBIDDEN_FIELDS = [
  'status',
  'roles',
  'budget',
  'phase',
  'userId',
  'verifiedAt',
  'id',
  'createdAt',
  'authorId',
] as const;

const anyJson = fc.jsonValue({ maxDepth: 3 });

/** A value that (usually) satisfies the schema; the mutations below make it wrong in one place. */
export function schemaValue(schema: JsonSchema, knownIds: readonly string[], depth: number): fc.Arbitrary<unknown> {
  if (depth > 6) return anyJson;
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches !== undefined && branches.length > 0) {
    return fc.oneof(...branches.map((branch) => schemaValue(branch, knownIds, depth + 1)));
  }
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum !== undefined && schema.enum.length > 0) return fc.constantFrom(...schema.enum);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      if (schema.format === 'uuid') return fc.oneof(fc.constantFrom(...knownIds), fc.uuid());
      if (schema.format === 'date-time') return fc.date({ noInvalidDate: true }).map((date) => date.toISOString());
      if (schema.format === 'date')
        return fc.date({ noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10));
      if (schema.format === 'email') return fc.emailAddress();
      return fc.string({
        minLength: schema.minLength ?? 0,
        maxLength: Math.min(schema.maxLength ?? 40, Math.max(schema.minLength ?? 0, 40)),
      });
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1_000_000, max: schema.maximum ?? 1_000_000_000 });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e9, max: schema.maximum ?? 1e12, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(schemaValue(schema.items ?? {}, knownIds, depth + 1), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 4, 4),
      });
    case 'object': {
      const properties = schema.properties ?? {};
      const required = new Set(schema.required ?? []);
      const fields = Object.entries(properties).map(([name, property]) =>
        required.has(name)
          ? schemaValue(property, knownIds, depth + 1).map((value) => [name, value] as const)
          : fc.option(
              schemaValue(property, knownIds, depth + 1).map((value) => [name, value] as const),
              { nil: undefined },
            ),
      );
      return fc.tuple(...fields).map((entries) => Object.fromEntries(entries.filter((entry) => entry !== undefined)));
    }
    default:
      return anyJson;
  }
}

/** JSON text of an object built from entries, so keys such as `__proto__` stay own keys. */
function objectText(entries: readonly (readonly [string, unknown])[]): string {
  return `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)}`).join(',')}}`;
}

function deepNesting(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array' ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

/** A request body: valid-looking, or wrong in one way (types, missing, extra fields, size, depth, syntax). */
export function jsonBody(schema: JsonSchema | undefined, knownIds: readonly string[]): fc.Arbitrary<string> {
  const shaped = schemaValue(schema ?? { type: 'object' }, knownIds, 0);
  const asEntries = shaped.map((value) =>
    typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.entries(value) : [],
  );
  const names = Object.keys(schema?.properties ?? {});
  const someName = names.length > 0 ? fc.constantFrom(...names) : fc.constant('field');
  return fc.oneof(
    { arbitrary: shaped.map((value) => JSON.stringify(value)), weight: 4 },
    // One field of the wrong type (or null).
    {
      arbitrary: fc
        .tuple(asEntries, someName, fc.oneof(anyJson, fc.constant(null)))
        .map(([entries, name, value]) => objectText([...entries.filter(([key]) => key !== name), [name, value]])),
      weight: 4,
    },
    // A required field missing.
    {
      arbitrary: fc
        .tuple(asEntries, someName)
        .map(([entries, name]) => objectText(entries.filter(([key]) => key !== name))),
      weight: 2,
    },
    // Extra fields: mass assignment and prototype pollution attempts.
    {
      arbitrary: fc
        .tuple(
          asEntries,
          fc.constantFrom(...FORBIDDEN_FIELDS, '__proto__', 'constructor', 'prototype', 'extra'),
          anyJson,
        )
        .map(([entries, name, value]) => objectText([...entries, [name, value]])),
      weight: 3,
    },
    // The wrong top-level type.
    { arbitrary: fc.constantFrom('null', '[]', '0', '"text"', 'true', '[{}]', '{}', '-1e999'), weight: 2 },
    // Huge strings, sometimes over the body limit.
    {
      arbitrary: fc
        .tuple(someName, fc.integer({ min: 1_000, max: 120_000 }))
        .map(([name, length]) => objectText([[name, 'x'.repeat(length)]])),
      weight: 1,
    },
    {
      arbitrary: fc
        .tuple(fc.integer({ min: 50, max: 3_000 }), fc.constantFrom('array' as const, 'object' as const))
        .map(([depth, kind]) => deepNesting(depth, kind)),
      weight: 1,
    },
    {
      arbitrary: fc
        .tuple(someName, fc.integer({ min: 20, max: 1_000 }))
        .map(([name, depth]) => `{${JSON.stringify(name)}:${deepNesting(depth, 'object')}}`),
      weight: 1,
    },
    // Not JSON at all.
    {
      arbitrary: fc.oneof(
        fc.string({ maxLength: 50 }),
        fc.constantFrom('{', '{"a":', '{"a":1,}', "{'a':1}", '\u0000', 'NaN', '{"a":1}{"b":2}', '\uFEFF{}'),
      ),
      weight: 2,
    },
  );
}
