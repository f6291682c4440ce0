import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';
import { encodeBase32, groupCode } from '@pb/shared';

/**
 * OWASP's argon2id baseline (19 MiB, 2 passes): about 60 ms on the machines we measured. Argon2id
 * is the library's default algorithm (its enum is a const enum our compiler settings cannot read);
 * a unit test checks the `$argon2id$` prefix.
 */
const ARGON2_OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

const COMMON_PASSWORDS = new Set(dictionary['passwords-common']);

export async function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/** Spends the time of a real verification, so a login for an unknown email takes as long. */
export async function verifyAgainstDummy(password: string): Promise<void> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  await verifyPassword(await dummyHash, password);
}

/**
 * Refuses passwords from the list of the most common ones (zxcvbn's, about 49 000 entries), a
 * single repeated character, and the account's own email or name.
 */
export function isWeakPassword(password: string, personal: readonly string[] = []): boolean {
  const lowered = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lowered)) return true;
  if (new Set(lowered).size <= 2) return true;
  return personal.some((value) => {
    const candidate = value.toLowerCase();
    return candidate.length > 0 && (lowered === candidate || lowered === candidate.split('@')[0]);
  });
}

/** A one-time password for counter resets: 80 random bits, readable aloud and typable. */
export function generateTemporaryPassword(): string {
  return groupCode(encodeBase32(randomBytes(10)));
}
