import { describe, expect, it } from 'vitest';
import { localDateTimeNow } from './format.js';

describe('local date and time', () => {
  it("gives the city's wall-clock time in the form schedules use", () => {
    const instant = new Date('2027-03-31T23:30:00Z');
    expect(localDateTimeNow('Asia/Tokyo', instant)).toBe('2027-04-01T08:30');
    expect(localDateTimeNow('Europe/Warsaw', instant)).toBe('2027-04-01T01:30');
  });
});
