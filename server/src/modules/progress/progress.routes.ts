import {
  CycleIdParams,
  CycleProgress,
  ErrorResponse,
  Milestone,
  MilestoneBody,
  MilestoneParams,
  ProgressParams,
  ProgressUpdateBody,
  ProjectProgress,
} from '@pb/shared';
import { Type } from 'typebox';
import { requireAuth } from '../../plugins/app/access.js';
import type { App } from '../../types.js';
import { addMilestone, deleteMilestone, getProgress, updateProgress } from './progress.service.js';

/** Staff's answers besides success: bad input, not signed in, not staff, no such thing, not funded. */
const staffErrors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
};

export default async function progressRoutes(app: App): Promise<void> {
  app.get(
    '/api/cycles/:cycleId/progress',
    {
      config: { access: 'public' },
      schema: {
        tags: ['progress'],
        summary: 'How far the city has got with each funded project: status, percent, notes and dated milestones',
        description:
          'Public once the results are published (404 progress.not_published before). Per district, the funded projects in the order funded; a project staff have not updated yet shows as planned, 0 %, with `updatedAt` null.',
        security: [],
        params: CycleIdParams,
        response: { 200: CycleProgress, 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request) => getProgress(app.db, request.params.cycleId),
  );

  app.put(
    '/api/cycles/:cycleId/progress/:proposalId',
    {
      config: { access: ['staff', 'admin'] },
      schema: {
        tags: ['progress'],
        summary: "Record a funded project's status, percent complete and notes (audited)",
        description:
          'Once the results are published (also after the cycle is closed). The percent must fit the status: planned 0, in_progress 0–99, done 100, cancelled any. 409 progress.not_funded for a project of the cycle the count did not fund.',
        params: ProgressParams,
        body: ProgressUpdateBody,
        response: { 200: ProjectProgress, ...staffErrors },
      },
    },
    async (request) => updateProgress(app.db, requireAuth(request).userId, request.params, request.body),
  );

  app.post(
    '/api/cycles/:cycleId/progress/:proposalId/milestones',
    {
      config: { access: ['staff', 'admin'] },
      schema: {
        tags: ['progress'],
        summary: 'Add a dated milestone (tender, construction start, opening…) to a funded project (audited)',
        params: ProgressParams,
        body: MilestoneBody,
        response: { 201: Milestone, ...staffErrors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await addMilestone(app.db, requireAuth(request).userId, request.params, request.body)),
  );

  app.delete(
    '/api/cycles/:cycleId/progress/:proposalId/milestones/:milestoneId',
    {
      config: { access: ['staff', 'admin'] },
      schema: {
        tags: ['progress'],
        summary: 'Remove a milestone entered by mistake (audited)',
        params: MilestoneParams,
        response: { 204: Type.Null({ description: 'Removed.' }), ...staffErrors },
      },
    },
    async (request, reply) => {
      await deleteMilestone(app.db, requireAuth(request).userId, request.params);
      return reply.status(204).send(null);
    },
  );
}
