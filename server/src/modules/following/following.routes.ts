import { ErrorResponse, FollowResult, ProposalIdParams } from '@pb/shared';
import { requireAuth } from '../../plugins/app/access.js';
import type { App } from '../../types.js';
import { setFollow } from './following.service.js';

const refused = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse };

export default async function followingRoutes(app: App): Promise<void> {
  app.put(
    '/api/proposals/:proposalId/follow',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['proposals'],
        summary: 'Follow a proposal: be notified of its status changes and new comments',
        params: ProposalIdParams,
        response: { 200: FollowResult, ...refused },
      },
    },
    async (request) => setFollow(app.db, requireAuth(request), request.params.proposalId, true),
  );

  app.delete(
    '/api/proposals/:proposalId/follow',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['proposals'],
        summary: 'Stop following a proposal',
        params: ProposalIdParams,
        response: { 200: FollowResult, ...refused },
      },
    },
    async (request) => setFollow(app.db, requireAuth(request), request.params.proposalId, false),
  );
}
