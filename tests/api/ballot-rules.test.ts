import { randomInt, randomUUID } from 'node:crypto';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import type {
  BallotChoice,
  BallotReceipt,
  BallotRules,
  BallotSheet,
  DistrictVotingStatus,
  MyVotingStatus,
  ReceiptLookup,
} from '@pb/shared';
import type { App } from '../../server/src/app.js';
import {
  createReviewCycle,
  createVoter,
  movePhase,
  openVotingCycle,
  storedBallots,
  storedParticipations,
  type Voter,
} from '../helpers/voting.js';
import {
  castOnline,
  censusNumber,
  ids,
  only,
  openKitaCycle,
  RECEIPT_FORMAT,
  useVotingApp,
} from '../helpers/voting-harness.js';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A well-formed receipt code (26 Crockford characters, grouped) that nobody was given. */
function randomReceipt(): string {
  const characters = Array.from({ length: 26 }, () => CROCKFORD[randomInt(CROCKFORD.length)] ?? '0').join('');
  return (characters.match(/.{1,4}/g) ?? []).join('-');
}

/** Three or more ids in descending order, so that a stored ascending order differs from the given one. */
function descending(list: readonly string[]): string[] {
  return [...list].sort().reverse();
}

function lookup(app: App, cycleId: string, receipt: string) {
  return request(app.server).post(`/api/cycles/${cycleId}/receipts/lookup`).send({ receipt });
}

function replace(app: App, cycleId: string, voter: Voter, receipt: string, choices: readonly BallotChoice[]) {
  return request(app.server)
    .post(`/api/cycles/${cycleId}/ballots/replace`)
    .set('authorization', voter.bearer)
    .send({ receipt, choices });
}

async function expectAccepted(
  app: App,
  cycleId: string,
  districtId: string,
  choices: readonly BallotChoice[],
): Promise<BallotReceipt> {
  const voter = await createVoter(app, { districtId });
  const response = await castOnline(app, cycleId, voter, districtId, choices);
  expect(response.status, response.text).toBe(201);
  const receipt = response.body as BallotReceipt;
  expect(receipt).toEqual({ receipt: expect.stringMatching(RECEIPT_FORMAT), cycleId, districtId, channel: 'online' });
  return receipt;
}

/** A fresh voter's ballot is refused as invalid, and nothing is written for them. */
async function expectInvalid(
  app: App,
  cycleId: string,
  districtId: string,
  choices: readonly BallotChoice[],
): Promise<void> {
  const before = (await storedBallots(app, cycleId)).length;
  const voter = await createVoter(app, { districtId });
  const response = await castOnline(app, cycleId, voter, districtId, choices);
  expect(response.status, response.text).toBe(400);
  expect(response.body.error.code).toBe('ballots.invalid');
  expect(await storedBallots(app, cycleId)).toHaveLength(before);
  expect((await storedParticipations(app, cycleId)).filter((row) => row.userId === voter.id)).toEqual([]);
}

async function countedChoices(app: App, cycleId: string): Promise<BallotChoice[][]> {
  return (await storedBallots(app, cycleId)).filter((row) => row.status === 'counted').map((row) => row.choices);
}

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

