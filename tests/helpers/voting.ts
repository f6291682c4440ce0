import { randomUUID } from 'node:crypto';
import type { BallotChoice, BallotRules, Cycle, CycleDistrictBudget, Phase, PhaseMoveResult } from '@pb/shared';
import { eq, sql } from 'drizzle-orm';
import request from 'supertest';
import type { App } from '../../server/src/app.js';
import { queryRows } from '../../server/src/db/database.js';
import { ballots, censusEntries, participations, proposals, users } from '../../server/src/db/schema.js';
import { insertSession } from '../../server/src/modules/auth/auth.repository.js';
import { hashResidentNumber, normalizeResidentNumber } from '../../server/src/modules/verification/census-csv.js';
import { TEST_SECRETS } from './app.js';
import type { TestAccount } from './accounts.js';

export interface Voter {
  id: string;
  bearer: string;
}

export interface VoterOptions {
  /** The district the resident is verified for; null for an unverified account. */
  districtId: string | null;
  /** Verify through this census entry (created here) instead of a voting code. */
  census?: { number: string; birthYear: number };
}

let voterCount = 0;

export async function createCensusEntry(
  app: App,
  number: string,
  districtId: string,
  birthYear: number,
): Promise<string> {
  const residentHash = hashResidentNumber(TEST_SECRETS.CENSUS_HMAC_KEY, normalizeResidentNumber(number) ?? number);
  await app.db.insert(censusEntries).values({ residentHash, districtId, birthYear }).onConflictDoNothing();
  return residentHash;
}

/**
 * A resident account made directly in the database (no password hashing, no login rate limit),
 * with a session and a signed token, as the login route would make them.
 */
export async function createVoter(app: App, options: VoterOptions): Promise<Voter> {
  voterCount += 1;
  const census =
    options.census !== undefined && options.districtId !== null
      ? await createCensusEntry(app, options.census.number, options.districtId, options.census.birthYear)
      : null;
  const verified = options.districtId !== null;
  const [user] = await app.db
    .insert(users)
    .values({
      email: `voter-${String(process.pid)}-${String(voterCount)}-${randomUUID()}@example.org`,
      passwordHash: 'not-a-password-hash',
      displayName: `Voter ${String(voterCount)}`,
      roles: ['resident'],
      districtId: options.districtId,
      verificationMethod: verified ? (census === null ? 'code' : 'census') : null,
      verifiedAt: verified ? new Date() : null,
      censusHash: census,
    })
    .returning({ id: users.id });
  if (user === undefined) throw new Error('no user row');
  const session = await insertSession(app.db, user.id, 60 * 60 * 1000);
  const token = app.jwt.sign({ sub: user.id, sid: session.id });
  return { id: user.id, bearer: `Bearer ${token}` };
}

/** A proposal row as staff review leaves it: feasible, costed at its estimate, on the ballot. */
export function reviewedProposal(fields: {
  cycleId: string;
  districtId: string;
  title: string;
  summary: string;
  cost: number;
}): typeof proposals.$inferInsert {
  return {
    ...fields,
    description: 'Checked for feasibility and cost.',
    category: 'parks',
    estimatedCost: fields.cost,
    status: 'feasible',
    ballotEligible: true,
  };
}

export interface ProjectSpec {
  districtId: string;
  cost: number;
  /** "Project <n>" (n counts from 1 in the order given) unless set. */
  title?: string;
}

export interface VotingCycle {
  cycle: Cycle;
  /** Ballot-eligible proposal ids per district, in the order given. */
  projects: Map<string, string[]>;
}

export interface VotingCycleOptions {
  ballot: BallotRules;
  districts: CycleDistrictBudget[];
  projects: ProjectSpec[];
  requiresVerification?: boolean;
  minimumAge?: number | null;
}

/** Creates a cycle over the API and puts reviewed projects on its ballot; the cycle stays in review. */
export async function createReviewCycle(
  app: App,
  staff: TestAccount,
  options: VotingCycleOptions,
): Promise<{ cycleId: string; projects: Map<string, string[]> }> {
  const server = app.server;
  const created = await request(server)
    .post('/api/cycles')
    .set('authorization', staff.bearer)
    .send({
      titleJa: '投票テスト',
      titleEn: 'Voting test',
      ballot: options.ballot,
      districts: options.districts,
      requiresVerification: options.requiresVerification ?? true,
      minimumAge: options.minimumAge ?? null,
    });
  if (created.status !== 201) throw new Error(`cycle: ${String(created.status)} ${created.text}`);
  const cycleId = (created.body as Cycle).id;
  for (const to of ['submission', 'review']) {
    const moved = await request(server)
      .post(`/api/cycles/${cycleId}/phase`)
      .set('authorization', staff.bearer)
      .send({ to });
    if (moved.status !== 200) throw new Error(`move to ${to}: ${moved.text}`);
  }
  const rows = await app.db
    .insert(proposals)
    .values(
      options.projects.map((project, index) => ({
        ...reviewedProposal({
          cycleId,
          districtId: project.districtId,
          title: project.title ?? `Project ${String(index + 1)}`,
          summary: 'A reviewed project.',
          cost: project.cost,
        }),
        // Distinct creation times fix the ballot numbers in the order given.
        createdAt: sql`now() + ${index} * interval '1 millisecond'`,
      })),
    )
    .returning({ id: proposals.id, districtId: proposals.districtId });
  const projects = new Map<string, string[]>();
  for (const row of rows) projects.set(row.districtId, [...(projects.get(row.districtId) ?? []), row.id]);
  return { cycleId, projects };
}

