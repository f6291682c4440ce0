import type { CityResponse, District } from '@pb/shared';
import { fetchCity } from '../api/city.js';
import { localizedName } from '../localized.js';

type CityState = { status: 'loading' } | { status: 'ready'; city: CityResponse } | { status: 'failed' };

/** The city is fetched once per visit and shared by the header and the pages. */
export const cityState: { current: CityState } = $state({ current: { status: 'loading' } });

let started = false;

export function loadCity(): void {
  if (started) return;
  started = true;
  fetchCity()
    .then((city) => {
      cityState.current = { status: 'ready', city };
    })
    .catch(() => {
      cityState.current = { status: 'failed' };
      started = false;
    });
}

/** After staff changed the city or its districts, so the header and pages show the new names. */
export async function reloadCity(): Promise<void> {
  try {
    cityState.current = { status: 'ready', city: await fetchCity() };
  } catch {
    // Keep what is shown; the next visit loads it again.
  }
}

export function findDistrict(districtId: string | null | undefined): District | undefined {
  if (districtId === null || districtId === undefined || cityState.current.status !== 'ready') return undefined;
  return cityState.current.city.districts.find((district) => district.id === districtId);
}

/** The district's name in the current language, or its id when the city is not loaded yet. */
export function districtName(districtId: string | null | undefined, locale: string | null | undefined): string {
  const district = findDistrict(districtId);
  if (district !== undefined) return localizedName(district, locale);
  return districtId ?? '';
}

export function cityTimeZone(): string | undefined {
  return cityState.current.status === 'ready' ? cityState.current.city.timeZone : undefined;
}

/** ISO 4217 code of the city's currency; JPY until the city is loaded (the demo city's). */
export function cityCurrency(): string {
  return cityState.current.status === 'ready' ? cityState.current.city.currency : 'JPY';
}

/**
 * The server's English explanations name districts by id ("none yet in 5f0c…"); this puts their
 * English names in place of the ids people cannot read.
 */
export function withDistrictNames(text: string): string {
  return text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, (id) => {
    const district = findDistrict(id);
    return district === undefined ? id : district.nameEn;
  });
}