describe('when, where and who may vote', () => {
  const h = useVotingApp();
  const approval: BallotRules = { method: 'approval', maxProjects: 2 };

  async function thisYear(): Promise<number> {
    const city = await request(h.app().server).get('/api/city');
    const timeZone = (city.body as { timeZone: string }).timeZone;
    return Number(new Intl.DateTimeFormat('en', { timeZone, year: 'numeric' }).format(new Date()));
  }

  it('refuses a ballot while the cycle is still in review with 409 ballots.voting_closed', async () => {
    const kita = h.district('kita');
    const { cycleId, projects } = await createReviewCycle(h.app(), h.staff(), {
      ballot: approval,
      districts: [{ districtId: kita, budget: 1000 }],
      projects: [{ districtId: kita, cost: 100 }],
    });
    const voter = await createVoter(h.app(), { districtId: kita });
    const response = await castOnline(h.app(), cycleId, voter, kita, only(ids(projects.get(kita))));
    expect(response.status, response.text).toBe(409);
    expect(response.body.error.code).toBe('ballots.voting_closed');
    expect(await storedParticipations(h.app(), cycleId)).toEqual([]);
  });

  it('refuses an online ballot during tallying with 409 ballots.voting_closed', async () => {
    const kita = h.district('kita');
    const { cycle, projects } = await openVotingCycle(h.app(), h.staff(), h.confirmer(), {
      ballot: approval,
      districts: [{ districtId: kita, budget: 1000 }],
      projects: [{ districtId: kita, cost: 100 }],
    });
    await movePhase(h.app(), h.staff(), h.confirmer(), cycle.id, 'tallying');
    const voter = await createVoter(h.app(), { districtId: kita });
    const response = await castOnline(h.app(), cycle.id, voter, kita, only(ids(projects.get(kita))));
    expect(response.status, response.text).toBe(409);
    expect(response.body.error.code).toBe('ballots.voting_closed');
    expect(await storedParticipations(h.app(), cycle.id)).toEqual([]);
  });

  it("refuses a project of another district's ballot and an unknown project id with 400 ballots.invalid", async () => {
    const kita = h.district('kita');
    const minami = h.district('minami');
    const { cycle, projects } = await openVotingCycle(h.app(), h.staff(), h.confirmer(), {
      ballot: approval,
      districts: [
        { districtId: kita, budget: 1000 },
        { districtId: minami, budget: 1000 },
      ],
      projects: [
        { districtId: kita, cost: 100 },
        { districtId: minami, cost: 100 },
      ],
    });
    await expectInvalid(h.app(), cycle.id, kita, only(ids(projects.get(minami))));
    await expectInvalid(h.app(), cycle.id, kita, only([randomUUID()]));
    await expectInvalid(h.app(), cycle.id, kita, only([...ids(projects.get(kita)), randomUUID()]));
  });

  it('refuses a proposal withdrawn during voting with 400 ballots.invalid, and still takes the others', async () => {
    const kita = h.district('kita');
    const { cycle, projects } = await openVotingCycle(h.app(), h.staff(), h.confirmer(), {
      ballot: approval,
      districts: [{ districtId: kita, budget: 1000 }],
      projects: [
        { districtId: kita, cost: 100 },
        { districtId: kita, cost: 100 },
      ],
    });
    const [withdrawn = '', kept = ''] = ids(projects.get(kita));
    const withdrawal = await request(h.app().server)
      .post(`/api/proposals/${withdrawn}/withdraw`)
      .set('authorization', h.staff().bearer)
      .send({ reason: 'The site is no longer available.' });
    expect(withdrawal.status, withdrawal.text).toBe(200);
    const sheet = await request(h.app().server).get(`/api/cycles/${cycle.id}/districts/${kita}/ballot`);
    expect((sheet.body as BallotSheet).projects.find((project) => project.id === withdrawn)?.withdrawn).toBe(true);
    await expectInvalid(h.app(), cycle.id, kita, only([withdrawn]));
    await expectInvalid(h.app(), cycle.id, kita, only([kept, withdrawn]));
    await expectAccepted(h.app(), cycle.id, kita, only([kept]));
  });

  it("refuses a district other than the voter's with 403 and takes one ballot in the own and one in the city-wide district", async () => {
    const kita = h.district('kita');
    const minami = h.district('minami');
    const cityWide = h.district('city-wide');
    const { cycle, projects } = await openVotingCycle(h.app(), h.staff(), h.confirmer(), {
      ballot: approval,
      districts: [
        { districtId: kita, budget: 1000 },
        { districtId: minami, budget: 1000 },
        { districtId: cityWide, budget: 1000 },
      ],
      projects: [
        { districtId: kita, cost: 100 },
        { districtId: minami, cost: 100 },
        { districtId: cityWide, cost: 100 },
      ],
    });
    const voter = await createVoter(h.app(), { districtId: kita });
    const elsewhere = await castOnline(h.app(), cycle.id, voter, minami, only(ids(projects.get(minami))));
    expect(elsewhere.status, elsewhere.text).toBe(403);
    expect(elsewhere.body.error.code).toBe('ballots.district_not_eligible');
    const own = await castOnline(h.app(), cycle.id, voter, kita, only(ids(projects.get(kita))));
    expect(own.status, own.text).toBe(201);
    const cityWideBallot = await castOnline(h.app(), cycle.id, voter, cityWide, only(ids(projects.get(cityWide))));
    expect(cityWideBallot.status, cityWideBallot.text).toBe(201);
    expect((cityWideBallot.body as BallotReceipt).receipt).not.toBe((own.body as BallotReceipt).receipt);
    const mine = (await storedParticipations(h.app(), cycle.id)).filter((row) => row.userId === voter.id);
    expect(mine.map((row) => row.districtId).sort()).toEqual([kita, cityWide].sort());
    expect(await storedBallots(h.app(), cycle.id)).toHaveLength(2);
  });

  it('refuses an unverified resident with 403 ballots.verification_required when the cycle asks for verification', async () => {
    const cityWide = h.district('city-wide');
    const { cycle, projects } = await openVotingCycle(h.app(), h.staff(), h.confirmer(), {
      ballot: approval,
      districts: [{ districtId: cityWide, budget: 1000 }],
      projects: [{ districtId: cityWide, cost: 100 }],
      requiresVerification: true,
    });
    const voter = await createVoter(h.app(), { districtId: null });
    const response = await castOnline(h.app(), cycle.id, voter, cityWide, only(ids(projects.get(cityWide))));
    expect(response.status, response.text).toBe(403);
    expect(response.body.error.code).toBe('ballots.verification_required');
    expect(await storedBallots(h.app(), cycle.id)).toEqual([]);
  });

  it('accepts an unverified resident in the city-wide district of a cycle without verification (but no other district)', async () => {
    const cityWide = h.district('city-wide');
    const kita = h.district('kita');
    const { cycle, projects } = await openVotingCycle(h.app(), h.staff(), h.confirmer(), {
      ballot: approval,
      districts: [
        { districtId: cityWide, budget: 1000 },
        { districtId: kita, budget: 1000 },
      ],
      projects: [
        { districtId: cityWide, cost: 100 },
        { districtId: kita, cost: 100 },
      ],
      requiresVerification: false,
    });
    const voter = await createVoter(h.app(), { districtId: null });
    const accepted = await castOnline(h.app(), cycle.id, voter, cityWide, only(ids(projects.get(cityWide))));
    expect(accepted.status, accepted.text).toBe(201);
    const district = await castOnline(h.app(), cycle.id, voter, kita, only(ids(projects.get(kita))));
    expect(district.status, district.text).toBe(403);
    expect(district.body.error.code).toBe('ballots.district_not_eligible');
    const again = await castOnline(h.app(), cycle.id, voter, cityWide, only(ids(projects.get(cityWide))));
    expect(again.status, again.text).toBe(409);
    expect(again.body.error.code).toBe('ballots.already_voted');
  });

  it('refuses a resident below the minimum age by census birth year with 403 ballots.too_young and accepts one a year older', async () => {
    const kita = h.district('kita');
    const { cycle, projects } = await openVotingCycle(h.app(), h.staff(), h.confirmer(), {
      ballot: approval,
      districts: [{ districtId: kita, budget: 1000 }],
      projects: [{ districtId: kita, cost: 100 }],
      minimumAge: 16,
    });
    const year = await thisYear();
    // The census holds birth years: a resident born in year Y counts as 16 for all of Y + 16.
    const young = await createVoter(h.app(), {
      districtId: kita,
      census: { number: censusNumber(), birthYear: year - 15 },
    });
    const refused = await castOnline(h.app(), cycle.id, young, kita, only(ids(projects.get(kita))));
    expect(refused.status, refused.text).toBe(403);
    expect(refused.body.error.code).toBe('ballots.too_young');
    const older = await createVoter(h.app(), {
      districtId: kita,
      census: { number: censusNumber(), birthYear: year - 16 },
    });
    const accepted = await castOnline(h.app(), cycle.id, older, kita, only(ids(projects.get(kita))));
    expect(accepted.status, accepted.text).toBe(201);
    expect(await storedBallots(h.app(), cycle.id)).toHaveLength(1);
  });
});

