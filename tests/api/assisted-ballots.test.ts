import request from 'supertest';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { BallotReceipt, MyVotingStatus, VoterIdentifier, VoterLookup } from '@pb/shared';
import { auditEvents } from '../../server/src/db/schema.js';
import {
  createCensusEntry,
  createVoter,
  openVotingCycle,
  storedBallots,
  storedParticipations,
} from '../helpers/voting.js';
import {
  approvalCycleInKita,
  assisted,
  byDistrict,
  castOnline,
  censusKey,
  censusNumber,
  issueCodes,
  lookupVoter,
  only,
  paper,
  paperCount,
  RECEIPT_FORMAT,
  useVotingApp,
} from '../helpers/voting-harness.js';

describe('looking residents up at the counter', () => {
  const h = useVotingApp();

  async function votingCycle() {
    const kita = h.district('kita');
    const minami = h.district('minami');
    const cityWide = h.district('city-wide');
    const { cycle } = await openVotingCycle(h.app(), h.staff(), h.confirmer(), {
      ballot: { method: 'approval' },
      districts: [
        { districtId: kita, budget: 1000 },
        { districtId: minami, budget: 1000 },
        { districtId: cityWide, budget: 1000 },
      ],
      projects: [kita, minami, cityWide].map((districtId) => ({ districtId, cost: 100 })),
    });
    return { cycleId: cycle.id, kita, minami, cityWide };
  }

  it('finds a resident by census number with home district, birth year and where they may vote', async () => {
    const { cycleId, kita, minami, cityWide } = await votingCycle();
    const number = censusNumber();
    await createCensusEntry(h.app(), number, kita, 1971);
    const response = await lookupVoter(h, cycleId, { kind: 'census', value: number });
    expect(response.status, response.text).toBe(200);
    const body = response.body as VoterLookup;
    expect(body).toMatchObject({ found: true, homeDistrictId: kita, birthYear: 1971 });
    const districts = byDistrict(body);
    const open = { eligible: true, reason: null, voted: false, channel: null, canReplace: false };
    expect(districts.get(kita)).toEqual({ districtId: kita, ...open });
    expect(districts.get(cityWide)).toEqual({ districtId: cityWide, ...open });
    expect(districts.get(minami)).toMatchObject({ eligible: false, reason: 'other_district', voted: false });
  });

  it('finds a resident by a voting code issued without a census entry, without a birth year', async () => {
    const { cycleId, kita, minami } = await votingCycle();
    const [code = ''] = await issueCodes(h, minami, 2);
    const response = await lookupVoter(h, cycleId, { kind: 'code', value: code });
    expect(response.status, response.text).toBe(200);
    const body = response.body as VoterLookup;
    expect(body).toMatchObject({ found: true, homeDistrictId: minami, birthYear: null });
    expect(byDistrict(body).get(minami)).toMatchObject({ eligible: true, reason: null });
    expect(byDistrict(body).get(kita)).toMatchObject({ eligible: false, reason: 'other_district' });
  });

  it('answers 404 ballots.unknown_voter for an unknown census number or voting code', async () => {
    const { cycleId, kita } = await votingCycle();
    const [code = ''] = await issueCodes(h, kita, 1);
    const unknownCode = code.replace(/[0-9A-Z]$/, (last) => (last === '0' ? '1' : '0'));
    for (const voter of [
      { kind: 'census', value: censusNumber() },
      { kind: 'code', value: unknownCode },
      { kind: 'code', value: '!!!' },
    ] as VoterIdentifier[]) {
      const response = await lookupVoter(h, cycleId, voter);
      expect(response.status, `${voter.value}: ${response.text}`).toBe(404);
      expect(response.body.error.code).toBe('ballots.unknown_voter');
    }
  });

  it('is for staff only', async () => {
    const { cycleId, kita } = await votingCycle();
    const number = censusNumber();
    await createCensusEntry(h.app(), number, kita, 1980);
    const resident = await createVoter(h.app(), { districtId: kita });
    const response = await request(h.app().server)
      .post(`/api/cycles/${cycleId}/voters/lookup`)
      .set('authorization', resident.bearer)
      .send({ voter: { kind: 'census', value: number } });
    expect(response.status).toBe(403);
  });
});

