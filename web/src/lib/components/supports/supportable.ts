import type { Cycle, ProposalSummary } from '@pb/shared';

/** Whether a signed-in resident may press "support" now (the server checks their eligibility). */
export function supportOpen(
  cycle: Pick<Cycle, 'supportsEnabled' | 'phase'>,
  proposal: Pick<ProposalSummary, 'status' | 'hidden' | 'withdrawn'>,
  resident: boolean,
): boolean {
  return (
    resident &&
    cycle.supportsEnabled &&
    cycle.phase === 'submission' &&
    !proposal.hidden &&
    !proposal.withdrawn &&
    proposal.status !== 'merged'
  );
}
