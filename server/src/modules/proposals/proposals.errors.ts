import { defineErrors } from '../../errors.js';

export const ProposalErrors = defineErrors({
  notFound: { code: 'proposals.not_found', status: 404, message: 'No such proposal.' },
  submissionClosed: {
    code: 'proposals.submission_closed',
    status: 409,
    message: 'Proposals can be submitted only while the cycle is in its submission phase.',
  },
  quotaReached: {
    code: 'proposals.quota_reached',
    status: 409,
    message: 'You have submitted as many proposals as this cycle allows.',
  },
  verificationRequired: {
    code: 'proposals.verification_required',
    status: 403,
    message: 'This cycle asks for verified residents; verify your residency in your profile first.',
  },
  districtNotInCycle: {
    code: 'proposals.district_not_in_cycle',
    status: 400,
    message: 'Choose a district that takes part in this cycle (your own, or the city-wide one).',
  },
  pointOutOfRange: {
    code: 'proposals.point_out_of_range',
    status: 400,
    message: 'The place is off the map: latitude must be from -90 to 90 and longitude from -180 to 180.',
  },
  notAuthor: { code: 'proposals.not_author', status: 403, message: 'Only the author can edit this proposal.' },
  reviewClosed: {
    code: 'proposals.review_closed',
    status: 409,
    message: 'Proposals are reviewed during submission and review; the ballot list is fixed from voting on.',
  },
  invalidReview: { code: 'proposals.invalid_review', status: 400, message: 'This review decision is not possible.' },
  mergeOtherDistrict: {
    code: 'proposals.merge_other_district',
    status: 409,
    message: 'A proposal can be merged only into a proposal of the same district; residents vote by district.',
  },
  withdrawClosed: {
    code: 'proposals.withdraw_closed',
    status: 409,
    message: 'A proposal can be withdrawn until voting closes, once.',
  },
  editingClosed: {
    code: 'proposals.editing_closed',
    status: 409,
    message: 'Review has started: the proposal can no longer be edited.',
  },
  imageInvalid: {
    code: 'proposals.image_invalid',
    status: 400,
    message: 'This file is not a photo we can read. Send a JPEG, PNG or WebP image.',
  },
  imageTypeMismatch: {
    code: 'proposals.image_type_mismatch',
    status: 400,
    message: 'The file content does not match its declared type (for example a PNG sent as image/jpeg).',
  },
  imageTooLarge: {
    code: 'proposals.image_too_large',
    status: 400,
    message: 'The image has too many pixels (at most 40 megapixels).',
  },
  imageAnimated: {
    code: 'proposals.image_animated',
    status: 400,
    message: 'Animated or multi-page images are not accepted; send a single still photo.',
  },
  imageLimit: { code: 'proposals.image_limit', status: 409, message: 'A proposal can have at most three photos.' },
  imageAltRequired: {
    code: 'proposals.image_alt_required',
    status: 400,
    message: 'Describe the photo in a few words (alt text) for people who cannot see it.',
  },
  imageNotFound: { code: 'proposals.image_not_found', status: 404, message: 'No such photo.' },
});
