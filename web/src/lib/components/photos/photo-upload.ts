import { PROPOSAL_IMAGE_MAX_BYTES, PROPOSAL_IMAGE_TYPES, type ProposalImageType } from '@pb/shared';
import type { Check } from '../../validation.js';

export const PHOTO_ACCEPT = PROPOSAL_IMAGE_TYPES.join(',');

export function photoType(file: File | undefined): ProposalImageType | undefined {
  return PROPOSAL_IMAGE_TYPES.find((type) => type === file?.type);
}

/** The checks the server makes on the file that can be made before sending 10 MB over a phone line. */
export function checkPhotoFile(file: File | undefined): Check {
  if (file === undefined) return 'photos.noFile';
  if (photoType(file) === undefined) return 'photos.wrongType';
  if (file.size > PROPOSAL_IMAGE_MAX_BYTES) return 'photos.tooBig';
  return undefined;
}
