import type { Cycle } from '@pb/shared';
import { sql } from 'drizzle-orm';
import { Redis } from 'ioredis';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../server/src/db/database.js';
import { runDueScheduledMoves } from '../../server/src/modules/cycles/cycles.schedule.js';
import { rateLimitKey } from '../../server/src/plugins/external/rate-limit.js';
import { createTestApp, TEST_SECRETS, type TestApp } from '../helpers/app.js';
import { createAccount, TEST_PASSWORD, uniqueEmail, type TestAccount } from '../helpers/accounts.js';
import { createTestDatabase, explainPostgresSkip, usingPostgres, type TestDatabase } from '../helpers/database.js';
import {
  startServerProcess,
  stopServerProcess,
  waitUntilListening,
  type RunningServer,
} from '../helpers/server-process.js';
import { createVoter, districtIds, openVotingCycle } from '../helpers/voting.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

async function redisReachable(): Promise<boolean> {
  const client = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 1_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
    return true;
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

interface Pair {
  database: TestDatabase;
  /** In this test process. */
  first: TestApp;
  firstUrl: string;
  /** A separate `node` process running server.ts on the same database. */
  second: RunningServer;
  secondUrl: string;
}

async function startPair(extraEnv: Record<string, string> = {}): Promise<Pair> {
  const database = await createTestDatabase();
  if (database.config.driver !== 'postgres') throw new Error('two servers need PostgreSQL');
  const first = await createTestApp({
    database,
    config: extraEnv.REDIS_URL === undefined ? {} : { redisUrl: extraEnv.REDIS_URL },
  });
  const firstUrl = await first.app.listen({ port: 0, host: '127.0.0.1' });
  const second = await startServerProcess({
    ...TEST_SECRETS,
    DATABASE_URL: database.config.url,
    LOG_LEVEL: 'silent',
    ...extraEnv,
  });
  await waitUntilListening(second, 60_000);
  return { database, first, firstUrl, second, secondUrl: `http://127.0.0.1:${String(second.port)}` };
}

async function stopPair(pair: Pair | undefined): Promise<void> {
  if (pair === undefined) return;
  await stopServerProcess(pair.second);
  await pair.first.close();
  await pair.database.drop();
}

async function call(url: string, path: string, init: { method?: string; token?: string; body?: unknown } = {}) {
  const response = await fetch(`${url}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      ...(init.token === undefined ? {} : { authorization: `Bearer ${init.token}` }),
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const body = (await response.json().catch(() => undefined)) as { error?: { code: string } } | undefined;
  return { status: response.status, code: body?.error?.code, retryAfter: response.headers.get('retry-after') };
}

/** Eleven failed logins for one account from one IP, alternating between the two servers. */
async function failLoginsAlternating(pair: Pair, email: string, attempts: number) {
  const results = [];
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    const url = attempt % 2 === 0 ? pair.firstUrl : pair.secondUrl;
    results.push(await call(url, '/api/auth/login', { method: 'POST', body: { email, password: 'wrong password!' } }));
  }
  return results;
}

if (!usingPostgres) explainPostgresSkip('sessions and rate limits across two server processes');

describe.skipIf(!usingPostgres)('two server processes on one PostgreSQL database', () => {
  let pair: Pair | undefined;
  const current = () => {
    if (pair === undefined) throw new Error('servers did not start');
    return pair;
  };

  beforeAll(async () => {
    pair = await startPair();
  }, 90_000);

  afterAll(async () => {
    await stopPair(pair);
  });

  it('a token issued by one server works on the other, and logout on one ends it on both at once', async () => {
    const account: TestAccount = await createAccount(current().first.app, ['resident']);
    expect((await call(current().secondUrl, '/api/me', { token: account.token })).status).toBe(200);
    expect((await call(current().firstUrl, '/api/auth/logout', { method: 'POST', token: account.token })).status).toBe(
      204,
    );
    expect(await call(current().secondUrl, '/api/me', { token: account.token })).toMatchObject({
      status: 401,
      code: 'auth.token_revoked',
    });
  });

  it('disabling a user on one server stops their tokens on the other at once', async () => {
    const admin = await createAccount(current().first.app, ['admin']);
    const resident = await createAccount(current().first.app, ['resident']);
    expect((await call(current().secondUrl, '/api/me', { token: resident.token })).status).toBe(200);
    const disabled = await call(current().secondUrl, `/api/admin/users/${resident.id}`, {
      method: 'PATCH',
      token: admin.token,
      body: { disabled: true },
    });
    expect(disabled.status).toBe(200);
    expect(await call(current().firstUrl, '/api/me', { token: resident.token })).toMatchObject({
      status: 401,
      code: 'auth.account_disabled',
    });
    const login = await call(current().secondUrl, '/api/auth/login', {
      method: 'POST',
      body: { email: resident.email, password: TEST_PASSWORD },
    });
    expect(login).toMatchObject({ status: 401, code: 'auth.account_disabled' });
  });

  it('one resident casting on both servers at once gets one ballot, whichever server answers first', async () => {
    const app = current().first.app;
    const [staff, confirmer] = await Promise.all([createAccount(app, ['staff']), createAccount(app, ['staff'])]);
    const kita = (await districtIds(app)).kita ?? '';
    const { cycle, projects } = await openVotingCycle(app, staff, confirmer, {
      ballot: { method: 'approval' },
      districts: [{ districtId: kita, budget: 1000 }],
      projects: [{ districtId: kita, cost: 100 }],
    });
    const voter = await createVoter(app, { districtId: kita });
    const body = { districtId: kita, choices: [{ proposalId: projects.get(kita)?.[0] }] };
    const token = voter.bearer.replace(/^Bearer /, '');
    const attempts = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        call(index % 2 === 0 ? current().firstUrl : current().secondUrl, `/api/cycles/${cycle.id}/ballots`, {
          method: 'POST',
          token,
          body,
        }),
      ),
    );
    expect(
      attempts.filter((attempt) => attempt.status === 201),
      JSON.stringify(attempts),
    ).toHaveLength(1);
    expect(new Set(attempts.filter((attempt) => attempt.status !== 201).map((attempt) => attempt.status))).toEqual(
      new Set([409]),
    );
    const [stored] = await queryRows<{ ballots: number; participations: number }>(
      app.db,
      sql`SELECT (SELECT count(*)::int FROM ballots WHERE cycle_id = ${cycle.id}) AS ballots,
                 (SELECT count(*)::int FROM participations WHERE cycle_id = ${cycle.id}) AS participations`,
    );
    expect(stored).toEqual({ ballots: 1, participations: 1 });
  });

  it('a due scheduled phase move runs once, though both servers run the scheduler', async () => {
    const app = current().first.app;
    const staff = await createAccount(app, ['staff']);
    const kita = (await districtIds(app)).kita ?? '';
    const created = await request(current().firstUrl)
      .post('/api/cycles')
      .set('authorization', staff.bearer)
      .send({
        titleJa: '予定',
        titleEn: 'Scheduled',
        ballot: { method: 'approval' },
        districts: [{ districtId: kita, budget: 1000 }],
      });
    expect(created.status, created.text).toBe(201);
    const cycleId = (created.body as Cycle).id;
    const scheduled = await request(current().secondUrl)
      .post(`/api/cycles/${cycleId}/schedule`)
      .set('authorization', staff.bearer)
      .send({ to: 'submission', at: '2099-05-01T09:00' });
    expect(scheduled.status, scheduled.text).toBeLessThan(300);
    await app.db.execute(
      sql`UPDATE cycle_schedule SET run_at = now() - interval '1 second' WHERE cycle_id = ${cycleId}`,
    );
    // Left to the servers' own schedulers, which both tick every 15 s.
    await expect
      .poll(
        async () => {
          const [row] = await queryRows<{ open: number }>(
            app.db,
            sql`SELECT count(*)::int AS open FROM cycle_schedule WHERE cycle_id = ${cycleId} AND done_at IS NULL`,
          );
          return row?.open;
        },
        { timeout: 40_000, interval: 500 },
      )
      .toBe(0);
    const [events] = await queryRows<{ moves: number }>(
      app.db,
      sql`SELECT count(*)::int AS moves FROM cycle_phase_events WHERE cycle_id = ${cycleId} AND to_phase = 'submission'`,
    );
    expect(events?.moves).toBe(1);
    // Whichever server ran it, the other found nothing left: a run now moves nothing either.
    expect(await runDueScheduledMoves(app.database)).toEqual({ moved: 0, skipped: 0 });
    const seen = await request(current().secondUrl).get(`/api/cycles/${cycleId}`).set('authorization', staff.bearer);
    expect((seen.body as Cycle).phase).toBe('submission');
  }, 60_000);

  it('counts login attempts in PostgreSQL, shared by both: the 11th for one account and IP is refused', async () => {
    const results = await failLoginsAlternating(current(), uniqueEmail('target'), 11);
    expect(results.slice(0, 10).map((result) => result.status)).toEqual(Array<number>(10).fill(401));
    expect(results[10]).toMatchObject({ status: 429, code: 'auth.rate_limited' });
    expect(Number(results[10]?.retryAfter)).toBeGreaterThan(0);
  });
});

const redisAvailable = usingPostgres && (await redisReachable());
if (usingPostgres && !redisAvailable) console.warn(`[skipped] Redis rate-limit store: no Redis at ${REDIS_URL}`);

describe.skipIf(!redisAvailable)('two server processes sharing rate limits through Redis', () => {
  let pair: Pair | undefined;

  beforeAll(async () => {
    const redis = new Redis(REDIS_URL);
    // The per-IP counter outlives earlier runs in Redis; start this run from zero.
    const stale = await redis.keys('pb-rate-limit:*login-ip:*');
    if (stale.length > 0) await redis.del(...stale);
    redis.disconnect();
    pair = await startPair({ REDIS_URL });
  }, 90_000);

  afterAll(async () => {
    await stopPair(pair);
  });

  it('the 11th failed login for one account and IP is refused, whichever server receives it', async () => {
    if (pair === undefined) throw new Error('servers did not start');
    const email = uniqueEmail('redis-target');
    const results = await failLoginsAlternating(pair, email, 11);
    expect(results.slice(0, 10).map((result) => result.status)).toEqual(Array<number>(10).fill(401));
    expect(results[10]).toMatchObject({ status: 429, code: 'auth.rate_limited' });
    const redis = new Redis(REDIS_URL);
    try {
      const key = rateLimitKey(TEST_SECRETS.JWT_SECRET, 'login-account-ip', `${email}|127.0.0.1`);
      const keys = await redis.keys(`pb-rate-limit:*${key}`);
      expect(keys).toHaveLength(1);
      expect(await redis.get(keys[0] ?? '')).toBe('11');
    } finally {
      redis.disconnect();
    }
  });
});
