import { describe, expect, it } from 'vitest';
import { PROPOSAL_CATEGORIES } from '@pb/shared';
import { readFileSync } from 'node:fs';
import {
  CATEGORY_NAMES,
  SEARCH_TRANSLATE_FROM,
  SEARCH_TRANSLATE_TO,
  categoriesNamedBy,
  searchForm,
} from './proposals.search.js';

interface Catalogue {
  categories: Record<string, string>;
}
const catalogue = (language: string): Catalogue =>
  JSON.parse(
    readFileSync(new URL(`../../../../web/src/lib/i18n/${language}.json`, import.meta.url), 'utf8'),
  ) as Catalogue;
const ja = catalogue('ja');
const en = catalogue('en');

/** What `translate()` does in SQL, to check the two sides agree. */
function translate(text: string): string {
  const from = Array.from(SEARCH_TRANSLATE_FROM);
  const to = Array.from(SEARCH_TRANSLATE_TO);
  return Array.from(text)
    .map((character) => to[from.indexOf(character)] ?? character)
    .join('');
}

describe('proposal search forms', () => {
  it('brings hiragana, katakana, full-width and half-width spellings to one form', () => {
    expect(searchForm('こうえん')).toBe('コウエン');
    expect(searchForm('コウエン')).toBe('コウエン');
    expect(searchForm('ｺｳｴﾝ')).toBe('コウエン');
    expect(searchForm('ベンチ')).toBe(searchForm('べんち'));
    expect(searchForm('ＯＡＫ')).toBe('OAK');
    expect(searchForm('公園')).toBe('公園');
  });

  it('maps the stored text in SQL the same way as the query in Node, one character for one', () => {
    expect(Array.from(SEARCH_TRANSLATE_FROM)).toHaveLength(Array.from(SEARCH_TRANSLATE_TO).length);
    expect(translate('中央こうえんＯＡＫ１００％')).toBe('中央コウエンOAK100%');
    expect(translate('きゃっしゅ')).toBe(searchForm('きゃっしゅ'));
  });

  it('finds the categories a query names, in Japanese or English, and none for one letter', () => {
    expect(categoriesNamedBy('公園')).toEqual(['parks']);
    expect(categoriesNamedBy('parks')).toEqual(['parks']);
    expect(categoriesNamedBy('Park')).toEqual(['parks']);
    expect(categoriesNamedBy('すぽーつ')).toEqual(['sport']);
    expect(categoriesNamedBy('防災')).toEqual(['safety']);
    expect(categoriesNamedBy('p')).toEqual([]);
    expect(categoriesNamedBy('ベンチ')).toEqual([]);
  });

  it('uses the category names the app shows', () => {
    for (const category of PROPOSAL_CATEGORIES) {
      expect(CATEGORY_NAMES[category]).toEqual({ ja: ja.categories[category], en: en.categories[category] });
    }
  });
});
