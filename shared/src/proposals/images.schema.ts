import { Type, type Static } from 'typebox';

export const PROPOSAL_IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type ProposalImageType = (typeof PROPOSAL_IMAGE_TYPES)[number];
/** Per photo, as uploaded (before re-encoding). */
export const PROPOSAL_IMAGE_MAX_BYTES = 10 * 1024 * 1024;
export const PROPOSAL_IMAGES_PER_PROPOSAL = 3;
export const PROPOSAL_IMAGE_ALT_MAX_LENGTH = 300;

const AltLocale = Type.Union([Type.Literal('ja'), Type.Literal('en')]);

export const ProposalImage = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    url: Type.String({ description: 'Carries the content hash: cacheable for ever.' }),
    width: Type.Integer({ minimum: 1 }),
    height: Type.Integer({ minimum: 1 }),
    alt: Type.String({ description: 'Empty while hidden by moderation (for those who may not see it).' }),
    altLocale: AltLocale,
    hidden: Type.Boolean({ description: 'Hidden by moderation: the bytes are served to moderators only.' }),
    hiddenReason: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);
export type ProposalImage = Static<typeof ProposalImage>;

export const ProposalImageParams = Type.Object(
  { proposalId: Type.String({ format: 'uuid' }), imageId: Type.String({ format: 'uuid' }) },
  { additionalProperties: false },
);
export type ProposalImageParams = Static<typeof ProposalImageParams>;

export const UploadProposalImageQuery = Type.Object(
  {
    alt: Type.String({
      maxLength: PROPOSAL_IMAGE_ALT_MAX_LENGTH,
      description: 'What the photo shows, for people who cannot see it (required).',
    }),
    altLocale: Type.Optional(AltLocale),
  },
  { additionalProperties: false },
);
export type UploadProposalImageQuery = Static<typeof UploadProposalImageQuery>;

export const ProposalImageQuery = Type.Object(
  { v: Type.Optional(Type.String({ maxLength: 64, description: 'The content hash (cache key).' })) },
  { additionalProperties: false },
);
export type ProposalImageQuery = Static<typeof ProposalImageQuery>;
