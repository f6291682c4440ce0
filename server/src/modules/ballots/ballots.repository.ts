import type { BallotChannel, BallotChoice } from '@pb/shared';
import { and, eq, sql } from 'drizzle-orm';
import { queryRows, type Database } from '../../db/database.js';
import { ballots, participations } from './ballots.table.js';

export interface VotingCycleRow {
  id: string;
  phase: string;
  ballotRules: unknown;
  requiresVerification: boolean;
  minimumAge: number | null;
  paperEntryClosedAt: Date | null;
  timeZone: string;
  currency: string;
  thisYear: number;
}

/**
 * The cycle with what casting needs, read FOR SHARE inside the casting transaction: a move out of
 * voting waits for the ballot to commit, or the ballot sees the new phase.
 */
export async function findVotingCycle(
  db: Database,
  cycleId: string,
  share: boolean,
): Promise<VotingCycleRow | undefined> {
  const rows = await queryRows<VotingCycleRow>(
    db,
    sql`SELECT c.id, c.phase, c.ballot_rules AS "ballotRules", c.requires_verification AS "requiresVerification",
          c.minimum_age AS "minimumAge", c.paper_entry_closed_at AS "paperEntryClosedAt",
          city.time_zone AS "timeZone", city.currency,
          extract(year FROM now() AT TIME ZONE city.time_zone)::int AS "thisYear"
        FROM cycles c CROSS JOIN city
        WHERE c.id = ${cycleId}
        ${share ? sql`FOR SHARE OF c` : sql``}`,
  );
  return rows[0];
}

export interface CycleDistrictInfo {
  districtId: string;
  budget: number;
  cityWide: boolean;
}

export async function listVotingDistricts(db: Database, cycleId: string): Promise<CycleDistrictInfo[]> {
  const rows = await queryRows<{ districtId: string; budget: string; cityWide: boolean }>(
    db,
    sql`SELECT cd.district_id AS "districtId", cd.budget::text AS budget, d.city_wide AS "cityWide"
        FROM cycle_districts cd JOIN districts d ON d.id = cd.district_id
        WHERE cd.cycle_id = ${cycleId}
        ORDER BY d.sort_order, d.slug`,
  );
  return rows.map((row) => ({ ...row, budget: Number(row.budget) }));
}

export interface BallotProjectRow {
  id: string;
  number: number;
  title: string;
  summary: string;
  category: string;
  cost: number;
  withdrawn: boolean;
  /** The `project_id` of an imported file; null for projects proposed on this platform. */
  externalId: string | null;
}

/** The id results and exports know a project by: its ballot number, or its imported id. */
export function publicProjectId(project: Pick<BallotProjectRow, 'number' | 'externalId'>): string {
  return project.externalId ?? String(project.number);
}

/** The ballot list of a district, numbered in a fixed order (paper ballots use the numbers). */
export async function listBallotProjects(
  db: Database,
  cycleId: string,
  districtId: string,
): Promise<BallotProjectRow[]> {
  return (await listCycleBallotProjects(db, cycleId, districtId)).get(districtId) ?? [];
}

/**
 * Every district's ballot list in one query (pages showing all districts must not query once per
 * district), numbered as {@link listBallotProjects} numbers them.
 */
export async function listCycleBallotProjects(
  db: Database,
  cycleId: string,
  onlyDistrictId?: string,
): Promise<Map<string, BallotProjectRow[]>> {
  const rows = await queryRows<
    Omit<BallotProjectRow, 'cost' | 'number'> & { districtId: string; cost: string; number: string }
  >(
    db,
    sql`SELECT id, district_id AS "districtId", title, summary, category, cost::text AS cost,
          status = 'withdrawn' AS withdrawn, external_id AS "externalId",
          row_number() OVER (PARTITION BY district_id ORDER BY created_at, id)::text AS number
        FROM proposals
        WHERE cycle_id = ${cycleId} AND ballot_eligible
          ${onlyDistrictId === undefined ? sql.empty() : sql`AND district_id = ${onlyDistrictId}`}
        ORDER BY district_id, created_at, id`,
  );
  const byDistrict = new Map<string, BallotProjectRow[]>();
  for (const { districtId, ...row } of rows) {
    const list = byDistrict.get(districtId) ?? [];
    if (list.length === 0) byDistrict.set(districtId, list);
    list.push({ ...row, cost: Number(row.cost), number: Number(row.number) });
  }
  return byDistrict;
}

