import {
  PROPOSAL_CATEGORIES,
  PROPOSAL_STATUSES,
  type CreateProposalBody,
  type GeoPoint,
  type Proposal,
  type ProposalList,
  type ProposalListQuery,
  type ProposalSummary,
  type UpdateProposalBody,
} from '@pb/shared';
import type { Database } from '../../db/database.js';
import { AppError } from '../../errors.js';
import type { RequestAuth } from '../../plugins/app/access.js';
import { recordAudit } from '../audit/audit.service.js';
import { findDistrict } from '../city/city.repository.js';
import { findCycleRow, listCycleDistricts, shareLockCycle, type CycleRow } from '../cycles/cycles.repository.js';
import { CycleErrors } from '../cycles/cycles.errors.js';
import { followProposal } from '../following/following.repository.js';
import { findUserById, lockUser } from '../users/users.repository.js';
import { ProposalErrors } from './proposals.errors.js';
import { renderMarkdown } from './proposals.markdown.js';
import { imageUrl, proposalImagesFor } from './proposal-images.service.js';
import {
  countAuthorProposals,
  findProposal,
  insertProposal,
  insertProposalEvent,
  listProposalEvents,
  lockProposal,
  searchProposals,
  updateProposalRow,
  type ProposalListRow,
  type ProposalWithAuthor,
} from './proposals.repository.js';

function known<T extends string>(values: readonly T[], value: string, what: string): T {
  const found = values.find((candidate) => candidate === value);
  if (found === undefined) throw new Error(`unknown ${what} ${value} in the database`);
  return found;
}

/** More supports needed to reach the threshold (0 once reached); null without supports or threshold. */
export function supportsNeeded(
  cycle: { supportsEnabled: boolean; supportThreshold: number | null },
  supportCount: number,
): number | null {
  if (!cycle.supportsEnabled || cycle.supportThreshold === null) return null;
  return Math.max(0, cycle.supportThreshold - supportCount);
}

export function toProposalSummary(
  row: ProposalListRow,
  cycle: { supportsEnabled: boolean; supportThreshold: number | null },
  thumbnailUrl: string | null = null,
): ProposalSummary {
  return {
    id: row.id,
    cycleId: row.cycleId,
    districtId: row.districtId,
    title: row.hiddenAt === null ? row.title : '',
    summary: row.hiddenAt === null ? row.summary : '',
    // The database's check admits only known categories; should one slip in anyway (a category
    // retired from the code), the list still answers and shows it as "other".
    category: PROPOSAL_CATEGORIES.find((category) => category === row.category) ?? 'other',
    status: known(PROPOSAL_STATUSES, row.status, 'status'),
    estimatedCost: row.estimatedCost,
    cost: row.cost,
    ballotEligible: row.ballotEligible,
    withdrawn: row.withdrawnAt !== null,
    commentCount: row.commentCount,
    supportCount: row.supportCount,
    supportedByMe: row.supportedByMe,
    supportsNeeded: supportsNeeded(cycle, row.supportCount),
    hidden: row.hiddenAt !== null,
    hiddenReason: row.hiddenReason,
    authorName: row.authorName,
    point:
      row.latitude === null || row.longitude === null ? null : { latitude: row.latitude, longitude: row.longitude },
    createdAt: row.createdAt.toISOString(),
    thumbnailUrl: row.hiddenAt === null ? thumbnailUrl : null,
  };
}

function pointColumns(point: GeoPoint | null): { latitude: number | null; longitude: number | null } {
  return { latitude: point?.latitude ?? null, longitude: point?.longitude ?? null };
}

/** Authors edit their own proposal while the cycle is still taking submissions. */
function canEdit(row: ProposalWithAuthor, cyclePhase: string, auth: RequestAuth | null): boolean {
  return auth !== null && row.authorId === auth.userId && cyclePhase === 'submission' && row.withdrawnAt === null;
}

/** Drafts are for staff; everyone else is told the cycle does not exist. */
function isVisiblePhase(phase: string, auth: RequestAuth | null): boolean {
  return phase !== 'draft' || (auth?.roles.includes('staff') ?? false);
}

async function visibleCycle(db: Database, cycleId: string, auth: RequestAuth | null): Promise<CycleRow> {
  const cycle = await findCycleRow(db, cycleId);
  if (cycle === undefined || !isVisiblePhase(cycle.phase, auth)) throw new AppError(CycleErrors.notFound);
  return cycle;
}

export async function listProposals(
  db: Database,
  cycleId: string,
  query: ProposalListQuery,
  auth: RequestAuth | null,
): Promise<ProposalList> {
  const cycle = await visibleCycle(db, cycleId, auth);
  const threshold = cycle.supportsEnabled ? cycle.supportThreshold : null;
  const { rows, total } = await searchProposals(db, cycleId, query, {
    userId: auth?.userId ?? null,
    supportThreshold: threshold,
  });
  return {
    items: rows.map((row) =>
      toProposalSummary(row, cycle, row.thumbnail === null ? null : imageUrl({ ...row.thumbnail, proposalId: row.id })),
    ),
    total,
  };
}

