import {
  BallotReceipt,
  CycleIdParams,
  ErrorResponse,
  PAPER_UPLOAD_MAX_BYTES,
  PaperBallotAccepted,
  PaperEntryState,
  PaperUploadQuery,
  PaperUploadReport,
  StaffBallotBody,
  VoterLookup,
  VoterLookupBody,
} from '@pb/shared';
import { CommonErrors, AppError } from '../../errors.js';
import { requireAuth } from '../../plugins/app/access.js';
import type { App } from '../../types.js';
import { countInBackground } from '../cycles/cycles.jobs.js';
import { closePaper, lookupVoter, paperEntryState, uploadPaperBallots } from './ballots.paper.js';
import { castBallot } from './ballots.service.js';
import { voterForIdentifier } from './ballots.voters.js';
import { LONG_REQUEST_TIMEOUT_MS } from '../../deadlines.js';

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

  app.post(
    '/api/cycles/:cycleId/paper-ballots',
    {
      config: staffOnly,
      schema: {
        tags: ['counter'],
        summary: 'Enter one paper ballot sheet (final: paper ballots cannot be replaced)',
        params: CycleIdParams,
        body: StaffBallotBody,
        response: { 201: PaperBallotAccepted, 400: ErrorResponse, ...denied, 404: ErrorResponse, 409: ErrorResponse },
      },
    },
    async (request, reply) => {
      const voter = await voterForIdentifier(app.db, options.censusHmacKey, request.body.voter);
      await castBallot(app.db, {
        cycleId: request.params.cycleId,
        districtId: request.body.districtId,
        choices: request.body.choices,
        voter,
        channel: 'paper',
        enteredBy: requireAuth(request).userId,
      });
      app.metrics.ballotsCast.inc({ channel: 'paper' });
      return reply.status(201).send({ accepted: true, districtId: request.body.districtId });
    },
  );

  app.post(
    '/api/cycles/:cycleId/paper-ballots/upload',
    {
      config: { ...staffOnly, deadlineMs: LONG_REQUEST_TIMEOUT_MS },
      bodyLimit: PAPER_UPLOAD_MAX_BYTES,
      schema: {
        tags: ['counter'],
        summary: 'Upload paper ballot sheets as CSV (voter,district,choices); a report per line',
        description:
          'Send the file with `Content-Type: text/csv`. `voter` is a census number or a voting code, `district` a slug, `choices` the ballot numbers as on the sheet ("3 7 12"; cumulative "3:2 7:1"; ranked best first). Each line is accepted or refused on its own; the accepted ones are written in one transaction. `?dryRun=true` reports without writing.',
        querystring: PaperUploadQuery,
        params: CycleIdParams,
        response: {
          200: PaperUploadReport,
          400: ErrorResponse,
          ...denied,
          404: ErrorResponse,
          409: ErrorResponse,
          413: ErrorResponse,
          415: ErrorResponse,
        },
      },
    },
    async (request) => {
      const contentType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
      if (typeof request.body !== 'string' || (contentType !== 'text/csv' && contentType !== 'application/csv')) {
        throw new AppError(
          CommonErrors.unsupportedMediaType,
          'Send the sheets as the body with Content-Type: text/csv.',
        );
      }
      const report = await uploadPaperBallots(
        app.db,
        options.censusHmacKey,
        requireAuth(request).userId,
        request.params.cycleId,
        request.body,
        request.query.dryRun,
      );
      if (!report.dryRun) app.metrics.ballotsCast.inc({ channel: 'paper' }, report.accepted);
      return report;
    },
  );

  app.get(
    '/api/cycles/:cycleId/paper-entry',
    {
      config: staffOnly,
      schema: {
        tags: ['counter'],
        summary: 'Whether paper ballots can still be entered, and how many have been',
        params: CycleIdParams,
        response: { 200: PaperEntryState, 400: ErrorResponse, ...denied, 404: ErrorResponse },
      },
    },
    async (request) => paperEntryState(app.db, request.params.cycleId),
  );

  app.post(
    '/api/cycles/:cycleId/paper-entry/close',
    {
      config: staffOnly,
      schema: {
        tags: ['counter'],
        summary:
          'Close paper entry during tallying; the ballots are then final and the count starts (202: the results follow when it is done)',
        params: CycleIdParams,
        response: { 202: PaperEntryState, 400: ErrorResponse, ...denied, 404: ErrorResponse, 409: ErrorResponse },
      },
    },
    async (request, reply) => {
      const state = await closePaper(app.db, requireAuth(request).userId, request.params.cycleId);
      // Every ballot is in: the count starts now, outside the request (a large or finely
      // incremented count can outlast any request deadline); a crash mid-count is finished by the
      // scheduler's next tick.
      countInBackground(app);
      return reply.status(202).send(state);
    },
  );
}
