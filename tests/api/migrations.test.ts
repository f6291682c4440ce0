import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
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
    const applied = await testApp.app.db.execute(sql`SELECT count(*)::int AS count FROM drizzle.__drizzle_migrations`);
    expect(applied.rows[0]).toEqual({ count: journal.entries.length });
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
    const applied = await first.app.db.execute(sql`SELECT count(*)::int AS count FROM drizzle.__drizzle_migrations`);
    expect(applied.rows[0]).toEqual({ count: journal.entries.length });
    const cities = await first.app.db.execute(sql`SELECT count(*)::int AS count FROM city`);
    expect(cities.rows[0]).toEqual({ count: 1 });
  });
});