export async function getProposal(db: Database, proposalId: string, auth: RequestAuth | null): Promise<Proposal> {
  const row = await findProposal(db, proposalId, auth?.userId ?? null);
  if (row === undefined || !isVisiblePhase(row.cyclePhase, auth)) throw new AppError(ProposalErrors.notFound);
  const [events, images] = await Promise.all([listProposalEvents(db, proposalId), proposalImagesFor(db, row, auth)]);
  return {
    ...toProposalSummary(row, row, images.find((image) => !image.hidden)?.url ?? null),
    images,
    mergedInto: row.mergedInto,
    history: events.map((event) => ({
      status: known(PROPOSAL_STATUSES, event.status, 'status'),
      cost: event.cost,
      ballotEligible: event.ballotEligible,
      reason: event.reason,
      at: event.at.toISOString(),
    })),
    description: row.hiddenAt === null ? row.description : '',
    descriptionHtml: row.hiddenAt === null ? renderMarkdown(row.description) : '',
    location: row.location,
    withdrawalReason: row.withdrawalReason,
    editable: canEdit(row, row.cyclePhase, auth),
    followedByMe: row.followedByMe,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/**
 * A verified resident proposes for their own district or a city-wide one; without required
 * verification any district of the cycle will do.
 */
async function assertDistrictAllowed(db: Database, cycle: CycleRow, districtId: string, userDistrict: string | null) {
  const inCycle = (await listCycleDistricts(db, cycle.id)).some((row) => row.districtId === districtId);
  if (!inCycle) throw new AppError(ProposalErrors.districtNotInCycle);
  if (!cycle.requiresVerification) return;
  const district = await findDistrict(db, districtId);
  if (district?.cityWide !== true && districtId !== userDistrict) throw new AppError(ProposalErrors.districtNotInCycle);
}

export async function createProposal(
  db: Database,
  auth: RequestAuth,
  cycleId: string,
  body: CreateProposalBody,
): Promise<Proposal> {
  const proposalId = await db.transaction(async (tx) => {
    // Locking the author serialises their submissions, so the quota cannot be raced; the shared
    // cycle lock keeps the phase from moving on meanwhile.
    const user = await lockUser(tx, auth.userId);
    const cycle = await shareLockCycle(tx, cycleId);
    if (cycle === undefined || cycle.phase === 'draft') throw new AppError(CycleErrors.notFound);
    if (cycle.phase !== 'submission') throw new AppError(ProposalErrors.submissionClosed);
    if (cycle.requiresVerification && (user?.verifiedAt ?? null) === null)
      throw new AppError(ProposalErrors.verificationRequired);
    await assertDistrictAllowed(tx, cycle, body.districtId, user?.districtId ?? null);
    if ((await countAuthorProposals(tx, cycleId, auth.userId)) >= cycle.proposalQuota) {
      throw new AppError(
        ProposalErrors.quotaReached,
        `This cycle allows ${String(cycle.proposalQuota)} ${cycle.proposalQuota === 1 ? 'proposal' : 'proposals'} per resident.`,
        { params: { reason: 'quota', quota: cycle.proposalQuota } },
      );
    }
    const row = await insertProposal(tx, {
      cycleId,
      districtId: body.districtId,
      authorId: auth.userId,
      title: body.title.trim(),
      summary: body.summary.trim(),
      description: body.description,
      category: body.category,
      location: body.location ?? null,
      ...pointColumns(body.point ?? null),
      estimatedCost: body.estimatedCost,
    });
    await insertProposalEvent(tx, row, null, auth.userId);
    // Authors follow their own proposal from the start; they may unfollow it later.
    await followProposal(tx, row.id, auth.userId);
    await recordAudit(tx, {
      actorId: auth.userId,
      action: 'proposal.created',
      subjectId: row.id,
      details: { cycleId },
    });
    return row.id;
  });
  return getProposal(db, proposalId, auth);
}

export async function updateProposal(
  db: Database,
  auth: RequestAuth,
  proposalId: string,
  patch: UpdateProposalBody,
): Promise<Proposal> {
  const user = await findUserById(db, auth.userId);
  await db.transaction(async (tx) => {
    const row = await lockProposal(tx, proposalId);
    if (row === undefined) throw new AppError(ProposalErrors.notFound);
    if (row.authorId !== auth.userId) throw new AppError(ProposalErrors.notAuthor);
    const cycle = await findCycleRow(tx, row.cycleId);
    if (cycle?.phase !== 'submission' || row.withdrawnAt !== null) throw new AppError(ProposalErrors.editingClosed);
    if (patch.districtId !== undefined)
      await assertDistrictAllowed(tx, cycle, patch.districtId, user?.districtId ?? null);
    const { point, ...fields } = patch;
    await updateProposalRow(tx, proposalId, {
      ...fields,
      ...(point === undefined ? {} : pointColumns(point)),
      ...(patch.title === undefined ? {} : { title: patch.title.trim() }),
      ...(patch.summary === undefined ? {} : { summary: patch.summary.trim() }),
    });
  });
  return getProposal(db, proposalId, auth);
}
