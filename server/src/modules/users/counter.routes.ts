import { CounterLookupQuery, CounterResident, ErrorResponse, TemporaryPassword, UserIdParams } from '@pb/shared';
import { requireAuth } from '../../plugins/app/access.js';
import type { App } from '../../types.js';
import { counterResetPassword, findResidentForCounter } from './users.service.js';

const denied = { 401: ErrorResponse, 403: ErrorResponse };

/** The service counter: staff help residents in person, after checking their identity. */
export default async function counterRoutes(app: App): Promise<void> {
  app.get(
    '/api/counter/residents',
    {
      config: { access: ['staff'] },
      schema: {
        tags: ['counter'],
        summary: 'Find a resident by exact email',
        querystring: CounterLookupQuery,
        response: { 200: CounterResident, 400: ErrorResponse, ...denied, 404: ErrorResponse },
      },
    },
    async (request) => findResidentForCounter(app.db, request.query.email),
  );

  app.post(
    '/api/counter/residents/:userId/password-reset',
    {
      config: { access: ['staff'] },
      schema: {
        tags: ['counter'],
        summary: 'Give a resident a temporary password (shown once; they must change it at sign-in)',
        params: UserIdParams,
        response: { 200: TemporaryPassword, 400: ErrorResponse, ...denied, 404: ErrorResponse },
      },
    },
    async (request) => ({
      temporaryPassword: await counterResetPassword(app.db, requireAuth(request).userId, request.params.userId),
    }),
  );
}
