import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate } from '../allocation/allocate.js';
import type { AllocationOptions } from '../allocation/allocation.types.js';
import { buildElection, electionFromPabulib } from '../allocation/election.js';
import { approvalLimits, minimumSpend, pointLimits, rankLimit } from '../ballots/validate-ballot.js';
import {
  defaultAllocationRules,
  type AllocationRules,
  type BallotMethod,
  type BallotRules,
} from '../cycles/cycles.schema.js';
import { parsePabulib } from '../pabulib/pabulib.parse.js';
import { metaValue, type PbElection, type VoteType } from '../pabulib/pabulib.types.js';
import { writePabulib } from '../pabulib/pabulib.write.js';
import {
  allocationOptionsFromMeta,
  canonicalElection,
  OPTION_META_PREFIX,
  WITHDRAWN_COST_SENTINEL,
  type CanonicalExportInput,
  type ExportBallot,
  type ExportProject,
} from './canonical-export.js';

const VOTE_TYPE: Record<BallotMethod, VoteType> = {
  approval: 'approval',
  knapsack: 'approval',
  cumulative: 'cumulative',
  ranked: 'ordinal',
};

function project(id: string, cost = 100, withdrawn = false): ExportProject {
  return { id, cost, name: `Project ${id}`, category: 'parks', withdrawn };
}

function input(overrides: Partial<CanonicalExportInput> = {}): CanonicalExportInput {
  return {
    description: 'Participatory budget 2027, North district',
    country: 'Japan',
    unit: 'Exampleton',
    subunit: 'North',
    instance: '2027',
    dateBegin: '01.05.2027',
    dateEnd: '31.05.2027',
    currency: 'JPY',
    language: 'ja',
    budget: 1000,
    ballot: { method: 'approval' },
    allocation: defaultAllocationRules('approval'),
    projects: [project('A'), project('B'), project('C')],
    ballots: [],
    ...overrides,
  };
}

const roundTrip = (election: PbElection): PbElection => parsePabulib(writePabulib(election)).election;
const meta = (election: PbElection, key: string): string | undefined => metaValue(election, key);
const column = (election: PbElection, id: string, name: string): string | undefined =>
  election.projects.find((row) => row.id === id)?.fields[name];

/** The cycle's rules as the engine's options, the way a count made without the file would use them. */
function engineOptions(rules: AllocationRules): Partial<AllocationOptions> {
  return {
    rule: rules.rule,
    utility: rules.utility,
    completion: rules.completion,
    add1Stop: rules.add1Stop,
    increment: rules.increment,
    comparison: rules.comparison,
    minVotes: rules.minVotes,
    ties: rules.ties,
    ...(rules.seed === undefined ? {} : { seed: rules.seed }),
  };
}

/** The count made straight from the ballots (withdrawn projects are not candidates there). */
function directCount(source: CanonicalExportInput): string[] {
  const open = source.projects.filter((entry) => !entry.withdrawn);
  const election = buildElection({
    voteType: VOTE_TYPE[source.ballot.method],
    budget: String(source.budget),
    projects: open.map((entry) => ({ id: entry.id, cost: String(entry.cost) })),
    ballots: source.ballots.map((ballot) => ({
      projects: ballot.choices.map((choice) => choice.projectId),
      points: source.ballot.method === 'cumulative' ? ballot.choices.map((choice) => choice.points ?? 0) : undefined,
    })),
  });
  return allocate(election, engineOptions(source.allocation)).selected;
}

/** The count made from the written file alone. */
function fileCount(source: CanonicalExportInput): string[] {
  const parsed = roundTrip(canonicalElection(source));
  return allocate(electionFromPabulib(parsed), allocationOptionsFromMeta(parsed)).selected;
}

// ---------------------------------------------------------------------------------------------
// Arbitraries

