import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { normalizeCode, type BallotRules, type PaperLineOutcome, type PaperUploadReport } from '@pb/shared';
import { hashVotingCode } from '../../server/src/modules/verification/verification.codes.js';
import {
  createCensusEntry,
  createVoter,
  openVotingCycle,
  storedBallots,
  storedParticipations,
} from '../helpers/voting.js';
import {
  castOnline,
  censusKey,
  censusNumber,
  ids,
  issueCodes,
  issuePaper,
  only,
  openKitaCycle,
  paperCount,
  uploadPollBook,
  uploadSheets,
  useVotingApp,
  type VotingHarness,
} from '../helpers/voting-harness.js';

function codeKey(code: string): string {
  return `code:${hashVotingCode(normalizeCode(code) ?? code)}`;
}

describe('the poll book and the ballot box uploaded as CSV', () => {
  const h = useVotingApp();

  interface Scenario {
    cycleId: string;
    csv: string;
    expected: { line: number; outcome: PaperLineOutcome; code: string | null }[];
    /** voter key and district of each accepted line */
    written: string[];
    kita: string;
  }

  /** An approval cycle (at most 2 projects; kita has projects 1-3, the city-wide district 1-2). */
  async function kitaAndCityWide() {
    const kita = h.district('kita');
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
    return { cycleId: cycle.id, kita, cityWide, projects };
  }

  /** A poll book file with a line of every kind. */
  async function mixedPollBook(): Promise<Scenario> {
    const { cycleId, kita, cityWide, projects } = await kitaAndCityWide();
    const minami = h.district('minami');
    const [good, votedOnline, twice, badDistrict, minamiResident] = Array.from({ length: 5 }, censusNumber);
    for (const number of [good, twice, badDistrict]) await createCensusEntry(h.app(), number ?? '', kita, 1975);
    await createCensusEntry(h.app(), minamiResident ?? '', minami, 1975);
    const online = await createVoter(h.app(), {
      districtId: kita,
      census: { number: votedOnline ?? '', birthYear: 1975 },
    });
    const cast = await castOnline(h.app(), cycleId, online, kita, only([ids(projects.get(kita))[0] ?? '']));
    expect(cast.status, cast.text).toBe(201);
    const [code = ''] = await issueCodes(h, kita, 1);
    const rows: [string, string, PaperLineOutcome, string | null][] = [
      [good ?? '', 'kita', 'accepted', null],
      [code.toLowerCase(), 'kita', 'accepted', null],
      [censusNumber(), 'kita', 'unknown_voter', 'ballots.unknown_voter'],
      [votedOnline ?? '', 'kita', 'already_voted', 'ballots.already_voted'],
      [twice ?? '', 'kita', 'accepted', null],
      [twice ?? '', 'kita', 'already_voted', 'ballots.already_voted'],
      [badDistrict ?? '', 'nowhere', 'invalid', 'ballots.not_found'],
      [minamiResident ?? '', cityWide, 'accepted', null],
      [minamiResident ?? '', 'kita', 'not_eligible', 'ballots.district_not_eligible'],
    ];
    return {
      cycleId,
      csv: `voter,district\n${rows.map(([voter, district]) => `${voter},${district}`).join('\n')}\n`,
      expected: rows.map(([, , outcome, code], index) => ({ line: index + 2, outcome, code })),
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

  async function sheetsWritten(cycleId: string) {
    return (await storedBallots(h.app(), cycleId)).filter((row) => row.receiptHash === null);
  }

  function outcomes(report: PaperUploadReport) {
    return report.results.map(({ line, outcome, code }) => ({ line, outcome, code }));
  }

  it('reports each line of a mixed poll book and records exactly the accepted residents, with no ballot', async () => {
    const scenario = await mixedPollBook();
    const response = await uploadPollBook(h, scenario.cycleId, scenario.csv);
    expect(response.status, response.text).toBe(200);
    const report = response.body as PaperUploadReport;
    expect(outcomes(report)).toEqual(scenario.expected);
    expect(report).toMatchObject({ dryRun: false, lines: 9, accepted: 4, refused: 5 });
    for (const result of report.results) expect(result.message.length).toBeGreaterThan(0);
    expect(await paperWritten(scenario.cycleId)).toEqual(scenario.written);
    expect(await paperCount(h.app(), scenario.cycleId)).toBe(4);
    // Only the ballot cast online: the poll book holds no choices.
    expect(await storedBallots(h.app(), scenario.cycleId)).toHaveLength(1);
  });

  it('reports the same poll book in a dry run and records nothing; the real upload afterwards matches it', async () => {
    const scenario = await mixedPollBook();
    const dry = await uploadPollBook(h, scenario.cycleId, scenario.csv, { dryRun: true });
    expect(dry.status, dry.text).toBe(200);
    const dryReport = dry.body as PaperUploadReport;
    expect(dryReport).toMatchObject({ dryRun: true, lines: 9, accepted: 4, refused: 5 });
    expect(outcomes(dryReport)).toEqual(scenario.expected);
    expect(await paperWritten(scenario.cycleId)).toEqual([]);
    const real = await uploadPollBook(h, scenario.cycleId, scenario.csv, { dryRun: false });
    expect(real.status, real.text).toBe(200);
    expect({ ...(real.body as PaperUploadReport), dryRun: true }).toEqual(dryReport);
    expect(await paperWritten(scenario.cycleId)).toEqual(scenario.written);
  });

  /** Two paper ballots handed out in kita and one in the city-wide district. */
  async function pollBookOfThree(harness: VotingHarness) {
    const scenario = await kitaAndCityWide();
    for (const districtId of [scenario.kita, scenario.kita, scenario.cityWide]) {
      const number = censusNumber();
      await createCensusEntry(harness.app(), number, scenario.kita, 1970);
      const issued = await issuePaper(harness, scenario.cycleId, { kind: 'census', value: number }, districtId);
      expect(issued.status, issued.text).toBe(201);
    }
    return scenario;
  }

  const sheetRows: [string, string, PaperLineOutcome, string | null][] = [
    ['kita', '1 3', 'accepted', null],
    ['kita', '1 2 3', 'invalid', 'ballots.invalid'],
    ['kita', '4', 'invalid', 'ballots.invalid'],
    ['nowhere', '1', 'invalid', 'ballots.not_found'],
    ['minami', '1', 'invalid', 'ballots.not_found'],
    ['city-wide', '2', 'accepted', null],
    ['KITA', '2', 'accepted', null],
    ['kita', '3', 'exceeds_poll_book', 'ballots.sheets_exceed_poll_book'],
    ['city-wide', '1', 'exceeds_poll_book', 'ballots.sheets_exceed_poll_book'],
  ];
  const sheetCsv = `district,choices\n${sheetRows.map(([district, choices]) => `${district},${choices}`).join('\n')}\n`;
  const sheetOutcomes = sheetRows.map(([, , outcome, code], index) => ({ line: index + 2, outcome, code }));

  it('reports each anonymous sheet of a file line by line, per district up to its poll book, and writes exactly the accepted ones', async () => {
    const { cycleId, kita, cityWide, projects } = await pollBookOfThree(h);
    const response = await uploadSheets(h, cycleId, sheetCsv);
    expect(response.status, response.text).toBe(200);
    const report = response.body as PaperUploadReport;
    expect(outcomes(report)).toEqual(sheetOutcomes);
    expect(report).toMatchObject({ dryRun: false, lines: 9, accepted: 3, refused: 6 });
    // An unreadable line names its reason, so the app words it in the reader's language.
    expect(report.results[2]?.params).toEqual({ reason: 'unknown_number', number: 4 });
    expect(report.results[1]?.params).toBeUndefined();
    const [k1, k2, k3] = ids(projects.get(kita));
    const [, c2] = ids(projects.get(cityWide));
    const stored = (await sheetsWritten(cycleId)).map((row) => `${row.districtId} ${JSON.stringify(row.choices)}`);
    expect(stored.sort()).toEqual(
      [
        `${kita} ${JSON.stringify(only([k1 ?? '', k3 ?? ''].sort()))}`,
        `${kita} ${JSON.stringify(only([k2 ?? '']))}`,
        `${cityWide} ${JSON.stringify(only([c2 ?? '']))}`,
      ].sort(),
    );
    // The poll book is unchanged: sheets write no participation.
    expect(await paperCount(h.app(), cycleId)).toBe(3);
    const state = await request(h.app().server)
      .get(`/api/cycles/${cycleId}/paper-entry`)
      .set('authorization', h.staff().bearer);
    expect((state.body as { districts: unknown[] }).districts).toEqual(
      expect.arrayContaining([
        { districtId: kita, issued: 2, sheets: 2 },
        { districtId: cityWide, issued: 1, sheets: 1 },
      ]),
    );
  });

  it('reports the same sheets in a dry run and writes nothing; the real upload afterwards matches it', async () => {
    const { cycleId } = await pollBookOfThree(h);
    const dry = await uploadSheets(h, cycleId, sheetCsv, { dryRun: true });
    expect(dry.status, dry.text).toBe(200);
    const dryReport = dry.body as PaperUploadReport;
    expect(dryReport).toMatchObject({ dryRun: true, lines: 9, accepted: 3, refused: 6 });
    expect(outcomes(dryReport)).toEqual(sheetOutcomes);
    expect(await storedBallots(h.app(), cycleId)).toEqual([]);
    const real = await uploadSheets(h, cycleId, sheetCsv);
    expect(real.status, real.text).toBe(200);
    expect({ ...(real.body as PaperUploadReport), dryRun: true }).toEqual(dryReport);
    expect(await sheetsWritten(cycleId)).toHaveLength(3);
    // The box is full now: the same file again is refused line by line.
    const again = await uploadSheets(h, cycleId, sheetCsv);
    expect((again.body as PaperUploadReport).accepted).toBe(0);
    expect(await sheetsWritten(cycleId)).toHaveLength(3);
  });

  it('reads cumulative points in paper notation "1:2 3:1" and stores them canonically', async () => {
    const rules: BallotRules = { method: 'cumulative', points: 5, maxPointsPerProject: 3 };
    const { cycleId, kita, p } = await openKitaCycle(h, rules, [100, 200, 300], 1000);
    for (let index = 0; index < 4; index += 1) {
      const number = censusNumber();
      await createCensusEntry(h.app(), number, kita, 1980);
      expect((await issuePaper(h, cycleId, { kind: 'census', value: number }, kita)).status).toBe(201);
    }
    const csv = ['district,choices', 'kita,1:2 3:1', 'kita,1 3', 'kita,1:4', `${kita},1:3 2:3`].join('\r\n');
    const response = await uploadSheets(h, cycleId, csv, { type: 'text/csv; charset=utf-8' });
    expect(response.status, response.text).toBe(200);
    expect(outcomes(response.body as PaperUploadReport).map(({ line, outcome }) => ({ line, outcome }))).toEqual([
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
  });

  it('refuses a file without its exact header with 400 ballots.invalid_upload and writes nothing', async () => {
    const scenario = await mixedPollBook();
    const body = scenario.csv.split('\n').slice(1).join('\n');
    for (const csv of [
      `district,voter\n${body}`,
      `voter,district,choices\n${body}`,
      body,
      'voter,district\n"unterminated,kita\n',
    ]) {
      const response = await uploadPollBook(h, scenario.cycleId, csv);
      expect(response.status, response.text).toBe(400);
      expect(response.body.error.code).toBe('ballots.invalid_upload');
    }
    for (const csv of ['voter,district,choices\nR1,kita,1\n', 'choices,district\n1,kita\n', 'kita,1\n']) {
      const response = await uploadSheets(h, scenario.cycleId, csv);
      expect(response.status, response.text).toBe(400);
      expect(response.body.error.code).toBe('ballots.invalid_upload');
    }
    expect(await paperWritten(scenario.cycleId)).toEqual([]);
    expect(await sheetsWritten(scenario.cycleId)).toEqual([]);
  });

  it('answers 415 to an upload that is not sent as text/csv (JSON, binary, text/plain) and writes nothing', async () => {
    const scenario = await mixedPollBook();
    for (const path of ['paper-ballots/issued/upload', 'paper-sheets/upload']) {
      const json = await request(h.app().server)
        .post(`/api/cycles/${scenario.cycleId}/${path}`)
        .set('authorization', h.staff().bearer)
        .send({ csv: scenario.csv });
      expect(json.status, json.text).toBe(415);
    }
    for (const type of ['application/octet-stream', 'text/plain']) {
      expect((await uploadPollBook(h, scenario.cycleId, scenario.csv, { type })).status).toBe(415);
      expect((await uploadSheets(h, scenario.cycleId, 'district,choices\nkita,1\n', { type })).status).toBe(415);
    }
    expect(await paperWritten(scenario.cycleId)).toEqual([]);
  });

  it('is for staff only', async () => {
    const scenario = await mixedPollBook();
    const resident = await createVoter(h.app(), { districtId: scenario.kita });
    for (const path of ['paper-ballots/issued/upload', 'paper-sheets/upload']) {
      const response = await request(h.app().server)
        .post(`/api/cycles/${scenario.cycleId}/${path}`)
        .set('authorization', resident.bearer)
        .set('content-type', 'text/csv')
        .send(scenario.csv);
      expect(response.status).toBe(403);
    }
    expect(await paperWritten(scenario.cycleId)).toEqual([]);
  });
});