export interface UserVoterRow {
  userId: string;
  districtId: string | null;
  verified: boolean;
  censusHash: string | null;
  codeHash: string | null;
  birthYear: number | null;
}

export async function findUserVoter(db: Database, userId: string): Promise<UserVoterRow | undefined> {
  const rows = await queryRows<UserVoterRow>(
    db,
    sql`SELECT u.id AS "userId", u.district_id AS "districtId", u.verified_at IS NOT NULL AS verified,
          coalesce(u.census_hash, vc.census_hash) AS "censusHash", vc.code_hash AS "codeHash",
          ce.birth_year AS "birthYear"
        FROM users u
        LEFT JOIN voting_codes vc ON vc.redeemed_by = u.id
        LEFT JOIN census_entries ce ON ce.resident_hash = coalesce(u.census_hash, vc.census_hash)
        WHERE u.id = ${userId} AND u.deleted_at IS NULL
        LIMIT 1`,
  );
  return rows[0];
}

export async function findCensusVoter(
  db: Database,
  residentHash: string,
): Promise<{ districtId: string; birthYear: number } | undefined> {
  const rows = await queryRows<{ districtId: string; birthYear: number }>(
    db,
    sql`SELECT district_id AS "districtId", birth_year AS "birthYear" FROM census_entries WHERE resident_hash = ${residentHash}`,
  );
  return rows[0];
}

export interface CodeVoterRow {
  /** The census entry the code is a letter to, or null for a code issued without one. */
  censusHash: string | null;
  /** False when the code's census entry is no longer on the list. */
  onCensus: boolean;
  districtId: string;
  birthYear: number | null;
}

/** A code that still works (not revoked), with its census entry's district and birth year. */
export async function findCodeVoter(db: Database, codeHash: string): Promise<CodeVoterRow | undefined> {
  const rows = await queryRows<CodeVoterRow>(
    db,
    sql`SELECT c.census_hash AS "censusHash", ce.resident_hash IS NOT NULL AS "onCensus",
          coalesce(ce.district_id, b.district_id) AS "districtId", ce.birth_year AS "birthYear"
        FROM voting_codes c JOIN voting_code_batches b ON b.id = c.batch_id
        LEFT JOIN census_entries ce ON ce.resident_hash = c.census_hash
        WHERE c.code_hash = ${codeHash} AND c.revoked_at IS NULL`,
  );
  return rows[0];
}

export interface ParticipationRow {
  districtId: string;
  channel: BallotChannel;
  replaceable: boolean;
}

export async function listParticipations(db: Database, cycleId: string, voterKey: string): Promise<ParticipationRow[]> {
  return queryRows<ParticipationRow>(
    db,
    sql`SELECT district_id AS "districtId", channel, replace_tag IS NOT NULL AS replaceable
        FROM participations WHERE cycle_id = ${cycleId} AND voter_key = ${voterKey}`,
  );
}

export interface NewCast {
  cycleId: string;
  districtId: string;
  voterKey: string;
  userId: string | null;
  channel: BallotChannel;
  replaceTag: string | null;
  receiptHash: string | null;
  choices: BallotChoice[];
}

/**
 * Writes the participation and the ballot in one statement (one round trip, atomic even outside
 * a transaction), unless a chosen project has been withdrawn meanwhile. The participation's
 * primary key decides a race: of simultaneous casts one inserts, the others wait on its index
 * entry, find it taken, and write no ballot. The guard triggers read the phase FOR SHARE.
 */
