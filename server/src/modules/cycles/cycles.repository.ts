import { and, asc, count, desc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import type { Database } from '../../db/database.js';
import { proposals } from '../proposals/proposals.table.js';
import { cycleDistricts, cyclePhaseEvents, cyclePhaseRequests, cycleSchedule, cycles } from './cycles.table.js';

export type CycleRow = typeof cycles.$inferSelect;
export type NewCycleRow = typeof cycles.$inferInsert;
export type CycleDistrictRow = typeof cycleDistricts.$inferSelect;
export type PhaseEventRow = typeof cyclePhaseEvents.$inferSelect;
export type PhaseRequestRow = typeof cyclePhaseRequests.$inferSelect;

export interface CycleBundle {
  cycle: CycleRow;
  districts: CycleDistrictRow[];
  history: PhaseEventRow[];
  pending: PhaseRequestRow | undefined;
  schedule: ScheduleRow[];
}

/** Cycles with their districts, history, pending move and schedule: five queries, whatever the count. */
export async function loadCycles(
  db: Database,
  options: { ids?: string[]; includeDrafts: boolean },
): Promise<CycleBundle[]> {
  const conditions = [];
  if (options.ids !== undefined) conditions.push(inArray(cycles.id, options.ids));
  if (!options.includeDrafts) conditions.push(sql`${cycles.phase} <> 'draft'`);
  const rows = await db
    .select()
    .from(cycles)
    .where(and(...conditions))
    .orderBy(desc(cycles.createdAt), asc(cycles.id));
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const [districtRows, historyRows, pendingRows, scheduleRows] = await Promise.all([
    db.select().from(cycleDistricts).where(inArray(cycleDistricts.cycleId, ids)),
    db.select().from(cyclePhaseEvents).where(inArray(cyclePhaseEvents.cycleId, ids)).orderBy(asc(cyclePhaseEvents.at)),
    db.select().from(cyclePhaseRequests).where(inArray(cyclePhaseRequests.cycleId, ids)),
    listSchedule(db, ids),
  ]);
  return rows.map((cycle) => ({
    cycle,
    districts: districtRows.filter((row) => row.cycleId === cycle.id),
    history: historyRows.filter((row) => row.cycleId === cycle.id),
    pending: pendingRows.find((row) => row.cycleId === cycle.id),
    schedule: scheduleRows.filter((row) => row.cycleId === cycle.id),
  }));
}

export async function findCycleRow(db: Database, cycleId: string): Promise<CycleRow | undefined> {
  const rows = await db.select().from(cycles).where(eq(cycles.id, cycleId)).limit(1);
  return rows[0];
}

/** Holds off phase moves (which lock the row for update) until the caller's transaction ends. */
export async function shareLockCycle(db: Database, cycleId: string): Promise<CycleRow | undefined> {
  const rows = await db.select().from(cycles).where(eq(cycles.id, cycleId)).limit(1).for('share');
  return rows[0];
}

/**
 * FOR NO KEY UPDATE, not FOR UPDATE: the key never changes, and ballots being cast check their
 * foreign key with FOR KEY SHARE, which FOR UPDATE would block while a phase move waits for those
 * same ballots at the ballot gate (a deadlock).
 */
export async function lockCycle(db: Database, cycleId: string): Promise<CycleRow | undefined> {
  const rows = await db.select().from(cycles).where(eq(cycles.id, cycleId)).limit(1).for('no key update');
  return rows[0];
}

export async function insertCycle(db: Database, values: NewCycleRow): Promise<CycleRow> {
  const rows = await db.insert(cycles).values(values).returning();
  const row = rows[0];
  if (row === undefined) throw new Error('cycle insert returned no row');
  return row;
}

export async function updateCycleRow(
  db: Database,
  cycleId: string,
  values: PgUpdateSetSource<typeof cycles>,
): Promise<void> {
  await db
    .update(cycles)
    .set({ ...values, updatedAt: sql`now()` })
    .where(eq(cycles.id, cycleId));
}

export async function replaceCycleDistricts(
  db: Database,
  cycleId: string,
  budgets: readonly { districtId: string; budget: number }[],
): Promise<void> {
  await db.delete(cycleDistricts).where(eq(cycleDistricts.cycleId, cycleId));
  if (budgets.length > 0) await db.insert(cycleDistricts).values(budgets.map((row) => ({ cycleId, ...row })));
}

export async function listCycleDistricts(db: Database, cycleId: string): Promise<CycleDistrictRow[]> {
  return db.select().from(cycleDistricts).where(eq(cycleDistricts.cycleId, cycleId));
}

export async function insertPhaseEvent(
  db: Database,
  values: {
    cycleId: string;
    fromPhase: string | null;
    toPhase: string;
    actorId: string | null;
    confirmedBy?: string | null;
    scheduled?: boolean;
  },
): Promise<void> {
  await db.insert(cyclePhaseEvents).values(values);
}

export async function findPhaseRequest(db: Database, cycleId: string): Promise<PhaseRequestRow | undefined> {
  const rows = await db.select().from(cyclePhaseRequests).where(eq(cyclePhaseRequests.cycleId, cycleId)).limit(1);
  return rows[0];
}

export async function upsertPhaseRequest(
  db: Database,
  cycleId: string,
  toPhase: string,
  requestedBy: string,
): Promise<void> {
  await db
    .insert(cyclePhaseRequests)
    .values({ cycleId, toPhase, requestedBy })
    .onConflictDoUpdate({
      target: cyclePhaseRequests.cycleId,
      set: { toPhase, requestedBy, requestedAt: sql`now()` },
    });
}

export async function deletePhaseRequest(db: Database, cycleId: string): Promise<void> {
  await db.delete(cyclePhaseRequests).where(eq(cyclePhaseRequests.cycleId, cycleId));
}

/** Ballot-eligible, not withdrawn proposals per district of a cycle. */
export async function countBallotProposals(db: Database, cycleId: string): Promise<Map<string, number>> {
  const rows = await db
    .select({ districtId: proposals.districtId, n: count() })
    .from(proposals)
    .where(and(eq(proposals.cycleId, cycleId), eq(proposals.ballotEligible, true), isNull(proposals.withdrawnAt)))
    .groupBy(proposals.districtId);
  return new Map(rows.map((row) => [row.districtId, row.n]));
}

export type ScheduleRow = typeof cycleSchedule.$inferSelect;

export async function listSchedule(db: Database, cycleIds: string[]): Promise<ScheduleRow[]> {
  if (cycleIds.length === 0) return [];
  return db
    .select()
    .from(cycleSchedule)
    .where(inArray(cycleSchedule.cycleId, cycleIds))
    .orderBy(asc(cycleSchedule.runAt));
}

/** One pending entry per cycle and phase: a new time replaces the old one (and its confirmation). */
export async function upsertSchedule(
  db: Database,
  values: { cycleId: string; toPhase: string; runAt: Date; requestedBy: string },
): Promise<ScheduleRow> {
  await db
    .delete(cycleSchedule)
    .where(
      and(
        eq(cycleSchedule.cycleId, values.cycleId),
        eq(cycleSchedule.toPhase, values.toPhase),
        isNull(cycleSchedule.doneAt),
      ),
    );
  const rows = await db.insert(cycleSchedule).values(values).returning();
  const row = rows[0];
  if (row === undefined) throw new Error('schedule insert returned no row');
  return row;
}

export async function lockPendingSchedule(
  db: Database,
  cycleId: string,
  scheduleId: string,
): Promise<ScheduleRow | undefined> {
  const rows = await db
    .select()
    .from(cycleSchedule)
    .where(and(eq(cycleSchedule.id, scheduleId), eq(cycleSchedule.cycleId, cycleId), isNull(cycleSchedule.doneAt)))
    .limit(1)
    .for('update');
  return rows[0];
}

export async function updateSchedule(
  db: Database,
  scheduleId: string,
  values: PgUpdateSetSource<typeof cycleSchedule>,
): Promise<void> {
  await db.update(cycleSchedule).set(values).where(eq(cycleSchedule.id, scheduleId));
}

export async function deleteSchedule(db: Database, scheduleId: string): Promise<void> {
  await db.delete(cycleSchedule).where(eq(cycleSchedule.id, scheduleId));
}

export async function listDueScheduleIds(db: Database): Promise<string[]> {
  const rows = await db
    .select({ id: cycleSchedule.id })
    .from(cycleSchedule)
    .where(and(isNull(cycleSchedule.doneAt), lte(cycleSchedule.runAt, sql`now()`)))
    .orderBy(asc(cycleSchedule.runAt));
  return rows.map((row) => row.id);
}

/** A due entry not yet run, locked; skipped if another process is running it right now. */
export async function claimDueSchedule(db: Database, scheduleId: string): Promise<ScheduleRow | undefined> {
  const rows = await db
    .select()
    .from(cycleSchedule)
    .where(and(eq(cycleSchedule.id, scheduleId), isNull(cycleSchedule.doneAt), lte(cycleSchedule.runAt, sql`now()`)))
    .limit(1)
    .for('update', { skipLocked: true });
  return rows[0];
}
