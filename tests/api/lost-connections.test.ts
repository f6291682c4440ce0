import { normalizeCode, type BallotReceipt } from '@pb/shared';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receiptHashes } from '../../server/src/modules/ballots/ballots.receipts.js';
import { createAccount, type TestAccount } from '../helpers/accounts.js';
import { createTestApp, TEST_SECRETS } from '../helpers/app.js';
import { createTestDatabase, explainPostgresSkip, usingPostgres, type TestDatabase } from '../helpers/database.js';
import {
  callServer,
  startServerProcess,
  stopServerProcess,
  waitUntilListening,
  type RunningServer,
  type ServerAnswer,
} from '../helpers/server-process.js';
import { censusKey } from '../helpers/voting-harness.js';
import { createCensusEntry, createReviewCycle, createVoter, districtIds } from '../helpers/voting.js';

const ROUNDS = 20;
/** The first rounds replace the census, which is frozen once the cycle is in voting. */
const CENSUS_ROUNDS = 3;
const BIRTH_YEAR = 1960;
const PB_FILE =
  'META\nkey;value\nbudget;10\nvote_type;approval\nPROJECTS\nproject_id;cost;name\na;6;Park\nb;5;Lamps\nVOTES\nvoter_id;vote\nx;a\ny;a,b\n';

/** A write route, held inside its transaction by a lock on `table`. */
interface Operation {
  name: string;
  table: string;
  send(round: number): Promise<ServerAnswer>;
  /** Whether what a 2xx answer acknowledged is in the database. */
  stored(answer: ServerAnswer, round: number): Promise<boolean>;
  /** Follows a 2xx answer (a replacement's next receipt). */
  accepted?(answer: ServerAnswer): void;
}

if (!usingPostgres) explainPostgresSkip('a database connection lost inside a transaction');