/** Ids as public ids look, mixing case and digits so plain string order differs from numeric. */
const projectId = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9./_-]{0,4}$/);
const voterId = fc.stringMatching(/^[0-9a-zA-Z]{1,10}$/);
/** Ordinary one-line text (what titles and descriptions hold once trimmed). */
const text = fc
  .array(fc.constantFrom(...'abcXYZ 019;,"\'éあ公園-./'.split('')), { minLength: 1, maxLength: 16 })
  .map((chars) => chars.join('').trim() || 'x');

const ballotRules = (method: BallotMethod): fc.Arbitrary<BallotRules> => {
  switch (method) {
    case 'approval':
      return fc.record(
        {
          method: fc.constant(method),
          minProjects: fc.integer({ min: 0, max: 5 }),
          maxProjects: fc.integer({ min: 1, max: 9 }),
        },
        { requiredKeys: ['method'] },
      );
    case 'knapsack':
      return fc.record(
        { method: fc.constant(method), minSpendPercent: fc.integer({ min: 0, max: 100 }) },
        { requiredKeys: ['method'] },
      );
    case 'cumulative':
      return fc.record(
        {
          method: fc.constant(method),
          points: fc.integer({ min: 1, max: 20 }),
          maxPointsPerProject: fc.integer({ min: 1, max: 20 }),
        },
        { requiredKeys: ['method'] },
      );
    case 'ranked':
      return fc.record(
        { method: fc.constant(method), maxRanked: fc.integer({ min: 1, max: 9 }) },
        { requiredKeys: ['method'] },
      );
  }
};

const allocationRules = (rules: readonly AllocationRules['rule'][] = ['greedy', 'mes', 'phragmen']) =>
  fc
    .record({
      rule: fc.constantFrom(...rules),
      utility: fc.constantFrom('cost', 'cardinality', 'points', 'points-cost'),
      completion: fc.constantFrom('none', 'greedy', 'add1', 'add1-greedy'),
      add1Stop: fc.constantFrom('exhaustive', 'overspend'),
      increment: fc.constantFrom('1', '2', '0.5', '3.25'),
      comparison: fc.constantFrom('none', 'greedy'),
      minVotes: fc.integer({ min: 0, max: 2 }),
      ties: fc.constantFrom('id', 'cost-votes-id', 'lottery'),
      seed: fc.option(fc.integer({ min: 0, max: 2 ** 31 - 1 }), { nil: undefined }),
    })
    .map((rules): AllocationRules => {
      const { seed, ...rest } = rules as AllocationRules;
      const withSeed = rest.ties === 'lottery' ? (seed ?? 7) : seed;
      return withSeed === undefined ? rest : { ...rest, seed: withSeed };
    });

interface ElectionOptions {
  methods?: readonly BallotMethod[];
  rules?: readonly AllocationRules['rule'][];
  /** Allow withdrawn projects (and ballots that still name them). */
  withdrawn?: boolean;
  maxBudget?: number;
}

