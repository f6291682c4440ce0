import { describe, expect, it } from 'vitest';
import { buildElection } from './election.js';
import { createTieBreaker } from './tie-breaking.js';

const election = buildElection({
  voteType: 'approval',
  budget: '100',
  projects: [
    { id: '9', cost: '30' },
    { id: '10', cost: '20' },
    { id: 'A', cost: '20' },
    { id: 'B', cost: '50' },
  ],
  ballots: [{ projects: ['A'] }, { projects: ['A', '10'] }, { projects: ['B'] }],
});

describe('tie-break orders', () => {
  it('id: plain string order, so "10" comes before "9"', () => {
    expect(createTieBreaker(election, 'id').order).toEqual(['10', '9', 'A', 'B']);
  });

  it('cost-votes-id: lower cost, then more votes, then id', () => {
    expect(createTieBreaker(election, 'cost-votes-id').order).toEqual(['A', '10', '9', 'B']);
  });

  it('lottery: the same seed draws the same order, and a seed is required', () => {
    const first = createTieBreaker(election, 'lottery', 7);
    expect(createTieBreaker(election, 'lottery', 7).order).toEqual(first.order);
    expect([...first.order].sort()).toEqual(['10', '9', 'A', 'B']);
    const orders = new Set(
      [1, 2, 3, 4, 5, 6, 8, 9].map((seed) => createTieBreaker(election, 'lottery', seed).order.join()),
    );
    expect(orders.size).toBeGreaterThan(1);
    expect(first.seed).toBe(7);
    expect(() => createTieBreaker(election, 'lottery')).toThrow(/seed/);
  });
});
