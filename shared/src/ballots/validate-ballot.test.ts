import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BallotMethod, BallotRules } from '../cycles/cycles.schema.js';
import {
  approvalLimits,
  canonicalChoices,
  describeBallotProblem,
  minimumSpend,
  pointLimits,
  rankLimit,
  validateBallot,
  type BallotChoice,
  type BallotContext,
  type BallotProblem,
  type BallotProject,
} from './validate-ballot.js';

const METHODS: readonly BallotMethod[] = ['approval', 'knapsack', 'cumulative', 'ranked'];

function project(id: string, cost = 100, withdrawn = false): BallotProject {
  return { id, cost, withdrawn };
}

function context(rules: BallotRules, projects: readonly BallotProject[], budget = 1000): BallotContext {
  return { rules, budget, projects };
}

function picks(...ids: string[]): BallotChoice[] {
  return ids.map((proposalId) => ({ proposalId }));
}

function problemsOf(choices: readonly BallotChoice[], ballotContext: BallotContext): BallotProblem[] {
  const result = validateBallot(choices, ballotContext);
  return result.valid ? [] : result.problems;
}

function codesOf(choices: readonly BallotChoice[], ballotContext: BallotContext): string[] {
  return problemsOf(choices, ballotContext).map((problem) => problem.code);
}

/** Five open projects a..e costing 100, 200, 300, 400, 500. */
const FIVE = ['a', 'b', 'c', 'd', 'e'].map((id, index) => project(id, (index + 1) * 100));

/** Rules under which every well-formed ballot of up to five projects passes, per method. */
function lenientRules(method: BallotMethod): BallotRules {
  switch (method) {
    case 'approval':
      return { method };
    case 'knapsack':
      return { method };
    case 'cumulative':
      return { method, points: 1000, maxPointsPerProject: 1000 };
    case 'ranked':
      return { method };
  }
}

/** A valid ballot of projects a and b under lenientRules, for each method. */
function validPair(method: BallotMethod): BallotChoice[] {
  return method === 'cumulative'
    ? [
        { proposalId: 'a', points: 1 },
        { proposalId: 'b', points: 2 },
      ]
    : picks('a', 'b');
}

/** Distinct project ids in random order (uuids, so sorting by id is meaningful). */
const projectIds = (minLength: number, maxLength: number) => fc.uniqueArray(fc.uuid(), { minLength, maxLength });

/** A random permutation of an array, as fast-check shrinks it. */
function permutation<T>(items: readonly T[]): fc.Arbitrary<T[]> {
  return fc
    .array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: items.length, maxLength: items.length })
    .map((keys) =>
      items
        .map((item, index) => ({ item, key: keys[index]! }))
        .sort((left, right) => left.key - right.key)
        .map(({ item }) => item),
    );
}

/** Ids with a random subset chosen (a mask per id). */
const idsWithSubset = (minLength: number, maxLength: number) =>
  projectIds(minLength, maxLength).chain((ids) =>
    fc.tuple(
      fc.constant(ids),
      fc
        .array(fc.boolean(), { minLength: ids.length, maxLength: ids.length })
        .map((mask) => ids.filter((_, index) => mask[index])),
    ),
  );

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

