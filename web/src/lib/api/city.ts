import type { CityResponse } from '@pb/shared';
import { apiRequest } from './client.js';

export function fetchCity(): Promise<CityResponse> {
  return apiRequest<CityResponse>('/api/city');
}
