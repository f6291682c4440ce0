import { Readable } from 'node:stream';
import {
  AuditAnchor,
  BulletinPage,
  BulletinQuery,
  CycleIdParams,
  CycleReconciliation,
  CycleResults,
  ErrorResponse,
  ExportFileParams,
  ExportManifest,
  ParticipationStatistics,
  RecountStatus,
} from '@pb/shared';
import { Type } from 'typebox';
import { optionalAuth, requireAuth, type RequestAuth } from '../../plugins/app/access.js';
import type { App } from '../../types.js';
import { recordAudit } from '../audit/audit.service.js';
import { exportDistrictPb, exportManifest } from './results.export.js';
import { exportFileName, exportNaming } from './results.filenames.js';
import { participationStatistics } from './results.statistics.js';
import { EXPORT_TABLES, exportTable } from './results.tables.js';
import { recountStatus, startRecount } from './results.recount.js';
import { bulletinPage, getReconciliation, getResults, resultsAuditAnchor } from './results.service.js';
import { LONG_REQUEST_TIMEOUT_MS } from '../../deadlines.js';

/** What every disclosure route may answer besides its content: bad ids, not yet, not for you, no such cycle. */
const notDisclosed = { 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };

/** Every export handed out is in the audit log, with who took it (a visitor once published). */
async function recordExport(app: App, auth: RequestAuth | null, cycleId: string, file: string): Promise<void> {
  await recordAudit(app.db, {
    actorId: auth?.userId ?? null,
    ...(auth === null ? { actorRole: 'anonymous' as const } : {}),
    action: 'results.exported',
    subjectId: cycleId,
    details: { file },
  });
}

