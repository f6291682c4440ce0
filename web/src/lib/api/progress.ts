import type { CycleProgress, Milestone, MilestoneBody, ProgressUpdateBody, ProjectProgress } from '@pb/shared';
import { apiRequest, apiSend } from './client.js';

function progressPath(cycleId: string): `/api/${string}` {
  return `/api/cycles/${encodeURIComponent(cycleId)}/progress`;
}

function projectPath(cycleId: string, proposalId: string): `/api/${string}` {
  return `${progressPath(cycleId)}/${encodeURIComponent(proposalId)}`;
}

/** Every funded project's status, percent, notes and milestones; 404 progress.not_published before publication. */
export function fetchProgress(cycleId: string): Promise<CycleProgress> {
  return apiRequest<CycleProgress>(progressPath(cycleId));
}

/** Staff record a funded project's status, percent complete and notes. */
export function updateProgress(
  cycleId: string,
  proposalId: string,
  body: ProgressUpdateBody,
): Promise<ProjectProgress> {
  return apiSend<ProjectProgress>('PUT', projectPath(cycleId, proposalId), body);
}

export function addMilestone(cycleId: string, proposalId: string, body: MilestoneBody): Promise<Milestone> {
  return apiSend<Milestone>('POST', `${projectPath(cycleId, proposalId)}/milestones`, body);
}

export function deleteMilestone(cycleId: string, proposalId: string, milestoneId: string): Promise<undefined> {
  return apiSend<undefined>(
    'DELETE',
    `${projectPath(cycleId, proposalId)}/milestones/${encodeURIComponent(milestoneId)}`,
  );
}
