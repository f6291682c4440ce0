import { ErrorResponse } from '@pb/shared';

const ERROR_RESPONSE_REF = '#/components/schemas/ErrorResponse';

/**
 * JSON with sorted keys and without `$id`, so that an inlined copy compares equal to the shared
 * schema. @fastify/swagger writes a record's `patternProperties: { "^.*$": X }` (TypeBox's
 * `Type.Record`) as `additionalProperties: X`, so both are read as the latter.
 */
function canonical(value: unknown): string {
  return JSON.stringify(value, (key, inner: unknown) => {
    if (key === '$id') return undefined;
    if (typeof inner !== 'object' || inner === null || Array.isArray(inner)) return inner;
    const { patternProperties, ...rest } = inner as { patternProperties?: Record<string, unknown> };
    const anyKey = patternProperties?.['^.*$'];
    const entries = Object.entries(
      anyKey !== undefined && Object.keys(patternProperties ?? {}).length === 1
        ? { ...rest, additionalProperties: anyKey }
        : inner,
    );
    return Object.fromEntries(entries.sort(([left], [right]) => left.localeCompare(right)));
  });
}

const ERROR_BODY = canonical(ErrorResponse);

interface MediaTypes {
  content?: Record<string, { schema?: unknown }>;
}

/**
 * @fastify/swagger inlines the shared ErrorResponse into every error response; pointing them at
 * the one component instead shows clients (and the OpenAPI linter) that all errors share one body.
 */
export function referenceErrorResponses<Document extends { paths?: unknown }>(document: Document): Document {
  const paths = (document.paths ?? {}) as Record<string, Record<string, { responses?: Record<string, MediaTypes> }>>;
  for (const operations of Object.values(paths)) {
    for (const operation of Object.values(operations)) {
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        const json = response.content?.['application/json'];
        if (!/^[45]/.test(status) || json === undefined || canonical(json.schema) !== ERROR_BODY) continue;
        json.schema = { $ref: ERROR_RESPONSE_REF };
      }
    }
  }
  return document;
}
