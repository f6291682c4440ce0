import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { ErrorResponse } from '@pb/shared';
import { CommonErrors } from '../../errors.js';

const notFoundBody: ErrorResponse = {
  error: { code: CommonErrors.notFound.code, message: CommonErrors.notFound.message },
};

/** Unknown API paths get a JSON 404; any other GET is a deep link into the SPA and gets its shell. */
export default fp(
  async function notFoundPlugin(app: FastifyInstance) {
    app.setNotFoundHandler(async (request, reply) => {
      const path = request.url.split('?')[0] ?? '';
      const isApi = path === '/api' || path.startsWith('/api/');
      const isPageRequest = (request.method === 'GET' || request.method === 'HEAD') && !isApi;
      if (isPageRequest && app.webAppServed) {
        return reply.header('cache-control', 'no-cache').sendFile('index.html');
      }
      return reply.status(404).send(notFoundBody);
    });
  },
  { name: 'not-found', dependencies: ['static'] },
);
