import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../server/src/db/database.js';
import { MIGRATIONS_FOLDER } from '../../server/src/db/migrate.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createTestDatabase, explainPostgresSkip, usingPostgres, type TestDatabase } from '../helpers/database.js';

const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as {
  entries: { tag: string }[];
};

describe('migrations at start-up', () => {
  const opened: TestApp[] = [];
  const databases: TestDatabase[] = [];

  afterAll(async () => {
    await Promise.all(opened.map((testApp) => testApp.app.close()));
    await Promise.all(databases.map((database) => database.drop()));
  });

  it('applies every committed migration exactly once', async () => {
    const testApp = await createTestApp();
    opened.push(testApp);
    databases.push(testApp.database);
    const applied = await queryRows(
      testApp.app.db,
      sql`SELECT count(*)::int AS count FROM drizzle.__drizzle_migrations`,
    );
    expect(applied).toEqual([{ count: journal.entries.length }]);
  });

  explainPostgresSkip('two app instances migrating one fresh database at once');
  it.skipIf(!usingPostgres)('lets two app instances start on one fresh PostgreSQL database at once', async () => {
    const database = await createTestDatabase();
    databases.push(database);
    const [first, second] = await Promise.all([createTestApp({ database }), createTestApp({ database })]);
    opened.push(first, second);
    for (const testApp of [first, second]) {
      await testApp.app.ready();
      const response = await request(testApp.app.server).get('/api/ready');
      expect(response.status).toBe(200);
    }
    const applied = await queryRows(first.app.db, sql`SELECT count(*)::int AS count FROM drizzle.__drizzle_migrations`);
    expect(applied).toEqual([{ count: journal.entries.length }]);
    const cities = await queryRows(first.app.db, sql`SELECT count(*)::int AS count FROM city`);
    expect(cities).toEqual([{ count: 1 }]);
  });
});
