import { CONFIRMED_PHASES, PHASES, isFrozen, phaseIndex, type Phase, type PhaseMoveResult } from '@pb/shared';
import type { Database } from '../../db/database.js';
import { AppError } from '../../errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { findUserById } from '../users/users.repository.js';
import { lockVoterList } from '../verification/voter-list.js';
import { CycleErrors } from './cycles.errors.js';
import { assertPreconditions } from './cycles.preconditions.js';
import {
  deletePhaseRequest,
  findPhaseRequest,
  insertPhaseEvent,
  updateCycleRow,
  upsertPhaseRequest,
  type CycleRow,
} from './cycles.repository.js';
import { asPhase, getCycleDto, lockExisting } from './cycles.service.js';

export function assertOneStep(from: Phase, to: Phase): void {
  const step = phaseIndex(to) - phaseIndex(from);
  if (step === 1) return;
  if (step === -1 && !isFrozen(from)) return;
  const next = PHASES[phaseIndex(from) + 1];
  const previous = isFrozen(from) ? undefined : PHASES[phaseIndex(from) - 1];
  if (isFrozen(from) && step < 0) {
    throw new AppError(CycleErrors.invalidPhaseMove, `Voting has opened: the cycle cannot go back from ${from}.`, {
      params: { reason: 'frozen', from, to },
    });
  }
  throw new AppError(
    CycleErrors.invalidPhaseMove,
    `From ${from} the cycle can move to ${next ?? 'nothing'}${previous === undefined ? '' : ` or back to ${previous}`}, not to ${to}.`,
    {
      params: {
        reason: next === undefined ? 'last_phase' : previous === undefined ? 'one_step_forward' : 'one_step',
        from,
        to,
        ...(next === undefined ? {} : { next }),
        ...(previous === undefined ? {} : { previous }),
      },
    },
  );
}

export async function applyMove(
  db: Database,
  row: CycleRow,
  to: Phase,
  actors: { actorId: string | null; confirmedBy?: string; scheduled?: boolean },
): Promise<void> {
  if (to === 'voting') await lockVoterList(db);
  await updateCycleRow(db, row.id, { phase: to });
  await deletePhaseRequest(db, row.id);
  await insertPhaseEvent(db, { cycleId: row.id, fromPhase: row.phase, toPhase: to, ...actors });
  await recordAudit(db, {
    actorId: actors.actorId,
    action: 'cycle.phase_changed',
    subjectId: row.id,
    details: { from: row.phase, to, ...(actors.confirmedBy === undefined ? {} : { confirmedBy: actors.confirmedBy }) },
  });
}

/**
 * Moves a cycle one step. Opening voting and publishing are only requested here; a second staff
 * member completes them with {@link confirmPhaseMove}.
 */
export async function requestPhaseMove(
  db: Database,
  actorId: string,
  cycleId: string,
  to: Phase,
): Promise<PhaseMoveResult> {
  const status = await db.transaction(async (tx) => {
    const row = await lockExisting(tx, cycleId);
    const from = asPhase(row.phase);
    assertOneStep(from, to);
    const forward = phaseIndex(to) > phaseIndex(from);
    if (forward) await assertPreconditions(tx, row, to);
    if (forward && CONFIRMED_PHASES.includes(to)) {
      await upsertPhaseRequest(tx, cycleId, to, actorId);
      await recordAudit(tx, { actorId, action: 'cycle.phase_requested', subjectId: cycleId, details: { from, to } });
      return 'awaiting_confirmation' as const;
    }
    await applyMove(tx, row, to, { actorId });
    return 'moved' as const;
  });
  return { status, cycle: await getCycleDto(db, cycleId, true) };
}

/**
 * The second person of a two-person rule: not the requester, and not an account that became staff
 * after the request (an admin could otherwise make a second account staff and confirm with it).
 */
export async function assertMayConfirm(
  db: Database,
  actorId: string,
  request: { requestedBy: string; requestedAt: Date },
): Promise<void> {
  if (request.requestedBy === actorId) throw new AppError(CycleErrors.confirmationByRequester);
  const staffSince = (await findUserById(db, actorId))?.staffSince ?? null;
  if (staffSince === null || staffSince > request.requestedAt) throw new AppError(CycleErrors.confirmerStaffTooRecent);
}

export async function confirmPhaseMove(db: Database, actorId: string, cycleId: string): Promise<PhaseMoveResult> {
  await db.transaction(async (tx) => {
    const row = await lockExisting(tx, cycleId);
    const pending = await findPhaseRequest(tx, cycleId);
    if (pending === undefined) throw new AppError(CycleErrors.noPendingMove);
    await assertMayConfirm(tx, actorId, pending);
    const to = asPhase(pending.toPhase);
    assertOneStep(asPhase(row.phase), to);
    await assertPreconditions(tx, row, to);
    await applyMove(tx, row, to, { actorId: pending.requestedBy, confirmedBy: actorId });
  });
  return { status: 'moved', cycle: await getCycleDto(db, cycleId, true) };
}
