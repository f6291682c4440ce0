import { bigint, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * Append-only record of security-relevant actions; a trigger (custom migration) refuses UPDATE,
 * DELETE and TRUNCATE, and another chains each entry to the previous one by SHA-256. Holds ids, never personal data, so erasing an account leaves it intact.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorId: uuid('actor_id'),
    /** The role the actor acted in (the highest one the route accepted), or `system` for jobs. */
    actorRole: text('actor_role'),
    action: text('action').notNull(),
    subjectId: text('subject_id'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    /** Position in the hash chain, given under a lock by the chain trigger (custom migration). */
    chainSeq: bigint('chain_seq', { mode: 'number' }),
    /** SHA-256 of the previous entry's `hash` and this entry's fields (see pb_audit_payload). */
    prevHash: text('prev_hash'),
    hash: text('hash'),
  },
  (table) => [
    index('audit_events_action').on(table.action),
    index('audit_events_actor').on(table.actorId),
    uniqueIndex('audit_events_chain_seq').on(table.chainSeq),
  ],
);
