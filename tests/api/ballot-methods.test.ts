import { describe, expect, it } from 'vitest';
import type { BallotRules } from '@pb/shared';
import {
  countedChoices,
  descending,
  expectAccepted,
  expectInvalid,
  only,
  openKitaCycle,
  useVotingApp,
} from '../helpers/voting-harness.js';

describe('ballot rules of each method, over the API', () => {
  const h = useVotingApp();

  describe('approval (minProjects 2, maxProjects 3)', () => {
    const rules: BallotRules = { method: 'approval', minProjects: 2, maxProjects: 3 };

    it('accepts a ballot of maxProjects with a receipt and stores the set sorted by project id', async () => {
      const { cycleId, kita, p } = await openKitaCycle(h, rules, [100, 100, 100, 100, 100], 1000);
      const chosen = descending([p[4] ?? '', p[0] ?? '', p[2] ?? '']);
      await expectAccepted(h.app(), cycleId, kita, only(chosen));
      expect(await countedChoices(h.app(), cycleId)).toEqual([only([...chosen].sort())]);
    });

    it('accepts a ballot of exactly minProjects', async () => {
      const { cycleId, kita, p } = await openKitaCycle(h, rules, [100, 100, 100, 100, 100], 1000);
      await expectAccepted(h.app(), cycleId, kita, only(p.slice(0, 2)));
      expect(await countedChoices(h.app(), cycleId)).toHaveLength(1);
    });

    it('refuses fewer projects than minProjects with 400 ballots.invalid', async () => {
      const { cycleId, kita, p } = await openKitaCycle(h, rules, [100, 100, 100, 100, 100], 1000);
      await expectInvalid(h.app(), cycleId, kita, only(p.slice(0, 1)));
    });

    it('refuses more projects than maxProjects with 400 ballots.invalid', async () => {
      const { cycleId, kita, p } = await openKitaCycle(h, rules, [100, 100, 100, 100, 100], 1000);
      await expectInvalid(h.app(), cycleId, kita, only(p.slice(0, 4)));
    });

    it('refuses the same project twice with 400 ballots.invalid', async () => {
      const { cycleId, kita, p } = await openKitaCycle(h, rules, [100, 100, 100, 100, 100], 1000);
      await expectInvalid(h.app(), cycleId, kita, only([p[0] ?? '', p[1] ?? '', p[0] ?? '']));
    });

    it('refuses points on an approval ballot with 400 ballots.invalid', async () => {
      const { cycleId, kita, p } = await openKitaCycle(h, rules, [100, 100, 100, 100, 100], 1000);
      await expectInvalid(h.app(), cycleId, kita, [
        { proposalId: p[0] ?? '', points: 1 },
        { proposalId: p[1] ?? '', points: 1 },
      ]);
    });
  });

  describe('knapsack (budget 1,000,000, minSpendPercent 50)', () => {
    const rules: BallotRules = { method: 'knapsack', minSpendPercent: 50 };
    const costs = [600_000, 400_000, 300_000, 100_000, 450_000];

    it('accepts a ballot that spends exactly the budget and stores the set sorted by project id', async () => {
      const { cycleId, kita, p } = await openKitaCycle(h, rules, costs, 1_000_000);
      const chosen = descending([p[0] ?? '', p[1] ?? '']);
      await expectAccepted(h.app(), cycleId, kita, only(chosen));
      expect(await countedChoices(h.app(), cycleId)).toEqual([only([...chosen].sort())]);
    });

    it('accepts a ballot that spends exactly the minimum spend', async () => {
      const { cycleId, kita, p } = await openKitaCycle(h, rules, costs, 1_000_000);
      await expectAccepted(h.app(), cycleId, kita, only([p[1] ?? '', p[3] ?? '']));
    });

    it('refuses a ballot over the budget with 400 ballots.invalid', async () => {
      const { cycleId, kita, p } = await openKitaCycle(h, rules, costs, 1_000_000);
      await expectInvalid(h.app(), cycleId, kita, only([p[0] ?? '', p[1] ?? '', p[3] ?? '']));
    });

    it('refuses a ballot under the minimum spend with 400 ballots.invalid', async () => {
      const { cycleId, kita, p } = await openKitaCycle(h, rules, costs, 1_000_000);
      await expectInvalid(h.app(), cycleId, kita, only([p[2] ?? '', p[3] ?? '']));
    });

    it('refuses points on a knapsack ballot with 400 ballots.invalid', async () => {
      const { cycleId, kita, p } = await openKitaCycle(h, rules, costs, 1_000_000);
      await expectInvalid(h.app(), cycleId, kita, [
        { proposalId: p[0] ?? '', points: 1 },
        { proposalId: p[1] ?? '', points: 1 },
      ]);
    });
  });

  describe('cumulative (5 points, at most 3 per project)', () => {
    const rules: BallotRules = { method: 'cumulative', points: 5, maxPointsPerProject: 3 };

    it('accepts all points spread within the limits and stores them sorted by project id with the points', async () => {
      const { cycleId, kita, p } = await openKitaCycle(h, rules, [100, 100, 100, 100], 1000);
      const [high, low] = descending([p[0] ?? '', p[2] ?? '']);
      const choices = [
        { proposalId: high ?? '', points: 3 },
        { proposalId: low ?? '', points: 2 },
      ];
      await expectAccepted(h.app(), cycleId, kita, choices);
      expect(await countedChoices(h.app(), cycleId)).toEqual([
        [
          { proposalId: low, points: 2 },
          { proposalId: high, points: 3 },
        ],
      ]);
    });

    it('refuses more points on one project than maxPointsPerProject with 400 ballots.invalid', async () => {
      const { cycleId, kita, p } = await openKitaCycle(h, rules, [100, 100, 100, 100], 1000);
      await expectInvalid(h.app(), cycleId, kita, [{ proposalId: p[0] ?? '', points: 4 }]);
    });

    it('refuses more points in all than the cycle gives with 400 ballots.invalid', async () => {
      const { cycleId, kita, p } = await openKitaCycle(h, rules, [100, 100, 100, 100], 1000);
      await expectInvalid(h.app(), cycleId, kita, [
        { proposalId: p[0] ?? '', points: 3 },
        { proposalId: p[1] ?? '', points: 3 },
      ]);
    });

    it('refuses a choice without points with 400 ballots.invalid', async () => {
      const { cycleId, kita, p } = await openKitaCycle(h, rules, [100, 100, 100, 100], 1000);
      await expectInvalid(h.app(), cycleId, kita, [{ proposalId: p[0] ?? '', points: 2 }, { proposalId: p[1] ?? '' }]);
    });
  });

  describe('ranked (maxRanked 3)', () => {
    const rules: BallotRules = { method: 'ranked', maxRanked: 3 };

    it("accepts maxRanked projects and stores them in the voter's order", async () => {
      const { cycleId, kita, p } = await openKitaCycle(h, rules, [100, 100, 100, 100, 100], 1000);
      const ranking = descending([p[3] ?? '', p[0] ?? '', p[4] ?? '']);
      await expectAccepted(h.app(), cycleId, kita, only(ranking));
      expect(await countedChoices(h.app(), cycleId)).toEqual([only(ranking)]);
    });

    it('refuses more ranked projects than maxRanked with 400 ballots.invalid', async () => {
      const { cycleId, kita, p } = await openKitaCycle(h, rules, [100, 100, 100, 100, 100], 1000);
      await expectInvalid(h.app(), cycleId, kita, only(p.slice(0, 4)));
    });

    it('refuses a project ranked twice with 400 ballots.invalid', async () => {
      const { cycleId, kita, p } = await openKitaCycle(h, rules, [100, 100, 100, 100, 100], 1000);
      await expectInvalid(h.app(), cycleId, kita, only([p[0] ?? '', p[1] ?? '', p[0] ?? '']));
    });

    it('refuses points on a ranked ballot with 400 ballots.invalid', async () => {
      const { cycleId, kita, p } = await openKitaCycle(h, rules, [100, 100, 100, 100, 100], 1000);
      await expectInvalid(h.app(), cycleId, kita, [{ proposalId: p[0] ?? '', points: 1 }]);
    });
  });
});
