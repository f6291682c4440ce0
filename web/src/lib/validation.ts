import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, normalizeCode } from '@pb/shared';

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
  const trimmed = value.trim();
  if (trimmed === '') return 'validation.birthYearRequired';
  if (!/^\d{4}$/.test(trimmed)) return 'validation.birthYearInvalid';
  const year = Number(trimmed);
  return year < 1900 || year > currentYear ? 'validation.birthYearInvalid' : undefined;
}

export function checkVotingCode(value: string): Check {
  if (value.trim() === '') return 'validation.codeRequired';
  return normalizeCode(value) === null ? 'validation.codeInvalid' : undefined;
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
