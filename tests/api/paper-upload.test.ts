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
  only,
  openKitaCycle,
  paperCount,
  upload,
  useVotingApp,
} from '../helpers/voting-harness.js';

function codeKey(code: string): string {
  return `code:${hashVotingCode(normalizeCode(code) ?? code)}`;
}

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
