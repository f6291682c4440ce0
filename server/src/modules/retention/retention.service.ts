import { and, eq, inArray, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import { queryRows, type Database } from '../../db/database.js';
import { recordAudit } from '../audit/audit.service.js';
import { participations } from '../ballots/ballots.table.js';
import { lockCycle } from '../cycles/cycles.repository.js';
import { cycles } from '../cycles/cycles.table.js';
import { keepStatistics } from '../results/results.statistics.js';
import { users } from '../users/users.table.js';
import { censusEntries, votingCodeBatches, votingCodes } from '../verification/verification.table.js';

/** Phases in which the census, verifications and voting codes are still needed. */
const PHASES_USING_VERIFICATION = ['submission', 'review', 'voting', 'tallying'];

export interface PurgeReport {
  cycleId: string;
  participations: number;
  censusEntries: number;
  verificationsCleared: number;
  unusedCodes: number;
  /** False while another cycle still needs the census: the city-wide part waits for the next run. */
  complete: boolean;
}

export async function listUnpurgedClosedCycles(db: Database): Promise<string[]> {
  const rows = await db
    .select({ id: cycles.id })
    .from(cycles)
    .where(and(eq(cycles.phase, 'closed'), isNull(cycles.personalDataPurgedAt)));
  return rows.map((row) => row.id);
}

async function closedAt(db: Database, cycleId: string): Promise<Date> {
  const [row] = await queryRows<{ at: Date | string }>(
    db,
    sql`SELECT coalesce(max(at), now()) AS at FROM cycle_phase_events WHERE cycle_id = ${cycleId} AND to_phase = 'closed'`,
  );
  return new Date(row?.at ?? Date.now());
}

async function verificationStillNeeded(db: Database): Promise<boolean> {
  const rows = await db.select({ id: cycles.id }).from(cycles).where(inArray(cycles.phase, PHASES_USING_VERIFICATION));
  return rows.length > 0;
}

/**
 * What tied people to a closed cycle, removed in one transaction: its participations (who voted
 * where, on which day, by which channel); then, once no cycle needs them any more, the census
 * list, the census verifications of accounts, the unused voting codes that predate the close and
 * the census hashes of the used ones.
 * Anonymous ballots, results, the kept statistics and the audit log stay.
 */
export async function purgeClosedCycle(db: Database, cycleId: string): Promise<PurgeReport | undefined> {
  return db.transaction(async (tx) => {
    const cycle = await lockCycle(tx, cycleId);
    if (cycle?.phase !== 'closed' || cycle.personalDataPurgedAt !== null) return undefined;
    await keepStatistics(tx, cycleId);
    const removedParticipations = await tx
      .delete(participations)
      .where(eq(participations.cycleId, cycleId))
      .returning({ voterKey: participations.voterKey });
    const report: PurgeReport = {
      cycleId,
      participations: removedParticipations.length,
      censusEntries: 0,
      verificationsCleared: 0,
      unusedCodes: 0,
      complete: !(await verificationStillNeeded(tx)),
    };
    if (report.complete) {
      const before = await closedAt(tx, cycleId);
      const [latestUpload] = await queryRows<{ at: string | null }>(
        tx,
        sql`SELECT max(uploaded_at)::text AS at FROM census_uploads`,
      );
      // A census uploaded after the close is for the next cycle: it stays.
      const uploadedAt = latestUpload?.at ?? null;
      if (uploadedAt === null || new Date(uploadedAt) < before) {
        report.censusEntries = (await tx.delete(censusEntries).returning({ hash: censusEntries.residentHash })).length;
      }
      // A voting code issued for a census entry put that entry's hash on the account: the same
      // personal data as a census verification, so it goes the same way.
      const cleared = await tx
        .update(users)
        .set({ verifiedAt: null, districtId: null, verificationMethod: null, censusHash: null })
        .where(
          and(or(eq(users.verificationMethod, 'census'), isNotNull(users.censusHash)), lt(users.verifiedAt, before)),
        )
        .returning({ id: users.id });
      report.verificationsCleared = cleared.length;
      const oldBatches = tx
        .select({ id: votingCodeBatches.id })
        .from(votingCodeBatches)
        .where(lt(votingCodeBatches.createdAt, before));
      const unused = await tx
        .delete(votingCodes)
        .where(and(isNull(votingCodes.redeemedBy), inArray(votingCodes.batchId, oldBatches)))
        .returning({ hash: votingCodes.codeHash });
      report.unusedCodes = unused.length;
      await tx
        .update(votingCodes)
        .set({ censusHash: null })
        .where(and(isNotNull(votingCodes.censusHash), inArray(votingCodes.batchId, oldBatches)));
      await tx
        .update(cycles)
        .set({ personalDataPurgedAt: sql`now()` })
        .where(eq(cycles.id, cycleId));
    }
    if (report.complete || report.participations > 0) {
      const { cycleId: subjectId, ...details } = report;
      await recordAudit(tx, { actorId: null, action: 'cycle.personal_data_purged', subjectId, details });
    }
    return report;
  });
}
