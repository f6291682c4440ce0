import { Type, type Static } from 'typebox';

/** A cycle moves one step at a time; it may step back only before voting opens. */
export const PHASES = ['draft', 'submission', 'review', 'voting', 'tallying', 'published', 'closed'] as const;
export type Phase = (typeof PHASES)[number];
/** From this phase on, rules, districts, budgets and the ballot list are frozen. */
export const FROZEN_FROM: Phase = 'voting';
/**
 * Moves that need a second staff member: opening voting, closing it (an early or mistaken close
 * would end the vote for the whole city and cannot be undone) and publishing.
 */
export const CONFIRMED_PHASES: readonly Phase[] = ['voting', 'tallying', 'published'];

export function phaseIndex(phase: Phase): number {
  return PHASES.indexOf(phase);
}

export function isFrozen(phase: Phase): boolean {
  return phaseIndex(phase) >= phaseIndex(FROZEN_FROM);
}

export const PhaseSchema = Type.Union(
  [
    Type.Literal('draft'),
    Type.Literal('submission'),
    Type.Literal('review'),
    Type.Literal('voting'),
    Type.Literal('tallying'),
    Type.Literal('published'),
    Type.Literal('closed'),
  ],
  { description: 'draft → submission → review → voting → tallying → published → closed' },
);

export const BALLOT_METHODS = ['approval', 'knapsack', 'cumulative', 'ranked'] as const;
export type BallotMethod = (typeof BALLOT_METHODS)[number];

export const BALLOT_RULE_FIELDS = [
  'minProjects',
  'maxProjects',
  'minSpendPercent',
  'points',
  'maxPointsPerProject',
  'maxRanked',
] as const;
export type BallotRuleField = (typeof BALLOT_RULE_FIELDS)[number];

/** The ballot fields each method uses; the others do not apply (the server refuses them). */
export const BALLOT_METHOD_FIELDS: Record<BallotMethod, readonly BallotRuleField[]> = {
  approval: ['minProjects', 'maxProjects'],
  knapsack: ['minSpendPercent'],
  cumulative: ['points', 'maxPointsPerProject'],
  ranked: ['maxRanked'],
};

/**
 * How residents fill in a ballot. Only the fields of the chosen method are used:
 * approval `minProjects`/`maxProjects`; knapsack `minSpendPercent`; cumulative `points` and
 * `maxPointsPerProject`; ranked `maxRanked`.
 */
export const BallotRules = Type.Object(
  {
    method: Type.Union([
      Type.Literal('approval'),
      Type.Literal('knapsack'),
      Type.Literal('cumulative'),
      Type.Literal('ranked'),
    ]),
    minProjects: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
    maxProjects: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    minSpendPercent: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
    points: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    maxPointsPerProject: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    maxRanked: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  },
  { additionalProperties: false },
);
export type BallotRules = Static<typeof BallotRules>;

/** The engine's options (see @pb/shared allocation) that a cycle fixes before voting opens. */
export const AllocationRules = Type.Object(
  {
    rule: Type.Union([Type.Literal('greedy'), Type.Literal('mes'), Type.Literal('phragmen')]),
    utility: Type.Union([
      Type.Literal('cost'),
      Type.Literal('cardinality'),
      Type.Literal('points'),
      Type.Literal('points-cost'),
    ]),
    completion: Type.Union([
      Type.Literal('none'),
      Type.Literal('greedy'),
      Type.Literal('add1'),
      Type.Literal('add1-greedy'),
    ]),
    add1Stop: Type.Union([Type.Literal('exhaustive'), Type.Literal('overspend')]),
    increment: Type.String({ pattern: '^[0-9]+(\\.[0-9]+)?$', description: 'Add1 step per voter, currency units.' }),
    comparison: Type.Union([Type.Literal('none'), Type.Literal('greedy')]),
    minVotes: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
    ties: Type.Union([Type.Literal('id'), Type.Literal('cost-votes-id'), Type.Literal('lottery')]),
    seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 2 ** 31 - 1 })),
  },
  { additionalProperties: false },
);
export type AllocationRules = Static<typeof AllocationRules>;

