import type { DistrictResult, ProjectResult } from '@pb/shared';
import { describe, expect, it } from 'vitest';
import {
  chartBars,
  explanationMessage,
  fundedProjects,
  resultsVisible,
  ruleMessages,
  sameAsGreedy,
  usedPercent,
} from './results.js';

const money = (amount: number) => `¥${String(Math.round(amount))}`;

function project(overrides: Partial<ProjectResult>): ProjectResult {
  return {
    proposalId: '00000000-0000-4000-8000-000000000001',
    number: 1,
    title: 'Benches',
    cost: 1000,
    votes: 3,
    score: 3,
    selected: true,
    withdrawn: false,
    selectedByGreedy: true,
    explanation: { reason: 'selected' },
    ...overrides,
  };
}

describe('explanations in plain words', () => {
  it('an equal-shares purchase names its round, its supporters and the largest payment', () => {
    const message = explanationMessage(
      project({
        explanation: {
          reason: 'selected',
          stage: 'mes',
          round: 2,
          payments: { supporters: 3, paidFullShare: 3, paidAllTheyHad: 0, maxPerVoter: 333.33, minPerVoter: 333.33 },
        },
      }),
      money,
    );
    expect(message).toEqual({
      key: 'results.explain.mesBought',
      values: { round: 2, supporters: 3, max: '¥333', all: 0 },
    });
  });

  it('says when some supporters paid all they had left', () => {
    const payments = { supporters: 4, paidFullShare: 2, paidAllTheyHad: 2, maxPerVoter: 300, minPerVoter: 100 };
    const message = explanationMessage(
      project({ explanation: { reason: 'selected', stage: 'mes', round: 1, payments } }),
      money,
    );
    expect(message.key).toBe('results.explain.mesBoughtSomeAll');
  });

  it('an unaffordable project names the money its supporters had left and the round', () => {
    const message = explanationMessage(
      project({
        selected: false,
        explanation: { reason: 'not_affordable', unaffordableInRound: 3, supportersMoney: 980 },
      }),
      money,
    );
    expect(message).toEqual({ key: 'results.explain.notAffordable', values: { money: '¥980', round: 3 } });
  });

  it('greedy: the rank and the money left, fitted or not', () => {
    expect(
      explanationMessage(
        project({ explanation: { reason: 'selected', stage: 'greedy', rank: 1, remainingBefore: 5000 } }),
        money,
      ),
    ).toEqual({ key: 'results.explain.greedyFitted', values: { rank: 1, remaining: '¥5000' } });
    expect(
      explanationMessage(
        project({ selected: false, explanation: { reason: 'did_not_fit', rank: 4, remainingBefore: 200 } }),
        money,
      ),
    ).toEqual({ key: 'results.explain.greedyDidNotFit', values: { rank: 4, remaining: '¥200' } });
  });

  it('falls back to a shorter sentence when the count did not record the figures', () => {
    expect(explanationMessage(project({ explanation: { reason: 'selected', stage: 'mes' } }), money).key).toBe(
      'results.explain.mesBoughtPlain',
    );
    expect(explanationMessage(project({ explanation: { reason: 'not_affordable' } }), money).key).toBe(
      'results.explain.notAffordablePlain',
    );
    expect(explanationMessage(project({ explanation: { reason: 'no_supporters' } }), money).key).toBe(
      'results.explain.noSupporters',
    );
  });
});

describe('district figures', () => {
  const district: DistrictResult = {
    districtId: '00000000-0000-4000-8000-0000000000aa',
    budget: 3000,
    used: 2000,
    leftover: 1000,
    greedyUsed: 3000,
    ballots: 5,
    ballotsSha256: 'a'.repeat(64),
    rules: {
      rule: 'mes',
      utility: 'cost',
      completion: 'add1',
      add1Stop: 'exhaustive',
      increment: '1',
      comparison: 'none',
      minVotes: 1,
      ties: 'cost-votes-id',
    },
    tiesMet: 0,
    computedAt: '2025-01-01T00:00:00.000Z',
    reconciliation: null,
    projects: [
      project({ title: 'A', cost: 1000, votes: 3 }),
      project({ title: 'B', cost: 1000, votes: 2, selectedByGreedy: false }),
      project({ title: 'C', cost: 2000, votes: 4, selected: false }),
    ],
  };

  it('lists the funded projects in the order sent and compares with greedy', () => {
    expect(fundedProjects(district).map((entry) => entry.title)).toEqual(['A', 'B']);
    expect(sameAsGreedy(district)).toBe(false);
  });

  it('scales the chart bars to the largest votes and cost', () => {
    expect(chartBars(district.projects).map((bar) => [bar.votesShare, bar.costShare])).toEqual([
      [0.75, 0.5],
      [0.5, 0.5],
      [1, 1],
    ]);
    expect(chartBars([project({ votes: 0, cost: 0 })])[0]).toMatchObject({ votesShare: 0, costShare: 0 });
  });

  it('gives the share of the budget used in whole percent', () => {
    expect(usedPercent(2000, 3000)).toBe(67);
    expect(usedPercent(0, 0)).toBe(0);
  });

  it('names the rule and its options', () => {
    expect(ruleMessages(district.rules).map((message) => message.key)).toEqual([
      'results.rules.rule.mes',
      'results.rules.utility.cost',
      'results.rules.completion.add1',
      'results.rules.minVotes',
      'results.rules.ties.cost-votes-id',
    ]);
  });

  it('offers results to everyone once published, to staff and auditors while tallying', () => {
    expect(resultsVisible('published', false)).toBe(true);
    expect(resultsVisible('closed', false)).toBe(true);
    expect(resultsVisible('tallying', false)).toBe(false);
    expect(resultsVisible('tallying', true)).toBe(true);
    expect(resultsVisible('voting', true)).toBe(false);
  });
});