describe('validateBallot: common rules', () => {
  it.each(METHODS)('an empty %s ballot is refused as empty', (method) => {
    expect(codesOf([], context(lenientRules(method), FIVE))).toContain('empty');
  });

  it.each(METHODS)('a well-formed %s ballot of two open projects is accepted', (method) => {
    expect(validateBallot(validPair(method), context(lenientRules(method), FIVE))).toEqual({ valid: true });
  });

  it.each(METHODS)('a %s ballot naming a project not on the ballot is refused', (method) => {
    const choices = [...validPair(method), { proposalId: 'zz', ...(method === 'cumulative' ? { points: 1 } : {}) }];
    expect(problemsOf(choices, context(lenientRules(method), FIVE))).toContainEqual({
      code: 'unknown_project',
      proposalId: 'zz',
    });
  });

  it.each(METHODS)('a %s ballot choosing a withdrawn project is refused', (method) => {
    const projects = [...FIVE, project('w', 100, true)];
    const choices = [...validPair(method), { proposalId: 'w', ...(method === 'cumulative' ? { points: 1 } : {}) }];
    expect(problemsOf(choices, context(lenientRules(method), projects))).toContainEqual({
      code: 'withdrawn_project',
      proposalId: 'w',
    });
  });

  it.each(METHODS)('a %s ballot choosing the same project twice is refused', (method) => {
    const choices = [...validPair(method), { proposalId: 'a', ...(method === 'cumulative' ? { points: 1 } : {}) }];
    const problems = problemsOf(choices, context(lenientRules(method), FIVE));
    expect(problems).toContainEqual({ code: 'duplicate_project', proposalId: 'a' });
    expect(problems.filter((problem) => problem.code === 'duplicate_project')).toHaveLength(1);
  });

  it.each(['approval', 'knapsack', 'ranked'] as const)('a %s ballot giving points is refused', (method) => {
    const choices = [{ proposalId: 'a', points: 3 }, { proposalId: 'b' }];
    expect(problemsOf(choices, context(lenientRules(method), FIVE))).toEqual([
      { code: 'points_not_allowed', proposalId: 'a' },
    ]);
  });

  it('reports every problem of a ballot, not only the first', () => {
    const projects = [...FIVE, project('w', 100, true)];
    const choices = [{ proposalId: 'zz' }, { proposalId: 'w' }, { proposalId: 'a', points: 2 }, { proposalId: 'a' }];
    const codes = codesOf(choices, context({ method: 'approval' }, projects));
    expect(codes).toEqual(
      expect.arrayContaining(['unknown_project', 'withdrawn_project', 'duplicate_project', 'points_not_allowed']),
    );
  });

  it('refuses any ballot with a project not on the ballot, whatever the method', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...METHODS),
        idsWithSubset(1, 8),
        fc.uuid(),
        fc.nat(),
        (method, [ids, chosen], stranger, position) => {
          fc.pre(!ids.includes(stranger));
          const projects = ids.map((id) => project(id, 1));
          const order = [...chosen];
          order.splice(position % (order.length + 1), 0, stranger);
          const choices = order.map((proposalId) =>
            method === 'cumulative' ? { proposalId, points: 1 } : { proposalId },
          );
          const result = validateBallot(choices, context(lenientRules(method), projects, 1_000_000));
          expect(result.valid).toBe(false);
          expect(problemsOf(choices, context(lenientRules(method), projects, 1_000_000))).toContainEqual({
            code: 'unknown_project',
            proposalId: stranger,
          });
        },
      ),
    );
  });

  it('refuses any ballot that chooses a withdrawn project, whatever the method', () => {
    fc.assert(
      fc.property(fc.constantFrom(...METHODS), projectIds(2, 8), fc.nat(), (method, ids, which) => {
        const withdrawnId = ids[which % ids.length]!;
        const projects = ids.map((id) => project(id, 1, id === withdrawnId));
        const choices = ids.map((proposalId) => (method === 'cumulative' ? { proposalId, points: 1 } : { proposalId }));
        const problems = problemsOf(choices, context(lenientRules(method), projects, 1_000_000));
        expect(problems).toContainEqual({ code: 'withdrawn_project', proposalId: withdrawnId });
        expect(problems.filter((problem) => problem.code === 'withdrawn_project')).toHaveLength(1);
      }),
    );
  });
});

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
        idsWithSubset(1, 10).chain(([ids, chosen]) =>
          fc.tuple(
            fc.constant(ids),
            fc.constant(chosen),
            fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: ids.length, maxLength: ids.length }),
          ),
        ),
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
        idsWithSubset(1, 8).chain(([ids, chosen]) =>
          fc.tuple(
            fc.constant(ids),
            fc.constant(chosen),
            fc.array(fc.integer({ min: 0, max: 5_000 }), { minLength: ids.length, maxLength: ids.length }),
          ),
        ),
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