/** Product defaults (DESIGN.md): MES with Add1 (exhaustive), one vote needed, cost-votes-id ties. */
export function defaultAllocationRules(method: BallotMethod): AllocationRules {
  return {
    rule: 'mes',
    utility: method === 'cumulative' || method === 'ranked' ? 'points-cost' : 'cost',
    completion: 'add1',
    add1Stop: 'exhaustive',
    increment: '1',
    comparison: 'none',
    minVotes: 1,
    ties: 'cost-votes-id',
  };
}

export const CycleDistrictBudget = Type.Object(
  {
    districtId: Type.String({ format: 'uuid' }),
    budget: Type.Integer({
      minimum: 0,
      maximum: 9_000_000_000_000,
      description: "Smallest unit of the city's currency.",
    }),
  },
  { additionalProperties: false },
);
export type CycleDistrictBudget = Static<typeof CycleDistrictBudget>;

const Title = Type.String({ minLength: 1, maxLength: 200 });
const Description = Type.String({ maxLength: 20_000 });

export const CycleSettings = {
  titleJa: Title,
  titleEn: Title,
  descriptionJa: Description,
  descriptionEn: Description,
  ballot: BallotRules,
  allocation: AllocationRules,
  requiresVerification: Type.Boolean(),
  minimumAge: Type.Union([Type.Integer({ minimum: 0, maximum: 120 }), Type.Null()]),
  proposalQuota: Type.Integer({ minimum: 1, maximum: 100, description: 'Proposals per resident per cycle.' }),
  commentPhases: Type.Array(PhaseSchema, { uniqueItems: true, description: 'Phases in which comments are open.' }),
  flagThreshold: Type.Integer({ minimum: 1, maximum: 1000, description: 'Flags that hide content pending review.' }),
  supportsEnabled: Type.Boolean({ description: 'Whether verified residents can support proposals during submission.' }),
  supportThreshold: Type.Union([Type.Integer({ minimum: 1, maximum: 1_000_000 }), Type.Null()], {
    description: 'Supports a proposal needs by the end of submission to go to review; null: none needed.',
  }),
  districts: Type.Array(CycleDistrictBudget, { minItems: 1, maxItems: 200 }),
};

export const CreateCycleBody = Type.Object(
  {
    titleJa: CycleSettings.titleJa,
    titleEn: CycleSettings.titleEn,
    descriptionJa: Type.Optional(CycleSettings.descriptionJa),
    descriptionEn: Type.Optional(CycleSettings.descriptionEn),
    ballot: CycleSettings.ballot,
    allocation: Type.Optional(CycleSettings.allocation),
    requiresVerification: Type.Optional(CycleSettings.requiresVerification),
    minimumAge: Type.Optional(CycleSettings.minimumAge),
    proposalQuota: Type.Optional(CycleSettings.proposalQuota),
    commentPhases: Type.Optional(CycleSettings.commentPhases),
    flagThreshold: Type.Optional(CycleSettings.flagThreshold),
    supportsEnabled: Type.Optional(CycleSettings.supportsEnabled),
    supportThreshold: Type.Optional(CycleSettings.supportThreshold),
    districts: CycleSettings.districts,
  },
  { additionalProperties: false },
);
export type CreateCycleBody = Static<typeof CreateCycleBody>;

export const UpdateCycleBody = Type.Partial(Type.Object(CycleSettings, { additionalProperties: false }), {
  additionalProperties: false,
  minProperties: 1,
});
export type UpdateCycleBody = Static<typeof UpdateCycleBody>;

export const PhaseEvent = Type.Object(
  {
    from: Type.Union([PhaseSchema, Type.Null()]),
    to: PhaseSchema,
    at: Type.String({ format: 'date-time' }),
    scheduled: Type.Boolean(),
  },
  { additionalProperties: false },
);

