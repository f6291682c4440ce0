import type { ModerationItem, ModerationKind } from '@pb/shared';
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { AppError } from '../../errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { lockProposal, updateProposalRow } from '../proposals/proposals.repository.js';
import { DiscussionErrors } from './discussion.errors.js';
import {
  adjustCommentCount,
  lockComment,
  openFlagGroups,
  resolveFlags,
  updateComment,
} from './discussion.repository.js';
import { listCommentsByIds, listProposalsByIds } from './moderation.repository.js';

const EXCERPT_LENGTH = 200;

/** Flagged content with its open flags, oldest report first: three queries whatever the length. */
export async function moderationQueue(db: Database): Promise<ModerationItem[]> {
  const groups = await openFlagGroups(db);
  const commentIds = groups.filter((group) => group.targetKind === 'comment').map((group) => group.targetId);
  const proposalIds = groups.filter((group) => group.targetKind === 'proposal').map((group) => group.targetId);
  const [commentRows, proposalRows] = await Promise.all([
    listCommentsByIds(db, commentIds),
    listProposalsByIds(db, proposalIds),
  ]);
  return groups.map((group) => {
    const comment = commentRows.find((row) => row.id === group.targetId);
    const proposal = proposalRows.find((row) => row.id === group.targetId);
    const text =
      group.targetKind === 'comment' ? (comment?.body ?? '') : `${proposal?.title ?? ''} — ${proposal?.summary ?? ''}`;
    return {
      kind: group.targetKind === 'comment' ? 'comment' : 'proposal',
      id: group.targetId,
      proposalId: group.proposalId,
      excerpt: text.slice(0, EXCERPT_LENGTH),
      flags: group.flags,
      reasons: group.reasons,
      hidden: ((group.targetKind === 'comment' ? comment?.hiddenAt : proposal?.hiddenAt) ?? null) !== null,
      firstFlaggedAt: group.firstFlaggedAt.toISOString(),
    };
  });
}

/** Hide (with a reason shown on the placeholder) or restore; either way the open flags are settled. */
export async function moderate(
  db: Database,
  moderatorId: string,
  kind: ModerationKind,
  id: string,
  action: 'hide' | 'restore',
  reason: string,
): Promise<void> {
  await db.transaction(async (tx) => {
    if (kind === 'proposal') {
      const row = await lockProposal(tx, id);
      if (row === undefined) throw new AppError(DiscussionErrors.targetNotFound);
      await updateProposalRow(
        tx,
        id,
        action === 'hide' ? { hiddenAt: sql`now()`, hiddenReason: reason } : { hiddenAt: null, hiddenReason: null },
      );
    } else {
      const row = await lockComment(tx, id);
      if (row === undefined) throw new AppError(DiscussionErrors.targetNotFound);
      const wasVisible = row.hiddenAt === null;
      await updateComment(
        tx,
        id,
        action === 'hide'
          ? { hiddenAt: row.hiddenAt ?? sql`now()`, hiddenReason: reason }
          : { hiddenAt: null, hiddenReason: null },
      );
      if (row.deletedAt === null && wasVisible !== (action === 'restore')) {
        await adjustCommentCount(tx, row.proposalId, action === 'hide' ? -1 : 1);
      }
    }
    await resolveFlags(tx, kind, id);
    await recordAudit(tx, {
      actorId: moderatorId,
      action: `moderation.${action}`,
      subjectId: id,
      details: { kind, reason },
    });
  });
}
