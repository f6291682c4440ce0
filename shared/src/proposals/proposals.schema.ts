import { Type, type Static } from 'typebox';
import { PROPOSAL_IMAGES_PER_PROPOSAL, ProposalImage } from './images.schema.js';

export const PROPOSAL_CATEGORIES = [
  'parks',
  'streets',
  'culture',
  'sport',
  'education',
  'environment',
  'welfare',
  'safety',
  'other',
] as const;
export type ProposalCategory = (typeof PROPOSAL_CATEGORIES)[number];

export const PROPOSAL_STATUSES = ['submitted', 'feasible', 'infeasible', 'merged', 'withdrawn'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

const Category = Type.Union([
  Type.Literal('parks'),
  Type.Literal('streets'),
  Type.Literal('culture'),
  Type.Literal('sport'),
  Type.Literal('education'),
  Type.Literal('environment'),
  Type.Literal('welfare'),
  Type.Literal('safety'),
  Type.Literal('other'),
]);

const Status = Type.Union([
  Type.Literal('submitted'),
  Type.Literal('feasible'),
  Type.Literal('infeasible'),
  Type.Literal('merged'),
  Type.Literal('withdrawn'),
]);

const Cost = Type.Integer({
  minimum: 0,
  maximum: 9_000_000_000_000,
  description: "Smallest unit of the city's currency.",
});

export const GeoPoint = Type.Object(
  {
    latitude: Type.Number({ minimum: -90, maximum: 90, description: 'WGS 84 degrees.' }),
    longitude: Type.Number({ minimum: -180, maximum: 180, description: 'WGS 84 degrees.' }),
  },
  { additionalProperties: false, description: 'A place chosen on the map; both coordinates or none.' },
);
export type GeoPoint = Static<typeof GeoPoint>;

const NullablePoint = Type.Union([GeoPoint, Type.Null()]);

export const CreateProposalBody = Type.Object(
  {
    title: Type.String({ minLength: 3, maxLength: 120 }),
    summary: Type.String({ minLength: 10, maxLength: 500 }),
    description: Type.String({ minLength: 10, maxLength: 20_000, description: 'Markdown; raw HTML is not rendered.' }),
    category: Category,
    districtId: Type.String({ format: 'uuid' }),
    estimatedCost: Cost,
    location: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
    point: Type.Optional(NullablePoint),
  },
  { additionalProperties: false },
);
export type CreateProposalBody = Static<typeof CreateProposalBody>;

export const UpdateProposalBody = Type.Partial(
  Type.Object({
    title: Type.String({ minLength: 3, maxLength: 120 }),
    summary: Type.String({ minLength: 10, maxLength: 500 }),
    description: Type.String({ minLength: 10, maxLength: 20_000 }),
    category: Category,
    districtId: Type.String({ format: 'uuid' }),
    estimatedCost: Cost,
    location: Type.Union([Type.String({ maxLength: 200 }), Type.Null()]),
    point: NullablePoint,
  }),
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateProposalBody = Static<typeof UpdateProposalBody>;

export const ProposalSummary = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    cycleId: Type.String({ format: 'uuid' }),
    districtId: Type.String({ format: 'uuid' }),
    title: Type.String(),
    summary: Type.String(),
    category: Category,
    status: Status,
    estimatedCost: Type.Integer(),
    cost: Type.Union([Type.Integer(), Type.Null()], { description: 'After staff review; the ballot uses it.' }),
    ballotEligible: Type.Boolean(),
    withdrawn: Type.Boolean(),
    commentCount: Type.Integer(),
    supportCount: Type.Integer({ minimum: 0 }),
    supportedByMe: Type.Boolean({ description: 'Whether the signed-in caller supports it (false when signed out).' }),
    supportsNeeded: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], {
      description:
        "More supports it needs to reach the cycle's threshold by the end of submission (0: reached); null when the cycle has no threshold.",
    }),
    hidden: Type.Boolean({ description: 'Hidden by moderation: title, summary and description are withheld.' }),
    hiddenReason: Type.Union([Type.String(), Type.Null()]),
    authorName: Type.Union([Type.String(), Type.Null()], {
      description: 'Null once the author deleted their account.',
    }),
    point: Type.Union([GeoPoint, Type.Null()], { description: 'Where it is, when the author chose a place.' }),
    createdAt: Type.String({ format: 'date-time' }),
    thumbnailUrl: Type.Union([Type.String(), Type.Null()], {
      description: 'The first photo shown to everyone, for a thumbnail; null without one.',
    }),
  },
  { additionalProperties: false },
);
export type ProposalSummary = Static<typeof ProposalSummary>;

