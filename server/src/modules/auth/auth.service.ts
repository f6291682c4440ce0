import { createHash, randomBytes } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import type { AuthResponse, ChangePasswordBody, LoginBody, RegisterBody } from '@pb/shared';
import { sql } from 'drizzle-orm';
import type { AppConfig } from '../../config.js';
import { AppError } from '../../errors.js';
import { ACCESS_TOKEN_TTL_MS } from '../../plugins/external/jwt.js';
import { SESSION_COOKIE, type RequestAuth } from '../../plugins/app/access.js';
import type { App } from '../../types.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Mailer } from '../mail/mail.service.js';
import { findUserByEmail, findUserById, updateUser, type UserRow } from '../users/users.repository.js';
import { assertAcceptablePassword, createUser, isResidentOnly, toCurrentUser } from '../users/users.service.js';
import { AuthErrors } from './auth.errors.js';
import {
  consumePasswordResetToken,
  deleteExpiredSessions,
  findSessionWithUser,
  insertPasswordResetToken,
  insertSession,
  revokeSession,
  revokeUserSessions,
} from './auth.repository.js';
import { hashPassword, verifyAgainstDummy, verifyPassword } from './passwords.js';

/** Absolute session limit: refreshing never carries a sign-in past it. */
export const SESSION_LIFETIME_MS = 12 * 60 * 60 * 1000;
export const RESET_TOKEN_LIFETIME_MS = 30 * 60 * 1000;

export interface AuthContext {
  app: App;
  config: Pick<AppConfig, 'production' | 'publicUrl'>;
  mailer: Mailer;
}

function setSessionCookie(context: AuthContext, reply: FastifyReply, token: string): void {
  void reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: context.config.production,
    maxAge: ACCESS_TOKEN_TTL_MS / 1000,
  });
}

export function clearSessionCookie(context: AuthContext, reply: FastifyReply): void {
  void reply.clearCookie(SESSION_COOKIE, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: context.config.production,
  });
}

function signToken(context: AuthContext, user: UserRow, sessionId: string, sessionExpiresAt: Date) {
  // The token never outlives its session, so the 12-hour limit holds without a database check.
  const lifetime = Math.min(ACCESS_TOKEN_TTL_MS, sessionExpiresAt.getTime() - Date.now());
  // @fastify/jwt reads a numeric expiresIn as seconds.
  const token = context.app.jwt.sign(
    { sub: user.id, sid: sessionId },
    { expiresIn: Math.max(1, Math.floor(lifetime / 1000)) },
  );
  return { token, expiresAt: new Date(Date.now() + lifetime).toISOString() };
}

async function startSession(context: AuthContext, reply: FastifyReply, user: UserRow): Promise<AuthResponse> {
  // Sessions a day past their limit are swept now and then, instead of by a separate job.
  if (Math.random() < 0.01) await deleteExpiredSessions(context.app.db);
  const session = await insertSession(context.app.db, user.id, SESSION_LIFETIME_MS);
  const { token, expiresAt } = signToken(context, user, session.id, session.expiresAt);
  setSessionCookie(context, reply, token);
  return { user: toCurrentUser(user), token, expiresAt };
}

export async function register(context: AuthContext, reply: FastifyReply, body: RegisterBody): Promise<AuthResponse> {
  const user = await createUser(context.app.db, { ...body, roles: ['resident'] });
  await recordAudit(context.app.db, { actorId: user.id, action: 'user.registered', subjectId: user.id });
  return startSession(context, reply, user);
}

/** The email typed is never recorded: only the account it names, when it names one. */
async function refuseLogin(
  context: AuthContext,
  reason: 'unknown_account' | 'wrong_password' | 'account_disabled',
  userId: string | null,
): Promise<never> {
  await recordAudit(context.app.db, {
    actorId: null,
    actorRole: 'anonymous',
    action: 'auth.login_failed',
    subjectId: userId,
    details: { reason },
  });
  throw new AppError(reason === 'account_disabled' ? AuthErrors.accountDisabled : AuthErrors.invalidCredentials);
}

export async function login(context: AuthContext, reply: FastifyReply, body: LoginBody): Promise<AuthResponse> {
  const user = await findUserByEmail(context.app.db, body.email.trim());
  if (user === undefined || user.passwordHash === null) {
    await verifyAgainstDummy(body.password);
    return refuseLogin(context, 'unknown_account', null);
  }
  if (!(await verifyPassword(user.passwordHash, body.password))) return refuseLogin(context, 'wrong_password', user.id);
  if (user.disabledAt !== null) return refuseLogin(context, 'account_disabled', user.id);
  const signedIn = (await updateUser(context.app.db, user.id, { lastSignInAt: sql`now()` })) ?? user;
  return startSession(context, reply, signedIn);
}