describe('validateBallot: cumulative', () => {
  const rules: BallotRules = { method: 'cumulative', points: 10, maxPointsPerProject: 4 };

  function give(...entries: [string, number | undefined][]): BallotChoice[] {
    return entries.map(([proposalId, points]) => (points === undefined ? { proposalId } : { proposalId, points }));
  }

  it('accepts points within the per-project maximum and the total', () => {
    expect(validateBallot(give(['a', 4], ['b', 4], ['c', 2]), context(rules, FIVE)).valid).toBe(true);
  });

  it('accepts a ballot that does not use every point', () => {
    expect(validateBallot(give(['a', 1]), context(rules, FIVE)).valid).toBe(true);
  });

  it('refuses a choice without points', () => {
    expect(problemsOf(give(['a', 2], ['b', undefined]), context(rules, FIVE))).toEqual([
      { code: 'points_missing', proposalId: 'b' },
    ]);
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])(
    'refuses %s points as not a whole number of at least one',
    (points) => {
      expect(problemsOf(give(['a', 2], ['b', points]), context(rules, FIVE))).toEqual([
        { code: 'points_missing', proposalId: 'b' },
      ]);
    },
  );

  it('refuses more points on one project than the per-project maximum', () => {
    expect(problemsOf(give(['a', 5]), context(rules, FIVE))).toEqual([
      { code: 'points_per_project', proposalId: 'a', maximum: 4, given: 5 },
    ]);
  });

  it('refuses more points in all than the ballot has', () => {
    expect(problemsOf(give(['a', 4], ['b', 4], ['c', 3]), context(rules, FIVE))).toEqual([
      { code: 'points_total', maximum: 10, given: 11 },
    ]);
  });

  it('uses ten points by default, all of which may go to one project', () => {
    const defaults: BallotRules = { method: 'cumulative' };
    expect(validateBallot(give(['a', 10]), context(defaults, FIVE)).valid).toBe(true);
    expect(codesOf(give(['a', 11]), context(defaults, FIVE))).toEqual(['points_per_project', 'points_total']);
  });

  it('ignores costs and the budget', () => {
    expect(validateBallot(give(['e', 3]), context(rules, FIVE, 0)).valid).toBe(true);
  });

  it('accepts exactly the ballots whose points respect the per-project maximum and the total', () => {
    fc.assert(
      fc.property(
        idsWithSubset(1, 8).chain(([ids, chosen]) =>
          fc.tuple(
            fc.constant(ids),
            fc.constant(chosen),
            fc.array(fc.integer({ min: 1, max: 15 }), { minLength: chosen.length, maxLength: chosen.length }),
          ),
        ),
        fc.option(fc.integer({ min: 1, max: 40 }), { nil: undefined }),
        fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined }),
        ([ids, chosen, points], total, perProject) => {
          fc.pre(chosen.length > 0);
          const cumulativeRules: BallotRules = { method: 'cumulative', points: total, maxPointsPerProject: perProject };
          const allPoints = total ?? 10;
          const mostPerProject = Math.min(allPoints, perProject ?? allPoints);
          const choices = chosen.map((proposalId, index) => ({ proposalId, points: points[index]! }));
          const given = points.reduce((sum, value) => sum + value, 0);
          const expected: BallotProblem[] = choices
            .filter((choice) => choice.points > mostPerProject)
            .map((choice) => ({
              code: 'points_per_project',
              proposalId: choice.proposalId,
              maximum: mostPerProject,
              given: choice.points,
            }));
          if (given > allPoints) expected.push({ code: 'points_total', maximum: allPoints, given });
          expect(
            problemsOf(
              choices,
              context(
                cumulativeRules,
                ids.map((id) => project(id)),
              ),
            ),
          ).toEqual(expected);
        },
      ),
    );
  });
});

describe('validateBallot: ranked', () => {
  const rules: BallotRules = { method: 'ranked', maxRanked: 3 };

  it('accepts a ranking of one project', () => {
    expect(validateBallot(picks('c'), context(rules, FIVE)).valid).toBe(true);
  });

  it('accepts a ranking of as many projects as the maximum', () => {
    expect(validateBallot(picks('e', 'a', 'c'), context(rules, FIVE)).valid).toBe(true);
  });

  it('refuses a ranking longer than the maximum', () => {
    expect(problemsOf(picks('e', 'a', 'c', 'b'), context(rules, FIVE))).toEqual([
      { code: 'too_many_projects', maximum: 3, given: 4 },
    ]);
  });

  it('refuses a ranking that names a project twice', () => {
    expect(codesOf(picks('a', 'b', 'a'), context(rules, FIVE))).toEqual(['duplicate_project']);
  });

  it('lets a voter rank every open project when no maximum is set', () => {
    expect(validateBallot(picks('e', 'd', 'c', 'b', 'a'), context({ method: 'ranked' }, FIVE)).valid).toBe(true);
  });

  it('accepts exactly the rankings of distinct open projects of length 1 to the maximum', () => {
    fc.assert(
      fc.property(
        projectIds(1, 10).chain((ids) =>
          fc.tuple(fc.constant(ids), fc.shuffledSubarray(ids, { minLength: 0, maxLength: ids.length })),
        ),
        fc.option(fc.integer({ min: 1, max: 12 }), { nil: undefined }),
        ([ids, ranking], maxRanked) => {
          const limit = Math.min(maxRanked ?? ids.length, ids.length);
          const expected: BallotProblem[] =
            ranking.length === 0
              ? [{ code: 'empty' }]
              : ranking.length > limit
                ? [{ code: 'too_many_projects', maximum: limit, given: ranking.length }]
                : [];
          expect(
            problemsOf(
              picks(...ranking),
              context(
                { method: 'ranked', maxRanked },
                ids.map((id) => project(id)),
              ),
            ),
          ).toEqual(expected);
        },
      ),
    );
  });
});

