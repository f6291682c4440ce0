import { describe, expect, it } from 'vitest';
import { formatDay, localizedText } from './progress.js';

describe('progress texts', () => {
  it('shows the current language, falls back to the other one with its lang, or nothing', () => {
    expect(localizedText('着工', 'Started', 'ja')).toEqual({ text: '着工', lang: undefined });
    expect(localizedText('着工', 'Started', 'en')).toEqual({ text: 'Started', lang: undefined });
    expect(localizedText('着工', '', 'en')).toEqual({ text: '着工', lang: 'ja' });
    expect(localizedText('', 'Started', 'ja')).toEqual({ text: 'Started', lang: 'en' });
    expect(localizedText('', '', 'ja')).toEqual({ text: '', lang: undefined });
  });

  it('formats a milestone day as that calendar day in any time zone', () => {
    expect(formatDay('2027-04-01', 'en')).toBe('April 1, 2027');
    expect(formatDay('2027-04-01', 'ja')).toBe('2027年4月1日');
    expect(formatDay('soon', 'en')).toBe('soon');
  });
});
