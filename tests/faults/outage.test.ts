import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { baseUrlOf, ballotLoadOn, expectEveryVoterCountedOnce, storedBallots, useThrowawayCluster } from './setup.js';

const VOTERS = 3_000;
const OUTAGE_MS = 4_000;
/** No request may take longer while the database is down: a 503 must come fast, not after a hang. */
const MAX_ANSWER_MS = 5_000;

async function readiness(baseUrl: string): Promise<{ status: number; code: string | undefined; ms: number }> {
  const started = performance.now();
  const response = await fetch(`${baseUrl}/api/ready`, { signal: AbortSignal.timeout(10_000) });
  const body = (await response.json()) as { error?: { code?: string } };
  return { status: response.status, code: body.error?.code, ms: performance.now() - started };
}

describe('PostgreSQL stopped while ballots are cast', () => {
  const throwaway = useThrowawayCluster();

  it('answers 503 service.unavailable within 5 s while it is down, recovers by itself and loses no acknowledged ballot', async () => {
    const cluster = throwaway.cluster();
    const current = await throwaway.scene('outage', VOTERS);
    const baseUrl = baseUrlOf(current.server);
    const load = ballotLoadOn(current, 20, 30_000);
    load.start();
    await load.until(() => load.receipts.length >= 500, 60_000, '500 receipts');

    const stopping = performance.now();
    await cluster.stop();
    const down = performance.now();
    const receiptsWhenDown = load.receipts.length;
    const readyWhileDown = await readiness(baseUrl);
    await sleep(OUTAGE_MS);
    const restarting = performance.now();
    await cluster.start();
    const up = performance.now();
    await load.until(
      () => load.attempts.some((attempt) => attempt.status === 201 && attempt.sentAt >= up),
      30_000,
      'a ballot accepted after the restart',
    );
    const firstAccepted = Math.min(
      ...load.attempts
        .filter((attempt) => attempt.status === 201 && attempt.sentAt >= up)
        .map((attempt) => attempt.sentAt + attempt.ms),
    );
    const readyAfter = await readiness(baseUrl);
    await load.finished();

    const whileDown = load.attempts.filter(
      (attempt) => attempt.sentAt >= down && attempt.sentAt + attempt.ms < restarting,
    );
    const stored = await storedBallots(current.databaseUrl, current.cycle.cycleId, load.receipts);
    console.warn(
      `[faults] PostgreSQL stopped (pg_ctl stop -m fast took ${((down - stopping) / 1000).toFixed(1)} s) after ` +
        `${String(receiptsWhenDown)} receipts, down ${String(OUTAGE_MS / 1000)} s: ${String(whileDown.length)} ` +
        `requests while down ${JSON.stringify(load.summary(whileDown))}, slowest ` +
        `${Math.max(...whileDown.map((attempt) => attempt.ms)).toFixed(0)} ms; first ballot accepted ` +
        `${((firstAccepted - up) / 1000).toFixed(2)} s after PostgreSQL was back (pg_ctl start took ` +
        `${((up - restarting) / 1000).toFixed(1)} s); ${String(VOTERS)} voters, ${String(load.receipts.length)} receipts, ` +
        `${String(load.storedWithoutReceipt)} stored without receipt, ${String(stored.ballots)} ballots stored; ` +
        `all attempts ${JSON.stringify(load.summary())}`,
    );

    expect(readyWhileDown).toMatchObject({ status: 503, code: 'service.unavailable' });
    expect(readyWhileDown.ms).toBeLessThan(MAX_ANSWER_MS);
    expect(whileDown.length).toBeGreaterThan(20);
    expect(load.summary(whileDown)).toEqual({ '503 service.unavailable': whileDown.length });
    expect(Math.max(...whileDown.map((attempt) => attempt.ms))).toBeLessThan(MAX_ANSWER_MS);
    // Around the stop itself too: ballots were accepted or refused with 503, never a 500 or a hang.
    expect(load.unexpectedAnswers()).toEqual({});
    expect(readyAfter.status).toBe(200);
    expect(current.server.child.exitCode).toBeNull();

    expectEveryVoterCountedOnce(stored, load, VOTERS);
  }, 120_000);
});
