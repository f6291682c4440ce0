import { describe, expect, it } from 'vitest';
import { generateTemporaryPassword, hashPassword, isWeakPassword, verifyPassword } from './passwords.js';

describe('password hashing', () => {
  it('hashes with argon2id at the OWASP baseline and verifies only the right password', async () => {
    const hashed = await hashPassword('a perfectly fine passphrase');
    expect(hashed).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(hashed, 'a perfectly fine passphrase')).toBe(true);
    expect(await verifyPassword(hashed, 'a perfectly fine passphrasE')).toBe(false);
    expect(await verifyPassword('not a hash', 'anything')).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same password here')).not.toBe(await hashPassword('same password here'));
  });
});

describe('weak passwords', () => {
  it.each(['password123', 'Password123', 'qwertyuiop', '1234567890', 'iloveyou12'])(
    'refuses the common %s',
    (password) => {
      expect(isWeakPassword(password)).toBe(true);
    },
  );

  it('refuses one or two repeated characters and the account email or name', () => {
    expect(isWeakPassword('zzzzzzzzzzzz')).toBe(true);
    expect(isWeakPassword('abababababab')).toBe(true);
    expect(isWeakPassword('hanako.yamada@example.org', ['hanako.yamada@example.org'])).toBe(true);
    expect(isWeakPassword('hanako.yamada', ['hanako.yamada@example.org'])).toBe(true);
  });

  it('accepts passphrases that are on no list', () => {
    expect(isWeakPassword('midori park benches 2026')).toBe(false);
    expect(isWeakPassword('みどり公園のベンチを増やそう')).toBe(false);
  });

  it('temporary passwords are grouped, 80-bit and different each time', () => {
    const first = generateTemporaryPassword();
    expect(first).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    expect(generateTemporaryPassword()).not.toBe(first);
  });
});
