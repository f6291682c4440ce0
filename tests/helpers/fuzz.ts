import fc from 'fast-check';

/** The subset of JSON Schema that the OpenAPI document of this API uses. */
export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  format?: string;
  pattern?: string;
}

interface OpenApiParameter {
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
  schema?: JsonSchema;
}

interface OpenApiOperation {
  parameters?: OpenApiParameter[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
}

export interface ApiOperation {
  method: string;
  /** The OpenAPI path template, e.g. `/api/cycles/{cycleId}`. */
  path: string;
  pathParams: string[];
  queryParams: { name: string; schema: JsonSchema }[];
  bodySchema: JsonSchema | undefined;
}

export function listOperations(document: OpenApiDocument): ApiOperation[] {
  const operations: ApiOperation[] = [];
  for (const [path, byMethod] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(byMethod)) {
      const parameters = operation.parameters ?? [];
      operations.push({
        method: method.toUpperCase(),
        path,
        pathParams: parameters.filter((parameter) => parameter.in === 'path').map((parameter) => parameter.name),
        queryParams: parameters
          .filter((parameter) => parameter.in === 'query')
          .map((parameter) => ({ name: parameter.name, schema: parameter.schema ?? {} })),
        bodySchema: operation.requestBody?.content?.['application/json']?.schema,
      });
    }
  }
  return operations;
}

/** Every object schema inside a request body that accepts fields it does not declare, by JSON path. */
export function openObjectSchemas(schema: JsonSchema, where: string): string[] {
  const found: string[] = [];
  const isObject = schema.type === 'object' || schema.properties !== undefined;
  if (isObject && schema.additionalProperties !== false) found.push(where);
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    found.push(...openObjectSchemas(property, `${where}.${name}`));
  }
  if (schema.items !== undefined) found.push(...openObjectSchemas(schema.items, `${where}[]`));
  for (const [keyword, list] of [
    ['anyOf', schema.anyOf],
    ['oneOf', schema.oneOf],
    ['allOf', schema.allOf],
  ] as const) {
    (list ?? []).forEach((branch, index) => found.push(...openObjectSchemas(branch, `${where}<${keyword}${index}>`)));
  }
  return found;
}

export interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
}

export interface FuzzContext {
  /** Ids of rows that exist (a cycle, its proposals, districts), so authorised paths get past 404. */
  knownIds: readonly string[];
  /** `Authorization` header values of real sessions (resident, staff, admin). */
  bearers: readonly string[];
  /** Whether the request may carry a real session (false for routes that end it). */
  withSession: boolean;
}

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

const HOSTILE_SEGMENTS = [
  '..',
  '%2e%2e',
  '%00',
  'a%00b',
  '%',
  '%zz',
  '%ED%A0%80',
  '%FF',
  '.',
  'null',
  'undefined',
  '-1',
  '0',
  '1e309',
  'NaN',
  '%20',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '%27%20OR%201%3D1--',
  '%3Cscript%3E',
  '%F0%9F%92%A9',
] as const;

function encode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    // A lone surrogate cannot be encoded; send its raw UTF-8 bytes (invalid UTF-8) instead.
    return '%ED%A0%80';
  }
}

const randomText = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
);

function pathSegment(knownIds: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: fc.uuid(), weight: 3 },
    { arbitrary: fc.constantFrom(...knownIds), weight: 4 },
    { arbitrary: randomText.map(encode), weight: 3 },
    { arbitrary: fc.constantFrom(...HOSTILE_SEGMENTS), weight: 3 },
    { arbitrary: fc.integer({ min: 200, max: 5000 }).map((length) => 'a'.repeat(length)), weight: 1 },
    { arbitrary: fc.constantFrom('kita', 'minami', 'city-wide', 'proposal', 'comment', 'hide', 'restore'), weight: 2 },
  );
}

const hugeNumbers = fc.constantFrom(
  '99999999999999999999999',
  '-99999999999999999999',
  '1e400',
  '-1',
  '0',
  '1.5',
  'NaN',
  'Infinity',
  '0x10',
  '',
  'true',
  'null',
  '2147483648',
);

function queryValue(schema: JsonSchema, knownIds: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    schemaValue(schema, knownIds, 0).map((value) => (typeof value === 'string' ? value : JSON.stringify(value))),
    hugeNumbers,
    randomText,
    fc.constantFrom(...HOSTILE_SEGMENTS).map((segment) => decodeURIComponentSafe(segment)),
  );
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function queryString(operation: ApiOperation, knownIds: readonly string[]): fc.Arbitrary<string> {
  const declared = operation.queryParams.map(({ name, schema }) =>
    fc.option(
      fc.array(queryValue(schema, knownIds), { minLength: 1, maxLength: 3 }).map((values) => ({ name, values })),
      { nil: undefined },
    ),
  );
  const unknown = fc.array(
    fc.record({
      name: fc.oneof(randomText, fc.constantFrom('__proto__', 'constructor', 'a[b]', 'x.y')),
      values: fc.array(queryValue({}, knownIds), { minLength: 1, maxLength: 2 }),
    }),
    { maxLength: 2 },
  );
  const raw = fc.constantFrom('', '', '', '?', '?&&', '?=', '?a', '?%', '?%zz=1', '?limit=1&limit=2');
  return fc.tuple(fc.tuple(...declared), unknown, raw).map(([known, extra, tail]) => {
    const pairs = [...known.filter((entry) => entry !== undefined), ...extra].flatMap(({ name, values }) =>
      values.map((value) => `${encode(name)}=${encode(value)}`),
    );
    if (pairs.length === 0) return tail;
    return `?${pairs.join('&')}${tail.replace(/^\?/, '&')}`;
  });
}

