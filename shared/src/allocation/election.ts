import { parseDecimal, rescale } from '../pabulib/decimal.js';
import { metaValue, voteTypeOf, type PbElection, type VoteType } from '../pabulib/pabulib.types.js';

/** Voters with identical ballots share one group: their budgets stay identical under every rule. */
export interface BallotGroup {
  /** Project indices in ballot order (the ranking, for ordinal ballots). */
  projects: number[];
  /** Points per listed project: given points (cumulative, scoring), L − position (ordinal), 1 (approval). */
  points: number[];
  multiplicity: number;
}

export interface AllocationProject {
  id: string;
  /** Cost in units of 10^-scale of the currency: exact integers even for decimal costs. */
  cost: bigint;
}

/** The rule-facing form of an election: exact money, grouped ballots, per-project tallies. */
export interface AllocationElection {
  voteType: VoteType;
  /** Decimal places of money: amounts are integers in units of 10^-scale. */
  scale: number;
  budget: bigint;
  projects: AllocationProject[];
  groups: BallotGroup[];
  /** All voters, including those whose ballot is empty (they still count in MES's B/n). */
  voterCount: number;
  /** Voters whose ballot mentions the project. */
  votes: number[];
  /** What greedy ranks by: approvals, or total points for cumulative, scoring and ordinal ballots. */
  scores: number[];
  /** `min_project_score_threshold` from META, when present. */
  scoreThreshold: number | undefined;
}

export interface ElectionInput {
  voteType: VoteType;
  budget: string;
  projects: { id: string; cost: string }[];
  /** Ballots in order: ids (ranking order for ordinal) with points for cumulative/scoring. */
  ballots: { projects: string[]; points?: number[] | undefined }[];
  scoreThreshold?: number | undefined;
}

function pointsOf(voteType: VoteType, ballot: ElectionInput['ballots'][number]): number[] {
  if (voteType === 'ordinal') return ballot.projects.map((_, position) => ballot.projects.length - position);
  if (voteType === 'cumulative' || voteType === 'scoring') return ballot.points ?? ballot.projects.map(() => 0);
  return ballot.projects.map(() => 1);
}

export function buildElection(input: ElectionInput): AllocationElection {
  const budget = parseDecimal(input.budget);
  if (budget === undefined) throw new Error(`budget "${input.budget}" is not a number`);
  const costs = input.projects.map((project) => {
    const cost = parseDecimal(project.cost);
    if (cost === undefined) throw new Error(`cost "${project.cost}" of project ${project.id} is not a number`);
    return cost;
  });
  const scale = Math.max(budget.scale, ...costs.map((cost) => cost.scale));
  const indexById = new Map(input.projects.map((project, index) => [project.id, index]));
  const votes = input.projects.map(() => 0);
  const scores = input.projects.map(() => 0);
  const groups = new Map<string, BallotGroup>();
  for (const ballot of input.ballots) {
    const points = pointsOf(input.voteType, ballot);
    const projects = ballot.projects.map((id) => {
      const index = indexById.get(id);
      if (index === undefined) throw new Error(`ballot names unknown project ${id}`);
      return index;
    });
    projects.forEach((project, position) => {
      votes[project] = (votes[project] ?? 0) + 1;
      scores[project] = (scores[project] ?? 0) + (points[position] ?? 0);
    });
    const key = `${projects.join(',')}|${points.join(',')}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { projects, points, multiplicity: 1 });
    else group.multiplicity += 1;
  }
  return {
    voteType: input.voteType,
    scale,
    budget: rescale(budget, scale),
    projects: input.projects.map((project, index) => ({
      id: project.id,
      cost: rescale(costs[index] ?? budget, scale),
    })),
    groups: [...groups.values()],
    voterCount: input.ballots.length,
    votes,
    scores,
    scoreThreshold: input.scoreThreshold,
  };
}

export function electionFromPabulib(election: PbElection): AllocationElection {
  const threshold = metaValue(election, 'min_project_score_threshold');
  return buildElection({
    voteType: voteTypeOf(election),
    budget: metaValue(election, 'budget') ?? '0',
    projects: election.projects.map((project) => ({ id: project.id, cost: project.cost })),
    ballots: election.voters.map((voter) => ({ projects: voter.ballot, points: voter.points })),
    scoreThreshold: threshold === undefined || threshold === '' ? undefined : Number(threshold),
  });
}
