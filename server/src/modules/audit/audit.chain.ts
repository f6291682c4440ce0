import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '../../db/database.js';

export interface ChainBreak {
  id: number;
  chainSeq: number | null;
  problem: string;
}

export interface ChainReport {
  entries: number;
  broken: ChainBreak | null;
}

const GENESIS = '0'.repeat(64);

/**
 * Walks the audit log's hash chain in order: each entry must name the previous entry's hash and
 * carry the hash of its own fields. The first entry that fails is reported by id.
 */
export async function verifyAuditChain(db: Database): Promise<ChainReport> {
  const rows = await queryRows<{
    id: number;
    chainSeq: number | null;
    prevHash: string | null;
    hash: string | null;
    recomputed: string | null;
  }>(
    db,
    sql`SELECT id::float8 AS id, chain_seq::float8 AS "chainSeq", prev_hash AS "prevHash", hash,
          CASE WHEN chain_seq IS NULL THEN NULL
               ELSE pb_audit_hash(chain_seq, id, at, actor_id, actor_role, action, subject_id, details, prev_hash) END AS recomputed
        FROM audit_events ORDER BY chain_seq NULLS FIRST, id`,
  );
  let previous = GENESIS;
  for (const [index, row] of rows.entries()) {
    const fail = (problem: string): ChainReport => ({
      entries: rows.length,
      broken: { id: row.id, chainSeq: row.chainSeq, problem },
    });
    if (row.chainSeq === null) return fail('not in the chain');
    if (row.chainSeq !== index + 1)
      return fail(`position ${String(row.chainSeq)} where ${String(index + 1)} was expected (an entry is missing)`);
    if (row.prevHash !== previous) return fail('does not name the previous entry’s hash');
    if (row.hash !== row.recomputed) return fail('its fields no longer match its hash (edited)');
    previous = row.hash ?? '';
  }
  return { entries: rows.length, broken: null };
}
