import { describe, expect, it } from 'vitest';
import { KNOWN_ERROR_CODES } from './errors.js';
import en from './i18n/en.json';
import ja from './i18n/ja.json';

/** Codes only the app itself raises (no server module declares them). */
const CLIENT_ONLY_CODES = ['network.unreachable'];

function lookup(messages: object, key: string): unknown {
  return key
    .split('.')
    .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], messages);
}

/** Every error code the server declares, read from its modules rather than copied by hand. */
function serverErrorCodes(): string[] {
  const modules = import.meta.glob<Record<string, unknown>>(
    ['../../../server/src/modules/*/*.errors.ts', '../../../server/src/errors.ts'],
    { eager: true },
  );
  const codes = new Set<string>();
  for (const exports of Object.values(modules)) {
    for (const declared of Object.values(exports)) {
      if (typeof declared !== 'object' || declared === null) continue;
      for (const definition of Object.values(declared as Record<string, unknown>)) {
        const code = (definition as { code?: unknown } | null)?.code;
        if (typeof code === 'string') codes.add(code);
      }
    }
  }
  return [...codes].sort();
}

describe('every error code the server declares', () => {
  const declared = serverErrorCodes();

  it('finds the codes of every server module', () => {
    expect(declared.length).toBeGreaterThan(90);
    expect(declared).toContain('users.privileged_account');
    expect(declared).toContain('cycles.precondition_failed');
    expect(declared).toContain('request.invalid');
  });

  it('is known to the app, and the app knows no code the server does not declare', () => {
    const known = new Set<string>(KNOWN_ERROR_CODES);
    expect(declared.filter((code) => !known.has(code))).toEqual([]);
    expect(KNOWN_ERROR_CODES.filter((code) => !declared.includes(code) && !CLIENT_ONLY_CODES.includes(code))).toEqual(
      [],
    );
  });

  it('has a message in Japanese and in English', () => {
    for (const code of [...declared, ...CLIENT_ONLY_CODES]) {
      for (const [name, messages] of Object.entries({ ja, en })) {
        const message = lookup(messages, `errors.${code}`);
        expect(typeof message, `${name}: errors.${code}`).toBe('string');
        expect(String(message).trim(), `${name}: errors.${code}`).not.toBe('');
      }
    }
  });
});
