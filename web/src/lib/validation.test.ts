import { describe, expect, it } from 'vitest';
import {
  checkBirthYear,
  checkCount,
  checkEmail,
  checkNewPassword,
  checkRequired,
  checkVotingCode,
  collectProblems,
  numberText,
  readInteger,
  translateProblem,
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

describe('whole numbers in a range', () => {
  it('reads a whole number within the range, and blank as nothing unless required', () => {
    expect(readInteger(' 12 ', 1, 100, true)).toEqual({ value: 12, problem: undefined });
    expect(readInteger('', 1, 100, false)).toEqual({ value: undefined, problem: undefined });
    expect(readInteger('', 1, 100, true).problem).toBe('validation.required');
  });

  it('reads full-width digits and separators typed with a Japanese IME', () => {
    expect(readInteger('１２', 1, 100, true)).toEqual({ value: 12, problem: undefined });
    expect(readInteger('１，０００', 1, 10_000, true)).toEqual({ value: 1000, problem: undefined });
    expect(readInteger('\u3000７\u3000', 1, 100, true)).toEqual({ value: 7, problem: undefined });
    expect(readInteger('１．５', 1, 100, true).problem).toBe('validation.integerRange?min=1&max=100');
    expect(numberText('１，２００')).toBe('1200');
    expect(checkBirthYear('１９５０', 2026)).toBeUndefined();
  });

  it('names the allowed range when the number is outside it or not a whole number', () => {
    const problem = readInteger('101', 1, 100, true).problem ?? '';
    expect(readInteger('1.5', 1, 100, true).problem).toBe(problem);
    expect(readInteger('-1', 0, 100, true).problem).toBe('validation.integerRange?min=0&max=100');
    const seen: unknown[] = [];
    const translate = translateProblem((id, options) => {
      seen.push([id, options?.values]);
      return id;
    });
    expect(translate(problem)).toBe('validation.integerRange');
    expect(translate('validation.required')).toBe('validation.required');
    expect(seen).toEqual([
      ['validation.integerRange', { min: '1', max: '100' }],
      ['validation.required', undefined],
    ]);
  });
});
