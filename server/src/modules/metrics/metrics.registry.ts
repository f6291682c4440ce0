import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { BALLOT_CHANNELS } from '@pb/shared';
import type { DatabaseHandle } from '../../db/database.js';

export const JOB_NAMES = ['phase_moves', 'count', 'purge'] as const;
export type JobName = (typeof JOB_NAMES)[number];

/** Label for requests that matched no route, so unknown URLs never become label values. */
export const UNMATCHED_ROUTE = 'unmatched';

export interface AppMetrics {
  /** This app's own registry: tests build many apps in one process, so the global one is never used. */
  registry: Registry;
  httpRequests: Counter<'method' | 'route' | 'status_code'>;
  httpDuration: Histogram<'method' | 'route' | 'status_code'>;
  ballotsCast: Counter<'channel'>;
  jobRuns: Counter<'job' | 'outcome'>;
}

/**
 * Builds the metric families. Process metrics (`collectDefaultMetrics`) install event-loop and GC
 * observers, so they are collected only when metrics are on (METRICS_TOKEN set).
 */
export function createMetrics(database: DatabaseHandle, options: { processMetrics: boolean }): AppMetrics {
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry });
  const httpRequests = new Counter({
    name: 'pb_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    registers: [registry],
  });
  const httpDuration = new Histogram({
    name: 'pb_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route pattern and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const ballotsCast = new Counter({
    name: 'pb_ballots_cast_total',
    help: 'Ballots committed, by channel (online, assisted at the counter, paper)',
    labelNames: ['channel'] as const,
    registers: [registry],
  });
  for (const channel of BALLOT_CHANNELS) ballotsCast.inc({ channel }, 0);
  const jobRuns = new Counter({
    name: 'pb_job_runs_total',
    help: 'Background job runs (scheduled phase moves, counts, purges), by job and outcome',
    labelNames: ['job', 'outcome'] as const,
    registers: [registry],
  });
  for (const job of JOB_NAMES) for (const outcome of ['ok', 'error']) jobRuns.inc({ job, outcome }, 0);
  registerPoolGauges(registry, database);
  return { registry, httpRequests, httpDuration, ballotsCast, jobRuns };
}

/** PostgreSQL pool use; the embedded PGlite database has one in-process session and no pool to report. */
function registerPoolGauges(registry: Registry, database: DatabaseHandle): void {
  const stats = database.poolStats;
  if (stats === undefined) return;
  const gauges = [
    ['pb_db_pool_connections_total', 'Connections the PostgreSQL pool holds', 'total'],
    ['pb_db_pool_connections_idle', 'Pool connections not in use', 'idle'],
    ['pb_db_pool_requests_waiting', 'Queries waiting for a pool connection', 'waiting'],
  ] as const;
  for (const [name, help, field] of gauges) {
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(stats()[field]);
      },
    });
  }
}

/** Runs a background job and counts it; `run` reports failure by throwing. */
export async function countedJob<T>(metrics: AppMetrics, job: JobName, run: () => Promise<T>): Promise<T> {
  try {
    const value = await run();
    metrics.jobRuns.inc({ job, outcome: 'ok' });
    return value;
  } catch (error) {
    metrics.jobRuns.inc({ job, outcome: 'error' });
    throw error;
  }
}
