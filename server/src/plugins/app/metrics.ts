import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { createMetrics, UNMATCHED_ROUTE, type AppMetrics } from '../../modules/metrics/metrics.registry.js';

declare module 'fastify' {
  interface FastifyInstance {
    metrics: AppMetrics;
  }
}

/**
 * Counts and times every answered request under its route pattern (`/api/cycles/:cycleId`), never
 * the raw URL: ids in labels would make one series per cycle, proposal or receipt.
 */
export default fp(
  async function metricsPlugin(app: FastifyInstance, options: { enabled: boolean }) {
    const metrics = createMetrics(app.database, { processMetrics: options.enabled });
    app.decorate('metrics', metrics);
    // Without METRICS_TOKEN nobody can read them: no work per request.
    if (!options.enabled) return;
    app.addHook('onResponse', async (request, reply) => {
      const labels = {
        method: request.method,
        route: request.routeOptions.url ?? UNMATCHED_ROUTE,
        status_code: String(reply.statusCode),
      };
      metrics.httpRequests.inc(labels);
      metrics.httpDuration.observe(labels, reply.elapsedTime / 1000);
    });
  },
  { name: 'metrics', dependencies: ['db'] },
);
