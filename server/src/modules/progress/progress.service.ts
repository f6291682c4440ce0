import {
  percentAllowed,
  type CycleProgress,
  type Milestone,
  type MilestoneBody,
  type ProgressStatus,
  type ProgressUpdateBody,
  type ProjectProgress,
} from '@pb/shared';
import type { Database } from '../../db/database.js';
import { AppError } from '../../errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { listCycleBallotProjects, listVotingDistricts } from '../ballots/ballots.repository.js';
import { ProgressErrors } from './progress.errors.js';
import {
  deleteMilestoneRow,
  findCyclePhase,
  findProgressRow,
  insertMilestone,
  listCycleMilestones,
  listFundedNumbers,
  listProgressRows,
  proposalInCycle,
  touchProgress,
  upsertProgress,
  type MilestoneRow,
  type ProgressRow,
} from './progress.repository.js';

const PUBLISHED = ['published', 'closed'];

interface FundedProject {
  proposalId: string;
  number: number;
  districtId: string;
  title: string;
  cost: number;
}

/** Drafts are nobody's business (as with results); before publication there is nothing to track. */
async function publishedPhase(db: Database, cycleId: string): Promise<string> {
  const phase = await findCyclePhase(db, cycleId);
  if (phase === undefined || phase === 'draft') throw new AppError(ProgressErrors.cycleNotFound);
  if (!PUBLISHED.includes(phase)) throw new AppError(ProgressErrors.notPublished);
  return phase;
}

/** The projects the published count funded, per district in the city's order, each in the order funded. */
async function fundedByDistrict(
  db: Database,
  cycleId: string,
): Promise<{ districtId: string; projects: FundedProject[] }[]> {
  const funded = new Map((await listFundedNumbers(db, cycleId)).map((row) => [row.districtId, row.selected]));
  const ballotLists = await listCycleBallotProjects(db, cycleId);
  const districts: { districtId: string; projects: FundedProject[] }[] = [];
  for (const { districtId } of await listVotingDistricts(db, cycleId)) {
    const selected = funded.get(districtId);
    if (selected === undefined) continue;
    const byNumber = new Map((ballotLists.get(districtId) ?? []).map((project) => [String(project.number), project]));
    const projects = selected.flatMap((number) => {
      const project = byNumber.get(number);
      return project === undefined
        ? []
        : [{ proposalId: project.id, number: project.number, districtId, title: project.title, cost: project.cost }];
    });
    districts.push({ districtId, projects });
  }
  return districts;
}

/** The funded project, or why it has no progress to record: 404 outside the cycle, 409 not funded. */
async function fundedProject(db: Database, cycleId: string, proposalId: string): Promise<FundedProject> {
  await publishedPhase(db, cycleId);
  const project = (await fundedByDistrict(db, cycleId))
    .flatMap((district) => district.projects)
    .find((candidate) => candidate.proposalId === proposalId);
  if (project !== undefined) return project;
  if (await proposalInCycle(db, cycleId, proposalId)) throw new AppError(ProgressErrors.notFunded);
  throw new AppError(ProgressErrors.projectNotFound);
}

function milestoneDto(row: MilestoneRow): Milestone {
  return {
    id: row.id,
    onDate: row.onDate,
    titleJa: row.titleJa,
    titleEn: row.titleEn,
    noteJa: row.noteJa,
    noteEn: row.noteEn,
    createdAt: row.createdAt.toISOString(),
  };
}

function projectDto(project: FundedProject, row: ProgressRow | undefined, milestones: MilestoneRow[]): ProjectProgress {
  return {
    ...project,
    status: (row?.status ?? 'planned') as ProgressStatus,
    percentComplete: row?.percentComplete ?? 0,
    noteJa: row?.noteJa ?? '',
    noteEn: row?.noteEn ?? '',
    updatedAt: row?.updatedAt.toISOString() ?? null,
    milestones: milestones.map(milestoneDto),
  };
}

