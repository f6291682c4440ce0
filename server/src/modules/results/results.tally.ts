import { createHash } from 'node:crypto';
import {
  allocate,
  allocationOptionsFromMeta,
  canonicalElection,
  electionFromPabulib,
  writePabulib,
  type AllocationRules,
  type BallotChoice,
  type BallotRules,
  type CanonicalHeadInput,
  type ExportBallot,
  type PbElection,
} from '@pb/shared';
import { and, eq, sql } from 'drizzle-orm';
import { queryRows, type Database } from '../../db/database.js';
import {
  listBallotProjects,
  listVotingDistricts,
  publicProjectId,
  type BallotProjectRow,
} from '../ballots/ballots.repository.js';
import { ballots } from '../ballots/ballots.table.js';
import { COUNT_STOPPED_ACTION, isCountStopped, reconcileCycle, stopCount } from './results.reconcile.js';
import { cycleResults, type StoredOutcome } from './results.table.js';

export interface TallyCycle {
  id: string;
  phase: string;
  titleJa: string;
  titleEn: string;
  ballotRules: BallotRules;
  allocationRules: AllocationRules;
  paperEntryClosedAt: Date | null;
  cityName: string;
  currency: string;
  votingOpened: string;
  votingClosed: string;
}

export async function findTallyCycle(db: Database, cycleId: string): Promise<TallyCycle | undefined> {
  const rows = await queryRows<TallyCycle>(
    db,
    sql`SELECT c.id, c.phase, c.title_ja AS "titleJa", c.title_en AS "titleEn", c.ballot_rules AS "ballotRules",
          c.allocation_rules AS "allocationRules", c.paper_entry_closed_at AS "paperEntryClosedAt",
          city.name_en AS "cityName", city.currency,
          coalesce((SELECT to_char(max(at) AT TIME ZONE city.time_zone, 'DD.MM.YYYY') FROM cycle_phase_events
                    WHERE cycle_id = c.id AND to_phase = 'voting'), '') AS "votingOpened",
          coalesce((SELECT to_char(max(at) AT TIME ZONE city.time_zone, 'DD.MM.YYYY') FROM cycle_phase_events
                    WHERE cycle_id = c.id AND to_phase = 'tallying'), '') AS "votingClosed"
        FROM cycles c CROSS JOIN city WHERE c.id = ${cycleId}`,
  );
  return rows[0];
}

export async function findCyclePhase(db: Database, cycleId: string): Promise<string | undefined> {
  const rows = await queryRows<{ phase: string }>(db, sql`SELECT phase FROM cycles WHERE id = ${cycleId}`);
  return rows[0]?.phase;
}

/** Counting needs every ballot in: voting over and paper entry closed. */
export function isCountable(cycle: TallyCycle): boolean {
  return (
    (cycle.phase === 'tallying' && cycle.paperEntryClosedAt !== null) || ['published', 'closed'].includes(cycle.phase)
  );
}

export interface DistrictCount {
  districtId: string;
  budget: number;
  projects: BallotProjectRow[];
  election: PbElection;
  ballotsSha256: string;
  ballotCount: number;
  outcome: StoredOutcome;
}

export interface DistrictInfo {
  districtId: string;
  budget: number;
  name: string;
}

/**
 * One district's counted ballots as the canonical pabulib election (see `canonicalElection`):
 * project ids are the ballot numbers (an imported file's own ids), voter ids the ballots' random ids. `selected` adds the
 * outcome column (exports); without it, the text is what the stored SHA-256 was taken of.
 */
export async function districtElection(
  db: Database,
  cycle: TallyCycle,
  district: DistrictInfo,
  selected?: ReadonlySet<string>,
): Promise<{ projects: BallotProjectRow[]; election: PbElection; ballotCount: number }> {
  const source = await districtExportSource(db, cycle, district, selected);
  const rows = await db
    .select({ id: ballots.id, choices: ballots.choices })
    .from(ballots)
    .where(
      and(eq(ballots.cycleId, cycle.id), eq(ballots.districtId, district.districtId), eq(ballots.status, 'counted')),
    );
  const election = canonicalElection({ ...source.head, ballots: rows.map(source.toExportBallot) });
  return { projects: source.projects, election, ballotCount: rows.length };
}

export interface DistrictExportSource {
  projects: BallotProjectRow[];
  /** Everything of the canonical file but its ballots. */
  head: CanonicalHeadInput;
  /** A stored ballot with its projects named by their public ids. */
  toExportBallot: (row: { id: string; choices: readonly BallotChoice[] }) => ExportBallot;
}

