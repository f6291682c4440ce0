import { createHmac } from 'node:crypto';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from '../../server/src/plugins/external/jwt.js';
import { TEST_SECRETS, useTestApp } from '../helpers/app.js';
import { createAccount, type TestAccount } from '../helpers/accounts.js';

function base64url(value: unknown): string {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
}

function forge(header: object, payload: unknown, sign: { algorithm?: 'sha256' | 'sha512'; secret?: string } = {}) {
  const unsigned = `${base64url(header)}.${base64url(payload)}`;
  if (sign.secret === undefined) return `${unsigned}.`;
  const signature = createHmac(sign.algorithm ?? 'sha256', sign.secret)
    .update(unsigned)
    .digest('base64url');
  return `${unsigned}.${signature}`;
}

function claimsOf(token: string): { sub: string; sid: string } {
  const payload = token.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString()) as { sub: string; sid: string };
}

describe('forged and stale tokens', () => {
  const current = useTestApp();
  let account: TestAccount;
  let other: TestAccount;
  let claims: Record<string, unknown>;
  const now = () => Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    account = await createAccount(current().app, ['resident', 'admin']);
    other = await createAccount(current().app, ['resident']);
    const { sub, sid } = claimsOf(account.token);
    claims = { sub, sid, iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE, iat: now(), exp: now() + 600 };
  });

  async function status(authorization: string): Promise<{ status: number; code: string | undefined }> {
    const response = await request(current().app.server).get('/api/admin/users').set('authorization', authorization);
    return { status: response.status, code: response.body?.error?.code as string | undefined };
  }

  const hs256 = { algorithm: 'sha256', secret: TEST_SECRETS.JWT_SECRET } as const;

  it('accepts a token forged exactly like ours (the baseline the other cases differ from)', async () => {
    expect(await status(`Bearer ${forge({ alg: 'HS256', typ: 'JWT' }, claims, hs256)}`)).toEqual({
      status: 200,
      code: undefined,
    });
  });

  const cases: [string, () => string, string][] = [
    ['alg: none without a signature', () => forge({ alg: 'none', typ: 'JWT' }, claims), 'auth.token_invalid'],
    ['alg: none with a signature', () => forge({ alg: 'none', typ: 'JWT' }, claims, hs256), 'auth.token_invalid'],
    [
      'another algorithm (HS512 with the right secret)',
      () => forge({ alg: 'HS512', typ: 'JWT' }, claims, { algorithm: 'sha512', secret: TEST_SECRETS.JWT_SECRET }),
      'auth.token_invalid',
    ],
    [
      'RS256 in the header, HMAC-signed (algorithm confusion)',
      () => forge({ alg: 'RS256' }, claims, hs256),
      'auth.token_invalid',
    ],
    [
      'a wrong secret',
      () => forge({ alg: 'HS256', typ: 'JWT' }, claims, { secret: 'another-secret-0123456789abcdefghijklmnop' }),
      'auth.token_invalid',
    ],
    [
      'a wrong audience',
      () => forge({ alg: 'HS256' }, { ...claims, aud: 'some-other-api' }, hs256),
      'auth.token_invalid',
    ],
    ['a wrong issuer', () => forge({ alg: 'HS256' }, { ...claims, iss: 'someone-else' }, hs256), 'auth.token_invalid'],
    [
      'an expired token',
      () => forge({ alg: 'HS256' }, { ...claims, iat: now() - 4000, exp: now() - 60 }, hs256),
      'auth.token_expired',
    ],
    ['no expiry', () => forge({ alg: 'HS256' }, { ...claims, exp: undefined }, hs256), 'auth.token_invalid'],
    ['an array payload', () => forge({ alg: 'HS256' }, [claims], hs256), 'auth.token_invalid'],
    ['no session id', () => forge({ alg: 'HS256' }, { ...claims, sid: undefined }, hs256), 'auth.token_invalid'],
    [
      "another user's session",
      () => forge({ alg: 'HS256' }, { ...claims, sid: claimsOf(other.token).sid }, hs256),
      'auth.token_invalid',
    ],
    [
      'an unknown session',
      () => forge({ alg: 'HS256' }, { ...claims, sid: '00000000-0000-4000-8000-000000000000' }, hs256),
      'auth.token_invalid',
    ],
    ['a truncated token', () => account.token.slice(0, -5), 'auth.token_invalid'],
    ['garbage', () => 'not-a-token', 'auth.token_invalid'],
  ];

  for (const [name, makeToken, code] of cases) {
    it(`refuses ${name} with 401 ${code}`, async () => {
      expect(await status(`Bearer ${makeToken()}`)).toEqual({ status: 401, code });
    });
  }

  it('refuses other authorization schemes', async () => {
    expect((await status(`Basic ${Buffer.from('a:b').toString('base64')}`)).status).toBe(401);
    expect((await status(`Bearer`)).status).toBe(401);
  });
});
