import type { BulletinPage, ExportManifest, ParticipationStatistics } from '@pb/shared';
import { apiRequest } from './client.js';

function cyclePath(cycleId: string): `/api/${string}` {
  return `/api/cycles/${encodeURIComponent(cycleId)}`;
}

/** One page of the bulletin board, after the last ballot id of the previous page. */
export function fetchBulletin(
  cycleId: string,
  options: { after?: string; districtId?: string; limit?: number } = {},
): Promise<BulletinPage> {
  const query = new URLSearchParams();
  if (options.districtId !== undefined) query.set('districtId', options.districtId);
  if (options.after !== undefined) query.set('after', options.after);
  if (options.limit !== undefined) query.set('limit', String(options.limit));
  const search = query.toString();
  return apiRequest<BulletinPage>(`${cyclePath(cycleId)}/bulletin${search === '' ? '' : `?${search}`}`);
}

/** The list of export files with their hashes, funded projects and the rules. */
export function fetchManifest(cycleId: string): Promise<ExportManifest> {
  return apiRequest<ExportManifest>(manifestUrl(cycleId));
}

export function manifestUrl(cycleId: string): `/api/${string}` {
  return `${cyclePath(cycleId)}/exports/manifest.json`;
}

/** The district's canonical .pb file, for a plain download link. */
export function exportFileUrl(cycleId: string, districtId: string): `/api/${string}` {
  return `${cyclePath(cycleId)}/exports/${encodeURIComponent(districtId)}.pb`;
}

/** Participation by district, channel, day and age band (small counts arrive as "< 10"). */
export function fetchStatistics(cycleId: string): Promise<ParticipationStatistics> {
  return apiRequest<ParticipationStatistics>(`${cyclePath(cycleId)}/statistics`);
}
