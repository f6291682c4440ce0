import type { FastifyInstance } from 'fastify';

const inFlight = new WeakMap<FastifyInstance, Set<Promise<void>>>();

/**
 * Runs `task` after the request that started it has been answered (a count, a recount): long work
 * never meets the request deadline. `task` handles its own failures. Closing the app waits for
 * whatever is still running (see {@link settleBackground}).
 */
export function runInBackground(app: FastifyInstance, task: () => Promise<void>): void {
  let running = inFlight.get(app);
  if (running === undefined) {
    running = new Set();
    inFlight.set(app, running);
  }
  const jobs = running;
  const job = task().finally(() => jobs.delete(job));
  jobs.add(job);
}

/** Waits for every background task of this app (on close). */
export async function settleBackground(app: FastifyInstance): Promise<void> {
  await Promise.all([...(inFlight.get(app) ?? new Set<Promise<void>>())]);
}
