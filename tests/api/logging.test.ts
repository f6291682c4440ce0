import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BallotReceipt } from '@pb/shared';
import { createAccount } from '../helpers/accounts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { captureLogs } from '../helpers/logs.js';
import { createVoter, districtIds, openVotingCycle } from '../helpers/voting.js';

const SECRETS = {
  bearer: 'eyJhbGciOiJIUzI1NiJ9.bearer-token-value',
  cookie: 'session-cookie-value-123',
  password: 'correct horse battery staple',
  receipt: 'ABCD-EFGH-IJKL-MNOP',
  census: '1234-5678-9012',
};

const logs = captureLogs();
const lines = logs.lines;

let testApp: TestApp;

beforeAll(async () => {
  testApp = await createTestApp({ config: { logLevel: 'trace' }, logStream: logs.stream });
  testApp.app.get('/api/test/log-sensitive', { config: { access: 'public' } }, async (request) => {
    request.log.info(
      {
        password: SECRETS.password,
        body: { receiptCode: SECRETS.receipt, resident: { censusNumber: SECRETS.census } },
      },
      'handling a sensitive request',
    );
    request.log.info(
      { req: { headers: { authorization: `Bearer ${SECRETS.bearer}`, cookie: SECRETS.cookie } } },
      'headers',
    );
    return { ok: true };
  });
  await testApp.app.ready();
});

afterAll(async () => {
  await testApp.close();
});

describe('logs', () => {
  it('are JSON lines, one per request, carrying the request id, method, URL, status and time', async () => {
    const response = await request(testApp.app.server).get('/api/health');
    const requestId = String(response.headers['x-request-id']);
    expect(logs.of(requestId)).toEqual([
      expect.objectContaining({
        level: 30,
        msg: 'request completed',
        req: expect.objectContaining({ method: 'GET', url: '/api/health' }) as unknown,
        res: { statusCode: response.status },
        responseTime: expect.any(Number) as unknown,
      }),
    ]);
  });

  it('never contain passwords, tokens, cookies, receipt codes or census numbers', async () => {
    await request(testApp.app.server)
      .get('/api/test/log-sensitive')
      .set('authorization', `Bearer ${SECRETS.bearer}`)
      .set('cookie', `pb_session=${SECRETS.cookie}`);
    const output = lines.join('');
    expect(output).toContain('handling a sensitive request');
    expect(output).toContain('[redacted]');
    for (const secret of Object.values(SECRETS)) expect(output).not.toContain(secret);
  });

  it('keep no password, token or census number through sign-up, sign-in, verification and a reset', async () => {
    const server = testApp.app.server;
    const email = 'log-check@example.org';
    const password = 'a log-proof passphrase';
    const registered = await request(server).post('/api/auth/register').send({ email, password, displayName: 'Log' });
    const token = String(registered.body.token);
    await request(server).post('/api/auth/login').send({ email, password });
    await request(server).post('/api/auth/login').send({ email, password: 'a wrong log passphrase' });
    await request(server)
      .post('/api/me/verification/census')
      .set('authorization', `Bearer ${token}`)
      .send({ residentNumber: 'R99887766', birthYear: 1950 });
    await request(server)
      .post('/api/auth/password-reset/confirm')
      .send({ token: 'reset-token-value-0123456789', password });
    const output = lines.join('');
    expect(output).toContain('/api/auth/login');
    for (const secret of [
      password,
      'a wrong log passphrase',
      token,
      token.split('.')[2] ?? token,
      'R99887766',
      'reset-token-value-0123456789',
    ]) {
      expect(output).not.toContain(secret);
    }
  });

  it('keep no receipt code or census number through a census upload, a ballot, a receipt check and a replacement', async () => {
    const app = testApp.app;
    const server = app.server;
    const [staff, confirmer] = await Promise.all([createAccount(app, ['staff']), createAccount(app, ['staff'])]);
    const kita = (await districtIds(app)).kita ?? '';
    const census = await request(server)
      .put('/api/census')
      .set('authorization', staff.bearer)
      .set('content-type', 'text/csv')
      .send('resident_number,district,birth_year\nLOGCENSUS4711,kita,1961\n');
    expect(census.status, census.text).toBe(200);
    const { cycle, projects } = await openVotingCycle(app, staff, confirmer, {
      ballot: { method: 'approval' },
      districts: [{ districtId: kita, budget: 1000 }],
      projects: [
        { districtId: kita, cost: 100 },
        { districtId: kita, cost: 200 },
      ],
    });
    const [first, second] = projects.get(kita) ?? [];
    const voter = await createVoter(app, { districtId: kita });
    const cast = await request(server)
      .post(`/api/cycles/${cycle.id}/ballots`)
      .set('authorization', voter.bearer)
      .send({ districtId: kita, choices: [{ proposalId: first }] });
    expect(cast.status, cast.text).toBe(201);
    const receipt = (cast.body as BallotReceipt).receipt;
    const lookup = await request(server).post(`/api/cycles/${cycle.id}/receipts/lookup`).send({ receipt });
    expect(lookup.status).toBe(200);
    const replaced = await request(server)
      .post(`/api/cycles/${cycle.id}/ballots/replace`)
      .set('authorization', voter.bearer)
      .send({ receipt, choices: [{ proposalId: second }] });
    expect(replaced.status, replaced.text).toBeLessThan(300);
    const output = lines.join('');
    expect(output).toContain(`/api/cycles/${cycle.id}/receipts/lookup`);
    const codes = [receipt, (replaced.body as BallotReceipt).receipt];
    for (const secret of ['LOGCENSUS4711', ...codes, ...codes.map((code) => code.replaceAll('-', ''))]) {
      expect(output).not.toContain(secret);
    }
  });
});
