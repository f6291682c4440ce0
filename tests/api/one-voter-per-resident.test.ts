import type { VoterLookup } from '@pb/shared';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../helpers/accounts.js';
import {
  createCensusEntry,
  createVoter,
  openVotingCycle,
  storedParticipations,
  type Voter,
} from '../helpers/voting.js';
import {
  approvalCycleInKita,
  assisted,
  byDistrict,
  castOnline,
  censusKey,
  ids,
  issueCodes,
  lookupVoter,
  only,
  paper,
  useVotingApp,
  type VotingHarness,
} from '../helpers/voting-harness.js';
import { codeOf, issueLetters } from '../helpers/voting-codes.js';

function redeem(h: VotingHarness, voter: Voter, code: string) {
  return request(h.app().server).post('/api/me/verification/code').set('authorization', voter.bearer).send({ code });
}

/** An account with no verification yet, as after sign-up. */
function newResident(h: VotingHarness): Promise<Voter> {
  return createVoter(h.app(), { districtId: null });
}

describe('a voting code issued for a census entry and that census number are one voter', () => {
  const h = useVotingApp();
  const residents = ['ONE-ONLINE', 'ONE-PAPER', 'ONE-REDEEMED', 'ONE-TAKEN'];
  let codes: Map<string, string>;
  const verified = new Map<string, Voter>();

  beforeAll(async () => {
    for (const number of residents) await createCensusEntry(h.app(), number, h.district('kita'), 1970);
    // Letters go out before voting opens: the voter list is frozen from then on.
    codes = await issueLetters(h.app(), h.staff(), residents);
    for (const number of ['ONE-ONLINE', 'ONE-PAPER', 'ONE-TAKEN']) {
      verified.set(
        number,
        await createVoter(h.app(), { districtId: h.district('kita'), census: { number, birthYear: 1970 } }),
      );
    }
  });

  const account = (number: string): Voter => {
    const voter = verified.get(number);
    if (voter === undefined) throw new Error(`no account for ${number}`);
    return voter;
  };

  it('refuses a paper or assisted ballot with the code of a resident who voted online with their census-verified account (409 ballots.already_voted)', async () => {
    const { cycleId, kita, p } = await approvalCycleInKita(h);
    const online = await castOnline(h.app(), cycleId, account('ONE-ONLINE'), kita, only([p[0] ?? '']));
    expect(online.status, online.text).toBe(201);
    const code = { kind: 'code', value: codeOf(codes, 'ONE-ONLINE') } as const;
    for (const response of [
      await paper(h, cycleId, code, kita, only([p[1] ?? ''])),
      await assisted(h, cycleId, code, kita, only([p[1] ?? ''])),
    ]) {
      expect(response.status, response.text).toBe(409);
      expect(response.body.error.code).toBe('ballots.already_voted');
    }
    const lookup = (await lookupVoter(h, cycleId, code)).body as VoterLookup;
    expect(byDistrict(lookup).get(kita)).toMatchObject({ voted: true, channel: 'online', eligible: false });
    expect(await storedParticipations(h.app(), cycleId)).toEqual([
      expect.objectContaining({ voterKey: censusKey('ONE-ONLINE'), channel: 'online' }),
    ]);
  });

  it('refuses the census-verified account and the census number of a resident who voted on paper with their code (409 ballots.already_voted)', async () => {
    const { cycleId, kita, p } = await approvalCycleInKita(h);
    const sheet = await paper(
      h,
      cycleId,
      { kind: 'code', value: codeOf(codes, 'ONE-PAPER') },
      kita,
      only([p[0] ?? '']),
    );
    expect(sheet.status, sheet.text).toBe(201);
    for (const response of [
      await castOnline(h.app(), cycleId, account('ONE-PAPER'), kita, only([p[1] ?? ''])),
      await assisted(h, cycleId, { kind: 'census', value: 'ONE-PAPER' }, kita, only([p[1] ?? ''])),
    ]) {
      expect(response.status, response.text).toBe(409);
      expect(response.body.error.code).toBe('ballots.already_voted');
    }
    expect(await storedParticipations(h.app(), cycleId)).toEqual([
      expect.objectContaining({ voterKey: censusKey('ONE-PAPER'), channel: 'paper' }),
    ]);
  });

  it('makes the account that redeemed the code the census entry: its online ballot stops the census number at the counter and on paper', async () => {
    const resident = await newResident(h);
    const redeemed = await redeem(h, resident, codeOf(codes, 'ONE-REDEEMED'));
    expect(redeemed.status, redeemed.text).toBe(200);
    const { cycleId, kita, p } = await approvalCycleInKita(h);
    const online = await castOnline(h.app(), cycleId, resident, kita, only([p[0] ?? '']));
    expect(online.status, online.text).toBe(201);
    const census = { kind: 'census', value: 'ONE-REDEEMED' } as const;
    for (const response of [
      await assisted(h, cycleId, census, kita, only([p[1] ?? ''])),
      await paper(h, cycleId, census, kita, only([p[1] ?? ''])),
    ]) {
      expect(response.status, response.text).toBe(409);
      expect(response.body.error.code).toBe('ballots.already_voted');
    }
    const second = await createAccount(h.app(), ['resident']);
    const census2 = await request(h.app().server)
      .post('/api/me/verification/census')
      .set('authorization', second.bearer)
      .send({ residentNumber: 'ONE-REDEEMED', birthYear: 1970 });
    expect(census2.status, census2.text).toBe(409);
    expect(census2.body.error.code).toBe('verification.census_entry_used');
  });

  it('refuses to redeem the code of a census entry that already verified another account (409 verification.census_entry_used) and leaves the code unused', async () => {
    const resident = await newResident(h);
    const response = await redeem(h, resident, codeOf(codes, 'ONE-TAKEN'));
    expect(response.status, response.text).toBe(409);
    expect(response.body.error.code).toBe('verification.census_entry_used');
    const me = await request(h.app().server).get('/api/me').set('authorization', resident.bearer);
    expect(me.body.verification.verified).toBe(false);
    const { cycleId, kita, p } = await approvalCycleInKita(h);
    const sheet = await paper(
      h,
      cycleId,
      { kind: 'code', value: codeOf(codes, 'ONE-TAKEN') },
      kita,
      only([p[0] ?? '']),
    );
    expect(sheet.status, sheet.text).toBe(201);
  });
});

