import { sql } from 'drizzle-orm';
import type { AllocationRules, BallotRules, ImportBallot, ImportProject } from '@pb/shared';
import type { Database } from '../../db/database.js';
import { cycleDistricts, cyclePhaseEvents, cycles } from '../cycles/cycles.table.js';
import { proposalEvents, proposals } from '../proposals/proposals.table.js';

/** Projects per INSERT: well below PostgreSQL's 65 535 parameters at 13 per row. */
const PROJECT_CHUNK = 2000;
/** Ballots per INSERT (one JSON parameter each way). */
const VOTE_CHUNK = 5000;

async function inChunks<T>(rows: readonly T[], size: number, write: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < rows.length; start += size) await write(rows.slice(start, start + size));
}

export interface NewImportedCycle {
  titleJa: string;
  titleEn: string;
  ballot: BallotRules;
  allocation: AllocationRules;
  fileName: string;
  sha256: string;
  actorId: string;
  districtId: string;
  budget: number;
}

/** The cycle row, published from the start, with its ballot storage and its one district. */
export async function insertImportedCycle(db: Database, values: NewImportedCycle): Promise<string> {
  const [row] = await db
    .insert(cycles)
    .values({
      phase: 'published',
      source: 'imported',
      titleJa: values.titleJa,
      titleEn: values.titleEn,
      ballotRules: values.ballot,
      allocationRules: values.allocation,
      importedFileName: values.fileName,
      importedFileSha256: values.sha256,
      createdBy: values.actorId,
    })
    .returning({ id: cycles.id });
  if (row === undefined) throw new Error('cycle insert returned no row');
  await db.execute(sql`SELECT pb_ensure_ballot_partition(${row.id}::uuid)`);
  await db.insert(cycleDistricts).values({ cycleId: row.id, districtId: values.districtId, budget: values.budget });
  await db
    .insert(cyclePhaseEvents)
    .values({ cycleId: row.id, fromPhase: null, toPhase: 'published', actorId: values.actorId });
  return row.id;
}

/** The ballot list in file order (the ballot numbers follow it); returns proposal ids by project id. */
export async function insertImportedProjects(
  db: Database,
  cycleId: string,
  districtId: string,
  actorId: string,
  projects: readonly ImportProject[],
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const base = Date.now();
  await inChunks(
    projects.map((project, index) => ({ project, index })),
    PROJECT_CHUNK,
    async (chunk) => {
      const rows = await db
        .insert(proposals)
        .values(
          chunk.map(({ project, index }) => ({
            cycleId,
            districtId,
            authorId: null,
            title: project.name,
            summary: '',
            description: '',
            category: project.category,
            estimatedCost: project.cost,
            cost: project.cost,
            status: 'feasible',
            ballotEligible: true,
            externalId: project.externalId,
            createdAt: new Date(base + index),
          })),
        )
        .returning({ id: proposals.id, externalId: proposals.externalId, cost: proposals.cost });
      for (const row of rows) if (row.externalId !== null) ids.set(row.externalId, row.id);
      await db.insert(proposalEvents).values(
        rows.map((row) => ({
          proposalId: row.id,
          status: 'feasible',
          cost: row.cost,
          ballotEligible: true,
          actorId,
        })),
      );
    },
  );
  return ids;
}

export interface VoteTarget {
  cycleId: string;
  districtId: string;
  castOnDay: string;
  /** Proposal id by the file's project id. */
  proposalIds: ReadonlyMap<string, string>;
}

/**
 * Counted ballots without receipts, and the participations (channel `imported`, voter key
 * `imported:<voter_id>`) beside them. Each chunk is converted and sent as one JSON parameter,
 * so a few hundred thousand ballots cost neither parameter lists nor a second copy in memory.
 */
export async function insertImportedVotes(
  db: Database,
  target: VoteTarget,
  votes: readonly ImportBallot[],
): Promise<void> {
  const { cycleId, districtId, castOnDay, proposalIds } = target;
  await inChunks(votes, VOTE_CHUNK, async (chunk) => {
    const choices = chunk.map((vote) =>
      vote.projectIds.map((projectId, index) => ({
        proposalId: proposalIds.get(projectId) ?? projectId,
        ...(vote.points === undefined ? {} : { points: vote.points[index] ?? 0 }),
      })),
    );
    await db.execute(
      sql`INSERT INTO ballots (cycle_id, district_id, choices)
          SELECT ${cycleId}::uuid, ${districtId}::uuid, vote FROM jsonb_array_elements(${JSON.stringify(choices)}::jsonb) AS vote`,
    );
    const voterKeys = chunk.map((vote) => `imported:${vote.voterId}`);
    await db.execute(
      sql`INSERT INTO participations (cycle_id, district_id, voter_key, channel, cast_on_day)
          SELECT ${cycleId}::uuid, ${districtId}::uuid, voter_key, 'imported', ${castOnDay}::date
          FROM jsonb_array_elements_text(${JSON.stringify(voterKeys)}::jsonb) AS voter_key`,
    );
  });
}
