import { describe, expect, it } from 'vitest';
import {
  checkBirthYear,
  checkCount,
  checkEmail,
  checkNewPassword,
  checkRequired,
  checkVotingCode,
  collectProblems,
} from './validation.js';

describe('form checks', () => {
  it('requires some text, spaces alone do not count', () => {
    expect(checkRequired('  ')).toBe('validation.required');
    expect(checkRequired('Hanako')).toBeUndefined();
  });

  it('accepts an email address and explains a missing or malformed one', () => {
    expect(checkEmail('')).toBe('validation.emailRequired');
    expect(checkEmail('hanako@')).toBe('validation.emailInvalid');
    expect(checkEmail(' hanako@example.jp ')).toBeUndefined();
  });

  it('asks for at least 10 characters in a new password', () => {
    expect(checkNewPassword('short')).toBe('validation.passwordTooShort');
    expect(checkNewPassword('x'.repeat(201))).toBe('validation.passwordTooLong');
    expect(checkNewPassword('correct horse battery')).toBeUndefined();
  });

  it('accepts a four-digit year of birth from 1900 to this year', () => {
    expect(checkBirthYear('', 2026)).toBe('validation.birthYearRequired');
    expect(checkBirthYear('58', 2026)).toBe('validation.birthYearInvalid');
    expect(checkBirthYear('1899', 2026)).toBe('validation.birthYearInvalid');
    expect(checkBirthYear('2027', 2026)).toBe('validation.birthYearInvalid');
    expect(checkBirthYear(' 1958 ', 2026)).toBeUndefined();
  });

  it('accepts a voting code typed with small letters, spaces or look-alike letters, refuses other characters', () => {
    expect(checkVotingCode('')).toBe('validation.codeRequired');
    expect(checkVotingCode('abcd efgh-jkmn pq0O')).toBeUndefined();
    expect(checkVotingCode('ABCD-EFGH-JKMN-PQR!')).toBe('validation.codeInvalid');
    expect(checkVotingCode('UUUU')).toBe('validation.codeInvalid');
  });

  it('keeps a count within its bounds', () => {
    expect(checkCount(0, 1, 5000)).toBe('validation.countRange');
    expect(checkCount(5001, 1, 5000)).toBe('validation.countRange');
    expect(checkCount(null, 1, 5000)).toBe('validation.countRange');
    expect(checkCount(2.5, 1, 5000)).toBe('validation.countRange');
    expect(checkCount(100, 1, 5000)).toBeUndefined();
  });

  it('collects every field with a problem', () => {
    expect(
      collectProblems([
        ['email', 'validation.emailInvalid'],
        ['name', undefined],
        ['password', 'validation.passwordTooShort'],
      ]),
    ).toEqual({ email: 'validation.emailInvalid', password: 'validation.passwordTooShort' });
  });
});
