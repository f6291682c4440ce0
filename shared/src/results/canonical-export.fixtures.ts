/**
 * Shared arbitraries and helpers for the canonical-export tests (canonical-export.*.test.ts).
 * Not a test file itself: vitest only picks up *.test.ts.
 */
import fc from 'fast-check';
import { allocate } from '../allocation/allocate.js';
import type { AllocationOptions } from '../allocation/allocation.types.js';
import { buildElection, electionFromPabulib } from '../allocation/election.js';
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

export function project(id: string, cost = 100, withdrawn = false): ExportProject {
  return { id, cost, name: `Project ${id}`, category: 'parks', withdrawn };
}

export function input(overrides: Partial<CanonicalExportInput> = {}): CanonicalExportInput {
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

export const roundTrip = (election: PbElection): PbElection => parsePabulib(writePabulib(election)).election;
export const meta = (election: PbElection, key: string): string | undefined => metaValue(election, key);
export const column = (election: PbElection, id: string, name: string): string | undefined =>
  election.projects.find((row) => row.id === id)?.fields[name];

/** The cycle's rules as the engine's options, the way a count made without the file would use them. */
export function engineOptions(rules: AllocationRules): Partial<AllocationOptions> {
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
export function directCount(source: CanonicalExportInput): string[] {
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
export function fileCount(source: CanonicalExportInput): string[] {
  const parsed = roundTrip(canonicalElection(source));
  return allocate(electionFromPabulib(parsed), allocationOptionsFromMeta(parsed)).selected;
}

// ---------------------------------------------------------------------------------------------
// Arbitraries

/** Ids as public ids look, mixing case and digits so plain string order differs from numeric. */
export const projectId = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9./_-]{0,4}$/);
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

export interface ElectionOptions {
  methods?: readonly BallotMethod[];
  rules?: readonly AllocationRules['rule'][];
  /** Allow withdrawn projects (and ballots that still name them). */
  withdrawn?: boolean;
  maxBudget?: number;
}

/** Small random district elections, so that ties and near-ties are frequent. */
export function electionArb(options: ElectionOptions = {}): fc.Arbitrary<CanonicalExportInput> {
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
export const shuffled = (source: CanonicalExportInput): fc.Arbitrary<CanonicalExportInput> =>
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
