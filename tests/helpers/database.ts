import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { DatabaseConfig } from '../../server/src/config.js';

export interface TestDatabase {
  config: DatabaseConfig;
  /** A human-readable name for messages. */
  label: string;
  drop(): Promise<void>;
}

/** Real PostgreSQL when DATABASE_URL is set (the CI path), the embedded database otherwise. */
export const usingPostgres = process.env.DATABASE_URL !== undefined && process.env.DATABASE_URL !== '';

function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh, empty database for one test file: created on the PostgreSQL server, or in memory. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl === undefined || serverUrl === '') {
    return {
      config: { driver: 'pglite', dataDir: undefined },
      label: 'PGlite (in memory)',
      drop: async () => undefined,
    };
  }
  const name = `pb_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  return {
    config: { driver: 'postgres', url: withDatabaseName(serverUrl, name) },
    label: `PostgreSQL database ${name}`,
    drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/** Prints why a test that needs real PostgreSQL does not run here (vitest shows it in the output). */
export function explainPostgresSkip(what: string): void {
  if (!usingPostgres) {
    console.warn(`[skipped] ${what}: needs real PostgreSQL; set DATABASE_URL to run it.`);
  }
}