/** A valid ballot for some method, with its context, built from the rules of that method. */
const validBallot: fc.Arbitrary<{ method: BallotMethod; choices: BallotChoice[]; ballotContext: BallotContext }> = fc
  .constantFrom(...METHODS)
  .chain((method) =>
    projectIds(1, 8).chain((ids) =>
      fc
        .tuple(
          fc.shuffledSubarray(ids, { minLength: 1, maxLength: ids.length }),
          fc.array(fc.integer({ min: 1, max: 5 }), { minLength: ids.length, maxLength: ids.length }),
          fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: ids.length, maxLength: ids.length }),
        )
        .map(([chosen, points, costs]) => {
          const projects = ids.map((id, index) => project(id, costs[index] ?? 0));
          const choices = chosen.map((proposalId, index) =>
            method === 'cumulative' ? { proposalId, points: points[index]! } : { proposalId },
          );
          const spent = chosen.reduce((sum, id) => sum + costs[ids.indexOf(id)]!, 0);
          const rules: BallotRules =
            method === 'approval'
              ? { method, minProjects: chosen.length, maxProjects: chosen.length }
              : method === 'knapsack'
                ? { method, minSpendPercent: 100 }
                : method === 'cumulative'
                  ? { method, points: 5 * chosen.length, maxPointsPerProject: 5 }
                  : { method, maxRanked: chosen.length };
          // The tightest budget and rules the ballot meets.
          return { method, choices, ballotContext: context(rules, projects, spent) };
        }),
    ),
  );

describe('canonicalChoices', () => {
  it('sorts approval and knapsack choices by project id and drops anything but the id', () => {
    const choices = [{ proposalId: 'c' }, { proposalId: 'a', points: 3 }, { proposalId: 'b' }];
    for (const method of ['approval', 'knapsack'] as const) {
      expect(canonicalChoices(method, choices)).toStrictEqual(picks('a', 'b', 'c'));
    }
  });

  it('sorts cumulative choices by project id and keeps their points', () => {
    expect(
      canonicalChoices('cumulative', [
        { proposalId: 'c', points: 1 },
        { proposalId: 'a', points: 3 },
      ]),
    ).toEqual([
      { proposalId: 'a', points: 3 },
      { proposalId: 'c', points: 1 },
    ]);
  });

  it('keeps the order of a ranked ballot, which is the vote', () => {
    expect(canonicalChoices('ranked', picks('c', 'a', 'b'))).toStrictEqual(picks('c', 'a', 'b'));
  });

  it('returns copies and leaves the ballot it is given untouched', () => {
    const choices = [
      { proposalId: 'b', points: 2 },
      { proposalId: 'a', points: 1 },
    ];
    const before = structuredClone(choices);
    for (const method of METHODS) {
      const canonical = canonicalChoices(method, choices);
      expect(choices).toEqual(before);
      for (const choice of canonical) expect(choices).not.toContain(choice);
    }
  });

  it('keeps a valid ballot valid', () => {
    fc.assert(
      fc.property(validBallot, ({ method, choices, ballotContext }) => {
        expect(validateBallot(choices, ballotContext)).toEqual({ valid: true });
        expect(validateBallot(canonicalChoices(method, choices), ballotContext)).toEqual({ valid: true });
      }),
    );
  });

  it('keeps the same projects, with the same points', () => {
    fc.assert(
      fc.property(validBallot, ({ method, choices }) => {
        const canonical = canonicalChoices(method, choices);
        const key = (choice: BallotChoice) => `${choice.proposalId}:${String(choice.points)}`;
        expect(canonical.map(key).sort()).toEqual(choices.map(key).sort());
      }),
    );
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...METHODS),
        fc.array(fc.record({ proposalId: fc.string({ maxLength: 4 }), points: fc.integer({ min: 1, max: 20 }) }), {
          maxLength: 10,
        }),
        (method, raw) => {
          const choices = raw.map((choice) => (method === 'cumulative' ? choice : { proposalId: choice.proposalId }));
          const once = canonicalChoices(method, choices);
          expect(canonicalChoices(method, once)).toStrictEqual(once);
        },
      ),
    );
  });

  it('does not depend on the order of the choices for approval, knapsack and cumulative ballots', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('approval', 'knapsack', 'cumulative' as const),
        projectIds(0, 10).chain((ids) =>
          fc.tuple(
            fc.constant(ids),
            fc.array(fc.integer({ min: 1, max: 20 }), { minLength: ids.length, maxLength: ids.length }),
            permutation(ids.map((_, index) => index)),
          ),
        ),
        (method, [ids, points, order]) => {
          const choices = ids.map((proposalId, index) =>
            method === 'cumulative' ? { proposalId, points: points[index]! } : { proposalId },
          );
          const shuffled = order.map((index) => choices[index]!);
          const canonical = canonicalChoices(method, choices);
          expect(canonicalChoices(method, shuffled)).toStrictEqual(canonical);
          const sortedIds = [...ids].sort((left, right) => (left < right ? -1 : left > right ? 1 : 0));
          expect(canonical.map((choice) => choice.proposalId)).toEqual(sortedIds);
        },
      ),
    );
  });

  it('preserves the order of any ranked ballot', () => {
    fc.assert(
      fc.property(projectIds(0, 10), (ids) => {
        expect(canonicalChoices('ranked', picks(...ids)).map((choice) => choice.proposalId)).toEqual(ids);
      }),
    );
  });
});

