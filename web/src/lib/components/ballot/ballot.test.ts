import type { BallotProblem, BallotSheetProject } from '@pb/shared';
import { describe, expect, it } from 'vitest';
import {
  chosenCost,
  groupedReceipt,
  moved,
  pointsGiven,
  problemMessage,
  voterIdentifier,
  withPoints,
  withProject,
  withoutProject,
} from './ballot.js';

const project = (id: string, cost: number): BallotSheetProject => ({
  id,
  number: 1,
  title: `Project ${id}`,
  summary: '',
  category: 'parks',
  cost,
  withdrawn: false,
});

describe('ballot helpers', () => {
  it('adds a project once, removes it, and sums the costs', () => {
    const projects = [project('a', 100), project('b', 250)];
    const choices = withProject(withProject(withProject([], 'a'), 'b'), 'a');
    expect(choices).toEqual([{ proposalId: 'a' }, { proposalId: 'b' }]);
    expect(chosenCost(choices, projects)).toBe(350);
    expect(withoutProject(choices, 'a')).toEqual([{ proposalId: 'b' }]);
  });

  it('gives points, keeps the order, and drops a project at zero', () => {
    let choices = withPoints([], 'a', 2);
    choices = withPoints(choices, 'b', 1);
    choices = withPoints(choices, 'a', 3);
    expect(choices).toEqual([
      { proposalId: 'a', points: 3 },
      { proposalId: 'b', points: 1 },
    ]);
    expect(pointsGiven(choices)).toBe(4);
    expect(withPoints(choices, 'a', 0)).toEqual([{ proposalId: 'b', points: 1 }]);
  });

  it('moves a ranked choice up and down, and not past the ends', () => {
    const choices = [{ proposalId: 'a' }, { proposalId: 'b' }, { proposalId: 'c' }];
    expect(moved(choices, 2, -1).map((choice) => choice.proposalId)).toEqual(['a', 'c', 'b']);
    expect(moved(choices, 0, 1).map((choice) => choice.proposalId)).toEqual(['b', 'a', 'c']);
    expect(moved(choices, 0, -1)).toEqual(choices);
    expect(moved(choices, 2, 1)).toEqual(choices);
  });

  it('groups receipt codes by four', () => {
    expect(groupedReceipt('abcd efgh-jkmn')).toBe('ABCD-EFGH-JKMN');
  });

  it('tells a voting code from a census number', () => {
    expect(voterIdentifier(' ABCD-EFGH-JKMN-PQRS ')).toEqual({ kind: 'code', value: 'ABCD-EFGH-JKMN-PQRS' });
    expect(voterIdentifier('1234567890123456')).toEqual({ kind: 'census', value: '1234567890123456' });
    expect(voterIdentifier('K-1001')).toEqual({ kind: 'census', value: 'K-1001' });
  });

  it('words each problem with its values', () => {
    const translate = (id: string, options?: { values?: Record<string, string | number> }) =>
      `${id} ${JSON.stringify(options?.values ?? {})}`;
    const problems: BallotProblem[] = [
      { code: 'too_many_projects', maximum: 3, given: 4 },
      { code: 'over_budget', budget: 100, total: 150 },
      { code: 'points_per_project', proposalId: 'a', maximum: 3, given: 5 },
    ];
    expect(
      problems.map((problem) =>
        problemMessage(
          problem,
          translate,
          (id) => `T${id}`,
          (n) => `¥${n}`,
        ),
      ),
    ).toEqual([
      'ballotProblems.too_many_projects {"count":3,"given":4}',
      'ballotProblems.over_budget {"budget":"¥100","total":"¥150"}',
      'ballotProblems.points_per_project {"project":"Ta","maximum":3,"given":5}',
    ]);
  });
});
