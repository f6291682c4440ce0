import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './server/src/modules/*/*.table.ts',
  out: './migrations',
  casing: 'snake_case',
  migrations: { schema: 'drizzle' },
});
