import type { CycleReconciliation, DistrictReconciliation } from '@pb/shared';
import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '../../db/database.js';
import { recordAudit } from '../audit/audit.service.js';

export const COUNT_STOPPED_ACTION = 'results.count_stopped';

/**
 * Counted ballots against participations, per district. Ballots with a receipt (online, counter)
 * must equal their participations; ballots without one (paper, imported) may be fewer than their
 * participations (a resident who took a paper ballot need not return it) but never more. A
 * mismatch means rows were written or removed behind the application.
 */
export async function reconcileCycle(db: Database, cycleId: string): Promise<DistrictReconciliation[]> {
  const rows = await queryRows<Omit<DistrictReconciliation, 'matches'>>(
    db,
    sql`SELECT cd.district_id AS "districtId",
          (SELECT count(*)::int FROM ballots b WHERE b.cycle_id = cd.cycle_id AND b.district_id = cd.district_id
             AND b.status = 'counted' AND b.receipt_hash IS NOT NULL) AS "receiptedBallots",
          (SELECT count(*)::int FROM participations p WHERE p.cycle_id = cd.cycle_id AND p.district_id = cd.district_id
             AND p.channel IN ('online', 'assisted')) AS "receiptedParticipations",
          (SELECT count(*)::int FROM ballots b WHERE b.cycle_id = cd.cycle_id AND b.district_id = cd.district_id
             AND b.status = 'counted' AND b.receipt_hash IS NULL) AS "paperBallots",
          (SELECT count(*)::int FROM participations p WHERE p.cycle_id = cd.cycle_id AND p.district_id = cd.district_id
             AND p.channel IN ('paper', 'imported')) AS "paperParticipations"
        FROM cycle_districts cd WHERE cd.cycle_id = ${cycleId} ORDER BY cd.district_id`,
  );
  return rows.map((row) => ({
    ...row,
    matches: row.receiptedBallots === row.receiptedParticipations && row.paperBallots <= row.paperParticipations,
  }));
}

export async function isCountStopped(db: Database, cycleId: string): Promise<boolean> {
  const rows = await queryRows<{ stopped: boolean }>(
    db,
    sql`SELECT EXISTS (SELECT 1 FROM audit_events WHERE action = ${COUNT_STOPPED_ACTION} AND subject_id = ${cycleId}) AS stopped`,
  );
  return rows[0]?.stopped === true;
}

/** Stops the count of a cycle whose ballots do not reconcile, once, in the audit log with the figures. */
export async function stopCount(db: Database, cycleId: string, districts: DistrictReconciliation[]): Promise<void> {
  await recordAudit(db, {
    actorId: null,
    action: COUNT_STOPPED_ACTION,
    subjectId: cycleId,
    details: { districts: districts.filter((district) => !district.matches) },
  });
}

/** What staff and auditors see: the live figures (participations exist until the purge) and whether the count stopped. */
export async function cycleReconciliation(db: Database, cycleId: string): Promise<CycleReconciliation> {
  const [districts, countStopped] = await Promise.all([reconcileCycle(db, cycleId), isCountStopped(db, cycleId)]);
  return { cycleId, countStopped, districts };
}
