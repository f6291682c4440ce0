import {
  COMMENT_EDIT_WINDOW_MS,
  type Comment,
  type CommentList,
  type CreateCommentBody,
  type FlagResult,
} from '@pb/shared';
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { AppError } from '../../errors.js';
import type { RequestAuth } from '../../plugins/app/access.js';
import { recordAudit } from '../audit/audit.service.js';
import { CycleErrors } from '../cycles/cycles.errors.js';
import { findCycleRow, type CycleRow } from '../cycles/cycles.repository.js';
import { followProposal } from '../following/following.repository.js';
import { mailNews, type NewsMail } from '../notifications/notifications.mail.js';
import { notify, notifyFollowers } from '../notifications/notifications.service.js';
import { ProposalErrors } from '../proposals/proposals.errors.js';
import { findProposal, lockProposal, updateProposalRow, type ProposalRow } from '../proposals/proposals.repository.js';
import { findUserById } from '../users/users.repository.js';
import { DiscussionErrors } from './discussion.errors.js';
import { renderCommentMarkdown } from './discussion.markdown.js';
import {
  addFlag,
  adjustCommentCount,
  findComment,
  insertComment,
  listComments,
  lockComment,
  updateComment,
  type CommentWithAuthor,
} from './discussion.repository.js';

export const HIDDEN_BY_FLAGS = 'Hidden after reports, pending a moderator.';

export function toCommentDto(row: CommentWithAuthor): Comment {
  const hidden = row.hiddenAt !== null;
  return {
    id: row.id,
    proposalId: row.proposalId,
    parentId: row.parentId,
    authorId: row.deletedAt === null ? row.authorId : null,
    authorName: row.deletedAt === null ? row.authorName : null,
    body: hidden ? null : row.body,
    bodyHtml: hidden || row.body === null ? null : renderCommentMarkdown(row.body),
    deleted: row.deletedAt !== null,
    hidden,
    hiddenReason: row.hiddenReason,
    createdAt: row.createdAt.toISOString(),
    editedAt: row.editedAt?.toISOString() ?? null,
  };
}

/** The proposal and its cycle, as the public may see them (drafts are staff-only). */
async function visibleProposal(db: Database, proposalId: string, auth: RequestAuth | null) {
  const proposal = await findProposal(db, proposalId);
  if (proposal === undefined) throw new AppError(ProposalErrors.notFound);
  const cycle = await findCycleRow(db, proposal.cycleId);
  if (cycle === undefined) throw new AppError(CycleErrors.notFound);
  if (cycle.phase === 'draft' && !(auth?.roles.includes('staff') ?? false)) throw new AppError(ProposalErrors.notFound);
  return { proposal, cycle };
}

export async function getComments(db: Database, proposalId: string, auth: RequestAuth | null): Promise<CommentList> {
  await visibleProposal(db, proposalId, auth);
  return { items: (await listComments(db, proposalId)).map(toCommentDto) };
}

async function assertMayTakePart(db: Database, cycle: CycleRow, auth: RequestAuth): Promise<void> {
  if (cycle.requiresVerification && ((await findUserById(db, auth.userId))?.verifiedAt ?? null) === null) {
    throw new AppError(DiscussionErrors.verificationRequired);
  }
}

/**
 * The author of the comment replied to is told of the reply (following or not); the followers are
 * told of the new comment, the commenter of neither. Each in one statement, however many follow.
 */
async function tellOfComment(
  db: Database,
  proposal: { id: string },
  comment: { id: string; authorId: string },
  repliedTo: string | null,
): Promise<{ replied: string[]; followers: string[] }> {
  const details = { commentId: comment.id };
  const base = { proposalId: proposal.id, actorId: comment.authorId, details };
  const replied = repliedTo === null || repliedTo === comment.authorId ? [] : [repliedTo];
  for (const userId of replied) await notify(db, { userId, kind: 'comment.replied', proposalId: proposal.id, details });
  const followers = await notifyFollowers(db, {
    ...base,
    kind: 'proposal.commented',
    except: repliedTo === null ? [] : [repliedTo],
  });
  return { replied, followers };
}

