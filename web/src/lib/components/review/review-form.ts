import type { Proposal, ProposalSummary, ReviewProposalBody } from '@pb/shared';
import { moneyInputValue, parseMoney } from '../../money.js';
import { checkLength, type Check } from '../../validation.js';

export type ReviewField = 'status' | 'cost' | 'mergeInto' | 'reason';
export type ReviewChoice = 'unchanged' | 'feasible' | 'infeasible';

export interface ReviewValues {
  status: ReviewChoice;
  cost: string;
  ballotEligible: boolean;
  mergeInto: string;
  reason: string;
}

export function reviewValues(proposal: ProposalSummary | Proposal, digits: number): ReviewValues {
  return {
    status: 'unchanged',
    cost: moneyInputValue(proposal.cost ?? proposal.estimatedCost, digits),
    ballotEligible: proposal.ballotEligible,
    mergeInto: '',
    reason: '',
  };
}

export function checkReview(values: ReviewValues, digits: number): [ReviewField, Check][] {
  const cost = values.cost.trim();
  return [
    ['cost', cost !== '' && parseMoney(cost, digits) === undefined ? 'validation.moneyInvalid' : undefined],
    ['reason', checkLength(values.reason, 3, 2000)],
  ];
}

/** Only the decisions that change something, with the public reason; undefined when nothing does. */
export function toReviewBody(
  values: ReviewValues,
  proposal: ProposalSummary,
  digits: number,
): ReviewProposalBody | undefined {
  const body: ReviewProposalBody = { reason: values.reason.trim() };
  if (values.status !== 'unchanged' && values.status !== proposal.status) body.status = values.status;
  const cost = parseMoney(values.cost.trim(), digits);
  if (cost !== undefined && cost !== proposal.cost) body.cost = cost;
  if (values.ballotEligible !== proposal.ballotEligible) body.ballotEligible = values.ballotEligible;
  if (values.mergeInto !== '') body.mergeInto = values.mergeInto;
  return Object.keys(body).length > 1 ? body : undefined;
}
