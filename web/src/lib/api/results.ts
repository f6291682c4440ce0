import type { AuditAnchor, CycleReconciliation, CycleResults, RecountReport } from '@pb/shared';
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

/** Counts the stored ballots again and compares (staff and auditors; writes nothing). */
export function recountResults(cycleId: string): Promise<RecountReport> {
  return apiSend<RecountReport>('POST', `${resultsPath(cycleId)}/recount`);
}

/** Where the cycle's export manifest is anchored in the audit chain (seen by whoever sees the results). */
export function fetchAuditAnchor(cycleId: string): Promise<AuditAnchor> {
  return apiRequest<AuditAnchor>(`${resultsPath(cycleId)}/audit-anchor`);
}

/** Ballots against participations per district, and whether the count stopped on a mismatch. */
export function fetchReconciliation(cycleId: string): Promise<CycleReconciliation> {
  return apiRequest<CycleReconciliation>(`/api/cycles/${encodeURIComponent(cycleId)}/reconciliation`);
}
