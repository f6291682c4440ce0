import { describe, expect, it } from 'vitest';
import { nextPathFromLocation, safeNextPath } from './next-path.js';

describe('the page to return to after signing in', () => {
  it('is a path of this site', () => {
    expect(safeNextPath('/staff/census')).toBe('/staff/census');
    expect(nextPathFromLocation('?next=%2Fprofile')).toBe('/profile');
  });

  it('falls back when missing', () => {
    expect(safeNextPath(null)).toBe('/');
    expect(nextPathFromLocation('', '/profile')).toBe('/profile');
  });

  it('never leads to another site', () => {
    for (const value of [
      'https://evil.example/',
      '//evil.example',
      '/\\evil.example',
      'javascript:alert(1)',
      '/ok\\..',
    ]) {
      expect(safeNextPath(value), value).toBe('/');
    }
  });
});
