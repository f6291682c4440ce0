import { describe, expect, it } from 'vitest';
import { EMPTY_FILTERS, readFilters, toSearch, writeFilters } from './proposal-search.js';

const KITA = '0b8f1a52-3c4d-4e5f-8a9b-0c1d2e3f4a5b';

describe('proposal filters in the address', () => {
  it('round-trip through the query string, leaving out what is not set', () => {
    const filters = { q: ' ベンチ ', district: KITA, category: 'parks', status: '', sort: 'cost' } as const;
    const text = writeFilters(filters, 20);
    expect(text).toBe(`?q=%E3%83%99%E3%83%B3%E3%83%81&district=${KITA}&category=parks&sort=cost&offset=20`);
    expect(readFilters(text)).toEqual({ filters: { ...filters, q: 'ベンチ' }, offset: 20 });
    expect(writeFilters(EMPTY_FILTERS, 0)).toBe('');
  });

  it('ignores values the list does not know', () => {
    expect(readFilters('?category=moon&sort=loudest&offset=-5&district=x')).toEqual({
      filters: EMPTY_FILTERS,
      offset: 0,
    });
  });

  it('asks the API only for the filters that are set', () => {
    expect(toSearch({ ...EMPTY_FILTERS, q: '  ' }, 0, 20)).toEqual({ sort: 'newest', limit: 20, offset: 0 });
    expect(toSearch({ ...EMPTY_FILTERS, status: 'feasible' }, 40, 20)).toEqual({
      status: 'feasible',
      sort: 'newest',
      limit: 20,
      offset: 40,
    });
  });
});
