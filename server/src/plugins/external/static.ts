import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';

declare module 'fastify' {
  interface FastifyInstance {
    /** Whether the built web app is served (it is absent until `npm run build`). */
    webAppServed: boolean;
  }
}

/** Serves the built Svelte app; hashed assets are cached for a year, index.html never. */
export default fp(
  async function staticPlugin(app: FastifyInstance, options: { webDistDir: string }) {
    const served = existsSync(join(options.webDistDir, 'index.html'));
    app.decorate('webAppServed', served);
    if (!served) {
      app.log.warn({ webDistDir: options.webDistDir }, 'web app not built: run `npm run build` to serve the UI');
      return;
    }
    await app.register(fastifyStatic, {
      root: options.webDistDir,
      wildcard: false,
      index: false,
      setHeaders(reply, path) {
        reply.header(
          'cache-control',
          path.includes(join('dist', 'assets')) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
  },
  { name: 'static' },
);
