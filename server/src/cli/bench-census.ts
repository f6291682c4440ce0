import { Readable } from 'node:stream';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { migrateDatabase } from '../db/migrate.js';
import { listDistricts } from '../modules/city/city.repository.js';
import { seedCity } from '../modules/city/city.service.js';
import { createUser } from '../modules/users/users.service.js';
import { uploadCensus } from '../modules/verification/verification.service.js';

/**
 * Census upload benchmark: a generated list of N residents (default 800 000, about 18 MB, near the 20 MB limit)
 * uploaded as a dry run (parse, validate, hash) and for real (plus the inserts), on the database
 * of DATABASE_URL or an in-memory embedded one. It replaces that database's census list.
 */
const ROWS = Number(process.env.CENSUS_ROWS ?? 800_000);

function csv(slugs: string[]): Buffer {
  const lines = ['resident_number,district,birth_year'];
  for (let index = 0; index < ROWS; index += 1) {
    lines.push(
      `R${String(index).padStart(9, '0')},${slugs[index % slugs.length] ?? ''},${String(1930 + (index % 80))}`,
    );
  }
  return Buffer.from(lines.join('\n'));
}

async function main(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase(
    process.env.DATABASE_URL === undefined ? { driver: 'pglite', dataDir: undefined } : config.database,
  );
  try {
    await migrateDatabase(database);
    await seedCity(database.db, { cityName: undefined, timeZone: 'Asia/Tokyo', demo: true });
    const slugs = (await listDistricts(database.db)).filter((row) => row.retiredAt === null).map((row) => row.slug);
    const staff = await createUser(database.db, {
      email: `bench-${String(Date.now())}@example.org`,
      password: 'census benchmark passphrase',
      displayName: 'Benchmark',
      roles: ['staff'],
    });
    const body = csv(slugs);
    console.log(`census benchmark: ${String(ROWS)} rows, ${(body.length / 1e6).toFixed(1)} MB, ${database.driver}`);
    for (const dryRun of [true, false]) {
      const started = performance.now();
      const report = await uploadCensus(database.db, {
        hmacKey: config.censusHmacKey,
        actorId: staff.id,
        dryRun,
        body: Readable.from([body]),
      });
      const seconds = (performance.now() - started) / 1000;
      console.log(
        `${dryRun ? 'dry run (parse, validate, hash)' : 'upload (and insert)'}: ${seconds.toFixed(1)} s, ` +
          `${String(Math.round(report.accepted / seconds))} rows/s, accepted ${String(report.accepted)}`,
      );
    }
  } finally {
    await database.close();
  }
}

await main();
