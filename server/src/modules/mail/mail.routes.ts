import { ErrorResponse, OutboxList } from '@pb/shared';
import type { App } from '../../types.js';
import { listOutbox } from './mail.service.js';

export default async function mailRoutes(app: App): Promise<void> {
  app.get(
    '/api/outbox',
    {
      config: { access: ['staff'] },
      schema: {
        tags: ['accounts'],
        summary: 'Mail waiting to be passed on by staff (used when SMTP_URL is not set)',
        response: { 200: OutboxList, 401: ErrorResponse, 403: ErrorResponse },
      },
    },
    async () => ({ items: await listOutbox(app.db) }),
  );
}
