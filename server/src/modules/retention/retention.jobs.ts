import { ADVISORY_LOCKS } from '../../db/advisory-locks.js';
import type { DatabaseHandle } from '../../db/database.js';
import { keepStatistics } from '../results/results.statistics.js';
import { listUnpurgedClosedCycles, purgeClosedCycle, type PurgeReport } from './retention.service.js';

/**
 * Purges every closed cycle not yet purged. Run when a cycle closes and on every scheduler tick
 * (the city-wide part waits while another cycle still needs the census); the advisory lock keeps
 * replicas from purging at once. Statistics of every pending cycle are kept first, so purging
 * one cycle's census never leaves another without its age bands.
 */
export async function purgeClosedCycles(
  database: DatabaseHandle,
  forgetReceiptLookups: () => Promise<number>,
): Promise<PurgeReport[] | undefined> {
  const outcome = await database.tryAdvisoryLock(ADVISORY_LOCKS.purge, async () => {
    const pending = await listUnpurgedClosedCycles(database.db);
    for (const cycleId of pending) await keepStatistics(database.db, cycleId);
    const reports: PurgeReport[] = [];
    for (const cycleId of pending) {
      const report = await purgeClosedCycle(database.db, cycleId);
      if (report !== undefined) reports.push(report);
    }
    if (reports.some((report) => report.complete)) await forgetReceiptLookups();
    return reports;
  });
  return outcome.ran ? outcome.value : undefined;
}
