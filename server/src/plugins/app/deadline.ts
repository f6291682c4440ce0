import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { AppError, CommonErrors } from '../../errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** This route's deadline instead of `REQUEST_TIMEOUT_MS` (uploads, exports, recounts). */
    deadlineMs?: number;
  }
}

export interface DeadlinePluginOptions {
  defaultMs: number;
}

/**
 * A request not answered by its deadline gets 503 `service.unavailable`, so a database that stops
 * answering (frozen, partitioned, a lock held by a stuck session) cannot hold clients for minutes.
 * The handler itself goes on: a ballot it was writing may still land, and the client's retry is
 * then told `ballots.already_voted`. Fastify's own `handlerTimeout` would do this, but in 5.12 its
 * timer is cleared as soon as a request body has been read (fastify/fastify#6725, open), so every
 * POST, ballots among them, would never time out.
 */
export default fp(
  async function deadlinePlugin(app: FastifyInstance, options: DeadlinePluginOptions) {
    app.addHook('onRequest', async (request, reply) => {
      const deadlineMs = request.routeOptions.config.deadlineMs ?? options.defaultMs;
      const timer = setTimeout(() => {
        if (reply.sent) return;
        // A response already streaming (an export) cannot turn into an error: cut it instead.
        if (reply.raw.headersSent) {
          reply.raw.destroy();
          return;
        }
        request.log.warn({ deadlineMs }, 'request deadline passed');
        void reply.send(new AppError(CommonErrors.unavailable));
      }, deadlineMs);
      // A pending deadline must not keep a stopping process alive.
      timer.unref();
      reply.raw.once('close', () => {
        clearTimeout(timer);
      });
    });
  },
  { name: 'deadline', dependencies: ['error-handler'] },
);
