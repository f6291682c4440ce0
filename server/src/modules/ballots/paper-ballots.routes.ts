import {
  CycleIdParams,
  ErrorResponse,
  PAPER_UPLOAD_MAX_BYTES,
  PaperDistrictCount,
  PaperEntryState,
  PaperSheetBody,
  PaperUploadQuery,
  PaperUploadReport,
  PollBookBody,
} from '@pb/shared';
import type { FastifyRequest } from 'fastify';
import { LONG_REQUEST_TIMEOUT_MS } from '../../deadlines.js';
import { AppError, CommonErrors } from '../../errors.js';
import { requireAuth } from '../../plugins/app/access.js';
import type { App } from '../../types.js';
import { countInBackground } from '../cycles/cycles.jobs.js';
import { closePaper, paperEntryState } from './ballots.paper.js';
import { issuePaperBallot, uploadPollBook } from './ballots.poll-book.js';
import { enterSheet, uploadSheets } from './ballots.sheets.js';
import { voterForIdentifier } from './ballots.voters.js';

const denied = { 401: ErrorResponse, 403: ErrorResponse };
const staffOnly = { access: ['staff'] as const };
const uploadResponses = {
  200: PaperUploadReport,
  400: ErrorResponse,
  ...denied,
  404: ErrorResponse,
  409: ErrorResponse,
  413: ErrorResponse,
  415: ErrorResponse,
};

function csvBody(request: FastifyRequest): string {
  const contentType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (typeof request.body !== 'string' || (contentType !== 'text/csv' && contentType !== 'application/csv')) {
    throw new AppError(CommonErrors.unsupportedMediaType, 'Send the file as the body with Content-Type: text/csv.');
  }
  return request.body;
}

/**
 * Paper voting as at a polling station: the poll book (who received a ballot) and the ballot box
 * (the returned sheets, with no voter identity), entered by staff during voting and during
 * tallying until paper entry closes. The content-type parser for CSV is the parent's.
 */
export default async function paperBallotRoutes(app: App, options: { censusHmacKey: string }): Promise<void> {
  app.post(
    '/api/cycles/:cycleId/paper-ballots/issued',
    {
      config: staffOnly,
      schema: {
        tags: ['counter'],
        summary: 'Poll book: record that a resident received a paper ballot for a district (no choices)',
        description:
          "Checked like any ballot: the voter list (census number or voting code), district, minimum age and one ballot per person across online, counter and paper. Answers the district's running counts.",
        params: CycleIdParams,
        body: PollBookBody,
        response: { 201: PaperDistrictCount, 400: ErrorResponse, ...denied, 404: ErrorResponse, 409: ErrorResponse },
      },
    },
    async (request, reply) => {
      const voter = await voterForIdentifier(app.db, options.censusHmacKey, request.body.voter);
      const counts = await issuePaperBallot(app.db, {
        actorId: requireAuth(request).userId,
        cycleId: request.params.cycleId,
        districtId: request.body.districtId,
        voter,
      });
      return reply.status(201).send(counts);
    },
  );

  app.post(
    '/api/cycles/:cycleId/paper-ballots/issued/upload',
    {
      config: { ...staffOnly, deadlineMs: LONG_REQUEST_TIMEOUT_MS },
      bodyLimit: PAPER_UPLOAD_MAX_BYTES,
      schema: {
        tags: ['counter'],
        summary: 'Poll book as CSV (voter,district): a report per line',
        description:
          'Send the file with `Content-Type: text/csv`. `voter` is a census number or a voting code, `district` a slug. Each line is accepted or refused on its own; the accepted ones are written in one transaction. `?dryRun=true` reports without writing.',
        querystring: PaperUploadQuery,
        params: CycleIdParams,
        response: uploadResponses,
      },
    },
    async (request) =>
      uploadPollBook(app.db, options.censusHmacKey, {
        actorId: requireAuth(request).userId,
        cycleId: request.params.cycleId,
        csv: csvBody(request),
        dryRun: request.query.dryRun,
      }),
  );

  app.post(
    '/api/cycles/:cycleId/paper-sheets',
    {
      config: staffOnly,
      schema: {
        tags: ['counter'],
        summary: 'Ballot box: enter one returned paper sheet (district and choices, no voter; final)',
        description:
          "A district never holds more sheets than paper ballots were handed out there (409 `ballots.sheets_exceed_poll_book`, with `sheets` and `issued` as params). Answers the district's running counts.",
        params: CycleIdParams,
        body: PaperSheetBody,
        response: { 201: PaperDistrictCount, 400: ErrorResponse, ...denied, 404: ErrorResponse, 409: ErrorResponse },
      },
    },
    async (request, reply) => {
      const counts = await enterSheet(app.db, {
        actorId: requireAuth(request).userId,
        cycleId: request.params.cycleId,
        districtId: request.body.districtId,
        choices: request.body.choices,
      });
      app.metrics.ballotsCast.inc({ channel: 'paper' });
      return reply.status(201).send(counts);
    },
  );

  app.post(
    '/api/cycles/:cycleId/paper-sheets/upload',
    {
      config: { ...staffOnly, deadlineMs: LONG_REQUEST_TIMEOUT_MS },
      bodyLimit: PAPER_UPLOAD_MAX_BYTES,
      schema: {
        tags: ['counter'],
        summary: 'Ballot box as CSV (district,choices; no voter): a report per line',
        description:
          'Send the file with `Content-Type: text/csv`. `district` is a slug, `choices` the ballot numbers as on the sheet ("3 7 12"; cumulative "3:2 7:1"; ranked best first). Lines beyond the poll book of their district are refused. The accepted lines are written in one transaction. `?dryRun=true` reports without writing.',
        querystring: PaperUploadQuery,
        params: CycleIdParams,
        response: uploadResponses,
      },
    },
    async (request) => {
      const report = await uploadSheets(app.db, {
        actorId: requireAuth(request).userId,
        cycleId: request.params.cycleId,
        csv: csvBody(request),
        dryRun: request.query.dryRun,
      });
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
        summary: 'Whether paper entry is open; per district, paper ballots handed out and sheets entered',
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
