import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BallotRules } from '../cycles/cycles.schema.js';
import { validateBallot, type BallotProblem } from './validate-ballot.js';
import {
  codesOf,
  context,
  FIVE,
  idsWithSubset,
  idsWithSubsetAndCosts,
  picks,
  problemsOf,
  project,
} from './validate-ballot.fixtures.js';

describe('validateBallot: approval', () => {
  const rules: BallotRules = { method: 'approval', minProjects: 2, maxProjects: 3 };

  it('accepts a ballot with between the minimum and the maximum number of projects', () => {
    expect(validateBallot(picks('a', 'b'), context(rules, FIVE)).valid).toBe(true);
    expect(validateBallot(picks('a', 'b', 'c'), context(rules, FIVE)).valid).toBe(true);
  });

  it('refuses a ballot with fewer projects than the minimum', () => {
    expect(problemsOf(picks('a'), context(rules, FIVE))).toEqual([{ code: 'too_few_projects', minimum: 2, given: 1 }]);
  });

  it('refuses a ballot with more projects than the maximum', () => {
    expect(problemsOf(picks('a', 'b', 'c', 'd'), context(rules, FIVE))).toEqual([
      { code: 'too_many_projects', maximum: 3, given: 4 },
    ]);
  });

  it('refuses an empty ballot as empty even when the minimum is zero', () => {
    expect(problemsOf([], context({ method: 'approval', minProjects: 0 }, FIVE))).toEqual([{ code: 'empty' }]);
  });

  it('lets a voter approve every open project when no maximum is set, but not a withdrawn one too', () => {
    const projects = [...FIVE, project('w', 100, true)];
    expect(validateBallot(picks('a', 'b', 'c', 'd', 'e'), context({ method: 'approval' }, projects)).valid).toBe(true);
    expect(codesOf(picks('a', 'b', 'c', 'd', 'e', 'w'), context({ method: 'approval' }, projects))).toEqual([
      'withdrawn_project',
      'too_many_projects',
    ]);
  });

  it('ignores costs and the budget', () => {
    const expensive = FIVE.map((entry) => ({ ...entry, cost: 1_000_000 }));
    expect(validateBallot(picks('a', 'b', 'c'), context({ method: 'approval' }, expensive, 1)).valid).toBe(true);
  });

  it('accepts exactly the ballots of distinct open projects whose count is within the limits', () => {
    fc.assert(
      fc.property(
        idsWithSubset(1, 10),
        fc.option(fc.integer({ min: 0, max: 12 }), { nil: undefined }),
        fc.option(fc.integer({ min: 1, max: 12 }), { nil: undefined }),
        ([ids, chosen], minProjects, maxProjects) => {
          const approvalRules: BallotRules = { method: 'approval', minProjects, maxProjects };
          const projects = ids.map((id) => project(id));
          const minimum = Math.max(1, minProjects ?? 0);
          const maximum = maxProjects ?? ids.length;
          const expected: BallotProblem[] =
            chosen.length === 0
              ? [{ code: 'empty' }]
              : chosen.length < minimum
                ? [{ code: 'too_few_projects', minimum, given: chosen.length }]
                : chosen.length > maximum
                  ? [{ code: 'too_many_projects', maximum, given: chosen.length }]
                  : [];
          expect(problemsOf(picks(...chosen), context(approvalRules, projects))).toEqual(expected);
        },
      ),
    );
  });
});

describe('validateBallot: knapsack', () => {
  const rules: BallotRules = { method: 'knapsack' };

  it('accepts a ballot within the district budget', () => {
    expect(validateBallot(picks('a', 'c'), context(rules, FIVE, 1000)).valid).toBe(true);
  });

  it('accepts a ballot that spends exactly the district budget', () => {
    // 100 + 400 + 500
    expect(validateBallot(picks('a', 'd', 'e'), context(rules, FIVE, 1000)).valid).toBe(true);
  });

  it('refuses a knapsack ballot over the district budget', () => {
    // 200 + 400 + 500 = 1100
    expect(problemsOf(picks('b', 'd', 'e'), context(rules, FIVE, 1000))).toEqual([
      { code: 'over_budget', budget: 1000, total: 1100 },
    ]);
  });

  it('refuses a ballot one unit over the budget', () => {
    expect(codesOf(picks('a', 'd', 'e'), context(rules, FIVE, 999))).toEqual(['over_budget']);
  });

  it('has no limit on the number of projects, only on their cost', () => {
    const cheap = Array.from({ length: 30 }, (_, index) => project(`p${String(index)}`, 1));
    const all = picks(...cheap.map((entry) => entry.id));
    expect(validateBallot(all, context(rules, cheap, 30)).valid).toBe(true);
    expect(codesOf(all, context(rules, cheap, 29))).toEqual(['over_budget']);
  });

  it('refuses a ballot that spends less than the minimum-spend percentage of the budget', () => {
    const withMinimum: BallotRules = { method: 'knapsack', minSpendPercent: 50 };
    expect(problemsOf(picks('a', 'c'), context(withMinimum, FIVE, 1000))).toEqual([
      { code: 'under_minimum_spend', minimum: 500, total: 400 },
    ]);
  });

  it('accepts a ballot that spends exactly the minimum', () => {
    const withMinimum: BallotRules = { method: 'knapsack', minSpendPercent: 50 };
    expect(validateBallot(picks('a', 'd'), context(withMinimum, FIVE, 1000)).valid).toBe(true);
  });

  it('counts the cost of a withdrawn project towards the budget while refusing it', () => {
    const projects = [...FIVE, project('w', 900, true)];
    expect(codesOf(picks('a', 'w'), context(rules, projects, 1000))).toEqual(['withdrawn_project']);
  });

  it('accepts any set of projects whose costs add up to at most the budget and refuses any over it', () => {
    fc.assert(
      fc.property(
        idsWithSubsetAndCosts(1, 10, 10_000),
        fc.integer({ min: 0, max: 60_000 }),
        ([ids, chosen, costs], budget) => {
          fc.pre(chosen.length > 0);
          const projects = ids.map((id, index) => project(id, costs[index] ?? 0));
          const total = chosen.reduce((sum, id) => sum + costs[ids.indexOf(id)]!, 0);
          const problems = problemsOf(picks(...chosen), context(rules, projects, budget));
          if (total <= budget) expect(problems).toEqual([]);
          else expect(problems).toEqual([{ code: 'over_budget', budget, total }]);
        },
      ),
    );
  });

  it('with a minimum spend, accepts exactly the sets costing between the minimum and the budget', () => {
    fc.assert(
      fc.property(
        idsWithSubsetAndCosts(1, 8, 5_000),
        fc.integer({ min: 0, max: 40_000 }),
        fc.integer({ min: 0, max: 100 }),
        ([ids, chosen, costs], budget, minSpendPercent) => {
          fc.pre(chosen.length > 0);
          const projects = ids.map((id, index) => project(id, costs[index] ?? 0));
          const total = chosen.reduce((sum, id) => sum + costs[ids.indexOf(id)]!, 0);
          const codes = codesOf(picks(...chosen), context({ method: 'knapsack', minSpendPercent }, projects, budget));
          expect(codes.includes('over_budget')).toBe(total > budget);
          // Spending at least p% of the budget: total / budget >= p / 100, in whole numbers.
          expect(codes.includes('under_minimum_spend')).toBe(total * 100 < budget * minSpendPercent);
          expect(codes.every((code) => code === 'over_budget' || code === 'under_minimum_spend')).toBe(true);
        },
      ),
    );
  });
});
