import type { AuditAnchor, CycleReconciliation, CycleResults, RecountStatus } from '@pb/shared';
import { apiRequest, apiSend } from './client.js';

function resultsPath(cycleId: string): `/api/${string}` {
  return `/api/cycles/${encodeURIComponent(cycleId)}/results`;
}

/**
 * The count per district. 409 results.not_ready before the count has run; 403 results.not_public
 * during tallying for anyone but staff and auditors.
 */
export function fetchResults(cycleId: string): Promise<CycleResults> {
  return apiRequest<CycleResults>(resultsPath(cycleId));
}

/** Starts counting the stored ballots again, to compare (staff and auditors; writes no result). */
export function startRecount(cycleId: string): Promise<RecountStatus> {
  return apiSend<RecountStatus>('POST', `${resultsPath(cycleId)}/recount`);
}

/** The latest recount: running, or done with its report. */
export function fetchRecount(cycleId: string): Promise<RecountStatus> {
  return apiRequest<RecountStatus>(`${resultsPath(cycleId)}/recount`);
}

/** Where the cycle's export manifest is anchored in the audit chain (seen by whoever sees the results). */
export function fetchAuditAnchor(cycleId: string): Promise<AuditAnchor> {
  return apiRequest<AuditAnchor>(`${resultsPath(cycleId)}/audit-anchor`);
}

/** Ballots against participations per district, and whether the count stopped on a mismatch. */
export function fetchReconciliation(cycleId: string): Promise<CycleReconciliation> {
  return apiRequest<CycleReconciliation>(`/api/cycles/${encodeURIComponent(cycleId)}/reconciliation`);
}