export const ProposalEvent = Type.Object(
  {
    status: Status,
    cost: Type.Union([Type.Integer(), Type.Null()]),
    ballotEligible: Type.Boolean(),
    reason: Type.Union([Type.String(), Type.Null()], { description: 'Public reason given by staff.' }),
    at: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);
export type ProposalEvent = Static<typeof ProposalEvent>;

export const Proposal = Type.Object(
  {
    ...ProposalSummary.properties,
    images: Type.Array(ProposalImage, { maxItems: PROPOSAL_IMAGES_PER_PROPOSAL, description: 'In position order.' }),
    mergedInto: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
    history: Type.Array(ProposalEvent, {
      description: 'Public history of status, cost and eligibility, oldest first.',
    }),
    description: Type.String({ description: 'As written (Markdown).' }),
    descriptionHtml: Type.String({
      description: 'Rendered to safe HTML: no raw HTML, no script, no javascript: links.',
    }),
    location: Type.Union([Type.String(), Type.Null()]),
    withdrawalReason: Type.Union([Type.String(), Type.Null()]),
    editable: Type.Boolean({ description: 'Whether the signed-in caller may still edit it.' }),
    followedByMe: Type.Boolean({ description: 'Whether the signed-in caller follows it (false when signed out).' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);
export type Proposal = Static<typeof Proposal>;

export const PROPOSAL_SORTS = ['newest', 'discussed', 'supported', 'cost'] as const;

export const ProposalListQuery = Type.Object(
  {
    district: Type.Optional(Type.String({ format: 'uuid' })),
    category: Type.Optional(Category),
    status: Type.Optional(Status),
    q: Type.Optional(
      Type.String({ minLength: 1, maxLength: 100, description: 'Words in the title, summary or description.' }),
    ),
    sort: Type.Union(
      [Type.Literal('newest'), Type.Literal('discussed'), Type.Literal('supported'), Type.Literal('cost')],
      { default: 'newest' },
    ),
    belowThreshold: Type.Optional(
      Type.Boolean({
        description: "Only proposals below (true) or at or above (false) the cycle's support threshold.",
      }),
    ),
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
    offset: Type.Integer({ minimum: 0, maximum: 100_000, default: 0 }),
  },
  { additionalProperties: false },
);
export type ProposalListQuery = Static<typeof ProposalListQuery>;

export const ProposalList = Type.Object(
  { items: Type.Array(ProposalSummary), total: Type.Integer({ minimum: 0 }) },
  { additionalProperties: false },
);
export type ProposalList = Static<typeof ProposalList>;

export const ProposalIdParams = Type.Object(
  { proposalId: Type.String({ format: 'uuid' }) },
  { additionalProperties: false },
);
export type ProposalIdParams = Static<typeof ProposalIdParams>;

export const ReviewProposalBody = Type.Object(
  {
    status: Type.Optional(Type.Union([Type.Literal('feasible'), Type.Literal('infeasible')])),
    cost: Type.Optional(Cost),
    ballotEligible: Type.Optional(Type.Boolean()),
    mergeInto: Type.Optional(
      Type.String({ format: 'uuid', description: 'Merge into this proposal of the same cycle.' }),
    ),
    reason: Type.String({ minLength: 3, maxLength: 2000, description: 'Public: shown in the proposal history.' }),
  },
  { additionalProperties: false, minProperties: 2 },
);
export type ReviewProposalBody = Static<typeof ReviewProposalBody>;

export const WithdrawProposalBody = Type.Object(
  { reason: Type.String({ minLength: 3, maxLength: 2000, description: 'Public.' }) },
  { additionalProperties: false },
);
export type WithdrawProposalBody = Static<typeof WithdrawProposalBody>;
