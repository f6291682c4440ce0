import { createHmac } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import fp from 'fastify-plugin';
import { Redis } from 'ioredis';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../db/database.js';
import { AppError, CommonErrors, type ErrorDefinition } from '../../errors.js';
import { deleteExpiredRateLimits, deleteRateLimitsOf, incrementRateLimit } from '../../modules/auth/auth.repository.js';

export interface RateLimitRule {
  /** Namespaces the counter, e.g. `login-ip`. */
  name: string;
  max: number;
  windowMs: number;
  /** The counted subject (an IP, an account, a pair); undefined skips the rule for this request. */
  key(request: FastifyRequest): string | undefined;
}

type Checker = (request: FastifyRequest) => Promise<{ isExceeded?: boolean; ttlInSeconds?: number }>;

declare module 'fastify' {
  interface FastifyInstance {
    /** Counts this request against every rule; throws 429 (with Retry-After) if any is exceeded. */
    enforceRateLimits(
      request: FastifyRequest,
      reply: FastifyReply,
      rules: readonly RateLimitRule[],
      error?: ErrorDefinition,
    ): Promise<void>;
    /** Deletes every counter of the rule named (wherever counters live); returns how many. */
    forgetRateLimits(ruleName: string): Promise<number>;
    /** A route preHandler that enforces `rules` (after validation, so rules can key on the body). */
    rateLimitedBy(
      rules: readonly RateLimitRule[],
      error?: ErrorDefinition,
    ): (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  }
}

const REDIS_NAMESPACE = 'pb-rate-limit:';

interface StoreResult {
  current: number;
  ttl: number;
}

/** A @fastify/rate-limit store on PostgreSQL, so every server process shares the counters. */
function postgresStore(db: Database) {
  let calls = 0;
  return class PostgresRateLimitStore {
    incr(key: string, callback: (error: Error | null, result?: StoreResult) => void, timeWindow: number): void {
      calls += 1;
      // Expired counters are swept now and then instead of by a separate job.
      if (calls % 500 === 0) void deleteExpiredRateLimits(db).catch(() => undefined);
      incrementRateLimit(db, key, timeWindow).then(
        (hit) => {
          callback(null, { current: hit.hits, ttl: hit.ttlMs });
        },
        (error: unknown) => {
          callback(error instanceof Error ? error : new Error(String(error)));
        },
      );
    }
    child(): this {
      return this;
    }
  };
}

export interface RateLimitPluginOptions {
  redisUrl: string | undefined;
  /** Keys the hash that stands for each counted subject. */
  keySecret: string;
}

/**
 * A counter's key: the rule's name and a keyed hash of the subject. Subjects include emails,
 * which must not sit in the counters' table or Redis, nor in an error quoting the statement.
 */
export function rateLimitKey(secret: string, ruleName: string, subject: string): string {
  return `${ruleName}:${createHmac('sha256', secret).update(`rate-limit:${subject}`).digest('base64url')}`;
}

export default fp(
  async function rateLimitPlugin(app: FastifyInstance, options: RateLimitPluginOptions) {
    if (options.redisUrl === undefined) {
      await app.register(rateLimit, { global: false, store: postgresStore(app.db) });
      app.decorate('forgetRateLimits', (ruleName: string) => deleteRateLimitsOf(app.db, ruleName));
    } else {
      const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: 2, connectTimeout: 2_000 });
      redis.on('error', (error) => {
        app.log.warn({ err: error }, 'redis error');
      });
      app.addHook('onClose', async () => {
        redis.disconnect();
      });
      await app.register(rateLimit, { global: false, redis, nameSpace: REDIS_NAMESPACE });
      app.decorate('forgetRateLimits', async (ruleName: string) => {
        let removed = 0;
        for await (const keys of redis.scanStream({ match: `${REDIS_NAMESPACE}*${ruleName}:*`, count: 500 })) {
          if ((keys as string[]).length > 0) removed += await redis.del(...(keys as string[]));
        }
        return removed;
      });
    }

    const checkers = new WeakMap<RateLimitRule, Checker>();
    function checkerFor(rule: RateLimitRule): Checker {
      let checker = checkers.get(rule);
      if (checker === undefined) {
        checker = app.createRateLimit({
          max: rule.max,
          timeWindow: rule.windowMs,
          keyGenerator: (request) => rateLimitKey(options.keySecret, rule.name, rule.key(request) ?? ''),
        }) as Checker;
        checkers.set(rule, checker);
      }
      return checker;
    }

    app.decorate(
      'enforceRateLimits',
      async (
        request: FastifyRequest,
        reply: FastifyReply,
        rules: readonly RateLimitRule[],
        error: ErrorDefinition = CommonErrors.rateLimited,
      ) => {
        let retryAfter = 0;
        for (const rule of rules) {
          if (rule.key(request) === undefined) continue;
          const result = await checkerFor(rule)(request);
          if (result.isExceeded === true) retryAfter = Math.max(retryAfter, result.ttlInSeconds ?? 1);
        }
        if (retryAfter > 0) {
          void reply.header('retry-after', String(retryAfter));
          throw new AppError(error);
        }
      },
    );
    app.decorate(
      'rateLimitedBy',
      (rules: readonly RateLimitRule[], error?: ErrorDefinition) =>
        async (request: FastifyRequest, reply: FastifyReply) =>
          app.enforceRateLimits(request, reply, rules, error),
    );
  },
  { name: 'rate-limit', dependencies: ['db'] },
);
