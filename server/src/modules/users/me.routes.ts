import { Type } from 'typebox';
import {
  AuthResponse,
  ChangePasswordBody,
  CurrentUser,
  DeleteMeBody,
  ErrorResponse,
  SessionState,
  UpdateMeBody,
} from '@pb/shared';
import { optionalAuth, requireAuth } from '../../plugins/app/access.js';
import type { App } from '../../types.js';
import { AuthErrors } from '../auth/auth.errors.js';
import { PASSWORD_CONFIRM_LIMITS } from '../auth/auth.rate-limits.js';
import { changePassword, clearSessionCookie, type AuthContext } from '../auth/auth.service.js';
import { deleteAccount, getCurrentUser, updateProfile } from './users.service.js';

const denied = { 401: ErrorResponse, 403: ErrorResponse };

export default async function meRoutes(app: App, options: { context: AuthContext }): Promise<void> {
  const { context } = options;

  app.get(
    '/api/me',
    {
      config: { access: 'signed-in', allowDuringPasswordChange: true },
      schema: {
        tags: ['accounts'],
        summary: 'The signed-in user: roles, district and verification status',
        response: { 200: CurrentUser, ...denied, 404: ErrorResponse },
      },
    },
    async (request) => getCurrentUser(app.db, requireAuth(request).userId),
  );

  // The app asks this on every page load: a visitor who is not signed in is an answer, not an error.
  app.get(
    '/api/session',
    {
      config: { access: 'public' },
      schema: {
        tags: ['accounts'],
        summary: 'Who is signed in, if anyone: the current user, or null for a visitor',
        response: { 200: SessionState },
      },
    },
    async (request): Promise<SessionState> => {
      const auth = await optionalAuth(app, request);
      return { user: auth === null ? null : await getCurrentUser(app.db, auth.userId) };
    },
  );

  app.patch(
    '/api/me',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['accounts'],
        summary: 'Change your display name or language',
        body: UpdateMeBody,
        response: { 200: CurrentUser, 400: ErrorResponse, ...denied, 404: ErrorResponse },
      },
    },
    async (request) => updateProfile(app.db, requireAuth(request).userId, request.body),
  );

  app.delete(
    '/api/me',
    {
      config: { access: 'signed-in' },
      preHandler: app.rateLimitedBy(PASSWORD_CONFIRM_LIMITS, AuthErrors.rateLimited),
      schema: {
        tags: ['accounts'],
        summary: 'Delete your account: personal data is erased; anonymous ballots stay counted',
        body: DeleteMeBody,
        response: { 204: Type.Null(), 400: ErrorResponse, ...denied, 404: ErrorResponse, 429: ErrorResponse },
      },
    },
    async (request, reply) => {
      await deleteAccount(app.db, requireAuth(request).userId, request.body.password);
      clearSessionCookie(context, reply);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/me/password',
    {
      config: { access: 'signed-in', allowDuringPasswordChange: true },
      preHandler: app.rateLimitedBy(PASSWORD_CONFIRM_LIMITS, AuthErrors.rateLimited),
      schema: {
        tags: ['accounts'],
        summary: 'Change your password (required after a counter reset); other sessions end',
        body: ChangePasswordBody,
        response: { 200: AuthResponse, 400: ErrorResponse, ...denied, 429: ErrorResponse },
      },
    },
    async (request, reply) => changePassword(context, reply, requireAuth(request), request.body),
  );
}