/**
 * Moves a cycle one phase forward over the API; the moves that need a second staff member
 * (voting, published) are confirmed by `confirmer`. Returns the cycle after the move.
 */
export async function movePhase(
  app: App,
  staff: TestAccount,
  confirmer: TestAccount,
  cycleId: string,
  to: Phase,
): Promise<Cycle> {
  const moved = await request(app.server)
    .post(`/api/cycles/${cycleId}/phase`)
    .set('authorization', staff.bearer)
    .send({ to });
  if (moved.status !== 200 && moved.status !== 202)
    throw new Error(`move to ${to}: ${String(moved.status)} ${moved.text}`);
  if ((moved.body as PhaseMoveResult).status === 'moved') return (moved.body as PhaseMoveResult).cycle;
  const confirmed = await request(app.server)
    .post(`/api/cycles/${cycleId}/phase/confirm`)
    .set('authorization', confirmer.bearer);
  if (confirmed.status !== 200) throw new Error(`confirm ${to}: ${String(confirmed.status)} ${confirmed.text}`);
  return (confirmed.body as PhaseMoveResult).cycle;
}

/** Creates a cycle over the API, puts reviewed projects on its ballot, and opens voting. */
export async function openVotingCycle(
  app: App,
  staff: TestAccount,
  confirmer: TestAccount,
  options: VotingCycleOptions,
): Promise<VotingCycle> {
  const { cycleId, projects } = await createReviewCycle(app, staff, options);
  const cycle = await movePhase(app, staff, confirmer, cycleId, 'voting');
  return { cycle, projects };
}

/** The ids of the city's districts by slug (the seed has city-wide, kita, minami, higashi, nishi). */
export async function districtIds(app: App): Promise<Record<string, string>> {
  const city = await request(app.server).get('/api/city');
  return Object.fromEntries((city.body.districts as { id: string; slug: string }[]).map((row) => [row.slug, row.id]));
}

/** The ballots stored for a cycle, as the database holds them (no order). */
export async function storedBallots(
  app: App,
  cycleId: string,
): Promise<{ districtId: string; receiptHash: string | null; status: string; choices: BallotChoice[] }[]> {
  return app.db
    .select({
      districtId: ballots.districtId,
      receiptHash: ballots.receiptHash,
      status: ballots.status,
      choices: ballots.choices,
    })
    .from(ballots)
    .where(eq(ballots.cycleId, cycleId));
}

/** The participations recorded for a cycle ("that someone voted"). */
export async function storedParticipations(
  app: App,
  cycleId: string,
): Promise<
  { districtId: string; voterKey: string; userId: string | null; channel: string; replaceTag: string | null }[]
> {
  return app.db
    .select({
      districtId: participations.districtId,
      voterKey: participations.voterKey,
      userId: participations.userId,
      channel: participations.channel,
      replaceTag: participations.replaceTag,
    })
    .from(participations)
    .where(eq(participations.cycleId, cycleId));
}

/**
 * Waits for the count that closing paper entry starts in the background: every district of the
 * cycle has its stored result (or gives up after `timeoutMs`).
 */
export async function awaitCount(app: App, cycleId: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await queryRows<{ done: boolean }>(
      app.db,
      sql`SELECT (SELECT count(*) FROM cycle_results WHERE cycle_id = ${cycleId}) >=
                 (SELECT count(*) FROM cycle_districts WHERE cycle_id = ${cycleId}) AS done`,
    );
    if (row?.done === true) return;
    if (Date.now() > deadline) throw new Error(`cycle ${cycleId}: no complete count after ${String(timeoutMs)} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Closes paper entry as staff do (202: the count starts) and waits for the count. */
export async function closePaperEntryAndCount(app: App, staff: TestAccount, cycleId: string): Promise<void> {
  const closed = await request(app.server)
    .post(`/api/cycles/${cycleId}/paper-entry/close`)
    .set('authorization', staff.bearer);
  if (closed.status !== 202) throw new Error(`close paper entry: ${String(closed.status)} ${closed.text}`);
  await awaitCount(app, cycleId);
}
