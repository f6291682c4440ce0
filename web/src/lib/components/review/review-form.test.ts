import type { ProposalSummary } from '@pb/shared';
import { describe, expect, it } from 'vitest';
import { checkReview, reviewValues, toReviewBody } from './review-form.js';

const proposal = {
  id: '00000000-0000-4000-8000-000000000001',
  status: 'submitted',
  estimatedCost: 1_500_000,
  cost: null,
  ballotEligible: false,
} as ProposalSummary;

describe('the staff review form', () => {
  it('starts from the estimated cost and asks for a public reason', () => {
    const values = reviewValues(proposal, 0);
    expect(values.cost).toBe('1500000');
    expect(checkReview(values, 0)).toContainEqual(['reason', 'validation.required']);
  });

  it('sends only what changed, with the reason', () => {
    const values = { ...reviewValues(proposal, 0), status: 'feasible' as const, ballotEligible: true, reason: ' ok ' };
    expect(toReviewBody(values, proposal, 0)).toEqual({
      reason: 'ok',
      status: 'feasible',
      cost: 1_500_000,
      ballotEligible: true,
    });
  });

  it('has nothing to send when no decision changes', () => {
    const values = { ...reviewValues({ ...proposal, cost: 1_500_000 }, 0), reason: 'no change' };
    expect(toReviewBody(values, { ...proposal, cost: 1_500_000 }, 0)).toBeUndefined();
  });
});
