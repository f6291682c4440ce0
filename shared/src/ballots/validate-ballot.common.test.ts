import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateBallot } from './validate-ballot.js';
import {
  codesOf,
  context,
  FIVE,
  idsWithSubset,
  lenientRules,
  METHODS,
  problemsOf,
  project,
  projectIds,
  validPair,
} from './validate-ballot.fixtures.js';

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
