import { createHash, timingSafeEqual } from 'node:crypto';
import { Type } from 'typebox';
import { ErrorResponse } from '@pb/shared';
import { AppError } from '../../errors.js';
import type { App } from '../../types.js';
import { MetricsErrors } from './metrics.errors.js';

/** Hashing first gives equal lengths, so neither the content nor the length of the token leaks through timing. */
function sameToken(sent: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(sent), digest(expected));
}

function bearerToken(header: string | undefined): string | undefined {
  return header === undefined ? undefined : /^Bearer (\S+)$/.exec(header)?.[1];
}

/**
 * Prometheus scrape endpoint, outside /api: it is for the operator's monitoring, not for clients.
 * It answers 404 while METRICS_TOKEN is unset, and checks the token itself (no user session).
 */
export default async function metricsRoutes(app: App, options: { metricsToken: string | undefined }): Promise<void> {
  app.get(
    '/metrics',
    {
      config: { access: 'public' },
      schema: {
        tags: ['system'],
        summary: 'Prometheus metrics (needs "Authorization: Bearer <METRICS_TOKEN>"; 404 while METRICS_TOKEN is unset)',
        security: [{ metricsToken: [] }],
        response: {
          200: {
            description: 'Metrics in the Prometheus text exposition format',
            content: { 'text/plain': { schema: Type.String() } },
          },
          401: ErrorResponse,
          404: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      if (options.metricsToken === undefined) throw new AppError(MetricsErrors.disabled);
      const sent = bearerToken(request.headers.authorization);
      if (sent === undefined || !sameToken(sent, options.metricsToken)) {
        reply.header('www-authenticate', 'Bearer realm="metrics"');
        throw new AppError(MetricsErrors.unauthorized);
      }
      const body = await app.metrics.registry.metrics();
      return reply.header('cache-control', 'no-store').type(app.metrics.registry.contentType).send(body);
    },
  );
}
