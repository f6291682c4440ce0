import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildApp } from '../app.js';
import { loadConfig, REPO_ROOT } from '../config.js';

/**
 * `npm run lint:openapi`: builds the app (in-memory PGlite, nothing listens), writes its OpenAPI
 * document to a temporary file and lints it with Redocly CLI under redocly.yaml. Exit code 0 only
 * when the linter reports no error. `-- --out <file>` also keeps the document there.
 */
async function writeDocument(file: string, dataDir: string): Promise<void> {
  const config = loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: dataDir, SEED_DEMO: 'false' });
  const app = await buildApp({ config: { ...config, database: { driver: 'pglite', dataDir: undefined } } });
  try {
    await app.ready();
    writeFileSync(file, `${JSON.stringify(app.swagger(), null, 2)}\n`);
  } finally {
    await app.close();
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  const workDir = mkdtempSync(join(tmpdir(), 'pb-openapi-'));
  try {
    const file = join(workDir, 'openapi.json');
    await writeDocument(file, join(workDir, 'data'));
    if (values.out !== undefined) copyFileSync(file, resolve(process.env.INIT_CWD ?? process.cwd(), values.out));
    const lint = spawnSync(
      join(REPO_ROOT, 'node_modules', '.bin', 'redocly'),
      ['lint', '--config', join(REPO_ROOT, 'redocly.yaml'), file],
      {
        stdio: 'inherit',
        // The linter must work offline and send nothing anywhere.
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      },
    );
    if (lint.error !== undefined) throw lint.error;
    return lint.status ?? 1;
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
