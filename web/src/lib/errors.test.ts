import { describe, expect, it } from 'vitest';
import { ApiError } from './api/client.js';
import { ERROR_DETAIL_REASONS, KNOWN_ERROR_CODES, errorDetail, errorMessageKey, placeError } from './errors.js';
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
  it("words a refusal with the reason and figures the server gave, in the app's own message", () => {
    const error = new ApiError(409, 'cycles.precondition_failed', 'Every district needs … none yet in d1.', {
      reason: 'districts_without_proposals',
      districts: 'd1',
    });
    expect(errorDetail(error)).toEqual({
      key: 'glossary.errorDetails.cycles.precondition_failed.districts_without_proposals',
      values: { reason: 'districts_without_proposals', districts: 'd1' },
    });
    expect(
      errorDetail(new ApiError(409, 'proposals.quota_reached', 'At most 2.', { reason: 'quota', quota: 2 })),
    ).toEqual({
      key: 'glossary.errorDetails.proposals.quota_reached.quota',
      values: { reason: 'quota', quota: 2 },
    });
  });

  it("falls back to the server's English text when it names no reason the app knows, and only for codes that explain", () => {
    const detail = 'ballot.minProjects must not exceed';
    expect(errorDetail(new ApiError(400, 'cycles.invalid_rules', detail))).toEqual({ english: detail });
    expect(errorDetail(new ApiError(400, 'cycles.invalid_rules', detail, { reason: 'brand_new' }))).toEqual({
      english: detail,
    });
    expect(errorDetail(new ApiError(400, 'ballots.invalid', 'Too many projects.'))).toEqual({
      english: 'Too many projects.',
    });
    expect(errorDetail(new ApiError(409, 'cycles.rules_frozen', 'Voting has opened'))).toBeUndefined();
    expect(errorDetail(new TypeError('boom'))).toBeUndefined();
  });

  it('every reason the app words has a message in Japanese and English', () => {
    for (const [code, reasons] of Object.entries(ERROR_DETAIL_REASONS)) {
      for (const reason of reasons) {
        for (const [name, messages] of Object.entries({ ja, en })) {
          const key = `glossary.errorDetails.${code}.${reason}`;
          expect(typeof lookup(messages, key), `${name}: ${key}`).toBe('string');
        }
      }
    }
  });
});
