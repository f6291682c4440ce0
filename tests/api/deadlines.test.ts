import { sql } from 'drizzle-orm';
import pg from 'pg';
import request from 'supertest';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { queryRows } from '../../server/src/db/database.js';
import { useTestApp } from '../helpers/app.js';
import { createAccount, type TestAccount } from '../helpers/accounts.js';
import { explainPostgresSkip, usingPostgres } from '../helpers/database.js';
import { createVoter, districtIds, openVotingCycle } from '../helpers/voting.js';

const DEADLINE_MS = 2_000;

if (!usingPostgres) explainPostgresSkip('request deadlines while another PostgreSQL session holds a lock');

describe.skipIf(!usingPostgres)('a request the database does not answer in time', () => {
  const current = useTestApp({ config: { requestTimeoutMs: DEADLINE_MS } });
  const server = () => current().app.server;
  let locker: pg.Client | undefined;

  /** Another session takes `table` exclusively, as a stuck migration or a frozen backend would. */
  async function lockTable(table: 'cycles' | 'ballots'): Promise<pg.Client> {
    const config = current().database.config;
    if (config.driver !== 'postgres') throw new Error('needs PostgreSQL');
    locker = new pg.Client({ connectionString: config.url });
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
    return locker;
  }

  async function release(): Promise<void> {
    await locker?.query('ROLLBACK');
    await locker?.end();
    locker = undefined;
  }

  afterEach(release);

  let staff: TestAccount;
  let confirmer: TestAccount;
  beforeAll(async () => {
    staff = await createAccount(current().app, ['staff']);
    confirmer = await createAccount(current().app, ['staff']);
  });

  it('is answered 503 service.unavailable at the deadline, and served again once the database answers', async () => {
    await lockTable('cycles');
    const blocked = await request(server()).get('/api/cycles');
    // The lock is still held: the answer came from the deadline, not from the database.
    expect(blocked.status).toBe(503);
    expect(blocked.body).toMatchObject({ error: { code: 'service.unavailable' } });
    await release();
    expect((await request(server()).get('/api/cycles')).status).toBe(200);
  });

  it('a ballot held past the deadline is answered 503, is stored once the lock goes, and its retry is told it is counted', async () => {
    const kita = (await districtIds(current().app)).kita ?? '';
    const { cycle, projects } = await openVotingCycle(current().app, staff, confirmer, {
      ballot: { method: 'approval', maxProjects: 2 },
      districts: [{ districtId: kita, budget: 5_000_000 }],
      projects: [1, 2].map(() => ({ districtId: kita, cost: 1_000_000 })),
    });
    const voter = await createVoter(current().app, { districtId: kita });
    const ballot = { districtId: kita, choices: [{ proposalId: projects.get(kita)?.[0] ?? '' }] };
    const stored = async () =>
      (
        await queryRows<{ n: number }>(
          current().app.db,
          sql`SELECT count(*)::int AS n FROM ballots WHERE cycle_id = ${cycle.id}`,
        )
      )[0]?.n ?? 0;

    await lockTable('ballots');
    const cast = () => request(server()).post(`/api/cycles/${cycle.id}/ballots`).set('authorization', voter.bearer);
    const first = await cast().send(ballot);
    expect(first.status).toBe(503);
    expect(first.body).toMatchObject({ error: { code: 'service.unavailable' } });
    await release();

    // The handler went on behind the 503: its transaction commits once the lock is gone.
    for (let waited = 0; (await stored()) === 0 && waited < 20_000; waited += 100) await sleep(100);
    expect(await stored()).toBe(1);
    const retry = await cast().send(ballot);
    expect(retry.status).toBe(409);
    expect(retry.body).toMatchObject({ error: { code: 'ballots.already_voted' } });
    expect(await stored()).toBe(1);
  });
});