const anyJson = fc.jsonValue({ maxDepth: 3 });

/** A value that (usually) satisfies the schema; the mutations below make it wrong in one place. */
function schemaValue(schema: JsonSchema, knownIds: readonly string[], depth: number): fc.Arbitrary<unknown> {
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
function jsonBody(schema: JsonSchema | undefined, knownIds: readonly string[]): fc.Arbitrary<string> {
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

const CONTENT_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'application/xml',
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'application/jsonx',
  'garbage///',
  'application/octet-stream',
  'text/csv',
  'application/vnd.ms-excel',
] as const;

function headers(context: FuzzContext, hasBody: boolean): fc.Arbitrary<Record<string, string>> {
  const sessions = context.withSession ? context.bearers : [];
  const authorization = fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 2 },
    ...(sessions.length > 0 ? [{ arbitrary: fc.constantFrom(...sessions), weight: 6 }] : []),
    {
      arbitrary: fc.oneof(
        fc.constantFrom('Bearer garbage', 'Bearer ', 'Basic YWRtaW46YWRtaW4=', 'bearer x.y.z', 'Bearer a.b.c', ''),
        randomText.map((text) => `Bearer ${text.replace(/[\r\n]/g, '')}`),
        fc.constant('Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4Iiwic2lkIjoieCJ9.'),
      ),
      weight: 1,
    },
  );
  const contentType = hasBody
    ? fc.oneof(
        { arbitrary: fc.constant('application/json'), weight: 8 },
        { arbitrary: fc.constantFrom(...CONTENT_TYPES), weight: 2 },
      )
    : fc.option(fc.constantFrom('application/json', ...CONTENT_TYPES), { nil: undefined, freq: 3 });
  return fc
    .record({
      authorization,
      'content-type': contentType,
      accept: fc.option(fc.constantFrom('application/json', '*/*', 'text/html', 'application/xml', 'x/y;q=abc'), {
        nil: undefined,
      }),
      cookie: fc.option(fc.constantFrom('pb_session=garbage', 'pb_session=', 'a=b; pb_session=%zz', '==;;'), {
        nil: undefined,
        freq: 4,
      }),
    })
    .map((record) =>
      Object.fromEntries(Object.entries(record).filter((entry): entry is [string, string] => entry[1] !== undefined)),
    );
}

/** A malformed (or nearly valid) request for one operation of the API. */
export function fuzzRequest(operation: ApiOperation, context: FuzzContext): fc.Arbitrary<FuzzRequest> {
  const segments = fc.tuple(...operation.pathParams.map(() => pathSegment(context.knownIds)));
  const expectsBody = operation.bodySchema !== undefined;
  const body = expectsBody
    ? jsonBody(operation.bodySchema, context.knownIds)
    : fc.option(jsonBody(undefined, context.knownIds), { nil: undefined, freq: 4 });
  return fc
    .tuple(segments, queryString(operation, context.knownIds), body, fc.boolean())
    .chain(([values, query, payload, hasBodyHeaders]) =>
      headers(context, payload !== undefined || hasBodyHeaders).map((requestHeaders) => {
        let url = operation.path;
        operation.pathParams.forEach((name, index) => {
          url = url.replace(`{${name}}`, values[index] ?? '');
        });
        return {
          method: operation.method,
          url: `${url}${query}`,
          headers: requestHeaders,
          ...(payload === undefined ? {} : { payload }),
        };
      }),
    );
}

/** Why a response breaks the contract (a 5xx, or a 4xx without the JSON error body); undefined if it keeps it. */
export function contractViolation(status: number, contentType: string | undefined, body: string): string | undefined {
  if (status >= 500) return `status ${String(status)}: ${body.slice(0, 300)}`;
  if (status < 400) return undefined;
  if (!(contentType ?? '').startsWith('application/json')) {
    return `status ${String(status)} with content-type ${String(contentType)}`;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return `status ${String(status)} with a body that is not JSON: ${body.slice(0, 200)}`;
  }
  const error = (parsed as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  if (typeof error?.code !== 'string' || typeof error.message !== 'string') {
    return `status ${String(status)} without {"error":{"code","message"}}: ${body.slice(0, 200)}`;
  }
  return undefined;
}
