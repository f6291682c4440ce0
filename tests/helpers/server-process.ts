import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { REPO_ROOT } from '../../server/src/config.js';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => {
        resolve(port);
      });
    });
  });
}

export interface RunningServer {
  child: ChildProcess;
  stdout: string[];
  stderr: string[];
  port: number;
}

/** Starts `server/src/server.ts` as its own process, exactly as `npm run dev` does. */
export async function startServerProcess(env: Record<string, string>): Promise<RunningServer> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['--conditions=@pb/source', '--import', 'tsx', join(REPO_ROOT, 'server', 'src', 'server.ts')],
    {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port), HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const running: RunningServer = { child, stdout: [], stderr: [], port };
  child.stdout.on('data', (chunk: Buffer) => {
    running.stdout.push(chunk.toString());
  });
  child.stderr.on('data', (chunk: Buffer) => {
    running.stderr.push(chunk.toString());
  });
  return running;
}

export async function waitForExit(
  child: ChildProcess,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return { code: child.exitCode, signal: child.signalCode };
  return new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      resolve({ code, signal });
    });
  });
}

export async function waitUntilListening(server: RunningServer, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null) throw new Error(`server exited early: ${server.stderr.join('')}`);
    try {
      const response = await fetch(`http://127.0.0.1:${String(server.port)}/api/ready`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`server did not become ready in ${String(timeoutMs)} ms: ${server.stderr.join('')}`);
}

/** SIGTERM, then waits for the exit (the server stops gracefully). */
export async function stopServerProcess(server: RunningServer): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  server.child.kill('SIGTERM');
  await waitForExit(server.child);
}

export interface ServerAnswer {
  /** 0 when no answer came at all (the process went down with the request). */
  status: number;
  /** Parsed when the answer is JSON, else its text. */
  body: unknown;
}

/** One HTTP request to a server process, answered or not. */
export async function callServer(
  server: RunningServer,
  method: string,
  path: string,
  options: { bearer?: string; json?: unknown; body?: string; type?: string } = {},
): Promise<ServerAnswer> {
  const headers: Record<string, string> = options.bearer === undefined ? {} : { authorization: options.bearer };
  if (options.json !== undefined || options.type !== undefined) {
    headers['content-type'] = options.type ?? 'application/json';
  }
  try {
    const response = await fetch(`http://127.0.0.1:${String(server.port)}${path}`, {
      method,
      headers,
      body: options.json === undefined ? options.body : JSON.stringify(options.json),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    const json = response.headers.get('content-type')?.includes('json') === true;
    return { status: response.status, body: json ? (JSON.parse(text) as unknown) : text };
  } catch (error) {
    return { status: 0, body: String(error) };
  }
}
