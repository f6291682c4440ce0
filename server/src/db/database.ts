import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { SQL } from 'drizzle-orm';
import type { MigrationConfig } from 'drizzle-orm/migrator';
import { migrate as migratePostgres } from 'drizzle-orm/node-postgres/migrator';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite, type PgliteDatabase } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import type { DatabaseDriver } from '@pb/shared';
import type { DatabaseConfig } from '../config.js';
import * as schema from './schema.js';

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;

export interface DatabaseHandle {
  readonly driver: DatabaseDriver;
  readonly db: Database;
  /** Throws when the database does not answer. */
  ping(): Promise<void>;
  /**
   * Runs `task` on one connection holding a session-level advisory lock, so that several
   * processes (or replicas) never run it at the same time.
   */
  withAdvisoryLock<T>(lockKey: bigint, task: (db: Database) => Promise<T>): Promise<T>;
  /** Like withAdvisoryLock, but gives up at once (returns `{ ran: false }`) if another session holds it. */
  tryAdvisoryLock<T>(
    lockKey: bigint,
    task: (db: Database) => Promise<T>,
  ): Promise<{ ran: true; value: T } | { ran: false }>;
  /** Applies drizzle migrations from `config.migrationsFolder` while holding `lockKey`. */
  migrate(lockKey: bigint, config: MigrationConfig): Promise<void>;
  close(): Promise<void>;
  /** Connection pool use for metrics; absent for PGlite, which has one in-process session and no pool. */
  readonly poolStats?: () => PoolStats;
}

export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
}

const queryScope = new AsyncLocalStorage<{ count: number }>();

/** Counts statements for {@link countQueries}; drizzle calls its logger once per query. */
const queryCounter = {
  logQuery(): void {
    const scope = queryScope.getStore();
    if (scope !== undefined) scope.count += 1;
  },
};

/**
 * Runs `task` and counts the SQL statements it issued itself, whatever else (jobs, other requests)
 * runs on the same handle meanwhile: for tests of "a constant number of queries per request".
 */
export async function countQueries<T>(task: () => Promise<T>): Promise<{ value: T; queries: number }> {
  const scope = { count: 0 };
  const value = await queryScope.run(scope, task);
  return { value, queries: scope.count };
}

export interface PostgresPoolOptions {
  max?: number;
}

export async function openDatabase(config: DatabaseConfig, pool: PostgresPoolOptions = {}): Promise<DatabaseHandle> {
  return config.driver === 'postgres' ? openPostgres(config.url, pool) : openPglite(config.dataDir);
}

function openPostgres(url: string, options: PostgresPoolOptions): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    application_name: 'pb-server',
  });
  // An idle client losing its connection (e.g. PostgreSQL restarting) must not crash the process.
  pool.on('error', () => undefined);
  // pg-pool listens for a client's 'error' only while it is idle; a client checked out for a
  // transaction whose connection drops would emit it to nobody, and Node ends the process on an
  // unheard 'error'. The query in flight fails anyway (answered 503), and pg-pool discards the
  // broken client on release.
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  const db = drizzlePostgres(pool, { schema, logger: queryCounter });
  async function withAdvisoryLock<T>(
    lockKey: bigint,
    task: (locked: NodePgDatabase<Schema>) => Promise<T>,
  ): Promise<T> {
    const client = await pool.connect();
    try {
      await client.query('SELECT pg_advisory_lock($1)', [lockKey.toString()]);
      try {
        return await task(drizzlePostgres(client, { schema, logger: queryCounter }));
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [lockKey.toString()]);
      }
    } finally {
      client.release();
    }
  }
  async function tryAdvisoryLock<T>(
    lockKey: bigint,
    task: (locked: NodePgDatabase<Schema>) => Promise<T>,
  ): Promise<{ ran: true; value: T } | { ran: false }> {
    const client = await pool.connect();
    try {
      const result = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [lockKey.toString()]);
      if (result.rows[0]?.ok !== true) return { ran: false };
      try {
        return { ran: true, value: await task(drizzlePostgres(client, { schema, logger: queryCounter })) };
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [lockKey.toString()]);
      }
    } finally {
      client.release();
    }
  }
  return {
    driver: 'postgres',
    db,
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    tryAdvisoryLock,
    async ping() {
      await pool.query('SELECT 1');
    },
    withAdvisoryLock,
    migrate: (lockKey, config) => withAdvisoryLock(lockKey, (locked) => migratePostgres(locked, config)),
    async close() {
      await pool.end();
    },
  };
}

async function openPglite(dataDir: string | undefined): Promise<DatabaseHandle> {
  if (dataDir !== undefined) mkdirSync(dataDir, { recursive: true });
  // pg_trgm ships with PostgreSQL's contrib; PGlite loads it only when asked (proposal search).
  const client = await PGlite.create({ ...(dataDir === undefined ? {} : { dataDir }), extensions: { pg_trgm } });
  const db = drizzlePglite(client, { schema, logger: queryCounter });
  // PGlite has one session; the lock still documents intent and keeps the SQL identical.
  async function withAdvisoryLock<T>(
    lockKey: bigint,
    task: (locked: PgliteDatabase<Schema>) => Promise<T>,
  ): Promise<T> {
    await client.query('SELECT pg_advisory_lock($1)', [lockKey.toString()]);
    try {
      return await task(db);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [lockKey.toString()]);
    }
  }
  return {
    driver: 'pglite',
    db,
    // One process, one session: nobody else can hold the lock.
    tryAdvisoryLock: async (lockKey, task) => ({ ran: true, value: await withAdvisoryLock(lockKey, task) }),
    async ping() {
      await client.query('SELECT 1');
    },
    withAdvisoryLock,
    migrate: (lockKey, config) => withAdvisoryLock(lockKey, (locked) => migratePglite(locked, config)),
    async close() {
      await client.close();
    },
  };
}

/** Runs raw SQL and returns its rows; both drivers answer `{ rows }`, which drizzle's base type hides. */
export async function queryRows<Row>(db: Database, query: SQL): Promise<Row[]> {
  const result: unknown = await db.execute(query);
  return (result as { rows: Row[] }).rows;
}
