import { ErrorResponse, ProposalIdParams, SupportResult } from '@pb/shared';
import { requireAuth } from '../../plugins/app/access.js';
import type { App } from '../../types.js';
import { setSupport } from './supports.service.js';

const refused = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
};

export default async function supportRoutes(app: App): Promise<void> {
  app.put(
    '/api/proposals/:proposalId/support',
    {
      config: { access: ['resident'] },
      schema: {
        tags: ['proposals'],
        summary: 'Support a proposal during submission (residents who may vote in its district; once each)',
        description:
          '201 when the support is new; 200 when you already support it (the request is idempotent, also when sent twice at once).',
        params: ProposalIdParams,
        response: { 200: SupportResult, 201: SupportResult, ...refused },
      },
    },
    async (request, reply) => {
      const { result, created } = await setSupport(app.db, requireAuth(request), request.params.proposalId, true);
      return reply.status(created ? 201 : 200).send(result);
    },
  );

  app.delete(
    '/api/proposals/:proposalId/support',
    {
      config: { access: ['resident'] },
      schema: {
        tags: ['proposals'],
        summary: 'Withdraw your support during submission (nothing happens if you gave none)',
        params: ProposalIdParams,
        response: { 200: SupportResult, ...refused },
      },
    },
    async (request) => (await setSupport(app.db, requireAuth(request), request.params.proposalId, false)).result,
  );
}
