import { count, eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { PAPER_UPLOAD_MAX_BYTES } from '@pb/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { cycles, proposals, users } from '../../server/src/db/schema.js';
import { updateUser } from '../../server/src/modules/users/users.repository.js';
import { createAccount, uniqueEmail, type TestAccount } from '../helpers/accounts.js';
import { openKitaCycle, useVotingApp } from '../helpers/voting-harness.js';
import { createVoter, storedBallots, storedParticipations, type Voter } from '../helpers/voting.js';

/** The default body limit of every JSON route (server/src/app.ts). */
const JSON_BODY_LIMIT = 100 * 1024;

const h = useVotingApp();

function send(method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, bearer: string | undefined, payload?: unknown) {
  return h.app().inject({
    method,
    url,
    headers: {
      ...(bearer === undefined ? {} : { authorization: bearer }),
      ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(payload === undefined ? {} : { payload: typeof payload === 'string' ? payload : JSON.stringify(payload) }),
  });
}

function errorOf(response: LightMyRequestResponse): { code: string; message: string } {
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  const body = response.json<{ error: { code: string; message: string } }>();
  expect(typeof body.error.code).toBe('string');
  expect(typeof body.error.message).toBe('string');
  return body.error;
}

function expectUnknownFieldRefused(response: LightMyRequestResponse, field: string): void {
  expect(response.statusCode, response.body).toBe(400);
  const error = errorOf(response);
  expect(error.code).toBe('request.invalid');
  expect(error.message).toContain(`unknown field "${field}"`);
}

function cycleBody(kita: string, extra: Record<string, unknown> = {}) {
  return {
    titleJa: '敵対的入力',
    titleEn: 'Hostile input',
    ballot: { method: 'approval' },
    districts: [{ districtId: kita, budget: 1_000_000 }],
    ...extra,
  };
}

function proposalBody(kita: string, extra: Record<string, unknown> = {}) {
  return {
    title: 'Benches by the river',
    summary: 'Ten oak benches on the river path.',
    description: 'Older residents need places to rest.',
    category: 'parks',
    districtId: kita,
    estimatedCost: 100_000,
    ...extra,
  };
}

async function cycleCount(): Promise<number> {
  const [row] = await h.app().db.select({ n: count() }).from(cycles);
  return row?.n ?? -1;
}

async function proposalCount(cycleId: string): Promise<number> {
  const [row] = await h.app().db.select({ n: count() }).from(proposals).where(eq(proposals.cycleId, cycleId));
  return row?.n ?? -1;
}

describe('oversized and deeply nested bodies', () => {
  let staff: TestAccount;
  beforeAll(() => {
    staff = h.staff();
  });

  it.each([
    ['POST', '/api/cycles'],
    ['POST', '/api/auth/login'],
    ['POST', '/api/auth/register'],
    ['PATCH', '/api/me'],
  ] as const)(
    'answers a JSON body over the 100 KB limit on %s %s with 413 and the JSON error body',
    async (method, url) => {
      const payload = JSON.stringify({ titleJa: 'x'.repeat(JSON_BODY_LIMIT) });
      const response = await send(method, url, staff.bearer, payload);
      expect(response.statusCode).toBe(413);
      expect(errorOf(response).code).toBe('request.too_large');
    },
  );

  it.each(['paper-ballots/issued/upload', 'paper-sheets/upload'])(
    'answers a paper upload (%s) over its own 4 MB limit with 413 and the JSON error body',
    async (path) => {
      const response = await h.app().inject({
        method: 'POST',
        url: `/api/cycles/00000000-0000-4000-8000-000000000000/${path}`,
        headers: { authorization: staff.bearer, 'content-type': 'text/csv' },
        payload: 'a'.repeat(PAPER_UPLOAD_MAX_BYTES + 1),
      });
      expect(response.statusCode).toBe(413);
      expect(errorOf(response).code).toBe('request.too_large');
    },
  );

  it.each([
    ['an array', '['.repeat(10_000) + ']'.repeat(10_000)],
    ['an object', '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000)],
    ['a field', `{"titleJa":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`],
    ['an object ending in __proto__', `${'{"a":'.repeat(10_000)}{"__proto__":{"x":1}}${'}'.repeat(10_000)}`],
    ['an unterminated array', '['.repeat(10_000)],
  ])('answers JSON nested 10 000 deep (%s) with 400, and keeps serving', async (_shape, payload) => {
    const response = await send('POST', '/api/cycles', staff.bearer, payload);
    expect(response.statusCode, response.body).toBe(400);
    errorOf(response);
    expect((await send('GET', '/api/health', undefined)).statusCode).toBe(200);
  });
});

describe('malformed URLs (answered by the router, before any route)', () => {
  it.each([
    ['a broken percent escape', '/api/cycles/%zz', 400],
    ['invalid UTF-8', '/api/cycles/%ED%A0%80', 400],
    ['a path parameter over 100 characters', `/api/cycles/${'a'.repeat(500)}`, 414],
  ])('answers %s with the JSON error body', async (_what, url, status) => {
    const response = await send('GET', url, undefined);
    expect(response.statusCode).toBe(status);
    expect(errorOf(response).code).toBe('request.invalid');
  });
});

describe('prototype pollution', () => {
  it.each([
    ['__proto__', '{"__proto__":{"x":1,"roles":["admin"]}}'],
    ['constructor.prototype', '{"constructor":{"prototype":{"x":1,"roles":["admin"]}}}'],
    ['nested __proto__', '{"displayName":"Pat","locale":"en","x":{"__proto__":{"x":1}}}'],
  ])('refuses a body carrying %s with 400 and pollutes nothing', async (_what, payload) => {
    const resident = await createAccount(h.app(), ['resident']);
    const response = await send('PATCH', '/api/me', resident.bearer, payload);
    expect(response.statusCode, response.body).toBe(400);
    errorOf(response);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect(({} as Record<string, unknown>).roles).toBeUndefined();
    const me = await send('GET', '/api/me', resident.bearer);
    expect(me.json<{ roles: string[] }>().roles).toEqual(['resident']);
  });
});

describe('mass assignment: unknown fields are refused and nothing is written', () => {
  let staff: TestAccount;
  let kita: string;
  beforeAll(() => {
    staff = h.staff();
    kita = h.district('kita');
  });

  it.each(['status', 'phase', 'budget', 'userId', 'verifiedAt', 'id', 'createdBy'])(
    'POST /api/cycles refuses "%s" and creates no cycle',
    async (field) => {
      const before = await cycleCount();
      const response = await send('POST', '/api/cycles', staff.bearer, cycleBody(kita, { [field]: 'published' }));
      expectUnknownFieldRefused(response, field);
      expect(await cycleCount()).toBe(before);
    },
  );

  it('POST /api/cycles refuses an unknown field inside a nested object (ballot, districts[])', async () => {
    const before = await cycleCount();
    const nestedBallot = await send(
      'POST',
      '/api/cycles',
      staff.bearer,
      cycleBody(kita, { ballot: { method: 'approval', status: 'open' } }),
    );
    expectUnknownFieldRefused(nestedBallot, 'status');
    const nestedDistrict = await send(
      'POST',
      '/api/cycles',
      staff.bearer,
      cycleBody(kita, { districts: [{ districtId: kita, budget: 1000, spent: 999 }] }),
    );
    expectUnknownFieldRefused(nestedDistrict, 'spent');
    expect(await cycleCount()).toBe(before);
  });

  it.each(['phase', 'status', 'budget', 'userId', 'frozenAt'])(
    'PATCH /api/cycles/:id refuses "%s" and leaves the cycle as it was',
    async (field) => {
      const created = await send('POST', '/api/cycles', staff.bearer, cycleBody(kita));
      expect(created.statusCode).toBe(201);
      const before = created.json<{ id: string }>();
      const response = await send('PATCH', `/api/cycles/${before.id}`, staff.bearer, {
        titleEn: 'Renamed',
        [field]: 'voting',
      });
      expectUnknownFieldRefused(response, field);
      const after = await send('GET', `/api/cycles/${before.id}`, staff.bearer);
      expect(after.json()).toEqual(before);
    },
  );

  it.each(['roles', 'verifiedAt', 'status', 'userId', 'districtId', 'disabledAt'])(
    'POST /api/auth/register refuses "%s" and creates no account',
    async (field) => {
      const email = uniqueEmail('register');
      const response = await send('POST', '/api/auth/register', undefined, {
        email,
        password: 'a long enough password',
        displayName: 'Mallory',
        [field]: field === 'roles' ? ['admin'] : '2020-01-01T00:00:00.000Z',
      });
      expectUnknownFieldRefused(response, field);
      const rows = await h.app().db.select({ id: users.id }).from(users).where(eq(users.email, email));
      expect(rows).toEqual([]);
    },
  );

  it.each(['roles', 'verifiedAt', 'districtId', 'email', 'userId', 'budget'])(
    'PATCH /api/me refuses "%s" and leaves the profile as it was',
    async (field) => {
      const resident = await createAccount(h.app(), ['resident']);
      const before = (await send('GET', '/api/me', resident.bearer)).json<Record<string, unknown>>();
      const response = await send('PATCH', '/api/me', resident.bearer, {
        displayName: 'Changed',
        [field]: field === 'roles' ? ['admin', 'staff'] : h.district('kita'),
      });
      expectUnknownFieldRefused(response, field);
      const after = (await send('GET', '/api/me', resident.bearer)).json<Record<string, unknown>>();
      expect(after).toEqual(before);
    },
  );

  it.each(['verifiedAt', 'email', 'userId', 'budget', 'districtId', 'status'])(
    'PATCH /api/admin/users/:id refuses "%s" and changes neither roles nor the row',
    async (field) => {
      const admin = await createAccount(h.app(), ['admin']);
      const target = await createAccount(h.app(), ['resident']);
      const read = () => h.app().db.select().from(users).where(eq(users.id, target.id));
      const before = await read();
      const response = await send('PATCH', `/api/admin/users/${target.id}`, admin.bearer, {
        roles: ['resident', 'admin'],
        [field]: 'x',
      });
      expectUnknownFieldRefused(response, field);
      expect(await read()).toEqual(before);
    },
  );

  describe('proposals', () => {
    let cycleId: string;
    let resident: TestAccount;
    let proposalId: string;

    beforeAll(async () => {
      const created = await send('POST', '/api/cycles', staff.bearer, cycleBody(kita));
      cycleId = created.json<{ id: string }>().id;
      const moved = await send('POST', `/api/cycles/${cycleId}/phase`, staff.bearer, { to: 'submission' });
      expect(moved.statusCode, moved.body).toBe(200);
      resident = await createAccount(h.app(), ['resident']);
      await updateUser(h.app().db, resident.id, {
        districtId: kita,
        verificationMethod: 'code',
        verifiedAt: new Date(),
      });
      const proposed = await send('POST', `/api/cycles/${cycleId}/proposals`, resident.bearer, proposalBody(kita));
      expect(proposed.statusCode, proposed.body).toBe(201);
      proposalId = proposed.json<{ id: string }>().id;
    });

    it.each(['status', 'budget', 'userId', 'authorId', 'ballotEligible', 'cost', 'cycleId'])(
      'POST /api/cycles/:id/proposals refuses "%s" and creates no proposal',
      async (field) => {
        const before = await proposalCount(cycleId);
        const response = await send(
          'POST',
          `/api/cycles/${cycleId}/proposals`,
          resident.bearer,
          proposalBody(kita, { [field]: field === 'ballotEligible' ? true : 'funded' }),
        );
        expectUnknownFieldRefused(response, field);
        expect(await proposalCount(cycleId)).toBe(before);
      },
    );

    it.each(['status', 'budget', 'userId', 'ballotEligible', 'cost', 'phase'])(
      'PATCH /api/proposals/:id refuses "%s" and leaves the proposal as it was',
      async (field) => {
        const read = () => h.app().db.select().from(proposals).where(eq(proposals.id, proposalId));
        const before = await read();
        const response = await send('PATCH', `/api/proposals/${proposalId}`, resident.bearer, {
          title: 'A new title',
          [field]: field === 'ballotEligible' ? true : 'feasible',
        });
        expectUnknownFieldRefused(response, field);
        expect(await read()).toEqual(before);
      },
    );
  });

  describe('ballots', () => {
    let cycleId: string;
    let project: string;
    let voter: Voter;

    beforeAll(async () => {
      const opened = await openKitaCycle(h, { method: 'approval' }, [100, 200], 1000);
      cycleId = opened.cycleId;
      project = opened.p[0] ?? '';
      voter = await createVoter(h.app(), { districtId: kita });
    });

    it.each(['userId', 'status', 'receiptHash', 'channel', 'verifiedAt'])(
      'POST /api/cycles/:id/ballots refuses "%s" and stores no ballot',
      async (field) => {
        const response = await send('POST', `/api/cycles/${cycleId}/ballots`, voter.bearer, {
          districtId: kita,
          choices: [{ proposalId: project }],
          [field]: 'paper',
        });
        expectUnknownFieldRefused(response, field);
        expect(await storedBallots(h.app(), cycleId)).toEqual([]);
        expect(await storedParticipations(h.app(), cycleId)).toEqual([]);
      },
    );

    it('POST /api/cycles/:id/ballots refuses an unknown field in a choice and stores no ballot', async () => {
      const response = await send('POST', `/api/cycles/${cycleId}/ballots`, voter.bearer, {
        districtId: kita,
        choices: [{ proposalId: project, weight: 100 }],
      });
      expectUnknownFieldRefused(response, 'weight');
      expect(await storedBallots(h.app(), cycleId)).toEqual([]);
    });

    it('still accepts the same ballot without the smuggled field (the refusals above were about the field)', async () => {
      const response = await send('POST', `/api/cycles/${cycleId}/ballots`, voter.bearer, {
        districtId: kita,
        choices: [{ proposalId: project }],
      });
      expect(response.statusCode, response.body).toBe(201);
      expect(await storedBallots(h.app(), cycleId)).toHaveLength(1);
    });
  });
});
