import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../../server/src/config.js';
import { freePort, type RunningServer } from '../helpers/server-process.js';

/**
 * Starts `server/src/server.ts` as its own process like tests/helpers/server-process.ts does, but
 * with its output going to a file descriptor (a benchmark's server logs every request; buffering
 * that in this process would cost the load generator CPU) and optional extra Node arguments.
 */
export async function startBenchServer(
  env: Record<string, string>,
  options: { stdio: number; nodeArgs: string[]; ipc: boolean },
): Promise<RunningServer> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['--conditions=@pb/source', '--import', 'tsx', ...options.nodeArgs, join(REPO_ROOT, 'server', 'src', 'server.ts')],
    {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port), HOST: '127.0.0.1' },
      stdio: ['ignore', options.stdio, options.stdio, ...(options.ipc ? (['ipc'] as const) : [])],
    },
  );
  return { child, stdout: [], stderr: [], port };
}
