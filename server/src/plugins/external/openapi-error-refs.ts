import { ErrorResponse } from '@pb/shared';

const ERROR_RESPONSE_REF = '#/components/schemas/ErrorResponse';

/** JSON with sorted keys and without `$id`, so that an inlined copy compares equal to the shared schema. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (key, inner: unknown) => {
    if (key === '$id') return undefined;
    if (typeof inner !== 'object' || inner === null || Array.isArray(inner)) return inner;
    return Object.fromEntries(Object.entries(inner).sort(([left], [right]) => left.localeCompare(right)));
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
