import { Readable } from 'node:stream';
import { Type } from 'typebox';
import {
  CENSUS_MAX_BYTES,
  CensusRejected,
  CensusReport,
  CensusUploadQuery,
  CensusVerifyBody,
  CreateVotingCodesBody,
  CreatedVotingCodes,
  CurrentUser,
  ErrorResponse,
  RedeemCodeBody,
  VerificationSummary,
  VOTING_CODE_BATCH_MAX,
  VotingCodeBatchList,
  VotingCodesRejected,
} from '@pb/shared';
import { AppError, CommonErrors } from '../../errors.js';
import { requireAuth } from '../../plugins/app/access.js';
import type { App } from '../../types.js';
import { AuthErrors } from '../auth/auth.errors.js';
import { VERIFICATION_LIMITS } from '../auth/auth.rate-limits.js';
import { CensusTooLargeError } from './census-csv.js';
import { VerificationErrors } from './verification.errors.js';
import { issueVotingCodes, listBatches, redeemCode } from './verification.codes.js';
import { purgeCensus, uploadCensus, verificationSummary, verifyWithCensus } from './verification.service.js';
import { LONG_REQUEST_TIMEOUT_MS } from '../../deadlines.js';

const denied = { 401: ErrorResponse, 403: ErrorResponse };

/** Room for the longest list: every number at 64 characters, each sent as a JSON-escaped surrogate pair. */
const LETTERS_MAX_BYTES = VOTING_CODE_BATCH_MAX * (64 * 12 + 3) + 1024;

export default async function verificationRoutes(app: App, options: { censusHmacKey: string }): Promise<void> {
  // The census arrives as a raw CSV stream; it is parsed while it streams, never buffered whole.
  app.addContentTypeParser(['text/csv', 'application/csv'], (_request, payload, done) => {
    done(null, payload);
  });

  app.post(
    '/api/me/verification/census',
    {
      config: { access: 'signed-in' },
      preHandler: app.rateLimitedBy(VERIFICATION_LIMITS, AuthErrors.rateLimited),
      schema: {
        tags: ['verification'],
        summary: 'Verify residency with your resident number and birth year (census list)',
        body: CensusVerifyBody,
        response: {
          200: CurrentUser,
          400: ErrorResponse,
          ...denied,
          409: ErrorResponse,
          422: ErrorResponse,
          429: ErrorResponse,
        },
      },
    },
    async (request) => verifyWithCensus(app.db, options.censusHmacKey, requireAuth(request).userId, request.body),
  );

  app.post(
    '/api/me/verification/code',
    {
      config: { access: 'signed-in' },
      preHandler: app.rateLimitedBy(VERIFICATION_LIMITS, AuthErrors.rateLimited),
      schema: {
        tags: ['verification'],
        summary: 'Verify residency with a one-time voting code sent by the city',
        body: RedeemCodeBody,
        response: {
          200: CurrentUser,
          400: ErrorResponse,
          ...denied,
          409: ErrorResponse,
          422: ErrorResponse,
          429: ErrorResponse,
        },
      },
    },
    async (request) => redeemCode(app.db, requireAuth(request).userId, request.body.code),
  );

  app.put(
    '/api/census',
    {
      config: { access: ['staff'], deadlineMs: LONG_REQUEST_TIMEOUT_MS },
      bodyLimit: CENSUS_MAX_BYTES,
      schema: {
        tags: ['verification'],
        summary: 'Replace the census list with a CSV (resident_number,district,birth_year); up to 20 MB, streamed',
        description:
          'Send the file as the request body with `Content-Type: text/csv`. Every line is validated; with any invalid line nothing is replaced and the report lists the problems. `?dryRun=true` validates only.',
        querystring: CensusUploadQuery,
        response: {
          200: CensusReport,
          400: ErrorResponse,
          ...denied,
          413: ErrorResponse,
          415: ErrorResponse,
          422: CensusRejected,
        },
      },
    },
    async (request, reply) => {
      if (!(request.body instanceof Readable)) {
        throw new AppError(
          CommonErrors.unsupportedMediaType,
          'Send the census file as the body with Content-Type: text/csv.',
        );
      }
      const declared = Number(request.headers['content-length'] ?? 0);
      if (declared > CENSUS_MAX_BYTES)
        throw new AppError(CommonErrors.payloadTooLarge, 'The census file is larger than 20 MB.');
      let report;
      try {
        report = await uploadCensus(app.db, {
          hmacKey: options.censusHmacKey,
          actorId: requireAuth(request).userId,
          dryRun: request.query.dryRun,
          body: request.body,
        });
      } catch (error) {
        if (error instanceof CensusTooLargeError) {
          throw new AppError(CommonErrors.payloadTooLarge, 'The census file is larger than 20 MB.');
        }
        throw error;
      }
      if (report.rejected > 0) {
        const { code, message } = VerificationErrors.censusInvalidRows;
        return reply.status(422).send({ error: { code, message }, report });
      }
      if (report.rows === 0) {
        const { code, message } = VerificationErrors.censusEmpty;
        return reply.status(422).send({ error: { code, message }, report });
      }
      return report;
    },
  );

  app.delete(
    '/api/census',
    {
      config: { access: ['staff'] },
      schema: {
        tags: ['verification'],
        summary: 'Purge the census list (accounts already verified stay verified)',
        response: { 204: Type.Null(), ...denied },
      },
    },
    async (request, reply) => {
      await purgeCensus(app.db, requireAuth(request).userId);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/verification/summary',
    {
      config: { access: ['staff', 'auditor'] },
      schema: {
        tags: ['verification'],
        summary: 'Counts per district: census entries, codes issued and redeemed, verified residents',
        response: { 200: VerificationSummary, ...denied },
      },
    },
    async () => verificationSummary(app.db),
  );

  app.post(
    '/api/voting-codes',
    {
      config: { access: ['staff'] },
      bodyLimit: LETTERS_MAX_BYTES,
      schema: {
        tags: ['verification'],
        summary:
          'Issue one voting code per census entry (the letter to that resident); the codes are returned this once',
        description:
          'Up to 5000 resident numbers. Each must be on the census list, else 422 lists the ones that are not (nothing is issued). A resident with an unused code gets a new one and the old one is revoked. 409 while a cycle is in voting or tallying (the voter list is frozen).',
        body: CreateVotingCodesBody,
        response: {
          201: CreatedVotingCodes,
          400: ErrorResponse,
          ...denied,
          409: ErrorResponse,
          413: ErrorResponse,
          422: VotingCodesRejected,
        },
      },
    },
    async (request, reply) => {
      const outcome = await issueVotingCodes(
        app.db,
        options.censusHmacKey,
        requireAuth(request).userId,
        request.body.residentNumbers,
      );
      if ('rejected' in outcome) {
        const { code, message } = VerificationErrors.residentNumbersRejected;
        return reply.status(422).send({ error: { code, message }, rejected: outcome.rejected });
      }
      return reply.status(201).send(outcome.created);
    },
  );

  app.get(
    '/api/voting-codes',
    {
      config: { access: ['staff'] },
      schema: {
        tags: ['verification'],
        summary: 'Batches of voting codes with issued and redeemed counts (never the codes)',
        response: { 200: VotingCodeBatchList, ...denied },
      },
    },
    async () => ({ items: await listBatches(app.db) }),
  );
}
