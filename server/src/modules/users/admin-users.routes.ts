import { AdminUser, AdminUserList, AdminUserPatch, AdminUserQuery, ErrorResponse, UserIdParams } from '@pb/shared';
import { requireAuth } from '../../plugins/app/access.js';
import type { App } from '../../types.js';
import { adminUpdateUser, listUsers } from './users.service.js';

const denied = { 401: ErrorResponse, 403: ErrorResponse };

export default async function adminUserRoutes(app: App): Promise<void> {
  app.get(
    '/api/admin/users',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['admin'],
        summary: 'List and search accounts',
        querystring: AdminUserQuery,
        response: { 200: AdminUserList, 400: ErrorResponse, ...denied },
      },
    },
    async (request) => listUsers(app.db, { ...request.query, q: request.query.q, role: request.query.role }),
  );

  app.patch(
    '/api/admin/users/:userId',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['admin'],
        summary: "Change a user's roles or disable the account (its sessions end at once)",
        params: UserIdParams,
        body: AdminUserPatch,
        response: { 200: AdminUser, 400: ErrorResponse, ...denied, 404: ErrorResponse, 409: ErrorResponse },
      },
    },
    async (request) => adminUpdateUser(app.db, requireAuth(request).userId, request.params.userId, request.body),
  );
}
