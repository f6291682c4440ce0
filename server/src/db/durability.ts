import { sql } from 'drizzle-orm';
import { queryRows, type Database } from './database.js';

/**
 * Settings under which PostgreSQL may acknowledge a commit it can still lose in a crash: a voter
 * would hold a receipt for a ballot that is not there. Production refuses to start with them.
 */
const REQUIRED_SETTINGS = [
  { name: 'synchronous_commit', unsafe: ['off'], why: 'a commit is acknowledged before its WAL is flushed' },
  { name: 'fsync', unsafe: ['off'], why: 'writes are never forced to disk' },
] as const;

/** One problem per unsafe setting of this connection, naming it and how to fix it; empty when safe. */
export async function unsafeDurabilitySettings(db: Database): Promise<string[]> {
  const problems: string[] = [];
  for (const setting of REQUIRED_SETTINGS) {
    const rows = await queryRows<Record<string, string>>(db, sql.raw(`SHOW ${setting.name}`));
    const value = rows[0]?.[setting.name];
    if (value !== undefined && (setting.unsafe as readonly string[]).includes(value)) {
      problems.push(
        `${setting.name}: PostgreSQL reports "${value}" (${setting.why}); set ${setting.name} = on for the ` +
          'database or role the server uses (ALTER DATABASE … SET, ALTER ROLE … SET or postgresql.conf)',
      );
    }
  }
  return problems;
}
