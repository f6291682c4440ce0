import { Type, type Static } from 'typebox';
import { BallotRules } from '../cycles/cycles.schema.js';

/** Receipt codes carry 128 random bits: 26 Crockford base32 characters, in groups of four. */
export const RECEIPT_BITS = 128;
export const BALLOT_CHANNELS = ['online', 'assisted', 'paper'] as const;
export type BallotChannel = (typeof BALLOT_CHANNELS)[number];
/** Lines accepted in one paper CSV upload (poll book or ballot box). */
export const PAPER_UPLOAD_MAX_LINES = 20_000;
export const PAPER_UPLOAD_MAX_BYTES = 4 * 1024 * 1024;

const Uuid = Type.String({ format: 'uuid' });

export const BallotChoiceSchema = Type.Object(
  {
    proposalId: Uuid,
    points: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'Cumulative ballots only.' })),
  },
  { additionalProperties: false },
);

export const Choices = Type.Array(BallotChoiceSchema, {
  minItems: 1,
  maxItems: 500,
  description: 'Approval and knapsack: the chosen projects. Cumulative: each with its points. Ranked: best first.',
});

export const CastBallotBody = Type.Object({ districtId: Uuid, choices: Choices }, { additionalProperties: false });
export type CastBallotBody = Static<typeof CastBallotBody>;

export const ReceiptCode = Type.String({
  minLength: 1,
  maxLength: 80,
  description: 'As printed; case, spaces and hyphens do not matter.',
});

export const ReplaceBallotBody = Type.Object(
  { receipt: ReceiptCode, choices: Choices },
  { additionalProperties: false },
);
export type ReplaceBallotBody = Static<typeof ReplaceBallotBody>;

export const BallotReceipt = Type.Object(
  {
    receipt: Type.String({
      description: 'Shown once and never stored in clear: keep it to check or replace the ballot.',
    }),
    cycleId: Uuid,
    districtId: Uuid,
    channel: Type.Union([Type.Literal('online'), Type.Literal('assisted')]),
  },
  { additionalProperties: false },
);
export type BallotReceipt = Static<typeof BallotReceipt>;

export const ReceiptLookupBody = Type.Object({ receipt: ReceiptCode }, { additionalProperties: false });
export type ReceiptLookupBody = Static<typeof ReceiptLookupBody>;

export const ReceiptLookup = Type.Object(
  {
    found: Type.Boolean(),
    status: Type.Union([Type.Literal('counted'), Type.Literal('replaced'), Type.Literal('published'), Type.Null()], {
      description: '`published` once the results are public; the ballot is then shown too.',
    }),
    districtId: Type.Union([Uuid, Type.Null()]),
    choices: Type.Union([Choices, Type.Null()], { description: 'Only after publication, as on the bulletin board.' }),
  },
  { additionalProperties: false },
);
export type ReceiptLookup = Static<typeof ReceiptLookup>;

export const BallotSheetProject = Type.Object(
  {
    id: Uuid,
    number: Type.Integer({ minimum: 1, description: 'Fixed number on the ballot, used on paper ballots.' }),
    title: Type.String(),
    summary: Type.String(),
    category: Type.String(),
    cost: Type.Integer({ minimum: 0 }),
    withdrawn: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type BallotSheetProject = Static<typeof BallotSheetProject>;

export const BallotSheet = Type.Object(
  {
    cycleId: Uuid,
    districtId: Uuid,
    rules: BallotRules,
    budget: Type.Integer({ minimum: 0 }),
    currency: Type.String(),
    shuffled: Type.Boolean({ description: "In this voter's own order; otherwise by ballot number." }),
    projects: Type.Array(BallotSheetProject),
  },
  { additionalProperties: false },
);
export type BallotSheet = Static<typeof BallotSheet>;

export const BallotSheetParams = Type.Object({ cycleId: Uuid, districtId: Uuid }, { additionalProperties: false });
export type BallotSheetParams = Static<typeof BallotSheetParams>;

export const BallotSheetQuery = Type.Object(
  {
    order: Type.Optional(
      Type.Union([Type.Literal('shuffled'), Type.Literal('number')], {
        description: '`number` for printing; signed-in voters get their own shuffled order by default.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type BallotSheetQuery = Static<typeof BallotSheetQuery>;

export const DistrictVotingStatus = Type.Object(
  {
    districtId: Uuid,
    eligible: Type.Boolean(),
    reason: Type.Union(
      [
        Type.Literal('not_voting'),
        Type.Literal('verification_required'),
        Type.Literal('other_district'),
        Type.Literal('too_young'),
        Type.Literal('age_unknown'),
        Type.Null(),
      ],
      {
        description:
          "`age_unknown`: the cycle has a minimum age and this voter's credential carries no census birth year (a voting code issued without a census entry).",
      },
    ),
    voted: Type.Boolean(),
    channel: Type.Union([Type.Literal('online'), Type.Literal('assisted'), Type.Literal('paper'), Type.Null()]),
    canReplace: Type.Boolean({
      description: 'Online and assisted ballots can be replaced, with the receipt, during voting.',
    }),
  },
  { additionalProperties: false },
);
export type DistrictVotingStatus = Static<typeof DistrictVotingStatus>;
export type IneligibleReason = NonNullable<DistrictVotingStatus['reason']>;

export const MyVotingStatus = Type.Object(
  { cycleId: Uuid, phase: Type.String(), districts: Type.Array(DistrictVotingStatus) },
  { additionalProperties: false },
);
export type MyVotingStatus = Static<typeof MyVotingStatus>;

/** How staff identify a resident at the counter or in the paper poll book. */
export const VoterIdentifier = Type.Object(
  {
    kind: Type.Union([Type.Literal('census'), Type.Literal('code')]),
    value: Type.String({ minLength: 1, maxLength: 64, description: 'Census (resident) number, or voting code.' }),
  },
  { additionalProperties: false },
);
export type VoterIdentifier = Static<typeof VoterIdentifier>;

export const VoterLookupBody = Type.Object({ voter: VoterIdentifier }, { additionalProperties: false });
export type VoterLookupBody = Static<typeof VoterLookupBody>;

export const VoterLookup = Type.Object(
  {
    found: Type.Boolean(),
    homeDistrictId: Type.Union([Uuid, Type.Null()]),
    birthYear: Type.Union([Type.Integer(), Type.Null()], { description: 'From the census, to check against an ID.' }),
    districts: Type.Array(DistrictVotingStatus),
  },
  { additionalProperties: false },
);
export type VoterLookup = Static<typeof VoterLookup>;

export const StaffBallotBody = Type.Object(
  { voter: VoterIdentifier, districtId: Uuid, choices: Choices },
  { additionalProperties: false },
);
export type StaffBallotBody = Static<typeof StaffBallotBody>;
