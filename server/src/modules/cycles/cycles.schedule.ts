import { CONFIRMED_PHASES, phaseIndex, type Phase, type ScheduledMove } from '@pb/shared';
import type { DatabaseHandle, Database } from '../../db/database.js';
import { ADVISORY_LOCKS } from '../../db/advisory-locks.js';
import { AppError } from '../../errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { CycleErrors } from './cycles.errors.js';
import { assertPreconditions } from './cycles.preconditions.js';
import {
  claimDueSchedule,
  deleteSchedule,
  listDueScheduleIds,
  lockPendingSchedule,
  updateSchedule,
  upsertSchedule,
} from './cycles.repository.js';
import { applyMove, assertMayConfirm, assertOneStep } from './cycles.moves.js';
import { asPhase, cityTimeZone, lockExisting, toScheduledMove } from './cycles.service.js';
import { localToInstant } from './local-time.js';

export async function scheduleMove(
  db: Database,
  actorId: string,
  cycleId: string,
  move: { to: Phase; at: string },
): Promise<ScheduledMove> {
  const timeZone = await cityTimeZone(db);
  const runAt = localToInstant(move.at, timeZone);
  if (runAt === undefined || runAt.getTime() <= Date.now()) {
    throw new AppError(CycleErrors.invalidSchedule, `${move.at} is not a future date and time in ${timeZone}.`, {
      params: { reason: 'not_future', at: move.at, timeZone },
    });
  }
  const entry = await db.transaction(async (tx) => {
    const cycle = await lockExisting(tx, cycleId);
    if (phaseIndex(move.to) <= phaseIndex(asPhase(cycle.phase))) {
      throw new AppError(
        CycleErrors.invalidSchedule,
        `The cycle is already in ${cycle.phase}; schedule a later phase.`,
        { params: { reason: 'not_later', phase: cycle.phase, to: move.to } },
      );
    }
    const row = await upsertSchedule(tx, { cycleId, toPhase: move.to, runAt, requestedBy: actorId });
    await recordAudit(tx, {
      actorId,
      action: 'cycle.move_scheduled',
      subjectId: cycleId,
      details: { to: move.to, at: runAt },
    });
    return row;
  });
  return toScheduledMove(entry, timeZone);
}

/** Scheduled openings of voting and publications need a second staff member, as immediate ones do. */
export async function confirmScheduledMove(
  db: Database,
  actorId: string,
  cycleId: string,
  scheduleId: string,
): Promise<ScheduledMove> {
  const timeZone = await cityTimeZone(db);
  const entry = await db.transaction(async (tx) => {
    const row = await lockPendingSchedule(tx, cycleId, scheduleId);
    if (row === undefined) throw new AppError(CycleErrors.scheduleNotFound);
    await assertMayConfirm(tx, actorId, { requestedBy: row.requestedBy, requestedAt: row.createdAt });
    await updateSchedule(tx, scheduleId, { confirmedBy: actorId });
    await recordAudit(tx, {
      actorId,
      action: 'cycle.move_schedule_confirmed',
      subjectId: cycleId,
      details: { scheduleId },
    });
    return { ...row, confirmedBy: actorId };
  });
  return toScheduledMove(entry, timeZone);
}

export async function cancelScheduledMove(
  db: Database,
  actorId: string,
  cycleId: string,
  scheduleId: string,
): Promise<void> {
  await db.transaction(async (tx) => {
    const row = await lockPendingSchedule(tx, cycleId, scheduleId);
    if (row === undefined) throw new AppError(CycleErrors.scheduleNotFound);
    await deleteSchedule(tx, scheduleId);
    await recordAudit(tx, {
      actorId,
      action: 'cycle.move_schedule_cancelled',
      subjectId: cycleId,
      details: { to: row.toPhase },
    });
  });
}

/** Runs one due entry: the move, or a recorded reason for skipping it. Idempotent. */
async function runScheduledMove(db: Database, scheduleId: string): Promise<'moved' | 'skipped' | 'taken'> {
  return db.transaction(async (tx) => {
    const entry = await claimDueSchedule(tx, scheduleId);
    if (entry === undefined) return 'taken';
    const cycle = await lockExisting(tx, entry.cycleId);
    const to = asPhase(entry.toPhase);
    let skipped: string | undefined;
    if (CONFIRMED_PHASES.includes(to) && entry.confirmedBy === null) {
      skipped = 'skipped: no second staff member confirmed it';
    } else {
      try {
        assertOneStep(asPhase(cycle.phase), to);
        await assertPreconditions(tx, cycle, to);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        skipped = `skipped: ${error.message}`;
      }
    }
    if (skipped === undefined) {
      await applyMove(tx, cycle, to, {
        actorId: entry.requestedBy,
        ...(entry.confirmedBy === null ? {} : { confirmedBy: entry.confirmedBy }),
        scheduled: true,
      });
    } else {
      await recordAudit(tx, {
        actorId: null,
        action: 'cycle.scheduled_move_skipped',
        subjectId: cycle.id,
        details: { to, skipped },
      });
    }
    await updateSchedule(tx, entry.id, { doneAt: new Date(), outcome: skipped ?? 'moved' });
    return skipped === undefined ? 'moved' : 'skipped';
  });
}

/**
 * The job: every due entry, each in its own transaction. The advisory lock keeps replicas from
 * even trying at once; the row lock and `done_at` would keep a move from running twice anyway.
 */
export async function runDueScheduledMoves(
  database: DatabaseHandle,
): Promise<{ moved: number; skipped: number } | undefined> {
  const outcome = await database.tryAdvisoryLock(ADVISORY_LOCKS.phaseSchedule, async () => {
    const counts = { moved: 0, skipped: 0 };
    for (const id of await listDueScheduleIds(database.db)) {
      const result = await runScheduledMove(database.db, id);
      if (result !== 'taken') counts[result] += 1;
    }
    return counts;
  });
  return outcome.ran ? outcome.value : undefined;
}
