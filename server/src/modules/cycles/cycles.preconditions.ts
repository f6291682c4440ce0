import type { Phase } from '@pb/shared';
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { AppError, type ErrorParams } from '../../errors.js';
import { listDistricts } from '../city/city.repository.js';
import { cycleResults } from '../results/results.table.js';
import { CycleErrors } from './cycles.errors.js';
import { countBallotProposals, listCycleDistricts, type CycleRow } from './cycles.repository.js';

/**
 * `reason` (and the district ids concerned) let a client word the refusal in its own language;
 * the message stays the English explanation for API users.
 */
function notReady(message: string, reason: string, districts: string[] = []): AppError {
  const params: ErrorParams = districts.length === 0 ? { reason } : { reason, districts: districts.join(',') };
  return new AppError(CycleErrors.preconditionFailed, message, { params });
}

/** What must hold before a cycle may move forward into `to`. */
export async function assertPreconditions(db: Database, cycle: CycleRow, to: Phase): Promise<void> {
  if (to === 'submission') {
    const budgets = await listCycleDistricts(db, cycle.id);
    if (budgets.length === 0)
      throw notReady('Give the cycle at least one district with a budget first.', 'no_districts');
    const retired = new Set((await listDistricts(db)).filter((row) => row.retiredAt !== null).map((row) => row.id));
    const gone = budgets.filter((row) => retired.has(row.districtId)).map((row) => row.districtId);
    if (gone.length > 0) throw notReady('A participating district has been retired.', 'district_retired', gone);
  }
  if (to === 'voting') {
    const budgets = await listCycleDistricts(db, cycle.id);
    const counts = await countBallotProposals(db, cycle.id);
    const empty = budgets.filter((row) => (counts.get(row.districtId) ?? 0) === 0).map((row) => row.districtId);
    if (empty.length > 0) {
      throw notReady(
        `Every district needs at least one ballot-eligible proposal; none yet in ${empty.join(', ')}.`,
        'districts_without_proposals',
        empty,
      );
    }
  }
  if (to === 'published' && cycle.paperEntryClosedAt === null) {
    throw notReady(
      'Close paper entry first: the results count paper ballots only once none can be added.',
      'paper_entry_open',
    );
  }
  if (to === 'published') {
    const budgets = await listCycleDistricts(db, cycle.id);
    const counted = await db
      .select({ districtId: cycleResults.districtId })
      .from(cycleResults)
      .where(eq(cycleResults.cycleId, cycle.id));
    if (counted.length < budgets.length)
      throw notReady('The count is still running: publish once every district has its result.', 'count_running');
  }
}
