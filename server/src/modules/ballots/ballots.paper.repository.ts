import type { BallotChoice, PaperDistrictCount } from '@pb/shared';
import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '../../db/database.js';

/*
 * The poll book (paper participations) and the ballot box (receipt-less ballots). Paper and
 * imported participations stand for the same thing in every count here, in the count's
 * reconciliation and in the database's sheet check (migration 0020).
 */
const POLL_BOOK_CHANNELS = sql`('paper', 'imported')`;

/** A poll book entry: a paper participation with no ballot; false when the resident has voted. */
export async function insertPollBookEntry(
  db: Database,
  entry: { cycleId: string; districtId: string; voterKey: string; userId: string | null },
): Promise<boolean> {
  const rows = await queryRows<{ cycleId: string }>(
    db,
    sql`INSERT INTO participations (cycle_id, district_id, voter_key, user_id, channel, cast_on_day, replace_tag)
        SELECT ${entry.cycleId}, ${entry.districtId}, ${entry.voterKey}, ${entry.userId}, 'paper',
          (now() AT TIME ZONE city.time_zone)::date, NULL
        FROM city
        ON CONFLICT DO NOTHING
        RETURNING cycle_id AS "cycleId"`,
  );
  return rows.length === 1;
}

/**
 * Held to the commit: sheets of one district enter one transaction at a time, so the room read
 * after it stays true (the database's own check at commit takes the same lock).
 */
export async function lockPollBook(db: Database, cycleId: string, districtIds: readonly string[]): Promise<void> {
  for (const districtId of [...districtIds].sort()) {
    await db.execute(sql`SELECT pb_lock_poll_book(${cycleId}, ${districtId})`);
  }
}

/** Per district of the cycle, in ballot order: paper ballots handed out, and sheets in the box. */
export async function countPaper(db: Database, cycleId: string): Promise<PaperDistrictCount[]> {
  return queryRows<PaperDistrictCount>(
    db,
    sql`SELECT cd.district_id AS "districtId",
          (SELECT count(*)::int FROM participations p WHERE p.cycle_id = cd.cycle_id AND p.district_id = cd.district_id
             AND p.channel IN ${POLL_BOOK_CHANNELS}) AS issued,
          (SELECT count(*)::int FROM ballots b WHERE b.cycle_id = cd.cycle_id AND b.district_id = cd.district_id
             AND b.status = 'counted' AND b.receipt_hash IS NULL) AS sheets
        FROM cycle_districts cd JOIN districts d ON d.id = cd.district_id
        WHERE cd.cycle_id = ${cycleId}
        ORDER BY d.sort_order, d.slug`,
  );
}

/**
 * Puts sheets into the box of one district if the poll book has room for all of them (the
 * caller holds the district's poll book lock); answers the counts it compared.
 */
export async function insertSheets(
  db: Database,
  cycleId: string,
  districtId: string,
  sheets: readonly BallotChoice[][],
): Promise<{ issued: number; sheets: number; inserted: number }> {
  const choices = JSON.stringify(sheets);
  const rows = await queryRows<{ issued: number; sheets: number; inserted: number }>(
    db,
    sql`WITH room AS (
          SELECT
            (SELECT count(*)::int FROM participations WHERE cycle_id = ${cycleId} AND district_id = ${districtId}
               AND channel IN ${POLL_BOOK_CHANNELS}) AS issued,
            (SELECT count(*)::int FROM ballots WHERE cycle_id = ${cycleId} AND district_id = ${districtId}
               AND status = 'counted' AND receipt_hash IS NULL) AS sheets
        ),
        ballot AS (
          INSERT INTO ballots (cycle_id, district_id, receipt_hash, choices)
          SELECT ${cycleId}, ${districtId}, NULL, sheet.value
          FROM room, jsonb_array_elements(${choices}::jsonb) AS sheet
          WHERE room.sheets + jsonb_array_length(${choices}::jsonb) <= room.issued
          RETURNING id
        )
        SELECT issued, sheets, (SELECT count(*)::int FROM ballot) AS inserted FROM room`,
  );
  return rows[0] ?? { issued: 0, sheets: 0, inserted: 0 };
}
