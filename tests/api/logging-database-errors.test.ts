import { normalizeCode, type BallotReceipt } from '@pb/shared';
import { sql } from 'drizzle-orm';
import request, { type Response } from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { queryRows } from '../../server/src/db/database.js';
import { receiptHashes } from '../../server/src/modules/ballots/ballots.receipts.js';
import { hashResidentNumber, normalizeResidentNumber } from '../../server/src/modules/verification/census-csv.js';
import { createAccount, uniqueEmail, type TestAccount } from '../helpers/accounts.js';
import { createTestApp, TEST_SECRETS, type TestApp } from '../helpers/app.js';
import { captureLogs } from '../helpers/logs.js';
import { mailCatcher } from '../helpers/mail.js';
import { createCensusEntry, createVoter, districtIds, openVotingCycle } from '../helpers/voting.js';

/** The SQLSTATE our test trigger raises; PostgreSQL reports it back as the error's code. */
const REFUSED = 'PBL01';
const MARKER = 'pb-log-test';

/**
 * What no log line may hold whatever the route: SQL text and drizzle's parameter list, the
 * database's own message, detail and hint (ours carry the whole row), a hex digest (receipt
 * hashes, replace tags, census HMACs, rate-limit keys) or a password hash.
 */
const NEVER_LOGGED: RegExp[] = [
  /insert into/i,
  /update "/i,
  /Failed query/i,
  /params:/i,
  /Key \(/,
  new RegExp(MARKER),
  /[0-9a-f]{64}/,
  /\$argon2/,
  /proposalId/,
];

const logs = captureLogs();
const mail = mailCatcher();
let testApp: TestApp;
let staff: TestAccount;
let kita: string;

beforeAll(async () => {
  testApp = await createTestApp({ config: { logLevel: 'info' }, logStream: logs.stream, mailer: mail });
  await testApp.app.ready();
  // Raised from a trigger, with the whole new row in the message, detail and hint.
  await testApp.app.db.execute(
    sql.raw(`CREATE FUNCTION pb_log_test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION USING ERRCODE = '${REFUSED}', TABLE = TG_TABLE_NAME,
          MESSAGE = '${MARKER} message ' || row_to_json(NEW)::text,
          DETAIL = '${MARKER} detail ' || row_to_json(NEW)::text,
          HINT = '${MARKER} hint ' || row_to_json(NEW)::text;
      END $$`),
  );
  staff = await createAccount(testApp.app, ['staff']);
  kita = (await districtIds(testApp.app)).kita ?? '';
});

afterAll(async () => {
  await testApp.close();
});

beforeEach(() => {
  logs.lines.length = 0;
});

/** Runs `action` while every insert and update into `table` fails with {@link REFUSED}. */
async function whileRefusing(table: string, action: () => Promise<Response>): Promise<Response> {
  const db = testApp.app.db;
  await db.execute(
    sql.raw(`CREATE TRIGGER pb_log_test BEFORE INSERT OR UPDATE ON ${table}
      FOR EACH ROW EXECUTE FUNCTION pb_log_test_refuse()`),
  );
  try {
    return await action();
  } finally {
    await db.execute(sql.raw(`DROP TRIGGER pb_log_test ON ${table}`));
  }
}

/** The refused request answered 500 and logged one error line naming the SQLSTATE, table and route. */
function expectLoggedRefusal(response: Response, table: string, route: string): void {
  expect(response.status, response.text).toBe(500);
  expect(response.body).toEqual({ error: { code: 'internal.error', message: expect.any(String) as unknown } });
  const errors = logs.of(String(response.headers['x-request-id'])).filter((entry) => Number(entry.level) >= 50);
  expect(errors).toHaveLength(1);
  const line = JSON.stringify(errors[0]);
  expect(line).toContain(`"sqlState":"${REFUSED}"`);
  // A partitioned table (ballots) names the partition.
  expect(line).toMatch(new RegExp(`"table":"${table}(_[0-9a-f]+)?"`));
  expect(line).toContain(`"route":"${route}"`);
}

function expectNoneLogged(secrets: readonly string[]): void {
  const output = logs.lines.join('');
  expect(output).toContain(REFUSED);
  for (const pattern of NEVER_LOGGED) expect(output).not.toMatch(pattern);
  for (const secret of secrets) expect(output).not.toContain(secret);
}

function censusHash(number: string): string {
  return hashResidentNumber(TEST_SECRETS.CENSUS_HMAC_KEY, normalizeResidentNumber(number) ?? number);
}

function receiptSecrets(receipt: string): string[] {
  const canonical = normalizeCode(receipt) ?? receipt;
  const hashes = receiptHashes(canonical);
  return [receipt, canonical, hashes.ballotHash, hashes.replaceTag];
}

describe('a database error while writing', () => {
  // First: the census is frozen once the next test's cycle is in voting.
  it('a census upload leaves the SQLSTATE in the log and no census number or its hash', async () => {
    const numbers = ['LOGDB-CENSUS-71', 'LOGDB-CENSUS-72'];
    const response = await whileRefusing('census_entries', () =>
      request(testApp.app.server)
        .put('/api/census')
        .set('authorization', staff.bearer)
        .set('content-type', 'text/csv')
        .send(`resident_number,district,birth_year\n${numbers.map((number) => `${number},kita,1961`).join('\n')}\n`),
    );
    expectLoggedRefusal(response, 'census_entries', '/api/census');
    expectNoneLogged([...numbers, ...numbers.map(censusHash)]);
  });

  it('a ballot cast online, replaced, assisted, or on paper (poll book and ballot box, one by one or as CSV) leaves the SQLSTATE in the log and no receipt, census number, hash, choice or account id', async () => {
    const confirmer = await createAccount(testApp.app, ['staff']);
    const { cycle, projects } = await openVotingCycle(testApp.app, staff, confirmer, {
      ballot: { method: 'approval' },
      districts: [{ districtId: kita, budget: 1000 }],
      projects: [
        { districtId: kita, cost: 100 },
        { districtId: kita, cost: 200 },
      ],
    });
    const [first = '', second = ''] = projects.get(kita) ?? [];
    const server = testApp.app.server;
    const numbers = [
      'LOGDB-ONLINE-1',
      'LOGDB-REPLACE-2',
      'LOGDB-DESK-3',
      'LOGDB-PAPER-4',
      'LOGDB-CSV-5',
      'LOGDB-ROOM-6',
      'LOGDB-ROOM-7',
    ];
    for (const number of numbers) await createCensusEntry(testApp.app, number, kita, 1960);
    const [online, replacing] = await Promise.all(
      [numbers[0] ?? '', numbers[1] ?? ''].map((number) =>
        createVoter(testApp.app, { districtId: kita, census: { number, birthYear: 1960 } }),
      ),
    );
    if (online === undefined || replacing === undefined) throw new Error('no voters');
    const ballotsRoute = '/api/cycles/:cycleId/ballots';

    const cast = await whileRefusing('participations', () =>
      request(server)
        .post(`/api/cycles/${cycle.id}/ballots`)
        .set('authorization', online.bearer)
        .send({ districtId: kita, choices: [{ proposalId: first }] }),
    );
    expectLoggedRefusal(cast, 'participations', ballotsRoute);

    const earlier = await request(server)
      .post(`/api/cycles/${cycle.id}/ballots`)
      .set('authorization', replacing.bearer)
      .send({ districtId: kita, choices: [{ proposalId: first }] });
    expect(earlier.status, earlier.text).toBe(201);
    const receipt = (earlier.body as BallotReceipt).receipt;
    const replaced = await whileRefusing('ballots', () =>
      request(server)
        .post(`/api/cycles/${cycle.id}/ballots/replace`)
        .set('authorization', replacing.bearer)
        .send({ receipt, choices: [{ proposalId: second }] }),
    );
    expectLoggedRefusal(replaced, 'ballots', `${ballotsRoute}/replace`);

    const desk = (path: string, number: string) =>
      whileRefusing('participations', () =>
        request(server)
          .post(`/api/cycles/${cycle.id}/${path}`)
          .set('authorization', staff.bearer)
          .send({ voter: { kind: 'census', value: number }, districtId: kita, choices: [{ proposalId: second }] }),
      );
    expectLoggedRefusal(
      await desk('assisted/ballots', numbers[2] ?? ''),
      'participations',
      '/api/cycles/:cycleId/assisted/ballots',
    );
    const issue = (number: string) =>
      request(server)
        .post(`/api/cycles/${cycle.id}/paper-ballots/issued`)
        .set('authorization', staff.bearer)
        .send({ voter: { kind: 'census', value: number }, districtId: kita });
    expectLoggedRefusal(
      await whileRefusing('participations', () => issue(numbers[3] ?? '')),
      'participations',
      '/api/cycles/:cycleId/paper-ballots/issued',
    );
    const csv = (path: string, body: string) =>
      request(server)
        .post(`/api/cycles/${cycle.id}/${path}`)
        .set('authorization', staff.bearer)
        .set('content-type', 'text/csv')
        .send(body);
    expectLoggedRefusal(
      await whileRefusing('participations', () =>
        csv('paper-ballots/issued/upload', `voter,district\n${numbers[4] ?? ''},kita\n`),
      ),
      'participations',
      '/api/cycles/:cycleId/paper-ballots/issued/upload',
    );
    for (const number of [numbers[5] ?? '', numbers[6] ?? '']) expect((await issue(number)).status).toBe(201);
    expectLoggedRefusal(
      await whileRefusing('ballots', () =>
        request(server)
          .post(`/api/cycles/${cycle.id}/paper-sheets`)
          .set('authorization', staff.bearer)
          .send({ districtId: kita, choices: [{ proposalId: second }] }),
      ),
      'ballots',
      '/api/cycles/:cycleId/paper-sheets',
    );
    expectLoggedRefusal(
      await whileRefusing('ballots', () => csv('paper-sheets/upload', 'district,choices\nkita,1 2\n')),
      'ballots',
      '/api/cycles/:cycleId/paper-sheets/upload',
    );

    expectNoneLogged([
      ...numbers,
      ...numbers.map(censusHash),
      ...receiptSecrets(receipt),
      online.id,
      replacing.id,
      first,
      second,
    ]);
  });

  it('a registration, a login and a password reset leave the SQLSTATE in the log and no email, password or password hash, and no rate-limit key holds an email', async () => {
    const server = testApp.app.server;
    const newcomer = { email: uniqueEmail('log-db-register'), password: 'a registration passphrase' };
    const registered = await whileRefusing('users', () =>
      request(server)
        .post('/api/auth/register')
        .send({ ...newcomer, displayName: 'Log Newcomer' }),
    );
    expectLoggedRefusal(registered, 'users', '/api/auth/register');

    const resident = await createAccount(testApp.app, ['resident']);
    const login = await whileRefusing('rate_limit_counters', () =>
      request(server).post('/api/auth/login').send({ email: resident.email, password: resident.password }),
    );
    expectLoggedRefusal(login, 'rate_limit_counters', '/api/auth/login');
    // Where the counter is stored (a table here, or Redis), its key holds no email either.
    expect(
      (await request(server).post('/api/auth/login').send({ email: resident.email, password: 'wrong!' })).status,
    ).toBe(401);
    const keys = await queryRows<{ key: string }>(testApp.app.db, sql`SELECT key FROM rate_limit_counters`);
    expect(keys.map((row) => row.key)).toContainEqual(expect.stringMatching(/^login-account:/));
    expect(keys.filter((row) => row.key.includes('@'))).toEqual([]);

    const asked = await request(server).post('/api/auth/password-reset/request').send({ email: resident.email });
    expect(asked.status).toBe(202);
    const token = mail.resetTokenFor(resident.email) ?? '';
    expect(token).not.toBe('');
    const newPassword = 'a reset log passphrase';
    const reset = await whileRefusing('users', () =>
      request(server).post('/api/auth/password-reset/confirm').send({ token, password: newPassword }),
    );
    expectLoggedRefusal(reset, 'users', '/api/auth/password-reset/confirm');

    expectNoneLogged([
      newcomer.email,
      newcomer.password,
      resident.email,
      resident.email.split('@')[0] ?? resident.email,
      resident.password,
      resident.id,
      token,
      newPassword,
    ]);
  });
});