export async function postComment(
  db: Database,
  mail: NewsMail,
  auth: RequestAuth,
  proposalId: string,
  body: CreateCommentBody,
): Promise<Comment> {
  const { cycle, proposal } = await visibleProposal(db, proposalId, auth);
  if (!cycle.commentPhases.includes(cycle.phase)) throw new AppError(DiscussionErrors.commentsClosed);
  await assertMayTakePart(db, cycle, auth);
  const { id, told } = await db.transaction(async (tx) => {
    let repliedTo: string | null = null;
    if (body.parentId !== undefined) {
      const parent = await findComment(tx, body.parentId);
      if (parent?.proposalId !== proposalId) throw new AppError(DiscussionErrors.invalidParent);
      repliedTo = parent.deletedAt === null ? parent.authorId : null;
    }
    const row = await insertComment(tx, {
      proposalId,
      parentId: body.parentId ?? null,
      authorId: auth.userId,
      body: body.body.trim(),
    });
    await adjustCommentCount(tx, proposalId, 1);
    // Taking part in the discussion follows the proposal, so the commenter hears of what comes next.
    await followProposal(tx, proposalId, auth.userId);
    const comment = { id: row.id, authorId: auth.userId };
    return { id: row.id, told: await tellOfComment(tx, proposal, comment, repliedTo) };
  });
  const news = { proposalId, title: proposal.title, details: { commentId: id } };
  mailNews(db, mail, told.replied, { ...news, kind: 'comment.replied' });
  mailNews(db, mail, told.followers, { ...news, kind: 'proposal.commented' });
  const created = await findComment(db, id);
  if (created === undefined) throw new AppError(DiscussionErrors.commentNotFound);
  return toCommentDto(created);
}

async function lockOwnComment(db: Database, auth: RequestAuth, commentId: string) {
  const row = await lockComment(db, commentId);
  if (row === undefined) throw new AppError(DiscussionErrors.commentNotFound);
  if (row.authorId !== auth.userId) throw new AppError(DiscussionErrors.notAuthor);
  if (row.deletedAt !== null) throw new AppError(DiscussionErrors.alreadyDeleted);
  return row;
}

export async function editComment(db: Database, auth: RequestAuth, commentId: string, text: string): Promise<Comment> {
  await db.transaction(async (tx) => {
    const row = await lockOwnComment(tx, auth, commentId);
    if (Date.now() - row.createdAt.getTime() > COMMENT_EDIT_WINDOW_MS)
      throw new AppError(DiscussionErrors.editWindowClosed);
    await updateComment(tx, commentId, { body: text.trim(), editedAt: sql`now()` });
  });
  const updated = await findComment(db, commentId);
  if (updated === undefined) throw new AppError(DiscussionErrors.commentNotFound);
  return toCommentDto(updated);
}

/** Authors delete their own comment; it stays in the thread as "deleted" so replies keep their place. */
export async function deleteComment(db: Database, auth: RequestAuth, commentId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const row = await lockOwnComment(tx, auth, commentId);
    await updateComment(tx, commentId, { body: null, deletedAt: sql`now()` });
    if (row.hiddenAt === null) await adjustCommentCount(tx, row.proposalId, -1);
  });
}

async function hideIfOverThreshold(
  db: Database,
  target: { kind: 'proposal'; row: ProposalRow } | { kind: 'comment'; id: string; proposalId: string },
  openFlags: number,
  threshold: number,
): Promise<boolean> {
  if (openFlags < threshold) return false;
  if (target.kind === 'proposal') {
    if (target.row.hiddenAt === null) {
      await updateProposalRow(db, target.row.id, { hiddenAt: sql`now()`, hiddenReason: HIDDEN_BY_FLAGS });
    }
  } else {
    const comment = await lockComment(db, target.id);
    if (comment?.hiddenAt === null) {
      await updateComment(db, target.id, { hiddenAt: sql`now()`, hiddenReason: HIDDEN_BY_FLAGS });
      if (comment.deletedAt === null) await adjustCommentCount(db, target.proposalId, -1);
    }
  }
  await recordAudit(db, {
    actorId: null,
    action: 'moderation.hidden_by_flags',
    subjectId: target.kind === 'proposal' ? target.row.id : target.id,
    details: { kind: target.kind, flags: openFlags },
  });
  return true;
}

/** One flag per person; at the cycle's threshold the content is hidden pending a moderator. */
export async function flagContent(
  db: Database,
  auth: RequestAuth,
  kind: 'proposal' | 'comment',
  targetId: string,
  reason: string,
): Promise<FlagResult> {
  return db.transaction(async (tx) => {
    const comment = kind === 'comment' ? await findComment(tx, targetId) : undefined;
    if (kind === 'comment' && comment === undefined) throw new AppError(DiscussionErrors.commentNotFound);
    const proposalId = comment?.proposalId ?? targetId;
    const { cycle } = await visibleProposal(tx, proposalId, auth);
    const proposal = await lockProposal(tx, proposalId);
    if (proposal === undefined) throw new AppError(ProposalErrors.notFound);
    const openFlags = await addFlag(tx, { targetKind: kind, targetId, proposalId, userId: auth.userId, reason });
    if (openFlags === undefined) throw new AppError(DiscussionErrors.alreadyFlagged);
    const hidden = await hideIfOverThreshold(
      tx,
      kind === 'proposal' ? { kind, row: proposal } : { kind, id: targetId, proposalId },
      openFlags,
      cycle.flagThreshold,
    );
    return {
      flags: openFlags,
      hidden: hidden || (kind === 'proposal' ? proposal.hiddenAt : (comment?.hiddenAt ?? null)) !== null,
    };
  });
}
