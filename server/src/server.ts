import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { serializeError } from './logger.js';

/** Stops well inside the 5 s a supervisor usually waits before SIGKILL. */
const SHUTDOWN_GRACE_MS = 4_000;

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const app = await buildApp({ config });
  // Its own messages ('second error, exiting' and the error) go through our logger's sanitiser too.
  closeWithGrace({ delay: SHUTDOWN_GRACE_MS, logger: app.log }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'shutting down after an error');
    else app.log.info({ signal }, 'shutting down');
    await app.close();
  });
  await app.listen({ port: config.port, host: config.host });
}

main().catch((error: unknown) => {
  // Also raised after connecting, e.g. by a database setting that is unsafe in production.
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  // A failed migration or seed must not print its statement's parameters (the demo accounts' password hashes).
  const safe = serializeError(error);
  const db = safe.db === undefined ? '' : ` ${JSON.stringify(safe.db)}`;
  process.stderr.write(`Failed to start: ${safe.message}${db}\n${safe.stack}\n`);
  process.exit(1);
});
