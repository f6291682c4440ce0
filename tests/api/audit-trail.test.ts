import type { AuditChainReport, AuditEvent } from '@pb/shared';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAccount, TEST_PASSWORD, type TestAccount } from '../helpers/accounts.js';
import { useTestApp } from '../helpers/app.js';
import { createDenialRecorder } from '../../server/src/modules/audit/audit.denials.js';

describe('the audit trail of sign-ins, refusals and roles', () => {
  const currentApp = useTestApp();
  const server = () => currentApp().app.server;
  let auditor: TestAccount;
  let resident: TestAccount;
  let staff: TestAccount;

  async function events(query: string): Promise<AuditEvent[]> {
    const response = await request(server())
      .get(`/api/audit-log?limit=200&${query}`)
      .set('authorization', auditor.bearer);
    expect(response.status).toBe(200);
    return response.body.items as AuditEvent[];
  }

  beforeAll(async () => {
    const app = currentApp().app;
    [auditor, resident, staff] = await Promise.all([
      createAccount(app, ['auditor']),
      createAccount(app, ['resident']),
      createAccount(app, ['staff', 'resident']),
    ]);
  });

  it('a failed sign-in is recorded with its reason and the account it named, never the email typed', async () => {
    const wrong = await request(server())
      .post('/api/auth/login')
      .send({ email: resident.email, password: 'not it at all' });
    expect(wrong.status).toBe(401);
    const unknownEmail = `nobody-${String(Date.now())}@example.org`;
    const unknown = await request(server())
      .post('/api/auth/login')
      .send({ email: unknownEmail, password: TEST_PASSWORD });
    expect(unknown.status).toBe(401);

    const failed = await events('action=auth.login_failed');
    const forResident = failed.filter((event) => event.subjectId === resident.id);
    expect(forResident.map((event) => [event.actorRole, event.details.reason])).toEqual([
      ['anonymous', 'wrong_password'],
    ]);
    expect(failed.some((event) => event.subjectId === null && event.details.reason === 'unknown_account')).toBe(true);
    const logged = JSON.stringify(failed);
    expect(logged).not.toContain(unknownEmail);
    expect(logged).not.toContain(resident.email);
  });

  it('a request refused for lack of a role is recorded with who made it, the route and their role, once a minute', async () => {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const refused = await request(server()).get('/api/audit-log').set('authorization', resident.bearer);
      expect(refused.status).toBe(403);
    }
    const denied = await events(`action=access.denied&actorId=${resident.id}`);
    expect(denied).toHaveLength(1);
    expect(denied[0]).toMatchObject({
      actorRole: 'resident',
      details: { method: 'GET', route: '/api/audit-log' },
    });
  });

  it('repeated refusals of a pair within the window are one entry, and the next entry says how many there were', async () => {
    let clock = 0;
    const recordDenial = createDenialRecorder({ windowMs: 60_000, now: () => clock });
    const db = currentApp().app.db;
    const route = '/api/test/denials';
    for (let attempt = 0; attempt < 5; attempt += 1) await recordDenial(db, staff.id, 'POST', route);
    await recordDenial(db, staff.id, 'GET', route);
    clock = 60_000;
    await recordDenial(db, staff.id, 'POST', route);
    const entries = (await events(`action=access.denied&actorId=${staff.id}`)).filter(
      (event) => event.details.route === route,
    );
    const summary = entries.map((event) => [event.details.method, event.details.repeatedBefore ?? 0]);
    expect(summary.sort()).toEqual([
      ['GET', 0],
      ['POST', 0],
      ['POST', 4],
    ]);
  });

  it('entries carry the most privileged role the actor held, and filter by role, action prefix and day', async () => {
    const city = await request(server()).get('/api/city');
    const districtId = (city.body.districts as { id: string }[])[0]?.id ?? '';
    const created = await request(server())
      .post('/api/cycles')
      .set('authorization', staff.bearer)
      .send({
        titleJa: '監査テスト',
        titleEn: 'Audit test',
        ballot: { method: 'approval' },
        districts: [{ districtId, budget: 1000 }],
      });
    expect(created.status, created.text).toBe(201);
    const byStaff = await events(`role=staff&action=cycle.`);
    expect(byStaff.some((event) => event.action === 'cycle.created' && event.actorId === staff.id)).toBe(true);
    expect(byStaff.every((event) => event.actorRole === 'staff' && event.action.startsWith('cycle.'))).toBe(true);
    expect(await events('role=auditor&action=cycle.')).toEqual([]);

    // Days are the city's: at 23:30 UTC it is already tomorrow in Tokyo.
    const cityDay = (offsetDays: number) =>
      new Intl.DateTimeFormat('en-CA', { timeZone: city.body.timeZone as string }).format(
        new Date(Date.now() + offsetDays * 86_400_000),
      );
    expect(await events(`from=${cityDay(1)}&action=cycle.created`)).toEqual([]);
    expect(await events(`to=${cityDay(-1)}&action=cycle.created`)).toEqual([]);
    const today = await events(`from=${cityDay(0)}&to=${cityDay(0)}&action=cycle.created`);
    expect(today.map((event) => event.actorId)).toContain(staff.id);
  });

  it('entries name their actor and their cycle by what they are called now, never by an e-mail address', async () => {
    const city = await request(server()).get('/api/city');
    const districtId = (city.body.districts as { id: string }[])[0]?.id ?? '';
    const created = await request(server())
      .post('/api/cycles')
      .set('authorization', staff.bearer)
      .send({
        titleJa: '名前の見える監査',
        titleEn: 'Named audit',
        ballot: { method: 'approval' },
        districts: [{ districtId, budget: 1000 }],
      });
    expect(created.status, created.text).toBe(201);
    const [entry] = (await events(`action=cycle.created&actorId=${staff.id}`)).filter(
      (event) => event.subjectId === created.body.id,
    );
    expect(entry).toMatchObject({
      actor: { name: staff.email.split('@')[0], erased: false },
      subject: { kind: 'cycle', titleJa: '名前の見える監査', titleEn: 'Named audit' },
    });
    const failed = await events(`action=auth.login_failed&subjectId=${resident.id}`);
    expect(failed[0]?.subject).toEqual({ kind: 'user', name: resident.email.split('@')[0], erased: false });
    expect(JSON.stringify(failed)).not.toContain('@');
  });

  it('a filter that is not a known role or a real date is refused with a 400', async () => {
    for (const query of ['role=mayor', 'from=2026-13-40', 'actorId=not-a-uuid']) {
      const response = await request(server()).get(`/api/audit-log?${query}`).set('authorization', auditor.bearer);
      expect(response.status, query).toBe(400);
      expect(response.body.error.code).toBe('request.invalid');
    }
  });

  it('auditors can check the whole chain from the API, and residents cannot', async () => {
    const report = await request(server()).get('/api/audit-log/verify').set('authorization', auditor.bearer);
    expect(report.status).toBe(200);
    const body = report.body as AuditChainReport;
    expect(body.intact).toBe(true);
    expect(body.broken).toBeNull();
    expect(body.entries).toBeGreaterThan(3);
    const refused = await request(server()).get('/api/audit-log/verify').set('authorization', resident.bearer);
    expect(refused.status).toBe(403);
  });
});
