import { writeFileSync } from 'node:fs';
import pg from 'pg';

/**
 * Loaded into the server process with `--import` by `npm run bench:load -- --profile-queries`
 * (server code is unchanged): times every statement sent through `pg` and every wait for a pool
 * connection, and writes the totals to QUERY_TIMING_FILE when the process exits (a 'reset' message starts the count afresh). Times are from
 * the call to the answer as the server saw it, so they include the network round trip and any
 * event-loop delay in reading the answer, not only PostgreSQL's execution time.
 */
interface Totals {
  count: number;
  totalMs: number;
  maxMs: number;
}

const statements = new Map<string, Totals>();
let started = performance.now();

// The benchmark sends 'reset' over the IPC channel when the measured phases begin, so set-up and
// warm-up drop out. (Not a signal: close-with-grace shuts the server down on SIGUSR2.) The channel
// must not keep the process alive at shutdown.
process.channel?.unref();
process.on('message', (message) => {
  if (message !== 'reset') return;
  statements.clear();
  started = performance.now();
});

function add(key: string, ms: number): void {
  const totals = statements.get(key) ?? { count: 0, totalMs: 0, maxMs: 0 };
  totals.count += 1;
  totals.totalMs += ms;
  totals.maxMs = Math.max(totals.maxMs, ms);
  statements.set(key, totals);
}

function statementText(config: unknown): string {
  const text =
    typeof config === 'string'
      ? config
      : typeof config === 'object' && config !== null && 'text' in config && typeof config.text === 'string'
        ? config.text
        : '(submittable)';
  return text.replace(/\s+/g, ' ').slice(0, 240);
}

type Callback = (...args: unknown[]) => void;

/** Wraps a callback-or-promise call so `key` is timed until it settles either way. */
function timed(key: string, call: (args: unknown[]) => unknown, args: unknown[]): unknown {
  const begin = performance.now();
  const last = args.at(-1);
  if (typeof last === 'function') {
    const callback = last as Callback;
    return call([
      ...args.slice(0, -1),
      (...results: unknown[]) => {
        add(key, performance.now() - begin);
        callback(...results);
      },
    ]);
  }
  const result = call(args);
  if (result instanceof Promise) {
    return result.finally(() => {
      add(key, performance.now() - begin);
    });
  }
  return result;
}

/* eslint-disable @typescript-eslint/no-unsafe-function-type -- patching pg's prototypes */
const clientPrototype = pg.Client.prototype as unknown as { query: Function };
const originalQuery = clientPrototype.query;
clientPrototype.query = function patchedQuery(this: unknown, ...args: unknown[]) {
  return timed(statementText(args[0]), (callArgs) => originalQuery.apply(this, callArgs), args);
};
const poolPrototype = pg.Pool.prototype as unknown as { connect: Function };
const originalConnect = poolPrototype.connect;
poolPrototype.connect = function patchedConnect(this: unknown, ...args: unknown[]) {
  return timed('(waiting for a pool connection)', (callArgs) => originalConnect.apply(this, callArgs), args);
};
/* eslint-enable @typescript-eslint/no-unsafe-function-type */

process.on('exit', () => {
  const file = process.env.QUERY_TIMING_FILE;
  if (file === undefined || file === '') return;
  const rows = [...statements.entries()]
    .map(([statement, totals]) => ({ statement, ...totals }))
    .sort((a, b) => b.totalMs - a.totalMs);
  writeFileSync(file, JSON.stringify({ wallMs: performance.now() - started, statements: rows }));
});
