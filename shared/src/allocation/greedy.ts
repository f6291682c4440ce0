import type { ExplanationReason, ProjectExplanation } from './allocation.types.js';
import type { AllocationElection } from './election.js';
import type { TieBreaker, TieRecord } from './tie-breaking.js';

export interface GreedyOptions {
  noSkip: boolean;
  threshold: number | undefined;
  minVotes: number;
  tieBreaker: TieBreaker;
  /** Completion mode: projects already bought by another rule, in order. */
  initial?: number[];
  stage?: 'greedy' | 'completion';
}

export type GreedyNote = Pick<ProjectExplanation, 'reason' | 'rank' | 'remainingBefore' | 'round' | 'stage'>;

export interface GreedyOutcome {
  selected: number[];
  notes: Map<number, GreedyNote>;
  ties: TieRecord[];
}

/** Projects by score descending, ties by the tie order: the order every greedy variant walks. */
export function greedyOrder(election: AllocationElection, tieBreaker: TieBreaker): number[] {
  return election.projects
    .map((_, index) => index)
    .sort(
      (a, b) =>
        (election.scores[b] ?? 0) - (election.scores[a] ?? 0) || (tieBreaker.rank[a] ?? 0) - (tieBreaker.rank[b] ?? 0),
    );
}

function recordTies(election: AllocationElection, order: number[], stage: TieRecord['stage']): TieRecord[] {
  const ties: TieRecord[] = [];
  for (let start = 0; start < order.length;) {
    let end = start + 1;
    const score = election.scores[order[start] ?? 0];
    while (end < order.length && election.scores[order[end] ?? 0] === score) end += 1;
    if (end - start > 1) {
      const candidates = order.slice(start, end).map((index) => election.projects[index]?.id ?? '');
      ties.push({ stage, round: start + 1, candidates, chosen: candidates[0] ?? '' });
    }
    start = end;
  }
  return ties;
}

/**
 * Greedy by score: walk the projects by score and add each that still fits (or, with noSkip, stop
 * at the first that does not). A project costing more than the whole budget (pabulib's withdrawn
 * sentinel) is passed over without stopping.
 */
export function greedy(election: AllocationElection, options: GreedyOptions): GreedyOutcome {
  const stage = options.stage ?? 'greedy';
  const order = greedyOrder(election, options.tieBreaker);
  const selected = [...(options.initial ?? [])];
  const already = new Set(selected);
  let remaining = election.budget - selected.reduce((sum, index) => sum + (election.projects[index]?.cost ?? 0n), 0n);
  const notes = new Map<number, GreedyNote>();
  const eligible: number[] = [];
  let stopped = false;
  let bought = 0;
  order.forEach((project, position) => {
    if (already.has(project)) return;
    const cost = election.projects[project]?.cost ?? 0n;
    const note = (reason: ExplanationReason): GreedyNote => ({
      reason,
      rank: position + 1,
      remainingBefore: Number(remaining) / 10 ** election.scale,
    });
    if ((election.votes[project] ?? 0) < options.minVotes) {
      notes.set(project, note('below_min_votes'));
      return;
    }
    if (options.threshold !== undefined && (election.scores[project] ?? 0) < options.threshold) {
      notes.set(project, note('below_threshold'));
      return;
    }
    eligible.push(project);
    if (cost > election.budget) {
      notes.set(project, note('exceeds_budget'));
      return;
    }
    if (stopped) {
      notes.set(project, note('stopped_no_skip'));
      return;
    }
    if (cost <= remaining) {
      bought += 1;
      notes.set(project, { ...note('selected'), stage, round: bought });
      remaining -= cost;
      selected.push(project);
      return;
    }
    notes.set(project, note('did_not_fit'));
    if (options.noSkip) stopped = true;
  });
  return { selected, notes, ties: recordTies(election, eligible, stage) };
}
