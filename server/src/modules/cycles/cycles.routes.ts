import { Type } from 'typebox';
import {
  Cycle,
  CycleIdParams,
  CycleList,
  CreateCycleBody,
  ErrorResponse,
  PhaseMoveBody,
  PhaseMoveResult,
  ScheduleIdParams,
  ScheduleMoveBody,
  ScheduledMove,
  UpdateCycleBody,
} from '@pb/shared';
import { optionalAuth, requireAuth } from '../../plugins/app/access.js';
import type { App } from '../../types.js';
import { confirmPhaseMove, requestPhaseMove } from './cycles.moves.js';
import { cloneCycle, createCycle, getCycleDto, listCycleDtos, updateCycle } from './cycles.service.js';
import { cancelScheduledMove, confirmScheduledMove, scheduleMove } from './cycles.schedule.js';
import { purgePending } from './cycles.jobs.js';

const denied = { 401: ErrorResponse, 403: ErrorResponse };

export default async function cycleRoutes(app: App): Promise<void> {
  async function seesDrafts(request: Parameters<typeof optionalAuth>[1]): Promise<boolean> {
    return (await optionalAuth(app, request))?.roles.includes('staff') ?? false;
  }

  app.get(
    '/api/cycles',
    {
      config: { access: 'public' },
      schema: {
        tags: ['cycles'],
        summary: 'Budget cycles, newest first (drafts only for staff)',
        security: [],
        response: { 200: CycleList },
      },
    },
    async (request) => ({ items: await listCycleDtos(app.db, await seesDrafts(request)) }),
  );

  app.get(
    '/api/cycles/:cycleId',
    {
      config: { access: 'public' },
      schema: {
        tags: ['cycles'],
        summary: 'One budget cycle with its rules, budgets and phase history',
        security: [],
        params: CycleIdParams,
        response: { 200: Cycle, 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request) => getCycleDto(app.db, request.params.cycleId, await seesDrafts(request)),
  );

  app.post(
    '/api/cycles',
    {
      config: { access: ['staff'] },
      schema: {
        tags: ['cycles'],
        summary: 'Create a budget cycle (as a draft)',
        body: CreateCycleBody,
        response: { 201: Cycle, 400: ErrorResponse, ...denied },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createCycle(app.db, requireAuth(request).userId, request.body)),
  );

  app.patch(
    '/api/cycles/:cycleId',
    {
      config: { access: ['staff'] },
      schema: {
        tags: ['cycles'],
        summary: 'Change a cycle before voting opens (then 409 cycles.rules_frozen)',
        params: CycleIdParams,
        body: UpdateCycleBody,
        response: { 200: Cycle, 400: ErrorResponse, ...denied, 404: ErrorResponse, 409: ErrorResponse },
      },
    },
    async (request) => updateCycle(app.db, requireAuth(request).userId, request.params.cycleId, request.body),
  );

  app.post(
    '/api/cycles/:cycleId/phase',
    {
      config: { access: ['staff'] },
      schema: {
        tags: ['cycles'],
        summary:
          'Move to the next phase (or back one before voting); voting and publishing wait for a second staff member',
        params: CycleIdParams,
        body: PhaseMoveBody,
        response: {
          200: PhaseMoveResult,
          202: PhaseMoveResult,
          400: ErrorResponse,
          ...denied,
          404: ErrorResponse,
          409: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      const result = await requestPhaseMove(
        app.db,
        requireAuth(request).userId,
        request.params.cycleId,
        request.body.to,
      );
      if (result.status === 'moved' && request.body.to === 'closed') await purgePending(app);
      return reply.status(result.status === 'moved' ? 200 : 202).send(result);
    },
  );

  app.post(
    '/api/cycles/:cycleId/phase/confirm',
    {
      config: { access: ['staff'] },
      schema: {
        tags: ['cycles'],
        summary: 'Confirm the pending move (opening voting, publishing) as a second staff member',
        params: CycleIdParams,
        response: { 200: PhaseMoveResult, 400: ErrorResponse, ...denied, 404: ErrorResponse, 409: ErrorResponse },
      },
    },
    async (request) => confirmPhaseMove(app.db, requireAuth(request).userId, request.params.cycleId),
  );

  app.post(
    '/api/cycles/:cycleId/clone',
    {
      config: { access: ['staff'] },
      schema: {
        tags: ['cycles'],
        summary: 'Start a new draft from a cycle: districts, budgets and rules; no proposals or ballots',
        params: CycleIdParams,
        response: { 201: Cycle, 400: ErrorResponse, ...denied, 404: ErrorResponse },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await cloneCycle(app.db, requireAuth(request).userId, request.params.cycleId)),
  );

  app.post(
    '/api/cycles/:cycleId/schedule',
    {
      config: { access: ['staff'] },
      schema: {
        tags: ['cycles'],
        summary: "Schedule a phase move at a local date and time in the city's time zone (replaces an earlier time)",
        params: CycleIdParams,
        body: ScheduleMoveBody,
        response: { 201: ScheduledMove, 400: ErrorResponse, ...denied, 404: ErrorResponse },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await scheduleMove(app.db, requireAuth(request).userId, request.params.cycleId, request.body)),
  );

  app.post(
    '/api/cycles/:cycleId/schedule/:scheduleId/confirm',
    {
      config: { access: ['staff'] },
      schema: {
        tags: ['cycles'],
        summary: 'Confirm a scheduled opening of voting or publication as a second staff member',
        params: ScheduleIdParams,
        response: { 200: ScheduledMove, 400: ErrorResponse, ...denied, 404: ErrorResponse },
      },
    },
    async (request) =>
      confirmScheduledMove(app.db, requireAuth(request).userId, request.params.cycleId, request.params.scheduleId),
  );

  app.delete(
    '/api/cycles/:cycleId/schedule/:scheduleId',
    {
      config: { access: ['staff'] },
      schema: {
        tags: ['cycles'],
        summary: 'Cancel a scheduled move that has not run yet',
        params: ScheduleIdParams,
        response: { 204: Type.Null(), 400: ErrorResponse, ...denied, 404: ErrorResponse },
      },
    },
    async (request, reply) => {
      await cancelScheduledMove(app.db, requireAuth(request).userId, request.params.cycleId, request.params.scheduleId);
      return reply.status(204).send(null);
    },
  );
}
