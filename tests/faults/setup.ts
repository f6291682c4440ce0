import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect } from 'vitest';
import { hashesOfTyped } from '../../server/src/modules/ballots/ballots.receipts.js';
import {
  startServerProcess,
  stopServerProcess,
  waitUntilListening,
  type RunningServer,
} from '../helpers/server-process.js';
import { BallotLoad } from './ballot-load.js';
import { openVoting, seedCycle, seedVoters, type SeededCycle } from '../load/seed.js';
import { createCluster, findPostgresBin, type ThrowawayCluster } from './cluster.js';

/** A started throwaway cluster; fails loudly where PostgreSQL is not installed (CI installs it). */
export async function startCluster(): Promise<ThrowawayCluster> {
  const bin = findPostgresBin();
  if (bin === undefined) {
    throw new Error(
      'fault tests need the PostgreSQL server binaries (initdb, pg_ctl); install postgresql or set PG_BIN',
    );
  }
  const cluster = await createCluster(bin);
  await cluster.start();
  return cluster;
}

const serverDataDirs: string[] = [];

/** Deletes the DATA_DIR folders productionEnv made (call once the servers have stopped). */
export function removeServerDataDirs(): void {
  for (const dir of serverDataDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** The production environment the fault tests run the server with, on `databaseUrl`. */
export function productionEnv(databaseUrl: string, jwtSecret: string): Record<string, string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pb-faults-data-'));
  serverDataDirs.push(dataDir);
  return {
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    JWT_SECRET: jwtSecret,
    CENSUS_HMAC_KEY: randomBytes(48).toString('base64url'),
    PUBLIC_URL: 'http://127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
  };
}

export interface VotingScene {
  databaseUrl: string;
  env: Record<string, string>;
  server: RunningServer;
  cycle: SeededCycle;
  tokens: string[];
}

export function baseUrlOf(server: RunningServer): string {
  return `http://127.0.0.1:${String(server.port)}`;
}

/**
 * A fresh database on the cluster, the real server on it in production mode (which applies the
 * migrations), a cycle with approval ballots open for voting and `voters` verified residents.
 */
export async function startVotingScene(
  cluster: ThrowawayCluster,
  database: string,
  voters: number,
): Promise<VotingScene> {
  await cluster.admin(`CREATE DATABASE ${database}`);
  const databaseUrl = cluster.url(database);
  const jwtSecret = randomBytes(48).toString('base64url');
  const env = productionEnv(databaseUrl, jwtSecret);
  const server = await startServerProcess(env);
  await waitUntilListening(server, 90_000);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const cycle = await seedCycle(client, jwtSecret, 8);
    const tokens = (await seedVoters(client, jwtSecret, cycle.districtId, voters)).map((voter) => voter.token);
    await openVoting(baseUrlOf(server), cycle);
    return { databaseUrl, env, server, cycle, tokens };
  } finally {
    await client.end();
  }
}

export interface StoredBallots {
  ballots: number;
  participations: number;
  distinctReceipts: number;
  /** Receipt codes the client received whose ballot is not stored. */
  missing: string[];
}

/** What the database holds for the cycle, checked against the receipt codes the clients received. */
export async function storedBallots(databaseUrl: string, cycleId: string, receipts: readonly string[]) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const counts = await client.query<Omit<StoredBallots, 'missing'>>(
      `SELECT (SELECT count(*)::int FROM ballots WHERE cycle_id = $1) AS ballots,
              (SELECT count(DISTINCT receipt_hash)::int FROM ballots WHERE cycle_id = $1) AS "distinctReceipts",
              (SELECT count(*)::int FROM participations WHERE cycle_id = $1) AS participations`,
      [cycleId],
    );
    const hashes = await client.query<{ receipt_hash: string }>(
      'SELECT receipt_hash FROM ballots WHERE cycle_id = $1',
      [cycleId],
    );
    const stored = new Set(hashes.rows.map((row) => row.receipt_hash));
    const missing = receipts.filter((code) => {
      const hash = hashesOfTyped(code)?.ballotHash;
      return hash === undefined || !stored.has(hash);
    });
    const row = counts.rows[0];
    if (row === undefined) throw new Error('no counts');
    return { ...row, missing } satisfies StoredBallots;
  } finally {
    await client.end();
  }
}

/**
 * A throwaway cluster for the test file (started before its tests, removed after them) and the
 * voting scenes its tests start on it, whose servers are stopped at the end.
 */
export function useThrowawayCluster(): {
  cluster(): ThrowawayCluster;
  scene(name: string, voters: number): Promise<VotingScene>;
} {
  let cluster: ThrowawayCluster | undefined;
  const scenes: VotingScene[] = [];
  beforeAll(async () => {
    cluster = await startCluster();
  });
  afterAll(async () => {
    for (const scene of scenes) await stopServerProcess(scene.server);
    await cluster?.remove();
    removeServerDataDirs();
  });
  const started = (): ThrowawayCluster => {
    if (cluster === undefined) throw new Error('the throwaway cluster did not start');
    return cluster;
  };
  return {
    cluster: started,
    async scene(name, voters) {
      const scene = await startVotingScene(started(), name, voters);
      scenes.push(scene);
      return scene;
    },
  };
}

/** Every voter of the scene casting once, `concurrency` at a time, against the scene's current server. */
export function ballotLoadOn(scene: VotingScene, concurrency: number, timeoutMs: number): BallotLoad {
  return new BallotLoad({
    baseUrl: () => baseUrlOf(scene.server),
    cycleId: scene.cycle.cycleId,
    districtId: scene.cycle.districtId,
    proposalIds: scene.cycle.proposalIds,
    tokens: scene.tokens,
    concurrency,
    timeoutMs,
  });
}

/**
 * What every fault test proves at the end: each voter's ballot is stored exactly once, with one
 * participation and its own receipt, and every receipt a client received is among them.
 */
export function expectEveryVoterCountedOnce(stored: StoredBallots, load: BallotLoad, voters: number): void {
  expect(stored.missing).toEqual([]);
  expect(load.receipts.length + load.storedWithoutReceipt).toBe(voters);
  expect(stored.ballots).toBe(voters);
  expect(stored.participations).toBe(voters);
  expect(stored.distinctReceipts).toBe(voters);
}
