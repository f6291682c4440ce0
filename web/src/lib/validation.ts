import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, normalizeCode } from '@pb/shared';
import { normaliseDigits } from './money.js';

/** Client-side checks return a message key, or undefined when the value is fine. */
export type Check = string | undefined;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function checkRequired(value: string): Check {
  return value.trim() === '' ? 'validation.required' : undefined;
}

export function checkEmail(value: string): Check {
  if (value.trim() === '') return 'validation.emailRequired';
  return EMAIL.test(value.trim()) ? undefined : 'validation.emailInvalid';
}

/** For a new password; the server also refuses common ones. */
export function checkNewPassword(value: string): Check {
  if (value.length < PASSWORD_MIN_LENGTH) return 'validation.passwordTooShort';
  if (value.length > PASSWORD_MAX_LENGTH) return 'validation.passwordTooLong';
  return undefined;
}

export function checkBirthYear(value: string, currentYear: number): Check {
  const trimmed = numberText(value);
  if (trimmed === '') return 'validation.birthYearRequired';
  if (!/^\d{4}$/.test(trimmed)) return 'validation.birthYearInvalid';
  const year = Number(trimmed);
  return year < 1900 || year > currentYear ? 'validation.birthYearInvalid' : undefined;
}

export function checkVotingCode(value: string): Check {
  if (value.trim() === '') return 'validation.codeRequired';
  return normalizeCode(value) === null ? 'validation.codeInvalid' : undefined;
}

/** A text between `min` and `max` characters once trimmed. */
export function checkLength(value: string, min: number, max: number): Check {
  const length = value.trim().length;
  if (length === 0) return 'validation.required';
  if (length < min) return problemWith('validation.tooShort', { min });
  return length > max ? problemWith('validation.tooLong', { max }) : undefined;
}

export function checkCount(value: number | null | undefined, min: number, max: number): Check {
  if (value === null || value === undefined || !Number.isInteger(value) || value < min || value > max) {
    return 'validation.countRange';
  }
  return undefined;
}

/** Every field with a problem, mapped to its message key; empty when all are fine. */
export function collectProblems<F extends string>(checks: [F, Check][]): Partial<Record<F, string>> {
  const problems: Partial<Record<F, string>> = {};
  for (const [field, check] of checks) if (check !== undefined) problems[field] = check;
  return problems;
}

/**
 * A problem key carrying values for its message (`validation.integerRange?min=1&max=100`), so a
 * form keeps storing plain strings and the message still says which range is allowed.
 */
export function problemWith(key: string, values: Record<string, string | number>): string {
  const params = new URLSearchParams(Object.entries(values).map(([name, value]) => [name, String(value)]));
  return `${key}?${params.toString()}`;
}

type TranslateWithValues = (id: string, options?: { values?: Record<string, string> }) => string;

/** Turns a translation function into one that also understands keys made by {@link problemWith}. */
export function translateProblem(translate: TranslateWithValues): (key: string) => string {
  return (key) => {
    const [id = key, query] = key.split('?', 2);
    return query === undefined
      ? translate(id)
      : translate(id, { values: Object.fromEntries(new URLSearchParams(query)) });
  };
}

/** A number as typed with a Japanese IME (`１，０００`) in the plain form `Number` reads (`1000`). */
export function numberText(text: string): string {
  return normaliseDigits(text).replace(/[\s,]/g, '');
}

/**
 * A whole number typed into a field, within `min`–`max`; blank is fine unless `required`.
 * Returns the number (undefined when blank) or the problem key.
 */
export function readInteger(
  text: string,
  min: number,
  max: number,
  required: boolean,
): { value: number | undefined; problem: Check } {
  const trimmed = numberText(text);
  if (trimmed === '') return { value: undefined, problem: required ? 'validation.required' : undefined };
  const value = /^\d+$/.test(trimmed) ? Number(trimmed) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    return { value: undefined, problem: problemWith('validation.integerRange', { min, max }) };
  }
  return { value, problem: undefined };
}
