import type {
  CreateCycleBody,
  Cycle,
  CycleList,
  Phase,
  PhaseMoveResult,
  ScheduledMove,
  ScheduleMoveBody,
  UpdateCycleBody,
} from '@pb/shared';
import { apiRequest, apiSend } from './client.js';

function cyclePath(cycleId: string): `/api/${string}` {
  return `/api/cycles/${encodeURIComponent(cycleId)}`;
}

/** Newest first; drafts are included only when staff ask. */
export function fetchCycles(): Promise<CycleList> {
  return apiRequest<CycleList>('/api/cycles');
}

export function fetchCycle(cycleId: string): Promise<Cycle> {
  return apiRequest<Cycle>(cyclePath(cycleId));
}

export function createCycle(body: CreateCycleBody): Promise<Cycle> {
  return apiSend<Cycle>('POST', '/api/cycles', body);
}

/** Refused with 409 cycles.rules_frozen once voting has opened. */
export function updateCycle(cycleId: string, body: UpdateCycleBody): Promise<Cycle> {
  return apiSend<Cycle>('PATCH', cyclePath(cycleId), body);
}

export function cloneCycle(cycleId: string): Promise<Cycle> {
  return apiSend<Cycle>('POST', `${cyclePath(cycleId)}/clone`);
}

/** Opening voting and publishing answer `awaiting_confirmation`: a second staff member confirms them. */
export function movePhase(cycleId: string, to: Phase): Promise<PhaseMoveResult> {
  return apiSend<PhaseMoveResult>('POST', `${cyclePath(cycleId)}/phase`, { to });
}

export function confirmPhaseMove(cycleId: string): Promise<PhaseMoveResult> {
  return apiSend<PhaseMoveResult>('POST', `${cyclePath(cycleId)}/phase/confirm`);
}

export function scheduleMove(cycleId: string, body: ScheduleMoveBody): Promise<ScheduledMove> {
  return apiSend<ScheduledMove>('POST', `${cyclePath(cycleId)}/schedule`, body);
}

export function confirmScheduledMove(cycleId: string, scheduleId: string): Promise<ScheduledMove> {
  return apiSend<ScheduledMove>('POST', `${cyclePath(cycleId)}/schedule/${encodeURIComponent(scheduleId)}/confirm`);
}

export function cancelScheduledMove(cycleId: string, scheduleId: string): Promise<void> {
  return apiSend<undefined>('DELETE', `${cyclePath(cycleId)}/schedule/${encodeURIComponent(scheduleId)}`);
}
