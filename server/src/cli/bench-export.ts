import { createHash } from 'node:crypto';
import { defaultAllocationRules, parsePabulib } from '@pb/shared';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../config.js';
import { openDatabase, queryRows } from '../db/database.js';
import { migrateDatabase } from '../db/migrate.js';
import { listDistricts } from '../modules/city/city.repository.js';
import { seedCity } from '../modules/city/city.service.js';
import { cycleDistricts, cycles } from '../modules/cycles/cycles.table.js';
import { proposals } from '../modules/proposals/proposals.table.js';
import { exportDistrictPb } from '../modules/results/results.export.js';
import { tallyCycle } from '../modules/results/results.tally.js';

/**
 * The close of a vote at scale: N ballots (default 100 000) in one district on the database of
 * DATABASE_URL or an in-memory embedded one, then timed: closing voting (the random rewrite of
 * the ballots), the count (canonical export, SHA-256, MES with Add1), and one .pb export.
 */
const BALLOTS = Number(process.env.BENCH_BALLOTS ?? 100_000);
const PROJECTS = 40;

async function timed<T>(label: string, task: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const value = await task();
  console.log(`${label}: ${((performance.now() - started) / 1000).toFixed(2)} s`);
  return value;
}

async function main(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase(
    process.env.DATABASE_URL === undefined ? { driver: 'pglite', dataDir: undefined } : config.database,
  );
  const { db } = database;
  try {
    await migrateDatabase(database);
    await seedCity(db, { cityName: undefined, timeZone: 'Asia/Tokyo', demo: true });
    const district = (await listDistricts(db)).find((row) => !row.cityWide);
    if (district === undefined) throw new Error('no district');
    const [cycle] = await db
      .insert(cycles)
      .values({
        titleJa: '書き出しベンチマーク',
        titleEn: 'Export benchmark',
        ballotRules: { method: 'approval', maxProjects: 10 },
        allocationRules: defaultAllocationRules('approval'),
      })
      .returning({ id: cycles.id });
    if (cycle === undefined) throw new Error('no cycle');
    await db.insert(cycleDistricts).values({ cycleId: cycle.id, districtId: district.id, budget: 50_000_000 });
    await db.insert(proposals).values(
      Array.from({ length: PROJECTS }, (_, index) => ({
        cycleId: cycle.id,
        districtId: district.id,
        title: `Project ${String(index + 1)}`,
        summary: 'Benchmark project.',
        description: 'Benchmark project.',
        category: 'parks',
        estimatedCost: 500_000 + index * 97_000,
        cost: 500_000 + index * 97_000,
        status: 'feasible',
        ballotEligible: true,
      })),
    );
    for (const phase of ['submission', 'review', 'voting']) {
      await db.execute(sql`UPDATE cycles SET phase = ${phase} WHERE id = ${cycle.id}`);
    }
    console.log(`export benchmark: ${String(BALLOTS)} ballots, ${String(PROJECTS)} projects, ${database.driver}`);
    await timed('seeding the ballots and their participations', () =>
      db.execute(sql`
        WITH voters AS (
          INSERT INTO participations (cycle_id, district_id, voter_key, channel, cast_on_day, replace_tag)
          SELECT ${cycle.id}, ${district.id}, 'bench:' || g, 'online', current_date, md5('p' || g::text)
          FROM generate_series(1, ${BALLOTS}) g
        )
        INSERT INTO ballots (cycle_id, district_id, receipt_hash, choices)
        SELECT ${cycle.id}, ${district.id}, md5(g::text),
          (SELECT jsonb_agg(jsonb_build_object('proposalId', p.id) ORDER BY p.id) FROM (
             SELECT id FROM proposals WHERE cycle_id = ${cycle.id}
             ORDER BY md5(id::text || g::text) LIMIT 1 + g % 6) p)
        FROM generate_series(1, ${BALLOTS}) g`),
    );
    await timed('closing voting (random rewrite of the ballots)', () =>
      db.execute(sql`UPDATE cycles SET phase = 'tallying' WHERE id = ${cycle.id}`),
    );
    await db.execute(sql`UPDATE cycles SET paper_entry_closed_at = now() WHERE id = ${cycle.id}`);
    await timed('the count (canonical export, SHA-256, MES + Add1, greedy comparison)', () => tallyCycle(db, cycle.id));
    let firstChunkMs = 0;
    const text = await timed('one .pb export of the district, streamed to the end', async () => {
      const started = performance.now();
      const parts: string[] = [];
      for await (const chunk of await exportDistrictPb(db, cycle.id, district.id, ['auditor'])) {
        if (parts.length === 0) firstChunkMs = performance.now() - started;
        parts.push(chunk);
      }
      return parts.join('');
    });
    console.log(`first chunk (META and PROJECTS) after ${firstChunkMs.toFixed(0)} ms`);
    const [stored] = await queryRows<{ ballots: number }>(
      db,
      sql`SELECT ballot_count AS ballots FROM cycle_results WHERE cycle_id = ${cycle.id}`,
    );
    console.log(
      `export: ${(text.length / 1e6).toFixed(1)} MB, ${String(parsePabulib(text).election.voters.length)} ballots ` +
        `(stored result counted ${String(stored?.ballots)}), sha256 ${createHash('sha256').update(text).digest('hex').slice(0, 16)}…`,
    );
  } finally {
    await database.close();
  }
}

await main();
