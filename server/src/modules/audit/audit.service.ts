import { TZDate } from '@date-fns/tz';
import { and, desc, eq, gte, like, lt, sql, type SQL } from 'drizzle-orm';
import type { AuditActorRole, AuditEvent, AuditQuery } from '@pb/shared';
import type { Database } from '../../db/database.js';
import { lookUpAuditNames } from './audit.names.js';
import { auditEvents } from './audit.table.js';

export interface AuditEntry {
  actorId: string | null;
  /**
   * Defaults to the actor's most privileged role at the time (admin, staff, auditor, moderator,
   * resident), `system` for jobs and the command line (no actor).
   */
  actorRole?: AuditActorRole;
  action: string;
  subjectId?: string | null;
  /** Ids and counts only: never an email, a name, a password or a resident number. */
  details?: Record<string, unknown>;
}

function actorRoleOf(entry: AuditEntry): SQL | string {
  if (entry.actorRole !== undefined) return entry.actorRole;
  if (entry.actorId === null) return 'system';
  return sql`(SELECT CASE WHEN 'admin' = ANY(roles) THEN 'admin' WHEN 'staff' = ANY(roles) THEN 'staff'
    WHEN 'auditor' = ANY(roles) THEN 'auditor' WHEN 'moderator' = ANY(roles) THEN 'moderator' ELSE 'resident' END
    FROM users WHERE id = ${entry.actorId})`;
}

export async function recordAudit(db: Database, entry: AuditEntry): Promise<void> {
  await db.insert(auditEvents).values({
    actorId: entry.actorId,
    actorRole: actorRoleOf(entry),
    action: entry.action,
    subjectId: entry.subjectId ?? null,
    details: entry.details ?? {},
  });
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/** Midnight starting the day `date` (YYYY-MM-DD) plus `days`, in the city's time zone. */
function startOfDay(date: string, days: number, timeZone: string): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(new TZDate(year, month - 1, day + days, 0, 0, timeZone).getTime());
}

export async function listAuditEvents(db: Database, query: AuditQuery, timeZone: string): Promise<AuditEvent[]> {
  const conditions: SQL[] = [];
  if (query.action !== undefined && query.action !== '')
    conditions.push(like(auditEvents.action, `${escapeLike(query.action)}%`));
  if (query.actorId !== undefined) conditions.push(eq(auditEvents.actorId, query.actorId));
  if (query.role !== undefined) conditions.push(eq(auditEvents.actorRole, query.role));
  if (query.subjectId !== undefined) conditions.push(eq(auditEvents.subjectId, query.subjectId));
  if (query.from !== undefined) conditions.push(gte(auditEvents.at, startOfDay(query.from, 0, timeZone)));
  if (query.to !== undefined) conditions.push(lt(auditEvents.at, startOfDay(query.to, 1, timeZone)));
  if (query.before !== undefined) conditions.push(lt(auditEvents.id, query.before));
  const rows = await db
    .select()
    .from(auditEvents)
    .where(and(...conditions))
    .orderBy(desc(auditEvents.id))
    .limit(query.limit);
  const names = await lookUpAuditNames(
    db,
    rows.map((row) => row.actorId),
    rows.map((row) => row.subjectId),
  );
  return rows.map((row) => ({
    id: row.id,
    at: row.at.toISOString(),
    actorId: row.actorId,
    actorRole: row.actorRole,
    action: row.action,
    subjectId: row.subjectId,
    actor: names.actor(row.actorId),
    subject: names.subject(row.subjectId),
    details: row.details,
    chainSeq: row.chainSeq,
    hash: row.hash,
  }));
}
