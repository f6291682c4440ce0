import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../server/src/config.js';
import { TEST_SECRETS } from '../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => {
        resolve(port);
      });
    });
  });
}

interface RunningServer {
  child: ChildProcess;
  stdout: string[];
  stderr: string[];
  port: number;
}

/** Starts `server/src/server.ts` as its own process, exactly as `npm run dev` does. */
async function startServerProcess(env: Record<string, string>): Promise<RunningServer> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['--conditions=@pb/source', '--import', 'tsx', join(REPO_ROOT, 'server', 'src', 'server.ts')],
    {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port), HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const running: RunningServer = { child, stdout: [], stderr: [], port };
  child.stdout.on('data', (chunk: Buffer) => {
    running.stdout.push(chunk.toString());
  });
  child.stderr.on('data', (chunk: Buffer) => {
    running.stderr.push(chunk.toString());
  });
  return running;
}

async function waitForExit(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return { code: child.exitCode, signal: child.signalCode };
  return new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      resolve({ code, signal });
    });
  });
}

async function waitUntilListening(server: RunningServer, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null) throw new Error(`server exited early: ${server.stderr.join('')}`);
    try {
      const response = await fetch(`http://127.0.0.1:${String(server.port)}/api/ready`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`server did not become ready in ${String(timeoutMs)} ms: ${server.stderr.join('')}`);
}

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
