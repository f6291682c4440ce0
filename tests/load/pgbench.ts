import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { REPO_ROOT } from '../../server/src/config.js';

export const PGBENCH_SCRIPT = join('tests', 'load', 'pgbench-insert.sql');

export interface PgbenchOptions {
  /** Connection string of the benchmark database. */
  url: string;
  seconds: number;
  clients: number;
  threads: number;
  binary: string;
}

export interface PgbenchResult {
  tps: number;
  transactions: number;
  latencyMs: number | undefined;
  command: string;
}

/** The pgbench binary: PGBENCH if set, else PostgreSQL 15's, else whatever `pgbench` PATH finds. */
export function findPgbench(): string {
  const configured = process.env.PGBENCH;
  if (configured !== undefined && configured !== '') return configured;
  const debian = '/usr/lib/postgresql/15/bin/pgbench';
  return existsSync(debian) ? debian : 'pgbench';
}

async function run(url: string, statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

/** A checkpoint (when the role may run one), so neither measurement pays for the other's dirty pages. */
async function checkpoint(url: string): Promise<void> {
  await run(url, ['CHECKPOINT']).catch(() => undefined);
}

export async function createPgbenchTable(url: string): Promise<void> {
  await run(url, [
    'CREATE TABLE IF NOT EXISTS bench_pgbench (id bigserial PRIMARY KEY, payload text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())',
  ]);
}

/**
 * Runs the committed baseline script (prepared mode, no vacuum) and reads its tps line. The table
 * is dropped afterwards, so autovacuum does not visit its rows while the application is measured.
 */
export async function runPgbench(options: PgbenchOptions): Promise<PgbenchResult> {
  await createPgbenchTable(options.url);
  await checkpoint(options.url);
  try {
    return await pgbench(options);
  } finally {
    await run(options.url, ['DROP TABLE IF EXISTS bench_pgbench']);
    await checkpoint(options.url);
  }
}

async function pgbench(options: PgbenchOptions): Promise<PgbenchResult> {
  const args = [
    '-n',
    '-M',
    'prepared',
    '-c',
    String(options.clients),
    '-j',
    String(options.threads),
    '-T',
    String(options.seconds),
    '-f',
    PGBENCH_SCRIPT,
    // pgbench hands its database name to libpq with expand_dbname, so a connection string works.
    options.url,
  ];
  const command = `${options.binary} ${args.slice(0, -1).join(' ')} <database>`;
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(options.binary, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: string[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0) resolve(chunks.join(''));
      else reject(new Error(`pgbench exited with ${String(code)}:\n${chunks.join('')}`));
    });
  });
  const tps = /^tps = ([0-9.]+)/m.exec(output)?.[1];
  if (tps === undefined) throw new Error(`no tps line in the pgbench output:\n${output}`);
  const transactions = /number of transactions actually processed: (\d+)/.exec(output)?.[1];
  const latency = /latency average = ([0-9.]+) ms/.exec(output)?.[1];
  return {
    tps: Number(tps),
    transactions: Number(transactions ?? 0),
    latencyMs: latency === undefined ? undefined : Number(latency),
    command,
  };
}
