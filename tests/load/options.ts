import { parseArgs } from 'node:util';

/** The command line and environment of `npm run bench:load` (see bench-load.ts for each option). */
export const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    diagnose: { type: 'boolean', default: false },
    'profile-queries': { type: 'boolean', default: false },
    'cpu-profile': { type: 'boolean', default: false },
    'pgbench-seconds': { type: 'string' },
    'peak-seconds': { type: 'string' },
    'half-seconds': { type: 'string' },
    'mix-seconds': { type: 'string' },
    'read-rate': { type: 'string' },
    'warmup-seconds': { type: 'string' },
    concurrency: { type: 'string' },
    voters: { type: 'string' },
    proposals: { type: 'string' },
    'log-level': { type: 'string' },
  },
});

function setting(flag: string | undefined, env: string | undefined, fallback: number): number {
  const raw = flag ?? (env === '' ? undefined : env);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`expected a positive number, got "${raw}"`);
  return value;
}

const quick = flags.quick;
export const options = {
  pgbenchSeconds: setting(flags['pgbench-seconds'], process.env.PGBENCH_SECONDS, quick ? 5 : 30),
  peakSeconds: setting(flags['peak-seconds'], process.env.BENCH_PEAK_SECONDS, quick ? 5 : 20),
  halfSeconds: setting(flags['half-seconds'], process.env.BENCH_HALF_SECONDS, quick ? 5 : 20),
  mixSeconds: setting(flags['mix-seconds'], process.env.BENCH_MIX_SECONDS, quick ? 5 : 20),
  readRate: setting(flags['read-rate'], process.env.BENCH_READ_RATE, 500),
  warmupSeconds: setting(flags['warmup-seconds'], undefined, quick ? 1 : 3),
  concurrency: setting(flags.concurrency, process.env.BENCH_CONCURRENCY, 32),
  voters: setting(flags.voters, process.env.BENCH_VOTERS, quick ? 30_000 : 100_000),
  proposals: setting(flags.proposals, undefined, 20),
  logLevel: flags['log-level'] ?? process.env.LOG_LEVEL ?? 'info',
};
