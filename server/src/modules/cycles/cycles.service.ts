import {
  CONFIRMED_PHASES,
  PHASES,
  defaultAllocationRules,
  isFrozen,
  type CreateCycleBody,
  type Cycle,
  type CycleDistrictBudget,
  type Phase,
  type PlannedPhaseMove,
  type ScheduledMove,
  type UpdateCycleBody,
} from '@pb/shared';
import type { Database } from '../../db/database.js';
import { AppError } from '../../errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { findCity, listDistricts } from '../city/city.repository.js';
import { instantToLocal } from './local-time.js';
import { CycleErrors } from './cycles.errors.js';
import {
  insertCycle,
  insertPhaseEvent,
  listCycleDistricts,
  loadCycles,
  lockCycle,
  replaceCycleDistricts,
  updateCycleRow,
  type CycleBundle,
  type CycleRow,
  type ScheduleRow,
} from './cycles.repository.js';
import { assertConsistentRules } from './cycles.rules.js';

export function asPhase(value: string): Phase {
  const phase = PHASES.find((candidate) => candidate === value);
  if (phase === undefined) throw new Error(`unknown phase ${value} in the database`);
  return phase;
}

export function toCycleDto(bundle: CycleBundle, timeZone: string): Cycle {
  const { cycle } = bundle;
  const phase = asPhase(cycle.phase);
  return {
    id: cycle.id,
    phase,
    titleJa: cycle.titleJa,
    titleEn: cycle.titleEn,
    descriptionJa: cycle.descriptionJa,
    descriptionEn: cycle.descriptionEn,
    ballot: cycle.ballotRules,
    allocation: cycle.allocationRules,
    requiresVerification: cycle.requiresVerification,
    minimumAge: cycle.minimumAge,
    proposalQuota: cycle.proposalQuota,
    commentPhases: cycle.commentPhases.map(asPhase),
    flagThreshold: cycle.flagThreshold,
    supportsEnabled: cycle.supportsEnabled,
    supportThreshold: cycle.supportThreshold,
    districts: bundle.districts.map((row) => ({ districtId: row.districtId, budget: row.budget })),
    frozen: isFrozen(phase),
    pendingMove:
      bundle.pending === undefined
        ? null
        : {
            to: asPhase(bundle.pending.toPhase),
            requestedBy: bundle.pending.requestedBy,
            requestedAt: bundle.pending.requestedAt.toISOString(),
          },
    history: bundle.history.map((event) => ({
      from: event.fromPhase === null ? null : asPhase(event.fromPhase),
      to: asPhase(event.toPhase),
      at: event.at.toISOString(),
      scheduled: event.scheduled,
    })),
    schedule: bundle.schedule.map((entry) => toScheduledMove(entry, timeZone)),
    plannedMoves: plannedMoves(bundle.schedule, timeZone),
    clonedFrom: cycle.clonedFrom,
    imported:
      cycle.source === 'imported'
        ? { fileName: cycle.importedFileName ?? '', sha256: cycle.importedFileSha256 ?? '' }
        : null,
    personalDataPurgedAt: cycle.personalDataPurgedAt?.toISOString() ?? null,
    createdAt: cycle.createdAt.toISOString(),
  };
}

export function toScheduledMove(entry: ScheduleRow, timeZone: string): ScheduledMove {
  const to = asPhase(entry.toPhase);
  return {
    id: entry.id,
    to,
    at: entry.runAt.toISOString(),
    atLocal: instantToLocal(entry.runAt, timeZone),
    requestedBy: entry.requestedBy,
    needsConfirmation: CONFIRMED_PHASES.includes(to),
    confirmedBy: entry.confirmedBy,
    doneAt: entry.doneAt?.toISOString() ?? null,
    outcome: entry.outcome,
  };
}

/** Moves the scheduler will make: not yet run, and confirmed by a second staff member where that is needed. */
function plannedMoves(schedule: readonly ScheduleRow[], timeZone: string): PlannedPhaseMove[] {
  return schedule
    .filter((entry) => entry.doneAt === null)
    .map((entry) => toScheduledMove(entry, timeZone))
    .filter((move) => !move.needsConfirmation || move.confirmedBy !== null)
    .sort((a, b) => a.at.localeCompare(b.at))
    .map(({ to, at, atLocal }) => ({ to, at, atLocal }));
}

export async function cityTimeZone(db: Database): Promise<string> {
  return (await findCity(db))?.timeZone ?? 'Asia/Tokyo';
}

/**
 * Staff see drafts and who asked for or confirmed pending moves; everyone else sees neither (staff
 * user ids are not public).
 */
function forAudience(cycle: Cycle, staff: boolean): Cycle {
  return staff ? cycle : { ...cycle, pendingMove: null, schedule: [] };
}

export async function listCycleDtos(db: Database, staff: boolean): Promise<Cycle[]> {
  const [bundles, timeZone] = await Promise.all([loadCycles(db, { includeDrafts: staff }), cityTimeZone(db)]);
  return bundles.map((bundle) => forAudience(toCycleDto(bundle, timeZone), staff));
}

export async function getCycleDto(db: Database, cycleId: string, staff: boolean): Promise<Cycle> {
  const [[bundle], timeZone] = await Promise.all([
    loadCycles(db, { ids: [cycleId], includeDrafts: staff }),
    cityTimeZone(db),
  ]);
  if (bundle === undefined) throw new AppError(CycleErrors.notFound);
  return forAudience(toCycleDto(bundle, timeZone), staff);
}

