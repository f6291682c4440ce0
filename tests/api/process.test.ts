import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_SECRETS } from '../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { startServerProcess, waitForExit, waitUntilListening } from '../helpers/server-process.js';

describe('the server process', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await database.drop();
  });

  function databaseEnv(): Record<string, string> {
    return database.config.driver === 'postgres'
      ? { DATABASE_URL: database.config.url }
      : { DATA_DIR: mkdtempSync(join(tmpdir(), 'pb-process-')) };
  }

  it('stops within 5 seconds of SIGTERM, exiting 0 with no error', async () => {
    const server = await startServerProcess({ ...TEST_SECRETS, ...databaseEnv(), LOG_LEVEL: 'info' });
    await waitUntilListening(server, 60_000);
    const started = Date.now();
    server.child.kill('SIGTERM');
    const exit = await waitForExit(server.child);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(5_000);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(server.stderr.join('')).toBe('');
    const levels = server.stdout
      .join('')
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => (JSON.parse(line) as { level: number }).level);
    expect(levels.filter((level) => level >= 50)).toEqual([]);
  }, 90_000);

  it('refuses to start in production without secrets, naming each missing one', async () => {
    const server = await startServerProcess({ NODE_ENV: 'production', ...databaseEnv() });
    const exit = await waitForExit(server.child);
    expect(exit.code).toBe(1);
    const stderr = server.stderr.join('');
    expect(stderr).toContain('Invalid configuration');
    expect(stderr).toContain('JWT_SECRET');
    expect(stderr).toContain('CENSUS_HMAC_KEY');
  }, 60_000);
});
