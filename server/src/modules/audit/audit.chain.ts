import { sql } from 'drizzle-orm';
import { AUDIT_GENESIS_HASH, type AuditChainHead } from '@pb/shared';
import { queryRows, type Database } from '../../db/database.js';
import { auditEntryHash, type HashedAuditFields } from './audit.hash.js';

export interface ChainBreak {
  id: number;
  chainSeq: number | null;
  problem: string;
}

export interface AnchorCheck {
  anchor: AuditChainHead;
  holds: boolean;
  /** Why it does not hold; null when it does. */
  problem: string | null;
}

export interface ChainReport {
  entries: number;
  broken: ChainBreak | null;
  /** One per anchor asked about, in the order given. */
  anchors: AnchorCheck[];
}

/** Entries read per query: bounded memory whatever the length of the log. */
const PAGE_SIZE = 5_000;

export type ChainRow = HashedAuditFields & { hash: string | null };

/** Chained entries after `after` in chain order, with the fields their hash is taken of. */
export function readChainPage(db: Database, after: { seq: string; id: string }, pageSize: number): Promise<ChainRow[]> {
  return queryRows<ChainRow>(
    db,
    sql`SELECT chain_seq::text AS "chainSeq", id::text AS id,
          (extract(epoch FROM at) * 1000000)::bigint::text AS "atMicros",
          actor_id::text AS "actorId", actor_role AS "actorRole", action, subject_id AS "subjectId",
          details::text AS "detailsText", prev_hash AS "prevHash", hash
        FROM audit_events
        WHERE chain_seq IS NOT NULL AND (chain_seq, id) > (${after.seq}::bigint, ${after.id}::bigint)
        ORDER BY chain_seq, id LIMIT ${pageSize}`,
  );
}

function problemOf(row: ChainRow, position: number, previous: string): string | undefined {
  if (row.chainSeq !== String(position))
    return `position ${row.chainSeq} where ${String(position)} was expected (an entry is missing)`;
  if (row.prevHash !== previous) return 'does not name the previous entry’s hash';
  if (row.hash !== auditEntryHash(row)) return 'its fields no longer match its hash (edited)';
  return undefined;
}

interface Walk {
  /** The last position reached from the start with every link and hash recomputed and holding. */
  position: number;
  broken: ChainBreak | null;
  /** Hashes at the anchored positions that the walk reached. */
  reached: Map<number, string>;
}

async function walkChain(db: Database, anchored: ReadonlySet<number>, pageSize: number): Promise<Walk> {
  const reached = new Map<number, string>([[0, AUDIT_GENESIS_HASH]]);
  let position = 0;
  let previous = AUDIT_GENESIS_HASH;
  let after = { seq: '0', id: '0' };
  for (;;) {
    const page = await readChainPage(db, after, pageSize);
    for (const row of page) {
      const problem = problemOf(row, position + 1, previous);
      if (problem !== undefined)
        return { position, reached, broken: { id: Number(row.id), chainSeq: Number(row.chainSeq), problem } };
      position += 1;
      previous = row.hash ?? '';
      if (anchored.has(position)) reached.set(position, previous);
    }
    const last = page.at(-1);
    if (last === undefined || page.length < pageSize) return { position, reached, broken: null };
    after = { seq: last.chainSeq, id: last.id };
  }
}

function checkAnchor(anchor: AuditChainHead, walk: Walk): AnchorCheck {
  const found = walk.reached.get(anchor.chainSeq);
  const failed = (problem: string): AnchorCheck => ({ anchor, holds: false, problem });
  if (found === anchor.hash) return { anchor, holds: true, problem: null };
  if (found !== undefined)
    return failed(
      `position ${String(anchor.chainSeq)} now has hash ${found}: the entries up to it were rewritten or removed since`,
    );
  if (walk.broken !== null)
    return failed(`the chain breaks before it, at entry ${String(walk.broken.id)}: ${walk.broken.problem}`);
  return failed(
    `the chain ends at position ${String(walk.position)}, before position ${String(anchor.chainSeq)}: entries were removed since`,
  );
}

/**
 * Walks the audit log's hash chain in order, recomputing every hash here (see audit.hash.ts):
 * each entry must name the previous entry's hash and carry the hash of its own fields. The first
 * entry that fails is reported by id. An anchor (a position and its hash kept outside the
 * database) holds only if the chain still reaches that position with that hash, every link before
 * it recomputing: a chain rewritten and rehashed from end to end is consistent, but not with
 * anchors taken before.
 */
export async function verifyAuditChain(
  db: Database,
  anchors: readonly AuditChainHead[] = [],
  pageSize = PAGE_SIZE,
): Promise<ChainReport> {
  const [counts] = await queryRows<{ entries: number; unchained: number | null }>(
    db,
    sql`SELECT count(*)::float8 AS entries, min(id) FILTER (WHERE chain_seq IS NULL)::float8 AS unchained
        FROM audit_events`,
  );
  const walk = await walkChain(db, new Set(anchors.map((anchor) => anchor.chainSeq)), pageSize);
  const unchained = counts?.unchained ?? null;
  return {
    entries: counts?.entries ?? 0,
    broken: unchained === null ? walk.broken : { id: unchained, chainSeq: null, problem: 'not in the chain' },
    anchors: anchors.map((anchor) => checkAnchor(anchor, walk)),
  };
}
