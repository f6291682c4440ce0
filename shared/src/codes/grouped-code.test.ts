import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CROCKFORD_ALPHABET, codeLengthForBits, encodeBase32, groupCode, normalizeCode } from './grouped-code.js';

describe('encodeBase32', () => {
  it('uses the 32 Crockford characters, without I, L, O or U', () => {
    expect(CROCKFORD_ALPHABET).toHaveLength(32);
    expect(new Set(CROCKFORD_ALPHABET).size).toBe(32);
    expect(CROCKFORD_ALPHABET).not.toMatch(/[ILOU]/);
  });

  it('encodes known values', () => {
    expect(encodeBase32(new Uint8Array([]))).toBe('');
    expect(encodeBase32(new Uint8Array([0]))).toBe('00');
    expect(encodeBase32(new Uint8Array([0xff]))).toBe('ZW');
    expect(encodeBase32(new TextEncoder().encode('foobar'))).toBe('CSQPYRK1E8');
  });

  it('writes one character per 5 bits, padding the last one', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const encoded = encodeBase32(bytes);
        expect(encoded).toHaveLength(Math.ceil((bytes.length * 8) / 5));
        for (const character of encoded) expect(CROCKFORD_ALPHABET).toContain(character);
      }),
    );
  });

  it('turns 10 random bytes into a 16-character code of 80 bits', () => {
    expect(codeLengthForBits(80)).toBe(16);
    expect(codeLengthForBits(81)).toBe(17);
    expect(encodeBase32(new Uint8Array(10).fill(0xa5))).toHaveLength(codeLengthForBits(80));
  });
});

describe('groupCode', () => {
  it('splits a code into groups of four joined by hyphens', () => {
    expect(groupCode('ABCDEFGHJKMNPQRS')).toBe('ABCD-EFGH-JKMN-PQRS');
    expect(groupCode('ABCDEF')).toBe('ABCD-EF');
    expect(groupCode('ABCD')).toBe('ABCD');
  });
});

describe('normalizeCode', () => {
  it('ignores case, spaces and hyphens of any kind', () => {
    expect(normalizeCode('abcd-efgh')).toBe('ABCDEFGH');
    expect(normalizeCode(' ab cd\tef gh ')).toBe('ABCDEFGH');
    expect(normalizeCode('ABCD‐EFGH—JKMNーPQRS')).toBe('ABCDEFGHJKMNPQRS');
  });

  it('reads full-width characters as their ASCII forms', () => {
    expect(normalizeCode('ＡＢ１２－ｃｄ')).toBe('AB12CD');
  });

  it('reads the letters people confuse with digits as those digits', () => {
    expect(normalizeCode('O0o-I1i-L1l')).toBe('000111111');
  });

  it('refuses characters that cannot be part of a code, and empty input', () => {
    expect(normalizeCode('ABCU')).toBeNull();
    expect(normalizeCode('AB*D')).toBeNull();
    expect(normalizeCode('')).toBeNull();
    expect(normalizeCode(' - - ')).toBeNull();
  });

  it('gives back the encoded code however a grouped code is typed in lower case', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 32 }), (bytes) => {
        const encoded = encodeBase32(bytes);
        expect(normalizeCode(groupCode(encoded).toLowerCase())).toBe(encoded);
      }),
    );
  });

  it('is idempotent on anything it accepts', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (typed) => {
        const once = normalizeCode(typed);
        if (once !== null) expect(normalizeCode(once)).toBe(once);
      }),
    );
  });
});
