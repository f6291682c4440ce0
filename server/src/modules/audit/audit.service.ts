import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import type { AuditEvent, AuditQuery } from '@pb/shared';
import type { Database } from '../../db/database.js';
import { auditEvents } from './audit.table.js';

export interface AuditEntry {
  actorId: string | null;
  action: string;
  subjectId?: string | null;
  /** Ids and counts only: never an email, a name, a password or a resident number. */
  details?: Record<string, unknown>;
}

export async function recordAudit(db: Database, entry: AuditEntry): Promise<void> {
  await db.insert(auditEvents).values({
    actorId: entry.actorId,
    action: entry.action,
    subjectId: entry.subjectId ?? null,
    details: entry.details ?? {},
  });
}

export async function listAuditEvents(db: Database, query: AuditQuery): Promise<AuditEvent[]> {
  const conditions: SQL[] = [];
  if (query.action !== undefined) conditions.push(eq(auditEvents.action, query.action));
  if (query.before !== undefined) conditions.push(lt(auditEvents.id, query.before));
  const rows = await db
    .select()
    .from(auditEvents)
    .where(and(...conditions))
    .orderBy(desc(auditEvents.id))
    .limit(query.limit);
  return rows.map((row) => ({
    id: row.id,
    at: row.at.toISOString(),
    actorId: row.actorId,
    action: row.action,
    subjectId: row.subjectId,
    details: row.details,
  }));
}
