import request from 'supertest';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  normalizeCode,
  type BallotChoice,
  type BallotReceipt,
  type BallotRules,
  type CreatedVotingCodes,
  type DistrictVotingStatus,
  type MyVotingStatus,
  type PaperEntryState,
  type PaperLineOutcome,
  type PaperUploadReport,
  type VoterIdentifier,
  type VoterLookup,
} from '@pb/shared';
import type { App } from '../../server/src/app.js';
import { auditEvents } from '../../server/src/db/schema.js';
import { hashResidentNumber, normalizeResidentNumber } from '../../server/src/modules/verification/census-csv.js';
import { hashVotingCode } from '../../server/src/modules/verification/verification.service.js';
import { TEST_SECRETS } from '../helpers/app.js';
import {
  createCensusEntry,
  createVoter,
  movePhase,
  openVotingCycle,
  storedBallots,
  storedParticipations,
} from '../helpers/voting.js';
import {
  castOnline,
  censusNumber,
  ids,
  only,
  openKitaCycle,
  RECEIPT_FORMAT,
  useVotingApp,
  type VotingHarness,
} from '../helpers/voting-harness.js';

function censusKey(number: string): string {
  return `census:${hashResidentNumber(TEST_SECRETS.CENSUS_HMAC_KEY, normalizeResidentNumber(number) ?? number)}`;
}

function codeKey(code: string): string {
  return `code:${hashVotingCode(normalizeCode(code) ?? code)}`;
}

/** An approval cycle in voting (at most 2 projects) with three projects in kita. */
function approvalCycleInKita(h: VotingHarness) {
  return openKitaCycle(h, { method: 'approval', maxProjects: 2 }, [100, 200, 300], 1000);
}

function staffPost(h: VotingHarness, path: string, body: unknown) {
  return request(h.app().server)
    .post(path)
    .set('authorization', h.staff().bearer)
    .send(body as object);
}

function lookupVoter(h: VotingHarness, cycleId: string, voter: VoterIdentifier) {
  return staffPost(h, `/api/cycles/${cycleId}/voters/lookup`, { voter });
}

function assisted(
  h: VotingHarness,
  cycleId: string,
  voter: VoterIdentifier,
  districtId: string,
  choices: BallotChoice[],
) {
  return staffPost(h, `/api/cycles/${cycleId}/assisted/ballots`, { voter, districtId, choices });
}

function paper(h: VotingHarness, cycleId: string, voter: VoterIdentifier, districtId: string, choices: BallotChoice[]) {
  return staffPost(h, `/api/cycles/${cycleId}/paper-ballots`, { voter, districtId, choices });
}

function upload(h: VotingHarness, cycleId: string, csv: string, options: { dryRun?: boolean; type?: string } = {}) {
  return request(h.app().server)
    .post(`/api/cycles/${cycleId}/paper-ballots/upload`)
    .query(options.dryRun === undefined ? {} : { dryRun: String(options.dryRun) })
    .set('authorization', h.staff().bearer)
    .set('content-type', options.type ?? 'text/csv')
    .send(csv);
}

async function issueCodes(h: VotingHarness, districtId: string, count: number): Promise<string[]> {
  const response = await staffPost(h, '/api/voting-codes', { districtId, count });
  expect(response.status, response.text).toBe(201);
  const codes = (response.body as CreatedVotingCodes).codes;
  expect(codes).toHaveLength(count);
  return codes;
}

async function paperCount(app: App, cycleId: string): Promise<number> {
  return (await storedParticipations(app, cycleId)).filter((row) => row.channel === 'paper').length;
}

