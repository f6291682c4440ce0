import { formatUnits } from '../pabulib/decimal.js';
import {
  DEFAULT_OPTIONS,
  type AllocationOptions,
  type AllocationResult,
  type ComparisonResult,
  type ProjectExplanation,
} from './allocation.types.js';
import type { AllocationElection } from './election.js';
import { greedy, type GreedyNote } from './greedy.js';
import { methodOfEqualShares, type MesOutcome } from './mes.js';
import { totalCost } from './mes-instance.js';
import { sequentialPhragmen } from './phragmen.js';
import { createTieBreaker, type TieBreaker, type TieRecord } from './tie-breaking.js';

function baseExplanation(election: AllocationElection, project: number, selected: boolean): ProjectExplanation {
  return {
    projectId: election.projects[project]?.id ?? '',
    cost: formatUnits(election.projects[project]?.cost ?? 0n, election.scale),
    votes: election.votes[project] ?? 0,
    score: election.scores[project] ?? 0,
    selected,
    reason: selected ? 'selected' : 'did_not_fit',
  };
}

function runGreedy(
  election: AllocationElection,
  options: AllocationOptions,
  tieBreaker: TieBreaker,
  initial?: number[],
) {
  return greedy(election, {
    noSkip: options.noSkip,
    threshold: options.threshold,
    minVotes: options.minVotes,
    tieBreaker,
    ...(initial === undefined ? {} : { initial, stage: 'completion' as const }),
  });
}

function explainGreedy(
  election: AllocationElection,
  selected: number[],
  notes: Map<number, GreedyNote>,
): ProjectExplanation[] {
  const chosen = new Set(selected);
  return election.projects.map((_, project) => ({
    ...baseExplanation(election, project, chosen.has(project)),
    ...notes.get(project),
  }));
}

/** A voter prefers the outcome holding more of the projects they approved; indifferent voters count for neither. */
function compareWithGreedy(election: AllocationElection, mes: number[], greedyOutcome: number[]): ComparisonResult {
  const inMes = new Set(mes);
  const inGreedy = new Set(greedyOutcome);
  let preferMes = 0;
  let preferGreedy = 0;
  for (const group of election.groups) {
    const mesCount = group.projects.filter((project) => inMes.has(project)).length;
    const greedyCount = group.projects.filter((project) => inGreedy.has(project)).length;
    if (mesCount > greedyCount) preferMes += group.multiplicity;
    else if (greedyCount > mesCount) preferGreedy += group.multiplicity;
  }
  return { winner: preferGreedy > preferMes ? 'greedy' : 'mes', preferMes, preferGreedy };
}

function explainMes(
  election: AllocationElection,
  options: AllocationOptions,
  outcome: MesOutcome,
  selected: number[],
  completionNotes: Map<number, GreedyNote> | undefined,
): ProjectExplanation[] {
  const chosen = new Set(selected);
  const purchases = new Map(outcome.run.purchases.map((purchase) => [purchase.project, purchase]));
  const free = new Set(outcome.instance.free);
  const eligible = new Set([...outcome.instance.free, ...outcome.instance.candidates]);
  const voterBudget =
    outcome.add1 === undefined ? undefined : outcome.add1.voterBudget.valueOf() / 10 ** election.scale;
  return election.projects.map((_, project) => {
    const explanation = baseExplanation(election, project, chosen.has(project));
    const purchase = purchases.get(project);
    if (purchase !== undefined) {
      return {
        ...explanation,
        stage: 'mes',
        round: purchase.round,
        rho: purchase.rho,
        ...(options.utility === 'cost' ? { effectiveVotes: 1 / purchase.rho } : {}),
        payments: purchase.payments,
        ...(voterBudget === undefined ? {} : { voterBudget }),
      };
    }
    if (free.has(project)) return { ...explanation, stage: 'free', round: 0 };
    const completion = completionNotes?.get(project);
    if (completion?.reason === 'selected') return { ...explanation, ...completion };
    const unaffordable = outcome.run.unaffordable.get(project);
    const mesReason: Partial<ProjectExplanation> =
      (election.votes[project] ?? 0) < options.minVotes
        ? { reason: 'below_min_votes' }
        : !eligible.has(project)
          ? { reason: 'no_supporters' }
          : unaffordable !== undefined
            ? { reason: 'not_affordable', unaffordableInRound: unaffordable.round, supportersMoney: unaffordable.money }
            : { reason: 'not_affordable' };
    return { ...explanation, ...mesReason, ...(voterBudget === undefined ? {} : { voterBudget }) };
  });
}