/** Districts must exist, be active and appear once each. */
async function assertDistricts(db: Database, budgets: readonly CycleDistrictBudget[]): Promise<void> {
  const active = new Set((await listDistricts(db)).filter((row) => row.retiredAt === null).map((row) => row.id));
  const seen = new Set<string>();
  for (const { districtId } of budgets) {
    if (!active.has(districtId) || seen.has(districtId)) {
      throw new AppError(CycleErrors.unknownDistrict, `District ${districtId} is unknown, retired or listed twice.`, {
        params: { reason: 'unknown_district', districts: districtId },
      });
    }
    seen.add(districtId);
  }
}

export async function createCycle(db: Database, actorId: string, body: CreateCycleBody): Promise<Cycle> {
  const allocation = body.allocation ?? defaultAllocationRules(body.ballot.method);
  assertConsistentRules(body.ballot, allocation);
  await assertDistricts(db, body.districts);
  const cycleId = await db.transaction(async (tx) => {
    const row = await insertCycle(tx, {
      titleJa: body.titleJa,
      titleEn: body.titleEn,
      descriptionJa: body.descriptionJa ?? '',
      descriptionEn: body.descriptionEn ?? '',
      ballotRules: body.ballot,
      allocationRules: allocation,
      requiresVerification: body.requiresVerification ?? true,
      minimumAge: body.minimumAge ?? null,
      proposalQuota: body.proposalQuota ?? 3,
      commentPhases: body.commentPhases ?? ['submission', 'review'],
      flagThreshold: body.flagThreshold ?? 3,
      supportsEnabled: body.supportsEnabled ?? false,
      supportThreshold: body.supportThreshold ?? null,
      createdBy: actorId,
    });
    await replaceCycleDistricts(tx, row.id, body.districts);
    await insertPhaseEvent(tx, { cycleId: row.id, fromPhase: null, toPhase: 'draft', actorId });
    await recordAudit(tx, { actorId, action: 'cycle.created', subjectId: row.id });
    return row.id;
  });
  return getCycleDto(db, cycleId, true);
}

export async function lockExisting(db: Database, cycleId: string): Promise<CycleRow> {
  const row = await lockCycle(db, cycleId);
  if (row === undefined) throw new AppError(CycleErrors.notFound);
  return row;
}

export async function updateCycle(
  db: Database,
  actorId: string,
  cycleId: string,
  patch: UpdateCycleBody,
): Promise<Cycle> {
  if (patch.districts !== undefined) await assertDistricts(db, patch.districts);
  await db.transaction(async (tx) => {
    const row = await lockExisting(tx, cycleId);
    if (isFrozen(asPhase(row.phase))) throw new AppError(CycleErrors.rulesFrozen);
    const ballot = patch.ballot ?? row.ballotRules;
    const allocation = patch.allocation ?? row.allocationRules;
    assertConsistentRules(ballot, allocation);
    const { districts, ballot: _ballot, allocation: _allocation, ...settings } = patch;
    await updateCycleRow(tx, cycleId, { ...settings, ballotRules: ballot, allocationRules: allocation });
    if (districts !== undefined) await replaceCycleDistricts(tx, cycleId, districts);
    await recordAudit(tx, {
      actorId,
      action: 'cycle.updated',
      subjectId: cycleId,
      details: { fields: Object.keys(patch) },
    });
  });
  return getCycleDto(db, cycleId, true);
}

/** A new draft with the same districts (active ones), budgets and rules; no proposals or ballots. */
export async function cloneCycle(db: Database, actorId: string, cycleId: string): Promise<Cycle> {
  const [source] = await loadCycles(db, { ids: [cycleId], includeDrafts: true });
  if (source === undefined) throw new AppError(CycleErrors.notFound);
  const active = new Set((await listDistricts(db)).filter((row) => row.retiredAt === null).map((row) => row.id));
  const budgets = (await listCycleDistricts(db, cycleId)).filter((row) => active.has(row.districtId));
  const { cycle } = source;
  const newId = await db.transaction(async (tx) => {
    const row = await insertCycle(tx, {
      titleJa: `${cycle.titleJa}（コピー）`,
      titleEn: `${cycle.titleEn} (copy)`,
      descriptionJa: cycle.descriptionJa,
      descriptionEn: cycle.descriptionEn,
      ballotRules: cycle.ballotRules,
      allocationRules: cycle.allocationRules,
      requiresVerification: cycle.requiresVerification,
      minimumAge: cycle.minimumAge,
      proposalQuota: cycle.proposalQuota,
      commentPhases: cycle.commentPhases,
      flagThreshold: cycle.flagThreshold,
      supportsEnabled: cycle.supportsEnabled,
      supportThreshold: cycle.supportThreshold,
      clonedFrom: cycle.id,
      createdBy: actorId,
    });
    await replaceCycleDistricts(
      tx,
      row.id,
      budgets.map((budget) => ({ districtId: budget.districtId, budget: budget.budget })),
    );
    await insertPhaseEvent(tx, { cycleId: row.id, fromPhase: null, toPhase: 'draft', actorId });
    await recordAudit(tx, { actorId, action: 'cycle.cloned', subjectId: row.id, details: { from: cycle.id } });
    return row.id;
  });
  return getCycleDto(db, newId, true);
}
