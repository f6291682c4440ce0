import { describe, expect, it } from 'vitest';
import { allocate } from './allocate.js';
import { buildElection } from './election.js';

describe('MES with Add1 in a small electorate with a budget in yen', () => {
  // Two voters back a project of ¥2,900,000: each holds ¥600,000 at first and needs ¥1,450,000,
  // so Add1 by ¥1 would take 850 000 steps to reach it.
  const election = buildElection({
    voteType: 'approval',
    budget: '3000000',
    projects: [
      { id: 'hall', cost: '2900000' },
      { id: 'benches', cost: '50000' },
    ],
    ballots: [
      { projects: ['hall'] },
      { projects: ['hall', 'benches'] },
      { projects: ['benches'] },
      { projects: ['benches'] },
      { projects: ['benches'] },
    ],
  });
  const costs: Record<string, number> = { hall: 2_900_000, benches: 50_000 };

  it('settles with an increment of ¥1 where 850 000 steps would be needed, spending within the budget and exhaustively', () => {
    const result = allocate(election, {
      rule: 'mes',
      utility: 'cost',
      completion: 'add1',
      minVotes: 1,
      ties: 'cost-votes-id',
    });
    expect(result.add1).toBeDefined();
    expect(Number(result.totalCost)).toBeLessThanOrEqual(3_000_000);
    // Exhaustive: nothing left out would still fit into what is left.
    const left = 3_000_000 - Number(result.totalCost);
    for (const [id, cost] of Object.entries(costs))
      if (!result.selected.includes(id)) expect(cost).toBeGreaterThan(left);
  });

  it('gives the same outcome as a coarse increment that needs few steps', () => {
    const fine = allocate(election, {
      rule: 'mes',
      utility: 'cost',
      completion: 'add1',
      minVotes: 1,
      ties: 'cost-votes-id',
    });
    const coarse = allocate(election, {
      rule: 'mes',
      utility: 'cost',
      completion: 'add1',
      increment: '50000',
      minVotes: 1,
      ties: 'cost-votes-id',
    });
    expect(fine.selected).toEqual(coarse.selected);
  });
});