/** Small random district elections, so that ties and near-ties are frequent. */
function electionArb(options: ElectionOptions = {}): fc.Arbitrary<CanonicalExportInput> {
  const methods = options.methods ?? ['approval', 'knapsack', 'cumulative', 'ranked'];
  return fc
    .record({
      method: fc.constantFrom(...methods),
      ids: fc.uniqueArray(projectId, { minLength: 1, maxLength: 7 }),
      costs: fc.array(fc.integer({ min: 1, max: 80 }), { minLength: 7, maxLength: 7 }),
      withdrawn: fc.array(options.withdrawn === true ? fc.boolean() : fc.constant(false), {
        minLength: 7,
        maxLength: 7,
      }),
      names: fc.array(text, { minLength: 7, maxLength: 7 }),
      budget: fc.integer({ min: 0, max: options.maxBudget ?? 250 }),
      voters: fc.uniqueArray(voterId, { maxLength: 25 }),
      picks: fc.array(
        fc.array(fc.record({ pick: fc.nat(), points: fc.integer({ min: 1, max: 5 }) }), { maxLength: 5 }),
        { minLength: 25, maxLength: 25 },
      ),
      description: text,
      subunit: text,
    })
    .chain((drawn) =>
      fc
        .record({ ballot: ballotRules(drawn.method), allocation: allocationRules(options.rules) })
        .map(({ ballot, allocation }) => {
          const projects = drawn.ids.map((id, index): ExportProject => ({
            id,
            cost: drawn.costs[index] ?? 1,
            name: drawn.names[index] ?? 'x',
            category: index % 2 === 0 ? 'parks' : 'roads,culture',
            withdrawn: drawn.withdrawn[index] ?? false,
          }));
          const votable = options.withdrawn === true ? projects : projects.filter((entry) => !entry.withdrawn);
          const ballots = drawn.voters.map((id, index): ExportBallot => {
            const chosen = new Map<string, number>();
            for (const { pick, points } of drawn.picks[index] ?? []) {
              const target = votable[pick % Math.max(votable.length, 1)];
              if (target !== undefined && !chosen.has(target.id)) chosen.set(target.id, points);
            }
            return {
              voterId: id,
              choices: [...chosen].map(([projectId, points]) =>
                drawn.method === 'cumulative' ? { projectId, points } : { projectId },
              ),
            };
          });
          return input({
            description: drawn.description,
            subunit: drawn.subunit,
            budget: drawn.budget,
            ballot,
            allocation,
            projects,
            ballots,
          });
        }),
    );
}

/** The same election with its projects and ballots given in another order. */
const shuffled = (source: CanonicalExportInput): fc.Arbitrary<CanonicalExportInput> =>
  fc
    .record({
      projects: fc.shuffledSubarray([...source.projects], {
        minLength: source.projects.length,
        maxLength: source.projects.length,
      }),
      ballots: fc.shuffledSubarray([...source.ballots], {
        minLength: source.ballots.length,
        maxLength: source.ballots.length,
      }),
    })
    .map((order) => ({ ...source, ...order }));

// ---------------------------------------------------------------------------------------------

describe('canonicalElection: canonical bytes', () => {
  it('the same ballots and projects given in any order produce byte-identical files', () => {
    fc.assert(
      fc.property(
        electionArb({ withdrawn: true }).chain((source) => fc.tuple(shuffled(source), shuffled(source))),
        ([first, second]) => {
          expect(writePabulib(canonicalElection(first))).toBe(writePabulib(canonicalElection(second)));
        },
      ),
    );
  });

  it('the same input written twice gives the same bytes, with or without the selected column', () => {
    fc.assert(
      fc.property(electionArb(), fc.boolean(), (source, withSelected) => {
        const withColumn = withSelected
          ? { ...source, selected: new Set(source.projects.slice(0, 1).map((p) => p.id)) }
          : source;
        expect(writePabulib(canonicalElection(withColumn))).toBe(writePabulib(canonicalElection({ ...withColumn })));
      }),
    );
  });

  it('sorts voters by id and projects by id in plain string order', () => {
    fc.assert(
      fc.property(electionArb({ withdrawn: true }), (source) => {
        const election = canonicalElection(source);
        const projectIds = election.projects.map((row) => row.id);
        const voterIds = election.voters.map((voter) => voter.id);
        expect(projectIds).toEqual(source.projects.map((entry) => entry.id).sort());
        expect(voterIds).toEqual(source.ballots.map((ballot) => ballot.voterId).sort());
      }),
    );
  });

  it('uses plain string order, not numeric or locale order ("10" before "9", "Z" before "a")', () => {
    const election = canonicalElection(
      input({
        projects: [project('9'), project('a'), project('10'), project('Z'), project('B-2')],
        ballots: [
          { voterId: 'b', choices: [] },
          { voterId: 'B', choices: [] },
          { voterId: '10', choices: [] },
          { voterId: '9', choices: [] },
        ],
      }),
    );
    expect(election.projects.map((row) => row.id)).toEqual(['10', '9', 'B-2', 'Z', 'a']);
    expect(election.voters.map((voter) => voter.id)).toEqual(['10', '9', 'B', 'b']);
  });

  it('writes the projects of a set or a point distribution in id order, each with its points', () => {
    const election = canonicalElection(
      input({
        ballot: { method: 'cumulative', points: 10 },
        ballots: [
          {
            voterId: 'v',
            choices: [
              { projectId: 'C', points: 5 },
              { projectId: 'A', points: 3 },
            ],
          },
        ],
      }),
    );
    expect(election.voters).toEqual([{ id: 'v', ballot: ['A', 'C'], points: [3, 5], fields: {} }]);
  });

  it('keeps a ranking in its given order, best first', () => {
    const election = canonicalElection(
      input({
        ballot: { method: 'ranked', maxRanked: 3 },
        ballots: [{ voterId: 'v', choices: [{ projectId: 'C' }, { projectId: 'A' }, { projectId: 'B' }] }],
      }),
    );
    expect(election.voters.map((voter) => voter.ballot)).toEqual([['C', 'A', 'B']]);
  });

  it('does not modify its input', () => {
    const source = input({
      projects: [project('C'), project('A')],
      ballots: [
        { voterId: 'z', choices: [] },
        { voterId: 'a', choices: [] },
      ],
    });
    const before = structuredClone(source);
    canonicalElection(source);
    expect(source).toEqual(before);
  });
});

