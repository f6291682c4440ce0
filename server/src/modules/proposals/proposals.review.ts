import { phaseIndex, type Phase, type Proposal, type ReviewProposalBody } from '@pb/shared';
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { AppError } from '../../errors.js';
import type { RequestAuth } from '../../plugins/app/access.js';
import { recordAudit } from '../audit/audit.service.js';
import { findCycleRow } from '../cycles/cycles.repository.js';
import { asPhase } from '../cycles/cycles.service.js';
import { mailNews, type NewsMail } from '../notifications/notifications.mail.js';
import { notifyFollowers } from '../notifications/notifications.service.js';
import { ProposalErrors } from './proposals.errors.js';
import { insertProposalEvent, lockProposal, updateProposalRow, type ProposalRow } from './proposals.repository.js';
import { getProposal } from './proposals.service.js';

function invalid(message: string): AppError {
  return new AppError(ProposalErrors.invalidReview, message);
}

/** What a review turns the proposal into; every rule a reviewer could break is checked here. */
async function reviewedState(db: Database, row: ProposalRow, body: ReviewProposalBody) {
  if (row.withdrawnAt !== null || row.status === 'merged')
    throw invalid('A withdrawn or merged proposal is not reviewed.');
  if (body.mergeInto !== undefined) {
    if (body.status !== undefined || body.cost !== undefined || body.ballotEligible === true) {
      throw invalid('A merge cannot be combined with another decision.');
    }
    const target = await lockProposal(db, body.mergeInto);
    if (
      target?.cycleId !== row.cycleId ||
      target.id === row.id ||
      target.status === 'merged' ||
      target.withdrawnAt !== null
    ) {
      throw invalid('Merge into another live proposal of the same cycle.');
    }
    if (target.districtId !== row.districtId) throw new AppError(ProposalErrors.mergeOtherDistrict);
    return { status: 'merged', cost: row.cost, ballotEligible: false, mergedInto: target.id };
  }
  const status = body.status ?? row.status;
  const cost = body.cost ?? row.cost ?? (status === 'feasible' ? row.estimatedCost : null);
  const ballotEligible = status === 'infeasible' ? false : (body.ballotEligible ?? row.ballotEligible);
  if (body.ballotEligible === true && status !== 'feasible')
    throw invalid('Only a feasible proposal can be on the ballot.');
  return { status, cost, ballotEligible, mergedInto: null };
}

/**
 * Tells the author (always) and the followers of the status change, but not the staff member who
 * made it; returns who was told, for the mail sent once the change is committed.
 */
async function tellFollowers(
  db: Database,
  actorId: string,
  row: ProposalRow,
  details: { status: string; cost: number | null; reason: string },
): Promise<string[]> {
  return notifyFollowers(db, {
    proposalId: row.id,
    kind: 'proposal.status_changed',
    actorId,
    details,
    also: row.authorId === null ? [] : [row.authorId],
  });
}

async function lockWithPhase(db: Database, proposalId: string): Promise<{ row: ProposalRow; phase: Phase }> {
  const row = await lockProposal(db, proposalId);
  if (row === undefined) throw new AppError(ProposalErrors.notFound);
  const cycle = await findCycleRow(db, row.cycleId);
  return { row, phase: asPhase(cycle?.phase ?? 'draft') };
}

/** Staff review during submission and review: feasibility, cost, merge, ballot eligibility. */
export async function reviewProposal(
  db: Database,
  mail: NewsMail,
  auth: RequestAuth,
  proposalId: string,
  body: ReviewProposalBody,
): Promise<Proposal> {
  const news = await db.transaction(async (tx) => {
    const { row, phase } = await lockWithPhase(tx, proposalId);
    if (phase !== 'submission' && phase !== 'review') throw new AppError(ProposalErrors.reviewClosed);
    const next = await reviewedState(tx, row, body);
    await updateProposalRow(tx, proposalId, next);
    await insertProposalEvent(tx, { id: row.id, ...next }, body.reason, auth.userId);
    await recordAudit(tx, { actorId: auth.userId, action: 'proposal.reviewed', subjectId: proposalId, details: next });
    const details = { status: next.status, cost: next.cost, reason: body.reason };
    return { title: row.title, details, recipients: await tellFollowers(tx, auth.userId, row, details) };
  });
  mailNews(db, mail, news.recipients, { proposalId, kind: 'proposal.status_changed', ...news });
  return getProposal(db, proposalId, auth);
}

const LAST_WITHDRAWAL_PHASE: Phase = 'voting';

/**
 * A city may have to withdraw a project, even during voting: it keeps its place on the ballots
 * already cast and is left out of the tally. Audited, with a public reason.
 */
export async function withdrawProposal(
  db: Database,
  mail: NewsMail,
  auth: RequestAuth,
  proposalId: string,
  reason: string,
): Promise<Proposal> {
  const news = await db.transaction(async (tx) => {
    const { row, phase } = await lockWithPhase(tx, proposalId);
    if (phaseIndex(phase) > phaseIndex(LAST_WITHDRAWAL_PHASE) || row.withdrawnAt !== null || row.status === 'merged') {
      throw new AppError(ProposalErrors.withdrawClosed);
    }
    await updateProposalRow(tx, proposalId, { status: 'withdrawn', withdrawnAt: sql`now()`, withdrawalReason: reason });
    await insertProposalEvent(tx, { ...row, status: 'withdrawn' }, reason, auth.userId);
    await recordAudit(tx, {
      actorId: auth.userId,
      action: 'proposal.withdrawn',
      subjectId: proposalId,
      details: { phase, reason },
    });
    const details = { status: 'withdrawn', cost: row.cost, reason };
    return { title: row.title, details, recipients: await tellFollowers(tx, auth.userId, row, details) };
  });
  mailNews(db, mail, news.recipients, { proposalId, kind: 'proposal.status_changed', ...news });
  return getProposal(db, proposalId, auth);
}
