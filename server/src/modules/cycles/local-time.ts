import { TZDate } from '@date-fns/tz';

/**
 * "2027-05-01T09:00" in the city's time zone → the instant; undefined for a date that does not
 * exist (31 April, or a time skipped by a daylight-saving change).
 */
export function localToInstant(local: string, timeZone: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (match === null) return undefined;
  const [year, month, day, hours, minutes] = match.slice(1).map(Number) as [number, number, number, number, number];
  const instant = new TZDate(year, month - 1, day, hours, minutes, timeZone);
  return instantToLocal(instant, timeZone) === local ? new Date(instant.getTime()) : undefined;
}

/** The instant as "YYYY-MM-DDTHH:mm" in the city's time zone. */
export function instantToLocal(instant: Date, timeZone: string): string {
  const zoned = new TZDate(instant.getTime(), timeZone);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${String(zoned.getFullYear())}-${pad(zoned.getMonth() + 1)}-${pad(zoned.getDate())}T${pad(zoned.getHours())}:${pad(zoned.getMinutes())}`;
}
