import Fraction from 'fraction.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate } from './allocate.js';
import type { AllocationOptions } from './allocation.types.js';
import { buildElection, type AllocationElection, type ElectionInput } from './election.js';
import { isExhaustive, methodOfEqualShares } from './mes.js';
import { mesExact } from './mes-exact.js';
import { mesFast, NEEDS_EXACT } from './mes-fast.js';
import { buildMesInstance, totalCost } from './mes-instance.js';
import { createTieBreaker } from './tie-breaking.js';

/** Small random elections: few projects, few voters, so that ties and near-ties are frequent. */
const electionInput: fc.Arbitrary<ElectionInput> = fc
  .record({
    costs: fc.array(fc.integer({ min: 1, max: 60 }), { minLength: 1, maxLength: 7 }),
    budget: fc.integer({ min: 1, max: 200 }),
    cumulative: fc.boolean(),
    ballots: fc.array(
      fc.array(fc.record({ pick: fc.nat(), points: fc.integer({ min: 1, max: 3 }) }), { maxLength: 4 }),
      {
        maxLength: 25,
      },
    ),
  })
  .map(({ costs, budget, cumulative, ballots }) => ({
    voteType: cumulative ? ('cumulative' as const) : ('approval' as const),
    budget: String(budget),
    projects: costs.map((cost, index) => ({ id: `p${String(index)}`, cost: String(cost) })),
    ballots: ballots.map((entries) => {
      const seen = new Map<string, number>();
      for (const entry of entries) seen.set(`p${String(entry.pick % costs.length)}`, entry.points);
      return { projects: [...seen.keys()], ...(cumulative ? { points: [...seen.values()] } : {}) };
    }),
  }));

const VARIANTS: Partial<AllocationOptions>[] = [
  { rule: 'greedy' },
  { rule: 'greedy', noSkip: true },
  { rule: 'phragmen' },
  { rule: 'mes', completion: 'none' },
  { rule: 'mes', completion: 'greedy' },
  { rule: 'mes', completion: 'add1' },
  { rule: 'mes', completion: 'add1-greedy', add1Stop: 'overspend' },
  { rule: 'mes', completion: 'add1', comparison: 'greedy', ties: 'cost-votes-id' },
  { rule: 'mes', utility: 'points-cost', completion: 'add1' },
];

const costOf = (election: AllocationElection, ids: string[]): bigint =>
  ids.reduce((sum, id) => sum + (election.projects.find((project) => project.id === id)?.cost ?? 0n), 0n);

describe('allocation properties on random elections', () => {
  it('no rule ever spends more than the budget', () => {
    fc.assert(
      fc.property(electionInput, (input) => {
        const election = buildElection(input);
        for (const options of VARIANTS)
          expect(costOf(election, allocate(election, options).selected) <= election.budget).toBe(true);
      }),
    );
  });

  it('greedy is exhaustive: no unselected project still fits', () => {
    fc.assert(
      fc.property(electionInput, (input) => {
        const election = buildElection(input);
        const selected = new Set(allocate(election, { rule: 'greedy' }).selected);
        const left = election.budget - costOf(election, [...selected]);
        for (const project of election.projects) if (!selected.has(project.id)) expect(project.cost > left).toBe(true);
      }),
    );
  });

  it('MES without completion is priceable: supporters pay each project exactly, nobody beyond their budget', () => {
    fc.assert(
      fc.property(electionInput, (input) => {
        const election = buildElection(input);
        const outcome = methodOfEqualShares(election, {
          utility: 'cost',
          minVotes: 0,
          tieBreaker: createTieBreaker(election, 'id'),
        });
        // Replay the purchases with an independent exact computation of each price (sorting, not poor/rich).
        const budgets = election.groups.map(
          () => new Fraction(election.budget, BigInt(Math.max(1, election.voterCount))),
        );
        for (const project of outcome.run.selected) {
          const cost = new Fraction(election.projects[project]?.cost ?? 0n);
          const payers = election.groups.flatMap((group, index) => (group.projects.includes(project) ? [index] : []));
          const sortedPayers = [...payers].sort((a, b) => (budgets[a] ?? cost).compare(budgets[b] ?? cost));
          let remainingCost = cost;
          let remainingVoters = payers.reduce((sum, index) => sum + (election.groups[index]?.multiplicity ?? 0), 0);
          for (const index of sortedPayers) {
            const group = election.groups[index];
            if (group === undefined) continue;
            const share = remainingCost.div(remainingVoters);
            const budget = budgets[index] ?? share;
            const payment = budget.compare(share) < 0 ? budget : share;
            const left = budget.sub(payment);
            budgets[index] = left;
            expect(left.compare(0)).toBeGreaterThanOrEqual(0);
            remainingCost = remainingCost.sub(payment.mul(group.multiplicity));
            remainingVoters -= group.multiplicity;
          }
          expect(remainingCost.equals(0)).toBe(true);
        }
      }),
    );
  });

  it('Add1 stays within the real budget and is exhaustive when the exhaustive stop ended it', () => {
    fc.assert(
      fc.property(electionInput, fc.constantFrom('exhaustive' as const, 'overspend' as const), (input, stop) => {
        const election = buildElection(input);
        const outcome = methodOfEqualShares(election, {
          utility: 'cost',
          minVotes: 0,
          tieBreaker: createTieBreaker(election, 'id'),
          add1: { stop, increment: '1' },
        });
        expect(totalCost(election, outcome.run.selected) <= election.budget).toBe(true);
        if (outcome.add1?.endedBy === 'exhaustive')
          expect(isExhaustive(outcome.instance, outcome.run.selected)).toBe(true);
      }),
    );
  });

  it('the fast MES equals the exact MES whenever it decides', () => {
    fc.assert(
      fc.property(electionInput, fc.integer({ min: 0, max: 30 }), (input, extra) => {
        const election = buildElection(input);
        const instance = buildMesInstance(election, 'cost', 0);
        const tieBreaker = createTieBreaker(election, 'id');
        const voterBudget = new Fraction(election.budget, BigInt(Math.max(1, election.voterCount))).add(extra);
        const fast = mesFast(instance, voterBudget.valueOf(), tieBreaker);
        const exact = mesExact(instance, voterBudget, tieBreaker);
        if (fast !== NEEDS_EXACT) {
          expect(fast.selected).toEqual(exact.selected);
          expect(fast.ties.map((tie) => tie.candidates)).toEqual(exact.ties.map((tie) => tie.candidates));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('does not depend on the order of ballots or projects (ties broken by id)', () => {
    fc.assert(
      fc.property(electionInput, fc.integer(), (input, seed) => {
        const shuffle = <T>(items: T[]): T[] =>
          items
            .map((item, index) => ({ item, key: Math.sin(seed + index * 7919) }))
            .sort((a, b) => a.key - b.key)
            .map(({ item }) => item);
        const election = buildElection(input);
        const reordered = buildElection({
          ...input,
          projects: shuffle(input.projects),
          ballots: shuffle(input.ballots),
        });
        for (const options of VARIANTS) {
          expect([...allocate(reordered, options).selected].sort()).toEqual(
            [...allocate(election, options).selected].sort(),
          );
        }
      }),
    );
  });
});
