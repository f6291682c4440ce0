import {
  finishRun,
  recordTie,
  removeDecided,
  type MesInstance,
  type MesPurchase,
  type MesRun,
} from './mes-instance.js';
import { byTieOrder, type TieBreaker, type TieRecord } from './tie-breaking.js';

/**
 * Method of Equal Shares in floating point, for speed (typed arrays, grouped ballots, the
 * "rho only grows" lower bound). Why it still returns the exact rational outcome:
 *
 * Every budget is computed from at most a few hundred additions, multiplications and divisions
 * of doubles, so its relative error stays far below 1e-12. Only comparisons can turn such an
 * error into a different outcome, and there are two: which project has the smallest rho, and
 * whether the supporters' money covers a cost. Whenever two rhos, or money and cost, are closer
 * than NEAR (1e-9, relative), this function does not decide. It resolves the common exact ties
 * itself: when every supporter either certainly can pay the share or has certainly spent
 * everything (budget exactly 0), rho = cost / Σ(multiplicity·utility of the payers), a ratio of
 * integers compared exactly with bigints. Otherwise it gives up, and the caller reruns the same
 * step with exact rationals (mes-exact.ts). Decisions with a wider gap are the same in both.
 */
export const NEAR = 1e-9;

export const NEEDS_EXACT = Symbol('needs-exact');

interface Evaluation {
  project: number;
  rho: number;
  /**
   * Every supporter certainly pays the full share (with a margin) or certainly has nothing left:
   * then rho is exactly cost / Σ(multiplicity·utility) over the supporters with money.
   */
  exactKey: boolean;
}

/** Budgets, plus which zero budgets might in exact arithmetic be a tiny positive remainder. */
interface Wallets {
  budgets: Float64Array;
  uncertainZero: Uint8Array;
}

function evaluate(
  instance: MesInstance,
  wallets: Wallets,
  project: number,
  rich: Int32Array,
): Evaluation | 'unaffordable' | typeof NEEDS_EXACT {
  const { budgets, uncertainZero } = wallets;
  const supporters = instance.supporters[project] ?? new Int32Array();
  const utilities = instance.utilities[project] ?? new Float64Array();
  const mult = instance.multiplicities;
  const cost = instance.costs[project] ?? 0;
  let money = 0;
  let utilitySum = 0;
  for (let k = 0; k < supporters.length; k += 1) {
    const group = supporters[k] ?? 0;
    const weight = mult[group] ?? 0;
    money += weight * (budgets[group] ?? 0);
    utilitySum += weight * (utilities[k] ?? 0);
    rich[k] = k;
  }
  if (money < cost * (1 - NEAR)) return 'unaffordable';
  if (money <= cost * (1 + NEAR)) return NEEDS_EXACT;
  let richCount = supporters.length;
  let poorMoney = 0;
  let rho = cost / utilitySum;
  for (;;) {
    let kept = 0;
    for (let r = 0; r < richCount; r += 1) {
      const k = rich[r] ?? 0;
      const group = supporters[k] ?? 0;
      const budget = budgets[group] ?? 0;
      const utility = utilities[k] ?? 0;
      if (budget < rho * utility) {
        const weight = mult[group] ?? 0;
        poorMoney += weight * budget;
        utilitySum -= weight * utility;
      } else {
        rich[kept] = k;
        kept += 1;
      }
    }
    if (kept === richCount) break;
    richCount = kept;
    if (richCount === 0 || utilitySum <= 0) return NEEDS_EXACT;
    rho = (cost - poorMoney) / utilitySum;
  }
  let exactKey = true;
  for (let k = 0; k < supporters.length; k += 1) {
    const group = supporters[k] ?? 0;
    const budget = budgets[group] ?? 0;
    const certainlyEmpty = budget === 0 && uncertainZero[group] === 0;
    if (!certainlyEmpty && budget < rho * (utilities[k] ?? 0) * (1 + NEAR)) {
      exactKey = false;
      break;
    }
  }
  return { project, rho, exactKey };
}

/** The exact rho of an `exactKey` evaluation as cost / Σ(multiplicity·utility of the payers). */
function exactRhoKey(instance: MesInstance, budgets: Float64Array, project: number): { cost: bigint; utility: bigint } {
  const supporters = instance.supporters[project] ?? new Int32Array();
  const utilities = instance.utilities[project] ?? new Float64Array();
  let utility = 0n;
  for (let k = 0; k < supporters.length; k += 1) {
    const group = supporters[k] ?? 0;
    if ((budgets[group] ?? 0) > 0) utility += BigInt(instance.multiplicities[group] ?? 0) * BigInt(utilities[k] ?? 0);
  }
  return { cost: BigInt(instance.costs[project] ?? 0), utility };
}

