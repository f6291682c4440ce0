import { AuditChainHead, AuditChainReport, AuditEventList, AuditQuery, ErrorResponse } from '@pb/shared';
import type { App } from '../../types.js';
import { findCity } from '../city/city.repository.js';
import { auditChainHead } from './audit.anchor.js';
import { verifyAuditChain } from './audit.chain.js';
import { listAuditEvents } from './audit.service.js';

export default async function auditRoutes(app: App): Promise<void> {
  app.get(
    '/api/audit-log',
    {
      config: { access: ['auditor', 'admin'] },
      schema: {
        tags: ['audit'],
        summary: 'The audit log, newest first, filtered by action prefix, actor, role, subject and time',
        querystring: AuditQuery,
        response: { 200: AuditEventList, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse },
      },
    },
    async (request) => {
      const timeZone = (await findCity(app.db))?.timeZone ?? 'UTC';
      return { items: await listAuditEvents(app.db, request.query, timeZone) };
    },
  );

  app.get(
    '/api/audit-log/verify',
    {
      config: { access: ['auditor', 'admin'] },
      schema: {
        tags: ['audit'],
        summary: 'Walk the hash chain of the whole audit log and name the first broken entry, if any',
        response: { 200: AuditChainReport, 401: ErrorResponse, 403: ErrorResponse },
      },
    },
    async () => {
      const report = await verifyAuditChain(app.db);
      return { entries: report.entries, intact: report.broken === null, broken: report.broken };
    },
  );

  app.get(
    '/api/audit-log/head',
    {
      config: { access: 'public' },
      schema: {
        tags: ['audit'],
        summary: "The audit chain's head: position and hash of the latest entry",
        description:
          'Public so that anyone can keep it outside the platform: `npm run audit:verify -- --anchor` then shows whether the chain up to that position was rewritten since. An empty log answers position 0 and 64 zeros.',
        security: [],
        response: { 200: AuditChainHead },
      },
    },
    async () => auditChainHead(app.db),
  );
}
