import type { GeoPoint } from '@pb/shared';

/** Coordinates as people read them aloud: five decimals, about a metre. */
export function formatPoint(
  point: GeoPoint,
  locale: string | null | undefined,
): { latitude: string; longitude: string } {
  const format = new Intl.NumberFormat(locale ?? 'ja', { minimumFractionDigits: 5, maximumFractionDigits: 5 });
  return { latitude: format.format(point.latitude), longitude: format.format(point.longitude) };
}

export function samePoint(a: GeoPoint | null, b: GeoPoint | null): boolean {
  return a?.latitude === b?.latitude && a?.longitude === b?.longitude;
}
