import { sql } from 'drizzle-orm';
import { ADVISORY_LOCKS } from '../../db/advisory-locks.js';
import { queryRows, type Database } from '../../db/database.js';
import { AppError } from '../../errors.js';
import { VerificationErrors } from './verification.errors.js';

/**
 * Serialises changes of the voter list with the opening of voting (transaction-scoped): a census
 * upload that began before voting opened finishes first, and one that begins after sees the phase.
 */
export async function lockVoterList(db: Database): Promise<void> {
  await db.execute(sql`SELECT pg_advisory_xact_lock(${ADVISORY_LOCKS.voterList.toString()}::bigint)`);
}

/**
 * The voter list (census entries and voting codes) is frozen while any cycle is in voting or
 * tallying: otherwise one staff member could add invented voters and enter paper ballots for them.
 * Call inside the transaction that changes the list.
 */
export async function assertVoterListOpen(db: Database): Promise<void> {
  await lockVoterList(db);
  const rows = await queryRows<{ id: string }>(
    db,
    sql`SELECT id FROM cycles WHERE phase IN ('voting', 'tallying') LIMIT 1`,
  );
  if (rows[0] !== undefined) throw new AppError(VerificationErrors.voterListFrozen);
}
