import { join } from 'node:path';
import { REPO_ROOT } from '../config.js';
import { ADVISORY_LOCKS } from './advisory-locks.js';
import type { DatabaseHandle } from './database.js';

export const MIGRATIONS_FOLDER = join(REPO_ROOT, 'migrations');

/** Applies pending migrations; replicas starting together wait for each other on the lock. */
export async function migrateDatabase(handle: DatabaseHandle, migrationsFolder = MIGRATIONS_FOLDER): Promise<void> {
  await handle.migrate(ADVISORY_LOCKS.migrations, { migrationsFolder, migrationsSchema: 'drizzle' });
}