function groupByProposal(milestones: MilestoneRow[]): Map<string, MilestoneRow[]> {
  const grouped = new Map<string, MilestoneRow[]>();
  for (const milestone of milestones) {
    grouped.set(milestone.proposalId, [...(grouped.get(milestone.proposalId) ?? []), milestone]);
  }
  return grouped;
}

/** Public once published: every funded project, planned at 0 % until staff record something. */
export async function getProgress(db: Database, cycleId: string): Promise<CycleProgress> {
  const phase = await publishedPhase(db, cycleId);
  const progress = new Map((await listProgressRows(db, cycleId)).map((row) => [row.proposalId, row]));
  const milestones = groupByProposal(await listCycleMilestones(db, cycleId));
  const districts = (await fundedByDistrict(db, cycleId)).map((district) => ({
    districtId: district.districtId,
    projects: district.projects.map((project) =>
      projectDto(project, progress.get(project.proposalId), milestones.get(project.proposalId) ?? []),
    ),
  }));
  return { cycleId, phase, districts };
}

async function projectProgress(db: Database, cycleId: string, project: FundedProject): Promise<ProjectProgress> {
  const milestones = (await listCycleMilestones(db, cycleId)).filter((row) => row.proposalId === project.proposalId);
  return projectDto(project, await findProgressRow(db, project.proposalId), milestones);
}

export async function updateProgress(
  db: Database,
  actorId: string,
  params: { cycleId: string; proposalId: string },
  body: ProgressUpdateBody,
): Promise<ProjectProgress> {
  if (!percentAllowed(body.status, body.percentComplete)) throw new AppError(ProgressErrors.percentMismatch);
  const project = await fundedProject(db, params.cycleId, params.proposalId);
  await db.transaction(async (tx) => {
    await upsertProgress(tx, {
      ...params,
      updatedBy: actorId,
      status: body.status,
      percentComplete: body.percentComplete,
      noteJa: body.noteJa.trim(),
      noteEn: body.noteEn.trim(),
    });
    await recordAudit(tx, {
      actorId,
      action: 'progress.updated',
      subjectId: params.proposalId,
      details: { cycleId: params.cycleId, status: body.status, percentComplete: body.percentComplete },
    });
  });
  return projectProgress(db, params.cycleId, project);
}

export async function addMilestone(
  db: Database,
  actorId: string,
  params: { cycleId: string; proposalId: string },
  body: MilestoneBody,
): Promise<Milestone> {
  await fundedProject(db, params.cycleId, params.proposalId);
  const row = await db.transaction(async (tx) => {
    await touchProgress(tx, params.proposalId, params.cycleId, actorId);
    const inserted = await insertMilestone(tx, {
      proposalId: params.proposalId,
      onDate: body.onDate,
      titleJa: body.titleJa.trim(),
      titleEn: body.titleEn.trim(),
      noteJa: body.noteJa?.trim() ?? '',
      noteEn: body.noteEn?.trim() ?? '',
      createdBy: actorId,
    });
    await recordAudit(tx, {
      actorId,
      action: 'progress.milestone_added',
      subjectId: inserted.id,
      details: { cycleId: params.cycleId, proposalId: params.proposalId, onDate: inserted.onDate },
    });
    return inserted;
  });
  return milestoneDto(row);
}

export async function deleteMilestone(
  db: Database,
  actorId: string,
  params: { cycleId: string; proposalId: string; milestoneId: string },
): Promise<void> {
  await fundedProject(db, params.cycleId, params.proposalId);
  await db.transaction(async (tx) => {
    const deleted = await deleteMilestoneRow(tx, params.proposalId, params.milestoneId);
    if (deleted === undefined) throw new AppError(ProgressErrors.milestoneNotFound);
    await touchProgress(tx, params.proposalId, params.cycleId, actorId);
    await recordAudit(tx, {
      actorId,
      action: 'progress.milestone_deleted',
      subjectId: params.milestoneId,
      details: { cycleId: params.cycleId, proposalId: params.proposalId, onDate: deleted.onDate },
    });
  });
}
