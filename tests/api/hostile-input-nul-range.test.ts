import { count, eq } from 'drizzle-orm';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { cycles, proposals } from '../../server/src/db/schema.js';
import { updateUser } from '../../server/src/modules/users/users.repository.js';
import { createAccount, type TestAccount } from '../helpers/accounts.js';
import { contractViolation } from '../helpers/fuzz.js';
import { openKitaCycle, useVotingApp } from '../helpers/voting-harness.js';
import { createCensusEntry } from '../helpers/voting.js';

/** PostgreSQL stores no U+0000 in text; most of these requests once reached it and got a 500. */
const NUL = '\u0000';

const h = useVotingApp();

interface Sent {
  status: number;
  type: string | undefined;
  body: string;
}

const sentOf = (response: request.Response): Sent => ({
  status: response.status,
  type: response.headers['content-type'],
  body: response.text,
});

async function sendJson(method: 'GET' | 'POST' | 'PATCH', url: string, bearer?: string, payload?: unknown) {
  const response = await h.app().inject({
    method,
    url,
    headers: {
      ...(bearer === undefined ? {} : { authorization: bearer }),
      ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
  });
  return {
    status: response.statusCode,
    type: response.headers['content-type'] as string | undefined,
    body: response.body,
  };
}

/** 400 `request.invalid` with the JSON error body, its message naming where the bad value was. */
function expectRefused(response: Sent, where: string): void {
  expect(response.status, response.body).toBe(400);
  expect(contractViolation(response.status, response.type, response.body)).toBeUndefined();
  const error = (JSON.parse(response.body) as { error: { code: string; message: string } }).error;
  expect(error.code).toBe('request.invalid');
  expect(error.message).toContain(where);
}

async function proposalCount(cycleId: string): Promise<number> {
  const [row] = await h.app().db.select({ n: count() }).from(proposals).where(eq(proposals.cycleId, cycleId));
  return row?.n ?? -1;
}

describe('a NUL character in any string is refused with 400 before it reaches the database', () => {
  let staff: TestAccount;
  let cycleId: string;
  beforeAll(async () => {
    staff = h.staff();
    const created = await sendJson('POST', '/api/cycles', staff.bearer, {
      titleJa: 'NUL',
      titleEn: 'NUL',
      ballot: { method: 'approval' },
      districts: [{ districtId: h.district('kita'), budget: 1_000_000 }],
    });
    cycleId = (JSON.parse(created.body) as { id: string }).id;
    const moved = await sendJson('POST', `/api/cycles/${cycleId}/phase`, staff.bearer, { to: 'submission' });
    expect(moved.status, moved.body).toBe(200);
  });

  it('refuses a NUL in the email of an anonymous sign-in (the JSON escape \\u0000)', async () => {
    const response = await sendJson('POST', '/api/auth/login', undefined, {
      email: `mallory${NUL}@example.org`,
      password: 'whatever it is',
    });
    expectRefused(response, 'body.email contains a NUL character');
  });

  it('refuses a NUL in a proposal title and creates no proposal', async () => {
    const kita = h.district('kita');
    const resident = await createAccount(h.app(), ['resident']);
    await updateUser(h.app().db, resident.id, { districtId: kita, verificationMethod: 'code', verifiedAt: new Date() });
    const response = await sendJson('POST', `/api/cycles/${cycleId}/proposals`, resident.bearer, {
      title: `Benches${NUL}by the river`,
      summary: 'Ten oak benches on the river path.',
      description: 'Older residents need places to rest.',
      category: 'parks',
      districtId: kita,
      estimatedCost: 100_000,
    });
    expectRefused(response, 'body.title contains a NUL character');
    expect(await proposalCount(cycleId)).toBe(0);
  });

  it('refuses a NUL in the proposal search q', async () => {
    const response = await sendJson('GET', `/api/cycles/${cycleId}/proposals?q=bench%00es`);
    expectRefused(response, 'querystring.q contains a NUL character');
  });

  it('refuses a NUL in the city name and leaves the city as it was', async () => {
    const before = (await sendJson('GET', '/api/city')).body;
    const response = await sendJson('PATCH', '/api/city', staff.bearer, { nameEn: `Kita${NUL}City` });
    expectRefused(response, 'body.nameEn contains a NUL character');
    expect((await sendJson('GET', '/api/city')).body).toBe(before);
  });

  it('refuses a lone surrogate in the city name and leaves the city as it was', async () => {
    const before = (await sendJson('GET', '/api/city')).body;
    const response = await sendJson('PATCH', '/api/city', staff.bearer, { nameJa: 'Kita\udc00' });
    expectRefused(response, 'body.nameJa contains a lone surrogate');
    expect((await sendJson('GET', '/api/city')).body).toBe(before);
  });

  const censusLines = (from: number, count: number) =>
    Array.from({ length: count }, (_, index) => `R${String(from + index)},kita,1980\n`).join('');

  it.each([
    ['on the last of 20 000 lines', `${censusLines(0, 20_000)}R9${NUL},kita,1980\n`],
    ['on the first line, before 2 MB more', `R9,kita${NUL},1980\n${censusLines(0, 120_000)}`],
  ])('refuses a census CSV with a NUL in a cell %s with 400 and keeps the current list', async (_where, lines) => {
    await createCensusEntry(h.app(), 'KEEP0001', h.district('kita'), 1980);
    const response = await request(h.app().server)
      .put('/api/census')
      .set('authorization', staff.bearer)
      .set('content-type', 'text/csv')
      .send(`resident_number,district,birth_year\n${lines}`);
    expectRefused(sentOf(response), 'body contains a NUL character');
    const summary = await request(h.app().server).get('/api/verification/summary').set('authorization', staff.bearer);
    expect((summary.body as { census: { entries: number } }).census.entries).toBe(1);
  });

  it.each([
    ['poll book', 'paper-ballots/issued/upload', `voter,district\nA0001${NUL},kita\n`],
    ['ballot box', 'paper-sheets/upload', `district,choices\nkita,1${NUL}\n`],
  ])('refuses a paper CSV (%s) with a NUL in a cell and counts nothing', async (_what, path, csv) => {
    const { cycleId } = await openKitaCycle(h, { method: 'approval' }, [100, 200], 1000);
    const response = await request(h.app().server)
      .post(`/api/cycles/${cycleId}/${path}`)
      .set('authorization', staff.bearer)
      .set('content-type', 'text/csv')
      .send(csv);
    expectRefused(sentOf(response), 'body contains a NUL character');
    const entry = await sendJson('GET', `/api/cycles/${cycleId}/paper-entry`, staff.bearer);
    expect(JSON.parse(entry.body) as { paperBallots: number; sheets: number }).toMatchObject({
      paperBallots: 0,
      sheets: 0,
    });
  });

  it('refuses a .pb import with a NUL in a project name and creates no cycle', async () => {
    const [before] = await h.app().db.select({ n: count() }).from(cycles);
    const file = `META\nkey;value\nbudget;10\nvote_type;approval\nPROJECTS\nproject_id;cost;name\n1;5;Park${NUL}\nVOTES\nvoter_id;vote\na;1\n`;
    const response = await request(h.app().server)
      .post('/api/cycles/import')
      .set('authorization', staff.bearer)
      .set('content-type', 'application/octet-stream')
      .send(Buffer.from(file));
    expectRefused(sentOf(response), 'body contains a NUL character');
    const [after] = await h.app().db.select({ n: count() }).from(cycles);
    expect(after?.n).toBe(before?.n);
  });
});

describe('an out-of-range number is refused with 400 before it reaches the database', () => {
  let auditor: TestAccount;
  beforeAll(async () => {
    auditor = await createAccount(h.app(), ['auditor']);
  });

  it.each(['99999999999999999999', '9007199254740992', '1e308'])(
    'refuses audit-log?before=%s, beyond any id a number holds exactly',
    async (before) => {
      const response = await sendJson('GET', `/api/audit-log?before=${before}`, auditor.bearer);
      expectRefused(response, 'querystring.before must be <= 9007199254740991');
    },
  );

  it('still pages the audit log with the largest id it accepts', async () => {
    const response = await sendJson('GET', `/api/audit-log?before=${String(Number.MAX_SAFE_INTEGER)}`, auditor.bearer);
    expect(response.status, response.body).toBe(200);
  });
});
