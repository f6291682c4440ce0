import { sql } from 'drizzle-orm';
import { AUDIT_GENESIS_HASH, type AuditAnchor, type AuditChainHead } from '@pb/shared';
import { queryRows, type Database } from '../../db/database.js';

interface HeadRow {
  chainSeq: number;
  hash: string;
}

/** The latest chained entry's position and hash; position 0 and the genesis hash for an empty log. */
export async function auditChainHead(db: Database): Promise<AuditChainHead> {
  const [row] = await queryRows<HeadRow>(
    db,
    sql`SELECT chain_seq::float8 AS "chainSeq", hash FROM audit_events
        WHERE chain_seq IS NOT NULL ORDER BY chain_seq DESC LIMIT 1`,
  );
  return row === undefined ? { chainSeq: 0, hash: AUDIT_GENESIS_HASH } : { chainSeq: row.chainSeq, hash: row.hash };
}

const PUBLISHED_PHASES = ['published', 'closed'];

/**
 * The entry that recorded the cycle's publication: its move to `published` (`cycle.phase_changed`,
 * see cycles.service.ts), or for a past election imported as published, `cycle.imported`.
 */
async function publicationEntry(db: Database, cycleId: string): Promise<HeadRow | undefined> {
  const [row] = await queryRows<HeadRow>(
    db,
    sql`SELECT chain_seq::float8 AS "chainSeq", hash FROM audit_events
        WHERE subject_id = ${cycleId} AND chain_seq IS NOT NULL
          AND ((action = 'cycle.phase_changed' AND details->>'to' = 'published') OR action = 'cycle.imported')
        ORDER BY chain_seq DESC LIMIT 1`,
  );
  return row;
}

/**
 * Where a cycle's exports are anchored in the audit chain: its publication entry once published,
 * before that (auditors export during tallying) the chain's head at the time of asking. A
 * published cycle without such an entry also gets the head, and says so.
 */
export async function cycleAuditAnchor(db: Database, cycleId: string, phase: string): Promise<AuditAnchor> {
  const published = PUBLISHED_PHASES.includes(phase) ? await publicationEntry(db, cycleId) : undefined;
  if (published !== undefined) return { kind: 'publication', chainSeq: published.chainSeq, hash: published.hash };
  return { kind: 'current-head', ...(await auditChainHead(db)) };
}
