import { Type } from 'typebox';
import { ErrorResponse, ModerationBody, ModerationParams, ModerationQueue } from '@pb/shared';
import { requireAuth } from '../../plugins/app/access.js';
import type { App } from '../../types.js';
import { moderate, moderationQueue } from './moderation.service.js';

const denied = { 401: ErrorResponse, 403: ErrorResponse };

export default async function moderationRoutes(app: App): Promise<void> {
  app.get(
    '/api/moderation/queue',
    {
      config: { access: ['moderator'] },
      schema: {
        tags: ['discussion'],
        summary: 'Reported proposals and comments with their open reports, oldest first',
        response: { 200: ModerationQueue, ...denied },
      },
    },
    async () => ({ items: await moderationQueue(app.db) }),
  );

  app.post(
    '/api/moderation/:kind/:id/:action',
    {
      config: { access: ['moderator'] },
      schema: {
        tags: ['discussion'],
        summary: 'Hide (with a public reason) or restore a proposal or comment; settles its open reports',
        params: ModerationParams,
        body: ModerationBody,
        response: { 204: Type.Null(), 400: ErrorResponse, ...denied, 404: ErrorResponse },
      },
    },
    async (request, reply) => {
      const { kind, id, action } = request.params;
      await moderate(app.db, requireAuth(request).userId, kind, id, action, request.body.reason);
      return reply.status(204).send(null);
    },
  );
}
