import { describe, expect, it } from 'vitest';
import { detailText, readAuditFilters, writeAuditFilters } from './audit-filters.js';

const ACTOR = '0b9b7f3e-8d1c-4c55-9a57-1d2e3f4a5b6c';

describe('audit log filters in the address', () => {
  it('survive a round trip through the query string', () => {
    const filters = { action: 'cycle.', actorId: ACTOR, role: 'staff' as const, from: '2026-04-01', to: '2026-04-30' };
    const search = writeAuditFilters(filters, 120);
    expect(search).toBe(`?action=cycle.&actor=${ACTOR}&role=staff&from=2026-04-01&to=2026-04-30&before=120`);
    expect(readAuditFilters(search)).toEqual({ filters: { ...filters, subjectId: undefined }, before: 120 });
  });

  it('ignore malformed values instead of sending them to the server', () => {
    expect(readAuditFilters('?actor=nobody&role=king&from=yesterday&before=-3')).toEqual({
      filters: {
        action: undefined,
        actorId: undefined,
        role: undefined,
        subjectId: undefined,
        from: undefined,
        to: undefined,
      },
      before: undefined,
    });
    expect(writeAuditFilters({}, undefined)).toBe('');
  });
});

describe('audit details as words', () => {
  it('joins lists and spells out nested records', () => {
    expect(detailText(['admin', 'staff'])).toBe('admin, staff');
    expect(detailText({ from: 'draft', to: 'submission' })).toBe('from: draft; to: submission');
    expect(detailText(null)).toBe('—');
    expect(detailText(3)).toBe('3');
  });
});
