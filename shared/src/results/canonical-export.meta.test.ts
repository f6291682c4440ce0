import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { approvalLimits, minimumSpend, pointLimits, rankLimit } from '../ballots/validate-ballot.js';
import { defaultAllocationRules, type AllocationRules, type BallotRules } from '../cycles/cycles.schema.js';
import { parsePabulib } from '../pabulib/pabulib.parse.js';
import { allocationOptionsFromMeta, canonicalElection, OPTION_META_PREFIX } from './canonical-export.js';
import { electionArb, engineOptions, input, meta, project, roundTrip } from './canonical-export.fixtures.js';
describe('META: vote type, ballot limits and rule', () => {
  it.each([
    ['approval', 'approval'],
    ['knapsack', 'approval'],
    ['cumulative', 'cumulative'],
    ['ranked', 'ordinal'],
  ] as const)('a %s ballot is written with vote_type %s', (method, voteType) => {
    const election = roundTrip(
      canonicalElection(input({ ballot: { method }, allocation: defaultAllocationRules(method) })),
    );
    expect(meta(election, 'vote_type')).toBe(voteType);
    expect(election.voterColumns).toEqual(
      method === 'cumulative' ? ['voter_id', 'vote', 'points'] : ['voter_id', 'vote'],
    );
  });

  it('approval: min_length and max_length from the rules, at least 1 and at most the open projects', () => {
    const projects = [project('A'), project('B'), project('C'), project('D'), project('E'), project('W', 5, true)];
    const limits = (ballot: BallotRules) => {
      const election = canonicalElection(input({ ballot, projects }));
      return [meta(election, 'min_length'), meta(election, 'max_length')];
    };
    expect(limits({ method: 'approval', minProjects: 2, maxProjects: 3 })).toEqual(['2', '3']);
    expect(limits({ method: 'approval', minProjects: 0, maxProjects: 10 })).toEqual(['1', '5']);
    expect(limits({ method: 'approval' })).toEqual(['1', '5']);
  });

  it('knapsack: min_sum_cost is the minimum spend rounded up, max_sum_cost the budget, no length limits', () => {
    const limits = (budget: number, minSpendPercent?: number) => {
      const ballot: BallotRules =
        minSpendPercent === undefined ? { method: 'knapsack' } : { method: 'knapsack', minSpendPercent };
      const election = canonicalElection(input({ budget, ballot }));
      return [
        meta(election, 'min_sum_cost'),
        meta(election, 'max_sum_cost'),
        meta(election, 'min_length'),
        meta(election, 'max_length'),
      ];
    };
    expect(limits(1000, 33)).toEqual(['330', '1000', undefined, undefined]);
    expect(limits(1001, 33)).toEqual(['331', '1001', undefined, undefined]);
    expect(limits(500)).toEqual(['0', '500', undefined, undefined]);
    expect(limits(500, 100)).toEqual(['500', '500', undefined, undefined]);
  });

  it('cumulative: max_sum_points and max_points (10 points by default, per project capped by the total)', () => {
    const limits = (ballot: BallotRules) => {
      const election = canonicalElection(input({ ballot }));
      return [meta(election, 'max_sum_points'), meta(election, 'max_points')];
    };
    expect(limits({ method: 'cumulative', points: 20, maxPointsPerProject: 5 })).toEqual(['20', '5']);
    expect(limits({ method: 'cumulative' })).toEqual(['10', '10']);
    expect(limits({ method: 'cumulative', points: 4, maxPointsPerProject: 9 })).toEqual(['4', '4']);
  });

  it('ranked: min_length 1 and max_length the ranking limit, at most the open projects', () => {
    const projects = [project('A'), project('B'), project('C'), project('W', 5, true)];
    const maxLength = (ballot: BallotRules) => meta(canonicalElection(input({ ballot, projects })), 'max_length');
    expect(maxLength({ method: 'ranked', maxRanked: 2 })).toBe('2');
    expect(maxLength({ method: 'ranked', maxRanked: 9 })).toBe('3');
    expect(maxLength({ method: 'ranked' })).toBe('3');
    expect(meta(canonicalElection(input({ ballot: { method: 'ranked' } })), 'min_length')).toBe('1');
  });

  it('the ballot limits in META are the ones ballots were validated against', () => {
    fc.assert(
      fc.property(electionArb({ withdrawn: true }), (source) => {
        const election = canonicalElection(source);
        const open = source.projects.filter((entry) => !entry.withdrawn).length;
        const rules = source.ballot;
        switch (rules.method) {
          case 'approval': {
            const { minimum, maximum } = approvalLimits(rules, open);
            expect(meta(election, 'min_length')).toBe(String(minimum));
            expect(meta(election, 'max_length')).toBe(String(Math.min(maximum, open)));
            break;
          }
          case 'knapsack':
            expect(meta(election, 'min_sum_cost')).toBe(String(minimumSpend(rules, source.budget)));
            expect(meta(election, 'max_sum_cost')).toBe(String(source.budget));
            break;
          case 'cumulative': {
            const { points, perProject } = pointLimits(rules);
            expect(meta(election, 'max_sum_points')).toBe(String(points));
            expect(meta(election, 'max_points')).toBe(String(perProject));
            break;
          }
          case 'ranked':
            if (open > 0) expect(meta(election, 'max_length')).toBe(String(rankLimit(rules, open)));
            break;
        }
      }),
    );
  });

  it.each([
    [{ rule: 'greedy' }, 'greedy'],
    [{ rule: 'phragmen' }, 'phragmen'],
    [{ rule: 'mes', completion: 'add1' }, 'equalshares/add1'],
    [{ rule: 'mes', completion: 'add1-greedy' }, 'equalshares/add1'],
    [{ rule: 'mes', completion: 'none' }, 'equalshares'],
    [{ rule: 'mes', completion: 'greedy' }, 'equalshares'],
    [{ rule: 'mes', completion: 'add1', comparison: 'greedy' }, 'equalshares/add1-comparison'],
    [{ rule: 'mes', completion: 'none', comparison: 'greedy' }, 'equalshares-comparison'],
  ] as const)('rules %o are written as rule %s', (rules, expected) => {
    const allocation: AllocationRules = { ...defaultAllocationRules('approval'), comparison: 'none', ...rules };
    expect(meta(canonicalElection(input({ allocation })), 'rule')).toBe(expected);
  });

  it('the product defaults are written as equalshares/add1', () => {
    expect(meta(canonicalElection(input()), 'rule')).toBe('equalshares/add1');
  });
});

