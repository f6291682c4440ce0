import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { approvalLimits, minimumSpend, pointLimits, rankLimit } from './validate-ballot.js';

describe('approvalLimits', () => {
  it('allows from one project up to every project when the rules set no limits', () => {
    expect(approvalLimits({ method: 'approval' }, 7)).toEqual({ minimum: 1, maximum: 7 });
  });

  it('uses the minimum and maximum the rules set', () => {
    expect(approvalLimits({ method: 'approval', minProjects: 2, maxProjects: 4 }, 7)).toEqual({
      minimum: 2,
      maximum: 4,
    });
  });

  it('never lets the minimum fall below one project, so an empty ballot is never enough', () => {
    expect(approvalLimits({ method: 'approval', minProjects: 0 }, 7).minimum).toBe(1);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 1000 }), (minProjects, count) => {
        expect(approvalLimits({ method: 'approval', minProjects }, count).minimum).toBe(Math.max(1, minProjects));
      }),
    );
  });
});

describe('pointLimits', () => {
  it('gives ten points, all of which may go to one project, when the rules set nothing', () => {
    expect(pointLimits({ method: 'cumulative' })).toEqual({ points: 10, perProject: 10 });
  });

  it('uses the points and the per-project maximum the rules set', () => {
    expect(pointLimits({ method: 'cumulative', points: 20, maxPointsPerProject: 5 })).toEqual({
      points: 20,
      perProject: 5,
    });
  });

  it('lets one project take at most all the points even if the per-project maximum is higher', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 1000 }), (points, perProject) => {
        const limits = pointLimits({ method: 'cumulative', points, maxPointsPerProject: perProject });
        expect(limits.points).toBe(points);
        expect(limits.perProject).toBe(perProject <= points ? perProject : points);
      }),
    );
  });
});

describe('rankLimit', () => {
  it('lets a voter rank every project when the rules set no maximum', () => {
    expect(rankLimit({ method: 'ranked' }, 6)).toBe(6);
  });

  it('uses a maximum smaller than the number of projects', () => {
    expect(rankLimit({ method: 'ranked', maxRanked: 3 }, 6)).toBe(3);
  });

  it('never lets a voter rank more projects than the ballot has', () => {
    expect(rankLimit({ method: 'ranked', maxRanked: 10 }, 4)).toBe(4);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 200 }), (maxRanked, count) => {
        const limit = rankLimit({ method: 'ranked', maxRanked }, count);
        expect(limit).toBeLessThanOrEqual(count);
        expect(limit).toBeLessThanOrEqual(maxRanked);
        expect(limit === count || limit === maxRanked).toBe(true);
      }),
    );
  });
});

describe('minimumSpend', () => {
  it('asks for nothing when the rules set no minimum-spend percentage', () => {
    expect(minimumSpend({ method: 'knapsack' }, 1_000_000)).toBe(0);
    expect(minimumSpend({ method: 'knapsack', minSpendPercent: 0 }, 1_000_000)).toBe(0);
  });

  it('takes the percentage of the budget', () => {
    expect(minimumSpend({ method: 'knapsack', minSpendPercent: 50 }, 1000)).toBe(500);
    expect(minimumSpend({ method: 'knapsack', minSpendPercent: 100 }, 1000)).toBe(1000);
  });

  it('rounds a fractional minimum up, so spending less than the percentage is never enough', () => {
    // 33% of 10 is 3.3: spending 3 is short of it, 4 is enough.
    expect(minimumSpend({ method: 'knapsack', minSpendPercent: 33 }, 10)).toBe(4);
  });

  it('is the least whole amount that reaches the percentage of the budget', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 1_000_000_000_000 }),
        (minSpendPercent, budget) => {
          const minimum = minimumSpend({ method: 'knapsack', minSpendPercent }, budget);
          expect(Number.isInteger(minimum)).toBe(true);
          expect(minimum * 100).toBeGreaterThanOrEqual(budget * minSpendPercent);
          expect((minimum - 1) * 100).toBeLessThan(budget * minSpendPercent);
        },
      ),
    );
  });
});
