import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditChainHead, ExportManifest } from '@pb/shared';
import { REPO_ROOT } from '../../server/src/config.js';
import { recordAudit } from '../../server/src/modules/audit/audit.service.js';
import { rewriteAuditLog } from '../helpers/audit.js';
import { explainPostgresSkip, usingPostgres } from '../helpers/database.js';
import { useResultsHarness } from '../helpers/results.js';

// The command opens the database itself: the in-memory embedded database of a test is out of its reach.
explainPostgresSkip('npm run audit:verify against the test database');

describe.skipIf(!usingPostgres)('npm run audit:verify --anchor', () => {
  const h = useResultsHarness();
  const folder = mkdtempSync(join(tmpdir(), 'pb-audit-verify-'));

  /** Runs the command as an auditor would, from the folder holding the saved anchors. */
  function auditVerify(args: string[]): { status: number | null; stdout: string; stderr: string } {
    const config = h.current().database.config;
    const result = spawnSync('npm', ['--prefix', REPO_ROOT, 'run', '-s', 'audit:verify', '--', ...args], {
      cwd: folder,
      encoding: 'utf8',
      env: { ...process.env, INIT_CWD: folder, DATABASE_URL: config.driver === 'postgres' ? config.url : '' },
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  const line = (file: string, anchor: AuditChainHead) =>
    `anchor ${file} (position ${String(anchor.chainSeq)}, hash ${anchor.hash})`;

  it('holds against a published manifest and a saved head; after the log is rewritten and rehashed only the anchored check fails, naming each anchor', async () => {
    await recordAudit(h.current().app.db, { actorId: null, action: 'test.deleted' });
    await recordAudit(h.current().app.db, { actorId: null, action: 'test.edited', details: { amount: 1 } });
    const { cycleId } = await h.talliedCycle([400, 300], 500, [[0], [1], [0, 1]]);
    await h.closePaperEntry(cycleId);
    await h.publish(cycleId);
    const manifest = (await h.get(`/api/cycles/${cycleId}/exports/manifest.json`)).body as ExportManifest;
    const head = (await h.get('/api/audit-log/head')).body as AuditChainHead;
    writeFileSync(join(folder, 'manifest.json'), JSON.stringify(manifest));
    writeFileSync(join(folder, 'head.json'), JSON.stringify(head));
    const anchors = ['--anchor', 'manifest.json', '--anchor', 'head.json'];

    const good = auditVerify(anchors);
    expect(good.stdout).toContain(`${line('manifest.json', manifest.auditAnchor)}: holds`);
    expect(good.stdout).toContain(`${line('head.json', head)}: holds`);
    expect(good.stdout).toContain('audit log verified, 2 of 2 anchors hold');
    expect(good.status).toBe(0);

    await rewriteAuditLog(h.current().app.db, {
      deleteAction: 'test.deleted',
      editAction: 'test.edited',
      details: { amount: 2 },
    });
    const plain = auditVerify([]);
    expect(plain.stdout).toContain('chain intact');
    expect(plain.status).toBe(0);

    const anchored = auditVerify(anchors);
    expect(anchored.stdout).toContain(`${line('manifest.json', manifest.auditAnchor)} FAILED`);
    expect(anchored.stdout).toContain(`${line('head.json', head)} FAILED`);
    expect(anchored.stdout).toContain('audit log NOT verified, 0 of 2 anchors hold');
    expect(anchored.status).toBe(1);
  });

  it('fails an anchor whose hash never was in the chain, and refuses a file that holds no anchor', async () => {
    const head = (await h.get('/api/audit-log/head')).body as AuditChainHead;
    const forged = { chainSeq: head.chainSeq, hash: 'a'.repeat(64) };
    writeFileSync(join(folder, 'forged.json'), JSON.stringify(forged));
    const failed = auditVerify(['--anchor', 'forged.json']);
    expect(failed.stdout).toContain(`${line('forged.json', forged)} FAILED: position ${String(head.chainSeq)} now has`);
    expect(failed.status).toBe(1);

    writeFileSync(join(folder, 'other.json'), JSON.stringify({ cycleId: 'x', files: [] }));
    const refused = auditVerify(['--anchor', 'other.json']);
    expect(refused.stderr).toContain('neither a manifest with auditAnchor nor {"chainSeq", "hash"}');
    expect(refused.status).toBe(2);
  });
});
