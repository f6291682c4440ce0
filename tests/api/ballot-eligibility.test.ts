import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import type { BallotReceipt, BallotRules, BallotSheet, DistrictVotingStatus, MyVotingStatus } from '@pb/shared';
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
  expectAccepted,
  expectInvalid,
  ids,
  only,
  useVotingApp,
} from '../helpers/voting-harness.js';

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
