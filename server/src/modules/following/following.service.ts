import type { FollowResult } from '@pb/shared';
import type { Database } from '../../db/database.js';
import { AppError } from '../../errors.js';
import type { RequestAuth } from '../../plugins/app/access.js';
import { ProposalErrors } from '../proposals/proposals.errors.js';
import { findProposal } from '../proposals/proposals.repository.js';
import { followProposal, unfollowProposal } from './following.repository.js';

/** Anyone signed in follows any proposal they can see, in any phase; both ways are idempotent. */
export async function setFollow(
  db: Database,
  auth: RequestAuth,
  proposalId: string,
  follow: boolean,
): Promise<FollowResult> {
  const proposal = await findProposal(db, proposalId);
  const staff = auth.roles.includes('staff');
  if (proposal === undefined || (proposal.cyclePhase === 'draft' && !staff)) {
    throw new AppError(ProposalErrors.notFound);
  }
  if (follow) await followProposal(db, proposalId, auth.userId);
  else await unfollowProposal(db, proposalId, auth.userId);
  return { followedByMe: follow };
}