describe('assisted ballots at the counter', () => {
  const h = useVotingApp();

  it('casts an assisted ballot with a receipt, records channel assisted and audits it without the choices', async () => {
    const { cycleId, kita, p } = await approvalCycleInKita(h);
    const number = censusNumber();
    await createCensusEntry(h.app(), number, kita, 1960);
    const choices = only([p[2] ?? '', p[0] ?? '']);
    const response = await assisted(h, cycleId, { kind: 'census', value: number }, kita, choices);
    expect(response.status, response.text).toBe(201);
    const receipt = response.body as BallotReceipt;
    expect(receipt).toEqual({
      receipt: expect.stringMatching(RECEIPT_FORMAT),
      cycleId,
      districtId: kita,
      channel: 'assisted',
    });
    const participations = await storedParticipations(h.app(), cycleId);
    expect(participations).toEqual([
      {
        districtId: kita,
        voterKey: censusKey(number),
        userId: null,
        channel: 'assisted',
        replaceTag: expect.any(String),
      },
    ]);
    const events = await h
      .app()
      .db.select({ actorId: auditEvents.actorId, details: auditEvents.details })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'ballot.assisted_cast'), eq(auditEvents.subjectId, cycleId)));
    expect(events).toHaveLength(1);
    expect(events[0]?.actorId).toBe(h.staff().id);
    const details = JSON.stringify(events[0]?.details);
    expect(details).not.toContain('choices');
    for (const proposalId of p) expect(details).not.toContain(proposalId);
    const checked = await request(h.app().server)
      .post(`/api/cycles/${cycleId}/receipts/lookup`)
      .send({ receipt: receipt.receipt });
    expect(checked.body).toMatchObject({ found: true, status: 'counted', districtId: kita });
  });

  it('refuses an online ballot with 409 ballots.already_voted after an assisted ballot for the same census number', async () => {
    const { cycleId, kita, p } = await approvalCycleInKita(h);
    const number = censusNumber();
    await createCensusEntry(h.app(), number, kita, 1960);
    const first = await assisted(h, cycleId, { kind: 'census', value: number }, kita, only([p[0] ?? '']));
    expect(first.status, first.text).toBe(201);
    const resident = await createVoter(h.app(), { districtId: kita, census: { number, birthYear: 1960 } });
    const online = await castOnline(h.app(), cycleId, resident, kita, only([p[1] ?? '']));
    expect(online.status, online.text).toBe(409);
    expect(online.body.error.code).toBe('ballots.already_voted');
    const status = await request(h.app().server)
      .get(`/api/cycles/${cycleId}/voting-status`)
      .set('authorization', resident.bearer);
    expect((status.body as MyVotingStatus).districts[0]).toMatchObject({ voted: true, channel: 'assisted' });
    expect(await storedBallots(h.app(), cycleId)).toHaveLength(1);
  });

  it('refuses an assisted or paper ballot with 409 ballots.already_voted after the resident voted online', async () => {
    const { cycleId, kita, p } = await approvalCycleInKita(h);
    const number = censusNumber();
    const resident = await createVoter(h.app(), { districtId: kita, census: { number, birthYear: 1990 } });
    const online = await castOnline(h.app(), cycleId, resident, kita, only([p[0] ?? '']));
    expect(online.status, online.text).toBe(201);
    const voter: VoterIdentifier = { kind: 'census', value: number };
    for (const response of [
      await assisted(h, cycleId, voter, kita, only([p[1] ?? ''])),
      await paper(h, cycleId, voter, kita, only([p[1] ?? ''])),
    ]) {
      expect(response.status, response.text).toBe(409);
      expect(response.body.error.code).toBe('ballots.already_voted');
    }
    const found = await lookupVoter(h, cycleId, voter);
    expect(byDistrict(found.body as VoterLookup).get(kita)).toMatchObject({
      eligible: false,
      voted: true,
      channel: 'online',
    });
    expect(await storedBallots(h.app(), cycleId)).toHaveLength(1);
    expect(await paperCount(h.app(), cycleId)).toBe(0);
  });
});
