import Fastify, { type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { DestinationStream } from 'pino';
import { loadConfig, tileImageSource, type AppConfig } from './config.js';
import type { DatabaseHandle } from './db/database.js';
import { loggerOptions, logRequests } from './logger.js';
import deadlinePlugin from './plugins/app/deadline.js';
import dbPlugin from './plugins/external/db.js';
import helmetPlugin from './plugins/external/helmet.js';
import staticPlugin from './plugins/external/static.js';
import swaggerPlugin from './plugins/external/swagger.js';
import jwtPlugin from './plugins/external/jwt.js';
import rateLimitPlugin from './plugins/external/rate-limit.js';
import accessPlugin from './plugins/app/access.js';
import errorHandlerPlugin, { answerFrameworkError } from './plugins/app/error-handler.js';
import notFoundPlugin from './plugins/app/not-found.js';
import metricsPlugin from './plugins/app/metrics.js';
import storableTextPlugin from './plugins/app/storable-text.js';
import healthRoutes from './modules/health/health.routes.js';
import metricsRoutes from './modules/metrics/metrics.routes.js';
import cityRoutes from './modules/city/city.routes.js';
import { seedCity } from './modules/city/city.service.js';
import authRoutes from './modules/auth/auth.routes.js';
import meRoutes from './modules/users/me.routes.js';
import adminUserRoutes from './modules/users/admin-users.routes.js';
import counterRoutes from './modules/users/counter.routes.js';
import { announceDemoAccounts, seedDemoAccounts } from './modules/users/users.seed.js';
import verificationRoutes from './modules/verification/verification.routes.js';
import auditRoutes from './modules/audit/audit.routes.js';
import cycleRoutes from './modules/cycles/cycles.routes.js';
import proposalRoutes from './modules/proposals/proposals.routes.js';
import notificationRoutes from './modules/notifications/notifications.routes.js';
import discussionRoutes from './modules/discussion/discussion.routes.js';
import supportRoutes from './modules/supports/supports.routes.js';
import followingRoutes from './modules/following/following.routes.js';
import type { NewsMail } from './modules/notifications/notifications.mail.js';
import moderationRoutes from './modules/discussion/moderation.routes.js';
import ballotRoutes from './modules/ballots/ballots.routes.js';
import staffBallotRoutes from './modules/ballots/staff-ballots.routes.js';
import resultRoutes from './modules/results/results.routes.js';
import importRoutes from './modules/imports/imports.routes.js';
import progressRoutes from './modules/progress/progress.routes.js';
import { startPhaseScheduler } from './modules/cycles/cycles.jobs.js';
import mailRoutes from './modules/mail/mail.routes.js';
import { createMailer, type Mailer } from './modules/mail/mail.service.js';
import type { AuthContext } from './modules/auth/auth.service.js';
import { listDistricts } from './modules/city/city.repository.js';
import { seedDemoVotingCycle } from './modules/demo/demo.voting-seed.js';
import { seedDemoCycle } from './modules/demo/demo.seed.js';
import { seedDemoImportedCycle } from './modules/demo/demo.import-seed.js';
import type { App } from './types.js';

export interface BuildAppOptions {
  /** Validated configuration; read from the environment when omitted. */
  config?: AppConfig;
  /** An open database to use instead of opening one from the configuration (it is not closed). */
  database?: DatabaseHandle;
  /** Where log lines go (tests capture them); standard output by default. */
  logStream?: DestinationStream;
  /** Sends mail instead of SMTP or the outbox (tests catch the messages a resident would get). */
  mailer?: Mailer;
}

/** Small limit for every JSON route; upload routes set their own (DESIGN.md: 20 MB). */
const DEFAULT_BODY_LIMIT = 100 * 1024;
/**
 * Opening the database includes applying pending migrations (and, embedded, creating the cluster);
 * on a busy machine or with a long migration that outlasts Fastify's 10-second default per plugin.
 */
const PLUGIN_TIMEOUT_MS = 120_000;

export async function buildApp(options: BuildAppOptions = {}): Promise<App> {
  const config = options.config ?? loadConfig();
  const app = Fastify({
    ...loggerOptions(config.logLevel, options.logStream),
    bodyLimit: DEFAULT_BODY_LIMIT,
    trustProxy: config.trustProxy,
    routerOptions: { ignoreTrailingSlash: true },
    frameworkErrors: answerFrameworkError,
    ajv: { customOptions: { removeAdditional: false, allErrors: false, coerceTypes: 'array', useDefaults: true } },
    forceCloseConnections: true,
    pluginTimeout: PLUGIN_TIMEOUT_MS,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  logRequests(app, config.logLevel, options.logStream);

  await app.register(errorHandlerPlugin);
  await app.register(deadlinePlugin, { defaultMs: config.requestTimeoutMs });
  await app.register(storableTextPlugin);
  await app.register(helmetPlugin, {
    production: config.production,
    tileImageSource: config.map === undefined ? undefined : tileImageSource(config.map.tileUrl),
  });
  await app.register(dbPlugin, { config, ...(options.database ? { database: options.database } : {}) });
  await app.register(metricsPlugin, { enabled: config.metricsToken !== undefined });
  await app.register(jwtPlugin, { secret: config.jwtSecret });
  await app.register(rateLimitPlugin, { redisUrl: config.redisUrl, keySecret: config.jwtSecret });
  await app.register(accessPlugin, { config });
  await app.register(swaggerPlugin);
  await app.register(staticPlugin, { webDistDir: config.webDistDir });
  await app.register(notFoundPlugin);

  await app.register(healthRoutes);
  await app.register(metricsRoutes, { metricsToken: config.metricsToken });
  await app.register(cityRoutes, { map: config.map ?? null });

  const mailer =
    options.mailer ?? createMailer(app.db, config.smtpUrl, `no-reply@${new URL(config.publicUrl).hostname}`);
  const authContext: AuthContext = { app, config, mailer };
  await app.register(authRoutes, { context: authContext });
  await app.register(meRoutes, { context: authContext });
  await app.register(verificationRoutes, { censusHmacKey: config.censusHmacKey });
  await app.register(adminUserRoutes);
  await app.register(counterRoutes);
  await app.register(mailRoutes);
  await app.register(auditRoutes);
  await app.register(cycleRoutes);
  const newsMail: NewsMail = {
    mailer,
    publicUrl: config.publicUrl,
    onError: (error) => {
      app.log.error({ err: error }, 'mailing proposal news failed');
    },
  };
  await app.register(proposalRoutes, { newsMail });
  await app.register(notificationRoutes);
  await app.register(discussionRoutes, { newsMail });
  await app.register(supportRoutes);
  await app.register(followingRoutes);
  await app.register(moderationRoutes);
  await app.register(ballotRoutes, { censusHmacKey: config.censusHmacKey });
  await app.register(staffBallotRoutes, { censusHmacKey: config.censusHmacKey });
  await app.register(resultRoutes);
  await app.register(importRoutes);
  await app.register(progressRoutes);

  await seed(app, config);
  startPhaseScheduler(app);
  return app;
}

async function seed(app: App, config: AppConfig): Promise<void> {
  const created = await seedCity(app.db, {
    cityName: config.cityName,
    timeZone: config.cityTimeZone,
    demo: config.seedDemo,
  });
  // Demo accounts only on the embedded database a person starts with `npm start`; never in production.
  const embedded = config.database.driver === 'pglite' && config.database.dataDir !== undefined;
  if (created && config.seedDemo && embedded && !config.production) {
    const districts = await listDistricts(app.db);
    const accounts = await seedDemoAccounts(app.db, districts.find((district) => !district.cityWide)?.id);
    const idOf = (role: string) => accounts.find((account) => account.role === role)?.userId;
    const staffId = idOf('staff');
    const residentId = idOf('resident');
    const adminId = idOf('admin');
    if (staffId !== undefined && residentId !== undefined && adminId !== undefined) {
      const supporterIds = accounts.map((account) => account.userId);
      await seedDemoCycle(app.db, { staffId, residentId, supporterIds }, districts);
      await seedDemoVotingCycle(app.db, { staffId, confirmerId: adminId }, districts);
      await seedDemoImportedCycle(app.db, staffId);
    }
    announceDemoAccounts(config.dataDir, accounts);
  }
}

export type { App, FastifyInstance };
