import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { startServerProcess, waitForExit, waitUntilListening } from '../helpers/server-process.js';
import { ballotLoadOn, expectEveryVoterCountedOnce, storedBallots, useThrowawayCluster } from './setup.js';

const VOTERS = 2_500;
const CONCURRENCY = 20;
/** Receipts handed out before the crash: the crash lands mid-load, with casts in flight. */
const CRASH_AFTER = 800;

describe('crashes while thousands of ballots are cast', () => {
  const throwaway = useThrowawayCluster();

  it('after kill -9 of the server and a restart, every ballot whose receipt the client received is counted once', async () => {
    const scene = await throwaway.scene('crash_server', VOTERS);
    const load = ballotLoadOn(scene, CONCURRENCY, 15_000);
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
    expectEveryVoterCountedOnce(stored, load, VOTERS);
    // The crash cut casts off mid-flight: their clients saw a network error.
    expect(load.attempts.some((attempt) => attempt.status === 0)).toBe(true);
  }, 120_000);

  it('after kill -9 of PostgreSQL and its recovery, every ballot whose receipt the client received is counted once', async () => {
    const cluster = throwaway.cluster();
    const scene = await throwaway.scene('crash_database', VOTERS);
    const load = ballotLoadOn(scene, CONCURRENCY, 15_000);
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
    expectEveryVoterCountedOnce(stored, load, VOTERS);
    // While the database was gone the server answered 503, never 500 or a hang.
    expect(load.attempts.some((attempt) => attempt.status === 503)).toBe(true);
    expect(load.unexpectedAnswers()).toEqual({});
    expect(load.attempts.filter((attempt) => attempt.code === 'ballots.already_voted').length).toBe(
      load.storedWithoutReceipt,
    );
  }, 120_000);
});