function exactMinimal(instance: MesInstance, budgets: Float64Array, near: Evaluation[]): number[] | typeof NEEDS_EXACT {
  if (!instance.integerUtilities || near.some((evaluation) => !evaluation.exactKey)) return NEEDS_EXACT;
  const keys = near.map((evaluation) => ({
    project: evaluation.project,
    ...exactRhoKey(instance, budgets, evaluation.project),
  }));
  let best = keys[0];
  let minimal: number[] = [];
  for (const key of keys) {
    if (best === undefined) break;
    const order = key.cost * best.utility - best.cost * key.utility;
    if (order < 0n) {
      best = key;
      minimal = [key.project];
    } else if (order === 0n) {
      minimal.push(key.project);
    }
  }
  return minimal;
}

function pay(instance: MesInstance, wallets: Wallets, evaluation: Evaluation, round: number): MesPurchase {
  const { budgets, uncertainZero } = wallets;
  const supporters = instance.supporters[evaluation.project] ?? new Int32Array();
  const utilities = instance.utilities[evaluation.project] ?? new Float64Array();
  let voters = 0;
  let paidAll = 0;
  let maxPayment = 0;
  let minPayment = Infinity;
  for (let k = 0; k < supporters.length; k += 1) {
    const group = supporters[k] ?? 0;
    const budget = budgets[group] ?? 0;
    const share = evaluation.rho * (utilities[k] ?? 0);
    const weight = instance.multiplicities[group] ?? 0;
    voters += weight;
    let payment = share;
    if (budget <= share) {
      payment = budget;
      budgets[group] = 0;
      // Had budget and share been equal up to rounding, exact arithmetic might leave a sliver.
      if (budget >= share * (1 - NEAR)) uncertainZero[group] = 1;
      paidAll += weight;
    } else if (budget <= share * (1 + NEAR)) {
      budgets[group] = budget - share;
      uncertainZero[group] = 1;
    } else {
      budgets[group] = budget - share;
    }
    maxPayment = Math.max(maxPayment, payment);
    minPayment = Math.min(minPayment, payment);
  }
  const unit = 10 ** instance.election.scale;
  return {
    project: evaluation.project,
    round,
    rho: evaluation.rho,
    payments: {
      supporters: voters,
      paidFullShare: voters - paidAll,
      paidAllTheyHad: paidAll,
      maxPerVoter: maxPayment / unit,
      minPerVoter: (minPayment === Infinity ? 0 : minPayment) / unit,
    },
  };
}

/** One MES run with every voter starting at `voterBudget` (money units per voter). */
export function mesFast(
  instance: MesInstance,
  voterBudget: number,
  tieBreaker: TieBreaker,
): MesRun | typeof NEEDS_EXACT {
  const wallets: Wallets = {
    budgets: new Float64Array(instance.election.groups.length).fill(voterBudget),
    uncertainZero: new Uint8Array(instance.election.groups.length),
  };
  const { budgets } = wallets;
  const lowerBound = new Float64Array(instance.election.projects.length);
  const rich = new Int32Array(instance.election.groups.length);
  const remaining = byTieOrder(tieBreaker, instance.candidates);
  const purchases: MesPurchase[] = [];
  const unaffordable = new Map<number, { round: number; money: number }>();
  const ties: TieRecord[] = [];
  const unit = 10 ** instance.election.scale;
  for (let round = 1; remaining.length > 0; round += 1) {
    remaining.sort((a, b) => (lowerBound[a] ?? 0) - (lowerBound[b] ?? 0));
    let best = Infinity;
    const evaluated: Evaluation[] = [];
    const dropped = new Set<number>();
    for (const project of remaining) {
      if ((lowerBound[project] ?? 0) > best * (1 + NEAR)) break;
      const evaluation = evaluate(instance, wallets, project, rich);
      if (evaluation === NEEDS_EXACT) return NEEDS_EXACT;
      if (evaluation === 'unaffordable') {
        dropped.add(project);
        unaffordable.set(project, { round, money: supportersMoney(instance, budgets, project) / unit });
        continue;
      }
      lowerBound[project] = evaluation.rho;
      evaluated.push(evaluation);
      best = Math.min(best, evaluation.rho);
    }
    const near = evaluated.filter((evaluation) => evaluation.rho <= best * (1 + NEAR));
    let chosen = near[0];
    if (near.length > 1) {
      const minimal = exactMinimal(instance, budgets, near);
      if (minimal === NEEDS_EXACT) return NEEDS_EXACT;
      const ordered = byTieOrder(tieBreaker, minimal);
      chosen = near.find((evaluation) => evaluation.project === ordered[0]);
      recordTie(instance, ties, round, ordered);
    }
    removeDecided(remaining, dropped, chosen?.project);
    if (chosen === undefined) {
      if (dropped.size === 0) break;
      round -= 1;
      continue;
    }
    purchases.push(pay(instance, wallets, chosen, purchases.length + 1));
  }
  return finishRun(instance, purchases, unaffordable, ties, false);
}

function supportersMoney(instance: MesInstance, budgets: Float64Array, project: number): number {
  const supporters = instance.supporters[project] ?? new Int32Array();
  let money = 0;
  for (const group of supporters) money += (instance.multiplicities[group] ?? 0) * (budgets[group] ?? 0);
  return money;
}
