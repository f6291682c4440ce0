import type { AllocationOptions } from '../allocation/allocation.types.js';
import type { AllocationRules, BallotMethod, BallotRules } from '../cycles/cycles.schema.js';
import { metaValue, type PbElection, type PbVoter, type VoteType } from '../pabulib/pabulib.types.js';

/** A project as exported: `id` is its public id (tie-breaks and recounts use it). */
export interface ExportProject {
  id: string;
  cost: number;
  name: string;
  category: string;
  withdrawn: boolean;
}

/** One counted ballot; `voterId` is the ballot's random id, fixed when it was cast. */
export interface ExportBallot {
  voterId: string;
  choices: readonly { projectId: string; points?: number | undefined }[];
}

export interface CanonicalExportInput {
  description: string;
  country: string;
  unit: string;
  subunit: string;
  instance: string;
  dateBegin: string;
  dateEnd: string;
  currency: string;
  language: string;
  budget: number;
  ballot: BallotRules;
  allocation: AllocationRules;
  projects: readonly ExportProject[];
  ballots: readonly ExportBallot[];
  /** The funded projects, once counted: adds the `selected` column. */
  selected?: ReadonlySet<string>;
}

/** Every engine option travels in META under this prefix, so the file alone is enough to recount. */
export const OPTION_META_PREFIX = 'pb_';
/** Larger than any budget, as pabulib marks a withdrawn project; raised above budgets of that size. */
export const WITHDRAWN_COST_SENTINEL = 999_999_999;

const VOTE_TYPES: Record<BallotMethod, VoteType> = {
  approval: 'approval',
  knapsack: 'approval',
  cumulative: 'cumulative',
  ranked: 'ordinal',
};

/** pabulib's `rule` key for the cycle's rule (§1.2 of RULES.md). */
function pabulibRule(allocation: AllocationRules): string {
  if (allocation.rule === 'greedy') return 'greedy';
  if (allocation.rule === 'phragmen') return 'phragmen';
  const add1 = allocation.completion === 'add1' || allocation.completion === 'add1-greedy';
  const comparison = allocation.comparison === 'greedy' ? '-comparison' : '';
  return add1 ? `equalshares/add1${comparison}` : `equalshares${comparison}`;
}

