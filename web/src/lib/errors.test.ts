import { describe, expect, it } from 'vitest';
import { ApiError } from './api/client.js';
import { KNOWN_ERROR_CODES, errorDetail, errorMessageKey, placeError } from './errors.js';
import en from './i18n/en.json';
import ja from './i18n/ja.json';

function lookup(messages: object, key: string): unknown {
  return key
    .split('.')
    .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], messages);
}

describe('error messages', () => {
  it('every known error code has a message in Japanese and English', () => {
    for (const code of KNOWN_ERROR_CODES) {
      for (const [name, messages] of Object.entries({ ja, en })) {
        expect(typeof lookup(messages, `errors.${code}`), `${name}: errors.${code}`).toBe('string');
      }
    }
  });

  it('a known code gets its own message, anything else the generic one', () => {
    expect(errorMessageKey(new ApiError(409, 'auth.email_taken', 'taken'))).toBe('errors.auth.email_taken');
    expect(errorMessageKey(new ApiError(418, 'teapot.short_and_stout', '?'))).toBe('errors.generic');
    expect(errorMessageKey(new TypeError('boom'))).toBe('errors.generic');
    expect(errorMessageKey(undefined)).toBe('errors.generic');
  });

  it('ties an error to the field its code concerns, or to the whole form', () => {
    const fields = { 'auth.email_taken': 'email' } as const;
    expect(placeError(new ApiError(409, 'auth.email_taken', ''), fields)).toEqual({
      field: 'email',
      key: 'errors.auth.email_taken',
    });
    expect(placeError(new ApiError(429, 'auth.rate_limited', ''), fields)).toEqual({
      field: undefined,
      key: 'errors.auth.rate_limited',
    });
  });
});

describe('error details', () => {
  it("keeps the server's explanation for codes that carry one, and only for those", () => {
    const detail = 'Every district needs at least one ballot-eligible proposal; none yet in Kita.';
    expect(errorDetail(new ApiError(409, 'cycles.precondition_failed', detail))).toBe(detail);
    expect(errorDetail(new ApiError(400, 'cycles.invalid_rules', 'ballot.minProjects must not exceed'))).toBe(
      'ballot.minProjects must not exceed',
    );
    expect(errorDetail(new ApiError(409, 'cycles.rules_frozen', 'Voting has opened'))).toBeUndefined();
    expect(errorDetail(new TypeError('boom'))).toBeUndefined();
  });
});
