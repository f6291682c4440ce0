import type { ProgressUpdateBody } from '@pb/shared';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { cycles } from '../cycles/cycles.table.js';
import { proposals } from '../proposals/proposals.table.js';
import { cycleResults } from '../results/results.table.js';
import { projectMilestones, projectProgress } from './progress.table.js';

export type ProgressRow = typeof projectProgress.$inferSelect;
export type MilestoneRow = typeof projectMilestones.$inferSelect;

export async function findCyclePhase(db: Database, cycleId: string): Promise<string | undefined> {
  const rows = await db.select({ phase: cycles.phase }).from(cycles).where(eq(cycles.id, cycleId));
  return rows[0]?.phase;
}

/** Each counted district with the ballot numbers it funded, in the order funded. */
export async function listFundedNumbers(
  db: Database,
  cycleId: string,
): Promise<{ districtId: string; selected: string[] }[]> {
  const rows = await db
    .select({ districtId: cycleResults.districtId, outcome: cycleResults.outcome })
    .from(cycleResults)
    .where(eq(cycleResults.cycleId, cycleId));
  return rows.map((row) => ({ districtId: row.districtId, selected: row.outcome.selected }));
}

export async function listProgressRows(db: Database, cycleId: string): Promise<ProgressRow[]> {
  return db.select().from(projectProgress).where(eq(projectProgress.cycleId, cycleId));
}

export async function findProgressRow(db: Database, proposalId: string): Promise<ProgressRow | undefined> {
  const rows = await db.select().from(projectProgress).where(eq(projectProgress.proposalId, proposalId));
  return rows[0];
}

/** Oldest first: by date, then by when entered (two steps on one day keep the order they were written in). */
export async function listCycleMilestones(db: Database, cycleId: string): Promise<MilestoneRow[]> {
  const rows = await db
    .select({ milestone: projectMilestones })
    .from(projectMilestones)
    .innerJoin(projectProgress, eq(projectProgress.proposalId, projectMilestones.proposalId))
    .where(eq(projectProgress.cycleId, cycleId))
    .orderBy(asc(projectMilestones.onDate), asc(projectMilestones.createdAt), asc(projectMilestones.id));
  return rows.map((row) => row.milestone);
}

export async function upsertProgress(
  db: Database,
  values: { proposalId: string; cycleId: string; updatedBy: string } & ProgressUpdateBody,
): Promise<ProgressRow> {
  const fields = {
    status: values.status,
    percentComplete: values.percentComplete,
    noteJa: values.noteJa,
    noteEn: values.noteEn,
    updatedBy: values.updatedBy,
    updatedAt: sql`now()`,
  };
  const rows = await db
    .insert(projectProgress)
    .values({ proposalId: values.proposalId, cycleId: values.cycleId, ...fields })
    .onConflictDoUpdate({ target: projectProgress.proposalId, set: fields })
    .returning();
  const row = rows[0];
  if (row === undefined) throw new Error('upsert returned no row');
  return row;
}

/**
 * A milestone hangs off the progress row: creates the default one (planned, 0 %) when staff have
 * recorded nothing yet, and counts adding or removing a milestone as the project's latest update.
 */
export async function touchProgress(db: Database, proposalId: string, cycleId: string, actorId: string): Promise<void> {
  await db
    .insert(projectProgress)
    .values({ proposalId, cycleId, updatedBy: actorId })
    .onConflictDoUpdate({ target: projectProgress.proposalId, set: { updatedBy: actorId, updatedAt: sql`now()` } });
}

export async function insertMilestone(
  db: Database,
  values: Omit<typeof projectMilestones.$inferInsert, 'id' | 'createdAt'>,
): Promise<MilestoneRow> {
  const rows = await db.insert(projectMilestones).values(values).returning();
  const row = rows[0];
  if (row === undefined) throw new Error('insert returned no row');
  return row;
}

export async function deleteMilestoneRow(
  db: Database,
  proposalId: string,
  milestoneId: string,
): Promise<MilestoneRow | undefined> {
  const rows = await db
    .delete(projectMilestones)
    .where(and(eq(projectMilestones.id, milestoneId), eq(projectMilestones.proposalId, proposalId)))
    .returning();
  return rows[0];
}

export async function proposalInCycle(db: Database, cycleId: string, proposalId: string): Promise<boolean> {
  const rows = await db
    .select({ id: proposals.id })
    .from(proposals)
    .where(and(eq(proposals.id, proposalId), eq(proposals.cycleId, cycleId)));
  return rows.length > 0;
}
