import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BallotRules } from '../cycles/cycles.schema.js';
import { validateBallot, type BallotChoice, type BallotProblem } from './validate-ballot.js';
import {
  codesOf,
  context,
  FIVE,
  idsWithSubset,
  picks,
  problemsOf,
  project,
  projectIds,
} from './validate-ballot.fixtures.js';

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
