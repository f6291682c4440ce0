import type { CityResponse } from '@pb/shared';
import { fetchCity } from '../api/city.js';

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
