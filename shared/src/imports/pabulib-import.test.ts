import { describe, expect, it } from 'vitest';
import { parsePabulib } from '../pabulib/pabulib.parse.js';
import { importPlanFromPabulib, isoDateOf, PabulibImportError } from './pabulib-import.js';

function file(meta: string[], projects = ['1;500;A;sport', '2;300;B;public space'], votes = ['a;1,2', 'b;2']): string {
  return [
    'META',
    'key;value',
    'budget;1000',
    ...meta,
    'PROJECTS',
    'project_id;cost;name;category',
    ...projects,
    'VOTES',
    `voter_id;vote${meta.includes('vote_type;cumulative') ? ';points' : ''}`,
    ...votes,
  ].join('\n');
}

const plan = (text: string) => importPlanFromPabulib(parsePabulib(text).election);

describe('a pabulib file as an import plan', () => {
  it.each([
    ['greedy', { rule: 'greedy', completion: 'none' }],
    ['greedy-threshold', { rule: 'greedy', completion: 'none' }],
    ['equalshares', { rule: 'mes', completion: 'none', comparison: 'none' }],
    ['equalshares/add1', { rule: 'mes', completion: 'add1', comparison: 'none' }],
    ['equalshares/add1-comparison', { rule: 'mes', completion: 'add1', comparison: 'greedy' }],
    ['phragmen', { rule: 'phragmen' }],
    ['unknown', { rule: 'greedy' }],
  ])('maps rule %s onto our allocation rules, with id tie-breaks and no minimum of votes', (rule, expected) => {
    const { allocation } = plan(file(['vote_type;approval', `rule;${rule}`]));
    expect(allocation).toMatchObject({ ...expected, ties: 'id', minVotes: 0 });
  });

  it('maps vote types and their limits onto ballot methods', () => {
    expect(plan(file(['vote_type;approval', 'min_length;1', 'max_length;2'])).ballot).toEqual({
      method: 'approval',
      minProjects: 1,
      maxProjects: 2,
    });
    expect(plan(file(['vote_type;approval', 'max_sum_cost;1000', 'min_sum_cost;500'])).ballot).toEqual({
      method: 'knapsack',
      minSpendPercent: 50,
    });
    expect(plan(file(['vote_type;choose-1'], undefined, ['a;1', 'b;2'])).ballot).toEqual({
      method: 'approval',
      maxProjects: 1,
    });
    expect(plan(file(['vote_type;ordinal', 'max_length;3'])).ballot).toEqual({ method: 'ranked', maxRanked: 3 });
    const cumulative = plan(
      file(['vote_type;cumulative', 'max_sum_points;5', 'max_points;3'], undefined, ['a;1,2;3,2', 'b;2;1']),
    );
    expect(cumulative.ballot).toEqual({ method: 'cumulative', points: 5, maxPointsPerProject: 3 });
    expect(cumulative.ballots[0]).toEqual({ voterId: 'a', projectIds: ['1', '2'], points: [3, 2] });
  });

  it('keeps project ids, names and known categories, and takes the title from the description', () => {
    const result = plan(file(['vote_type;approval', 'description;Ward vote 2024']));
    expect(result.projects).toEqual([
      { externalId: '1', cost: 500, name: 'A', category: 'sport' },
      { externalId: '2', cost: 300, name: 'B', category: 'streets' },
    ]);
    expect(result).toMatchObject({ titleJa: 'Ward vote 2024', titleEn: 'Ward vote 2024', budget: 1000 });
  });

  it('refuses fractional amounts and scoring ballots, naming what is wrong', () => {
    expect(() => plan(file(['vote_type;approval'], ['1;500.5;A;x', '2;300;B;x']))).toThrow(/500\.5.*fraction/);
    expect(() => plan(file(['vote_type;scoring'], undefined, []))).toThrow(PabulibImportError);
  });

  it.each([
    ['15.04.2024', '2024-04-15'],
    ['2024-04-15', '2024-04-15'],
    ['2022', undefined],
    ['31.02.2024', undefined],
  ])('reads the end date %s as %s', (text, expected) => {
    expect(isoDateOf(text)).toBe(expected);
  });
});
