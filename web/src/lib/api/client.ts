import type { ErrorResponse } from '@pb/shared';

/** An API answer other than 2xx, carrying the server's `{ error: { code, message } }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Figures the server gave with the refusal, for a message that names them. */
    readonly params: Readonly<Record<string, string | number>> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function isErrorResponse(body: unknown): body is ErrorResponse {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error = body.error;
  return typeof error === 'object' && error !== null && 'code' in error && 'message' in error;
}

/** Codes meaning the session cookie no longer signs anyone in (as opposed to a wrong password). */
const SESSION_ENDED_CODES = new Set([
  'auth.required',
  'auth.token_invalid',
  'auth.token_expired',
  'auth.token_revoked',
]);

type ApiErrorListener = (error: ApiError) => void;
const listeners = new Set<ApiErrorListener>();

/**
 * Lets the session state hear about an ended session or a required password change from any
 * request, so every page reacts the same way. Returns the function that removes the listener.
 */
export function onSessionError(listener: ApiErrorListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function endsSession(error: ApiError): boolean {
  return error.status === 401 && SESSION_ENDED_CODES.has(error.code);
}

export function requiresPasswordChange(error: ApiError): boolean {
  return error.status === 403 && error.code === 'auth.password_change_required';
}

export function toApiError(status: number, body: unknown): ApiError {
  const error = isErrorResponse(body)
    ? new ApiError(status, body.error.code, body.error.message, body.error.params)
    : new ApiError(status, 'http.unexpected', `HTTP ${String(status)}`);
  if (endsSession(error) || requiresPasswordChange(error)) for (const listener of listeners) listener(error);
  return error;
}

/** Same-origin fetch that turns a failed network call into an ApiError too. */
export async function send(path: `/api/${string}`, init: RequestInit = {}): Promise<Response> {
  try {
    return await fetch(path, {
      credentials: 'same-origin',
      ...init,
      headers: new Headers([['accept', 'application/json'], ...new Headers(init.headers)]),
    });
  } catch (cause) {
    throw new ApiError(0, 'network.unreachable', cause instanceof Error ? cause.message : 'Network error');
  }
}

export async function apiRequest<T>(path: `/api/${string}`, init: RequestInit = {}): Promise<T> {
  const response = await send(path, init);
  const body: unknown = response.status === 204 ? undefined : await response.json().catch(() => undefined);
  if (!response.ok) throw toApiError(response.status, body);
  return body as T;
}

type Method = 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A request with an optional JSON body (no content type without a body: the server refuses an empty JSON body). */
export function apiSend<T>(method: Method, path: `/api/${string}`, body?: object): Promise<T> {
  if (body === undefined) return apiRequest<T>(path, { method });
  return apiRequest<T>(path, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** A query string from defined, non-empty values only (`?` included, or empty). */
export function queryString(values: Record<string, string | number | boolean | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}
