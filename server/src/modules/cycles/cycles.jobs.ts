import type { App } from '../../types.js';
import { countPendingCycles } from '../results/results.jobs.js';
import { runDueScheduledMoves } from './cycles.schedule.js';

export const SCHEDULER_INTERVAL_MS = 15_000;

/** Runs the count of cycles whose ballots are all in; failures are logged and retried next tick. */
export async function countPending(app: App): Promise<void> {
  try {
    const districts = await countPendingCycles(app.database);
    if (districts !== undefined && districts > 0) app.log.info({ districts }, 'results counted');
  } catch (error) {
    app.log.error({ err: error }, 'counting results failed; retrying at the next tick');
  }
}

/** Checks for due phase moves (and counts to run) every 15 s once the server is ready; the next tick retries failures. */
export function startPhaseScheduler(app: App, intervalMs = SCHEDULER_INTERVAL_MS): void {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = runDueScheduledMoves(app.database)
      .then(
        (counts) => {
          if (counts !== undefined && counts.moved + counts.skipped > 0)
            app.log.info(counts, 'scheduled phase moves ran');
        },
        (error: unknown) => {
          app.log.warn({ err: error }, 'scheduled phase moves failed; retrying at the next tick');
        },
      )
      .then(() => countPending(app));
  };
  app.addHook('onReady', async () => {
    timer = setInterval(tick, intervalMs);
    timer.unref();
  });
  app.addHook('onClose', async () => {
    clearInterval(timer);
    await running;
  });
}
