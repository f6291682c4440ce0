import { Type, type Static } from 'typebox';

export const CENSUS_MAX_BYTES = 20 * 1024 * 1024;
export const CENSUS_CSV_COLUMNS = ['resident_number', 'district', 'birth_year'] as const;
export const VOTING_CODE_BITS = 80;
export const VOTING_CODE_BATCH_MAX = 5000;

export const CensusVerifyBody = Type.Object(
  {
    residentNumber: Type.String({ minLength: 1, maxLength: 64 }),
    birthYear: Type.Integer({ minimum: 1900, maximum: 2100 }),
  },
  { additionalProperties: false },
);
export type CensusVerifyBody = Static<typeof CensusVerifyBody>;

export const RedeemCodeBody = Type.Object(
  {
    code: Type.String({
      minLength: 1,
      maxLength: 64,
      description: 'As printed; case, spaces and hyphens do not matter.',
    }),
  },
  { additionalProperties: false },
);
export type RedeemCodeBody = Static<typeof RedeemCodeBody>;

export const CENSUS_LINE_PROBLEMS = [
  'line_break',
  'resident_number_invalid',
  'district_unknown',
  'birth_year_invalid',
  'duplicate_resident',
  'header_missing',
  'malformed_csv',
] as const;

/** One refused line: `code` and `params` for a client to word it, `message` in English for API users. */
export const CensusLineError = Type.Object(
  {
    line: Type.Integer({ minimum: 1 }),
    code: Type.Union([
      Type.Literal('line_break'),
      Type.Literal('resident_number_invalid'),
      Type.Literal('district_unknown'),
      Type.Literal('birth_year_invalid'),
      Type.Literal('duplicate_resident'),
      Type.Literal('header_missing'),
      Type.Literal('malformed_csv'),
    ]),
    params: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()])),
    message: Type.String({ description: 'In English, for API clients; the web app words the code instead.' }),
  },
  { additionalProperties: false },
);
export type CensusLineError = Static<typeof CensusLineError>;

export const CensusDistrictCount = Type.Object(
  { districtId: Type.String({ format: 'uuid' }), entries: Type.Integer({ minimum: 0 }) },
  { additionalProperties: false },
);

export const CensusReport = Type.Object(
  {
    applied: Type.Boolean({
      description: 'Whether the list replaced the previous one (never on a dry run or with errors).',
    }),
    dryRun: Type.Boolean(),
    rows: Type.Integer({ minimum: 0, description: 'Data rows read (the header excluded).' }),
    accepted: Type.Integer({ minimum: 0 }),
    rejected: Type.Integer({ minimum: 0 }),
    errors: Type.Array(CensusLineError, { description: 'The first 200 problems, by line number.' }),
    byDistrict: Type.Array(CensusDistrictCount),
  },
  { additionalProperties: false },
);
export type CensusReport = Static<typeof CensusReport>;

export const CensusUploadQuery = Type.Object(
  { dryRun: Type.Boolean({ default: false }) },
  { additionalProperties: false },
);

export const CensusRejected = Type.Object(
  {
    error: Type.Object({ code: Type.String(), message: Type.String() }, { additionalProperties: false }),
    report: CensusReport,
  },
  { additionalProperties: false },
);
export type CensusRejected = Static<typeof CensusRejected>;

export const DistrictVerificationCounts = Type.Object(
  {
    districtId: Type.String({ format: 'uuid' }),
    censusEntries: Type.Integer({ minimum: 0 }),
    codesIssued: Type.Integer({ minimum: 0 }),
    codesRedeemed: Type.Integer({ minimum: 0 }),
    verifiedResidents: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);

export const VerificationSummary = Type.Object(
  {
    census: Type.Object(
      {
        entries: Type.Integer({ minimum: 0 }),
        used: Type.Integer({ minimum: 0, description: 'Entries that have verified an account.' }),
        uploadedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
      },
      { additionalProperties: false },
    ),
    byDistrict: Type.Array(DistrictVerificationCounts),
  },
  { additionalProperties: false },
);
export type VerificationSummary = Static<typeof VerificationSummary>;

export const CreateVotingCodesBody = Type.Object(
  {
    residentNumbers: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), {
      minItems: 1,
      maxItems: VOTING_CODE_BATCH_MAX,
      description:
        'The residents the letters are for, as on the census list (case, spaces, hyphens and full-width characters do not matter); each gets one code tied to their census entry. A resident with an unused code gets a new one and the old one stops working.',
    }),
  },
  { additionalProperties: false },
);
export type CreateVotingCodesBody = Static<typeof CreateVotingCodesBody>;

export const VotingCodeBatch = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    districtId: Type.String({ format: 'uuid' }),
    issued: Type.Integer({ minimum: 0 }),
    redeemed: Type.Integer({ minimum: 0 }),
    revoked: Type.Integer({
      minimum: 0,
      description: 'Codes that stopped working unused because a new letter replaced them.',
    }),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);
export type VotingCodeBatch = Static<typeof VotingCodeBatch>;

export const IssuedVotingCode = Type.Object(
  {
    residentNumber: Type.String({ description: 'As sent, to address the letter.' }),
    districtId: Type.String({ format: 'uuid', description: "The census entry's district." }),
    code: Type.String(),
    replacesUnused: Type.Boolean({ description: 'This resident had an unused code, which no longer works.' }),
  },
  { additionalProperties: false },
);
export type IssuedVotingCode = Static<typeof IssuedVotingCode>;

export const CreatedVotingCodes = Type.Object(
  {
    batches: Type.Array(VotingCodeBatch, { description: 'One per district, in the order the districts first occur.' }),
    codes: Type.Array(IssuedVotingCode, {
      description: 'In the order sent. Shown this once; only their hashes are stored.',
    }),
  },
  { additionalProperties: false },
);
export type CreatedVotingCodes = Static<typeof CreatedVotingCodes>;

export const ResidentNumberProblem = Type.Object(
  {
    index: Type.Integer({ minimum: 0, description: 'Position in `residentNumbers`.' }),
    residentNumber: Type.String({ description: 'As sent.' }),
    problem: Type.Union(
      [
        Type.Literal('invalid'),
        Type.Literal('not_on_census'),
        Type.Literal('duplicate'),
        Type.Literal('district_retired'),
      ],
      {
        description:
          '`invalid`: not a resident number; `not_on_census`: no such census entry; `duplicate`: the same resident earlier in the list; `district_retired`: the census entry is in a retired district.',
      },
    ),
  },
  { additionalProperties: false },
);
export type ResidentNumberProblem = Static<typeof ResidentNumberProblem>;

export const VotingCodesRejected = Type.Object(
  {
    error: Type.Object({ code: Type.String(), message: Type.String() }, { additionalProperties: false }),
    rejected: Type.Array(ResidentNumberProblem, {
      description: 'Every resident number that cannot take a letter; nothing was issued.',
    }),
  },
  { additionalProperties: false },
);
export type VotingCodesRejected = Static<typeof VotingCodesRejected>;

export const VotingCodeBatchList = Type.Object({ items: Type.Array(VotingCodeBatch) }, { additionalProperties: false });
export type VotingCodeBatchList = Static<typeof VotingCodeBatchList>;
