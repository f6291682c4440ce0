import { sql } from 'drizzle-orm';
import {
  PROPOSAL_IMAGES_PER_PROPOSAL,
  type ProposalImage,
  type ProposalImageType,
  type UploadProposalImageQuery,
} from '@pb/shared';
import type { Database } from '../../db/database.js';
import { AppError } from '../../errors.js';
import type { RequestAuth } from '../../plugins/app/access.js';
import { recordAudit } from '../audit/audit.service.js';
import { findCycleRow } from '../cycles/cycles.repository.js';
import { reencodeImage } from './proposal-images.process.js';
import {
  deleteImage,
  findImageWithContent,
  insertImage,
  listImageInfos,
  lockImageInfo,
  updateImage,
  usedPositions,
  type ProposalImageInfo,
  type ProposalImageRow,
} from './proposal-images.repository.js';
import { ProposalErrors } from './proposals.errors.js';
import { findProposal, lockProposal } from './proposals.repository.js';

const isModerator = (auth: RequestAuth | null): boolean => auth?.roles.includes('moderator') ?? false;

/** The URL carries the content hash, so the bytes behind it never change and may be cached for ever. */
export function imageUrl(image: Pick<ProposalImageRow, 'id' | 'proposalId' | 'sha256'>): string {
  return `/api/proposals/${image.proposalId}/images/${image.id}?v=${image.sha256}`;
}

export function toProposalImage(row: ProposalImageInfo, auth: RequestAuth | null): ProposalImage {
  const hidden = row.hiddenAt !== null;
  return {
    id: row.id,
    url: imageUrl(row),
    width: row.width,
    height: row.height,
    alt: hidden && !isModerator(auth) ? '' : row.altText,
    altLocale: row.altLocale === 'en' ? 'en' : 'ja',
    hidden,
    hiddenReason: row.hiddenReason,
  };
}

/** The photos of a proposal as its page shows them; none of a proposal hidden by moderation. */
export async function proposalImagesFor(
  db: Database,
  proposal: { id: string; hiddenAt: Date | null },
  auth: RequestAuth | null,
): Promise<ProposalImage[]> {
  if (proposal.hiddenAt !== null && !isModerator(auth)) return [];
  return (await listImageInfos(db, proposal.id)).map((row) => toProposalImage(row, auth));
}

/** Same rule as editing the text: the author, while the cycle takes submissions and it is not withdrawn. */
async function assertAuthorMayEdit(db: Database, auth: RequestAuth, proposalId: string, lock: boolean) {
  const row = lock ? await lockProposal(db, proposalId) : await findProposal(db, proposalId);
  if (row === undefined) throw new AppError(ProposalErrors.notFound);
  if (row.authorId !== auth.userId) throw new AppError(ProposalErrors.notAuthor);
  const cycle = await findCycleRow(db, row.cycleId);
  if (cycle?.phase !== 'submission' || row.withdrawnAt !== null) throw new AppError(ProposalErrors.editingClosed);
}

function smallestFreePosition(used: readonly number[]): number | undefined {
  for (let position = 1; position <= PROPOSAL_IMAGES_PER_PROPOSAL; position += 1) {
    if (!used.includes(position)) return position;
  }
  return undefined;
}

export interface ImageUpload {
  bytes: Buffer;
  contentType: ProposalImageType;
  query: UploadProposalImageQuery;
  uiLocale: 'ja' | 'en';
}

/**
 * Checks are made before the (costly) re-encoding and again under the proposal's lock, so two
 * uploads at once cannot both take the last place.
 */
export async function addProposalImage(
  db: Database,
  auth: RequestAuth,
  proposalId: string,
  upload: ImageUpload,
): Promise<void> {
  const alt = upload.query.alt.trim();
  if (alt === '') throw new AppError(ProposalErrors.imageAltRequired);
  await assertAuthorMayEdit(db, auth, proposalId, false);
  if (smallestFreePosition(await usedPositions(db, proposalId)) === undefined) {
    throw new AppError(ProposalErrors.imageLimit);
  }
  const image = await reencodeImage(upload.bytes, upload.contentType);
  await db.transaction(async (tx) => {
    await assertAuthorMayEdit(tx, auth, proposalId, true);
    const position = smallestFreePosition(await usedPositions(tx, proposalId));
    if (position === undefined) throw new AppError(ProposalErrors.imageLimit);
    const imageId = await insertImage(tx, {
      proposalId,
      position,
      ...image,
      altText: alt,
      altLocale: upload.query.altLocale ?? upload.uiLocale,
    });
    await recordAudit(tx, {
      actorId: auth.userId,
      action: 'proposal.image_added',
      subjectId: proposalId,
      details: { imageId, sha256: image.sha256 },
    });
  });
}

/** The author while the proposal is editable, or a moderator at any time. */
export async function removeProposalImage(
  db: Database,
  auth: RequestAuth,
  proposalId: string,
  imageId: string,
): Promise<void> {
  await db.transaction(async (tx) => {
    if (!isModerator(auth)) await assertAuthorMayEdit(tx, auth, proposalId, true);
    const image = await lockImageInfo(tx, proposalId, imageId);
    if (image === undefined) throw new AppError(ProposalErrors.imageNotFound);
    await deleteImage(tx, imageId);
    await recordAudit(tx, {
      actorId: auth.userId,
      action: 'proposal.image_removed',
      subjectId: proposalId,
      details: { imageId },
    });
  });
}

/** Hide (with a reason shown in its place) or restore a photo; audited like other moderation. */
export async function moderateProposalImage(
  db: Database,
  moderatorId: string,
  target: { proposalId: string; imageId: string },
  action: 'hide' | 'restore',
  reason: string,
): Promise<void> {
  await db.transaction(async (tx) => {
    const image = await lockImageInfo(tx, target.proposalId, target.imageId);
    if (image === undefined) throw new AppError(ProposalErrors.imageNotFound);
    await updateImage(
      tx,
      image.id,
      action === 'hide'
        ? { hiddenAt: image.hiddenAt ?? sql`now()`, hiddenReason: reason }
        : { hiddenAt: null, hiddenReason: null },
    );
    await recordAudit(tx, {
      actorId: moderatorId,
      action: `moderation.${action}`,
      subjectId: image.id,
      details: { kind: 'image', proposalId: target.proposalId, reason },
    });
  });
}

/**
 * The bytes, for everyone while neither the photo nor its proposal is hidden (and the cycle is
 * past its draft); moderators see hidden ones too. Anything else is "no such photo".
 */
export async function readProposalImage(
  db: Database,
  target: { proposalId: string; imageId: string },
  auth: RequestAuth | null,
): Promise<{ image: ProposalImageRow; public: boolean }> {
  const image = await findImageWithContent(db, target.proposalId, target.imageId);
  if (image === undefined) throw new AppError(ProposalErrors.imageNotFound);
  const isPublic = image.hiddenAt === null && image.proposalHiddenAt === null && image.cyclePhase !== 'draft';
  const staffDraft = image.cyclePhase === 'draft' && (auth?.roles.includes('staff') ?? false);
  if (!isPublic && !isModerator(auth) && !staffDraft) throw new AppError(ProposalErrors.imageNotFound);
  return { image, public: isPublic };
}
