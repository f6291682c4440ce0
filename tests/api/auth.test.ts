import { sql } from 'drizzle-orm';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../server/src/db/database.js';
import { useTestApp } from '../helpers/app.js';
import { TEST_PASSWORD, createAccount, uniqueEmail } from '../helpers/accounts.js';

function sessionCookie(response: request.Response): string | undefined {
  const cookies = response.headers['set-cookie'] as unknown as string[] | undefined;
  return cookies?.find((cookie) => cookie.startsWith('pb_session='));
}

describe('registration and sign-in', () => {
  const current = useTestApp();
  const server = () => current().app.server;

  it('registers a resident, signs them in and sets an httpOnly, SameSite=Lax session cookie', async () => {
    const email = uniqueEmail('register');
    const response = await request(server())
      .post('/api/auth/register')
      .send({ email, password: TEST_PASSWORD, displayName: 'Hanako', locale: 'en' });
    expect(response.status).toBe(201);
    expect(response.body.user).toMatchObject({
      email,
      displayName: 'Hanako',
      locale: 'en',
      roles: ['resident'],
      districtId: null,
      verification: { verified: false, method: null, verifiedAt: null },
      mustChangePassword: false,
    });
    expect(typeof response.body.token).toBe('string');
    const cookie = sessionCookie(response);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i);
    const me = await request(server())
      .get('/api/me')
      .set('authorization', `Bearer ${String(response.body.token)}`);
    expect(me.status).toBe(200);
    expect(me.body.email).toBe(email);
  });

  it('refuses a second account with the same email in another letter case', async () => {
    const email = uniqueEmail('case');
    await request(server()).post('/api/auth/register').send({ email, password: TEST_PASSWORD, displayName: 'A' });
    const again = await request(server())
      .post('/api/auth/register')
      .send({ email: email.toUpperCase(), password: TEST_PASSWORD, displayName: 'B' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('auth.email_taken');
  });

  it('refuses short, common and self-describing passwords', async () => {
    const email = uniqueEmail('weak');
    const attempts = [
      { password: 'short', status: 400, code: 'request.invalid' },
      { password: 'password123', status: 400, code: 'auth.password_too_common' },
      { password: 'qwertyuiop', status: 400, code: 'auth.password_too_common' },
      { password: 'aaaaaaaaaaaa', status: 400, code: 'auth.password_too_common' },
      { password: email, status: 400, code: 'auth.password_too_common' },
    ];
    for (const attempt of attempts) {
      const response = await request(server())
        .post('/api/auth/register')
        .send({ email, password: attempt.password, displayName: 'Weak' });
      expect({ password: attempt.password, status: response.status, code: response.body.error?.code }).toEqual(attempt);
    }
  });

  it('refuses unknown fields, so nobody registers with roles of their choosing', async () => {
    const response = await request(server())
      .post('/api/auth/register')
      .send({ email: uniqueEmail('roles'), password: TEST_PASSWORD, displayName: 'Eve', roles: ['admin'] });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain('unknown field "roles"');
  });

  it('signs in with any letter case of the email and answers wrong passwords and unknown emails alike', async () => {
    const account = await createAccount(current().app, ['resident']);
    const ok = await request(server())
      .post('/api/auth/login')
      .send({ email: account.email.toUpperCase(), password: TEST_PASSWORD });
    expect(ok.status).toBe(200);
    expect(sessionCookie(ok)).toBeDefined();
    const wrong = await request(server())
      .post('/api/auth/login')
      .send({ email: account.email, password: 'not the one!' });
    const unknown = await request(server())
      .post('/api/auth/login')
      .send({ email: uniqueEmail('nobody'), password: 'not the one!' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.error.code).toBe('auth.invalid_credentials');
  });

  it('accepts the session cookie as well as the bearer token', async () => {
    const account = await createAccount(current().app, ['resident']);
    const login = await request(server())
      .post('/api/auth/login')
      .send({ email: account.email, password: TEST_PASSWORD });
    const cookie = sessionCookie(login)?.split(';')[0] ?? '';
    const me = await request(server()).get('/api/me').set('cookie', cookie);
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(account.id);
  });

  it('refreshes a valid session and logs out: the old token stops working at once', async () => {
    const account = await createAccount(current().app, ['resident']);
    const refreshed = await request(server()).post('/api/auth/refresh').set('authorization', account.bearer);
    expect(refreshed.status).toBe(200);
    const fresh = `Bearer ${String(refreshed.body.token)}`;
    const logout = await request(server()).post('/api/auth/logout').set('authorization', fresh);
    expect(logout.status).toBe(204);
    for (const token of [account.bearer, fresh]) {
      const me = await request(server()).get('/api/me').set('authorization', token);
      expect(me.status).toBe(401);
      expect(me.body.error.code).toBe('auth.token_revoked');
    }
  });

  it('a session ends at its absolute limit however often it was refreshed, and no token outlives it', async () => {
    const account = await createAccount(current().app, ['resident']);
    const { db } = current().app;
    await db.execute(sql`UPDATE sessions SET expires_at = now() + interval '60 seconds' WHERE user_id = ${account.id}`);
    const refreshed = await request(server()).post('/api/auth/refresh').set('authorization', account.bearer);
    expect(refreshed.status).toBe(200);
    expect(Date.parse(refreshed.body.expiresAt as string) - Date.now()).toBeLessThanOrEqual(61_000);
    await db.execute(
      sql`UPDATE sessions SET created_at = now() - interval '13 hours', expires_at = now() - interval '1 hour' WHERE user_id = ${account.id}`,
    );
    for (const path of ['/api/me', '/api/auth/refresh']) {
      const method = path === '/api/me' ? 'get' : 'post';
      const response = await request(server())
        [method](path)
        .set('authorization', `Bearer ${String(refreshed.body.token)}`);
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('auth.token_revoked');
    }
  });

  it('new sessions last 12 hours and tokens 30 minutes', async () => {
    const account = await createAccount(current().app, ['resident']);
    const rows = await queryRows<{ hours: string }>(
      current().app.db,
      sql`SELECT extract(epoch FROM expires_at - created_at) / 3600 AS hours FROM sessions WHERE user_id = ${account.id}`,
    );
    expect(Number(rows[0]?.hours)).toBe(12);
    const payload = JSON.parse(Buffer.from(account.token.split('.')[1] ?? '', 'base64url').toString()) as {
      iat: number;
      exp: number;
    };
    expect(payload.exp - payload.iat).toBe(30 * 60);
  });

  it('limits guesses of the current password to 10 an hour per account', async () => {
    const account = await createAccount(current().app, ['resident']);
    const statuses: number[] = [];
    for (let index = 0; index < 11; index += 1) {
      const response = await request(server())
        .post('/api/me/password')
        .set('authorization', account.bearer)
        .send({ currentPassword: `guess number ${String(index)}`, newPassword: 'whatever new passphrase' });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([...Array<number>(10).fill(401), 429]);
    const deletion = await request(server())
      .delete('/api/me')
      .set('authorization', account.bearer)
      .send({ password: TEST_PASSWORD });
    expect(deletion.status).toBe(429);
  });

  it('asks for credentials with 401 auth.required when none are sent', async () => {
    const response = await request(server()).get('/api/me');
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('auth.required');
  });

  it('answers the session probe with 200 and no user for a visitor, a stale cookie, or the signed-in user', async () => {
    const anonymous = await request(server()).get('/api/session');
    expect(anonymous.status).toBe(200);
    expect(anonymous.body).toEqual({ user: null });
    const stale = await request(server()).get('/api/session').set('cookie', 'pb_session=not-a-token');
    expect([stale.status, stale.body]).toEqual([200, { user: null }]);
    const account = await createAccount(current().app, ['resident']);
    const signedIn = await request(server()).get('/api/session').set('authorization', account.bearer);
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.user).toMatchObject({ id: account.id, email: account.email, roles: ['resident'] });
    await request(server()).post('/api/auth/logout').set('authorization', account.bearer);
    expect((await request(server()).get('/api/session').set('authorization', account.bearer)).body).toEqual({
      user: null,
    });
  });

  it('lets a user change their name and language', async () => {
    const account = await createAccount(current().app, ['resident']);
    const response = await request(server())
      .patch('/api/me')
      .set('authorization', account.bearer)
      .send({ displayName: '  Taro  ', locale: 'en' });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ displayName: 'Taro', locale: 'en' });
  });

  it('changing the password ends every other session and returns a fresh one', async () => {
    const account = await createAccount(current().app, ['resident']);
    const newPassword = 'a brand new passphrase';
    const wrong = await request(server())
      .post('/api/me/password')
      .set('authorization', account.bearer)
      .send({ currentPassword: 'wrong password!', newPassword });
    expect(wrong.status).toBe(401);
    const changed = await request(server())
      .post('/api/me/password')
      .set('authorization', account.bearer)
      .send({ currentPassword: TEST_PASSWORD, newPassword });
    expect(changed.status).toBe(200);
    expect((await request(server()).get('/api/me').set('authorization', account.bearer)).status).toBe(401);
    const fresh = await request(server())
      .get('/api/me')
      .set('authorization', `Bearer ${String(changed.body.token)}`);
    expect(fresh.status).toBe(200);
    const oldLogin = await request(server())
      .post('/api/auth/login')
      .send({ email: account.email, password: TEST_PASSWORD });
    expect(oldLogin.status).toBe(401);
  });
});
