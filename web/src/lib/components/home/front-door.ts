import type { Cycle, CurrentUser, MyVotingStatus, Phase } from '@pb/shared';

/** Phases in which something is happening that residents can follow. */
export const LIVE_PHASES: readonly Phase[] = ['submission', 'review', 'voting', 'tallying'];

/** Past cycles: their results are out (or they are archived). */
export function isPast(phase: Phase): boolean {
  return phase === 'published' || phase === 'closed';
}

/** What the home page leads with: the running cycles, or else the latest published one. Input is newest first. */
export function frontDoorCycles(cycles: readonly Cycle[]): Cycle[] {
  const live = cycles.filter((cycle) => LIVE_PHASES.includes(cycle.phase));
  if (live.length > 0) return live;
  const published = cycles.find((cycle) => cycle.phase === 'published');
  return published === undefined ? [] : [published];
}

/** The cycle the proposals page opens on: the one taking proposals, else voting, else the newest public one. */
export function defaultProposalCycle(cycles: readonly Cycle[]): Cycle | undefined {
  const visible = cycles.filter((cycle) => cycle.phase !== 'draft');
  for (const phase of ['submission', 'review', 'voting', 'tallying', 'published'] as const) {
    const found = visible.find((cycle) => cycle.phase === phase);
    if (found !== undefined) return found;
  }
  return visible[0];
}

export type VisitorAction =
  'propose' | 'vote' | 'voted' | 'results' | 'signInToVote' | 'signInToPropose' | 'verify' | undefined;

/**
 * The one thing this visitor can do next in this cycle. `status` is the visitor's voting status
 * in a voting cycle (undefined while unknown or not signed in).
 */
export function visitorAction(
  cycle: Pick<Cycle, 'phase' | 'requiresVerification'>,
  user: CurrentUser | undefined,
  status: MyVotingStatus | undefined,
): VisitorAction {
  if (cycle.phase === 'published') return 'results';
  if (cycle.phase !== 'voting' && cycle.phase !== 'submission') return undefined;
  if (user === undefined) return cycle.phase === 'voting' ? 'signInToVote' : 'signInToPropose';
  if (cycle.requiresVerification && !user.verification.verified) return 'verify';
  if (cycle.phase === 'submission') return 'propose';
  return hasVoted(status) ? 'voted' : 'vote';
}

/** Voted where the visitor may vote, and at least once. */
export function hasVoted(status: MyVotingStatus | undefined): boolean {
  if (status === undefined) return false;
  const eligible = status.districts.filter((district) => district.eligible || district.voted);
  return eligible.length > 0 && eligible.every((district) => district.voted);
}
