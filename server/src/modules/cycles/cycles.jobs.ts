import { runInBackground, settleBackground } from '../../background.js';
import type { App } from '../../types.js';
import { countedJob } from '../metrics/metrics.registry.js';
import { RECEIPT_LOOKUP_LIMITS } from '../ballots/ballots.rate-limits.js';
import { countPendingCycles } from '../results/results.jobs.js';
import { purgeClosedCycles } from '../retention/retention.jobs.js';
import { runDueScheduledMoves } from './cycles.schedule.js';

export const SCHEDULER_INTERVAL_MS = 15_000;

/** Runs the count of cycles whose ballots are all in; failures are logged and retried next tick. */
export async function countPending(app: App): Promise<void> {
  try {
    const districts = await countedJob(app.metrics, 'count', () => countPendingCycles(app.database));
    if (districts !== undefined && districts > 0) app.log.info({ districts }, 'results counted');
  } catch (error) {
    app.log.error({ err: error }, 'counting results failed; retrying at the next tick');
  }
}

/**
 * Starts the count without waiting for it: a request that makes a count due (closing paper entry)
 * answers at once, and the count runs as the job the scheduler also runs (its advisory lock keeps
 * the two from counting at once).
 */
export function countInBackground(app: App): void {
  runInBackground(app, () => countPending(app));
}

/** Purges what ties people to closed cycles; failures are logged and retried next tick. */
export async function purgePending(app: App): Promise<void> {
  try {
    const forgetLookups = () =>
      Promise.all(RECEIPT_LOOKUP_LIMITS.map((rule) => app.forgetRateLimits(rule.name))).then((counts) =>
        counts.reduce((sum, count) => sum + count, 0),
      );
    const reports = await countedJob(app.metrics, 'purge', () => purgeClosedCycles(app.database, forgetLookups));
    for (const report of reports ?? []) app.log.info(report, 'personal data of a closed cycle purged');
  } catch (error) {
    app.log.error({ err: error }, 'purging closed cycles failed; retrying at the next tick');
  }
}

/** Runs the phase moves that are due (counted in the job metrics); throws on failure. */
export function runScheduledMoves(app: App): ReturnType<typeof runDueScheduledMoves> {
  return countedJob(app.metrics, 'phase_moves', () => runDueScheduledMoves(app.database));
}

/** Checks for due phase moves (and counts and purges to run) every 15 s once the server is ready; the next tick retries failures. */
export function startPhaseScheduler(app: App, intervalMs = SCHEDULER_INTERVAL_MS): void {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = runScheduledMoves(app)
      .then(
        (counts) => {
          if (counts !== undefined && counts.moved + counts.skipped > 0)
            app.log.info(counts, 'scheduled phase moves ran');
        },
        (error: unknown) => {
          app.log.warn({ err: error }, 'scheduled phase moves failed; retrying at the next tick');
        },
      )
      .then(() => countPending(app))
      .then(() => purgePending(app));
  };
  app.addHook('onReady', async () => {
    timer = setInterval(tick, intervalMs);
    timer.unref();
  });
  app.addHook('onClose', async () => {
    clearInterval(timer);
    await Promise.all([running, settleBackground(app)]);
  });
}