describe('ballot sheets', () => {
  const h = useVotingApp();

  function sheet(cycleId: string, districtId: string, bearer?: string, order?: 'number' | 'shuffled') {
    const call = request(h.app().server)
      .get(`/api/cycles/${cycleId}/districts/${districtId}/ballot`)
      .query(order === undefined ? {} : { order });
    return bearer === undefined ? call : call.set('authorization', bearer);
  }

  async function fourteenProjects() {
    const kita = h.district('kita');
    const { cycle, projects } = await openVotingCycle(h.app(), h.staff(), h.confirmer(), {
      ballot: { method: 'approval' },
      districts: [{ districtId: kita, budget: 10_000 }],
      projects: Array.from({ length: 14 }, (_, index) => ({ districtId: kita, cost: 100 + index })),
    });
    return { cycleId: cycle.id, kita, byNumber: ids(projects.get(kita)) };
  }

  it('shows each signed-in voter the projects in their own order, the same on every reload, each with its fixed number', async () => {
    const { cycleId, kita, byNumber } = await fourteenProjects();
    const first = await createVoter(h.app(), { districtId: kita });
    const second = await createVoter(h.app(), { districtId: kita });
    const a1 = await sheet(cycleId, kita, first.bearer);
    const a2 = await sheet(cycleId, kita, first.bearer);
    const b = await sheet(cycleId, kita, second.bearer);
    for (const response of [a1, a2, b]) {
      expect(response.status, response.text).toBe(200);
      const body = response.body as BallotSheet;
      expect(body.shuffled).toBe(true);
      expect(body.projects.map((project) => project.id).sort()).toEqual([...byNumber].sort());
      for (const project of body.projects) expect(byNumber[project.number - 1]).toBe(project.id);
    }
    const orderOf = (response: request.Response) =>
      (response.body as BallotSheet).projects.map((project) => project.id);
    expect(orderOf(a2)).toEqual(orderOf(a1));
    expect(orderOf(b)).not.toEqual(orderOf(a1));
    expect(orderOf(a1)).not.toEqual(byNumber);
  });

  it('lists the projects by ballot number 1..n for anonymous visitors and for order=number', async () => {
    const { cycleId, kita, byNumber } = await fourteenProjects();
    const voter = await createVoter(h.app(), { districtId: kita });
    for (const response of [await sheet(cycleId, kita), await sheet(cycleId, kita, voter.bearer, 'number')]) {
      expect(response.status, response.text).toBe(200);
      const body = response.body as BallotSheet;
      expect(body.shuffled).toBe(false);
      expect(body.projects.map((project) => project.number)).toEqual(byNumber.map((_, index) => index + 1));
      expect(body.projects.map((project) => project.id)).toEqual(byNumber);
    }
  });

  it('answers 409 ballots.sheet_not_ready before voting for the public and residents, but shows it to staff in review', async () => {
    const kita = h.district('kita');
    const { cycleId, projects } = await createReviewCycle(h.app(), h.staff(), {
      ballot: { method: 'approval' },
      districts: [{ districtId: kita, budget: 1000 }],
      projects: [
        { districtId: kita, cost: 100 },
        { districtId: kita, cost: 200 },
      ],
    });
    const voter = await createVoter(h.app(), { districtId: kita });
    for (const response of [await sheet(cycleId, kita), await sheet(cycleId, kita, voter.bearer)]) {
      expect(response.status, response.text).toBe(409);
      expect(response.body.error.code).toBe('ballots.sheet_not_ready');
    }
    const preview = await sheet(cycleId, kita, h.staff().bearer, 'number');
    expect(preview.status, preview.text).toBe(200);
    expect((preview.body as BallotSheet).projects.map((project) => project.id)).toEqual(ids(projects.get(kita)));
    expect((preview.body as BallotSheet).budget).toBe(1000);
  });
});

