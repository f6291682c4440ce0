import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BallotRules } from '../cycles/cycles.schema.js';
import { describeBallotProblem, type BallotProblem } from './validate-ballot.js';
import { context, FIVE, METHODS, problemsOf, project } from './validate-ballot.fixtures.js';

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