export default async function resultRoutes(app: App): Promise<void> {
  app.get(
    '/api/cycles/:cycleId/results',
    {
      config: { access: 'public' },
      schema: {
        tags: ['results'],
        summary: "The count per district: funded projects, each project's votes and explanation, greedy comparison",
        description:
          'Public once published; during tallying staff and auditors only. Each district carries the rule and options used and the SHA-256 of the canonical .pb export of the counted ballots.',
        security: [],
        params: CycleIdParams,
        response: {
          200: CycleResults,
          ...notDisclosed,
        },
      },
    },
    async (request) => {
      const auth = await optionalAuth(app, request);
      return getResults(app.db, request.params.cycleId, auth?.roles ?? []);
    },
  );

  app.get(
    '/api/cycles/:cycleId/results/audit-anchor',
    {
      config: { access: 'public' },
      schema: {
        tags: ['results'],
        summary: "The audit chain position and hash the cycle's export manifest carries",
        description:
          "The entry that recorded the publication once published; before that the chain's head now. Seen by whoever may see the results. Kept outside the platform, it lets `npm run audit:verify -- --anchor` show that the audit log up to it was not rewritten.",
        security: [],
        params: CycleIdParams,
        response: { 200: AuditAnchor, ...notDisclosed },
      },
    },
    async (request) => {
      const auth = await optionalAuth(app, request);
      return resultsAuditAnchor(app.db, request.params.cycleId, auth?.roles ?? []);
    },
  );

  app.post(
    '/api/cycles/:cycleId/results/recount',
    {
      config: { access: ['staff', 'auditor'] },
      schema: {
        tags: ['results'],
        summary: 'Start counting the stored ballots again to compare with the stored result (202; writes no result)',
        description:
          'Answers at once; the report is recorded in the audit log when the recount is done and read with GET on the same path.',
        params: CycleIdParams,
        response: { 202: RecountStatus, 401: ErrorResponse, ...notDisclosed },
      },
    },
    async (request, reply) =>
      reply.status(202).send(await startRecount(app, request.params.cycleId, requireAuth(request))),
  );

  app.get(
    '/api/cycles/:cycleId/results/recount',
    {
      config: { access: ['staff', 'auditor'] },
      schema: {
        tags: ['results'],
        summary: 'The latest recount of the cycle: running, or its report',
        params: CycleIdParams,
        response: { 200: RecountStatus, 401: ErrorResponse, ...notDisclosed },
      },
    },
    async (request) => recountStatus(app, request.params.cycleId, requireAuth(request).roles),
  );

  app.get(
    '/api/cycles/:cycleId/reconciliation',
    {
      config: { access: 'public' },
      schema: {
        tags: ['results'],
        summary: 'Counted ballots against participations per district, and whether the count stopped on a mismatch',
        description: 'Staff and auditors during tallying, everyone once published (as the results).',
        security: [],
        params: CycleIdParams,
        response: { 200: CycleReconciliation, ...notDisclosed },
      },
    },
    async (request) => {
      const auth = await optionalAuth(app, request);
      return getReconciliation(app.db, request.params.cycleId, auth?.roles ?? []);
    },
  );

  app.get(
    '/api/cycles/:cycleId/bulletin',
    {
      config: { access: 'public' },
      schema: {
        tags: ['results'],
        summary: 'The bulletin board: every counted ballot with its receipt hash, page by page',
        description:
          'Auditors during tallying, everyone once published. A resident finds their ballot by hashing their receipt code: SHA-256("ballot:" + code without hyphens).',
        security: [],
        params: CycleIdParams,
        querystring: BulletinQuery,
        response: { 200: BulletinPage, ...notDisclosed },
      },
    },
    async (request) => {
      const auth = await optionalAuth(app, request);
      return bulletinPage(app.db, request.params.cycleId, request.query, auth?.roles ?? []);
    },
  );

  app.get(
    '/api/cycles/:cycleId/exports/manifest.json',
    {
      config: { access: 'public', deadlineMs: LONG_REQUEST_TIMEOUT_MS },
      schema: {
        tags: ['results'],
        summary: 'Every export file of the cycle with its SHA-256, ballot count and outcome, and the rules used',
        description: 'Auditors during tallying, everyone once published.',
        security: [],
        params: CycleIdParams,
        response: {
          200: ExportManifest,
          ...notDisclosed,
        },
      },
    },
    async (request) => {
      const auth = await optionalAuth(app, request);
      const manifest = await exportManifest(app.db, request.params.cycleId, auth?.roles ?? []);
      await recordExport(app, auth, request.params.cycleId, 'manifest.json');
      return manifest;
    },
  );

  app.get(
    '/api/cycles/:cycleId/exports/:districtId.pb',
    {
      config: { access: 'public', deadlineMs: LONG_REQUEST_TIMEOUT_MS },
      schema: {
        tags: ['results'],
        summary: "A district's counted ballots in pabulib format, canonical and enough to recount",
        description:
          "Voter ids are the ballots' random ids; rows sorted by voter id, projects (ballot numbers) by id; META carries the budget, the rule and every engine option (`pb_*`); PROJECTS carry cost, votes, score and `selected`. No personal data. Auditors during tallying, everyone once published.",
        security: [],
        params: ExportFileParams,
        response: {
          200: Type.String({ description: 'The .pb file (text/plain; UTF-8).' }),
          ...notDisclosed,
        },
      },
    },
    async (request, reply) => {
      const auth = await optionalAuth(app, request);
      const { cycleId, districtId } = request.params;
      const chunks = await exportDistrictPb(app.db, cycleId, districtId, auth?.roles ?? []);
      await recordExport(app, auth, cycleId, `${districtId}.pb`);
      return reply
        .type('text/plain; charset=utf-8')
        .header('content-disposition', exportFileName(await exportNaming(app.db, cycleId, districtId), '.pb'))
        .send(Readable.from(chunks) as unknown as string); // a stream of the documented text: Fastify pipes it unserialised
    },
  );

  app.get(
    '/api/cycles/:cycleId/statistics',
    {
      config: { access: 'public' },
      schema: {
        tags: ['results'],
        summary: 'Participation by district (with turnout), channel, day and age band; counts below 10 suppressed',
        description:
          'During voting staff and auditors see the turnout only; during tallying staff and auditors see everything; once published, everyone.',
        security: [],
        params: CycleIdParams,
        response: {
          200: ParticipationStatistics,
          ...notDisclosed,
        },
      },
    },
    async (request) => {
      const auth = await optionalAuth(app, request);
      return participationStatistics(app.db, request.params.cycleId, auth?.roles ?? []);
    },
  );

  for (const name of EXPORT_TABLES) {
    app.get(
      `/api/cycles/:cycleId/exports/${name}`,
      {
        config: { access: 'public', deadlineMs: LONG_REQUEST_TIMEOUT_MS },
        schema: {
          tags: ['results'],
          summary: `The cycle's ${name} (auditors during tallying, everyone once published)`,
          security: [],
          params: CycleIdParams,
          response: {
            200: Type.String({ description: 'CSV (UTF-8, header row first) or, for results.json, JSON.' }),
            ...notDisclosed,
          },
        },
      },
      async (request, reply) => {
        const auth = await optionalAuth(app, request);
        const table = await exportTable(app.db, request.params.cycleId, name, auth?.roles ?? []);
        await recordExport(app, auth, request.params.cycleId, name);
        return reply
          .type(name.endsWith('.json') ? 'application/json; charset=utf-8' : 'text/csv; charset=utf-8')
          .header('content-disposition', exportFileName(await exportNaming(app.db, request.params.cycleId), name))
          .send(table.text);
      },
    );
  }
}
