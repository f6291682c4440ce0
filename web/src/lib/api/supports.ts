import type { FollowResult, SupportResult } from '@pb/shared';
import { apiSend } from './client.js';

/** Supports the proposal (true) or withdraws the support (false); both are idempotent. */
export function setSupport(proposalId: string, supported: boolean): Promise<SupportResult> {
  return apiSend<SupportResult>(
    supported ? 'PUT' : 'DELETE',
    `/api/proposals/${encodeURIComponent(proposalId)}/support`,
  );
}

export function setFollow(proposalId: string, follow: boolean): Promise<FollowResult> {
  return apiSend<FollowResult>(follow ? 'PUT' : 'DELETE', `/api/proposals/${encodeURIComponent(proposalId)}/follow`);
}
