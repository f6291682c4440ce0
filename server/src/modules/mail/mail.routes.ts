import { ErrorResponse, OutboxList } from '@pb/shared';
import type { App } from '../../types.js';
import { requireAuth } from '../../plugins/app/access.js';
import { recordAudit } from '../audit/audit.service.js';
import { listOutbox } from './mail.service.js';

export default async function mailRoutes(app: App): Promise<void> {
  app.get(
    '/api/outbox',
    {
      config: { access: ['staff'] },
      schema: {
        tags: ['accounts'],
        summary:
          'Mail waiting to be passed on by staff (used when SMTP_URL is not set); secret links masked; every read audited',
        response: { 200: OutboxList, 401: ErrorResponse, 403: ErrorResponse },
      },
    },
    async (request) => {
      const items = await listOutbox(app.db);
      await recordAudit(app.db, {
        actorId: requireAuth(request).userId,
        action: 'mail.outbox_read',
        details: { messages: items.length },
      });
      return { items };
    },
  );
}
