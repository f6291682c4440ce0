/** Dates as people read them in the chosen language, in the city's time zone when known. */
export function formatDateTime(iso: string, locale: string | null | undefined, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale ?? undefined, {
    dateStyle: 'medium',
    timeStyle: 'short',
    ...(timeZone === undefined ? {} : { timeZone }),
  }).format(date);
}

export function formatNumber(value: number, locale: string | null | undefined): string {
  return new Intl.NumberFormat(locale ?? undefined).format(value);
}

/** The present moment as the city's clocks show it, in the `YYYY-MM-DDTHH:mm` form schedules use. */
export function localDateTimeNow(timeZone: string, now = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((entry) => entry.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}T${part('hour')}:${part('minute')}`;
}