/** pabulib readers take a line break in a field for the end of a row. */
function singleLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function compareIds(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

function ballotLimits(ballot: BallotRules, budget: number, projectCount: number): [string, string][] {
  switch (ballot.method) {
    case 'approval':
      return [
        ['min_length', String(Math.max(1, ballot.minProjects ?? 1))],
        ['max_length', String(Math.min(ballot.maxProjects ?? projectCount, projectCount))],
      ];
    case 'knapsack':
      return [
        ['min_sum_cost', String(Math.ceil((budget * (ballot.minSpendPercent ?? 0)) / 100))],
        ['max_sum_cost', String(budget)],
      ];
    case 'cumulative': {
      const points = ballot.points ?? 10;
      return [
        ['max_sum_points', String(points)],
        ['max_points', String(Math.min(points, ballot.maxPointsPerProject ?? points))],
      ];
    }
    case 'ranked':
      return [
        ['min_length', '1'],
        ['max_length', String(Math.min(ballot.maxRanked ?? projectCount, projectCount))],
      ];
  }
}

function optionMeta(allocation: AllocationRules): [string, string][] {
  const entries: [string, string][] = [
    ['rule', allocation.rule],
    ['utility', allocation.utility],
    ['completion', allocation.completion],
    ['add1_stop', allocation.add1Stop],
    ['increment', allocation.increment],
    ['comparison', allocation.comparison],
    ['min_votes', String(allocation.minVotes)],
    ['ties', allocation.ties],
  ];
  if (allocation.seed !== undefined) entries.push(['seed', String(allocation.seed)]);
  return entries.map(([key, value]) => [`${OPTION_META_PREFIX}${key}`, value]);
}

/** What every ballot of a district is written against: its vote type and withdrawn projects. */
export interface CanonicalBallotContext {
  voteType: VoteType;
  withdrawn: ReadonlySet<string>;
}

export type CanonicalHeadInput = Omit<CanonicalExportInput, 'ballots'>;

export function canonicalBallotContext(input: CanonicalHeadInput): CanonicalBallotContext {
  return {
    voteType: VOTE_TYPES[input.ballot.method],
    withdrawn: new Set(input.projects.filter((project) => project.withdrawn).map((project) => project.id)),
  };
}

/** Votes and scores per project, summed ballot by ballot (so a stream of ballots can be tallied). */
export class CanonicalTally {
  readonly votes = new Map<string, number>();
  readonly scores = new Map<string, number>();
  voters = 0;

  add(voter: PbVoter, scorePoints: readonly number[]): void {
    this.voters += 1;
    voter.ballot.forEach((id, position) => {
      this.votes.set(id, (this.votes.get(id) ?? 0) + 1);
      this.scores.set(id, (this.scores.get(id) ?? 0) + (scorePoints[position] ?? 0));
    });
  }
}

/**
 * One ballot as its canonical VOTES row, and the points it gives each project for the score: a
 * withdrawn project takes no vote (it leaves the ballot; a ranking closes up behind it); sets and
 * point distributions are in project-id order, and a ranking keeps its order, which is the vote.
 */
export function canonicalVoter(
  ballot: ExportBallot,
  context: CanonicalBallotContext,
): { voter: PbVoter; scorePoints: number[] } {
  const { voteType, withdrawn } = context;
  const kept = ballot.choices.filter((choice) => !withdrawn.has(choice.projectId));
  if (voteType !== 'ordinal') kept.sort((left, right) => compareIds(left.projectId, right.projectId));
  const ids = kept.map((choice) => choice.projectId);
  const scorePoints =
    voteType === 'cumulative'
      ? kept.map((choice) => choice.points ?? 0)
      : voteType === 'ordinal'
        ? ids.map((_, position) => ids.length - position)
        : ids.map(() => 1);
  return {
    voter: { id: ballot.voterId, ballot: ids, points: voteType === 'cumulative' ? scorePoints : undefined, fields: {} },
    scorePoints,
  };
}

/**
 * META and PROJECTS of the canonical file (no voters yet): the counts come from the tally of the
 * ballots, so a stream can write the head first and then the ballots in voter-id order.
 */
export function canonicalElectionHead(input: CanonicalHeadInput, tally: CanonicalTally): PbElection {
  const voteType = VOTE_TYPES[input.ballot.method];
  const projects = [...input.projects].sort((left, right) => compareIds(left.id, right.id));
  const open = projects.filter((project) => !project.withdrawn);
  const withdrawnCost = Math.max(WITHDRAWN_COST_SENTINEL, input.budget + 1);
  const scored = voteType !== 'approval';
  const selected = input.selected;
  return {
    meta: [
      ['description', singleLine(input.description)],
      ['country', input.country],
      ['unit', singleLine(input.unit)],
      ['subunit', singleLine(input.subunit)],
      ['instance', input.instance],
      ['num_projects', String(projects.length)],
      ['num_votes', String(tally.voters)],
      ['budget', String(input.budget)],
      ['vote_type', voteType],
      ['rule', pabulibRule(input.allocation)],
      ['date_begin', input.dateBegin],
      ['date_end', input.dateEnd],
      ...ballotLimits(input.ballot, input.budget, open.length),
      ['currency', input.currency],
      ['language', input.language],
      ...optionMeta(input.allocation),
    ],
    projectColumns: [
      'project_id',
      'cost',
      'votes',
      ...(scored ? ['score'] : []),
      'name',
      'category',
      'withdrawn',
      ...(selected === undefined ? [] : ['selected']),
    ],
    projects: projects.map((project) => ({
      id: project.id,
      cost: String(project.withdrawn ? withdrawnCost : project.cost),
      fields: {
        votes: String(tally.votes.get(project.id) ?? 0),
        ...(scored ? { score: String(tally.scores.get(project.id) ?? 0) } : {}),
        name: singleLine(project.name),
        category: singleLine(project.category),
        withdrawn: project.withdrawn ? '1' : '0',
        ...(selected === undefined ? {} : { selected: selected.has(project.id) ? '1' : '0' }),
      },
    })),
    voterColumns: ['voter_id', 'vote', ...(voteType === 'cumulative' ? ['points'] : [])],
    voters: [],
  };
}

/** Ballot ids are lower-case UUIDs: this order is PostgreSQL's order of the uuid column. */
export function compareVoterIds(left: string, right: string): number {
  return compareIds(left, right);
}

/**
 * One district's counted ballots as a canonical pabulib election: voters sorted by their random
 * id, projects by id, each ballot as {@link canonicalVoter} writes it, withdrawn projects keeping
 * their row (marked, priced above the budget), and META with the budget, the rule and every
 * engine option. The same ballots always give the same bytes, so the file's SHA-256 identifies
 * what a result was computed from.
 */
export function canonicalElection(input: CanonicalExportInput): PbElection {
  const context = canonicalBallotContext(input);
  const tally = new CanonicalTally();
  const voters = [...input.ballots]
    .sort((left, right) => compareIds(left.voterId, right.voterId))
    .map((ballot) => {
      const { voter, scorePoints } = canonicalVoter(ballot, context);
      tally.add(voter, scorePoints);
      return voter;
    });
  return { ...canonicalElectionHead(input, tally), voters };
}

/**
 * The engine options a canonical file carries (see {@link canonicalElection}), for recounting it
 * with nothing else at hand; undefined when the file carries none (another platform's export).
 */
export function allocationOptionsFromMeta(election: PbElection): Partial<AllocationOptions> | undefined {
  const option = (key: string) => metaValue(election, `${OPTION_META_PREFIX}${key}`);
  const rule = option('rule');
  if (rule === undefined) return undefined;
  const seed = option('seed');
  return {
    rule: rule as AllocationOptions['rule'],
    utility: (option('utility') ?? 'cost') as AllocationOptions['utility'],
    completion: (option('completion') ?? 'none') as AllocationOptions['completion'],
    add1Stop: (option('add1_stop') ?? 'exhaustive') as AllocationOptions['add1Stop'],
    increment: option('increment') ?? '1',
    comparison: (option('comparison') ?? 'none') as AllocationOptions['comparison'],
    minVotes: Number(option('min_votes') ?? '0'),
    ties: (option('ties') ?? 'id') as AllocationOptions['ties'],
    ...(seed === undefined ? {} : { seed: Number(seed) }),
  };
}