function byDistrict(lookup: VoterLookup): Map<string, DistrictVotingStatus> {
  return new Map(lookup.districts.map((row) => [row.districtId, row]));
}

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

  it('finds a resident by a voting code of a batch staff created, without a birth year', async () => {
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
    expect(closed.status, closed.text).toBe(200);
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

describe('paper ballots uploaded as CSV', () => {
  const h = useVotingApp();

  interface Scenario {
    cycleId: string;
    csv: string;
    expected: { line: number; outcome: PaperLineOutcome }[];
    /** voter key and district of each accepted line */
    written: string[];
    kita: string;
  }

  /**
   * One file with a line of every kind, in a fresh approval cycle (at most 2 projects; kita has
   * projects 1-3, the city-wide district 1-2).
   */
  async function mixedFile(): Promise<Scenario> {
    const kita = h.district('kita');
    const minami = h.district('minami');
    const cityWide = h.district('city-wide');
    const { cycle, projects } = await openVotingCycle(h.app(), h.staff(), h.confirmer(), {
      ballot: { method: 'approval', maxProjects: 2 },
      districts: [
        { districtId: kita, budget: 1000 },
        { districtId: cityWide, budget: 1000 },
      ],
      projects: [
        { districtId: kita, cost: 100 },
        { districtId: kita, cost: 200 },
        { districtId: kita, cost: 300 },
        { districtId: cityWide, cost: 100 },
        { districtId: cityWide, cost: 200 },
      ],
    });
    const [good, invalid, votedOnline, twice, badDistrict, minamiResident, badNumber] = Array.from(
      { length: 7 },
      censusNumber,
    );
    for (const number of [good, invalid, twice, badDistrict, badNumber]) {
      await createCensusEntry(h.app(), number ?? '', kita, 1975);
    }
    await createCensusEntry(h.app(), minamiResident ?? '', minami, 1975);
    const online = await createVoter(h.app(), {
      districtId: kita,
      census: { number: votedOnline ?? '', birthYear: 1975 },
    });
    const cast = await castOnline(h.app(), cycle.id, online, kita, only([ids(projects.get(kita))[0] ?? '']));
    expect(cast.status, cast.text).toBe(201);
    const [code = ''] = await issueCodes(h, kita, 1);
    const rows: [string, string, string, PaperLineOutcome][] = [
      [good ?? '', 'kita', '1 3', 'accepted'],
      [code.toLowerCase(), 'kita', '2', 'accepted'],
      [invalid ?? '', 'kita', '1 2 3', 'invalid'],
      [censusNumber(), 'kita', '1', 'unknown_voter'],
      [votedOnline ?? '', 'kita', '2', 'already_voted'],
      [twice ?? '', 'kita', '1', 'accepted'],
      [twice ?? '', 'kita', '3', 'already_voted'],
      [badDistrict ?? '', 'nowhere', '1', 'invalid'],
      [minamiResident ?? '', cityWide, '2', 'accepted'],
      [minamiResident ?? '', 'kita', '1', 'not_eligible'],
      [badNumber ?? '', 'kita', '4', 'invalid'],
    ];
    const csv = `voter,district,choices\n${rows.map(([voter, district, choices]) => `${voter},${district},${choices}`).join('\n')}\n`;
    return {
      cycleId: cycle.id,
      csv,
      expected: rows.map(([, , , outcome], index) => ({ line: index + 2, outcome })),
      written: [
        `${censusKey(good ?? '')} ${kita}`,
        `${codeKey(code)} ${kita}`,
        `${censusKey(twice ?? '')} ${kita}`,
        `${censusKey(minamiResident ?? '')} ${cityWide}`,
      ].sort(),
      kita,
    };
  }

  async function paperWritten(cycleId: string): Promise<string[]> {
    return (await storedParticipations(h.app(), cycleId))
      .filter((row) => row.channel === 'paper')
      .map((row) => `${row.voterKey} ${row.districtId}`)
      .sort();
  }

  function outcomes(report: PaperUploadReport) {
    return report.results.map(({ line, outcome }) => ({ line, outcome }));
  }

  it('reports each line of a mixed file and writes exactly the accepted ones', async () => {
    const scenario = await mixedFile();
    const response = await upload(h, scenario.cycleId, scenario.csv);
    expect(response.status, response.text).toBe(200);
    const report = response.body as PaperUploadReport;
    expect(outcomes(report)).toEqual(scenario.expected);
    expect(report).toMatchObject({ dryRun: false, lines: 11, accepted: 4, refused: 7 });
    for (const result of report.results) expect(result.message.length).toBeGreaterThan(0);
    expect(await paperWritten(scenario.cycleId)).toEqual(scenario.written);
    expect(await paperCount(h.app(), scenario.cycleId)).toBe(4);
    // 4 paper ballots and the one cast online.
    const ballots = await storedBallots(h.app(), scenario.cycleId);
    expect(ballots).toHaveLength(5);
    expect(ballots.every((row) => row.status === 'counted')).toBe(true);
    expect(ballots.filter((row) => row.receiptHash === null)).toHaveLength(4);
  });

  it('reports the same in a dry run and writes nothing; the real upload afterwards matches the dry run', async () => {
    const scenario = await mixedFile();
    const dry = await upload(h, scenario.cycleId, scenario.csv, { dryRun: true });
    expect(dry.status, dry.text).toBe(200);
    const dryReport = dry.body as PaperUploadReport;
    expect(dryReport).toMatchObject({ dryRun: true, lines: 11, accepted: 4, refused: 7 });
    expect(outcomes(dryReport)).toEqual(scenario.expected);
    expect(await paperWritten(scenario.cycleId)).toEqual([]);
    expect(await storedBallots(h.app(), scenario.cycleId)).toHaveLength(1);
    const real = await upload(h, scenario.cycleId, scenario.csv, { dryRun: false });
    expect(real.status, real.text).toBe(200);
    expect({ ...(real.body as PaperUploadReport), dryRun: true }).toEqual(dryReport);
    expect(await paperWritten(scenario.cycleId)).toEqual(scenario.written);
  });

  it('reads cumulative points in paper notation "1:2 3:1" and stores them canonically', async () => {
    const rules: BallotRules = { method: 'cumulative', points: 5, maxPointsPerProject: 3 };
    const { cycleId, kita, p } = await openKitaCycle(h, rules, [100, 200, 300], 1000);
    const numbers = Array.from({ length: 4 }, censusNumber);
    for (const number of numbers) await createCensusEntry(h.app(), number, kita, 1980);
    const csv = [
      'voter,district,choices',
      `${numbers[0] ?? ''},kita,1:2 3:1`,
      `${numbers[1] ?? ''},kita,1 3`,
      `${numbers[2] ?? ''},kita,1:4`,
      `${numbers[3] ?? ''},${kita},1:3 2:3`,
    ].join('\r\n');
    const response = await upload(h, cycleId, csv, { type: 'text/csv; charset=utf-8' });
    expect(response.status, response.text).toBe(200);
    expect(outcomes(response.body as PaperUploadReport)).toEqual([
      { line: 2, outcome: 'accepted' },
      { line: 3, outcome: 'invalid' },
      { line: 4, outcome: 'invalid' },
      { line: 5, outcome: 'invalid' },
    ]);
    const expected = [
      { proposalId: p[0] ?? '', points: 2 },
      { proposalId: p[2] ?? '', points: 1 },
    ].sort((left, right) => (left.proposalId < right.proposalId ? -1 : 1));
    expect((await storedBallots(h.app(), cycleId)).map((row) => row.choices)).toEqual([expected]);
    expect(await paperWritten(cycleId)).toEqual([`${censusKey(numbers[0] ?? '')} ${kita}`]);
  });

  it('refuses a file without the header voter,district,choices with 400 ballots.invalid_upload and writes nothing', async () => {
    const scenario = await mixedFile();
    const body = scenario.csv.split('\n').slice(1).join('\n');
    for (const csv of [
      `voter,choices,district\n${body}`,
      `name,district,choices\n${body}`,
      body,
      'voter,district,choices\n"unterminated,kita,1\n',
    ]) {
      const response = await upload(h, scenario.cycleId, csv);
      expect(response.status, response.text).toBe(400);
      expect(response.body.error.code).toBe('ballots.invalid_upload');
    }
    expect(await paperWritten(scenario.cycleId)).toEqual([]);
  });

  it('answers 415 to an upload that is not sent as text/csv and writes nothing', async () => {
    const scenario = await mixedFile();
    const json = await request(h.app().server)
      .post(`/api/cycles/${scenario.cycleId}/paper-ballots/upload`)
      .set('authorization', h.staff().bearer)
      .send({ csv: scenario.csv });
    expect(json.status, json.text).toBe(415);
    const binary = await upload(h, scenario.cycleId, scenario.csv, { type: 'application/octet-stream' });
    expect(binary.status, binary.text).toBe(415);
    expect(await paperWritten(scenario.cycleId)).toEqual([]);
  });

  it('answers 415 to a CSV body sent as text/plain, which is not the CSV content type, and writes nothing', async () => {
    const scenario = await mixedFile();
    const response = await upload(h, scenario.cycleId, scenario.csv, { type: 'text/plain' });
    expect(response.status, response.text).toBe(415);
    expect(await paperWritten(scenario.cycleId)).toEqual([]);
  });

  it('is for staff only', async () => {
    const scenario = await mixedFile();
    const resident = await createVoter(h.app(), { districtId: scenario.kita });
    const response = await request(h.app().server)
      .post(`/api/cycles/${scenario.cycleId}/paper-ballots/upload`)
      .set('authorization', resident.bearer)
      .set('content-type', 'text/csv')
      .send(scenario.csv);
    expect(response.status).toBe(403);
    expect(await paperWritten(scenario.cycleId)).toEqual([]);
  });
});
