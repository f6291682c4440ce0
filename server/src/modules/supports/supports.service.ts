import type { IneligibleReason, SupportResult } from '@pb/shared';
import type { Database } from '../../db/database.js';
import { AppError, type ErrorDefinition } from '../../errors.js';
import type { RequestAuth } from '../../plugins/app/access.js';
import { findVotingCycle, listVotingDistricts } from '../ballots/ballots.repository.js';
import { ineligibility, voterFromAuth } from '../ballots/ballots.voters.js';
import { ProposalErrors } from '../proposals/proposals.errors.js';
import { findProposal } from '../proposals/proposals.repository.js';
import { supportsNeeded } from '../proposals/proposals.service.js';
import { SupportErrors } from './supports.errors.js';
import { countSupports, deleteSupport, insertSupport } from './supports.repository.js';

const INELIGIBLE: Record<Exclude<IneligibleReason, 'not_voting'>, ErrorDefinition> = {
  verification_required: SupportErrors.verificationRequired,
  other_district: SupportErrors.districtNotEligible,
  too_young: SupportErrors.tooYoung,
  age_unknown: SupportErrors.ageUnknown,
};

/**
 * Supports (`supported`) or withdraws the support of the signed-in resident, during submission.
 * Who may support is who may vote in the proposal's district (the ballot's own check: census
 * verification, minimum age, district). Authors may support their own proposal, as in Decidim.
 * The cycle is held FOR SHARE, so submission cannot close under a support being written.
 */
export async function setSupport(
  db: Database,
  auth: RequestAuth,
  proposalId: string,
  supported: boolean,
): Promise<{ result: SupportResult; created: boolean }> {
  return db.transaction(async (tx) => {
    const proposal = await findProposal(tx, proposalId);
    if (proposal === undefined || proposal.cyclePhase === 'draft') throw new AppError(ProposalErrors.notFound);
    const cycle = await findVotingCycle(tx, proposal.cycleId, true);
    if (cycle === undefined) throw new AppError(ProposalErrors.notFound);
    if (!proposal.supportsEnabled) throw new AppError(SupportErrors.disabled);
    if (cycle.phase !== 'submission') throw new AppError(SupportErrors.closed);
    let created = false;
    if (supported) {
      if (proposal.withdrawnAt !== null || proposal.status === 'merged' || proposal.hiddenAt !== null) {
        throw new AppError(SupportErrors.notSupportable);
      }
      const district = (await listVotingDistricts(tx, cycle.id)).find((row) => row.districtId === proposal.districtId);
      if (district === undefined) throw new AppError(SupportErrors.districtNotEligible);
      const voter = await voterFromAuth(tx, auth, cycle.minimumAge !== null);
      const reason = ineligibility({ ...cycle, phase: 'voting', paperEntryClosedAt: null }, district, voter, 'online');
      if (reason !== null && reason !== 'not_voting') throw new AppError(INELIGIBLE[reason]);
      created = await insertSupport(tx, proposalId, auth.userId);
    } else {
      await deleteSupport(tx, proposalId, auth.userId);
    }
    const supportCount = await countSupports(tx, proposalId);
    return {
      created,
      result: { supportCount, supportedByMe: supported, supportsNeeded: supportsNeeded(proposal, supportCount) },
    };
  });
}