describe('canonicalElection: round trip through the pabulib writer and parser', () => {
  it('parsing the written file gives back the same META, projects and ballots, with no warning', () => {
    fc.assert(
      fc.property(electionArb({ withdrawn: true }), fc.boolean(), (source, withSelected) => {
        const selected = withSelected
          ? new Set(source.projects.filter((_, i) => i % 2 === 0).map((p) => p.id))
          : undefined;
        const election = canonicalElection(selected === undefined ? source : { ...source, selected });
        const { election: parsed, warnings } = parsePabulib(writePabulib(election));
        expect(warnings).toEqual([]);
        expect(parsed).toEqual(election);
      }),
    );
  });

  it('the parsed ballots are the input ballots: ids, the projects (a ranking in order, a set by id), points for cumulative', () => {
    fc.assert(
      fc.property(electionArb(), (source) => {
        const parsed = roundTrip(canonicalElection(source));
        const cumulative = source.ballot.method === 'cumulative';
        const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
        const expected = [...source.ballots]
          .sort((a, b) => byId(a.voterId, b.voterId))
          .map((ballot) => {
            const choices =
              source.ballot.method === 'ranked'
                ? ballot.choices
                : [...ballot.choices].sort((a, b) => byId(a.projectId, b.projectId));
            return {
              id: ballot.voterId,
              ballot: choices.map((choice) => choice.projectId),
              points: cumulative ? choices.map((choice) => choice.points) : undefined,
            };
          });
        expect(parsed.voters.map(({ id, ballot, points }) => ({ id, ballot, points }))).toEqual(expected);
      }),
    );
  });

  it('num_projects and num_votes match the rows of the file', () => {
    fc.assert(
      fc.property(electionArb({ withdrawn: true }), (source) => {
        const parsed = roundTrip(canonicalElection(source));
        expect(meta(parsed, 'num_projects')).toBe(String(parsed.projects.length));
        expect(meta(parsed, 'num_votes')).toBe(String(parsed.voters.length));
        expect(parsed.projects).toHaveLength(source.projects.length);
        expect(parsed.voters).toHaveLength(source.ballots.length);
      }),
    );
  });

  it('carries the required pabulib META keys, the budget and the descriptive fields', () => {
    const election = roundTrip(canonicalElection(input({ budget: 123456 })));
    for (const key of [
      'description',
      'country',
      'unit',
      'instance',
      'num_projects',
      'num_votes',
      'budget',
      'vote_type',
      'rule',
      'date_begin',
      'date_end',
    ])
      expect(meta(election, key), key).toBeDefined();
    expect(meta(election, 'budget')).toBe('123456');
    expect(meta(election, 'subunit')).toBe('North');
    expect(meta(election, 'currency')).toBe('JPY');
    expect(meta(election, 'language')).toBe('ja');
    expect(meta(election, 'date_begin')).toBe('01.05.2027');
    expect(meta(election, 'date_end')).toBe('31.05.2027');
  });

  it('names with semicolons, quotes and commas survive the round trip', () => {
    const tricky: ExportProject = {
      id: 'P1',
      cost: 10,
      name: 'Park "Green"; phase 2, north',
      category: 'parks,roads',
      withdrawn: false,
    };
    const election = canonicalElection(input({ description: 'A; "B"', projects: [tricky] }));
    expect(roundTrip(election)).toEqual(election);
    expect(column(roundTrip(election), 'P1', 'name')).toBe('Park "Green"; phase 2, north');
  });

  it('a file with no ballots and an empty ballot still round trips', () => {
    for (const ballots of [[], [{ voterId: 'v1', choices: [] }]]) {
      for (const method of ['approval', 'cumulative', 'ranked'] as const) {
        const election = canonicalElection(input({ ballot: { method }, ballots }));
        expect(roundTrip(election)).toEqual(election);
      }
    }
  });

  // A proposal title is any trimmed string of 3 to 120 characters (proposals.schema.ts), so it
  // may hold a line break; the written file must still parse, or the file cannot be recounted.
  it('a project name holding a line break still gives a file that parses back to the same election', () => {
    const election = canonicalElection(
      input({
        projects: [{ id: 'P1', cost: 10, name: 'Riverside park\nphase 2', category: 'parks', withdrawn: false }],
        ballots: [{ voterId: 'v1', choices: [{ projectId: 'P1' }] }],
      }),
    );
    expect(() => parsePabulib(writePabulib(election))).not.toThrow();
    expect(roundTrip(election)).toEqual(election);
  });
});

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

