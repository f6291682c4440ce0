import Fraction from 'fraction.js';
import { parseDecimal } from '../pabulib/decimal.js';
import type { Add1Stop, Utility } from './allocation.types.js';
import type { AllocationElection } from './election.js';
import { mesExact } from './mes-exact.js';
import { mesFast, NEEDS_EXACT } from './mes-fast.js';
import { buildMesInstance, totalCost, type MesInstance, type MesRun } from './mes-instance.js';
import type { TieBreaker, TieRecord } from './tie-breaking.js';

export interface MesOptions {
  utility: Utility;
  minVotes: number;
  tieBreaker: TieBreaker;
  /** Add1 completion: undefined for plain MES. */
  add1?: { stop: Add1Stop; increment: string };
}

export interface MesOutcome {
  instance: MesInstance;
  /** The run whose outcome is returned. */
  run: MesRun;
  /** Every tie met, in every run (Add1 reruns MES many times). */
  ties: TieRecord[];
  add1?: { steps: number; voterBudget: Fraction; endedBy: 'exhaustive' | 'overspend' | 'all-selected' };
  /** Runs decided by the exact implementation because of a near-tie. */
  exactRuns: number;
}

/** Safety net: Add1 with too small an increment (e.g. 1 yen) would otherwise run for hours. */
export const MAX_ADD1_STEPS = 100_000;

function incrementUnits(election: AllocationElection, increment: string): Fraction {
  const parsed = parseDecimal(increment);
  if (parsed === undefined || parsed.units <= 0n) throw new Error(`increment "${increment}" must be a positive number`);
  return new Fraction(parsed.units * 10n ** BigInt(election.scale), 10n ** BigInt(parsed.scale));
}

/**
 * When Add1 has not settled after MAX_ADD1_STEPS of the configured increment, it goes on from
 * there in MAX_ADD1_STEPS equal steps up to the dearest candidate's cost (a per-voter budget that
 * high lets any supporter alone buy any project, so Add1 has settled by then). Small electorates
 * with budgets in yen need this: two voters backing a ¥2,900,000 project would otherwise need
 * 850 000 steps of ¥1. Until the configured steps run out the outcome is exactly the reference one.
 */
function widenedStep(instance: MesInstance, from: Fraction, increment: Fraction): Fraction {
  const dearest = instance.candidates.reduce((most, project) => {
    const cost = instance.election.projects[project]?.cost ?? 0n;
    return cost > most ? cost : most;
  }, 0n);
  const span = new Fraction(dearest).sub(from);
  return span.compare(0) > 0 ? span.div(MAX_ADD1_STEPS) : increment;
}

function runOnce(instance: MesInstance, voterBudget: Fraction, tieBreaker: TieBreaker): MesRun {
  const fast = mesFast(instance, voterBudget.valueOf(), tieBreaker);
  return fast === NEEDS_EXACT ? mesExact(instance, voterBudget, tieBreaker) : fast;
}

function formatBudget(election: AllocationElection, voterBudget: Fraction): string {
  return voterBudget
    .div(10 ** election.scale)
    .round(6)
    .toString();
}

/** Whether no MES-eligible project outside the outcome still fits into the budget. */
export function isExhaustive(instance: MesInstance, selected: number[]): boolean {
  const chosen = new Set(selected);
  const left = instance.election.budget - totalCost(instance.election, selected);
  return [...instance.free, ...instance.candidates].every(
    (project) => chosen.has(project) || (instance.election.projects[project]?.cost ?? 0n) > left,
  );
}

/**
 * MES with voter budgets B/n, and with Add1 B/n, B/n + increment, ...: keep the last outcome
 * within the real budget, stopping at the first exhaustive outcome (`exhaustive`, pabutools and
 * equalshares.net) or only when the next step would overspend (`overspend`, Wieliczka 2023).
 */
export function methodOfEqualShares(election: AllocationElection, options: MesOptions): MesOutcome {
  const instance = buildMesInstance(election, options.utility, options.minVotes);
  const start =
    election.voterCount === 0 ? new Fraction(0) : new Fraction(election.budget, BigInt(election.voterCount));
  const ties: TieRecord[] = [];
  let exactRuns = 0;
  const run = (voterBudget: Fraction): MesRun => {
    const result = runOnce(instance, voterBudget, options.tieBreaker);
    if (result.exact) exactRuns += 1;
    for (const tie of result.ties) ties.push({ ...tie, voterBudget: formatBudget(election, voterBudget) });
    return result;
  };
  if (options.add1 === undefined) return { instance, run: run(start), ties, exactRuns };

  const increment = incrementUnits(election, options.add1.increment);
  const configuredEnd = start.add(increment.mul(MAX_ADD1_STEPS));
  const wide = widenedStep(instance, configuredEnd, increment);
  const eligibleCount = instance.free.length + instance.candidates.length;
  let previous: { run: MesRun; voterBudget: Fraction; steps: number } | undefined;
  for (let steps = 0; steps <= 2 * MAX_ADD1_STEPS; steps += 1) {
    const voterBudget =
      steps <= MAX_ADD1_STEPS ? start.add(increment.mul(steps)) : configuredEnd.add(wide.mul(steps - MAX_ADD1_STEPS));
    const current = run(voterBudget);
    if (totalCost(election, current.selected) > election.budget) {
      if (previous === undefined) throw new Error('MES overspent the real budget on its first run');
      return {
        instance,
        run: previous.run,
        ties,
        exactRuns,
        add1: { steps: previous.steps, voterBudget: previous.voterBudget, endedBy: 'overspend' },
      };
    }
    if (current.selected.length === eligibleCount) {
      return { instance, run: current, ties, exactRuns, add1: { steps, voterBudget, endedBy: 'all-selected' } };
    }
    if (options.add1.stop === 'exhaustive' && isExhaustive(instance, current.selected)) {
      return { instance, run: current, ties, exactRuns, add1: { steps, voterBudget, endedBy: 'exhaustive' } };
    }
    previous = { run: current, voterBudget, steps };
  }
  throw new Error(`Add1 did not settle within ${String(2 * MAX_ADD1_STEPS)} steps; use a larger increment`);
}
