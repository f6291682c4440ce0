import { ErrorResponse, HealthResponse, ReadyResponse } from '@pb/shared';
import type { App } from '../../types.js';
import { CommonErrors } from '../../errors.js';

export default async function healthRoutes(app: App): Promise<void> {
  app.get(
    '/api/health',
    {
      config: { access: 'public' },
      schema: {
        tags: ['system'],
        summary: 'Liveness: the process is up',
        response: { 200: HealthResponse },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/api/ready',
    {
      config: { access: 'public' },
      schema: {
        tags: ['system'],
        summary: 'Readiness: the database answers',
        response: { 200: ReadyResponse, 503: ErrorResponse },
      },
    },
    async (request, reply) => {
      try {
        await app.database.ping();
      } catch (error) {
        request.log.warn({ err: error }, 'database not ready');
        return reply
          .status(503)
          .send({ error: { code: CommonErrors.unavailable.code, message: 'The database does not answer.' } });
      }
      return { status: 'ready' as const, database: app.database.driver };
    },
  );
}
