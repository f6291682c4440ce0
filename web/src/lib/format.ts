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
