import { describe, expect, it } from 'vitest';
import { instantToLocal, localToInstant } from './local-time.js';

describe('local times of the city', () => {
  it('reads a Tokyo wall-clock time as the instant nine hours earlier in UTC', () => {
    expect(localToInstant('2027-05-01T09:00', 'Asia/Tokyo')?.toISOString()).toBe('2027-05-01T00:00:00.000Z');
  });

  it('follows daylight saving time in cities that have it', () => {
    expect(localToInstant('2027-07-01T12:00', 'Europe/Warsaw')?.toISOString()).toBe('2027-07-01T10:00:00.000Z');
    expect(localToInstant('2027-01-15T12:00', 'Europe/Warsaw')?.toISOString()).toBe('2027-01-15T11:00:00.000Z');
  });

  it('refuses dates and times that do not exist', () => {
    expect(localToInstant('2027-04-31T09:00', 'Asia/Tokyo')).toBeUndefined();
    expect(localToInstant('2027-03-28T02:30', 'Europe/Warsaw')).toBeUndefined();
    expect(localToInstant('2027-05-01T24:00', 'Asia/Tokyo')).toBeUndefined();
  });

  it('writes an instant back as the local time it was read from', () => {
    const instant = localToInstant('2027-12-31T23:59', 'Asia/Tokyo');
    expect(instant === undefined ? undefined : instantToLocal(instant, 'Asia/Tokyo')).toBe('2027-12-31T23:59');
  });
});
