import {
  groupCode,
  type BallotChoice,
  type BallotReceipt,
  type BallotRules,
  type DistrictVotingStatus,
  type VoterIdentifier,
  type VoterLookup,
} from '@pb/shared';
import request from 'supertest';
import { beforeAll, expect } from 'vitest';
import type { App } from '../../server/src/app.js';
import { hashResidentNumber, normalizeResidentNumber } from '../../server/src/modules/verification/census-csv.js';
import { insertVotingCodeBatch } from '../../server/src/modules/verification/verification.repository.js';
import { hashVotingCode, newVotingCodes } from '../../server/src/modules/verification/verification.codes.js';
import { createAccount, type TestAccount } from './accounts.js';
import { TEST_SECRETS, useTestApp } from './app.js';
import {
  createVoter,
  districtIds,
  openVotingCycle,
  storedBallots,
  storedParticipations,
  type Voter,
} from './voting.js';

/** A receipt code as the API gives it: 26 Crockford characters in groups of four. */
export const RECEIPT_FORMAT = /^([0-9A-Z]{4}-){6}[0-9A-Z]{2}$/;

/** The project ids of one district, for a district that must have projects. */
export function ids(list: readonly string[] | undefined): string[] {
  if (list === undefined) throw new Error('no projects for this district');
  return [...list];
}

/** Choices that name projects only (no points), as on an approval or knapsack ballot. */
export function only(list: readonly string[]): BallotChoice[] {
  return list.map((proposalId) => ({ proposalId }));
}

let censusCounter = 0;
/** A census number nobody else in this run has. */
export function censusNumber(): string {
  censusCounter += 1;
  return `R${String(process.pid)}X${String(censusCounter)}X${String(Date.now() % 100_000)}`;
}

/** A ballot cast online by `voter`, as the ballot page sends it. */
export function castOnline(
  app: App,
  cycleId: string,
  voter: Voter,
  districtId: string,
  choices: readonly BallotChoice[],
) {
  return request(app.server)
    .post(`/api/cycles/${cycleId}/ballots`)
    .set('authorization', voter.bearer)
    .send({ districtId, choices });
}

export interface VotingHarness {
  app: () => App;
  staff: () => TestAccount;
  confirmer: () => TestAccount;
  district: (slug: string) => string;
}

function started<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('beforeAll did not run');
  return value;
}

/** A test app per describe block, two staff members and the district ids by slug. */
export function useVotingApp(): VotingHarness {
  const current = useTestApp();
  let staff: TestAccount | undefined;
  let confirmer: TestAccount | undefined;
  let slugs: Record<string, string> = {};
  beforeAll(async () => {
    staff = await createAccount(current().app, ['staff']);
    confirmer = await createAccount(current().app, ['staff']);
    slugs = await districtIds(current().app);
  });
  return {
    app: () => current().app,
    staff: () => started(staff),
    confirmer: () => started(confirmer),
    district: (slug) => {
      const id = slugs[slug];
      if (id === undefined) throw new Error(`no district ${slug}`);
      return id;
    },
  };
}

/**
 * A cycle in voting for the district kita alone, with `budget` and one project per cost (`p`, in
 * the order given).
 */
export async function openKitaCycle(h: VotingHarness, ballot: BallotRules, costs: readonly number[], budget: number) {
  const kita = h.district('kita');
  const { cycle, projects } = await openVotingCycle(h.app(), h.staff(), h.confirmer(), {
    ballot,
    districts: [{ districtId: kita, budget }],
    projects: costs.map((cost) => ({ districtId: kita, cost })),
  });
  return { cycleId: cycle.id, kita, p: ids(projects.get(kita)) };
}

/** Three or more ids in descending order, so that a stored ascending order differs from the given one. */
export function descending(list: readonly string[]): string[] {
  return [...list].sort().reverse();
}

