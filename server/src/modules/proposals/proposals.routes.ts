import {
  CreateProposalBody,
  CycleIdParams,
  ErrorResponse,
  Proposal,
  ProposalIdParams,
  ProposalList,
  ProposalListQuery,
  ReviewProposalBody,
  UpdateProposalBody,
  WithdrawProposalBody,
} from '@pb/shared';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../errors.js';
import { optionalAuth, requireAuth } from '../../plugins/app/access.js';
import type { App } from '../../types.js';
import type { NewsMail } from '../notifications/notifications.mail.js';
import { ProposalErrors } from './proposals.errors.js';
import proposalImageRoutes from './proposal-images.routes.js';
import { reviewProposal, withdrawProposal } from './proposals.review.js';
import { createProposal, getProposal, listProposals, updateProposal } from './proposals.service.js';

const denied = { 401: ErrorResponse, 403: ErrorResponse };

/**
 * The body was validated with `attachValidation`: a coordinate out of range gets its own code (the
 * web explains it in plain words), any other problem the usual `request.invalid`.
 */
function assertValidBody(request: FastifyRequest): void {
  const error = request.validationError as
    (Error & { validation?: readonly { keyword: string; instancePath: string }[] }) | undefined;
  if (error === undefined) return;
  const first = error.validation?.[0];
  if (
    first !== undefined &&
    (first.keyword === 'minimum' || first.keyword === 'maximum') &&
    /^\/point\/(latitude|longitude)$/.test(first.instancePath)
  )
    throw new AppError(ProposalErrors.pointOutOfRange);
  throw error;
}

export default async function proposalRoutes(app: App, options: { newsMail: NewsMail }): Promise<void> {
  // Its own plugin: the image body parser stays scoped to the photo routes.
  await app.register(proposalImageRoutes);

  app.get(
    '/api/cycles/:cycleId/proposals',
    {
      config: { access: 'public' },
      schema: {
        tags: ['proposals'],
        summary: 'Proposals of a cycle: filter by district, category, status or text; sort; page',
        description:
          'Text search matches the title, summary and description (any language, any length: a trigram index serves three characters and more).',
        security: [],
        params: CycleIdParams,
        querystring: ProposalListQuery,
        response: { 200: ProposalList, 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request) => listProposals(app.db, request.params.cycleId, request.query, await optionalAuth(app, request)),
  );

  app.post(
    '/api/cycles/:cycleId/proposals',
    {
      config: { access: ['resident'] },
      attachValidation: true,
      schema: {
        tags: ['proposals'],
        summary: 'Propose a project during the submission phase (verified residents if the cycle asks)',
        params: CycleIdParams,
        body: CreateProposalBody,
        response: { 201: Proposal, 400: ErrorResponse, ...denied, 404: ErrorResponse, 409: ErrorResponse },
      },
    },
    async (request, reply) => {
      assertValidBody(request);
      return reply
        .status(201)
        .send(await createProposal(app.db, requireAuth(request), request.params.cycleId, request.body));
    },
  );

  app.get(
    '/api/proposals/:proposalId',
    {
      config: { access: 'public' },
      schema: {
        tags: ['proposals'],
        summary: 'One proposal, its description rendered to safe HTML',
        security: [],
        params: ProposalIdParams,
        response: { 200: Proposal, 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request) => getProposal(app.db, request.params.proposalId, await optionalAuth(app, request)),
  );

  app.patch(
    '/api/proposals/:proposalId',
    {
      config: { access: ['resident'] },
      attachValidation: true,
      schema: {
        tags: ['proposals'],
        summary: 'Edit your own proposal until review starts',
        params: ProposalIdParams,
        body: UpdateProposalBody,
        response: { 200: Proposal, 400: ErrorResponse, ...denied, 404: ErrorResponse, 409: ErrorResponse },
      },
    },
    async (request) => {
      assertValidBody(request);
      return updateProposal(app.db, requireAuth(request), request.params.proposalId, request.body);
    },
  );

  app.post(
    '/api/proposals/:proposalId/review',
    {
      config: { access: ['staff'] },
      schema: {
        tags: ['proposals'],
        summary: 'Review: feasible or infeasible, adjusted cost, merge, ballot eligibility; each with a public reason',
        params: ProposalIdParams,
        body: ReviewProposalBody,
        response: { 200: Proposal, 400: ErrorResponse, ...denied, 404: ErrorResponse, 409: ErrorResponse },
      },
    },
    async (request) =>
      reviewProposal(app.db, options.newsMail, requireAuth(request), request.params.proposalId, request.body),
  );

  app.post(
    '/api/proposals/:proposalId/withdraw',
    {
      config: { access: ['staff'] },
      schema: {
        tags: ['proposals'],
        summary:
          'Withdraw a proposal (also during voting: it stays on cast ballots, out of the tally), with a public reason',
        params: ProposalIdParams,
        body: WithdrawProposalBody,
        response: { 200: Proposal, 400: ErrorResponse, ...denied, 404: ErrorResponse, 409: ErrorResponse },
      },
    },
    async (request) =>
      withdrawProposal(app.db, options.newsMail, requireAuth(request), request.params.proposalId, request.body.reason),
  );
}
