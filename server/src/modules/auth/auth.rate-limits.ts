import type { FastifyRequest } from 'fastify';
import type { RateLimitRule } from '../../plugins/external/rate-limit.js';

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;

function emailOf(request: FastifyRequest): string | undefined {
  const body = request.body as { email?: unknown } | undefined;
  return typeof body?.email === 'string' ? body.email.trim().toLowerCase() : undefined;
}

function userOf(request: FastifyRequest): string | undefined {
  return request.auth?.userId;
}

/**
 * Login is limited per IP and per account+IP pair, which stops guessing; the per-account ceiling
 * is high, so an attacker spraying one resident's email from many addresses cannot lock them out
 * of their own account from home.
 */
export const LOGIN_LIMITS: readonly RateLimitRule[] = [
  { name: 'login-ip', max: 50, windowMs: 15 * MINUTE, key: (request) => request.ip },
  {
    name: 'login-account-ip',
    max: 10,
    windowMs: 15 * MINUTE,
    key: (request) => {
      const email = emailOf(request);
      return email === undefined ? undefined : `${email}|${request.ip}`;
    },
  },
  { name: 'login-account', max: 200, windowMs: HOUR, key: emailOf },
];

export const REGISTER_LIMITS: readonly RateLimitRule[] = [
  { name: 'register-ip', max: 20, windowMs: HOUR, key: (request) => request.ip },
];

export const RESET_REQUEST_LIMITS: readonly RateLimitRule[] = [
  { name: 'reset-request-ip', max: 10, windowMs: HOUR, key: (request) => request.ip },
  { name: 'reset-request-account', max: 5, windowMs: HOUR, key: emailOf },
];

export const RESET_CONFIRM_LIMITS: readonly RateLimitRule[] = [
  { name: 'reset-confirm-ip', max: 20, windowMs: 15 * MINUTE, key: (request) => request.ip },
];

/** Birth years are guessable: without a limit a resident number could be tried against all of them. */
export const VERIFICATION_LIMITS: readonly RateLimitRule[] = [
  { name: 'verify-user', max: 10, windowMs: HOUR, key: userOf },
  { name: 'verify-ip', max: 30, windowMs: HOUR, key: (request) => request.ip },
];

/** Re-entering the current password (change, account deletion): a stolen session cannot guess it. */
export const PASSWORD_CONFIRM_LIMITS: readonly RateLimitRule[] = [
  { name: 'password-confirm-user', max: 10, windowMs: HOUR, key: userOf },
];