export async function expectAccepted(
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
export async function expectInvalid(
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

export async function countedChoices(app: App, cycleId: string): Promise<BallotChoice[][]> {
  return (await storedBallots(app, cycleId)).filter((row) => row.status === 'counted').map((row) => row.choices);
}

export function censusKey(number: string): string {
  return `census:${hashResidentNumber(TEST_SECRETS.CENSUS_HMAC_KEY, normalizeResidentNumber(number) ?? number)}`;
}

/** An approval cycle in voting (at most 2 projects) with three projects in kita. */
export function approvalCycleInKita(h: VotingHarness) {
  return openKitaCycle(h, { method: 'approval', maxProjects: 2 }, [100, 200, 300], 1000);
}

export function staffPost(h: VotingHarness, path: string, body: unknown) {
  return request(h.app().server)
    .post(path)
    .set('authorization', h.staff().bearer)
    .send(body as object);
}

export function lookupVoter(h: VotingHarness, cycleId: string, voter: VoterIdentifier) {
  return staffPost(h, `/api/cycles/${cycleId}/voters/lookup`, { voter });
}

export function assisted(
  h: VotingHarness,
  cycleId: string,
  voter: VoterIdentifier,
  districtId: string,
  choices: BallotChoice[],
) {
  return staffPost(h, `/api/cycles/${cycleId}/assisted/ballots`, { voter, districtId, choices });
}

/** Poll book: staff record that `voter` received a paper ballot for `districtId`. */
export function issuePaper(h: VotingHarness, cycleId: string, voter: VoterIdentifier, districtId: string) {
  return staffPost(h, `/api/cycles/${cycleId}/paper-ballots/issued`, { voter, districtId });
}

/** Ballot box: staff enter one returned sheet, with no voter. */
export function enterSheet(h: VotingHarness, cycleId: string, districtId: string, choices: BallotChoice[]) {
  return staffPost(h, `/api/cycles/${cycleId}/paper-sheets`, { districtId, choices });
}

/**
 * A resident votes on paper: staff record them in the poll book, then their sheet goes into the
 * box. Answers the poll book's refusal if there is one, else the ballot box's answer.
 */
export async function paper(
  h: VotingHarness,
  cycleId: string,
  voter: VoterIdentifier,
  districtId: string,
  choices: BallotChoice[],
) {
  const issued = await issuePaper(h, cycleId, voter, districtId);
  return issued.status === 201 ? enterSheet(h, cycleId, districtId, choices) : issued;
}

function csvUpload(h: VotingHarness, path: string, csv: string, options: { dryRun?: boolean; type?: string }) {
  return request(h.app().server)
    .post(path)
    .query(options.dryRun === undefined ? {} : { dryRun: String(options.dryRun) })
    .set('authorization', h.staff().bearer)
    .set('content-type', options.type ?? 'text/csv')
    .send(csv);
}

/** The poll book as CSV: voter,district. */
export function uploadPollBook(
  h: VotingHarness,
  cycleId: string,
  csv: string,
  options: { dryRun?: boolean; type?: string } = {},
) {
  return csvUpload(h, `/api/cycles/${cycleId}/paper-ballots/issued/upload`, csv, options);
}

/** Anonymous sheets as CSV: district,choices. */
export function uploadSheets(
  h: VotingHarness,
  cycleId: string,
  csv: string,
  options: { dryRun?: boolean; type?: string } = {},
) {
  return csvUpload(h, `/api/cycles/${cycleId}/paper-sheets/upload`, csv, options);
}

/**
 * Voting codes without a census entry, written straight into the database: codes as they were
 * issued before each code became a letter to one census entry (the API issues no such codes any
 * more, and refuses new codes while a cycle is in voting, and these tests add voters mid-vote).
 */
export async function issueCodes(h: VotingHarness, districtId: string, count: number): Promise<string[]> {
  const codes = newVotingCodes(count);
  await insertVotingCodeBatch(
    h.app().db,
    { districtId, issued: count, createdBy: h.staff().id },
    codes.map((code) => ({ codeHash: hashVotingCode(code), censusHash: null })),
  );
  return codes.map(groupCode);
}

export async function paperCount(app: App, cycleId: string): Promise<number> {
  return (await storedParticipations(app, cycleId)).filter((row) => row.channel === 'paper').length;
}

export function byDistrict(lookup: VoterLookup): Map<string, DistrictVotingStatus> {
  return new Map(lookup.districts.map((row) => [row.districtId, row]));
}
