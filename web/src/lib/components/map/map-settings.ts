import type { MapSettings } from '@pb/shared';
import { cityState } from '../../state/city.svelte.js';

/** The city's map tiles, or null when none are configured (or the city is not loaded): then no map is shown. */
export function mapSettings(): MapSettings | null {
  return cityState.current.status === 'ready' ? cityState.current.city.map : null;
}
