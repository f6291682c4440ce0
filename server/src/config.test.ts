import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, REPO_ROOT } from './config.js';

const SECRETS = {
  JWT_SECRET: 'a'.repeat(40),
  CENSUS_HMAC_KEY: 'b'.repeat(40),
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('uses the documented defaults', () => {
    const config = loadConfig({ ...SECRETS });
    expect(config.port).toBe(3000);
    expect(config.host).toBe('127.0.0.1');
    expect(config.cityTimeZone).toBe('Asia/Tokyo');
    expect(config.dataDir).toBe(join(REPO_ROOT, 'data'));
    expect(config.database).toEqual({ driver: 'pglite', dataDir: join(REPO_ROOT, 'data', 'pglite') });
    expect(config.seedDemo).toBe(true);
    expect(config.requestTimeoutMs).toBe(15_000);
    expect(config.databasePoolSize).toBe(10);
  });

  it('takes a pool size and refuses zero', () => {
    expect(loadConfig({ ...SECRETS, DATABASE_POOL_SIZE: '24' }).databasePoolSize).toBe(24);
    expect(problemsOf({ ...SECRETS, DATABASE_POOL_SIZE: '0' }).join()).toContain('DATABASE_POOL_SIZE');
  });

  it('takes a request deadline in milliseconds and refuses one under 100 ms', () => {
    expect(loadConfig({ ...SECRETS, REQUEST_TIMEOUT_MS: '30000' }).requestTimeoutMs).toBe(30_000);
    expect(problemsOf({ ...SECRETS, REQUEST_TIMEOUT_MS: '50' }).join()).toContain('REQUEST_TIMEOUT_MS');
  });

  it('resolves a relative DATA_DIR against the repository root, not the working directory', () => {
    const config = loadConfig({ ...SECRETS, DATA_DIR: 'var/pb' });
    expect(config.dataDir).toBe(join(REPO_ROOT, 'var', 'pb'));
  });

  it('selects PostgreSQL when DATABASE_URL is set', () => {
    const config = loadConfig({ ...SECRETS, DATABASE_URL: 'postgres://pb@db:5432/pb' });
    expect(config.database).toEqual({ driver: 'postgres', url: 'postgres://pb@db:5432/pb' });
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ ...SECRETS, PORT: '', DATABASE_URL: '' }).port).toBe(3000);
  });

  it('reports every invalid variable at once, with what was expected', () => {
    const problems = problemsOf({
      ...SECRETS,
      PORT: 'eighty',
      CITY_TZ: 'Mars/Olympus',
      LOG_LEVEL: 'loud',
      DATABASE_URL: 'mysql://x',
    });
    expect(problems).toHaveLength(4);
    expect(problems.find((problem) => problem.startsWith('PORT:'))).toContain('"eighty"');
    expect(problems.find((problem) => problem.startsWith('CITY_TZ:'))).toContain('Mars/Olympus');
    expect(problems.find((problem) => problem.startsWith('LOG_LEVEL:'))).toContain('expected fatal, error');
    expect(problems.find((problem) => problem.startsWith('DATABASE_URL:'))).toContain('postgres://');
  });

  it('never echoes a secret in its messages', () => {
    const problems = problemsOf({ JWT_SECRET: 'short-secret', CENSUS_HMAC_KEY: SECRETS.CENSUS_HMAC_KEY });
    expect(problems.join('\n')).toContain('JWT_SECRET');
    expect(problems.join('\n')).not.toContain('short-secret');
  });

  it('refuses a port out of range', () => {
    expect(problemsOf({ ...SECRETS, PORT: '70000' }).join()).toContain('between 1 and 65535');
  });

  it('requires the secrets in production and turns the demo seed off', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });
    expect(problems.some((problem) => problem.startsWith('JWT_SECRET: required'))).toBe(true);
    expect(problems.some((problem) => problem.startsWith('CENSUS_HMAC_KEY: required'))).toBe(true);
    expect(problems.some((problem) => problem.startsWith('PUBLIC_URL: required'))).toBe(true);
    const config = loadConfig({ NODE_ENV: 'production', PUBLIC_URL: 'https://pb.example.org', ...SECRETS });
    expect(config.publicUrl).toBe('https://pb.example.org');
    expect(config.seedDemo).toBe(false);
    expect(config.host).toBe('0.0.0.0');
  });

  it('outside production, generates the secrets once and keeps them under DATA_DIR', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pb-config-'));
    const first = loadConfig({ DATA_DIR: dataDir });
    const second = loadConfig({ DATA_DIR: dataDir });
    expect(first.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(second.jwtSecret).toBe(first.jwtSecret);
    expect(second.censusHmacKey).toBe(first.censusHmacKey);
    const file = join(dataDir, 'secrets.json');
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).mode & 0o077).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain(first.jwtSecret);
  });

  it('lets an explicit secret win over the generated one', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pb-config-'));
    const config = loadConfig({ DATA_DIR: dataDir, JWT_SECRET: SECRETS.JWT_SECRET });
    expect(config.jwtSecret).toBe(SECRETS.JWT_SECRET);
  });
});
