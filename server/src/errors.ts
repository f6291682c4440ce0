/**
 * Every error the API answers with is declared once, in its module's `<domain>.errors.ts`, as
 * `{ code, status, message }`; the error handler renders it as `{ "error": { code, message } }`.
 */
export interface ErrorDefinition {
  readonly code: string;
  readonly status: number;
  readonly message: string;
}

export type ErrorParams = Record<string, string | number>;

export class AppError extends Error {
  readonly code: string;
  readonly statusCode: number;
  readonly params: ErrorParams | undefined;

  constructor(definition: ErrorDefinition, message?: string, options?: { cause?: unknown; params?: ErrorParams }) {
    super(message ?? definition.message, options);
    this.name = 'AppError';
    this.code = definition.code;
    this.statusCode = definition.status;
    this.params = options?.params;
  }
}

/** Declares a module's errors; the object keys are for code, the `code` strings for clients. */
export function defineErrors<const T extends Record<string, ErrorDefinition>>(definitions: T): T {
  for (const definition of Object.values(definitions)) {
    if (!/^[a-z]+(\.[a-z_]+)+$/.test(definition.code)) {
      throw new Error(`Error code "${definition.code}" must look like "module.snake_case"`);
    }
  }
  return definitions;
}

/** Errors that belong to no single module: transport, validation, routing and outages. */
export const CommonErrors = defineErrors({
  invalidRequest: { code: 'request.invalid', status: 400, message: 'The request is invalid.' },
  invalidJson: { code: 'request.invalid_json', status: 400, message: 'The request body is not valid JSON.' },
  payloadTooLarge: { code: 'request.too_large', status: 413, message: 'The request body is too large.' },
  unsupportedMediaType: {
    code: 'request.unsupported_media_type',
    status: 415,
    message: 'This content type is not accepted here.',
  },
  rateLimited: { code: 'request.rate_limited', status: 429, message: 'Too many requests; try again later.' },
  notFound: { code: 'route.not_found', status: 404, message: 'No such API route.' },
  methodNotAllowed: { code: 'route.method_not_allowed', status: 405, message: 'Method not allowed.' },
  internal: { code: 'internal.error', status: 500, message: 'Something went wrong on our side.' },
  unavailable: {
    code: 'service.unavailable',
    status: 503,
    message: 'The service is temporarily unavailable; try again shortly.',
  },
});
