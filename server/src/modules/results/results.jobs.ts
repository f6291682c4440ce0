import type { DatabaseHandle } from '../../db/database.js';
import { ADVISORY_LOCKS } from '../../db/advisory-locks.js';
import { keepStatistics, listCountedCyclesWithLiveStatistics } from './results.statistics.js';
import { listUncountedCycles, tallyCycle } from './results.tally.js';

/**
 * Counts every cycle whose ballots are all in and whose results are missing. Run when paper entry
 * closes and on every scheduler tick (so a crash mid-count is finished later); the advisory lock
 * keeps replicas from counting at once, and stored results are never written twice. The
 * participation statistics are frozen with the result.
 */
export async function countPendingCycles(database: DatabaseHandle): Promise<number | undefined> {
  const outcome = await database.tryAdvisoryLock(ADVISORY_LOCKS.tally, async () => {
    let districts = 0;
    for (const cycleId of await listUncountedCycles(database.db)) districts += await tallyCycle(database.db, cycleId);
    for (const cycleId of await listCountedCyclesWithLiveStatistics(database.db))
      await keepStatistics(database.db, cycleId);
    return districts;
  });
  return outcome.ran ? outcome.value : undefined;
}
