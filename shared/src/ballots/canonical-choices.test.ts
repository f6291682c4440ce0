import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BallotMethod, BallotRules } from '../cycles/cycles.schema.js';
import { canonicalChoices, validateBallot, type BallotChoice, type BallotContext } from './validate-ballot.js';
import { context, METHODS, picks, project, projectIds } from './validate-ballot.fixtures.js';

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
