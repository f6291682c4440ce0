import { sql } from 'drizzle-orm';
import type { Database } from '../../server/src/db/database.js';

export interface AuditRewrite {
  /** Action of the entry removed. */
  deleteAction: string;
  /** Action of the entry whose details are replaced. */
  editAction: string;
  details: Record<string, unknown>;
}

/**
 * What whoever owns the database can do to the audit log: switch its triggers off, delete one
 * entry, edit another, then renumber and rehash the whole chain with the database's own
 * pb_audit_hash, so that every link is consistent again.
 */
export async function rewriteAuditLog(db: Database, change: AuditRewrite): Promise<void> {
  await db.execute(sql`ALTER TABLE audit_events DISABLE TRIGGER ALL`);
  try {
    await db.execute(sql`DELETE FROM audit_events WHERE action = ${change.deleteAction}`);
    await db.execute(
      sql`UPDATE audit_events SET details = ${JSON.stringify(change.details)}::jsonb WHERE action = ${change.editAction}`,
    );
    await db.execute(
      sql.raw(`DO $$
        DECLARE
          entry record;
          position bigint := 0;
          previous text := repeat('0', 64);
        BEGIN
          FOR entry IN SELECT * FROM audit_events ORDER BY chain_seq LOOP
            position := position + 1;
            UPDATE audit_events SET chain_seq = position, prev_hash = previous,
              hash = pb_audit_hash(position, entry.id, entry.at, entry.actor_id, entry.actor_role, entry.action,
                entry.subject_id, entry.details, previous)
            WHERE id = entry.id
            RETURNING hash INTO previous;
          END LOOP;
        END $$`),
    );
  } finally {
    await db.execute(sql`ALTER TABLE audit_events ENABLE TRIGGER ALL`);
  }
}
