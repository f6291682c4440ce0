import fc from 'fast-check';
import { jsonBody, schemaValue } from './fuzz-bodies.js';
import type { ApiOperation, JsonSchema } from './openapi-document.js';

export { FORBIDDEN_FIELDS } from './fuzz-bodies.js';

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
