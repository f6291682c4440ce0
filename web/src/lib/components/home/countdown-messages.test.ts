import { addMessages, format, init, unwrapFunctionStore } from 'svelte-i18n';
import { beforeAll, describe, expect, it } from 'vitest';
import en from '../../i18n/en.json';
import ja from '../../i18n/ja.json';

const t = unwrapFunctionStore(format);

beforeAll(async () => {
  addMessages('en', en);
  addMessages('ja', ja);
  await init({ fallbackLocale: 'en', initialLocale: 'en' });
});

describe('countdown messages', () => {
  it.each([
    ['voting', 1, 'Voting closes in 1 day'],
    ['voting', 3, 'Voting closes in 3 days'],
    ['submission', 1, 'Proposals close in 1 day'],
    ['review', 12, 'Voting opens in 12 days'],
    ['tallying', 2, 'Results are due in 2 days'],
  ])('English, %s with %i day(s): “%s”', (phase, days, expected) => {
    expect(t(`home.countdownDays.${phase}`, { locale: 'en', values: { days } })).toBe(expected);
  });

  it('Japanese counts days without plural forms', () => {
    expect(t('home.countdownDays.voting', { locale: 'ja', values: { days: 3 } })).toBe('投票締切まで あと3日');
    expect(t('home.countdownDays.voting', { locale: 'ja', values: { days: 1 } })).toBe('投票締切まで あと1日');
  });

  it('every phase with a countdown also says "today" in both languages', () => {
    for (const phase of ['submission', 'review', 'voting', 'tallying']) {
      for (const locale of ['en', 'ja']) {
        expect(t(`home.countdownToday.${phase}`, { locale })).not.toBe(`home.countdownToday.${phase}`);
      }
    }
    expect(t('home.countdownToday.voting', { locale: 'en' })).toBe('Voting closes today');
    expect(t('home.countdownToday.voting', { locale: 'ja' })).toBe('投票締切は今日です');
  });
});