describe('receipt codes', () => {
  // At most 30 lookups per IP in 15 minutes: this block stays well below.
  const h = useVotingApp();

  function votingCycle() {
    return openKitaCycle(h, { method: 'approval', maxProjects: 2 }, [100, 200, 300], 1000);
  }

  async function castFor(cycleId: string, kita: string, choices: BallotChoice[]) {
    const voter = await createVoter(h.app(), { districtId: kita });
    const response = await castOnline(h.app(), cycleId, voter, kita, choices);
    expect(response.status, response.text).toBe(201);
    return { voter, receipt: (response.body as BallotReceipt).receipt };
  }

  it('reports an unknown, a malformed and another cycle’s receipt code as not found, without an error', async () => {
    const { cycleId } = await votingCycle();
    const other = await votingCycle();
    const { receipt } = await castFor(other.cycleId, other.kita, only([other.p[0] ?? '']));
    const notFound: ReceiptLookup = { found: false, status: null, districtId: null, choices: null };
    for (const typed of [randomReceipt(), 'not a receipt!', 'ABCD', receipt]) {
      const response = await lookup(h.app(), cycleId, typed);
      expect(response.status, `${typed}: ${response.text}`).toBe(200);
      expect(response.body, typed).toEqual(notFound);
    }
  });

  it('shows a counted ballot as published with its canonical choices after publication, and a replaced one as replaced', async () => {
    const { cycleId, kita, p } = await votingCycle();
    const chosen = descending([p[0] ?? '', p[2] ?? '']);
    const { voter, receipt: first } = await castFor(cycleId, kita, only([p[1] ?? '']));
    const replaced = await replace(h.app(), cycleId, voter, first, only(chosen));
    expect(replaced.status, replaced.text).toBe(200);
    const second = (replaced.body as BallotReceipt).receipt;
    await movePhase(h.app(), h.staff(), h.confirmer(), cycleId, 'tallying');
    const closed = await request(h.app().server)
      .post(`/api/cycles/${cycleId}/paper-entry/close`)
      .set('authorization', h.staff().bearer);
    expect(closed.status).toBe(200);
    const published = await movePhase(h.app(), h.staff(), h.confirmer(), cycleId, 'published');
    expect(published.phase).toBe('published');
    const now = await lookup(h.app(), cycleId, second);
    expect(now.body as ReceiptLookup).toEqual({
      found: true,
      status: 'published',
      districtId: kita,
      choices: only([...chosen].sort()),
    });
    const old = await lookup(h.app(), cycleId, first);
    expect(old.body as ReceiptLookup).toEqual({ found: true, status: 'replaced', districtId: kita, choices: null });
  });

  it('replaces a ballot during voting: the old receipt shows replaced, the new one counted, and only the new one replaces again', async () => {
    const { cycleId, kita, p } = await votingCycle();
    const { voter, receipt: first } = await castFor(cycleId, kita, only([p[0] ?? '']));
    const invalid = await replace(h.app(), cycleId, voter, first, only(p));
    expect(invalid.status, invalid.text).toBe(400);
    expect(invalid.body.error.code).toBe('ballots.invalid');
    const replaced = await replace(h.app(), cycleId, voter, first.toLowerCase(), only([p[2] ?? '', p[1] ?? '']));
    expect(replaced.status, replaced.text).toBe(200);
    const second = replaced.body as BallotReceipt;
    expect(second).toEqual({
      receipt: expect.stringMatching(RECEIPT_FORMAT),
      cycleId,
      districtId: kita,
      channel: 'online',
    });
    expect(second.receipt).not.toBe(first);
    expect((await lookup(h.app(), cycleId, first)).body).toMatchObject({ found: true, status: 'replaced' });
    expect((await lookup(h.app(), cycleId, second.receipt)).body).toMatchObject({ found: true, status: 'counted' });
    const rows = await storedBallots(h.app(), cycleId);
    expect(rows.map((row) => row.status).sort()).toEqual(['counted', 'replaced']);
    expect(rows.find((row) => row.status === 'counted')?.choices).toEqual(only([p[1] ?? '', p[2] ?? ''].sort()));
    expect(rows.find((row) => row.status === 'replaced')?.choices).toEqual(only([p[0] ?? '']));
    const withOld = await replace(h.app(), cycleId, voter, first, only([p[0] ?? '']));
    expect(withOld.status, withOld.text).toBe(404);
    expect(withOld.body.error.code).toBe('ballots.receipt_not_found');
  });

  it('answers 404 ballots.receipt_not_found to a replacement with a wrong or malformed receipt and keeps the ballot', async () => {
    const { cycleId, kita, p } = await votingCycle();
    const { voter, receipt } = await castFor(cycleId, kita, only([p[0] ?? '']));
    for (const typed of [randomReceipt(), 'no such receipt']) {
      const response = await replace(h.app(), cycleId, voter, typed, only([p[1] ?? '']));
      expect(response.status, response.text).toBe(404);
      expect(response.body.error.code).toBe('ballots.receipt_not_found');
    }
    expect((await lookup(h.app(), cycleId, receipt)).body).toMatchObject({ found: true, status: 'counted' });
    expect(await storedBallots(h.app(), cycleId)).toHaveLength(1);
  });

  it("answers 404 ballots.receipt_not_found to replacing someone else's ballot, which stays counted", async () => {
    const { cycleId, kita, p } = await votingCycle();
    const { receipt: theirs } = await castFor(cycleId, kita, only([p[0] ?? '']));
    const { voter: me } = await castFor(cycleId, kita, only([p[1] ?? '']));
    const response = await replace(h.app(), cycleId, me, theirs, only([p[2] ?? '']));
    expect(response.status, response.text).toBe(404);
    expect(response.body.error.code).toBe('ballots.receipt_not_found');
    expect((await lookup(h.app(), cycleId, theirs)).body).toMatchObject({ found: true, status: 'counted' });
    const counted = await countedChoices(h.app(), cycleId);
    expect(counted).toHaveLength(2);
    expect(counted).not.toContainEqual(only([p[2] ?? '']));
  });

  it('answers 409 ballots.voting_closed to a replacement once voting has closed', async () => {
    const { cycleId, kita, p } = await votingCycle();
    const { voter, receipt } = await castFor(cycleId, kita, only([p[0] ?? '']));
    await movePhase(h.app(), h.staff(), h.confirmer(), cycleId, 'tallying');
    const response = await replace(h.app(), cycleId, voter, receipt, only([p[1] ?? '']));
    expect(response.status, response.text).toBe(409);
    expect(response.body.error.code).toBe('ballots.voting_closed');
    expect((await lookup(h.app(), cycleId, receipt)).body).toMatchObject({ found: true, status: 'counted' });
  });
});

