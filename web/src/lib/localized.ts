import type { Locale } from '@pb/shared';

/** Picks the Japanese or English variant of a bilingual record such as `{ nameJa, nameEn }`. */
export function localizedName(record: { nameJa: string; nameEn: string }, locale: string | null | undefined): string {
  return (locale as Locale | undefined) === 'en' ? record.nameEn : record.nameJa;
}

/** The title of a bilingual record such as a budget cycle, in the current language. */
export function localizedTitle(
  record: { titleJa: string; titleEn: string },
  locale: string | null | undefined,
): string {
  return (locale as Locale | undefined) === 'en' ? record.titleEn : record.titleJa;
}

export function localizedDescription(
  record: { descriptionJa: string; descriptionEn: string },
  locale: string | null | undefined,
): string {
  return (locale as Locale | undefined) === 'en' ? record.descriptionEn : record.descriptionJa;
}
