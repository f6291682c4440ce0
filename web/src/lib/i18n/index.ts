import { addMessages, init, locale } from 'svelte-i18n';
import { DEFAULT_LOCALE, isLocale, negotiateLocale, type Locale } from '@pb/shared';
import en from './en.json';
import ja from './ja.json';

export { _, locale } from 'svelte-i18n';

const STORAGE_KEY = 'pb.locale';

/** Both dictionaries have the same keys; a unit test keeps them so. */
export const MESSAGES: Record<Locale, typeof en> = { ja, en };

function readStoredLocale(): Locale | undefined {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    return isLocale(stored) ? stored : undefined;
  } catch {
    return undefined; // Storage can be disabled (private mode, strict settings).
  }
}

export function initialLocale(): Locale {
  return (
    readStoredLocale() ?? negotiateLocale(navigator.languages.length > 0 ? navigator.languages : [navigator.language])
  );
}

/** Registers both languages, picks the remembered or the browser's one, and keeps `<html lang>` in step. */
export function setupI18n(): void {
  addMessages('ja', ja);
  addMessages('en', en);
  void init({ fallbackLocale: DEFAULT_LOCALE, initialLocale: initialLocale() });
  locale.subscribe((value) => {
    if (isLocale(value)) document.documentElement.lang = value;
  });
}

export function changeLocale(next: Locale): void {
  void locale.set(next);
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // Not remembered, but the switch still applies to this visit.
  }
}
