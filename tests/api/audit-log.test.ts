import type { CreatedVotingCodes } from '@pb/shared';
import { sql } from 'drizzle-orm';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../server/src/db/database.js';
import { createAccount, type TestAccount } from '../helpers/accounts.js';
import { useTestApp } from '../helpers/app.js';

interface AuditEvent {
  id: number;
  actorId: string | null;
  action: string;
  subjectId: string | null;
  details: Record<string, unknown>;
}

const RESIDENT_NUMBERS = ['AUDQ7X91', 'AUDQ7X92', 'AUDQ7X93', 'AUDQ7X94', 'AUDQ7X95'];

describe('the audit log', () => {
  const currentApp = useTestApp({ config: { seedDemo: true } });
  const server = () => currentApp().app.server;
  let staff: TestAccount;
  let auditor: TestAccount;
  let censusResident: TestAccount;
  let codeResident: TestAccount;
  let kita: string;
  let batchId: string;

  async function events(query = '?limit=200'): Promise<AuditEvent[]> {
    const response = await request(server()).get(`/api/audit-log${query}`).set('authorization', auditor.bearer);
    expect(response.status).toBe(200);
    return response.body.items as AuditEvent[];
  }
  const only = async (action: string) => (await events()).filter((event) => event.action === action);

  beforeAll(async () => {
    const app = currentApp().app;
    [staff, auditor, censusResident, codeResident] = await Promise.all([
      createAccount(app, ['staff']),
      createAccount(app, ['auditor']),
      createAccount(app, ['resident']),
      createAccount(app, ['resident']),
    ]);
    const city = await request(server()).get('/api/city');
    kita = (city.body.districts as { slug: string; id: string }[]).find((d) => d.slug === 'kita')?.id ?? '';

    const [censusNumber = '', minamiNumber = '', ...letters] = RESIDENT_NUMBERS;
    const census = `resident_number,district,birth_year\n${censusNumber},kita,1980\n${minamiNumber},minami,1990\n${letters.map((number) => `${number},kita,1985\n`).join('')}`;
    const steps = [
      await request(server())
        .put('/api/census')
        .set('authorization', staff.bearer)
        .set('content-type', 'text/csv')
        .send(census),
      await request(server())
        .post('/api/me/verification/census')
        .set('authorization', censusResident.bearer)
        .send({ residentNumber: censusNumber, birthYear: 1980 }),
      await request(server())
        .post('/api/voting-codes')
        .set('authorization', staff.bearer)
        .send({ residentNumbers: letters }),
    ];
    const issued = steps[2];
    batchId = (issued?.body as CreatedVotingCodes).batches[0]?.id ?? '';
    steps.push(
      await request(server())
        .post('/api/me/verification/code')
        .set('authorization', codeResident.bearer)
        .send({ code: (issued?.body as CreatedVotingCodes).codes[0]?.code }),
      await request(server()).delete('/api/census').set('authorization', staff.bearer),
      await request(server())
        .patch('/api/city')
        .set('authorization', staff.bearer)
        .send({ nameEn: 'Audited City', currency: 'EUR' }),
    );
    expect(steps.map((step) => step.status)).toEqual([200, 200, 201, 200, 204, 200]);
  });

  it('is readable by auditors only', async () => {
    const resident = await createAccount(currentApp().app, ['resident']);
    for (const account of [resident, staff]) {
      const response = await request(server()).get('/api/audit-log').set('authorization', account.bearer);
      expect(response.status).toBe(403);
    }
    expect((await request(server()).get('/api/audit-log')).status).toBe(401);
  });

  it('records a census upload with its entry count', async () => {
    expect(await only('verification.census_uploaded')).toEqual([
      expect.objectContaining({ actorId: staff.id, details: { entries: 5 } }),
    ]);
  });

  it('records a census verification with the district', async () => {
    expect(await only('verification.census')).toEqual([
      expect.objectContaining({
        actorId: censusResident.id,
        subjectId: censusResident.id,
        details: { districtId: kita },
      }),
    ]);
  });

  it('records the issue of voting codes with the batch, district and count', async () => {
    expect(await only('verification.codes_issued')).toEqual([
      expect.objectContaining({ actorId: staff.id, subjectId: batchId, details: { districtId: kita, count: 3 } }),
    ]);
  });

  it('records a code verification with the district', async () => {
    expect(await only('verification.code')).toEqual([
      expect.objectContaining({ actorId: codeResident.id, subjectId: codeResident.id, details: { districtId: kita } }),
    ]);
  });

  it('records a census purge with the number of entries removed', async () => {
    expect(await only('verification.census_purged')).toEqual([
      expect.objectContaining({ actorId: staff.id, details: { entries: 5 } }),
    ]);
  });

  it('records a change to the city with what changed', async () => {
    expect(await only('city.updated')).toEqual([
      expect.objectContaining({ actorId: staff.id, details: { nameEn: 'Audited City', currency: 'EUR' } }),
    ]);
  });

  it('lists events newest first and filters them by the start of the action', async () => {
    const all = await events();
    const ids = all.map((event) => event.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    // The refused requests of the access test above are recorded too (access.denied).
    expect(all.find((event) => event.action !== 'access.denied')?.action).toBe('city.updated');
    const filtered = await events('?action=verification.code');
    expect(filtered.map((event) => event.action)).toEqual(['verification.code', 'verification.codes_issued']);
    const exact = await events('?action=verification.codes_');
    expect(exact.map((event) => event.action)).toEqual(['verification.codes_issued']);
  });

  it('never holds an email address or a resident number', async () => {
    const all = await events();
    expect(all.length).toBeGreaterThanOrEqual(6);
    const text = JSON.stringify(all).toUpperCase();
    for (const account of [staff, auditor, censusResident, codeResident]) {
      expect(text).not.toContain(account.email.toUpperCase());
    }
    expect(text).not.toContain('@');
    for (const number of RESIDENT_NUMBERS) expect(text).not.toContain(number);
  });
});

function messages(error: unknown): string[] {
  const found: string[] = [];
  for (let current = error; current instanceof Error; current = current.cause) found.push(current.message);
  return found;
}

describe('the audit_events table', () => {
  const currentApp = useTestApp({ config: { seedDemo: true } });
  const count = async () =>
    (await queryRows<{ n: number }>(currentApp().app.db, sql`SELECT count(*)::int AS n FROM audit_events`))[0]?.n;

  beforeAll(async () => {
    const staff = await createAccount(currentApp().app, ['staff']);
    const response = await request(currentApp().app.server)
      .patch('/api/city')
      .set('authorization', staff.bearer)
      .send({ nameEn: 'Append Only' });
    expect(response.status).toBe(200);
    expect(await count()).toBeGreaterThan(0);
  });

  it.each([
    ['UPDATE', sql`UPDATE audit_events SET action = 'tampered'`],
    ['DELETE', sql`DELETE FROM audit_events`],
    ['TRUNCATE', sql`TRUNCATE audit_events`],
  ])('refuses %s in the database itself', async (_name, statement) => {
    const before = await count();
    const error: unknown = await currentApp()
      .app.db.execute(statement)
      .then(
        () => undefined,
        (failure: unknown) => failure,
      );
    // drizzle wraps the database error; the trigger's message is on the cause.
    expect(messages(error).join(' | ')).toContain('audit_events is append-only');
    expect(await count()).toBe(before);
    const tampered = await queryRows(currentApp().app.db, sql`SELECT id FROM audit_events WHERE action = 'tampered'`);
    expect(tampered).toEqual([]);
  });
});
