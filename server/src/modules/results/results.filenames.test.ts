import { describe, expect, it } from 'vitest';
import { asciiSlug, exportFileName } from './results.filenames.js';

const cycle = {
  id: '1a2b3c4d-0000-4000-8000-000000000000',
  titleJa: '2026年度 みどり市',
  titleEn: 'Midori 2026 (spring)',
};

describe('export file names', () => {
  it('use the cycle title, a short id and the district, in ASCII and as UTF-8 for the Japanese name', () => {
    expect(exportFileName({ cycle, district: { slug: 'kita', nameJa: '北地区' } }, '.pb')).toBe(
      `attachment; filename="midori-2026-spring-1a2b3c4d-kita.pb"; filename*=UTF-8''${encodeURIComponent('2026年度 みどり市-北地区.pb')}`,
    );
    expect(exportFileName({ cycle }, 'results.csv')).toContain('filename="midori-2026-spring-1a2b3c4d-results.csv"');
  });

  it('fall back to "cycle" for a title without ASCII letters, and never pass on quotes or slashes', () => {
    const header = exportFileName({ cycle: { ...cycle, titleEn: '予算', titleJa: 'a"b/c' } }, 'votes.csv');
    expect(header).toContain('filename="cycle-1a2b3c4d-votes.csv"');
    expect(header).toContain(`filename*=UTF-8''a%20b%20c-votes.csv`);
    expect(asciiSlug('  Café — Nord!  ')).toBe('cafe-nord');
  });
});
