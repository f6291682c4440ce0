import Fastify, { type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { DestinationStream } from 'pino';
import { loadConfig, type AppConfig } from './config.js';
import type { DatabaseHandle } from './db/database.js';
import { loggerOptions } from './logger.js';
import dbPlugin from './plugins/external/db.js';
import helmetPlugin from './plugins/external/helmet.js';
import staticPlugin from './plugins/external/static.js';
import swaggerPlugin from './plugins/external/swagger.js';
import errorHandlerPlugin from './plugins/app/error-handler.js';
import notFoundPlugin from './plugins/app/not-found.js';
import healthRoutes from './modules/health/health.routes.js';
import cityRoutes from './modules/city/city.routes.js';
import { seedCity } from './modules/city/city.service.js';
import type { App } from './types.js';

export interface BuildAppOptions {
  /** Validated configuration; read from the environment when omitted. */
  config?: AppConfig;
  /** An open database to use instead of opening one from the configuration (it is not closed). */
  database?: DatabaseHandle;
  /** Where log lines go (tests capture them); standard output by default. */
  logStream?: DestinationStream;
}

/** Small limit for every JSON route; upload routes set their own (DESIGN.md: 20 MB). */
const DEFAULT_BODY_LIMIT = 100 * 1024;

export async function buildApp(options: BuildAppOptions = {}): Promise<App> {
  const config = options.config ?? loadConfig();
  const app = Fastify({
    ...loggerOptions(config.logLevel, options.logStream),
    bodyLimit: DEFAULT_BODY_LIMIT,
    trustProxy: config.trustProxy,
    routerOptions: { ignoreTrailingSlash: true },
    ajv: { customOptions: { removeAdditional: false, allErrors: false, coerceTypes: 'array', useDefaults: true } },
    forceCloseConnections: true,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(errorHandlerPlugin);
  await app.register(helmetPlugin, { production: config.production });
  await app.register(dbPlugin, { config, ...(options.database ? { database: options.database } : {}) });
  await app.register(swaggerPlugin);
  await app.register(staticPlugin, { webDistDir: config.webDistDir });
  await app.register(notFoundPlugin);

  await app.register(healthRoutes);
  await app.register(cityRoutes);

  await seedCity(app.db, { cityName: config.cityName, timeZone: config.cityTimeZone, demo: config.seedDemo });
  return app;
}

export type { App, FastifyInstance };
