import helmet from '@fastify/helmet';
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';

/** Security headers; the CSP fits the SPA: scripts and styles only from our own origin. */
export default fp(
  async function helmetPlugin(
    app: FastifyInstance,
    options: { production: boolean; tileImageSource?: string | undefined },
  ) {
    await app.register(helmet, {
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          baseUri: ["'self'"],
          scriptSrc: ["'self'"],
          // Svelte transitions set inline style attributes; no inline <style> or scripts otherwise.
          styleSrc: ["'self'", "'unsafe-inline'"],
          // Map tiles come from the one configured tile host, never from anywhere.
          imgSrc: ["'self'", 'data:', ...(options.tileImageSource === undefined ? [] : [options.tileImageSource])],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          frameAncestors: ["'none'"],
          formAction: ["'self'"],
          ...(options.production ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      hsts: options.production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
      crossOriginEmbedderPolicy: false,
    });
  },
  { name: 'helmet' },
);