describe('PROJECTS: withdrawn projects, votes, score and selected', () => {
  it('a withdrawn project keeps its row, with withdrawn 1 and the 999999999 cost', () => {
    const election = roundTrip(
      canonicalElection(input({ budget: 1000, projects: [project('A', 100), project('W', 50, true)] })),
    );
    expect(election.projects.map((row) => row.id)).toEqual(['A', 'W']);
    expect(election.projects[1]?.cost).toBe(String(WITHDRAWN_COST_SENTINEL));
    expect(WITHDRAWN_COST_SENTINEL).toBe(999_999_999);
    expect(column(election, 'W', 'withdrawn')).toBe('1');
    expect(column(election, 'A', 'withdrawn')).toBe('0');
    expect(election.projects[0]?.cost).toBe('100');
    expect(column(election, 'W', 'name')).toBe('Project W');
  });

  it('a withdrawn project costs budget + 1 when the budget reaches the sentinel', () => {
    const cost = (budget: number) =>
      canonicalElection(input({ budget, projects: [project('W', 5, true)] })).projects[0]?.cost;
    expect(cost(999_999_998)).toBe('999999999');
    expect(cost(999_999_999)).toBe('1000000000');
    expect(cost(2_000_000_000)).toBe('2000000001');
    expect(cost(9_000_000_000_000)).toBe('9000000000001');
  });

  it('a withdrawn project always costs more than the budget', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9_000_000_000_000 }), (budget) => {
        const election = canonicalElection(input({ budget, projects: [project('W', 5, true)] }));
        expect(BigInt(election.projects[0]?.cost ?? '0') > BigInt(budget)).toBe(true);
      }),
    );
  });

  it('no rule ever selects a withdrawn project from the file, even one that ballots cast before its withdrawal name', () => {
    fc.assert(
      fc.property(electionArb({ withdrawn: true }), (source) => {
        const withdrawn = new Set(source.projects.filter((entry) => entry.withdrawn).map((entry) => entry.id));
        for (const id of fileCount(source)) expect(withdrawn.has(id)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('ballots naming a withdrawn project recount as if it had never been on them (a ranking closes up)', () => {
    fc.assert(
      fc.property(electionArb({ withdrawn: true }), (source) => {
        const counted = source;
        const allocation: AllocationRules =
          counted.allocation.ties === 'lottery' ? { ...counted.allocation, ties: 'id' } : counted.allocation;
        const withdrawn = new Set(counted.projects.filter((entry) => entry.withdrawn).map((entry) => entry.id));
        const cleaned = {
          ...counted,
          allocation,
          ballots: counted.ballots.map((ballot) => ({
            ...ballot,
            choices: ballot.choices.filter((choice) => !withdrawn.has(choice.projectId)),
          })),
        };
        expect(fileCount({ ...counted, allocation })).toEqual(directCount(cleaned));
      }),
      { numRuns: 200 },
    );
  });

  // Withdrawals can happen during voting (the casting statement re-checks them), so counted
  // ballots may name a withdrawn project. Its sentinel cost keeps greedy away, but MES with
  // Add1 stopping at overspend keeps raising the voters' budgets towards 999999999 and gives up.
  it.each(['exhaustive', 'overspend'] as const)(
    'MES with Add1 (%s) counts a file whose ballots name a withdrawn project, without selecting it',
    (add1Stop) => {
      const source = input({
        budget: 100,
        allocation: { ...defaultAllocationRules('approval'), add1Stop },
        projects: [project('A', 40), project('W', 40, true)],
        ballots: [
          { voterId: 'v1', choices: [{ projectId: 'A' }, { projectId: 'W' }] },
          { voterId: 'v2', choices: [{ projectId: 'W' }] },
        ],
      });
      expect(() => fileCount(source)).not.toThrow();
      expect(fileCount(source)).toEqual(['A']);
    },
  );

  it('no rule selects a withdrawn project even with a budget above the sentinel', () => {
    for (const rule of ['greedy', 'mes', 'phragmen'] as const) {
      for (const completion of ['none', 'greedy', 'add1', 'add1-greedy'] as const) {
        const source = input({
          budget: 2_000_000_000,
          allocation: { ...defaultAllocationRules('approval'), rule, completion, minVotes: 0 },
          projects: [project('A', 10), project('W', 5, true)],
          ballots: [
            { voterId: 'v1', choices: [{ projectId: 'W' }, { projectId: 'A' }] },
            { voterId: 'v2', choices: [{ projectId: 'W' }] },
          ],
        });
        const selected = fileCount(source);
        expect(selected, `${rule}/${completion}`).not.toContain('W');
        expect(selected, `${rule}/${completion}`).toContain('A');
      }
    }
  });

  it('with withdrawn projects (no votes for them), the recount still matches the direct count', () => {
    fc.assert(
      fc.property(
        electionArb({ withdrawn: false }).chain((source) =>
          fc
            .uniqueArray(projectId, { maxLength: 3 })
            .map((extra) => extra.filter((id) => !source.projects.some((entry) => entry.id === id)))
            .map((extra) => ({
              ...source,
              // Not a lottery: its draw is over every listed project, withdrawn ones included.
              allocation:
                source.allocation.ties === 'lottery'
                  ? { ...source.allocation, ties: 'id' as const }
                  : source.allocation,
              projects: [...source.projects, ...extra.map((id) => project(id, 1, true))],
            })),
        ),
        (source) => {
          expect(fileCount(source)).toEqual(directCount(source));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('votes counts the ballots naming each project; score sums points (cumulative) or length − position (ranked); withdrawn projects leave the ballots first', () => {
    fc.assert(
      fc.property(electionArb({ withdrawn: true }), (source) => {
        const election = roundTrip(canonicalElection(source));
        const method = source.ballot.method;
        const scored = method === 'cumulative' || method === 'ranked';
        expect(election.projectColumns.includes('score')).toBe(scored);
        const withdrawn = new Set(source.projects.filter((entry) => entry.withdrawn).map((entry) => entry.id));
        const counted = source.ballots.map((ballot) => ({
          choices: ballot.choices.filter((choice) => !withdrawn.has(choice.projectId)),
        }));
        for (const voter of election.voters) expect(voter.ballot.some((id) => withdrawn.has(id))).toBe(false);
        for (const entry of source.projects) {
          let votes = 0;
          let score = 0;
          for (const ballot of counted) {
            const position = ballot.choices.findIndex((choice) => choice.projectId === entry.id);
            if (position < 0) continue;
            votes += 1;
            score +=
              method === 'cumulative' ? (ballot.choices[position]?.points ?? 0) : ballot.choices.length - position;
          }
          expect(column(election, entry.id, 'votes')).toBe(String(votes));
          if (scored) expect(column(election, entry.id, 'score')).toBe(String(score));
        }
      }),
    );
  });

  it('votes and score agree with what the engine tallies from the file', () => {
    fc.assert(
      fc.property(electionArb(), (source) => {
        const parsed = roundTrip(canonicalElection(source));
        const tallied = electionFromPabulib(parsed);
        parsed.projects.forEach((row, index) => {
          expect(row.fields.votes).toBe(String(tallied.votes[index]));
          if (row.fields.score !== undefined) expect(row.fields.score).toBe(String(tallied.scores[index]));
        });
      }),
    );
  });

  it('worked example: ranked ballots give the first of a k-long ranking k points', () => {
    const election = canonicalElection(
      input({
        ballot: { method: 'ranked' },
        ballots: [
          { voterId: 'v1', choices: [{ projectId: 'B' }, { projectId: 'A' }, { projectId: 'C' }] },
          { voterId: 'v2', choices: [{ projectId: 'A' }] },
        ],
      }),
    );
    expect(election.projectColumns).toEqual(['project_id', 'cost', 'votes', 'score', 'name', 'category', 'withdrawn']);
    expect(election.projects.map((row) => [row.id, row.fields.votes, row.fields.score])).toEqual([
      ['A', '2', '3'],
      ['B', '1', '3'],
      ['C', '1', '1'],
    ]);
    expect(election.voters[0]?.points).toBeUndefined();
  });

  it('the selected column appears only when selected is given, 1 for funded and 0 otherwise', () => {
    const projects = [project('A'), project('B'), project('W', 5, true)];
    const without = roundTrip(canonicalElection(input({ projects })));
    expect(without.projectColumns).not.toContain('selected');
    expect(without.projectColumns).toEqual(['project_id', 'cost', 'votes', 'name', 'category', 'withdrawn']);
    const withColumn = roundTrip(canonicalElection(input({ projects, selected: new Set(['B']) })));
    expect(withColumn.projectColumns).toEqual([
      'project_id',
      'cost',
      'votes',
      'name',
      'category',
      'withdrawn',
      'selected',
    ]);
    expect(withColumn.projects.map((row) => row.fields.selected)).toEqual(['0', '1', '0']);
    const none = roundTrip(canonicalElection(input({ projects, selected: new Set() })));
    expect(none.projects.map((row) => row.fields.selected)).toEqual(['0', '0', '0']);
  });

  it('the selected column written from a count marks exactly the projects the file recounts to', () => {
    fc.assert(
      fc.property(electionArb({ withdrawn: true }), (source) => {
        const selected = new Set(fileCount(source));
        const parsed = roundTrip(canonicalElection({ ...source, selected }));
        const marked = parsed.projects.filter((row) => row.fields.selected === '1').map((row) => row.id);
        expect(new Set(marked)).toEqual(
          new Set(allocate(electionFromPabulib(parsed), allocationOptionsFromMeta(parsed)).selected),
        );
      }),
      { numRuns: 100 },
    );
  });
});
