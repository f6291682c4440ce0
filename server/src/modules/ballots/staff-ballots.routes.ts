import {
  BallotReceipt,
  CycleIdParams,
  ErrorResponse,
  PAPER_UPLOAD_MAX_BYTES,
  StaffBallotBody,
  VoterLookup,
  VoterLookupBody,
} from '@pb/shared';
import { requireAuth } from '../../plugins/app/access.js';
import type { App } from '../../types.js';
import { lookupVoter } from './ballots.paper.js';
import { castBallot } from './ballots.service.js';
import { voterForIdentifier } from './ballots.voters.js';
import paperBallotRoutes from './paper-ballots.routes.js';

const denied = { 401: ErrorResponse, 403: ErrorResponse };
const staffOnly = { access: ['staff'] as const };

/** The service counter and the paper ballot desk: staff act for residents who do not vote online. */
export default async function staffBallotRoutes(app: App, options: { censusHmacKey: string }): Promise<void> {
  app.addContentTypeParser(
    ['text/csv', 'application/csv'],
    { parseAs: 'string', bodyLimit: PAPER_UPLOAD_MAX_BYTES },
    (_request, body, done) => {
      done(null, body);
    },
  );

  app.post(
    '/api/cycles/:cycleId/voters/lookup',
    {
      config: staffOnly,
      schema: {
        tags: ['counter'],
        summary: 'Look a resident up by census number or voting code: where they may vote and where they have',
        params: CycleIdParams,
        body: VoterLookupBody,
        response: { 200: VoterLookup, 400: ErrorResponse, ...denied, 404: ErrorResponse },
      },
    },
    async (request) => {
      const cycleId = request.params.cycleId;
      return lookupVoter(app.db, options.censusHmacKey, cycleId, request.body.voter, 'assisted');
    },
  );

  app.post(
    '/api/cycles/:cycleId/assisted/ballots',
    {
      config: staffOnly,
      schema: {
        tags: ['counter'],
        summary: 'Cast a ballot the resident filled in on the counter screen; print the receipt for them',
        params: CycleIdParams,
        body: StaffBallotBody,
        response: { 201: BallotReceipt, 400: ErrorResponse, ...denied, 404: ErrorResponse, 409: ErrorResponse },
      },
    },
    async (request, reply) => {
      const voter = await voterForIdentifier(app.db, options.censusHmacKey, request.body.voter);
      const receipt = await castBallot(app.db, {
        cycleId: request.params.cycleId,
        districtId: request.body.districtId,
        choices: request.body.choices,
        voter,
        channel: 'assisted',
        enteredBy: requireAuth(request).userId,
      });
      app.metrics.ballotsCast.inc({ channel: 'assisted' });
      return reply.status(201).send(receipt);
    },
  );

  await paperBallotRoutes(app, options);
}
