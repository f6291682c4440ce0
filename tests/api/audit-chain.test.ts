import { spawnSync } from 'node:child_process';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../server/src/config.js';
import { queryRows } from '../../server/src/db/database.js';
import { verifyAuditChain } from '../../server/src/modules/audit/audit.chain.js';
import { recordAudit } from '../../server/src/modules/audit/audit.service.js';
import { useTestApp } from '../helpers/app.js';
import { usingPostgres } from '../helpers/database.js';

describe('the audit log as a hash chain', () => {
  const current = useTestApp();
  const db = () => current().app.db;

  it('chains every entry to the one before, also when many are written at once', async () => {
    await Promise.all(
      Array.from({ length: 40 }, (_, index) =>
        recordAudit(db(), { actorId: null, action: 'test.concurrent', details: { index } }),
      ),
    );
    const report = await verifyAuditChain(db());
    expect(report.broken).toBeNull();
    const positions = await queryRows<{ seq: number }>(
      db(),
      sql`SELECT chain_seq::int AS seq FROM audit_events ORDER BY chain_seq`,
    );
    expect(positions.map((row) => row.seq)).toEqual(positions.map((_, index) => index + 1));
    expect(report.entries).toBe(positions.length);
    expect(report.entries).toBeGreaterThanOrEqual(40);
  });

  it('names the entry edited behind the app’s back, with the append-only trigger disabled', async () => {
    await recordAudit(db(), { actorId: null, action: 'test.before' });
    await recordAudit(db(), { actorId: null, action: 'test.target', details: { amount: 1 } });
    await recordAudit(db(), { actorId: null, action: 'test.after' });
    const [target] = await queryRows<{ id: number }>(
      db(),
      sql`SELECT id::int AS id FROM audit_events WHERE action = 'test.target'`,
    );
    await db().execute(sql`ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_delete`);
    await db().execute(sql`UPDATE audit_events SET details = '{"amount": 2}' WHERE action = 'test.target'`);
    await db().execute(sql`ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update_delete`);
    const report = await verifyAuditChain(db());
    expect(report.broken).toMatchObject({ id: target?.id, problem: expect.stringContaining('edited') as unknown });

    if (usingPostgres) {
      const config = current().database.config;
      const url = config.driver === 'postgres' ? config.url : '';
      const cli = spawnSync('npm', ['--prefix', REPO_ROOT, 'run', '-s', 'audit:verify'], {
        encoding: 'utf8',
        env: { ...process.env, DATABASE_URL: url },
      });
      expect(cli.status).toBe(1);
      expect(cli.stdout).toContain(`BROKEN at entry ${String(target?.id)}`);
    }
  });
});
