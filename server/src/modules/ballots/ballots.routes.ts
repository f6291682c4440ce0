import {
  BallotReceipt,
  BallotSheet,
  BallotSheetParams,
  BallotSheetQuery,
  CastBallotBody,
  CycleIdParams,
  ErrorResponse,
  MyVotingStatus,
  ReceiptLookup,
  ReceiptLookupBody,
  ReplaceBallotBody,
} from '@pb/shared';
import { optionalAuth, requireAuth } from '../../plugins/app/access.js';
import type { App } from '../../types.js';
import { AuthErrors } from '../auth/auth.errors.js';
import { RECEIPT_LOOKUP_LIMITS } from './ballots.rate-limits.js';
import { castOnline, getBallotSheet, lookupReceipt, myVotingStatus, replaceBallot } from './ballots.service.js';

const denied = { 401: ErrorResponse, 403: ErrorResponse };

export default async function ballotRoutes(app: App, options: { censusHmacKey: string }): Promise<void> {
  app.get(
    '/api/cycles/:cycleId/voting-status',
    {
      config: { access: ['resident'] },
      schema: {
        tags: ['ballots'],
        summary: 'Where you may vote in this cycle, where you have voted, and why not elsewhere',
        params: CycleIdParams,
        response: { 200: MyVotingStatus, 400: ErrorResponse, 401: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request) => myVotingStatus(app.db, requireAuth(request).userId, request.params.cycleId),
  );

  app.get(
    '/api/cycles/:cycleId/districts/:districtId/ballot',
    {
      config: { access: 'public' },
      schema: {
        tags: ['ballots'],
        summary: "A district's ballot: the rules, the budget and the projects",
        description:
          'Public from the voting phase on (staff may preview it during review, for printing). Signed-in voters get the projects in their own stable shuffled order unless `order=number`.',
        security: [],
        params: BallotSheetParams,
        querystring: BallotSheetQuery,
        response: { 200: BallotSheet, 400: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse },
      },
    },
    async (request) => {
      const auth = await optionalAuth(app, request);
      return getBallotSheet(
        app.db,
        options.censusHmacKey,
        request.params.cycleId,
        request.params.districtId,
        { userId: auth?.userId ?? null, staff: auth?.roles.includes('staff') === true },
        request.query.order,
      );
    },
  );

  app.post(
    '/api/cycles/:cycleId/ballots',
    {
      config: { access: ['resident'] },
      schema: {
        tags: ['ballots'],
        summary: 'Cast your ballot for a district; the answer carries your receipt code, shown only this once',
        params: CycleIdParams,
        body: CastBallotBody,
        response: { 201: BallotReceipt, 400: ErrorResponse, ...denied, 404: ErrorResponse, 409: ErrorResponse },
      },
    },
    async (request, reply) => {
      const { cycleId } = request.params;
      const auth = requireAuth(request);
      const receipt = await castOnline(app.db, auth, cycleId, request.body.districtId, request.body.choices);
      app.metrics.ballotsCast.inc({ channel: 'online' });
      return reply.status(201).send(receipt);
    },
  );

  app.post(
    '/api/cycles/:cycleId/ballots/replace',
    {
      config: { access: ['resident'] },
      schema: {
        tags: ['ballots'],
        summary: 'Replace your ballot during voting, with its receipt code; the answer carries a new code',
        params: CycleIdParams,
        body: ReplaceBallotBody,
        response: {
          200: BallotReceipt,
          400: ErrorResponse,
          401: ErrorResponse,
          404: ErrorResponse,
          409: ErrorResponse,
        },
      },
    },
    async (request) =>
      replaceBallot(
        app.db,
        requireAuth(request).userId,
        request.params.cycleId,
        request.body.receipt,
        request.body.choices,
      ),
  );

  app.post(
    '/api/cycles/:cycleId/receipts/lookup',
    {
      config: { access: 'public' },
      preHandler: app.rateLimitedBy(RECEIPT_LOOKUP_LIMITS, AuthErrors.rateLimited),
      schema: {
        tags: ['ballots'],
        summary: 'Check a receipt code: counted, replaced, or published (then with the ballot)',
        description: 'The code travels in the body, so it lands in no access log or browser history.',
        security: [],
        params: CycleIdParams,
        body: ReceiptLookupBody,
        response: { 200: ReceiptLookup, 400: ErrorResponse, 404: ErrorResponse, 429: ErrorResponse },
      },
    },
    async (request) => lookupReceipt(app.db, request.params.cycleId, request.body.receipt),
  );
}
