import { Type, type Static } from 'typebox';
import { AuditAnchor } from '../audit/audit.schema.js';
import { AllocationRules } from '../cycles/cycles.schema.js';

const Uuid = Type.String({ format: 'uuid' });
const OptionalNumber = Type.Optional(Type.Number());

/** Why the engine funded a project or not, and the figures behind it (see the allocation engine). */
export const ProjectExplanationSchema = Type.Object(
  {
    reason: Type.Union([
      Type.Literal('selected'),
      Type.Literal('did_not_fit'),
      Type.Literal('exceeds_budget'),
      Type.Literal('below_threshold'),
      Type.Literal('below_min_votes'),
      Type.Literal('stopped_no_skip'),
      Type.Literal('not_affordable'),
      Type.Literal('no_supporters'),
      Type.Literal('phragmen_stopped'),
    ]),
    stage: Type.Optional(
      Type.Union([
        Type.Literal('greedy'),
        Type.Literal('mes'),
        Type.Literal('completion'),
        Type.Literal('phragmen'),
        Type.Literal('free'),
      ]),
    ),
    round: OptionalNumber,
    rank: OptionalNumber,
    remainingBefore: OptionalNumber,
    effectiveVotes: OptionalNumber,
    payments: Type.Optional(
      Type.Object(
        {
          supporters: Type.Number(),
          paidFullShare: Type.Number(),
          paidAllTheyHad: Type.Number(),
          maxPerVoter: Type.Number(),
          minPerVoter: Type.Number(),
        },
        { additionalProperties: false },
      ),
    ),
    unaffordableInRound: OptionalNumber,
    supportersMoney: OptionalNumber,
    voterBudget: OptionalNumber,
    load: OptionalNumber,
  },
  { additionalProperties: false },
);
export type ProjectExplanationDto = Static<typeof ProjectExplanationSchema>;

export const ProjectResult = Type.Object(
  {
    proposalId: Uuid,
    number: Type.Integer({ description: 'Ballot number; the project id in the pabulib export.' }),
    title: Type.String(),
    cost: Type.Integer(),
    votes: Type.Integer({ description: 'Ballots that chose the project.' }),
    score: Type.Integer({ description: 'Points (cumulative), rank points (ranked) or votes (approval, knapsack).' }),
    selected: Type.Boolean(),
    withdrawn: Type.Boolean(),
    selectedByGreedy: Type.Boolean({ description: 'Whether greedy-by-votes would have funded it, for comparison.' }),
    explanation: ProjectExplanationSchema,
  },
  { additionalProperties: false },
);
export type ProjectResult = Static<typeof ProjectResult>;

export const DistrictReconciliation = Type.Object(
  {
    districtId: Uuid,
    receiptedBallots: Type.Integer({ description: 'Counted ballots with a receipt (online and at the counter).' }),
    receiptedParticipations: Type.Integer({ description: 'Participations online and at the counter.' }),
    paperBallots: Type.Integer({ description: 'Counted ballots without a receipt (paper, or an imported file).' }),
    paperParticipations: Type.Integer({ description: 'Paper (or imported) participations.' }),
    matches: Type.Boolean({
      description:
        'Receipted ballots equal their participations, and paper ballots do not outnumber paper participations.',
    }),
  },
  { additionalProperties: false },
);
export type DistrictReconciliation = Static<typeof DistrictReconciliation>;

export const CycleReconciliation = Type.Object(
  {
    cycleId: Uuid,
    countStopped: Type.Boolean({ description: 'The count found a mismatch and stopped; nothing was counted.' }),
    districts: Type.Array(DistrictReconciliation),
  },
  { additionalProperties: false },
);
export type CycleReconciliation = Static<typeof CycleReconciliation>;

export const DistrictResult = Type.Object(
  {
    districtId: Uuid,
    budget: Type.Integer(),
    used: Type.Integer(),
    leftover: Type.Integer(),
    greedyUsed: Type.Integer(),
    ballots: Type.Integer({ description: 'Counted ballots.' }),
    ballotsSha256: Type.String({ description: 'SHA-256 of the canonical .pb export of the counted ballots.' }),
    rules: AllocationRules,
    tiesMet: Type.Integer({ description: 'Ties the tie-break rule had to settle.' }),
    computedAt: Type.String({ format: 'date-time' }),
    reconciliation: Type.Union([DistrictReconciliation, Type.Null()], {
      description: 'Ballots against participations as the count found them (null for counts stored before this check).',
    }),
    projects: Type.Array(ProjectResult, { description: 'Funded first, in the order funded; then by score.' }),
  },
  { additionalProperties: false },
);
export type DistrictResult = Static<typeof DistrictResult>;

export const CycleResults = Type.Object(
  {
    cycleId: Uuid,
    phase: Type.String(),
    published: Type.Boolean(),
    districts: Type.Array(DistrictResult),
  },
  { additionalProperties: false },
);
export type CycleResults = Static<typeof CycleResults>;

export const RecountDistrict = Type.Object(
  {
    districtId: Uuid,
    storedSha256: Type.String(),
    recountedSha256: Type.String(),
    sameBallots: Type.Boolean(),
    sameResult: Type.Boolean({ description: 'The recount funds the same projects in the same order.' }),
  },
  { additionalProperties: false },
);

