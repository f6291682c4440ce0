import { Type, type Static } from 'typebox';
import { AllocationRules, BallotRules } from '../cycles/cycles.schema.js';

/** The largest pabulib file an import takes (DESIGN.md: uploads up to 20 MB). */
export const IMPORT_MAX_BYTES = 20 * 1024 * 1024;

const Uuid = Type.String({ format: 'uuid' });

export const ImportQuery = Type.Object(
  {
    districtId: Type.Optional({
      ...Uuid,
      description: 'The district the election belongs to; by default the city-wide district, if the city has one.',
    }),
    fileName: Type.Optional(
      Type.String({ minLength: 1, maxLength: 200, description: 'The uploaded file’s name, kept with the cycle.' }),
    ),
    titleJa: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description: 'By default from META description, unit and instance.',
      }),
    ),
    titleEn: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type ImportQuery = Static<typeof ImportQuery>;

export const ImportedCycle = Type.Object(
  {
    cycleId: Uuid,
    districtId: Uuid,
    fileName: Type.String(),
    sha256: Type.String(),
    titleJa: Type.String(),
    titleEn: Type.String(),
    budget: Type.Integer({ minimum: 0 }),
    projects: Type.Integer({ minimum: 0 }),
    ballots: Type.Integer({ minimum: 0 }),
    ballot: BallotRules,
    allocation: AllocationRules,
    selected: Type.Array(Type.String(), { description: 'The funded projects by their `project_id` in the file.' }),
    warnings: Type.Array(Type.String(), { description: 'Tolerated quirks of the file (line and problem).' }),
  },
  { additionalProperties: false },
);
export type ImportedCycle = Static<typeof ImportedCycle>;
