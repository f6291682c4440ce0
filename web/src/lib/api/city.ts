import type {
  CityResponse,
  CreateDistrictBody,
  District,
  DistrictList,
  UpdateCityBody,
  UpdateDistrictBody,
} from '@pb/shared';
import { apiRequest, apiSend } from './client.js';

export function fetchCity(): Promise<CityResponse> {
  return apiRequest<CityResponse>('/api/city');
}

export function updateCity(body: UpdateCityBody): Promise<CityResponse> {
  return apiSend<CityResponse>('PATCH', '/api/city', body);
}

export function fetchDistricts(): Promise<DistrictList> {
  return apiRequest<DistrictList>('/api/city/districts');
}

export function createDistrict(body: CreateDistrictBody): Promise<District> {
  return apiSend<District>('POST', '/api/city/districts', body);
}

export function updateDistrict(districtId: string, body: UpdateDistrictBody): Promise<District> {
  return apiSend<District>('PATCH', `/api/city/districts/${encodeURIComponent(districtId)}`, body);
}

/** Refused with 409 city.district_in_use once residents, census entries or codes refer to it. */
export function deleteDistrict(districtId: string): Promise<void> {
  return apiSend<undefined>('DELETE', `/api/city/districts/${encodeURIComponent(districtId)}`);
}
