import { and, asc, count, desc, eq, getTableColumns, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import type { ProposalListQuery } from '@pb/shared';
import type { Database } from '../../db/database.js';
import { cycles } from '../cycles/cycles.table.js';
import { users } from '../users/users.table.js';
import { SEARCH_TRANSLATE_FROM, SEARCH_TRANSLATE_TO, categoriesNamedBy, searchForm } from './proposals.search.js';
import { proposalEvents, proposalFollows, proposalImages, proposals, proposalSupports } from './proposals.table.js';

export type ProposalRow = typeof proposals.$inferSelect;
export type ProposalWithAuthor = ProposalRow & {
  authorName: string | null;
  supportCount: number;
  supportedByMe: boolean;
};
/** A list row: the description (the long text) stays in the database. */
export type ProposalListRow = Omit<ProposalWithAuthor, 'description'>;
/** With its first photo everyone may see (id and hash, never the bytes), for a thumbnail. */
export type ProposalListItem = ProposalListRow & { thumbnail: { id: string; sha256: string } | null };

/** Counted per row through the primary key (proposal_id, user_id): no stored count to keep in step. */
const SUPPORT_COUNT = sql<number>`(SELECT count(*) FROM ${proposalSupports} WHERE ${proposalSupports.proposalId} = ${proposals.id})`;

function supportedBy(userId: string | null): SQL<boolean> {
  if (userId === null) return sql<boolean>`false`;
  return sql<boolean>`EXISTS (SELECT 1 FROM ${proposalSupports} WHERE ${proposalSupports.proposalId} = ${proposals.id} AND ${proposalSupports.userId} = ${userId})`;
}

const { description: _description, ...LIST_COLUMNS } = getTableColumns(proposals);

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

const SEARCHED = sql`(${proposals.title} || ' ' || ${proposals.summary} || ' ' || ${proposals.description})`;

/** Title, summary or description contains the query, kana and width aside; or it names the category. */
function textMatches(text: string): SQL {
  const pattern = `%${escapeLike(searchForm(text))}%`;
  const inText = sql`translate(${SEARCHED}, ${SEARCH_TRANSLATE_FROM}, ${SEARCH_TRANSLATE_TO}) ILIKE ${pattern}`;
  const categories = categoriesNamedBy(text);
  return categories.length === 0 ? inText : (or(inText, inArray(proposals.category, categories)) ?? inText);
}

const SORTS: Record<ProposalListQuery['sort'], SQL[]> = {
  newest: [desc(proposals.createdAt), asc(proposals.id)],
  discussed: [desc(proposals.commentCount), desc(proposals.createdAt), asc(proposals.id)],
  supported: [desc(SUPPORT_COUNT), desc(proposals.createdAt), asc(proposals.id)],
  cost: [asc(sql`coalesce(${proposals.cost}, ${proposals.estimatedCost})`), asc(proposals.id)],
};

/**
 * One page and the total in one query (a window count); a page past the end has no row to carry
 * the total, so only then is it counted on its own. Authors come with a join.
 */
export async function searchProposals(
  db: Database,
  cycleId: string,
  query: ProposalListQuery,
  caller: { userId: string | null; supportThreshold: number | null },
): Promise<{ rows: ProposalListItem[]; total: number }> {
  const conditions: SQL[] = [eq(proposals.cycleId, cycleId)];
  if (query.belowThreshold !== undefined) {
    const threshold = caller.supportThreshold;
    if (threshold === null) conditions.push(query.belowThreshold ? sql`false` : sql`true`);
    else
      conditions.push(
        query.belowThreshold ? sql`${SUPPORT_COUNT} < ${threshold}` : sql`${SUPPORT_COUNT} >= ${threshold}`,
      );
  }
  if (query.district !== undefined) conditions.push(eq(proposals.districtId, query.district));
  if (query.category !== undefined) conditions.push(eq(proposals.category, query.category));
  if (query.status !== undefined) conditions.push(eq(proposals.status, query.status));
  const text = query.q?.trim();
  if (text !== undefined && text !== '') conditions.push(textMatches(text));
  const where = and(...conditions);
  const rows = await db
    .select({
      proposal: LIST_COLUMNS,
      authorName: users.displayName,
      supportCount: SUPPORT_COUNT.mapWith(Number),
      supportedByMe: supportedBy(caller.userId),
      thumbnail: sql<{ id: string; sha256: string } | null>`(
        SELECT json_build_object('id', ${proposalImages.id}, 'sha256', ${proposalImages.sha256})
        FROM ${proposalImages}
        WHERE ${proposalImages.proposalId} = ${proposals.id} AND ${proposalImages.hiddenAt} IS NULL
        ORDER BY ${proposalImages.position} LIMIT 1)`,
      total: sql<number>`count(*) OVER ()`.mapWith(Number),
    })
    .from(proposals)
    .leftJoin(users, eq(users.id, proposals.authorId))
    .where(where)
    .orderBy(...SORTS[query.sort])
    .limit(query.limit)
    .offset(query.offset);
  const total =
    rows[0]?.total ??
    (query.offset === 0 ? 0 : ((await db.select({ total: count() }).from(proposals).where(where))[0]?.total ?? 0));
  return {
    rows: rows.map((row) => ({
      ...row.proposal,
      authorName: row.authorName,
      supportCount: row.supportCount,
      supportedByMe: row.supportedByMe,
      thumbnail: row.thumbnail,
    })),
    total,
  };
}

export type FoundProposal = ProposalWithAuthor & {
  cyclePhase: string;
  supportsEnabled: boolean;
  supportThreshold: number | null;
  followedByMe: boolean;
};

/**
 * The proposal with its author's name, its cycle's phase and support settings (who may see it,
 * edit it, support it), and whether `userId` supports and follows it.
 */
export async function findProposal(
  db: Database,
  proposalId: string,
  userId: string | null = null,
): Promise<FoundProposal | undefined> {
  const rows = await db
    .select({
      proposal: proposals,
      authorName: users.displayName,
      cyclePhase: cycles.phase,
      supportsEnabled: cycles.supportsEnabled,
      supportThreshold: cycles.supportThreshold,
      supportCount: SUPPORT_COUNT.mapWith(Number),
      supportedByMe: supportedBy(userId),
      followedByMe:
        userId === null
          ? sql<boolean>`false`
          : sql<boolean>`EXISTS (SELECT 1 FROM ${proposalFollows} WHERE ${proposalFollows.proposalId} = ${proposals.id} AND ${proposalFollows.userId} = ${userId})`,
    })
    .from(proposals)
    .innerJoin(cycles, eq(cycles.id, proposals.cycleId))
    .leftJoin(users, eq(users.id, proposals.authorId))
    .where(eq(proposals.id, proposalId))
    .limit(1);
  const row = rows[0];
  if (row === undefined) return undefined;
  const { proposal, ...rest } = row;
  return { ...proposal, ...rest };
}

export async function lockProposal(db: Database, proposalId: string): Promise<ProposalRow | undefined> {
  const rows = await db.select().from(proposals).where(eq(proposals.id, proposalId)).limit(1).for('update');
  return rows[0];
}

export async function countAuthorProposals(db: Database, cycleId: string, authorId: string): Promise<number> {
  const rows = await db
    .select({ n: count() })
    .from(proposals)
    .where(and(eq(proposals.cycleId, cycleId), eq(proposals.authorId, authorId), isNull(proposals.withdrawnAt)));
  return rows[0]?.n ?? 0;
}

export async function insertProposal(db: Database, values: typeof proposals.$inferInsert): Promise<ProposalRow> {
  const rows = await db.insert(proposals).values(values).returning();
  const row = rows[0];
  if (row === undefined) throw new Error('proposal insert returned no row');
  return row;
}

export async function updateProposalRow(
  db: Database,
  proposalId: string,
  values: PgUpdateSetSource<typeof proposals>,
): Promise<void> {
  await db
    .update(proposals)
    .set({ ...values, updatedAt: sql`now()` })
    .where(eq(proposals.id, proposalId));
}

export type ProposalEventRow = typeof proposalEvents.$inferSelect;

export async function listProposalEvents(db: Database, proposalId: string): Promise<ProposalEventRow[]> {
  return db
    .select()
    .from(proposalEvents)
    .where(eq(proposalEvents.proposalId, proposalId))
    .orderBy(asc(proposalEvents.at));
}

/** Records the proposal's state after a change, with the public reason. */
export async function insertProposalEvent(
  db: Database,
  row: Pick<ProposalRow, 'id' | 'status' | 'cost' | 'ballotEligible'>,
  reason: string | null,
  actorId: string | null,
): Promise<void> {
  await db.insert(proposalEvents).values({
    proposalId: row.id,
    status: row.status,
    cost: row.cost,
    ballotEligible: row.ballotEligible,
    reason,
    actorId,
  });
}
