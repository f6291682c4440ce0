import type { Locale } from '@pb/shared';

/**
 * The text in the current language, or the other language's text (with its `lang`) when staff
 * wrote only one; empty when neither was written.
 */
export function localizedText(
  ja: string,
  en: string,
  locale: string | null | undefined,
): { text: string; lang: Locale | undefined } {
  const english = (locale as Locale | undefined) === 'en';
  const [wanted, other, otherLang] = english ? [en, ja, 'ja' as const] : [ja, en, 'en' as const];
  if (wanted !== '') return { text: wanted, lang: undefined };
  return { text: other, lang: other === '' ? undefined : otherLang };
}

/** A calendar day (YYYY-MM-DD) as people read it; the day itself, whatever the viewer's time zone. */
export function formatDay(day: string, locale: string | null | undefined): string {
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  return new Intl.DateTimeFormat(locale ?? undefined, { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}
