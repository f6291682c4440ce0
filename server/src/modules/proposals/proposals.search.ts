import { PROPOSAL_CATEGORIES, type ProposalCategory } from '@pb/shared';

/**
 * How the proposal search reads a query. Residents type the same word as こうえん, コウエン or
 * ｺｳｴﾝ, in full-width or half-width letters, and look for a theme by its name (公園, "parks"), so
 * both the query and the searched text are brought to one form: NFKC (width, compatibility
 * characters) and katakana for hiragana. The text side is done in SQL with `translate()`, which
 * PostgreSQL and PGlite both have, one character for one character.
 */

const HIRAGANA_FIRST = 0x3041;
const HIRAGANA_LAST = 0x3096;
const KATAKANA_OFFSET = 0x60;

function charRange(first: number, last: number, shift = 0): string {
  let text = '';
  for (let code = first; code <= last; code += 1) text += String.fromCharCode(code + shift);
  return text;
}

/** Characters the SQL side maps one for one: hiragana to katakana, full-width ASCII to ASCII. */
export const SEARCH_TRANSLATE_FROM = `${charRange(HIRAGANA_FIRST, HIRAGANA_LAST)}${charRange(0xff01, 0xff5e)}\u3000`;
export const SEARCH_TRANSLATE_TO = `${charRange(HIRAGANA_FIRST, HIRAGANA_LAST, KATAKANA_OFFSET)}${charRange(0x21, 0x7e)} `;

/** A query in the form the searched text is brought to (NFKC, hiragana as katakana). */
export function searchForm(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u3041-\u3096]/g, (character) => String.fromCharCode(character.charCodeAt(0) + KATAKANA_OFFSET))
    .trim();
}

/**
 * Category names as the app shows them (web/src/lib/i18n `categories`), in Japanese and English.
 * A unit test keeps them equal to the web's.
 */
export const CATEGORY_NAMES: Record<ProposalCategory, { ja: string; en: string }> = {
  parks: { ja: '公園・緑地', en: 'Parks and green spaces' },
  streets: { ja: '道路・交通', en: 'Streets and transport' },
  culture: { ja: '文化', en: 'Culture' },
  sport: { ja: 'スポーツ', en: 'Sport' },
  education: { ja: '教育', en: 'Education' },
  environment: { ja: '環境', en: 'Environment' },
  welfare: { ja: '福祉', en: 'Welfare' },
  safety: { ja: '安全・防災', en: 'Safety' },
  other: { ja: 'その他', en: 'Other' },
};

function nameWords(category: ProposalCategory): string[] {
  const { ja, en } = CATEGORY_NAMES[category];
  return [ja, ...ja.split('・'), ...en.split(/[^A-Za-z]+/)]
    .map((word) => searchForm(word).toLowerCase())
    .filter((word) => word !== '' && word !== 'and');
}

/**
 * The categories whose name the query names: a word of the Japanese or English name starts with it
 * (公園 → parks, "park" → parks, スポーツ → sport). One-letter queries name none.
 */
export function categoriesNamedBy(query: string): ProposalCategory[] {
  const wanted = searchForm(query).toLowerCase();
  if (Array.from(wanted).length < 2) return [];
  return PROPOSAL_CATEGORIES.filter((category) => nameWords(category).some((word) => word.startsWith(wanted)));
}
