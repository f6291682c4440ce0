import type { RecountReport, RecountStatus } from '@pb/shared';
import { sql } from 'drizzle-orm';
import { runInBackground } from '../../background.js';
import { queryRows } from '../../db/database.js';
import type { App } from '../../types.js';
import { recordAudit } from '../audit/audit.service.js';
import { recount, recountableCycle } from './results.service.js';

const STARTED = 'results.recount_started';
const DONE = 'results.recounted';
const FAILED = 'results.recount_failed';
/** A recount not finished by then is taken for lost (its process stopped) and may be asked for again. */
const RUNNING_AT_MOST_MS = 30 * 60_000;

/**
 * The latest recount of a cycle, from the audit log, so every replica answers alike: the start,
 * then the report (or the failure) recorded when it finished.
 */
export async function recountStatus(app: App, cycleId: string, roles: readonly string[]): Promise<RecountStatus> {
  await recountableCycle(app.db, cycleId, roles);
  const rows = await queryRows<{ action: string; at: Date; details: { report?: RecountReport } }>(
    app.db,
    sql`SELECT action, at, details FROM audit_events
        WHERE subject_id = ${cycleId} AND action IN (${STARTED}, ${DONE}, ${FAILED})
        ORDER BY id DESC LIMIT 2`,
  );
  const [latest, before] = rows;
  if (latest === undefined) return { cycleId, state: 'none', startedAt: null, finishedAt: null, report: null };
  if (latest.action === STARTED) {
    const lost = Date.now() - new Date(latest.at).getTime() > RUNNING_AT_MOST_MS;
    return {
      cycleId,
      state: lost ? 'failed' : 'running',
      startedAt: new Date(latest.at).toISOString(),
      finishedAt: null,
      report: null,
    };
  }
  return {
    cycleId,
    state: latest.action === DONE ? 'done' : 'failed',
    startedAt: before?.action === STARTED ? new Date(before.at).toISOString() : null,
    finishedAt: new Date(latest.at).toISOString(),
    report: latest.details.report ?? null,
  };
}

/**
 * Starts a recount and answers at once: a recount of a large cycle (or a fine Add1 increment) takes
 * longer than any request should. The report goes into the audit log when it is done.
 */
export async function startRecount(
  app: App,
  cycleId: string,
  actor: { userId: string; roles: readonly string[] },
): Promise<RecountStatus> {
  const status = await recountStatus(app, cycleId, actor.roles);
  if (status.state === 'running') return status;
  await recordAudit(app.db, { actorId: actor.userId, action: STARTED, subjectId: cycleId });
  runInBackground(app, async () => {
    try {
      const report = await recount(app.db, cycleId, actor.roles);
      await recordAudit(app.db, { actorId: actor.userId, action: DONE, subjectId: cycleId, details: { report } });
    } catch (error) {
      app.log.error({ err: error }, 'recount failed');
      await recordAudit(app.db, { actorId: actor.userId, action: FAILED, subjectId: cycleId }).catch(() => undefined);
    }
  });
  return recountStatus(app, cycleId, actor.roles);
}
