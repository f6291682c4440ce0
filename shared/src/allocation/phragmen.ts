import Fraction from 'fraction.js';
import type { AllocationElection } from './election.js';
import { byTieOrder, type TieBreaker, type TieRecord } from './tie-breaking.js';

export interface PhragmenPurchase {
  project: number;
  round: number;
  load: number;
}

export interface PhragmenOutcome {
  selected: number[];
  purchases: PhragmenPurchase[];
  ties: TieRecord[];
  /** The min-load project that did not fit and ended the rule, if any. */
  stoppedAt: number | undefined;
}

const NEAR = 1e-9;

/**
 * Sequential Phragmén on the approval projection. Every supporter of a bought project gets the
 * same new load, so a voter's load is always one of the rounds' loads: exact loads are kept per
 * round as rationals, floats pick the minimum, and candidates within NEAR of it are compared
 * exactly (see mes-fast.ts for why that suffices).
 */
export function sequentialPhragmen(
  election: AllocationElection,
  minVotes: number,
  tieBreaker: TieBreaker,
): PhragmenOutcome {
  const supporters: number[][] = election.projects.map(() => []);
  election.groups.forEach((group, index) => {
    for (const project of group.projects) supporters[project]?.push(index);
  });
  const weights = supporters.map((groups) =>
    groups.reduce((sum, group) => sum + (election.groups[group]?.multiplicity ?? 0), 0),
  );
  const weightOf = (project: number): number => weights[project] ?? 0;
  const loadRound = new Int32Array(election.groups.length).fill(-1);
  const roundLoads: { value: number; exact: Fraction }[] = [];
  let remaining = byTieOrder(
    tieBreaker,
    election.projects
      .map((_, index) => index)
      .filter(
        (project) =>
          (election.projects[project]?.cost ?? 0n) <= election.budget && (election.votes[project] ?? 0) >= minVotes,
      ),
  );
  const selected: number[] = [];
  const purchases: PhragmenPurchase[] = [];
  const ties: TieRecord[] = [];
  let spent = 0n;
  const floatLoad = (project: number): number => {
    const weight = weightOf(project);
    if (weight === 0) return Infinity;
    let sum = Number(election.projects[project]?.cost ?? 0n);
    for (const group of supporters[project] ?? []) {
      const round = loadRound[group] ?? -1;
      if (round >= 0) sum += (election.groups[group]?.multiplicity ?? 0) * (roundLoads[round]?.value ?? 0);
    }
    return sum / weight;
  };
  const exactLoad = (project: number): Fraction | undefined => {
    const weight = weightOf(project);
    if (weight === 0) return undefined;
    const counts = new Map<number, number>();
    for (const group of supporters[project] ?? []) {
      const round = loadRound[group] ?? -1;
      if (round >= 0) counts.set(round, (counts.get(round) ?? 0) + (election.groups[group]?.multiplicity ?? 0));
    }
    let sum = new Fraction(election.projects[project]?.cost ?? 0n);
    for (const [round, count] of counts) sum = sum.add((roundLoads[round]?.exact ?? new Fraction(0)).mul(count));
    return sum.div(weight);
  };
  let stoppedAt: number | undefined;
  for (let round = 1; remaining.length > 0; round += 1) {
    const loads = remaining.map((project) => ({ project, value: floatLoad(project) }));
    const best = Math.min(...loads.map((load) => load.value));
    let tied: number[];
    if (best === Infinity) {
      tied = remaining;
    } else {
      const near = loads.filter((load) => load.value <= best * (1 + NEAR)).map((load) => load.project);
      const exact = near.map((project) => ({ project, load: exactLoad(project) ?? new Fraction(0) }));
      const minimum = exact.reduce(
        (min, entry) => (entry.load.compare(min) < 0 ? entry.load : min),
        exact[0]?.load ?? new Fraction(0),
      );
      tied = exact.filter((entry) => entry.load.equals(minimum)).map((entry) => entry.project);
    }
    if (tied.some((project) => spent + (election.projects[project]?.cost ?? 0n) > election.budget)) {
      stoppedAt = byTieOrder(tieBreaker, tied)[0];
      break;
    }
    const ordered = byTieOrder(tieBreaker, tied);
    const chosen = ordered[0] ?? -1;
    if (ordered.length > 1) {
      const ids = ordered.map((project) => election.projects[project]?.id ?? '');
      ties.push({ stage: 'phragmen', round, candidates: ids, chosen: ids[0] ?? '' });
    }
    const exact = exactLoad(chosen);
    if (exact !== undefined) {
      roundLoads.push({ value: exact.valueOf(), exact });
      for (const group of supporters[chosen] ?? []) loadRound[group] = roundLoads.length - 1;
    }
    selected.push(chosen);
    purchases.push({ project: chosen, round, load: (exact?.valueOf() ?? Infinity) / 10 ** election.scale });
    spent += election.projects[chosen]?.cost ?? 0n;
    remaining = remaining.filter((project) => project !== chosen);
  }
  return { selected, purchases, ties, stoppedAt };
}
