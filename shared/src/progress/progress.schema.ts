import { Type, type Static } from 'typebox';

const Uuid = Type.String({ format: 'uuid' });

export const PROGRESS_STATUSES = [
  'planned',
  'in_progress',
  'done',
  'cancelled',
] as const satisfies readonly ProgressStatus[];
export const ProgressStatus = Type.Union(
  [Type.Literal('planned'), Type.Literal('in_progress'), Type.Literal('done'), Type.Literal('cancelled')],
  { description: 'planned: not started; in_progress: being built; done: finished; cancelled: will not be built.' },
);
export type ProgressStatus = Static<typeof ProgressStatus>;

/**
 * The percent a status allows (inclusive): nothing is built before work starts, a finished project
 * is finished in full, 100 % while still in progress would mean done, and a cancelled project keeps
 * the share built before it stopped.
 */
export const PERCENT_RANGE: Record<ProgressStatus, readonly [number, number]> = {
  planned: [0, 0],
  in_progress: [0, 99],
  done: [100, 100],
  cancelled: [0, 100],
};

export function percentAllowed(status: ProgressStatus, percent: number): boolean {
  const [low, high] = PERCENT_RANGE[status];
  return percent >= low && percent <= high;
}

const Note = Type.String({ maxLength: 2000 });
const MilestoneTitle = Type.String({ minLength: 1, maxLength: 200 });

export const Milestone = Type.Object(
  {
    id: Uuid,
    onDate: Type.String({ format: 'date', description: 'The day it happened or is planned for (YYYY-MM-DD).' }),
    titleJa: Type.String(),
    titleEn: Type.String(),
    noteJa: Type.String(),
    noteEn: Type.String(),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);
export type Milestone = Static<typeof Milestone>;

export const ProjectProgress = Type.Object(
  {
    proposalId: Uuid,
    number: Type.Integer({ description: 'Ballot number; the project id in the pabulib export.' }),
    districtId: Uuid,
    title: Type.String(),
    cost: Type.Integer(),
    status: ProgressStatus,
    percentComplete: Type.Integer({ minimum: 0, maximum: 100 }),
    noteJa: Type.String(),
    noteEn: Type.String(),
    updatedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
      description: 'Null while staff have recorded nothing (the project then shows as planned, 0 %).',
    }),
    milestones: Type.Array(Milestone, { description: 'Oldest first (by date, then by when entered).' }),
  },
  { additionalProperties: false },
);
export type ProjectProgress = Static<typeof ProjectProgress>;

export const DistrictProgress = Type.Object(
  {
    districtId: Uuid,
    projects: Type.Array(ProjectProgress, { description: 'The funded projects, in the order the rule funded them.' }),
  },
  { additionalProperties: false },
);
export type DistrictProgress = Static<typeof DistrictProgress>;

export const CycleProgress = Type.Object(
  {
    cycleId: Uuid,
    phase: Type.String(),
    districts: Type.Array(DistrictProgress),
  },
  { additionalProperties: false },
);
export type CycleProgress = Static<typeof CycleProgress>;

export const ProgressParams = Type.Object({ cycleId: Uuid, proposalId: Uuid }, { additionalProperties: false });
export type ProgressParams = Static<typeof ProgressParams>;

export const MilestoneParams = Type.Object(
  { cycleId: Uuid, proposalId: Uuid, milestoneId: Uuid },
  { additionalProperties: false },
);
export type MilestoneParams = Static<typeof MilestoneParams>;

export const ProgressUpdateBody = Type.Object(
  {
    status: ProgressStatus,
    percentComplete: Type.Integer({
      minimum: 0,
      maximum: 100,
      description:
        'Must fit the status: planned 0; in_progress 0–99 (100 means done); done 100; cancelled any (what was built before it stopped). Otherwise 400 progress.percent_mismatch.',
    }),
    noteJa: Note,
    noteEn: Note,
  },
  { additionalProperties: false },
);
export type ProgressUpdateBody = Static<typeof ProgressUpdateBody>;

export const MilestoneBody = Type.Object(
  {
    onDate: Type.String({ format: 'date', description: 'YYYY-MM-DD; a planned step may lie in the future.' }),
    titleJa: MilestoneTitle,
    titleEn: MilestoneTitle,
    noteJa: Type.Optional(Note),
    noteEn: Type.Optional(Note),
  },
  { additionalProperties: false },
);
export type MilestoneBody = Static<typeof MilestoneBody>;
