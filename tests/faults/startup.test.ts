import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startServerProcess,
  stopServerProcess,
  waitForExit,
  waitUntilListening,
  type RunningServer,
} from '../helpers/server-process.js';
import type { ThrowawayCluster } from './cluster.js';
import { productionEnv, startCluster, removeServerDataDirs } from './setup.js';

/** The server must exit on its own, and soon: a refusal, not a hang. */
async function exitWithin(server: RunningServer, ms: number) {
  const timer = setTimeout(() => server.child.kill('SIGKILL'), ms);
  try {
    return await waitForExit(server.child);
  } finally {
    clearTimeout(timer);
  }
}

describe('start-up in production refuses an unsafe configuration', () => {
  let cluster: ThrowawayCluster | undefined;
  const started: RunningServer[] = [];

  beforeAll(async () => {
    cluster = await startCluster();
    await cluster.admin('CREATE DATABASE safe');
    await cluster.admin('CREATE DATABASE unsafe_commit');
    await cluster.admin('ALTER DATABASE unsafe_commit SET synchronous_commit = off');
  });

  afterAll(async () => {
    for (const server of started) await stopServerProcess(server);
    await cluster?.remove();
    removeServerDataDirs();
  });

  async function start(env: Record<string, string>): Promise<RunningServer> {
    const server = await startServerProcess(env);
    started.push(server);
    return server;
  }

  function env(database: string): Record<string, string> {
    if (cluster === undefined) throw new Error('no cluster');
    return productionEnv(cluster.url(database), randomBytes(48).toString('base64url'));
  }

  it('starts and becomes ready on a database with synchronous_commit on', async () => {
    const server = await start(env('safe'));
    await waitUntilListening(server, 90_000);
    await stopServerProcess(server);
    expect(server.child.exitCode).toBe(0);
  });

  it('exits 1 naming synchronous_commit when the database has it off', async () => {
    const server = await start(env('unsafe_commit'));
    const exit = await exitWithin(server, 60_000);
    const stderr = server.stderr.join('');
    expect(exit).toEqual({ code: 1, signal: null });
    expect(stderr).toContain('Invalid configuration');
    expect(stderr).toContain('synchronous_commit: PostgreSQL reports "off"');
    // Refused before migrating: the database stays empty.
    if (cluster === undefined) throw new Error('no cluster');
    const client = new pg.Client({ connectionString: cluster.url('unsafe_commit') });
    await client.connect();
    try {
      const tables = await client.query("SELECT 1 FROM pg_tables WHERE schemaname = 'public'");
      expect(tables.rowCount).toBe(0);
    } finally {
      await client.end();
    }
  });

  it('exits 1 naming each missing secret', async () => {
    const { JWT_SECRET: _jwt, CENSUS_HMAC_KEY: _census, ...withoutSecrets } = env('safe');
    const server = await start(withoutSecrets);
    const exit = await exitWithin(server, 60_000);
    const stderr = server.stderr.join('');
    expect(exit).toEqual({ code: 1, signal: null });
    expect(stderr).toContain('JWT_SECRET: required when NODE_ENV=production');
    expect(stderr).toContain('CENSUS_HMAC_KEY: required when NODE_ENV=production');
  });
});
