import { describe, expect, it } from 'vitest';
import { negotiateLocale, isLocale } from './locales.js';

describe('negotiateLocale', () => {
  it('takes the first supported language of the browser list', () => {
    expect(negotiateLocale(['fr-FR', 'en-GB', 'ja'])).toBe('en');
    expect(negotiateLocale(['ja-JP', 'en'])).toBe('ja');
  });

  it('falls back to Japanese when no language is supported', () => {
    expect(negotiateLocale(['fr', 'de'])).toBe('ja');
    expect(negotiateLocale([])).toBe('ja');
  });
});

describe('isLocale', () => {
  it('accepts only the supported locale codes', () => {
    expect(isLocale('ja')).toBe(true);
    expect(isLocale('en')).toBe(true);
    expect(isLocale('EN')).toBe(false);
    expect(isLocale(undefined)).toBe(false);
  });
});