describe("a cycle's minimum age and voting codes", () => {
  const h = useVotingApp();
  let year: number;
  let codes: Map<string, string>;
  let legacyCode: string;

  beforeAll(async () => {
    const city = await request(h.app().server).get('/api/city');
    const timeZone = (city.body as { timeZone: string }).timeZone;
    year = Number(new Intl.DateTimeFormat('en', { timeZone, year: 'numeric' }).format(new Date()));
    const kita = h.district('kita');
    // Born in year Y, a resident counts as 16 for all of Y + 16.
    for (const [number, birthYear] of [
      ['AGE-YOUNG', year - 15],
      ['AGE-OLD', year - 16],
      ['AGE-YOUNG-ONLINE', year - 15],
    ] as const) {
      await createCensusEntry(h.app(), number, kita, birthYear);
    }
    codes = await issueLetters(h.app(), h.staff(), ['AGE-YOUNG', 'AGE-OLD', 'AGE-YOUNG-ONLINE']);
    [legacyCode = ''] = await issueCodes(h, kita, 1);
  });

  async function cycleWithMinimumAge() {
    const kita = h.district('kita');
    const { cycle, projects } = await openVotingCycle(h.app(), h.staff(), h.confirmer(), {
      ballot: { method: 'approval' },
      districts: [{ districtId: kita, budget: 1000 }],
      projects: [{ districtId: kita, cost: 100 }],
      minimumAge: 16,
    });
    return { cycleId: cycle.id, kita, p: ids(projects.get(kita)) };
  }

  it('refuses the code of a resident born too recently (403 ballots.too_young) and accepts the code of one old enough', async () => {
    const { cycleId, kita, p } = await cycleWithMinimumAge();
    const young = { kind: 'code', value: codeOf(codes, 'AGE-YOUNG') } as const;
    const lookup = (await lookupVoter(h, cycleId, young)).body as VoterLookup;
    expect(lookup).toMatchObject({ homeDistrictId: kita, birthYear: year - 15 });
    expect(byDistrict(lookup).get(kita)).toMatchObject({ eligible: false, reason: 'too_young' });
    for (const response of [
      await paper(h, cycleId, young, kita, only(p)),
      await assisted(h, cycleId, young, kita, only(p)),
    ]) {
      expect(response.status, response.text).toBe(403);
      expect(response.body.error.code).toBe('ballots.too_young');
    }
    const old = await assisted(h, cycleId, { kind: 'code', value: codeOf(codes, 'AGE-OLD') }, kita, only(p));
    expect(old.status, old.text).toBe(201);
  });

  it('refuses online the account verified with the code of a resident born too recently', async () => {
    const resident = await newResident(h);
    expect((await redeem(h, resident, codeOf(codes, 'AGE-YOUNG-ONLINE'))).status).toBe(200);
    const { cycleId, kita, p } = await cycleWithMinimumAge();
    const response = await castOnline(h.app(), cycleId, resident, kita, only(p));
    expect(response.status, response.text).toBe(403);
    expect(response.body.error.code).toBe('ballots.too_young');
  });

  it('refuses a code without a census entry, whose holder has no known age (403 ballots.age_unknown)', async () => {
    const { cycleId, kita, p } = await cycleWithMinimumAge();
    const legacy = { kind: 'code', value: legacyCode } as const;
    const lookup = (await lookupVoter(h, cycleId, legacy)).body as VoterLookup;
    expect(byDistrict(lookup).get(kita)).toMatchObject({ eligible: false, reason: 'age_unknown' });
    const response = await paper(h, cycleId, legacy, kita, only(p));
    expect(response.status, response.text).toBe(403);
    expect(response.body.error.code).toBe('ballots.age_unknown');
    expect(await storedParticipations(h.app(), cycleId)).toEqual([]);
  });
});
