import { join } from 'node:path';
import type { MigrationConfig } from 'drizzle-orm/migrator';
import { migrate as migratePostgres } from 'drizzle-orm/node-postgres/migrator';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { REPO_ROOT } from '../config.js';
import type { DatabaseHandle, Schema } from './database.js';
import { ADVISORY_LOCKS } from './advisory-locks.js';

export const MIGRATIONS_FOLDER = join(REPO_ROOT, 'migrations');

/** Applies pending migrations; replicas starting together wait for each other on the lock. */
export async function migrateDatabase(handle: DatabaseHandle, migrationsFolder = MIGRATIONS_FOLDER): Promise<void> {
  const config: MigrationConfig = { migrationsFolder, migrationsSchema: 'drizzle' };
  await handle.withAdvisoryLock(ADVISORY_LOCKS.migrations, async (db) => {
    if (handle.driver === 'postgres') await migratePostgres(db as NodePgDatabase<Schema>, config);
    else await migratePglite(db as PgliteDatabase<Schema>, config);
  });
}