/** What the canonical file of a district is written from, apart from the ballots themselves. */
export async function districtExportSource(
  db: Database,
  cycle: TallyCycle,
  district: DistrictInfo,
  selected?: ReadonlySet<string>,
): Promise<DistrictExportSource> {
  const projects = await listBallotProjects(db, cycle.id, district.districtId);
  const publicId = new Map(projects.map((project) => [project.id, publicProjectId(project)]));
  return {
    projects,
    head: {
      description: `${cycle.titleEn} (${cycle.titleJa})`,
      country: '',
      unit: cycle.cityName,
      subunit: district.name,
      instance: cycle.id,
      dateBegin: cycle.votingOpened,
      dateEnd: cycle.votingClosed,
      currency: cycle.currency,
      language: 'ja',
      budget: district.budget,
      ballot: cycle.ballotRules,
      allocation: cycle.allocationRules,
      projects: projects.map((project) => ({
        id: publicProjectId(project),
        cost: project.cost,
        name: project.title,
        category: project.category,
        withdrawn: project.withdrawn,
      })),
      ...(selected === undefined ? {} : { selected }),
    },
    toExportBallot: (row) => ({
      voterId: row.id,
      choices: row.choices.map((choice) => ({
        projectId: publicId.get(choice.proposalId) ?? choice.proposalId,
        points: choice.points,
      })),
    }),
  };
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * The count of one district from its stored ballots: the canonical .pb export (whose SHA-256
 * names what was counted), then the engine run on that file with the options the file carries,
 * exactly as an auditor's recount from the export would run.
 */
export async function countDistrict(db: Database, cycle: TallyCycle, district: DistrictInfo): Promise<DistrictCount> {
  const { projects, election, ballotCount } = await districtElection(db, cycle, district);
  const ballotsSha256 = sha256(writePabulib(election));
  const engineElection = electionFromPabulib(election);
  const options = allocationOptionsFromMeta(election) ?? {};
  const result = allocate(engineElection, options);
  const greedy = allocate(engineElection, {
    rule: 'greedy',
    minVotes: options.minVotes ?? 0,
    ties: options.ties ?? 'id',
    seed: options.seed,
  });
  return {
    districtId: district.districtId,
    budget: district.budget,
    projects,
    election,
    ballotsSha256,
    ballotCount,
    outcome: {
      selected: result.selected,
      greedySelected: greedy.selected,
      explanations: result.explanations,
      tiesMet: result.ties.length,
    },
  };
}

/** The cycle's districts with budgets and (English) names, as the exports name them. */
export async function cycleDistrictInfos(db: Database, cycleId: string): Promise<DistrictInfo[]> {
  const names = new Map(
    (await queryRows<{ id: string; name: string }>(db, sql`SELECT id, name_en AS name FROM districts`)).map((row) => [
      row.id,
      row.name,
    ]),
  );
  return (await listVotingDistricts(db, cycleId)).map((district) => ({
    districtId: district.districtId,
    budget: district.budget,
    name: names.get(district.districtId) ?? '',
  }));
}

export async function countCycle(db: Database, cycle: TallyCycle): Promise<DistrictCount[]> {
  const counts: DistrictCount[] = [];
  for (const district of await cycleDistrictInfos(db, cycle.id)) counts.push(await countDistrict(db, cycle, district));
  return counts;
}

/**
 * Counts a cycle whose ballots are all in and stores each district's result once (a second run
 * finds them stored and writes nothing). Returns the districts it stored.
 */
export async function tallyCycle(db: Database, cycleId: string): Promise<number> {
  const cycle = await findTallyCycle(db, cycleId);
  if (cycle === undefined || !isCountable(cycle)) return 0;
  if (await isCountStopped(db, cycleId)) return 0;
  const reconciliation = await reconcileCycle(db, cycleId);
  if (reconciliation.some((district) => !district.matches)) {
    await stopCount(db, cycleId, reconciliation);
    return 0;
  }
  const reconciled = new Map(reconciliation.map((district) => [district.districtId, district]));
  const stored = new Set(
    (
      await db
        .select({ districtId: cycleResults.districtId })
        .from(cycleResults)
        .where(eq(cycleResults.cycleId, cycleId))
    ).map((row) => row.districtId),
  );
  let written = 0;
  for (const count of await countCycle(db, cycle)) {
    if (stored.has(count.districtId)) continue;
    const inserted = await db
      .insert(cycleResults)
      .values({
        cycleId,
        districtId: count.districtId,
        ballotsSha256: count.ballotsSha256,
        ballotCount: count.ballotCount,
        rules: cycle.allocationRules,
        outcome: { ...count.outcome, reconciliation: reconciled.get(count.districtId) ?? null },
      })
      .onConflictDoNothing()
      .returning({ districtId: cycleResults.districtId });
    written += inserted.length;
  }
  return written;
}

/** Cycles whose ballots are all in but whose count is missing (a crash, or a replica's restart). */
export async function listUncountedCycles(db: Database): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`SELECT c.id FROM cycles c
        WHERE c.phase = 'tallying' AND c.paper_entry_closed_at IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM audit_events a WHERE a.action = ${COUNT_STOPPED_ACTION} AND a.subject_id = c.id::text)
          AND EXISTS (SELECT 1 FROM cycle_districts cd WHERE cd.cycle_id = c.id
                      AND NOT EXISTS (SELECT 1 FROM cycle_results r WHERE r.cycle_id = c.id AND r.district_id = cd.district_id))`,
  );
  return rows.map((row) => row.id);
}