export const PendingPhaseMove = Type.Object(
  {
    to: PhaseSchema,
    requestedBy: Type.String({ format: 'uuid' }),
    requestedAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);

export const LOCAL_DATE_TIME_PATTERN = '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}$';

export const ScheduleMoveBody = Type.Object(
  {
    to: PhaseSchema,
    at: Type.String({
      pattern: LOCAL_DATE_TIME_PATTERN,
      description: "Local date and time in the city's time zone, e.g. 2027-05-01T09:00.",
    }),
  },
  { additionalProperties: false },
);
export type ScheduleMoveBody = Static<typeof ScheduleMoveBody>;

export const ScheduledMove = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    to: PhaseSchema,
    at: Type.String({ format: 'date-time' }),
    atLocal: Type.String({ description: "The same instant in the city's time zone." }),
    requestedBy: Type.String({ format: 'uuid' }),
    needsConfirmation: Type.Boolean(),
    confirmedBy: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
    doneAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    outcome: Type.Union([Type.String(), Type.Null()], { description: '`moved`, or why the move was skipped.' }),
  },
  { additionalProperties: false },
);
export type ScheduledMove = Static<typeof ScheduledMove>;

export const ScheduleIdParams = Type.Object(
  { cycleId: Type.String({ format: 'uuid' }), scheduleId: Type.String({ format: 'uuid' }) },
  { additionalProperties: false },
);
export type ScheduleIdParams = Static<typeof ScheduleIdParams>;

/** A phase move that will run on its own at a set time: what residents see of the schedule. */
export const PlannedPhaseMove = Type.Object(
  {
    to: PhaseSchema,
    at: Type.String({ format: 'date-time' }),
    atLocal: Type.String({ description: "The same instant in the city's time zone." }),
  },
  { additionalProperties: false },
);
export type PlannedPhaseMove = Static<typeof PlannedPhaseMove>;

/** Where an imported cycle came from (a pabulib file); null for cycles run on this platform. */
export const ImportedFrom = Type.Object(
  {
    fileName: Type.String(),
    sha256: Type.String({ description: 'SHA-256 of the file bytes as uploaded.' }),
  },
  { additionalProperties: false },
);
export type ImportedFrom = Static<typeof ImportedFrom>;

export const Cycle = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    phase: PhaseSchema,
    titleJa: Type.String(),
    titleEn: Type.String(),
    descriptionJa: Type.String(),
    descriptionEn: Type.String(),
    ballot: BallotRules,
    allocation: AllocationRules,
    requiresVerification: Type.Boolean(),
    minimumAge: Type.Union([Type.Integer(), Type.Null()]),
    proposalQuota: Type.Integer(),
    commentPhases: Type.Array(PhaseSchema),
    flagThreshold: Type.Integer(),
    supportsEnabled: Type.Boolean(),
    supportThreshold: Type.Union([Type.Integer(), Type.Null()]),
    districts: Type.Array(CycleDistrictBudget),
    frozen: Type.Boolean({ description: 'Rules, districts, budgets and the ballot list can no longer change.' }),
    pendingMove: Type.Union([PendingPhaseMove, Type.Null()]),
    history: Type.Array(PhaseEvent),
    schedule: Type.Array(ScheduledMove),
    plannedMoves: Type.Array(PlannedPhaseMove, {
      description:
        'Public: scheduled moves not yet run that need no confirmation or have it, earliest first (staff see the whole `schedule`).',
    }),
    clonedFrom: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
    imported: Type.Union([ImportedFrom, Type.Null()]),
    personalDataPurgedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
      description:
        'When the purge job removed what tied people to this closed cycle (participations; census list, census verifications and unused codes once no cycle needs them).',
    }),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);
export type Cycle = Static<typeof Cycle>;

export const CycleList = Type.Object({ items: Type.Array(Cycle) }, { additionalProperties: false });
export type CycleList = Static<typeof CycleList>;

export const CycleIdParams = Type.Object({ cycleId: Type.String({ format: 'uuid' }) }, { additionalProperties: false });
export type CycleIdParams = Static<typeof CycleIdParams>;

export const PhaseMoveBody = Type.Object({ to: PhaseSchema }, { additionalProperties: false });
export type PhaseMoveBody = Static<typeof PhaseMoveBody>;

export const PhaseMoveResult = Type.Object(
  {
    cycle: Cycle,
    status: Type.Union([Type.Literal('moved'), Type.Literal('awaiting_confirmation')]),
  },
  { additionalProperties: false },
);
export type PhaseMoveResult = Static<typeof PhaseMoveResult>;
