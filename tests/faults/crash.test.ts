import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess, stopServerProcess, waitForExit, waitUntilListening } from '../helpers/server-process.js';
import { BallotLoad } from './ballot-load.js';
import type { ThrowawayCluster } from './cluster.js';
import {
  baseUrlOf,
  startCluster,
  startVotingScene,
  storedBallots,
  type VotingScene,
  removeServerDataDirs,
} from './setup.js';

const VOTERS = 2_500;
const CONCURRENCY = 20;
/** Receipts handed out before the crash: the crash lands mid-load, with casts in flight. */
const CRASH_AFTER = 800;

function loadOn(scene: VotingScene, baseUrl: () => string): BallotLoad {
  return new BallotLoad({
    baseUrl,
    cycleId: scene.cycle.cycleId,
    districtId: scene.cycle.districtId,
    proposalIds: scene.cycle.proposalIds,
    tokens: scene.tokens,
    concurrency: CONCURRENCY,
    timeoutMs: 15_000,
  });
}

describe('crashes while thousands of ballots are cast', () => {
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

  it('after kill -9 of the server and a restart, every ballot whose receipt the client received is counted once', async () => {
    if (cluster === undefined) throw new Error('no cluster');
    const scene = await startVotingScene(cluster, 'crash_server', VOTERS);
    scenes.push(scene);
    const load = loadOn(scene, () => baseUrlOf(scene.server));
    load.start();
    await load.until(() => load.receipts.length >= CRASH_AFTER, 60_000, `${String(CRASH_AFTER)} receipts`);
    const beforeCrash = load.receipts.length;
    scene.server.child.kill('SIGKILL');
    expect((await waitForExit(scene.server.child)).signal).toBe('SIGKILL');
    const restarting = performance.now();
    scene.server = await startServerProcess(scene.env);
    await waitUntilListening(scene.server, 90_000);
    const restartSeconds = (performance.now() - restarting) / 1000;
    await load.finished();

    const stored = await storedBallots(scene.databaseUrl, scene.cycle.cycleId, load.receipts);
    console.warn(
      `[faults] server kill -9 after ${String(beforeCrash)} receipts: ${String(VOTERS)} voters, ` +
        `${String(load.attempts.length)} attempts ${JSON.stringify(load.summary())}, ` +
        `${String(load.receipts.length)} receipts received, ${String(load.storedWithoutReceipt)} stored without ` +
        `receipt, ${String(stored.ballots)} ballots stored; restart took ${restartSeconds.toFixed(1)} s`,
    );
    expect(stored.missing).toEqual([]);
    expect(load.receipts.length + load.storedWithoutReceipt).toBe(VOTERS);
    // None twice: one ballot and one participation per voter, each receipt hash once.
    expect(stored.ballots).toBe(VOTERS);
    expect(stored.participations).toBe(VOTERS);
    expect(stored.distinctReceipts).toBe(VOTERS);
    // The crash cut casts off mid-flight: their clients saw a network error.
    expect(load.attempts.some((attempt) => attempt.status === 0)).toBe(true);
  }, 120_000);

  it('after kill -9 of PostgreSQL and its recovery, every ballot whose receipt the client received is counted once', async () => {
    if (cluster === undefined) throw new Error('no cluster');
    const scene = await startVotingScene(cluster, 'crash_database', VOTERS);
    scenes.push(scene);
    const load = loadOn(scene, () => baseUrlOf(scene.server));
    load.start();
    await load.until(() => load.receipts.length >= CRASH_AFTER, 60_000, `${String(CRASH_AFTER)} receipts`);
    const beforeCrash = load.receipts.length;
    await cluster.kill();
    await sleep(1_000);
    const recovering = performance.now();
    await cluster.start();
    const recoverySeconds = (performance.now() - recovering) / 1000;
    await load.finished();

    const stored = await storedBallots(scene.databaseUrl, scene.cycle.cycleId, load.receipts);
    console.warn(
      `[faults] PostgreSQL kill -9 after ${String(beforeCrash)} receipts: ${String(VOTERS)} voters, ` +
        `${String(load.attempts.length)} attempts ${JSON.stringify(load.summary())}, ` +
        `${String(load.receipts.length)} receipts received, ${String(load.storedWithoutReceipt)} stored without ` +
        `receipt, ${String(stored.ballots)} ballots stored; crash recovery took ${recoverySeconds.toFixed(1)} s`,
    );
    expect(scene.server.child.exitCode).toBeNull();
    expect(stored.missing).toEqual([]);
    expect(load.receipts.length + load.storedWithoutReceipt).toBe(VOTERS);
    expect(stored.ballots).toBe(VOTERS);
    expect(stored.participations).toBe(VOTERS);
    expect(stored.distinctReceipts).toBe(VOTERS);
    // While the database was gone the server answered 503, never 500 or a hang.
    expect(load.attempts.some((attempt) => attempt.status === 503)).toBe(true);
    expect(load.unexpectedAnswers()).toEqual({});
    expect(load.attempts.filter((attempt) => attempt.code === 'ballots.already_voted').length).toBe(
      load.storedWithoutReceipt,
    );
  }, 120_000);
});