function allocateMes(
  election: AllocationElection,
  options: AllocationOptions,
  tieBreaker: TieBreaker,
): AllocationResult {
  const add1 = options.completion === 'add1' || options.completion === 'add1-greedy';
  const outcome = methodOfEqualShares(election, {
    utility: options.utility,
    minVotes: options.minVotes,
    tieBreaker,
    ...(add1 ? { add1: { stop: options.add1Stop, increment: options.increment } } : {}),
  });
  let selected = outcome.run.selected;
  const ties: TieRecord[] = [...outcome.ties];
  let completionNotes: Map<number, GreedyNote> | undefined;
  if (options.completion === 'greedy' || options.completion === 'add1-greedy') {
    const completion = runGreedy(election, { ...options, noSkip: false, threshold: undefined }, tieBreaker, selected);
    selected = completion.selected;
    completionNotes = completion.notes;
    ties.push(...completion.ties);
  }
  let explanations = explainMes(election, options, outcome, selected, completionNotes);
  let comparison: ComparisonResult | undefined;
  if (options.comparison === 'greedy') {
    const greedyOutcome = runGreedy(election, options, tieBreaker);
    comparison = compareWithGreedy(election, selected, greedyOutcome.selected);
    if (comparison.winner === 'greedy') {
      selected = greedyOutcome.selected;
      explanations = explainGreedy(election, selected, greedyOutcome.notes);
      ties.push(...greedyOutcome.ties);
    }
  }
  return {
    ...resultBase(election, options, tieBreaker, selected, ties),
    ...(comparison === undefined ? {} : { comparison }),
    ...(outcome.add1 === undefined
      ? {}
      : {
          add1: {
            steps: outcome.add1.steps,
            voterBudget: outcome.add1.voterBudget
              .div(10 ** election.scale)
              .round(6)
              .toString(),
          },
        }),
    explanations,
  };
}

function resultBase(
  election: AllocationElection,
  options: AllocationOptions,
  tieBreaker: TieBreaker,
  selected: number[],
  ties: TieRecord[],
): Omit<AllocationResult, 'explanations'> {
  return {
    options,
    selected: selected.map((project) => election.projects[project]?.id ?? ''),
    totalCost: formatUnits(totalCost(election, selected), election.scale),
    budget: formatUnits(election.budget, election.scale),
    ties,
    tieOrder: tieBreaker.order,
  };
}

/** Runs one allocation rule with its options and explains the outcome project by project. */
export function allocate(election: AllocationElection, requested: Partial<AllocationOptions> = {}): AllocationResult {
  const options: AllocationOptions = { ...DEFAULT_OPTIONS, ...requested };
  const tieBreaker = createTieBreaker(election, options.ties, options.seed);
  if (options.rule === 'mes') return allocateMes(election, options, tieBreaker);
  if (options.rule === 'phragmen') {
    const outcome = sequentialPhragmen(election, options.minVotes, tieBreaker);
    const purchases = new Map(outcome.purchases.map((purchase) => [purchase.project, purchase]));
    const chosen = new Set(outcome.selected);
    const explanations = election.projects.map((_, project): ProjectExplanation => {
      const explanation = baseExplanation(election, project, chosen.has(project));
      const purchase = purchases.get(project);
      if (purchase !== undefined)
        return { ...explanation, stage: 'phragmen', round: purchase.round, load: purchase.load };
      if ((election.projects[project]?.cost ?? 0n) > election.budget)
        return { ...explanation, reason: 'exceeds_budget' };
      if ((election.votes[project] ?? 0) < options.minVotes) return { ...explanation, reason: 'below_min_votes' };
      return { ...explanation, reason: 'phragmen_stopped' };
    });
    return { ...resultBase(election, options, tieBreaker, outcome.selected, outcome.ties), explanations };
  }
  const outcome = runGreedy(election, options, tieBreaker);
  return {
    ...resultBase(election, options, tieBreaker, outcome.selected, outcome.ties),
    explanations: explainGreedy(election, outcome.selected, outcome.notes),
  };
}
