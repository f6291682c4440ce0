import { defineErrors } from '../../errors.js';

export const AuthErrors = defineErrors({
  required: { code: 'auth.required', status: 401, message: 'Sign in to do this.' },
  tokenInvalid: { code: 'auth.token_invalid', status: 401, message: 'The session token is not valid.' },
  tokenExpired: { code: 'auth.token_expired', status: 401, message: 'The session token has expired; sign in again.' },
  tokenRevoked: { code: 'auth.token_revoked', status: 401, message: 'This session has ended; sign in again.' },
  accountDisabled: { code: 'auth.account_disabled', status: 401, message: 'This account is disabled.' },
  invalidCredentials: { code: 'auth.invalid_credentials', status: 401, message: 'Wrong email or password.' },
  forbidden: { code: 'auth.forbidden', status: 403, message: 'Your roles do not allow this.' },
  passwordChangeRequired: {
    code: 'auth.password_change_required',
    status: 403,
    message: 'Choose a new password first (POST /api/me/password).',
  },
  crossSiteRequest: {
    code: 'auth.cross_site_request',
    status: 403,
    message: 'Requests that change data must come from this application.',
  },
  emailTaken: { code: 'auth.email_taken', status: 409, message: 'An account with this email already exists.' },
  passwordTooCommon: {
    code: 'auth.password_too_common',
    status: 400,
    message: 'This password is too common or too easy to guess; choose another one.',
  },
  resetTokenInvalid: {
    code: 'auth.reset_token_invalid',
    status: 400,
    message: 'This password reset link is invalid, used or expired; ask for a new one.',
  },
  rateLimited: { code: 'auth.rate_limited', status: 429, message: 'Too many attempts; try again later.' },
});
