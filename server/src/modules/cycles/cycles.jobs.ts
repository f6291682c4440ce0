import type { App } from '../../types.js';
import { runDueScheduledMoves } from './cycles.schedule.js';

export const SCHEDULER_INTERVAL_MS = 15_000;

/** Checks for due phase moves every 15 s once the server is ready; the next tick retries failures. */
export function startPhaseScheduler(app: App, intervalMs = SCHEDULER_INTERVAL_MS): void {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = runDueScheduledMoves(app.database).then(
      (counts) => {
        if (counts !== undefined && counts.moved + counts.skipped > 0)
          app.log.info(counts, 'scheduled phase moves ran');
      },
      (error: unknown) => {
        app.log.warn({ err: error }, 'scheduled phase moves failed; retrying at the next tick');
      },
    );
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
