import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AllocationRules } from '../cycles/cycles.schema.js';
import { directCount, electionArb, fileCount, input, project, shuffled } from './canonical-export.fixtures.js';
describe('recounting from the file alone', () => {
  it('selects the same projects as the direct count, for greedy, MES (with Add1) and Phragmén on approval ballots', () => {
    fc.assert(
      fc.property(electionArb({ methods: ['approval', 'knapsack'] }), (source) => {
        expect(fileCount(source)).toEqual(directCount(source));
      }),
      { numRuns: 300 },
    );
  });

  it.each(['greedy', 'mes', 'phragmen'] as const)(
    '%s: the recount matches the direct count on approval ballots',
    (rule) => {
      fc.assert(
        fc.property(electionArb({ methods: ['approval'], rules: [rule] }), (source) => {
          const allocation: AllocationRules =
            rule === 'mes' && source.allocation.completion !== 'add1' && source.allocation.completion !== 'add1-greedy'
              ? { ...source.allocation, completion: 'add1' }
              : source.allocation;
          const withRules = { ...source, allocation };
          expect(fileCount(withRules)).toEqual(directCount(withRules));
        }),
        { numRuns: 150 },
      );
    },
  );

  it('selects the same projects on cumulative ballots (points from the file)', () => {
    fc.assert(
      fc.property(electionArb({ methods: ['cumulative'] }), (source) => {
        expect(fileCount(source)).toEqual(directCount(source));
      }),
      { numRuns: 200 },
    );
  });

  it('selects the same projects on ranked ballots (ordinal, score = length − position)', () => {
    fc.assert(
      fc.property(electionArb({ methods: ['ranked'] }), (source) => {
        expect(fileCount(source)).toEqual(directCount(source));
      }),
      { numRuns: 200 },
    );
  });

  it('the recount matches whatever order the projects and ballots were given in', () => {
    fc.assert(
      fc.property(
        electionArb().chain((source) => fc.tuple(fc.constant(source), shuffled(source))),
        ([source, reordered]) => {
          expect(fileCount(reordered)).toEqual(fileCount(source));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('the product defaults recount to the direct result on a worked example', () => {
    const source = input({
      budget: 100,
      projects: [project('A', 60), project('B', 50), project('C', 40)],
      ballots: [
        { voterId: 'v1', choices: [{ projectId: 'A' }, { projectId: 'B' }] },
        { voterId: 'v2', choices: [{ projectId: 'A' }] },
        { voterId: 'v3', choices: [{ projectId: 'C' }] },
        { voterId: 'v4', choices: [{ projectId: 'B' }, { projectId: 'C' }] },
      ],
    });
    expect(fileCount(source)).toEqual(directCount(source));
    expect(fileCount(source).length).toBeGreaterThan(0);
  });
});
