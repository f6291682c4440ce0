import { sql } from 'drizzle-orm';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../server/src/db/database.js';
import { useTestApp } from '../helpers/app.js';
import { OUTBOX_SECRET_MASK } from '../../server/src/modules/mail/mail.service.js';
import { createAccount, TEST_PASSWORD, type TestAccount } from '../helpers/accounts.js';
import { mailCatcher } from '../helpers/mail.js';

describe('account administration, counter resets and self-service', () => {
  const current = useTestApp();
  const server = () => current().app.server;
  let admin: TestAccount;
  let staff: TestAccount;
  let auditor: TestAccount;

  beforeAll(async () => {
    admin = await createAccount(current().app, ['admin'], { label: 'admin' });
    staff = await createAccount(current().app, ['staff'], { label: 'clerk' });
    auditor = await createAccount(current().app, ['auditor'], { label: 'auditor' });
  });

  async function auditActions(subjectId: string): Promise<string[]> {
    const response = await request(server()).get('/api/audit-log?limit=200').set('authorization', auditor.bearer);
    const items = response.body.items as { action: string; subjectId: string | null }[];
    return items.filter((item) => item.subjectId === subjectId).map((item) => item.action);
  }

  it('admins search users by email or name, filter by role and page through them', async () => {
    const found = await request(server())
      .get('/api/admin/users')
      .query({ q: 'clerk' })
      .set('authorization', admin.bearer);
    expect(found.status).toBe(200);
    expect((found.body.items as { id: string }[]).map((user) => user.id)).toEqual([staff.id]);
    const byRole = await request(server())
      .get('/api/admin/users')
      .query({ role: 'auditor' })
      .set('authorization', admin.bearer);
    expect(byRole.body).toMatchObject({ total: 1, items: [{ id: auditor.id, roles: ['auditor'] }] });
    const page = await request(server())
      .get('/api/admin/users')
      .query({ limit: 1, offset: 1 })
      .set('authorization', admin.bearer);
    expect(page.body.items).toHaveLength(1);
    expect(page.body.total).toBeGreaterThanOrEqual(3);
  });

  it('a role change takes effect on the next request and is audited', async () => {
    const resident = await createAccount(current().app, ['resident']);
    expect((await request(server()).get('/api/outbox').set('authorization', resident.bearer)).status).toBe(403);
    const changed = await request(server())
      .patch(`/api/admin/users/${resident.id}`)
      .set('authorization', admin.bearer)
      .send({ roles: ['resident', 'staff'] });
    expect(changed.status).toBe(200);
    expect(changed.body.roles).toEqual(['resident', 'staff']);
    expect((await request(server()).get('/api/outbox').set('authorization', resident.bearer)).status).toBe(200);
    expect(await auditActions(resident.id)).toContain('user.roles_changed');
  });

  it('admins cannot disable themselves', async () => {
    const response = await request(server())
      .patch(`/api/admin/users/${admin.id}`)
      .set('authorization', admin.bearer)
      .send({ disabled: true });
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('users.cannot_change_own_admin');
  });

  it('nobody changes their own roles: an admin can neither give themself staff nor drop admin (403)', async () => {
    for (const roles of [['admin', 'staff'], ['staff'], ['resident', 'admin', 'auditor']]) {
      const response = await request(server())
        .patch(`/api/admin/users/${admin.id}`)
        .set('authorization', admin.bearer)
        .send({ roles });
      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe('users.cannot_change_own_roles');
    }
    const me = await request(server()).get('/api/me').set('authorization', admin.bearer);
    expect(me.body.roles).toEqual(['admin']);
    // Sending the roles one already has changes nothing and is harmless.
    const same = await request(server())
      .patch(`/api/admin/users/${admin.id}`)
      .set('authorization', admin.bearer)
      .send({ roles: ['admin'] });
    expect(same.status).toBe(200);
  });

  it('every role change is audited with the roles before and after', async () => {
    const resident = await createAccount(current().app, ['resident']);
    await request(server())
      .patch(`/api/admin/users/${resident.id}`)
      .set('authorization', admin.bearer)
      .send({ roles: ['resident', 'moderator'] });
    const entries = await queryRows<{ details: unknown }>(
      current().app.db,
      sql`SELECT details FROM audit_events WHERE subject_id = ${resident.id} AND action = 'user.roles_changed'`,
    );
    expect(entries.map((row) => row.details)).toEqual([{ from: ['resident'], to: ['resident', 'moderator'] }]);
  });

  it('refuses unknown roles and unknown fields', async () => {
    const resident = await createAccount(current().app, ['resident']);
    for (const body of [{ roles: ['superuser'] }, { email: 'x@example.org' }, {}]) {
      const response = await request(server())
        .patch(`/api/admin/users/${resident.id}`)
        .set('authorization', admin.bearer)
        .send(body);
      expect(response.status).toBe(400);
    }
  });

  it('a counter reset gives a one-time password that must be changed before anything else', async () => {
    const resident = await createAccount(current().app, ['resident']);
    const lookup = await request(server())
      .get('/api/counter/residents')
      .query({ email: resident.email.toUpperCase() })
      .set('authorization', staff.bearer);
    expect(lookup.status).toBe(200);
    expect(Object.keys(lookup.body).sort()).toEqual([
      'disabled',
      'displayName',
      'districtId',
      'email',
      'id',
      'verified',
    ]);
    const reset = await request(server())
      .post(`/api/counter/residents/${resident.id}/password-reset`)
      .set('authorization', staff.bearer);
    expect(reset.status).toBe(200);
    const temporaryPassword = reset.body.temporaryPassword as string;
    expect(temporaryPassword).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    expect((await request(server()).get('/api/me').set('authorization', resident.bearer)).status).toBe(401);

    const login = await request(server())
      .post('/api/auth/login')
      .send({ email: resident.email, password: temporaryPassword });
    expect(login.status).toBe(200);
    expect(login.body.user.mustChangePassword).toBe(true);
    const bearer = `Bearer ${String(login.body.token)}`;
    const blocked = await request(server()).patch('/api/me').set('authorization', bearer).send({ locale: 'en' });
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.code).toBe('auth.password_change_required');
    expect((await request(server()).get('/api/me').set('authorization', bearer)).status).toBe(200);
    const changed = await request(server())
      .post('/api/me/password')
      .set('authorization', bearer)
      .send({ currentPassword: temporaryPassword, newPassword: 'my own new passphrase' });
    expect(changed.status).toBe(200);
    expect(changed.body.user.mustChangePassword).toBe(false);
    expect(await auditActions(resident.id)).toContain('user.password_reset_at_counter');
  });

  it('staff cannot reset a privileged account at the counter', async () => {
    const response = await request(server())
      .post(`/api/counter/residents/${admin.id}/password-reset`)
      .set('authorization', staff.bearer);
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('users.privileged_account');
    expect(
      (await request(server()).post('/api/auth/login').send({ email: admin.email, password: TEST_PASSWORD })).status,
    ).toBe(200);
  });

  it('without a mail server the outbox keeps the reset mail with its link masked, and every read of it is audited', async () => {
    const resident = await createAccount(current().app, ['resident']);
    const known = await request(server()).post('/api/auth/password-reset/request').send({ email: resident.email });
    expect(known.status).toBe(202);
    const outbox = await request(server()).get('/api/outbox').set('authorization', staff.bearer);
    const mail = (outbox.body.items as { to: string; body: string }[]).find((item) => item.to === resident.email);
    expect(mail?.body).toContain(OUTBOX_SECRET_MASK);
    expect(mail?.body).not.toMatch(/token=|reset-password/);
    const reads = await queryRows<{ actorId: string; details: { messages: number } }>(
      current().app.db,
      sql`SELECT actor_id AS "actorId", details FROM audit_events WHERE action = 'mail.outbox_read' ORDER BY id DESC LIMIT 1`,
    );
    expect(reads).toEqual([{ actorId: staff.id, details: { messages: (outbox.body.items as unknown[]).length } }]);
  });

  it('privileged accounts get no reset link in the staff-readable outbox', async () => {
    const before = await request(server()).get('/api/outbox').set('authorization', staff.bearer);
    await request(server()).post('/api/auth/password-reset/request').send({ email: admin.email });
    const after = await request(server()).get('/api/outbox').set('authorization', staff.bearer);
    expect(after.body.items).toHaveLength((before.body.items as unknown[]).length);
    expect(await auditActions(admin.id)).toContain('user.password_reset_withheld');
  });

  it('deleting an account erases the personal data, ends the session and frees nothing else', async () => {
    const resident = await createAccount(current().app, ['resident']);
    const wrong = await request(server())
      .delete('/api/me')
      .set('authorization', resident.bearer)
      .send({ password: 'wrong one!' });
    expect(wrong.status).toBe(401);
    const deleted = await request(server())
      .delete('/api/me')
      .set('authorization', resident.bearer)
      .send({ password: TEST_PASSWORD });
    expect(deleted.status).toBe(204);
    expect((await request(server()).get('/api/me').set('authorization', resident.bearer)).status).toBe(401);
    const rows = await queryRows<{
      email: string | null;
      display_name: string | null;
      password_hash: string | null;
    }>(current().app.db, sql`SELECT email, display_name, password_hash FROM users WHERE id = ${resident.id}`);
    expect(rows).toEqual([{ email: null, display_name: null, password_hash: null }]);
    const login = await request(server())
      .post('/api/auth/login')
      .send({ email: resident.email, password: TEST_PASSWORD });
    expect(login.status).toBe(401);
    const register = await request(server())
      .post('/api/auth/register')
      .send({ email: resident.email, password: TEST_PASSWORD, displayName: 'New me' });
    expect(register.status).toBe(201);
    expect(await auditActions(resident.id)).toContain('user.deleted');
  });
});

