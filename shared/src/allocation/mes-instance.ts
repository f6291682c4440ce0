import type { MesPayments, Utility } from './allocation.types.js';
import type { AllocationElection } from './election.js';
import type { TieRecord } from './tie-breaking.js';

/** The supporters of each project with their utilities, built once and reused by every MES run. */
export interface MesInstance {
  election: AllocationElection;
  utility: Utility;
  /** Projects MES may buy: cost > 0, total utility > 0, enough votes. */
  candidates: number[];
  /** Supported projects of cost 0: bought before the first round, as the reference does. */
  free: number[];
  costs: Float64Array;
  supporters: Int32Array[];
  /** Per-voter utility of each supporter group (same order as `supporters`). */
  utilities: Float64Array[];
  multiplicities: Float64Array;
  /** Whether every utility is an integer, so all-rich rhos can be compared exactly as c/U. */
  integerUtilities: boolean;
}

function utilityOf(utility: Utility, cost: number, points: number): number {
  switch (utility) {
    case 'cost':
      return cost;
    case 'cardinality':
      return 1;
    case 'points':
      return points;
    case 'points-cost':
      return points * cost;
  }
}

export function buildMesInstance(election: AllocationElection, utility: Utility, minVotes: number): MesInstance {
  const projectCount = election.projects.length;
  const costs = Float64Array.from(election.projects, (project) => Number(project.cost));
  const supporterLists: number[][] = Array.from({ length: projectCount }, () => []);
  const utilityLists: number[][] = Array.from({ length: projectCount }, () => []);
  let integerUtilities = true;
  election.groups.forEach((group, groupIndex) => {
    group.projects.forEach((project, position) => {
      const value = utilityOf(utility, costs[project] ?? 0, group.points[position] ?? 0);
      if (value <= 0) return;
      if (!Number.isInteger(value)) integerUtilities = false;
      supporterLists[project]?.push(groupIndex);
      utilityLists[project]?.push(value);
    });
  });
  const candidates: number[] = [];
  const free: number[] = [];
  for (let project = 0; project < projectCount; project += 1) {
    if ((supporterLists[project]?.length ?? 0) === 0 || (election.votes[project] ?? 0) < minVotes) continue;
    if ((election.projects[project]?.cost ?? 0n) === 0n) free.push(project);
    else candidates.push(project);
  }
  return {
    election,
    utility,
    candidates,
    free,
    costs,
    supporters: supporterLists.map((list) => Int32Array.from(list)),
    utilities: utilityLists.map((list) => Float64Array.from(list)),
    multiplicities: Float64Array.from(election.groups, (group) => group.multiplicity),
    integerUtilities,
  };
}

export interface MesPurchase {
  project: number;
  round: number;
  /** Display value of rho; decisions were exact. */
  rho: number;
  payments: MesPayments;
}

export interface MesRun {
  /** Free projects first, then purchases in round order. */
  selected: number[];
  purchases: MesPurchase[];
  unaffordable: Map<number, { round: number; money: number }>;
  ties: TieRecord[];
  /** Whether the exact implementation decided this run (a near-tie defeated the fast one). */
  exact: boolean;
}

export function totalCost(election: AllocationElection, projects: number[]): bigint {
  return projects.reduce((sum, project) => sum + (election.projects[project]?.cost ?? 0n), 0n);
}

/** Records a tie of a round when more than one project shares the best rho (`ordered` by tie order). */
export function recordTie(instance: MesInstance, ties: TieRecord[], round: number, ordered: number[]): void {
  if (ordered.length < 2) return;
  const ids = ordered.map((project) => instance.election.projects[project]?.id ?? '');
  ties.push({ stage: 'mes', round, candidates: ids, chosen: ids[0] ?? '' });
}

/** Removes, in place, the projects dropped as unaffordable this round and the one just bought. */
export function removeDecided(remaining: number[], dropped: Set<number>, chosen: number | undefined): void {
  for (let i = remaining.length - 1; i >= 0; i -= 1) {
    const project = remaining[i] ?? -1;
    if (dropped.has(project) || project === chosen) remaining.splice(i, 1);
  }
}

export function finishRun(
  instance: MesInstance,
  purchases: MesPurchase[],
  unaffordable: MesRun['unaffordable'],
  ties: TieRecord[],
  exact: boolean,
): MesRun {
  return {
    selected: [...instance.free, ...purchases.map((purchase) => purchase.project)],
    purchases,
    unaffordable,
    ties,
    exact,
  };
}
