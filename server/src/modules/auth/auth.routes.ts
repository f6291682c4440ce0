import { Type } from 'typebox';
import {
  AuthResponse,
  ErrorResponse,
  LoginBody,
  PasswordResetConfirmBody,
  PasswordResetRequestBody,
  RegisterBody,
} from '@pb/shared';
import { requireAuth } from '../../plugins/app/access.js';
import type { App } from '../../types.js';
import { AuthErrors } from './auth.errors.js';
import { LOGIN_LIMITS, REGISTER_LIMITS, RESET_CONFIRM_LIMITS, RESET_REQUEST_LIMITS } from './auth.rate-limits.js';
import {
  confirmPasswordReset,
  login,
  logout,
  refresh,
  register,
  requestPasswordReset,
  type AuthContext,
} from './auth.service.js';

const Empty = Type.Null({ description: 'No content' });
const limited = { 429: ErrorResponse };

export default async function authRoutes(app: App, options: { context: AuthContext }): Promise<void> {
  const { context } = options;

  app.post(
    '/api/auth/register',
    {
      config: { access: 'public' },
      preHandler: app.rateLimitedBy(REGISTER_LIMITS, AuthErrors.rateLimited),
      schema: {
        tags: ['accounts'],
        summary: 'Create a resident account and sign in',
        security: [],
        body: RegisterBody,
        response: { 201: AuthResponse, 400: ErrorResponse, 403: ErrorResponse, 409: ErrorResponse, ...limited },
      },
    },
    async (request, reply) => reply.status(201).send(await register(context, reply, request.body)),
  );

  app.post(
    '/api/auth/login',
    {
      config: { access: 'public' },
      preHandler: app.rateLimitedBy(LOGIN_LIMITS, AuthErrors.rateLimited),
      schema: {
        tags: ['accounts'],
        summary: 'Sign in: returns a token and sets the session cookie',
        security: [],
        body: LoginBody,
        response: { 200: AuthResponse, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, ...limited },
      },
    },
    async (request, reply) => login(context, reply, request.body),
  );

  app.post(
    '/api/auth/refresh',
    {
      config: { access: 'signed-in', allowDuringPasswordChange: true },
      schema: {
        tags: ['accounts'],
        summary: 'A fresh 30-minute token for a session still within its 12-hour limit',
        response: { 200: AuthResponse, 401: ErrorResponse, 403: ErrorResponse },
      },
    },
    async (request, reply) => refresh(context, reply, requireAuth(request)),
  );

  app.post(
    '/api/auth/logout',
    {
      config: { access: 'signed-in', allowDuringPasswordChange: true },
      schema: {
        tags: ['accounts'],
        summary: 'End this session: its token stops working at once, on every server',
        response: { 204: Empty, 401: ErrorResponse, 403: ErrorResponse },
      },
    },
    async (request, reply) => {
      await logout(context, reply, requireAuth(request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/auth/password-reset/request',
    {
      config: { access: 'public' },
      preHandler: app.rateLimitedBy(RESET_REQUEST_LIMITS, AuthErrors.rateLimited),
      schema: {
        tags: ['accounts'],
        summary: 'Mail a single-use reset link (30 minutes); the answer is the same whether the email exists or not',
        security: [],
        body: PasswordResetRequestBody,
        response: { 202: Empty, 400: ErrorResponse, 403: ErrorResponse, ...limited },
      },
    },
    async (request, reply) => {
      await requestPasswordReset(context, request.body.email);
      return reply.status(202).send(null);
    },
  );

  app.post(
    '/api/auth/password-reset/confirm',
    {
      config: { access: 'public' },
      preHandler: app.rateLimitedBy(RESET_CONFIRM_LIMITS, AuthErrors.rateLimited),
      schema: {
        tags: ['accounts'],
        summary: 'Set a new password with a reset token; every session of the account ends',
        security: [],
        body: PasswordResetConfirmBody,
        response: { 204: Empty, 400: ErrorResponse, 403: ErrorResponse, ...limited },
      },
    },
    async (request, reply) => {
      await confirmPasswordReset(context, request.body.token, request.body.password);
      return reply.status(204).send(null);
    },
  );
}
