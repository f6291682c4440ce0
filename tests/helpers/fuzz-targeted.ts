import type { ApiOperation, JsonSchema } from './openapi-document.js';

/** One request that carries a single value PostgreSQL cannot take; every one must be answered 400. */
export interface TargetedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
  /** Where the value is and what it is, for the failure message. */
  what: string;
}

const NUL_TEXT = 'a\u0000b';
const LONE_SURROGATE = 'a\ud800b';
/** Over int4 and bigint both ways, and near the largest double. */
const OUT_OF_RANGE = ['99999999999999999999', '-99999999999999999999', '1e308'] as const;

type Kind = 'string' | 'number';

function kindOf(schema: JsonSchema): Kind | undefined {
  const types = [schema.type, ...(schema.anyOf ?? schema.oneOf ?? []).map((branch) => branch.type)].flat();
  if (types.includes('integer') || types.includes('number')) return 'number';
  if (types.includes('string')) return 'string';
  return undefined;
}

/** The least value the schema accepts, near enough: required fields only, minimal lengths. */
function sample(schema: JsonSchema, knownIds: readonly string[], depth = 0): unknown {
  if (schema.const !== undefined) return schema.const;
  if (schema.enum !== undefined) return schema.enum[0];
  const branch = (schema.anyOf ?? schema.oneOf)?.[0];
  if (branch !== undefined) return sample(branch, knownIds, depth + 1);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === 'string') {
    if (schema.format === 'uuid') return knownIds[0];
    if (schema.format === 'date-time') return '2030-01-01T00:00:00.000Z';
    if (schema.format === 'date') return '2030-01-01';
    if (schema.format === 'email') return 'fuzz@example.org';
    return 'x'.repeat(Math.max(schema.minLength ?? 0, 1));
  }
  if (type === 'integer' || type === 'number') return schema.minimum ?? 0;
  if (type === 'boolean') return false;
  if (type === 'array') {
    const item = sample(schema.items ?? {}, knownIds, depth + 1);
    return Array.from({ length: schema.minItems ?? 0 }, () => item);
  }
  if (type === 'object' && depth < 8) {
    const required = schema.required ?? [];
    return Object.fromEntries(
      Object.entries(schema.properties ?? {})
        .filter(([name]) => required.includes(name))
        .map(([name, property]) => [name, sample(property, knownIds, depth + 1)]),
    );
  }
  return null;
}

interface Leaf {
  path: string;
  /** The whole value of this schema with the leaf set to `value` and the rest sampled. */
  build(value: unknown): unknown;
}

/** Every string or numeric field of a body schema, nested ones included (the first array item). */
function leaves(schema: JsonSchema, kind: Kind, knownIds: readonly string[], depth = 0): Leaf[] {
  if (depth > 8) return [];
  if (kindOf(schema) === kind) return [{ path: '', build: (value) => value }];
  const found: Leaf[] = [];
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    for (const leaf of leaves(property, kind, knownIds, depth + 1)) {
      found.push({
        path: `.${name}${leaf.path}`,
        build: (value) => ({ ...(sample(schema, knownIds) as object), [name]: leaf.build(value) }),
      });
    }
  }
  if (schema.items !== undefined) {
    for (const leaf of leaves(schema.items, kind, knownIds, depth + 1)) {
      found.push({ path: `[0]${leaf.path}`, build: (value) => [leaf.build(value)] });
    }
  }
  for (const branch of schema.anyOf ?? schema.oneOf ?? []) {
    for (const leaf of leaves(branch, kind, knownIds, depth + 1)) {
      if (!found.some((known) => known.path === leaf.path)) found.push(leaf);
    }
  }
  return found;
}

/**
 * For one operation: a NUL in each path parameter, query parameter and header we read, and a NUL
 * and a lone surrogate in each string of the body; an out-of-range number in each numeric query
 * parameter and body field. The rest of the request is as plain as the schema allows.
 */
export function targetedRequests(
  operation: ApiOperation,
  knownIds: readonly string[],
  bearer: string | undefined,
): TargetedRequest[] {
  const auth: Record<string, string> = bearer === undefined ? {} : { authorization: bearer };
  const path = (nulIn?: string) =>
    operation.pathParams.reduce(
      (url, name) => url.replace(`{${name}}`, name === nulIn ? encodeURIComponent(NUL_TEXT) : (knownIds[0] ?? '')),
      operation.path,
    );
  const json = (body: unknown) => ({
    headers: { ...auth, 'content-type': 'application/json' },
    payload: JSON.stringify(body),
  });
  const base = operation.bodySchema === undefined ? { headers: auth } : json(sample(operation.bodySchema, knownIds));
  const requests: TargetedRequest[] = [
    {
      method: operation.method,
      url: path(),
      ...base,
      headers: { ...base.headers, cookie: `pb_session=${NUL_TEXT}` },
      what: 'NUL in the cookie header',
    },
  ];
  for (const name of operation.pathParams) {
    requests.push({ method: operation.method, url: path(name), ...base, what: `NUL in path ${name}` });
  }
  for (const { name, schema } of operation.queryParams) {
    const values = [NUL_TEXT, ...(kindOf(schema) === 'number' ? OUT_OF_RANGE : [])];
    for (const value of values) {
      const url = `${path()}?${name}=${encodeURIComponent(value)}`;
      requests.push({ method: operation.method, url, ...base, what: `query ${name}=${JSON.stringify(value)}` });
    }
  }
  if (operation.bodySchema === undefined) return requests;
  const bodyCases = [
    ...leaves(operation.bodySchema, 'string', knownIds).flatMap((leaf) =>
      [NUL_TEXT, LONE_SURROGATE].map((value) => ({ leaf, value })),
    ),
    ...leaves(operation.bodySchema, 'number', knownIds).flatMap((leaf) =>
      OUT_OF_RANGE.map((text) => ({ leaf, value: Number(text) })),
    ),
  ];
  for (const { leaf, value } of bodyCases) {
    requests.push({
      method: operation.method,
      url: path(),
      ...json(leaf.build(value)),
      what: `body${leaf.path} = ${JSON.stringify(value)}`,
    });
  }
  return requests;
}
