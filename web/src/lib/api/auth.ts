import type {
  AuthResponse,
  LoginBody,
  PasswordResetConfirmBody,
  PasswordResetRequestBody,
  RegisterBody,
} from '@pb/shared';
import { apiSend } from './client.js';

export function register(body: RegisterBody): Promise<AuthResponse> {
  return apiSend<AuthResponse>('POST', '/api/auth/register', body);
}

export function login(body: LoginBody): Promise<AuthResponse> {
  return apiSend<AuthResponse>('POST', '/api/auth/login', body);
}

/** Extends the session: the server sets a fresh cookie. */
export function refreshSession(): Promise<AuthResponse> {
  return apiSend<AuthResponse>('POST', '/api/auth/refresh');
}

export function logout(): Promise<void> {
  return apiSend<undefined>('POST', '/api/auth/logout');
}

/** Always accepted (202), whether or not the address has an account. */
export function requestPasswordReset(body: PasswordResetRequestBody): Promise<void> {
  return apiSend<undefined>('POST', '/api/auth/password-reset/request', body);
}

export function confirmPasswordReset(body: PasswordResetConfirmBody): Promise<void> {
  return apiSend<undefined>('POST', '/api/auth/password-reset/confirm', body);
}
