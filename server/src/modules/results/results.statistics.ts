import { SMALL_CELL, type ParticipationStatistics, type SuppressedCount } from '@pb/shared';
import { eq, sql } from 'drizzle-orm';
import { queryRows, type Database } from '../../db/database.js';
import { AppError } from '../../errors.js';
import { ResultErrors } from './results.errors.js';
import { findCyclePhase } from './results.tally.js';
import { cycleStatistics } from './results.table.js';
import { assertVisible } from './results.visibility.js';

/** Lower bounds of the age bands; the last is open-ended. */
const AGE_BANDS = [0, 20, 30, 40, 50, 60, 70, 80];

/** Unsuppressed counts: only ever stored (for the purge) or shown after suppression. */
export interface RawStatistics {
  total: number;
  voters: number;
  byDistrict: { districtId: string; count: number; census: number }[];
  byChannel: { channel: string; count: number }[];
  byDay: { day: string; count: number }[];
  byAgeBand: { band: string; voters: number; census: number }[];
}

function suppressed(count: number): SuppressedCount {
  return count < SMALL_CELL ? '< 10' : count;
}

function turnout(part: number, whole: number): number | null {
  if (part < SMALL_CELL || whole < SMALL_CELL) return null;
  return Math.round((part / whole) * 1000) / 10;
}

function bandOf(age: number | null): string {
  if (age === null) return 'unknown';
  const lower = [...AGE_BANDS].reverse().find((bound) => age >= bound) ?? 0;
  const upper = AGE_BANDS[AGE_BANDS.indexOf(lower) + 1];
  if (lower === 0) return `<${String(upper)}`;
  return upper === undefined ? `${String(lower)}+` : `${String(lower)}-${String(upper - 1)}`;
}

function bandCounts(rows: readonly { age: number | null; count: number }[]): Map<string, number> {
  const bands = new Map<string, number>();
  for (const row of rows) bands.set(bandOf(row.age), (bands.get(bandOf(row.age)) ?? 0) + row.count);
  return bands;
}

async function ageBands(db: Database, cycleId: string): Promise<RawStatistics['byAgeBand']> {
  const thisYear = sql`extract(year FROM now() AT TIME ZONE (SELECT time_zone FROM city))::int`;
  const voterAges = await queryRows<{ age: number | null; count: number }>(
    db,
    sql`SELECT ${thisYear} - ce.birth_year AS age, count(*)::int AS count
        FROM (SELECT DISTINCT voter_key FROM participations WHERE cycle_id = ${cycleId}) v
        LEFT JOIN census_entries ce ON v.voter_key = 'census:' || ce.resident_hash
        GROUP BY 1`,
  );
  const censusAges = await queryRows<{ age: number | null; count: number }>(
    db,
    sql`SELECT ${thisYear} - birth_year AS age, count(*)::int AS count FROM census_entries GROUP BY 1`,
  );
  const voters = bandCounts(voterAges);
  const census = bandCounts(censusAges);
  return [...AGE_BANDS.map((bound) => bandOf(bound)), 'unknown']
    .filter((band) => voters.has(band) || census.has(band))
    .map((band) => ({ band, voters: voters.get(band) ?? 0, census: census.get(band) ?? 0 }));
}

type Turnout = Pick<RawStatistics, 'total' | 'voters' | 'byDistrict'>;

/** Participations against the census, per district: all that is shown while voting is open. */
async function computeTurnout(db: Database, cycleId: string): Promise<Turnout> {
  const byDistrict = await queryRows<RawStatistics['byDistrict'][number]>(
    db,
    sql`SELECT cd.district_id AS "districtId",
          (SELECT count(*)::int FROM participations p WHERE p.cycle_id = cd.cycle_id AND p.district_id = cd.district_id) AS count,
          CASE WHEN d.city_wide THEN (SELECT count(*)::int FROM census_entries)
               ELSE (SELECT count(*)::int FROM census_entries ce WHERE ce.district_id = cd.district_id) END AS census
        FROM cycle_districts cd JOIN districts d ON d.id = cd.district_id
        WHERE cd.cycle_id = ${cycleId} ORDER BY d.sort_order, d.slug`,
  );
  const [totals] = await queryRows<{ total: number; voters: number }>(
    db,
    sql`SELECT count(*)::int AS total, count(DISTINCT voter_key)::int AS voters FROM participations WHERE cycle_id = ${cycleId}`,
  );
  return { total: totals?.total ?? 0, voters: totals?.voters ?? 0, byDistrict };
}