describe.skipIf(!usingPostgres)('a database connection lost inside a transaction', () => {
  let database: TestDatabase;
  let server: RunningServer | undefined;
  /** Holds the lock that keeps the server's transaction open. */
  let locker: pg.Client;
  /** Watches pg_stat_activity (a transaction would see a frozen snapshot of it) and ends backends. */
  let observer: pg.Client;
  let staff: TestAccount;
  let confirmer: TestAccount;
  let voter = '';
  let receipt = '';
  let cycleId = '';
  let kita = '';
  let projects: string[] = [];
  const numbers = Array.from({ length: ROUNDS + 1 }, (_, index) => `LOST-${String(index).padStart(3, '0')}`);

  beforeAll(async () => {
    database = await createTestDatabase();
    if (database.config.driver !== 'postgres') throw new Error('needs PostgreSQL');
    const url = database.config.url;
    const setup = await createTestApp({ database });
    await setup.app.ready();
    [staff, confirmer] = await Promise.all([createAccount(setup.app, ['staff']), createAccount(setup.app, ['staff'])]);
    kita = (await districtIds(setup.app)).kita ?? '';
    const cycle = await createReviewCycle(setup.app, staff, {
      ballot: { method: 'approval' },
      districts: [{ districtId: kita, budget: 1000 }],
      projects: [
        { districtId: kita, cost: 100 },
        { districtId: kita, cost: 200 },
      ],
    });
    cycleId = cycle.cycleId;
    projects = cycle.projects.get(kita) ?? [];
    for (const number of numbers.slice(1)) await createCensusEntry(setup.app, number, kita, BIRTH_YEAR);
    voter = (
      await createVoter(setup.app, { districtId: kita, census: { number: numbers[0] ?? '', birthYear: BIRTH_YEAR } })
    ).bearer;
    await setup.close();
    server = await startServerProcess({ ...TEST_SECRETS, DATABASE_URL: url, LOG_LEVEL: 'warn' });
    await waitUntilListening(server, 60_000);
    locker = new pg.Client({ connectionString: url, application_name: 'pb-test-locker' });
    observer = new pg.Client({ connectionString: url, application_name: 'pb-test-observer' });
    await Promise.all([locker.connect(), observer.connect()]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([locker.end(), observer.end()]);
    if (server !== undefined) await stopServerProcess(server);
    await database.drop();
  });

  function running(): RunningServer {
    if (server === undefined) throw new Error('the server did not start');
    return server;
  }

  const call = (method: string, path: string, options?: Parameters<typeof callServer>[3]) =>
    callServer(running(), method, path, options);

  async function count(from: string, values: unknown[] = []): Promise<number> {
    const result = await observer.query<{ count: number }>(`SELECT count(*)::int AS count FROM ${from}`, values);
    return result.rows[0]?.count ?? 0;
  }

  const deskBallot = (path: string) => (round: number) =>
    call('POST', `/api/cycles/${cycleId}/${path}`, {
      bearer: staff.bearer,
      json: {
        voter: { kind: 'census', value: numbers[round] },
        districtId: kita,
        choices: [{ proposalId: projects[0] }],
      },
    });
  const participationOf = (channel: string) => async (_answer: ServerAnswer, round: number) =>
    (await count('participations WHERE cycle_id = $1 AND voter_key = $2 AND channel = $3', [
      cycleId,
      censusKey(numbers[round] ?? ''),
      channel,
    ])) === 1;

  /** Sheets acknowledged so far: the ballot box holds exactly these (nothing of a lost attempt). */
  let sheets = 0;
  const sheetsAsAcknowledged = async () =>
    (await count('ballots WHERE cycle_id = $1 AND receipt_hash IS NULL', [cycleId])) === sheets;

  const census: Operation = {
    name: 'census upload',
    table: 'census_entries',
    send: () =>
      call('PUT', '/api/census', {
        bearer: staff.bearer,
        type: 'text/csv',
        body: `resident_number,district,birth_year\n${numbers.map((number) => `${number},kita,${String(BIRTH_YEAR)}`).join('\n')}\n`,
      }),
    stored: async (answer) =>
      (answer.body as { applied?: boolean }).applied === true && (await count('census_entries')) === numbers.length,
  };

  const duringVoting: Operation[] = [
    {
      name: 'assisted ballot',
      table: 'participations',
      send: deskBallot('assisted/ballots'),
      stored: participationOf('assisted'),
    },
    {
      name: 'poll book entry',
      table: 'participations',
      send: (round) =>
        call('POST', `/api/cycles/${cycleId}/paper-ballots/issued`, {
          bearer: staff.bearer,
          json: { voter: { kind: 'census', value: numbers[round] }, districtId: kita },
        }),
      stored: participationOf('paper'),
    },
    {
      name: 'poll book as CSV',
      table: 'participations',
      send: (round) =>
        call('POST', `/api/cycles/${cycleId}/paper-ballots/issued/upload`, {
          bearer: staff.bearer,
          type: 'text/csv',
          body: `voter,district\n${numbers[round] ?? ''},kita\n`,
        }),
      stored: participationOf('paper'),
    },
    {
      name: 'paper sheet',
      table: 'ballots',
      send: () =>
        call('POST', `/api/cycles/${cycleId}/paper-sheets`, {
          bearer: staff.bearer,
          json: { districtId: kita, choices: [{ proposalId: projects[1] }] },
        }),
      stored: sheetsAsAcknowledged,
      accepted: () => (sheets += 1),
    },
    {
      name: 'paper sheets as CSV',
      table: 'ballots',
      send: () =>
        call('POST', `/api/cycles/${cycleId}/paper-sheets/upload`, {
          bearer: staff.bearer,
          type: 'text/csv',
          body: 'district,choices\nkita,2\n',
        }),
      stored: sheetsAsAcknowledged,
      accepted: () => (sheets += 1),
    },
    {
      name: 'ballot replacement',
      table: 'participations',
      send: (round) =>
        call('POST', `/api/cycles/${cycleId}/ballots/replace`, {
          bearer: voter,
          json: { receipt, choices: [{ proposalId: projects[round % 2] }] },
        }),
      async stored(answer) {
        const code = (answer.body as BallotReceipt).receipt;
        const { ballotHash } = receiptHashes(normalizeCode(code) ?? code);
        return (await count('ballots WHERE cycle_id = $1 AND receipt_hash = $2', [cycleId, ballotHash])) === 1;
      },
      accepted(answer) {
        receipt = (answer.body as BallotReceipt).receipt;
      },
    },
    {
      name: '.pb import',
      table: 'proposals',
      send: (round) =>
        call('POST', `/api/cycles/import?fileName=round-${String(round)}.pb`, {
          bearer: staff.bearer,
          type: 'application/octet-stream',
          body: PB_FILE,
        }),
      stored: async (answer) =>
        (await count('cycles WHERE id = $1', [(answer.body as { cycleId: string }).cycleId])) === 1,
    },
  ];

  /** Waits until one of the server's backends is blocked on our lock after its transaction began. */
  async function blockedInTransaction(answer: Promise<ServerAnswer>): Promise<void> {
    let settled: ServerAnswer | undefined;
    void answer.then((value) => (settled = value));
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const result = await observer.query<{ inTransaction: boolean }>(
        `SELECT xact_start < query_start AS "inTransaction" FROM pg_stat_activity
          WHERE datname = current_database() AND application_name = 'pb-server' AND wait_event_type = 'Lock'`,
      );
      if (result.rows.length > 0) {
        expect(result.rows.map((row) => row.inTransaction)).toEqual([true]);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`no server backend waited on the lock; the answer: ${JSON.stringify(settled)}`);
  }

  /** Sends the request while `table` is locked, ends every backend of the server once it waits, then unlocks. */
  async function sendAndLoseConnection(operation: Operation, round: number): Promise<ServerAnswer> {
    await locker.query('BEGIN');
    const answer = locker
      .query(`LOCK TABLE ${operation.table} IN ACCESS EXCLUSIVE MODE`)
      .then(() => operation.send(round));
    try {
      await blockedInTransaction(answer);
      const ended = await observer.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = current_database() AND application_name = 'pb-server'`,
      );
      expect(ended.rowCount).toBeGreaterThan(0);
    } finally {
      await locker.query('ROLLBACK');
    }
    return answer;
  }

  /** For failure messages: whether the server exited, and its last log lines. */
  function processState(): string {
    const { child, stdout, stderr } = running();
    return `exit code ${String(child.exitCode)}; log: ${stdout.join('').slice(-2000)} ${stderr.join('').slice(-2000)}`;
  }

  async function expectServing(context: string): Promise<void> {
    const [health, ready] = [await call('GET', '/api/health'), await call('GET', '/api/ready')];
    expect(
      { context, health: health.status, ready: ready.status, exitCode: running().child.exitCode },
      processState(),
    ).toEqual({ context, health: 200, ready: 200, exitCode: null });
  }

  it('answers 503 service.unavailable, stays up and keeps every acknowledged write, round after round', async () => {
    const acknowledged: { what: string; stored: () => Promise<boolean> }[] = [];
    const inFlight: Record<string, number> = {};
    async function acknowledge(what: string, operation: Operation, answer: ServerAnswer, round: number): Promise<void> {
      expect(answer.status, `${what}: ${JSON.stringify(answer.body)}`).toBeGreaterThanOrEqual(200);
      expect(answer.status, `${what}: ${JSON.stringify(answer.body)}`).toBeLessThan(300);
      operation.accepted?.(answer);
      const stored = () => operation.stored(answer, round);
      expect(await stored(), what).toBe(true);
      acknowledged.push({ what, stored });
    }
    async function playRound(operation: Operation, round: number): Promise<void> {
      const context = `round ${String(round)}, ${operation.name}`;
      const lost = await sendAndLoseConnection(operation, round);
      inFlight[String(lost.status)] = (inFlight[String(lost.status)] ?? 0) + 1;
      if (lost.status >= 200 && lost.status < 300) {
        await acknowledge(`${context}, in flight`, operation, lost, round);
      } else {
        expect({ context, ...lost }, processState()).toEqual({
          context,
          status: 503,
          body: { error: { code: 'service.unavailable', message: expect.any(String) as unknown } },
        });
        await expectServing(context);
        // Nothing of the lost attempt stayed: the same request now succeeds as a first one would.
        await acknowledge(`${context}, retried`, operation, await operation.send(round), round);
      }
      await expectServing(context);
    }

    for (let round = 1; round <= CENSUS_ROUNDS; round += 1) await playRound(census, round);
    const moved = await call('POST', `/api/cycles/${cycleId}/phase`, { bearer: staff.bearer, json: { to: 'voting' } });
    expect(moved.status, JSON.stringify(moved.body)).toBe(202);
    expect((await call('POST', `/api/cycles/${cycleId}/phase/confirm`, { bearer: confirmer.bearer })).status).toBe(200);
    const cast = await call('POST', `/api/cycles/${cycleId}/ballots`, {
      bearer: voter,
      json: { districtId: kita, choices: [{ proposalId: projects[0] }] },
    });
    expect(cast.status, JSON.stringify(cast.body)).toBe(201);
    receipt = (cast.body as BallotReceipt).receipt;
    // Room in the poll book for the sheets: residents whose number no voting round uses.
    const sheetRounds = Array.from({ length: ROUNDS + 1 }, (_, round) => round).filter(
      (round) => round > CENSUS_ROUNDS && duringVoting[round % duringVoting.length]?.table === 'ballots',
    );
    for (const round of [...Array.from({ length: CENSUS_ROUNDS }, (_, index) => index + 1), ...sheetRounds]) {
      const issued = await call('POST', `/api/cycles/${cycleId}/paper-ballots/issued`, {
        bearer: staff.bearer,
        json: { voter: { kind: 'census', value: numbers[round] }, districtId: kita },
      });
      expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    }
    for (let round = CENSUS_ROUNDS + 1; round <= ROUNDS; round += 1) {
      const operation = duringVoting[round % duringVoting.length];
      if (operation !== undefined) await playRound(operation, round);
    }

    console.warn(
      `[lost connections] ${String(ROUNDS)} rounds; in-flight answers by status: ${JSON.stringify(inFlight)}`,
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    await expectServing('after every round');
    for (const write of acknowledged) expect(await write.stored(), write.what).toBe(true);
  }, 180_000);
});
