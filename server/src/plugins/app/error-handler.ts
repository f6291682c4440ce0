import fp from 'fastify-plugin';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorResponse } from '@pb/shared';
import { findPostgresError, hasPostgresCode } from '../../db/postgres-errors.js';
import { AppError, CommonErrors, type ErrorDefinition, type ErrorParams } from '../../errors.js';
import { BallotErrors } from '../../modules/ballots/ballots.errors.js';
import { ResultErrors } from '../../modules/results/results.errors.js';
import { CycleErrors } from '../../modules/cycles/cycles.errors.js';

function send(reply: FastifyReply, status: number, code: string, message: string, params?: ErrorParams): FastifyReply {
  const body: ErrorResponse = { error: params === undefined ? { code, message } : { code, message, params } };
  return reply.status(status).type('application/json; charset=utf-8').send(body);
}

function sendDefinition(reply: FastifyReply, definition: ErrorDefinition, message?: string): FastifyReply {
  return send(reply, definition.status, definition.code, message ?? definition.message);
}

/**
 * Invariants the database enforces with its own SQLSTATEs (see the trigger migrations): when a
 * code path forgot the API-level check, the client still gets the right 4xx.
 */
const DATABASE_RULES: Record<string, ErrorDefinition> = {
  PBF01: CycleErrors.rulesFrozen,
  PBF02: CycleErrors.invalidPhaseMove,
  PBV01: BallotErrors.votingClosed,
  PBV02: BallotErrors.immutable,
  PBV04: BallotErrors.sheetsExceedPollBook,
  PBR01: ResultErrors.immutable,
};

/** Fastify's own client errors, by their code, mapped to ours. */
const FASTIFY_CODES: Record<string, ErrorDefinition> = {
  FST_ERR_CTP_BODY_TOO_LARGE: CommonErrors.payloadTooLarge,
  FST_ERR_CTP_INVALID_MEDIA_TYPE: CommonErrors.unsupportedMediaType,
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: CommonErrors.invalidRequest,
  FST_ERR_CTP_EMPTY_JSON_BODY: CommonErrors.invalidJson,
  FST_ERR_CTP_INVALID_JSON_BODY: CommonErrors.invalidJson,
};

function describeValidation(error: FastifyError): string {
  const first = error.validation?.[0];
  if (first === undefined) return error.message;
  const where = error.validationContext ?? 'request';
  const path = first.instancePath === '' ? '' : first.instancePath.replace(/^\//, '').replaceAll('/', '.');
  const params = first.params as Record<string, unknown> | undefined;
  if (first.keyword === 'additionalProperties' && typeof params?.additionalProperty === 'string') {
    return `${where}${path ? `.${path}` : ''}: unknown field "${params.additionalProperty}"`;
  }
  if (first.keyword === 'required' && typeof params?.missingProperty === 'string') {
    return `${where}${path ? `.${path}` : ''}: missing required field "${params.missingProperty}"`;
  }
  return `${where}${path ? `.${path}` : ''} ${first.message ?? 'is invalid'}`;
}

/**
 * Errors the router raises before any route (and so the error handler) is reached: a path that
 * does not decode (`%zz`, invalid UTF-8) or a parameter over `maxParamLength`. Passed to Fastify as
 * `frameworkErrors`, so they too get the JSON error body instead of Fastify's own shape.
 */
export function answerFrameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    void send(reply, 414, CommonErrors.invalidRequest.code, 'A path segment of the URL is too long.');
    return;
  }
  if (error.code === 'FST_ERR_BAD_URL') {
    void send(reply, 400, CommonErrors.invalidRequest.code, 'The URL is not validly percent-encoded.');
    return;
  }
  void sendDefinition(reply, CommonErrors.internal);
}

/**
 * The one error handler: known errors keep their code and status, client errors become a 4xx
 * with a clear message, and anything else is logged and answered with a bare 500.
 */
export default fp(
  async function errorHandlerPlugin(app: FastifyInstance) {
    app.setErrorHandler(function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
      // The `err` serializer (logger.ts) reduces a database error to its SQLSTATE and identifiers.
      const logged = { err: error, route: request.routeOptions.url, method: request.method };
      if (error instanceof AppError) {
        if (error.statusCode >= 500) request.log.error(logged, 'request failed');
        return send(reply, error.statusCode, error.code, error.message, error.params);
      }
      if (error.validation !== undefined) {
        return sendDefinition(reply, CommonErrors.invalidRequest, describeValidation(error));
      }
      const mapped = FASTIFY_CODES[error.code];
      if (mapped !== undefined) return sendDefinition(reply, mapped);
      if (error.statusCode === 429) return sendDefinition(reply, CommonErrors.rateLimited);
      const status = error.statusCode ?? 500;
      if (status >= 400 && status < 500) {
        return send(
          reply,
          status,
          status === 404 ? CommonErrors.notFound.code : CommonErrors.invalidRequest.code,
          error.message,
        );
      }
      const refusedByDatabase = Object.entries(DATABASE_RULES).find(([sqlState]) => hasPostgresCode(error, sqlState));
      if (refusedByDatabase !== undefined) return sendDefinition(reply, refusedByDatabase[1]);
      request.log.error(logged, findPostgresError(error) === undefined ? 'unhandled error' : 'database error');
      if (isDatabaseUnavailable(error)) return sendDefinition(reply, CommonErrors.unavailable);
      return sendDefinition(reply, CommonErrors.internal);
    });
  },
  { name: 'error-handler' },
);

const UNAVAILABLE_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  // admin_shutdown, crash_shutdown (another backend crashed), cannot_connect_now, too_many_connections
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '08006',
  '08001',
]);

/** node-postgres and pg-pool errors without a code: a lost connection, a pool wait timing out. */
const UNAVAILABLE_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|is not queryable/i;

/** A lost or refused database connection is an outage (503), not a bug (500). */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && UNAVAILABLE_NODE_CODES.has(code)) return true;
    if (UNAVAILABLE_MESSAGES.test(current.message)) return true;
    current = current.cause;
  }
  return false;
}
