import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { AppError, CommonErrors } from '../../errors.js';

/** Half of a UTF-16 surrogate pair without its other half (JSON can carry one as "\ud800"). */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * What in `text` PostgreSQL would refuse, if anything: it stores no U+0000 in text or jsonb
 * (SQLSTATE 22021, 22P05), and a lone surrogate makes the JSON of a jsonb column invalid (22P02).
 */
export function unstorableIn(text: string): string | undefined {
  if (text.includes('\u0000')) return 'a NUL character';
  if (LONE_SURROGATE.test(text)) return 'a lone surrogate';
  return undefined;
}

/** The 400 for text that cannot be stored, naming where it is ("body.title contains a NUL character"). */
export function unstorableTextError(where: string, what: string): AppError {
  return new AppError(CommonErrors.invalidRequest, `${where} contains ${what}`);
}

/** A parsed JSON object, query or params: not a stream (the census upload) or other class instance. */
function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value) as object | null;
  // The query parser's objects inherit from an empty object that itself has no prototype.
  return prototype === null || prototype === Object.prototype || Object.getPrototypeOf(prototype) === null;
}

/**
 * The first string (or field name) in a parsed request part that cannot be stored. Iterative,
 * because a body may be nested thousands deep before the schema refuses it.
 */
export function findUnstorable(root: unknown, rootName: string): AppError | undefined {
  const pending: [unknown, string][] = [[root, rootName]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [value, where] = next;
    if (typeof value === 'string') {
      const what = unstorableIn(value);
      if (what !== undefined) return unstorableTextError(where, what);
    } else if (Buffer.isBuffer(value)) {
      if (value.includes(0)) return unstorableTextError(where, 'a NUL character');
    } else if (Array.isArray(value)) {
      for (let index = value.length - 1; index >= 0; index -= 1)
        pending.push([value[index], `${where}[${String(index)}]`]);
    } else if (isPlainRecord(value)) {
      const entries = Object.entries(value);
      for (const [key, item] of entries.reverse()) {
        const what = unstorableIn(key);
        if (what !== undefined) return unstorableTextError(`a field name in ${where}`, what);
        pending.push([item, `${where}.${key}`]);
      }
    }
  }
  return undefined;
}

/**
 * Refuses, with 400 and before any handler, every request whose headers, path parameters, query or
 * parsed body (JSON, CSV text, uploaded file) hold text PostgreSQL cannot store; otherwise the
 * insert fails deep in a handler and the client gets a 500. Streamed uploads check their bytes as
 * they read them (census-csv.ts).
 */
export default fp(
  async function storableTextPlugin(app: FastifyInstance) {
    app.addHook('onRequest', async (request) => {
      const refusal = findUnstorable(request.headers, 'headers');
      if (refusal !== undefined) throw refusal;
    });
    app.addHook('preValidation', async (request) => {
      const refusal =
        findUnstorable(request.params, 'params') ??
        findUnstorable(request.query, 'querystring') ??
        findUnstorable(request.body, 'body');
      if (refusal !== undefined) throw refusal;
    });
  },
  { name: 'storable-text', dependencies: ['error-handler'] },
);
