import { Type, type Static } from 'typebox';
import { Choices, VoterIdentifier } from './ballots.schema.js';

/**
 * Paper voting keeps who from what, as a polling station does: the poll book records that a
 * resident received a ballot (a paper participation, checked against the voter list); the ballot
 * box holds the returned sheets, entered later per district with no voter identity at all.
 */
export const POLL_BOOK_CSV_COLUMNS = ['voter', 'district'] as const;
export const PAPER_SHEET_CSV_COLUMNS = ['district', 'choices'] as const;

const Uuid = Type.String({ format: 'uuid' });

export const PollBookBody = Type.Object({ voter: VoterIdentifier, districtId: Uuid }, { additionalProperties: false });
export type PollBookBody = Static<typeof PollBookBody>;

export const PaperSheetBody = Type.Object({ districtId: Uuid, choices: Choices }, { additionalProperties: false });
export type PaperSheetBody = Static<typeof PaperSheetBody>;

export const PaperDistrictCount = Type.Object(
  {
    districtId: Uuid,
    issued: Type.Integer({ minimum: 0, description: 'Paper ballots handed out: the poll book entries.' }),
    sheets: Type.Integer({ minimum: 0, description: 'Returned sheets entered into the ballot box.' }),
  },
  { additionalProperties: false },
);
export type PaperDistrictCount = Static<typeof PaperDistrictCount>;

export const PaperUploadLine = Type.Object(
  {
    line: Type.Integer({ minimum: 1, description: 'Line in the file (the header is line 1).' }),
    outcome: Type.Union([
      Type.Literal('accepted'),
      Type.Literal('invalid'),
      Type.Literal('unknown_voter'),
      Type.Literal('already_voted'),
      Type.Literal('not_eligible'),
      Type.Literal('exceeds_poll_book'),
    ]),
    code: Type.Union([Type.String(), Type.Null()], {
      description: 'The error code of a refused line (as the single-entry route would answer), or null.',
    }),
    message: Type.String({ description: 'In English, for API clients; the web app words the code instead.' }),
    params: Type.Optional(
      Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]), {
        description: 'What the web app needs to word the refusal itself, as in an error response (`reason` …).',
      }),
    ),
  },
  { additionalProperties: false },
);
export type PaperUploadLine = Static<typeof PaperUploadLine>;
export type PaperLineOutcome = PaperUploadLine['outcome'];

export const PaperUploadReport = Type.Object(
  {
    dryRun: Type.Boolean(),
    lines: Type.Integer({ minimum: 0 }),
    accepted: Type.Integer({ minimum: 0 }),
    refused: Type.Integer({ minimum: 0 }),
    results: Type.Array(PaperUploadLine),
  },
  { additionalProperties: false },
);
export type PaperUploadReport = Static<typeof PaperUploadReport>;

export const PaperUploadQuery = Type.Object(
  { dryRun: Type.Boolean({ default: false }) },
  { additionalProperties: false },
);

export const PaperEntryState = Type.Object(
  {
    open: Type.Boolean(),
    closedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    paperBallots: Type.Integer({ minimum: 0, description: 'Paper ballots handed out (poll book entries).' }),
    sheets: Type.Integer({ minimum: 0, description: 'Sheets entered into the ballot box.' }),
    districts: Type.Array(PaperDistrictCount),
  },
  { additionalProperties: false },
);
export type PaperEntryState = Static<typeof PaperEntryState>;