export const RecountReport = Type.Object(
  {
    cycleId: Uuid,
    matches: Type.Boolean({ description: 'Same ballots, same result, and the ballots reconcile in every district.' }),
    districts: Type.Array(RecountDistrict),
    reconciliation: Type.Array(DistrictReconciliation),
  },
  { additionalProperties: false },
);
export type RecountReport = Static<typeof RecountReport>;

export const RecountStatus = Type.Object(
  {
    cycleId: Uuid,
    state: Type.Union([Type.Literal('none'), Type.Literal('running'), Type.Literal('done'), Type.Literal('failed')], {
      description: 'The latest recount of this cycle: none asked for yet, running, done (with its report) or failed.',
    }),
    startedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    finishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    report: Type.Union([RecountReport, Type.Null()]),
  },
  { additionalProperties: false },
);
export type RecountStatus = Static<typeof RecountStatus>;

export const BulletinQuery = Type.Object(
  {
    districtId: Type.Optional(Uuid),
    after: Type.Optional(Type.String({ format: 'uuid', description: 'The last ballot id of the previous page.' })),
    limit: Type.Integer({ minimum: 1, maximum: 1000, default: 200 }),
  },
  { additionalProperties: false },
);
export type BulletinQuery = Static<typeof BulletinQuery>;

export const BulletinEntry = Type.Object(
  {
    ballotId: Uuid,
    districtId: Uuid,
    receiptHash: Type.Union([Type.String(), Type.Null()], {
      description: 'SHA-256("ballot:" + receipt code); null for paper ballots, which have no receipt.',
    }),
    choices: Type.Array(
      Type.Object({ proposalId: Uuid, points: Type.Optional(Type.Integer()) }, { additionalProperties: false }),
    ),
  },
  { additionalProperties: false },
);
export type BulletinEntry = Static<typeof BulletinEntry>;

export const BulletinPage = Type.Object(
  {
    items: Type.Array(BulletinEntry),
    next: Type.Union([Uuid, Type.Null()], { description: 'Pass as `after` for the next page; null on the last.' }),
  },
  { additionalProperties: false },
);
export type BulletinPage = Static<typeof BulletinPage>;

export const ExportFileParams = Type.Object({ cycleId: Uuid, districtId: Uuid }, { additionalProperties: false });
export type ExportFileParams = Static<typeof ExportFileParams>;

export const ManifestFile = Type.Object(
  {
    name: Type.String(),
    districtId: Uuid,
    sha256: Type.String({ description: 'Of the file as served (with the `selected` column).' }),
    ballots: Type.Integer(),
    ballotsSha256: Type.String({
      description: 'Of the same file without `selected`: what the count was computed from.',
    }),
    selected: Type.Array(Type.String(), { description: 'Project ids (ballot numbers) funded, in funding order.' }),
  },
  { additionalProperties: false },
);

export const ManifestTable = Type.Object(
  { name: Type.String(), sha256: Type.String(), rows: Type.Integer({ minimum: 0 }) },
  { additionalProperties: false },
);

export const ExportManifest = Type.Object(
  {
    cycleId: Uuid,
    phase: Type.String(),
    rules: AllocationRules,
    files: Type.Array(ManifestFile, { description: 'One pabulib file per district.' }),
    tables: Type.Array(ManifestTable, { description: 'projects.csv, ballots.csv, statistics.csv and results.json.' }),
    auditAnchor: AuditAnchor,
    reconciliation: Type.Array(DistrictReconciliation, {
      description: 'Counted ballots against participations per district, as the count found them.',
    }),
  },
  { additionalProperties: false },
);
export type ExportManifest = Static<typeof ExportManifest>;

/** Counts below this are published as "< 10" (small-cell suppression). */
export const SMALL_CELL = 10;
export const SuppressedCount = Type.Union([Type.Integer({ minimum: 0 }), Type.Literal('< 10')], {
  description: 'A count; any count below 10 is shown as "< 10".',
});
export type SuppressedCount = Static<typeof SuppressedCount>;

const Turnout = Type.Union([Type.Number(), Type.Null()], {
  description: 'Percent of the census; null when either count is suppressed or unknown.',
});

export const ParticipationStatistics = Type.Object(
  {
    cycleId: Uuid,
    phase: Type.String(),
    total: SuppressedCount,
    voters: SuppressedCount,
    byDistrict: Type.Array(
      Type.Object(
        { districtId: Uuid, participations: SuppressedCount, censusSize: SuppressedCount, turnoutPercent: Turnout },
        { additionalProperties: false },
      ),
    ),
    byChannel: Type.Array(
      Type.Object({ channel: Type.String(), participations: SuppressedCount }, { additionalProperties: false }),
      { description: 'Empty during voting (turnout only).' },
    ),
    byDay: Type.Array(
      Type.Object({ day: Type.String(), participations: SuppressedCount }, { additionalProperties: false }),
    ),
    byAgeBand: Type.Array(
      Type.Object(
        { band: Type.String(), voters: SuppressedCount, censusSize: SuppressedCount, turnoutPercent: Turnout },
        { additionalProperties: false },
      ),
      { description: 'Distinct voters by census birth year; "unknown" for voting codes.' },
    ),
  },
  { additionalProperties: false },
);
export type ParticipationStatistics = Static<typeof ParticipationStatistics>;