export async function insertCast(db: Database, cast: NewCast): Promise<{ cast: boolean; withdrawn: string[] }> {
  const choices = JSON.stringify(cast.choices);
  const rows = await queryRows<{ cast: number; withdrawn: string[] }>(
    db,
    sql`WITH withdrawn AS (
          SELECT id FROM proposals
          WHERE status = 'withdrawn'
            AND id IN (SELECT (choice->>'proposalId')::uuid FROM jsonb_array_elements(${choices}::jsonb) AS choice)
        ),
        participation AS (
          INSERT INTO participations (cycle_id, district_id, voter_key, user_id, channel, cast_on_day, replace_tag)
          SELECT ${cast.cycleId}, ${cast.districtId}, ${cast.voterKey}, ${cast.userId}, ${cast.channel},
            (now() AT TIME ZONE city.time_zone)::date, ${cast.replaceTag}
          FROM city
          WHERE NOT EXISTS (SELECT 1 FROM withdrawn)
          ON CONFLICT DO NOTHING
          RETURNING cycle_id
        ),
        ballot AS (
          INSERT INTO ballots (cycle_id, district_id, receipt_hash, choices)
          SELECT ${cast.cycleId}, ${cast.districtId}, ${cast.receiptHash}, ${choices}::jsonb
          FROM participation
          RETURNING id
        )
        SELECT (SELECT count(*)::int FROM ballot) AS cast, ARRAY(SELECT id::text FROM withdrawn) AS withdrawn`,
  );
  return { cast: rows[0]?.cast === 1, withdrawn: rows[0]?.withdrawn ?? [] };
}

/** Locks the participation a receipt's replace tag belongs to, so replacements run one at a time. */
export async function lockReplaceableParticipation(
  db: Database,
  cycleId: string,
  voterKey: string,
  replaceTag: string,
): Promise<{ districtId: string } | undefined> {
  const rows = await db
    .select({ districtId: participations.districtId })
    .from(participations)
    .where(
      and(
        eq(participations.cycleId, cycleId),
        eq(participations.voterKey, voterKey),
        eq(participations.replaceTag, replaceTag),
      ),
    )
    .for('update');
  return rows[0];
}

export async function markBallotReplaced(db: Database, cycleId: string, receiptHash: string): Promise<boolean> {
  const rows = await db
    .update(ballots)
    .set({ status: 'replaced' })
    .where(and(eq(ballots.cycleId, cycleId), eq(ballots.receiptHash, receiptHash), eq(ballots.status, 'counted')))
    .returning({ id: ballots.id });
  return rows.length === 1;
}

export async function findBallotsByReceipt(
  db: Database,
  cycleId: string,
  receiptHash: string,
): Promise<{ districtId: string; status: string; choices: BallotChoice[] }[]> {
  return db
    .select({ districtId: ballots.districtId, status: ballots.status, choices: ballots.choices })
    .from(ballots)
    .where(and(eq(ballots.cycleId, cycleId), eq(ballots.receiptHash, receiptHash)));
}

export async function updateReplaceTag(
  db: Database,
  key: { cycleId: string; districtId: string; voterKey: string },
  replaceTag: string,
): Promise<void> {
  await db
    .update(participations)
    .set({ replaceTag })
    .where(
      and(
        eq(participations.cycleId, key.cycleId),
        eq(participations.districtId, key.districtId),
        eq(participations.voterKey, key.voterKey),
      ),
    );
}

export async function closePaperEntry(db: Database, cycleId: string): Promise<void> {
  await db.execute(sql`UPDATE cycles SET paper_entry_closed_at = now() WHERE id = ${cycleId}`);
}

export async function insertBallot(
  db: Database,
  values: { cycleId: string; districtId: string; receiptHash: string | null; choices: BallotChoice[] },
): Promise<void> {
  await db.insert(ballots).values(values);
}
