import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { createAccount, TEST_PASSWORD, uniqueEmail } from '../helpers/accounts.js';

function cookieOf(response: request.Response): string {
  const cookies = response.headers['set-cookie'] as unknown as string[];
  return cookies.find((cookie) => cookie.startsWith('pb_session='))?.split(';')[0] ?? '';
}

describe('cross-site requests', () => {
  const current = useTestApp({ config: { publicUrl: 'https://pb.example.org' } });
  const server = () => current().app.server;

  async function cookieSession(): Promise<string> {
    const account = await createAccount(current().app, ['resident']);
    const login = await request(server())
      .post('/api/auth/login')
      .send({ email: account.email, password: TEST_PASSWORD });
    return cookieOf(login);
  }

  it('refuses a cross-site form post that carries the session cookie, and changes nothing', async () => {
    const cookie = await cookieSession();
    const attack = await request(server())
      .patch('/api/me')
      .set('cookie', cookie)
      .set('origin', 'https://evil.example')
      .set('sec-fetch-site', 'cross-site')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ displayName: 'pwned' }));
    expect(attack.status).toBe(403);
    expect(attack.body.error.code).toBe('auth.cross_site_request');
    const me = await request(server()).get('/api/me').set('cookie', cookie);
    expect(me.body.displayName).not.toBe('pwned');
  });

  it('refuses a cross-site logout form (an HTML form sends no Fetch Metadata in old browsers, only Origin)', async () => {
    const cookie = await cookieSession();
    const attack = await request(server())
      .post('/api/auth/logout')
      .set('cookie', cookie)
      .set('origin', 'https://evil.example')
      .type('form')
      .send('x=1');
    expect(attack.status).toBe(403);
    expect((await request(server()).get('/api/me').set('cookie', cookie)).status).toBe(200);
  });

  it('refuses login CSRF from another site', async () => {
    const account = await createAccount(current().app, ['resident']);
    const attack = await request(server())
      .post('/api/auth/login')
      .set('sec-fetch-site', 'cross-site')
      .send({ email: account.email, password: TEST_PASSWORD });
    expect(attack.status).toBe(403);
  });

  it("accepts the app's own requests: same-origin Fetch Metadata, or the public origin", async () => {
    const cookie = await cookieSession();
    const sameOrigin = await request(server())
      .patch('/api/me')
      .set('cookie', cookie)
      .set('sec-fetch-site', 'same-origin')
      .send({ displayName: 'Same origin' });
    expect(sameOrigin.status).toBe(200);
    const publicOrigin = await request(server())
      .patch('/api/me')
      .set('cookie', cookie)
      .set('origin', 'https://pb.example.org')
      .send({ displayName: 'Public origin' });
    expect(publicOrigin.status).toBe(200);
  });

  it('lets cross-site pages read nothing either: reads carry no CORS permission', async () => {
    const cookie = await cookieSession();
    const read = await request(server()).get('/api/me').set('cookie', cookie).set('origin', 'https://evil.example');
    expect(read.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('login rate limits', () => {
  const current = useTestApp({ config: { trustProxy: true } });
  const server = () => current().app.server;

  function attempt(email: string, password: string, ip: string) {
    return request(server()).post('/api/auth/login').set('x-forwarded-for', ip).send({ email, password });
  }

  it('an attacker guessing from one address cannot lock the resident out from another', async () => {
    const account = await createAccount(current().app, ['resident']);
    const statuses: number[] = [];
    for (let index = 0; index < 11; index += 1)
      statuses.push((await attempt(account.email, 'guess-guess!', '203.0.113.7')).status);
    expect(statuses.slice(0, 10)).toEqual(Array<number>(10).fill(401));
    expect(statuses[10]).toBe(429);
    const correctFromAttacker = await attempt(account.email, TEST_PASSWORD, '203.0.113.7');
    expect(correctFromAttacker.status).toBe(429);
    expect(correctFromAttacker.body.error.code).toBe('auth.rate_limited');
    expect(Number(correctFromAttacker.headers['retry-after'])).toBeGreaterThan(0);
    const fromHome = await attempt(account.email, TEST_PASSWORD, '198.51.100.20');
    expect(fromHome.status).toBe(200);
  });

  it('limits registrations per address', async () => {
    const statuses: number[] = [];
    for (let index = 0; index < 21; index += 1) {
      const response = await request(server())
        .post('/api/auth/register')
        .set('x-forwarded-for', '192.0.2.99')
        .send({ email: uniqueEmail('bulk'), password: TEST_PASSWORD, displayName: 'Bulk' });
      statuses.push(response.status);
    }
    expect(statuses.slice(0, 20)).toEqual(Array<number>(20).fill(201));
    expect(statuses[20]).toBe(429);
  });
});
