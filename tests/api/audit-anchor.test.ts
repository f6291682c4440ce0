import { sql } from 'drizzle-orm';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { AUDIT_GENESIS_HASH, type AuditChainHead, type ExportManifest } from '@pb/shared';
import { queryRows } from '../../server/src/db/database.js';
import { readChainPage, verifyAuditChain } from '../../server/src/modules/audit/audit.chain.js';
import { auditEntryHash } from '../../server/src/modules/audit/audit.hash.js';
import { recordAudit } from '../../server/src/modules/audit/audit.service.js';
import { createAccount } from '../helpers/accounts.js';
import { useTestApp } from '../helpers/app.js';
import { rewriteAuditLog } from '../helpers/audit.js';
import { useResultsHarness } from '../helpers/results.js';

const START = { seq: '0', id: '0' };

describe('the audit chain head and anchors', () => {
  const current = useTestApp();
  const db = () => current().app.db;
  const head = async (): Promise<AuditChainHead> => {
    const response = await request(current().app.server).get('/api/audit-log/head');
    expect(response.status).toBe(200);
    return response.body as AuditChainHead;
  };

  it('the head is public, position 0 and the genesis hash on an empty log, and moves forward with each audited action', async () => {
    expect(await head()).toEqual({ chainSeq: 0, hash: AUDIT_GENESIS_HASH });
    const failed = await request(current().app.server)
      .post('/api/auth/login')
      .send({ email: 'nobody@example.org', password: 'not the password' });
    expect(failed.status).toBe(401);
    const first = await head();
    expect(first.chainSeq).toBe(1);
    await recordAudit(db(), { actorId: null, action: 'test.second' });
    const second = await head();
    expect(second.chainSeq).toBe(2);
    const [latest] = await queryRows<{ hash: string }>(db(), sql`SELECT hash FROM audit_events WHERE chain_seq = 2`);
    expect(second.hash).toBe(latest?.hash);
    expect(second.hash).not.toBe(first.hash);
  });

  it('recomputes in Node the very hash the database gave each entry: null or real actor, unicode details, any timestamp', async () => {
    const actor = await createAccount(current().app, ['staff']);
    await recordAudit(db(), { actorId: actor.id, action: 'test.actor', subjectId: 'サブジェクト' });
    await recordAudit(db(), {
      actorId: null,
      action: 'test.unicode',
      details: { text: '日本語 ✓ 😀 é', quote: '"', backslash: '\\', control: '\n\t\u0001\u001f', '': 'empty key' },
    });
    // Written as a database owner would, with numbers as jsonb keeps them and no role (older entries).
    await db().execute(sql`INSERT INTO audit_events (at, actor_id, actor_role, action, subject_id, details) VALUES
      ('1969-07-20 20:17:40.5+00', NULL, NULL, 'test.before_1970', NULL, '{"n": 1.50, "big": 12345678901234567890, "e": 1e2}'),
      ('2024-02-29 23:59:59.999999+00', 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', 'auditor', 'test.leap', 'x', '{"b": [1, {"z": null, "a": true}], "aa": -0.0}'),
      ('2000-01-01 09:00:00+09', NULL, 'system', 'test.offset', '', '{}'),
      ('2038-01-19 03:14:08.000001+00', NULL, 'system', 'test.far', NULL, '{"ü": "\u00e9"}')`);
    const rows = await readChainPage(db(), START, 1000);
    const expected = await queryRows<{ chainSeq: string; hash: string }>(
      db(),
      sql`SELECT chain_seq::text AS "chainSeq",
            pb_audit_hash(chain_seq, id, at, actor_id, actor_role, action, subject_id, details, prev_hash) AS hash
          FROM audit_events ORDER BY chain_seq`,
    );
    expect(rows.map((row) => row.action)).toEqual(
      expect.arrayContaining([
        'test.actor',
        'test.unicode',
        'test.before_1970',
        'test.leap',
        'test.offset',
        'test.far',
      ]),
    );
    expect(rows.filter((row) => row.actorId !== null).length).toBeGreaterThanOrEqual(2);
    expect(rows.map((row) => ({ chainSeq: row.chainSeq, hash: auditEntryHash(row) }))).toEqual(expected);
    expect(rows.map((row) => auditEntryHash(row))).toEqual(rows.map((row) => row.hash));
  });

  it('an untouched chain passes the check against anchors taken along the way, also read in small pages', async () => {
    const early = await head();
    for (let index = 0; index < 5; index += 1) await recordAudit(db(), { actorId: null, action: 'test.more' });
    const late = await head();
    const anchors = [{ chainSeq: 0, hash: AUDIT_GENESIS_HASH }, early, late];
    for (const pageSize of [2, 5_000]) {
      const report = await verifyAuditChain(db(), anchors, pageSize);
      expect(report.broken).toBeNull();
      expect(report.anchors.map((check) => check.holds)).toEqual([true, true, true]);
    }
  });

  it('an anchor whose hash never was in the chain, or beyond its end, fails and says why', async () => {
    const { chainSeq } = await head();
    const report = await verifyAuditChain(db(), [
      { chainSeq, hash: 'f'.repeat(64) },
      { chainSeq: chainSeq + 10, hash: 'e'.repeat(64) },
    ]);
    expect(report.broken).toBeNull();
    expect(report.anchors[0]).toMatchObject({
      holds: false,
      problem: expect.stringContaining(`position ${String(chainSeq)} now has hash`) as unknown,
    });
    expect(report.anchors[1]).toMatchObject({
      holds: false,
      problem: expect.stringContaining(`the chain ends at position ${String(chainSeq)}`) as unknown,
    });
  });
});

