import { describe, expect, it } from 'vitest';
import { countdown, formatDay, nextDeadline, phaseDates } from './phase-dates.js';

const now = new Date('2027-05-01T00:00:00.000Z');
const hours = (count: number) => new Date(now.getTime() + count * 3_600_000).toISOString();

describe('countdown to the next deadline', () => {
  it('counts whole days left: 3 days and 5 hours reads as 3 days', () => {
    expect(countdown(hours(3 * 24 + 5), now)).toEqual({ kind: 'days', days: 3 });
  });

  it('exactly one day left is one day, just under is today', () => {
    expect(countdown(hours(24), now)).toEqual({ kind: 'days', days: 1 });
    expect(countdown(hours(23.9), now)).toEqual({ kind: 'today' });
  });

  it('a deadline that has passed gives no countdown', () => {
    expect(countdown(hours(0), now)).toBeUndefined();
    expect(countdown(hours(-2), now)).toBeUndefined();
    expect(countdown('not a date', now)).toBeUndefined();
  });
});

describe('phase dates', () => {
  const cycle = {
    phase: 'voting' as const,
    history: [
      { from: null, to: 'draft' as const, at: '2027-03-01T00:00:00.000Z', scheduled: false },
      { from: 'draft' as const, to: 'submission' as const, at: '2027-03-02T00:00:00.000Z', scheduled: false },
      { from: 'submission' as const, to: 'review' as const, at: '2027-04-01T00:00:00.000Z', scheduled: true },
      { from: 'review' as const, to: 'submission' as const, at: '2027-04-02T00:00:00.000Z', scheduled: false },
      { from: 'submission' as const, to: 'review' as const, at: '2027-04-03T00:00:00.000Z', scheduled: false },
      { from: 'review' as const, to: 'voting' as const, at: '2027-04-20T00:00:00.000Z', scheduled: false },
    ],
    plannedMoves: [{ to: 'tallying' as const, at: '2027-05-10T00:00:00.000Z', atLocal: '2027-05-10T09:00' }],
  };

  it('past phases take the last time the cycle entered them, the next one its planned move', () => {
    expect(phaseDates(cycle)).toEqual([
      { phase: 'submission', state: 'done', startsAt: '2027-04-02T00:00:00.000Z', planned: false },
      { phase: 'review', state: 'done', startsAt: '2027-04-03T00:00:00.000Z', planned: false },
      { phase: 'voting', state: 'current', startsAt: '2027-04-20T00:00:00.000Z', planned: false },
      { phase: 'tallying', state: 'upcoming', startsAt: '2027-05-10T00:00:00.000Z', planned: true },
      { phase: 'published', state: 'upcoming', startsAt: undefined, planned: false },
    ]);
  });

  it('the deadline is the planned move out of the current phase only', () => {
    expect(nextDeadline(cycle)?.to).toBe('tallying');
    expect(nextDeadline({ ...cycle, plannedMoves: [{ ...cycle.plannedMoves[0]!, to: 'published' }] })).toBeUndefined();
  });

  it("days are written in the city's time zone: 23:30 UTC is already the next day in Tokyo", () => {
    expect(formatDay('2027-05-09T23:30:00.000Z', 'en', 'Asia/Tokyo')).toBe('May 10, 2027');
    expect(formatDay('2027-05-09T23:30:00.000Z', 'ja', 'Asia/Tokyo')).toBe('2027年5月10日');
  });
});
