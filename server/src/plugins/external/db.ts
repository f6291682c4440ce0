import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { ConfigError, type AppConfig } from '../../config.js';
import { openDatabase, type Database, type DatabaseHandle } from '../../db/database.js';
import { unsafeDurabilitySettings } from '../../db/durability.js';
import { migrateDatabase } from '../../db/migrate.js';

declare module 'fastify' {
  interface FastifyInstance {
    database: DatabaseHandle;
    db: Database;
  }
}

export interface DbPluginOptions {
  config: AppConfig;
  /** An already opened handle (tests share one); the app then leaves closing it to the caller. */
  database?: DatabaseHandle;
}

/**
 * Opens the database, refuses (in production) settings that could lose acknowledged commits,
 * applies pending migrations under an advisory lock, closes on shutdown.
 */
export default fp(
  async function dbPlugin(app: FastifyInstance, options: DbPluginOptions) {
    const owned = options.database === undefined;
    const handle =
      options.database ?? (await openDatabase(options.config.database, { max: options.config.databasePoolSize }));
    try {
      if (options.config.production && handle.driver === 'postgres') {
        const problems = await unsafeDurabilitySettings(handle.db);
        if (problems.length > 0) throw new ConfigError(problems);
      }
      await migrateDatabase(handle);
    } catch (error) {
      if (owned) await handle.close();
      throw error;
    }
    app.decorate('database', handle);
    app.decorate('db', handle.db);
    if (owned) app.addHook('onClose', async () => handle.close());
  },
  { name: 'db' },
);
