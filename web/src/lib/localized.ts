import type { Locale } from '@pb/shared';

/** Picks the Japanese or English variant of a bilingual record such as `{ nameJa, nameEn }`. */
export function localizedName(record: { nameJa: string; nameEn: string }, locale: string | null | undefined): string {
  return (locale as Locale | undefined) === 'en' ? record.nameEn : record.nameJa;
}
