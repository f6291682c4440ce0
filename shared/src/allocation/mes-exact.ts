import Fraction from 'fraction.js';
import {
  finishRun,
  recordTie,
  removeDecided,
  type MesInstance,
  type MesPurchase,
  type MesRun,
} from './mes-instance.js';
import { byTieOrder, type TieBreaker, type TieRecord } from './tie-breaking.js';

/** Exact rational utility of supporter k (utilities are integers, or decimals read exactly). */
function exactUtility(instance: MesInstance, project: number, k: number): Fraction {
  return new Fraction(instance.utilities[project]?.[k] ?? 0);
}

interface ExactEvaluation {
  project: number;
  rho: Fraction;
}

function supportersMoney(instance: MesInstance, budgets: Fraction[], project: number): Fraction {
  let money = new Fraction(0);
  for (const group of instance.supporters[project] ?? []) {
    money = money.add((budgets[group] ?? new Fraction(0)).mul(instance.multiplicities[group] ?? 0));
  }
  return money;
}

/** The smallest rho with Σ min(b_i, rho·u_i) = cost, found by moving short supporters to "poor". */
function exactRho(instance: MesInstance, budgets: Fraction[], project: number): Fraction {
  const supporters = instance.supporters[project] ?? new Int32Array();
  const cost = new Fraction(instance.costs[project] ?? 0);
  let rich = [...supporters.keys()];
  let poorMoney = new Fraction(0);
  let utilitySum = new Fraction(0);
  for (const k of rich) {
    utilitySum = utilitySum.add(
      exactUtility(instance, project, k).mul(instance.multiplicities[supporters[k] ?? 0] ?? 0),
    );
  }
  let rho = cost.div(utilitySum);
  for (;;) {
    const stillRich: number[] = [];
    for (const k of rich) {
      const group = supporters[k] ?? 0;
      const budget = budgets[group] ?? new Fraction(0);
      const utility = exactUtility(instance, project, k);
      if (budget.compare(rho.mul(utility)) < 0) {
        const weight = instance.multiplicities[group] ?? 0;
        poorMoney = poorMoney.add(budget.mul(weight));
        utilitySum = utilitySum.sub(utility.mul(weight));
      } else {
        stillRich.push(k);
      }
    }
    if (stillRich.length === rich.length) return rho;
    rich = stillRich;
    rho = cost.sub(poorMoney).div(utilitySum);
  }
}

function exactPay(instance: MesInstance, budgets: Fraction[], evaluation: ExactEvaluation, round: number): MesPurchase {
  const supporters = instance.supporters[evaluation.project] ?? new Int32Array();
  let voters = 0;
  let paidAll = 0;
  let maxPayment = 0;
  let minPayment = Infinity;
  supporters.forEach((group, k) => {
    const budget = budgets[group] ?? new Fraction(0);
    const share = evaluation.rho.mul(exactUtility(instance, evaluation.project, k));
    const weight = instance.multiplicities[group] ?? 0;
    voters += weight;
    const payment = budget.compare(share) <= 0 ? budget : share;
    if (payment === budget) paidAll += weight;
    budgets[group] = budget.sub(payment);
    maxPayment = Math.max(maxPayment, payment.valueOf());
    minPayment = Math.min(minPayment, payment.valueOf());
  });
  const unit = 10 ** instance.election.scale;
  return {
    project: evaluation.project,
    round,
    rho: evaluation.rho.valueOf(),
    payments: {
      supporters: voters,
      paidFullShare: voters - paidAll,
      paidAllTheyHad: paidAll,
      maxPerVoter: maxPayment / unit,
      minPerVoter: (minPayment === Infinity ? 0 : minPayment) / unit,
    },
  };
}

/**
 * MES in exact rational arithmetic: the reference the fast path must equal, and its fallback
 * when a near-tie appears. Same algorithm, same lower-bound pruning, no tolerance.
 */
export function mesExact(instance: MesInstance, voterBudget: Fraction, tieBreaker: TieBreaker): MesRun {
  const budgets = instance.election.groups.map(() => voterBudget);
  const lowerBound = new Map<number, Fraction>();
  const remaining = byTieOrder(tieBreaker, instance.candidates);
  const purchases: MesPurchase[] = [];
  const unaffordable = new Map<number, { round: number; money: number }>();
  const ties: TieRecord[] = [];
  const unit = 10 ** instance.election.scale;
  const zero = new Fraction(0);
  for (let round = 1; remaining.length > 0; round += 1) {
    remaining.sort((a, b) => (lowerBound.get(a) ?? zero).compare(lowerBound.get(b) ?? zero));
    let best: Fraction | undefined;
    let minimal: ExactEvaluation[] = [];
    const dropped = new Set<number>();
    for (const project of remaining) {
      if (best !== undefined && (lowerBound.get(project) ?? zero).compare(best) > 0) break;
      const money = supportersMoney(instance, budgets, project);
      if (money.compare(instance.costs[project] ?? 0) < 0) {
        dropped.add(project);
        unaffordable.set(project, { round, money: money.valueOf() / unit });
        continue;
      }
      const rho = exactRho(instance, budgets, project);
      lowerBound.set(project, rho);
      const order = best === undefined ? -1 : rho.compare(best);
      if (order < 0) {
        best = rho;
        minimal = [{ project, rho }];
      } else if (order === 0) {
        minimal.push({ project, rho });
      }
    }
    const ordered = byTieOrder(
      tieBreaker,
      minimal.map((evaluation) => evaluation.project),
    );
    const chosen = minimal.find((evaluation) => evaluation.project === ordered[0]);
    recordTie(instance, ties, round, ordered);
    removeDecided(remaining, dropped, chosen?.project);
    if (chosen === undefined) {
      round -= 1;
      continue;
    }
    purchases.push(exactPay(instance, budgets, chosen, purchases.length + 1));
  }
  return finishRun(instance, purchases, unaffordable, ties, true);
}
