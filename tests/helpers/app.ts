import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DestinationStream } from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { buildApp, type App } from '../../server/src/app.js';
import { loadConfig, type AppConfig } from '../../server/src/config.js';
import type { Mailer } from '../../server/src/modules/mail/mail.service.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export const TEST_SECRETS = {
  JWT_SECRET: 'test-jwt-secret-0123456789abcdefghijklmnopqrstuvwxyz',
  CENSUS_HMAC_KEY: 'test-census-key-0123456789abcdefghijklmnopqrstuvwxyz',
} as const;

/** A configuration for tests: known secrets, quiet logs, a throwaway DATA_DIR. */
export function testConfig(database: TestDatabase, overrides: Partial<AppConfig> = {}): AppConfig {
  const base = loadConfig({
    ...TEST_SECRETS,
    LOG_LEVEL: 'silent',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'pb-test-')),
  });
  return { ...base, database: database.config, ...overrides };
}

export interface TestApp {
  app: App;
  database: TestDatabase;
  close(): Promise<void>;
}

export interface TestAppOptions {
  config?: Partial<AppConfig>;
  logStream?: DestinationStream;
  /** Reuse a database created by the caller (several apps on one database). */
  database?: TestDatabase;
  /** In place of the outbox, as if SMTP_URL were set (see helpers/mail.ts). */
  mailer?: Mailer;
}

/** buildApp() on a fresh, migrated database; `close()` stops the app and drops the database. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const ownsDatabase = options.database === undefined;
  const database = options.database ?? (await createTestDatabase());
  const app = await buildApp({
    config: testConfig(database, options.config),
    ...(options.logStream === undefined ? {} : { logStream: options.logStream }),
    ...(options.mailer === undefined ? {} : { mailer: options.mailer }),
  });
  return {
    app,
    database,
    async close() {
      await app.close();
      if (ownsDatabase) await database.drop();
    },
  };
}

/**
 * Registers beforeAll/afterAll hooks that start a test app (ready to serve) and close it; returns a
 * getter for the current app, so each describe block gets its own database.
 */
export function useTestApp(options: TestAppOptions = {}): () => TestApp {
  let testApp: TestApp | undefined;
  beforeAll(async () => {
    testApp = await createTestApp(options);
    await testApp.app.ready();
  });
  afterAll(async () => {
    await testApp?.close();
  });
  return () => {
    if (testApp === undefined) throw new Error('the test app did not start');
    return testApp;
  };
}