export async function refresh(context: AuthContext, reply: FastifyReply, auth: RequestAuth): Promise<AuthResponse> {
  const user = await findUserById(context.app.db, auth.userId);
  const session = await findSessionWithUser(context.app.db, auth.sessionId);
  if (user === undefined || session === undefined) throw new AppError(AuthErrors.tokenRevoked);
  const { token, expiresAt } = signToken(context, user, auth.sessionId, session.expiresAt);
  setSessionCookie(context, reply, token);
  return { user: toCurrentUser(user), token, expiresAt };
}

export async function logout(context: AuthContext, reply: FastifyReply, auth: RequestAuth): Promise<void> {
  await revokeSession(context.app.db, auth.sessionId);
  clearSessionCookie(context, reply);
}

/** Ends every other session; the caller gets a fresh one. Also how a counter reset is completed. */
export async function changePassword(
  context: AuthContext,
  reply: FastifyReply,
  auth: RequestAuth,
  body: ChangePasswordBody,
): Promise<AuthResponse> {
  const user = await findUserById(context.app.db, auth.userId);
  if (
    user === undefined ||
    user.passwordHash === null ||
    !(await verifyPassword(user.passwordHash, body.currentPassword))
  ) {
    throw new AppError(AuthErrors.invalidCredentials, 'The current password is wrong.');
  }
  assertAcceptablePassword(body.newPassword, [user.email ?? '', user.displayName ?? '', body.currentPassword]);
  const passwordHash = await hashPassword(body.newPassword);
  const updated = await context.app.db.transaction(async (tx) => {
    const row = await updateUser(tx, user.id, { passwordHash, mustChangePassword: false });
    await revokeUserSessions(tx, user.id);
    await recordAudit(tx, { actorId: user.id, action: 'user.password_changed', subjectId: user.id });
    return row;
  });
  return startSession(context, reply, updated ?? user);
}

function hashResetToken(token: string): string {
  return createHash('sha256').update(`password-reset:${token}`).digest('hex');
}

/** Always answers the same way, so the form tells nobody whether an email has an account. */
export async function requestPasswordReset(context: AuthContext, email: string): Promise<void> {
  const user = await findUserByEmail(context.app.db, email.trim());
  if (user === undefined || user.email === null || user.disabledAt !== null) return;
  if (context.mailer.kind === 'outbox' && !isResidentOnly(user)) {
    // Staff read the outbox: a reset link for a privileged account there would hand it over.
    await recordAudit(context.app.db, {
      actorId: null,
      actorRole: 'anonymous',
      action: 'user.password_reset_withheld',
      subjectId: user.id,
    });
    return;
  }
  const token = randomBytes(32).toString('base64url');
  await insertPasswordResetToken(context.app.db, {
    tokenHash: hashResetToken(token),
    userId: user.id,
    lifetimeMs: RESET_TOKEN_LIFETIME_MS,
  });
  // In the fragment, so the token reaches no server log and no Referer header.
  const link = `${context.config.publicUrl}/reset-password#token=${token}`;
  const japanese = user.locale === 'ja';
  await context.mailer.send({
    to: user.email,
    subject: japanese ? 'パスワードの再設定' : 'Reset your password',
    body: japanese
      ? `パスワードを再設定するには、30分以内に次のリンクを開いてください（1回限り有効）。\n\n${link}\n\n心当たりがない場合は、このメールを無視してください。`
      : `To choose a new password, open this link within 30 minutes (it works once):\n\n${link}\n\nIf you did not ask for this, ignore this message.`,
    secret: link,
  });
  await recordAudit(context.app.db, {
    actorId: null,
    actorRole: 'anonymous',
    action: 'user.password_reset_requested',
    subjectId: user.id,
  });
}

export async function confirmPasswordReset(context: AuthContext, token: string, password: string): Promise<void> {
  const tokenHash = hashResetToken(token);
  const passwordHash = await hashPassword(password);
  await context.app.db.transaction(async (tx) => {
    const userId = await consumePasswordResetToken(tx, tokenHash);
    if (userId === undefined) throw new AppError(AuthErrors.resetTokenInvalid);
    const user = await findUserById(tx, userId);
    if (user === undefined || user.email === null || user.disabledAt !== null)
      throw new AppError(AuthErrors.resetTokenInvalid);
    assertAcceptablePassword(password, [user.email, user.displayName ?? '']);
    await updateUser(tx, userId, { passwordHash, mustChangePassword: false });
    await revokeUserSessions(tx, userId);
    await recordAudit(tx, { actorId: userId, action: 'user.password_reset_completed', subjectId: userId });
  });
}
