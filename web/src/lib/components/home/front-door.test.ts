import type { Cycle, CurrentUser, MyVotingStatus } from '@pb/shared';
import { describe, expect, it } from 'vitest';
import { defaultProposalCycle, frontDoorCycles, hasVoted, isPast, visitorAction } from './front-door.js';

const cycle = (id: string, phase: Cycle['phase']) => ({ id, phase, requiresVerification: true }) as Cycle;
const user = (verified: boolean) => ({ verification: { verified } }) as CurrentUser;
const status = (...districts: { eligible: boolean; voted: boolean }[]) => ({ districts }) as MyVotingStatus;

describe('which cycles the home page leads with', () => {
  it('running cycles, never drafts nor past ones', () => {
    const list = [cycle('a', 'draft'), cycle('b', 'voting'), cycle('c', 'published'), cycle('d', 'submission')];
    expect(frontDoorCycles(list).map((entry) => entry.id)).toEqual(['b', 'd']);
  });

  it('the latest published cycle when none is running', () => {
    const list = [cycle('a', 'draft'), cycle('b', 'closed'), cycle('c', 'published'), cycle('d', 'published')];
    expect(frontDoorCycles(list).map((entry) => entry.id)).toEqual(['c']);
    expect(frontDoorCycles([cycle('a', 'draft')])).toEqual([]);
  });

  it('published and closed cycles are past', () => {
    expect(
      ['submission', 'voting', 'tallying', 'published', 'closed'].map((phase) => isPast(phase as Cycle['phase'])),
    ).toEqual([false, false, false, true, true]);
  });

  it('the proposals page opens on the cycle taking proposals first', () => {
    expect(defaultProposalCycle([cycle('a', 'voting'), cycle('b', 'submission')])?.id).toBe('b');
    expect(defaultProposalCycle([cycle('a', 'draft'), cycle('b', 'closed')])?.id).toBe('b');
  });
});

describe('the one action for the visitor', () => {
  it('anonymous visitors are asked to sign in to vote or to propose', () => {
    expect(visitorAction(cycle('a', 'voting'), undefined, undefined)).toBe('signInToVote');
    expect(visitorAction(cycle('a', 'submission'), undefined, undefined)).toBe('signInToPropose');
  });

  it('signed-in residents who are not verified are sent to verify', () => {
    expect(visitorAction(cycle('a', 'voting'), user(false), undefined)).toBe('verify');
    expect(visitorAction({ phase: 'voting', requiresVerification: false }, user(false), undefined)).toBe('vote');
  });

  it('verified residents propose or vote, and see that they voted once they have', () => {
    expect(visitorAction(cycle('a', 'submission'), user(true), undefined)).toBe('propose');
    expect(visitorAction(cycle('a', 'voting'), user(true), status({ eligible: true, voted: false }))).toBe('vote');
    expect(visitorAction(cycle('a', 'voting'), user(true), status({ eligible: true, voted: true }))).toBe('voted');
  });

  it('everyone is shown the results of a published cycle; review and tallying have no action', () => {
    expect(visitorAction(cycle('a', 'published'), undefined, undefined)).toBe('results');
    expect(visitorAction(cycle('a', 'review'), user(true), undefined)).toBeUndefined();
    expect(visitorAction(cycle('a', 'tallying'), user(true), undefined)).toBeUndefined();
  });

  it('a vote in one of two districts where the resident may vote is not yet done', () => {
    expect(hasVoted(status({ eligible: true, voted: true }, { eligible: true, voted: false }))).toBe(false);
    expect(hasVoted(status({ eligible: false, voted: false }))).toBe(false);
    expect(hasVoted(status({ eligible: false, voted: true }, { eligible: false, voted: false }))).toBe(true);
  });
});