describe('an audit log rewritten by whoever owns the database', () => {
  const current = useTestApp();
  const db = () => current().app.db;

  it('still passes the plain check once rehashed end to end, but fails against an anchor taken before', async () => {
    for (const action of ['test.one', 'test.deleted', 'test.two', 'test.edited', 'test.three'])
      await recordAudit(db(), { actorId: null, action, details: { amount: 1 } });
    const anchor = (await request(current().app.server).get('/api/audit-log/head')).body as AuditChainHead;
    await recordAudit(db(), { actorId: null, action: 'test.after_anchor' });
    await recordAudit(db(), { actorId: null, action: 'test.after_anchor' });
    expect((await verifyAuditChain(db(), [anchor])).anchors[0]?.holds).toBe(true);

    await rewriteAuditLog(db(), { deleteAction: 'test.deleted', editAction: 'test.edited', details: { amount: 2 } });

    // The weakness the anchor exists for: a consistent chain proves nothing about its own past.
    const plain = await verifyAuditChain(db());
    expect(plain.broken).toBeNull();
    const anchored = await verifyAuditChain(db(), [anchor]);
    expect(anchored.anchors[0]).toMatchObject({
      anchor,
      holds: false,
      problem: expect.stringContaining(`position ${String(anchor.chainSeq)} now has hash`) as unknown,
    });
  });

  it('names an edited entry even after pb_audit_hash is redefined to agree with whatever the table holds', async () => {
    await recordAudit(db(), { actorId: null, action: 'test.target', details: { amount: 1 } });
    const [target] = await queryRows<{ id: number }>(
      db(),
      sql`SELECT id::float8 AS id FROM audit_events WHERE action = 'test.target'`,
    );
    await db().execute(sql`CREATE OR REPLACE FUNCTION pb_audit_hash(seq bigint, entry_id bigint, at timestamptz,
        actor uuid, actor_role text, action text, subject text, details jsonb, prev text)
      RETURNS text LANGUAGE sql AS $$ SELECT hash FROM audit_events WHERE id = entry_id $$`);
    await db().execute(sql`ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_delete`);
    await db().execute(sql`UPDATE audit_events SET details = '{"amount": 2}' WHERE action = 'test.target'`);
    await db().execute(sql`ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update_delete`);
    const [fooled] = await queryRows<{ agrees: boolean }>(
      db(),
      sql`SELECT hash = pb_audit_hash(chain_seq, id, at, actor_id, actor_role, action, subject_id, details, prev_hash) AS agrees
          FROM audit_events WHERE action = 'test.target'`,
    );
    expect(fooled?.agrees).toBe(true);
    expect((await verifyAuditChain(db())).broken).toMatchObject({
      id: target?.id,
      problem: expect.stringContaining('edited') as unknown,
    });
  });
});

describe("the audit anchor of a cycle's exports", () => {
  const h = useResultsHarness();
  const db = () => h.current().app.db;

  it('is the chain head at the time during tallying, and once published the entry that recorded the publication', async () => {
    const { cycleId } = await h.talliedCycle([400, 300], 500, [[0], [1], [0, 1]]);
    await h.closePaperEntry(cycleId);
    const manifestPath = `/api/cycles/${cycleId}/exports/manifest.json`;
    const anchorPath = `/api/cycles/${cycleId}/results/audit-anchor`;
    const headBefore = (await h.get('/api/audit-log/head')).body as AuditChainHead;
    const tallying = (await h.get(manifestPath, h.auditor())).body as ExportManifest;
    expect(tallying.auditAnchor).toEqual({ kind: 'current-head', ...headBefore });
    expect((await h.get(anchorPath)).status).toBe(403);
    expect((await h.get(anchorPath, h.staff())).body).toMatchObject({ kind: 'current-head' });

    await h.publish(cycleId);
    const [publication] = await queryRows<AuditChainHead>(
      db(),
      sql`SELECT chain_seq::float8 AS "chainSeq", hash FROM audit_events
          WHERE action = 'cycle.phase_changed' AND subject_id = ${cycleId} AND details->>'to' = 'published'`,
    );
    const published = (await h.get(manifestPath)).body as ExportManifest;
    expect(published.auditAnchor).toEqual({ kind: 'publication', ...publication });
    expect(published.files.map((file) => file.sha256)).toEqual(tallying.files.map((file) => file.sha256));
    // Entries written since (the download itself is one) leave the anchor where it was.
    expect(((await h.get('/api/audit-log/head')).body as AuditChainHead).chainSeq).toBeGreaterThan(
      publication?.chainSeq ?? Infinity,
    );
    expect(((await h.get(manifestPath)).body as ExportManifest).auditAnchor).toEqual(published.auditAnchor);
    expect((await h.get(anchorPath)).body).toEqual(published.auditAnchor);
    expect((await verifyAuditChain(db(), [published.auditAnchor, tallying.auditAnchor])).anchors).toMatchObject([
      { holds: true },
      { holds: true },
    ]);
  });
});