describe('describeBallotProblem', () => {
  const examples: BallotProblem[] = [
    { code: 'empty' },
    { code: 'unknown_project', proposalId: 'p-unknown' },
    { code: 'withdrawn_project', proposalId: 'p-withdrawn' },
    { code: 'duplicate_project', proposalId: 'p-twice' },
    { code: 'too_few_projects', minimum: 3, given: 1 },
    { code: 'too_many_projects', maximum: 4, given: 7 },
    { code: 'over_budget', budget: 1000, total: 1250 },
    { code: 'under_minimum_spend', minimum: 600, total: 450 },
    { code: 'points_not_allowed', proposalId: 'p-points' },
    { code: 'points_missing', proposalId: 'p-missing' },
    { code: 'points_per_project', proposalId: 'p-heavy', maximum: 5, given: 8 },
    { code: 'points_total', maximum: 10, given: 13 },
  ];

  it.each(examples.map((problem) => [problem.code, problem] as const))(
    'describes %s in one line naming every detail of the problem',
    (_code, problem) => {
      const message = describeBallotProblem(problem);
      expect(message.length).toBeGreaterThan(0);
      expect(message).not.toContain('\n');
      expect(message).not.toContain('undefined');
      for (const [field, value] of Object.entries(problem)) {
        if (field !== 'code') expect(message).toContain(String(value));
      }
    },
  );

  it('gives each kind of problem its own message', () => {
    const messages = examples.map(describeBallotProblem);
    expect(new Set(messages).size).toBe(examples.length);
  });

  it('describes every problem validateBallot reports', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...METHODS),
        fc.array(
          fc.record({
            proposalId: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'w', 'zz'),
            points: fc.option(fc.integer({ min: -2, max: 12 }), { nil: undefined }),
          }),
          { maxLength: 8 },
        ),
        fc.integer({ min: 0, max: 1500 }),
        (method, raw, budget) => {
          const choices = raw.map((choice) =>
            choice.points === undefined ? { proposalId: choice.proposalId } : choice,
          );
          const rules: BallotRules =
            method === 'knapsack' ? { method, minSpendPercent: 30 } : { method, maxProjects: 3, maxRanked: 3 };
          const projects = [...FIVE, project('w', 100, true)];
          for (const problem of problemsOf(choices, context(rules, projects, budget))) {
            const message = describeBallotProblem(problem);
            expect(message).not.toContain('undefined');
            expect(message.length).toBeGreaterThan(0);
          }
        },
      ),
    );
  });
});
