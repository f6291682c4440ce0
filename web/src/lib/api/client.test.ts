import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, apiSend, onSessionError, queryString } from './client.js';

function answer(status: number, body?: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

function stubFetch(response: Response) {
  const fetch = vi.fn((_path: string, _init?: RequestInit) => Promise.resolve(response));
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the API client', () => {
  it('sends JSON with its content type, and no content type without a body', async () => {
    const fetch = stubFetch(answer(200, { ok: true }));
    await apiSend('PATCH', '/api/me', { displayName: 'Hanako' });
    const [, init] = fetch.mock.calls[0]!;
    expect(new Headers(init?.headers).get('content-type')).toBe('application/json');
    expect(init?.body).toBe('{"displayName":"Hanako"}');
    expect(init?.credentials).toBe('same-origin');

    stubFetch(answer(204));
    const logout = vi.mocked(globalThis.fetch);
    await expect(apiSend('POST', '/api/auth/logout')).resolves.toBeUndefined();
    expect(new Headers(logout.mock.calls[0]![1]?.headers).has('content-type')).toBe(false);
  });

  it('turns an error body into an ApiError with the code and status', async () => {
    stubFetch(answer(409, { error: { code: 'auth.email_taken', message: 'taken' } }));
    const error = await apiSend('POST', '/api/auth/register', {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 409, code: 'auth.email_taken' });
  });

  it('tells the session about an ended session or a required password change, not about a wrong password', async () => {
    const heard: string[] = [];
    const stop = onSessionError((error) => heard.push(error.code));
    for (const [status, code] of [
      [401, 'auth.invalid_credentials'],
      [401, 'auth.token_expired'],
      [403, 'auth.password_change_required'],
      [403, 'auth.forbidden'],
    ] as const) {
      stubFetch(answer(status, { error: { code, message: '' } }));
      await apiSend('POST', '/api/me/password', {}).catch(() => undefined);
    }
    stop();
    expect(heard).toEqual(['auth.token_expired', 'auth.password_change_required']);
  });

  it('reports a network failure as an ApiError', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.reject(new TypeError('Failed to fetch'))),
    );
    await expect(apiSend('POST', '/api/auth/refresh')).rejects.toMatchObject({
      status: 0,
      code: 'network.unreachable',
    });
  });

  it('builds a query string from the values that are set', () => {
    expect(queryString({ q: 'hanako', role: undefined, limit: 25, offset: 0, empty: '' })).toBe(
      '?q=hanako&limit=25&offset=0',
    );
    expect(queryString({ q: undefined })).toBe('');
  });
});