describe('META: engine options under the pb_ prefix', () => {
  it('writes every engine option under pb_, with the seed only when there is one', () => {
    const allocation: AllocationRules = {
      rule: 'mes',
      utility: 'points-cost',
      completion: 'add1-greedy',
      add1Stop: 'overspend',
      increment: '2.5',
      comparison: 'greedy',
      minVotes: 3,
      ties: 'lottery',
      seed: 12345,
    };
    const election = roundTrip(canonicalElection(input({ allocation })));
    const options = election.meta.filter(([key]) => key.startsWith(OPTION_META_PREFIX));
    expect(OPTION_META_PREFIX).toBe('pb_');
    expect(options).toEqual([
      ['pb_rule', 'mes'],
      ['pb_utility', 'points-cost'],
      ['pb_completion', 'add1-greedy'],
      ['pb_add1_stop', 'overspend'],
      ['pb_increment', '2.5'],
      ['pb_comparison', 'greedy'],
      ['pb_min_votes', '3'],
      ['pb_ties', 'lottery'],
      ['pb_seed', '12345'],
    ]);
    const withoutSeed = canonicalElection(input({ allocation: defaultAllocationRules('approval') }));
    expect(meta(withoutSeed, 'pb_seed')).toBeUndefined();
    expect(meta(withoutSeed, 'pb_rule')).toBe('mes');
  });

  it('allocationOptionsFromMeta reads back exactly the cycle rules mapped to engine options', () => {
    fc.assert(
      fc.property(electionArb(), (source) => {
        const parsed = roundTrip(canonicalElection(source));
        expect(allocationOptionsFromMeta(parsed)).toEqual(engineOptions(source.allocation));
      }),
    );
  });

  it('allocationOptionsFromMeta returns undefined for a file without pb_ options', () => {
    const file = [
      'META',
      'key;value',
      'description;Elsewhere',
      'num_projects;1',
      'num_votes;1',
      'budget;100',
      'vote_type;approval',
      'rule;greedy',
      'PROJECTS',
      'project_id;cost;votes',
      '1;50;1',
      'VOTES',
      'voter_id;vote',
      'a;1',
    ].join('\n');
    expect(allocationOptionsFromMeta(parsePabulib(file).election)).toBeUndefined();
  });
});