/** The cycle's participation figures from its participations and the current census. */
export async function computeRawStatistics(db: Database, cycleId: string): Promise<RawStatistics> {
  const participation = await computeTurnout(db, cycleId);
  const byChannel = await queryRows<RawStatistics['byChannel'][number]>(
    db,
    sql`SELECT channel, count(*)::int AS count FROM participations WHERE cycle_id = ${cycleId} GROUP BY channel ORDER BY channel`,
  );
  const byDay = await queryRows<RawStatistics['byDay'][number]>(
    db,
    sql`SELECT to_char(cast_on_day, 'YYYY-MM-DD') AS day, count(*)::int AS count FROM participations
        WHERE cycle_id = ${cycleId} GROUP BY cast_on_day ORDER BY cast_on_day`,
  );
  return {
    ...participation,
    byChannel,
    byDay,
    byAgeBand: await ageBands(db, cycleId),
  };
}

/**
 * Freezes the cycle's participation figures once its ballots are final (after the count), so
 * they stay as published when a later census replaces this one or the purge deletes the
 * participations they come from. Written once.
 */
export async function keepStatistics(db: Database, cycleId: string): Promise<void> {
  const [kept] = await queryRows(db, sql`SELECT 1 FROM cycle_statistics WHERE cycle_id = ${cycleId}`);
  if (kept !== undefined) return;
  const statistics = await computeRawStatistics(db, cycleId);
  await db
    .insert(cycleStatistics)
    .values({ cycleId, statistics: { ...statistics } })
    .onConflictDoNothing();
}

/** Counted cycles whose figures are not frozen yet (a crash between the count and the freeze). */
export async function listCountedCyclesWithLiveStatistics(db: Database): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`SELECT c.id FROM cycles c
        WHERE EXISTS (SELECT 1 FROM cycle_results r WHERE r.cycle_id = c.id)
          AND NOT EXISTS (SELECT 1 FROM cycle_statistics s WHERE s.cycle_id = c.id)`,
  );
  return rows.map((row) => row.id);
}

/** The figures frozen by {@link keepStatistics}; until then they are computed live. */
export async function storedStatistics(db: Database, cycleId: string): Promise<RawStatistics | undefined> {
  const [row] = await db.select().from(cycleStatistics).where(eq(cycleStatistics.cycleId, cycleId));
  return row?.statistics as RawStatistics | undefined;
}

async function visiblePhase(db: Database, cycleId: string, roles: readonly string[]): Promise<string> {
  const phase = await findCyclePhase(db, cycleId);
  if (phase === undefined || phase === 'draft') throw new AppError(ResultErrors.notFound);
  assertVisible(phase, roles, 'statistics');
  return phase;
}

/**
 * Who took part, never how they voted: participations by district (with turnout against the
 * census), by channel, by day and by age band (census birth year). Every count below 10 is
 * suppressed. During voting only the turnout is shown (DESIGN.md's table). Once a closed cycle
 * is purged, the figures kept at that moment are shown.
 */
export async function participationStatistics(
  db: Database,
  cycleId: string,
  roles: readonly string[],
): Promise<ParticipationStatistics> {
  const phase = await visiblePhase(db, cycleId, roles);
  const shown = (figures: Turnout) => ({
    cycleId,
    phase,
    total: suppressed(figures.total),
    voters: suppressed(figures.voters),
    byDistrict: figures.byDistrict.map((row) => ({
      districtId: row.districtId,
      participations: suppressed(row.count),
      censusSize: suppressed(row.census),
      turnoutPercent: turnout(row.count, row.census),
    })),
  });
  if (phase === 'voting')
    return { ...shown(await computeTurnout(db, cycleId)), byChannel: [], byDay: [], byAgeBand: [] };
  const raw = (await storedStatistics(db, cycleId)) ?? (await computeRawStatistics(db, cycleId));
  const base = shown(raw);
  return {
    ...base,
    byChannel: raw.byChannel.map((row) => ({ channel: row.channel, participations: suppressed(row.count) })),
    byDay: raw.byDay.map((row) => ({ day: row.day, participations: suppressed(row.count) })),
    byAgeBand: raw.byAgeBand.map((row) => ({
      band: row.band,
      voters: suppressed(row.voters),
      censusSize: suppressed(row.census),
      turnoutPercent: row.band === 'unknown' ? null : turnout(row.voters, row.census),
    })),
  };
}
