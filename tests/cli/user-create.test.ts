import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/src/app.js';
import { REPO_ROOT } from '../../server/src/config.js';
import { testConfig, TEST_SECRETS } from '../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

/** On PostgreSQL the test database; otherwise an embedded database on disk the command can open. */
async function cliDatabase(): Promise<{ database: TestDatabase; env: Record<string, string> }> {
  const database = await createTestDatabase();
  if (database.config.driver === 'postgres') return { database, env: { DATABASE_URL: database.config.url } };
  const dataDir = mkdtempSync(join(tmpdir(), 'pb-user-create-'));
  return {
    database: { ...database, config: { driver: 'pglite', dataDir: join(dataDir, 'pglite') } },
    env: { DATA_DIR: dataDir },
  };
}

describe('npm run user:create', () => {
  let database: TestDatabase;
  let env: Record<string, string>;

  beforeAll(async () => {
    ({ database, env } = await cliDatabase());
  });

  afterAll(async () => {
    await database.drop();
  });

  function userCreate(args: string[], password: string) {
    const childEnv: Record<string, string | undefined> = { ...process.env, ...TEST_SECRETS, ...env };
    if (env.DATABASE_URL === undefined) delete childEnv.DATABASE_URL;
    return spawnSync('npm', ['--prefix', REPO_ROOT, 'run', '-s', 'user:create', '--', ...args], {
      input: `${password}\n`,
      encoding: 'utf8',
      env: childEnv,
    });
  }

  it('creates the first admin with the password from standard input, who can then sign in', async () => {
    const created = userCreate(
      ['--email', 'first.admin@example.org', '--role', 'admin', '--name', 'First Admin'],
      'a long admin passphrase',
    );
    expect(created.stderr).toBe('');
    expect(created.status).toBe(0);
    expect(created.stdout).toContain('Created first.admin@example.org (admin)');
    expect(created.stdout).not.toContain('a long admin passphrase');

    const app = await buildApp({ config: testConfig(database, { seedDemo: false }) });
    try {
      await app.ready();
      const login = await request(app.server)
        .post('/api/auth/login')
        .send({ email: 'first.admin@example.org', password: 'a long admin passphrase' });
      expect(login.status).toBe(200);
      expect(login.body.user).toMatchObject({ roles: ['admin'], displayName: 'First Admin' });
    } finally {
      await app.close();
    }
  }, 60_000);

  it('refuses an unknown role, a missing email and a common password, creating nothing', () => {
    const unknownRole = userCreate(['--email', 'x@example.org', '--role', 'root'], 'a long admin passphrase');
    expect(unknownRole.status).toBe(2);
    expect(unknownRole.stderr).toContain('unknown role root');
    const noEmail = userCreate(['--role', 'admin'], 'a long admin passphrase');
    expect(noEmail.status).toBe(2);
    const weak = userCreate(['--email', 'weak@example.org', '--role', 'admin'], 'password123');
    expect(weak.status).toBe(1);
    expect(weak.stderr).toContain('too common');
    const duplicate = userCreate(['--email', 'FIRST.ADMIN@example.org', '--role', 'admin'], 'another long passphrase');
    expect(duplicate.status).toBe(1);
    expect(duplicate.stderr).toContain('already exists');
  }, 60_000);
});