describe('voting status', () => {
  const h = useVotingApp();

  async function threeDistricts(options: { minimumAge?: number; requiresVerification?: boolean } = {}) {
    const kita = h.district('kita');
    const minami = h.district('minami');
    const cityWide = h.district('city-wide');
    const { cycle, projects } = await openVotingCycle(h.app(), h.staff(), h.confirmer(), {
      ballot: { method: 'approval' },
      districts: [
        { districtId: kita, budget: 1000 },
        { districtId: minami, budget: 1000 },
        { districtId: cityWide, budget: 1000 },
      ],
      projects: [kita, minami, cityWide].map((districtId) => ({ districtId, cost: 100 })),
      ...options,
    });
    return { cycleId: cycle.id, kita, minami, cityWide, projects };
  }

  async function statusOf(cycleId: string, voter: Voter): Promise<Map<string, DistrictVotingStatus>> {
    const response = await request(h.app().server)
      .get(`/api/cycles/${cycleId}/voting-status`)
      .set('authorization', voter.bearer);
    expect(response.status, response.text).toBe(200);
    const body = response.body as MyVotingStatus;
    expect(body.cycleId).toBe(cycleId);
    return new Map(body.districts.map((row) => [row.districtId, row]));
  }

  it('shows where a resident may vote, where they voted, through which channel, and whether they can replace', async () => {
    const { cycleId, kita, minami, cityWide, projects } = await threeDistricts();
    const voter = await createVoter(h.app(), { districtId: kita });
    const before = await statusOf(cycleId, voter);
    expect(before.size).toBe(3);
    const open = { eligible: true, reason: null, voted: false, channel: null, canReplace: false };
    expect(before.get(kita)).toEqual({ districtId: kita, ...open });
    expect(before.get(cityWide)).toEqual({ districtId: cityWide, ...open });
    expect(before.get(minami)).toEqual({
      districtId: minami,
      eligible: false,
      reason: 'other_district',
      voted: false,
      channel: null,
      canReplace: false,
    });
    const cast1 = await castOnline(h.app(), cycleId, voter, kita, only(ids(projects.get(kita))));
    expect(cast1.status, cast1.text).toBe(201);
    const after = await statusOf(cycleId, voter);
    expect(after.get(kita)).toEqual({
      districtId: kita,
      eligible: false,
      reason: null,
      voted: true,
      channel: 'online',
      canReplace: true,
    });
    expect(after.get(cityWide)).toEqual({ districtId: cityWide, ...open });
    await movePhase(h.app(), h.staff(), h.confirmer(), cycleId, 'tallying');
    const closed = await statusOf(cycleId, voter);
    expect(closed.get(kita)).toEqual({
      districtId: kita,
      eligible: false,
      reason: 'not_voting',
      voted: true,
      channel: 'online',
      canReplace: false,
    });
    expect(closed.get(cityWide)).toMatchObject({ eligible: false, reason: 'not_voting', voted: false });
  });

  it('gives verification_required to an unverified resident and too_young to a resident below the minimum age', async () => {
    const { cycleId, kita, cityWide } = await threeDistricts({ minimumAge: 120, requiresVerification: true });
    const unverified = await createVoter(h.app(), { districtId: null });
    for (const row of (await statusOf(cycleId, unverified)).values()) {
      expect(row).toMatchObject({ eligible: false, reason: 'verification_required', voted: false });
    }
    const young = await createVoter(h.app(), {
      districtId: kita,
      census: { number: censusNumber(), birthYear: 2000 },
    });
    const status = await statusOf(cycleId, young);
    expect(status.get(kita)).toMatchObject({ eligible: false, reason: 'too_young' });
    expect(status.get(cityWide)).toMatchObject({ eligible: false, reason: 'too_young' });
  });

  it('answers 401 to an anonymous request', async () => {
    const { cycleId } = await threeDistricts();
    const response = await request(h.app().server).get(`/api/cycles/${cycleId}/voting-status`);
    expect(response.status).toBe(401);
  });
});
