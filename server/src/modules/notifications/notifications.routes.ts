import { Type } from 'typebox';
import { ErrorResponse, MarkNotificationsReadBody, NotificationList } from '@pb/shared';
import { requireAuth } from '../../plugins/app/access.js';
import type { App } from '../../types.js';
import { listNotifications, markRead } from './notifications.service.js';

const denied = { 401: ErrorResponse, 403: ErrorResponse };

export default async function notificationRoutes(app: App): Promise<void> {
  app.get(
    '/api/me/notifications',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['accounts'],
        summary: 'Your latest 50 notifications (status changes of your proposals) and the unread count',
        response: { 200: NotificationList, ...denied },
      },
    },
    async (request) => listNotifications(app.db, requireAuth(request).userId),
  );

  app.post(
    '/api/me/notifications/read',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['accounts'],
        summary: 'Mark notifications as read (all of them when `ids` is omitted)',
        body: MarkNotificationsReadBody,
        response: { 204: Type.Null(), 400: ErrorResponse, ...denied },
      },
    },
    async (request, reply) => {
      await markRead(app.db, requireAuth(request).userId, request.body.ids);
      return reply.status(204).send(null);
    },
  );
}
