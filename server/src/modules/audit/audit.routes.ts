import { AuditEventList, AuditQuery, ErrorResponse } from '@pb/shared';
import type { App } from '../../types.js';
import { listAuditEvents } from './audit.service.js';

export default async function auditRoutes(app: App): Promise<void> {
  app.get(
    '/api/audit-log',
    {
      config: { access: ['auditor', 'admin'] },
      schema: {
        tags: ['audit'],
        summary: 'Security-relevant actions, newest first (verifications, role changes, resets, disabling)',
        querystring: AuditQuery,
        response: { 200: AuditEventList, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse },
      },
    },
    async (request) => ({ items: await listAuditEvents(app.db, request.query) }),
  );
}
