import request from 'supertest';
import { describe, expect, it } from 'vitest';
import type { MyVotingStatus, PaperEntryState, VoterLookup } from '@pb/shared';
import { createCensusEntry, createVoter, movePhase, storedBallots, storedParticipations } from '../helpers/voting.js';
import {
  approvalCycleInKita,
  assisted,
  byDistrict,
  castOnline,
  censusKey,
  censusNumber,
  lookupVoter,
  only,
  paper,
  paperCount,
  staffPost,
  upload,
  useVotingApp,
} from '../helpers/voting-harness.js';

describe('paper ballots entered one by one', () => {
  const h = useVotingApp();

  function paperEntry(cycleId: string) {
    return request(h.app().server).get(`/api/cycles/${cycleId}/paper-entry`).set('authorization', h.staff().bearer);
  }

  function closePaperEntry(cycleId: string) {
    return staffPost(h, `/api/cycles/${cycleId}/paper-entry/close`, {});
  }

  it('accepts a paper ballot that is final: no receipt, no replace tag, canReplace false', async () => {
    const { cycleId, kita, p } = await approvalCycleInKita(h);
    const number = censusNumber();
    const resident = await createVoter(h.app(), { districtId: kita, census: { number, birthYear: 1985 } });
    const chosen = [p[2] ?? '', p[1] ?? ''];
    const response = await paper(h, cycleId, { kind: 'census', value: number }, kita, only(chosen));
    expect(response.status, response.text).toBe(201);
    expect(response.body).toEqual({ accepted: true, districtId: kita });
    expect(await storedParticipations(h.app(), cycleId)).toEqual([
      { districtId: kita, voterKey: censusKey(number), userId: null, channel: 'paper', replaceTag: null },
    ]);
    expect(await storedBallots(h.app(), cycleId)).toEqual([
      { districtId: kita, receiptHash: null, status: 'counted', choices: only([...chosen].sort()) },
    ]);
    const status = await request(h.app().server)
      .get(`/api/cycles/${cycleId}/voting-status`)
      .set('authorization', resident.bearer);
    expect((status.body as MyVotingStatus).districts[0]).toEqual({
      districtId: kita,
      eligible: false,
      reason: null,
      voted: true,
      channel: 'paper',
      canReplace: false,
    });
    const found = await lookupVoter(h, cycleId, { kind: 'census', value: number });
    expect(byDistrict(found.body as VoterLookup).get(kita)).toMatchObject({ channel: 'paper', canReplace: false });
    const online = await castOnline(h.app(), cycleId, resident, kita, only([p[0] ?? '']));
    expect(online.status, online.text).toBe(409);
    expect(online.body.error.code).toBe('ballots.already_voted');
  });

  it('refuses an invalid paper ballot with 400 ballots.invalid and an unknown voter with 404 ballots.unknown_voter', async () => {
    const { cycleId, kita, p } = await approvalCycleInKita(h);
    const number = censusNumber();
    await createCensusEntry(h.app(), number, kita, 1985);
    const invalid = await paper(h, cycleId, { kind: 'census', value: number }, kita, only(p));
    expect(invalid.status, invalid.text).toBe(400);
    expect(invalid.body.error.code).toBe('ballots.invalid');
    const unknown = await paper(h, cycleId, { kind: 'census', value: censusNumber() }, kita, only([p[0] ?? '']));
    expect(unknown.status, unknown.text).toBe(404);
    expect(unknown.body.error.code).toBe('ballots.unknown_voter');
    expect(await storedParticipations(h.app(), cycleId)).toEqual([]);
  });

  it('keeps paper entry open during tallying until staff close it, once; online and assisted ballots are closed then', async () => {
    const { cycleId, kita, p } = await approvalCycleInKita(h);
    const voting = await paperEntry(cycleId);
    expect(voting.body as PaperEntryState).toEqual({ open: true, closedAt: null, paperBallots: 0 });
    const early = await closePaperEntry(cycleId);
    expect(early.status, early.text).toBe(409);
    expect(early.body.error.code).toBe('ballots.paper_entry_not_closable');

    await movePhase(h.app(), h.staff(), h.confirmer(), cycleId, 'tallying');
    expect((await paperEntry(cycleId)).body as PaperEntryState).toEqual({
      open: true,
      closedAt: null,
      paperBallots: 0,
    });
    const numbers = [censusNumber(), censusNumber(), censusNumber()];
    for (const number of numbers) await createCensusEntry(h.app(), number, kita, 1970);
    const resident = await createVoter(h.app(), { districtId: kita });
    const online = await castOnline(h.app(), cycleId, resident, kita, only([p[0] ?? '']));
    expect(online.status, online.text).toBe(409);
    expect(online.body.error.code).toBe('ballots.voting_closed');
    const counter = await assisted(h, cycleId, { kind: 'census', value: numbers[0] ?? '' }, kita, only([p[0] ?? '']));
    expect(counter.status, counter.text).toBe(409);
    expect(counter.body.error.code).toBe('ballots.voting_closed');

    const during = await paper(h, cycleId, { kind: 'census', value: numbers[0] ?? '' }, kita, only([p[0] ?? '']));
    expect(during.status, during.text).toBe(201);

    const closed = await closePaperEntry(cycleId);
    expect(closed.status, closed.text).toBe(202);
    const state = closed.body as PaperEntryState;
    expect(state).toMatchObject({ open: false, paperBallots: 1 });
    expect(Number.isNaN(Date.parse(state.closedAt ?? ''))).toBe(false);
    expect((await paperEntry(cycleId)).body).toEqual(state);

    const late = await paper(h, cycleId, { kind: 'census', value: numbers[1] ?? '' }, kita, only([p[0] ?? '']));
    expect(late.status, late.text).toBe(409);
    expect(late.body.error.code).toBe('ballots.paper_entry_closed');
    const lateFile = await upload(h, cycleId, `voter,district,choices\n${numbers[2] ?? ''},kita,1\n`);
    expect(lateFile.status, lateFile.text).toBe(409);
    expect(lateFile.body.error.code).toBe('ballots.paper_entry_closed');
    const twice = await closePaperEntry(cycleId);
    expect(twice.status, twice.text).toBe(409);
    expect(twice.body.error.code).toBe('ballots.paper_entry_not_closable');
    expect(await paperCount(h.app(), cycleId)).toBe(1);
  });
});
