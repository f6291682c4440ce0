import request from 'supertest';
import { describe, expect, it } from 'vitest';
import type { MyVotingStatus, PaperEntryState, VoterLookup } from '@pb/shared';
import {
  createCensusEntry,
  createVoter,
  movePhase,
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
  enterSheet,
  issuePaper,
  lookupVoter,
  only,
  paperCount,
  staffPost,
  uploadPollBook,
  uploadSheets,
  useVotingApp,
} from '../helpers/voting-harness.js';

describe('paper ballots: the poll book and the ballot box, one at a time', () => {
  const h = useVotingApp();

  function paperEntry(cycleId: string) {
    return request(h.app().server).get(`/api/cycles/${cycleId}/paper-entry`).set('authorization', h.staff().bearer);
  }

  function closePaperEntry(cycleId: string) {
    return staffPost(h, `/api/cycles/${cycleId}/paper-entry/close`, {});
  }

  it('the poll book records a final paper participation and no ballot; the resident can no longer vote online, at the counter or on paper', async () => {
    const { cycleId, kita, p } = await approvalCycleInKita(h);
    const number = censusNumber();
    const resident = await createVoter(h.app(), { districtId: kita, census: { number, birthYear: 1985 } });
    const issued = await issuePaper(h, cycleId, { kind: 'census', value: number }, kita);
    expect(issued.status, issued.text).toBe(201);
    expect(issued.body).toEqual({ districtId: kita, issued: 1, sheets: 0 });
    expect(await storedParticipations(h.app(), cycleId)).toEqual([
      { districtId: kita, voterKey: censusKey(number), userId: null, channel: 'paper', replaceTag: null },
    ]);
    expect(await storedBallots(h.app(), cycleId)).toEqual([]);

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

    const again = await issuePaper(h, cycleId, { kind: 'census', value: number }, kita);
    expect(again.status, again.text).toBe(409);
    expect(again.body.error.code).toBe('ballots.already_voted');
    const online = await castOnline(h.app(), cycleId, resident, kita, only([p[0] ?? '']));
    expect(online.status, online.text).toBe(409);
    expect(online.body.error.code).toBe('ballots.already_voted');
    const counter = await assisted(h, cycleId, { kind: 'census', value: number }, kita, only([p[0] ?? '']));
    expect(counter.status, counter.text).toBe(409);
    expect(counter.body.error.code).toBe('ballots.already_voted');
    expect(await storedParticipations(h.app(), cycleId)).toHaveLength(1);
    expect(await storedBallots(h.app(), cycleId)).toEqual([]);
  });

  it('a resident who voted online gets no paper ballot (409 ballots.already_voted)', async () => {
    const { cycleId, kita, p } = await approvalCycleInKita(h);
    const number = censusNumber();
    const resident = await createVoter(h.app(), { districtId: kita, census: { number, birthYear: 1985 } });
    expect((await castOnline(h.app(), cycleId, resident, kita, only([p[0] ?? '']))).status).toBe(201);
    const issued = await issuePaper(h, cycleId, { kind: 'census', value: number }, kita);
    expect(issued.status, issued.text).toBe(409);
    expect(issued.body.error.code).toBe('ballots.already_voted');
    expect(await paperCount(h.app(), cycleId)).toBe(0);
  });

  it('the poll book checks the voter list like any ballot: unknown voter 404, other district 403, too young 403', async () => {
    const kita = h.district('kita');
    const minami = h.district('minami');
    const { cycle } = await openVotingCycle(h.app(), h.staff(), h.confirmer(), {
      ballot: { method: 'approval', maxProjects: 1 },
      districts: [{ districtId: kita, budget: 1000 }],
      projects: [{ districtId: kita, cost: 100 }],
      minimumAge: 16,
    });
    const unknown = await issuePaper(h, cycle.id, { kind: 'census', value: censusNumber() }, kita);
    expect(unknown.status, unknown.text).toBe(404);
    expect(unknown.body.error.code).toBe('ballots.unknown_voter');
    const elsewhere = censusNumber();
    await createCensusEntry(h.app(), elsewhere, minami, 1970);
    const other = await issuePaper(h, cycle.id, { kind: 'census', value: elsewhere }, kita);
    expect(other.status, other.text).toBe(403);
    expect(other.body.error.code).toBe('ballots.district_not_eligible');
    const child = censusNumber();
    await createCensusEntry(h.app(), child, kita, new Date().getFullYear() - 10);
    const young = await issuePaper(h, cycle.id, { kind: 'census', value: child }, kita);
    expect(young.status, young.text).toBe(403);
    expect(young.body.error.code).toBe('ballots.too_young');
    expect(await storedParticipations(h.app(), cycle.id)).toEqual([]);
  });

  it('a sheet enters the ballot box with no receipt and no voter; a sheet beyond the poll book is refused with 409 and both counts', async () => {
    const { cycleId, kita, p } = await approvalCycleInKita(h);
    const refusedFirst = await enterSheet(h, cycleId, kita, only([p[0] ?? '']));
    expect(refusedFirst.status, refusedFirst.text).toBe(409);
    expect(refusedFirst.body.error).toMatchObject({
      code: 'ballots.sheets_exceed_poll_book',
      params: { sheets: 0, issued: 0 },
    });
    const number = censusNumber();
    await createCensusEntry(h.app(), number, kita, 1970);
    expect((await issuePaper(h, cycleId, { kind: 'census', value: number }, kita)).status).toBe(201);
    const chosen = [p[2] ?? '', p[1] ?? ''];
    const sheet = await enterSheet(h, cycleId, kita, only(chosen));
    expect(sheet.status, sheet.text).toBe(201);
    expect(sheet.body).toEqual({ districtId: kita, issued: 1, sheets: 1 });
    expect(await storedBallots(h.app(), cycleId)).toEqual([
      { districtId: kita, receiptHash: null, status: 'counted', choices: only([...chosen].sort()) },
    ]);
    const beyond = await enterSheet(h, cycleId, kita, only([p[0] ?? '']));
    expect(beyond.status, beyond.text).toBe(409);
    expect(beyond.body.error).toEqual({
      code: 'ballots.sheets_exceed_poll_book',
      message: expect.stringContaining('1 paper sheets for 1 paper ballots') as unknown,
      params: { sheets: 1, issued: 1 },
    });
    expect(await storedBallots(h.app(), cycleId)).toHaveLength(1);
  });

  it('an invalid sheet is refused with 400 ballots.invalid and a district outside the cycle with 404; neither is written', async () => {
    const { cycleId, kita, p } = await approvalCycleInKita(h);
    const number = censusNumber();
    await createCensusEntry(h.app(), number, kita, 1970);
    expect((await issuePaper(h, cycleId, { kind: 'census', value: number }, kita)).status).toBe(201);
    const invalid = await enterSheet(h, cycleId, kita, only(p));
    expect(invalid.status, invalid.text).toBe(400);
    expect(invalid.body.error.code).toBe('ballots.invalid');
    const outside = await enterSheet(h, cycleId, h.district('minami'), only([p[0] ?? '']));
    expect(outside.status, outside.text).toBe(404);
    expect(outside.body.error.code).toBe('ballots.not_found');
    expect(await storedBallots(h.app(), cycleId)).toEqual([]);
  });

  it('sheets entered at the same time never outnumber the poll book of their district', async () => {
    const { cycleId, kita, p } = await approvalCycleInKita(h);
    for (let index = 0; index < 3; index += 1) {
      const number = censusNumber();
      await createCensusEntry(h.app(), number, kita, 1970);
      expect((await issuePaper(h, cycleId, { kind: 'census', value: number }, kita)).status).toBe(201);
    }
    const single = Array.from({ length: 6 }, () => enterSheet(h, cycleId, kita, only([p[0] ?? ''])));
    const file = uploadSheets(h, cycleId, 'district,choices\nkita,1\nkita,2\n');
    const answers = await Promise.all(single);
    const report = await file;
    expect(report.status, report.text).toBe(200);
    for (const answer of answers.filter((each) => each.status !== 201)) {
      expect(answer.status, answer.text).toBe(409);
      expect(answer.body.error.code).toBe('ballots.sheets_exceed_poll_book');
    }
    const accepted = answers.filter((answer) => answer.status === 201).length + (report.body.accepted as number);
    expect(accepted).toBe(3);
    expect(await storedBallots(h.app(), cycleId)).toHaveLength(3);
  });

  it('keeps paper entry open during tallying until staff close it, once; online and counter ballots are closed then', async () => {
    const { cycleId, kita, p } = await approvalCycleInKita(h);
    const empty = { open: true, closedAt: null, paperBallots: 0, sheets: 0 };
    const voting = await paperEntry(cycleId);
    expect(voting.body as PaperEntryState).toEqual({
      ...empty,
      districts: [{ districtId: kita, issued: 0, sheets: 0 }],
    });
    const early = await closePaperEntry(cycleId);
    expect(early.status, early.text).toBe(409);
    expect(early.body.error.code).toBe('ballots.paper_entry_not_closable');

    await movePhase(h.app(), h.staff(), h.confirmer(), cycleId, 'tallying');
    expect((await paperEntry(cycleId)).body as PaperEntryState).toMatchObject(empty);
    const numbers = [censusNumber(), censusNumber(), censusNumber()];
    for (const number of numbers) await createCensusEntry(h.app(), number, kita, 1970);
    const resident = await createVoter(h.app(), { districtId: kita });
    const online = await castOnline(h.app(), cycleId, resident, kita, only([p[0] ?? '']));
    expect(online.status, online.text).toBe(409);
    expect(online.body.error.code).toBe('ballots.voting_closed');
    const counter = await assisted(h, cycleId, { kind: 'census', value: numbers[0] ?? '' }, kita, only([p[0] ?? '']));
    expect(counter.status, counter.text).toBe(409);
    expect(counter.body.error.code).toBe('ballots.voting_closed');

    expect((await issuePaper(h, cycleId, { kind: 'census', value: numbers[0] ?? '' }, kita)).status).toBe(201);
    expect((await issuePaper(h, cycleId, { kind: 'census', value: numbers[1] ?? '' }, kita)).status).toBe(201);
    expect((await enterSheet(h, cycleId, kita, only([p[0] ?? '']))).status).toBe(201);

    const closed = await closePaperEntry(cycleId);
    expect(closed.status, closed.text).toBe(202);
    const state = closed.body as PaperEntryState;
    expect(state).toMatchObject({
      open: false,
      paperBallots: 2,
      sheets: 1,
      districts: [{ districtId: kita, issued: 2, sheets: 1 }],
    });
    expect(Number.isNaN(Date.parse(state.closedAt ?? ''))).toBe(false);
    expect((await paperEntry(cycleId)).body).toEqual(state);

    const late = await issuePaper(h, cycleId, { kind: 'census', value: numbers[2] ?? '' }, kita);
    expect(late.status, late.text).toBe(409);
    expect(late.body.error.code).toBe('ballots.paper_entry_closed');
    const lateSheet = await enterSheet(h, cycleId, kita, only([p[0] ?? '']));
    expect(lateSheet.status, lateSheet.text).toBe(409);
    expect(lateSheet.body.error.code).toBe('ballots.paper_entry_closed');
    for (const file of [
      await uploadPollBook(h, cycleId, `voter,district\n${numbers[2] ?? ''},kita\n`),
      await uploadSheets(h, cycleId, 'district,choices\nkita,1\n'),
    ]) {
      expect(file.status, file.text).toBe(409);
      expect(file.body.error.code).toBe('ballots.paper_entry_closed');
    }
    const twice = await closePaperEntry(cycleId);
    expect(twice.status, twice.text).toBe(409);
    expect(twice.body.error.code).toBe('ballots.paper_entry_not_closable');
    expect(await paperCount(h.app(), cycleId)).toBe(2);
    expect(await storedBallots(h.app(), cycleId)).toHaveLength(1);
  });

  it('has no route left that takes a voter and choices together', async () => {
    const { cycleId, kita, p } = await approvalCycleInKita(h);
    const number = censusNumber();
    await createCensusEntry(h.app(), number, kita, 1970);
    const combined = await staffPost(h, `/api/cycles/${cycleId}/paper-ballots`, {
      voter: { kind: 'census', value: number },
      districtId: kita,
      choices: only([p[0] ?? '']),
    });
    expect(combined.status).toBe(404);
    const withVoter = await staffPost(h, `/api/cycles/${cycleId}/paper-sheets`, {
      voter: { kind: 'census', value: number },
      districtId: kita,
      choices: only([p[0] ?? '']),
    });
    expect(withVoter.status, withVoter.text).toBe(400);
    const withChoices = await staffPost(h, `/api/cycles/${cycleId}/paper-ballots/issued`, {
      voter: { kind: 'census', value: number },
      districtId: kita,
      choices: only([p[0] ?? '']),
    });
    expect(withChoices.status, withChoices.text).toBe(400);
    expect(await storedParticipations(h.app(), cycleId)).toEqual([]);
  });
});