describe('password reset by mail (SMTP_URL set)', () => {
  const mail = mailCatcher();
  const current = useTestApp({ mailer: mail });
  const server = () => current().app.server;

  it('self-service reset: the link goes to the resident by mail, works once, and answers alike for unknown emails', async () => {
    const resident = await createAccount(current().app, ['resident']);
    const unknown = await request(server())
      .post('/api/auth/password-reset/request')
      .send({ email: 'nobody@example.org' });
    const known = await request(server()).post('/api/auth/password-reset/request').send({ email: resident.email });
    expect([unknown.status, known.status]).toEqual([202, 202]);
    expect(mail.sent.map((message) => message.to)).toEqual([resident.email]);
    const token = mail.resetTokenFor(resident.email);
    expect(token).toBeDefined();
    expect(mail.sent[0]?.body).toContain('http://localhost:3000/reset-password#token=');

    const weak = await request(server())
      .post('/api/auth/password-reset/confirm')
      .send({ token, password: 'password123' });
    expect(weak.body.error.code).toBe('auth.password_too_common');
    const confirm = await request(server())
      .post('/api/auth/password-reset/confirm')
      .send({ token, password: 'reset by mail link' });
    expect(confirm.status).toBe(204);
    const again = await request(server())
      .post('/api/auth/password-reset/confirm')
      .send({ token, password: 'reset a second time' });
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe('auth.reset_token_invalid');
    expect((await request(server()).get('/api/me').set('authorization', resident.bearer)).status).toBe(401);
    const login = await request(server())
      .post('/api/auth/login')
      .send({ email: resident.email, password: 'reset by mail link' });
    expect(login.status).toBe(200);
  });

  it('an expired reset link is refused', async () => {
    const resident = await createAccount(current().app, ['resident']);
    await request(server()).post('/api/auth/password-reset/request').send({ email: resident.email });
    await current().app.db.execute(sql`UPDATE password_reset_tokens SET expires_at = now() - interval '1 second'`);
    const token = mail.resetTokenFor(resident.email);
    expect(token).toBeDefined();
    const confirm = await request(server())
      .post('/api/auth/password-reset/confirm')
      .send({ token, password: 'too late for this' });
    expect(confirm.body.error.code).toBe('auth.reset_token_invalid');
  });
});
