import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from '../helpers/server-process.js';

/**
 * A throwaway PostgreSQL cluster (initdb in a temporary folder, its own port), so fault tests can
 * stop and kill a database without touching the one the other tests use. `fsync` and
 * `synchronous_commit` stay on: the tests prove durability, not speed.
 */
export interface ThrowawayCluster {
  port: number;
  /** A connection string for `database` as the cluster's superuser. */
  url(database: string): string;
  /** Runs SQL on the `postgres` database (CREATE DATABASE, ALTER DATABASE …). */
  admin(statement: string): Promise<void>;
  start(): Promise<void>;
  /** `pg_ctl stop -m fast`: sessions are ended, the checkpoint is written. */
  stop(): Promise<void>;
  /** SIGKILL to the postmaster and every server process, like a crash; start() then recovers. */
  kill(): Promise<void>;
  /** Stops the cluster if it runs and deletes its folder. */
  remove(): Promise<void>;
  /** The end of the server log, for failure messages. */
  logTail(): string;
}

/** The newest PostgreSQL binaries installed (Debian keeps them outside PATH), or PG_BIN. */
export function findPostgresBin(): string | undefined {
  if (process.env.PG_BIN !== undefined && process.env.PG_BIN !== '') return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((version) => existsSync(join(root, version, 'bin', 'initdb')))
      .sort((left, right) => Number(right) - Number(left));
    if (versions[0] !== undefined) return join(root, versions[0], 'bin');
  }
  const onPath = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' }).stdout.trim();
  return onPath === '' ? undefined : join(onPath, '..');
}

/** initdb refuses root: as root the cluster belongs to the `postgres` account (the Debian package makes it). */
function asClusterOwner(command: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

/** Asynchronous, so the load the tests drive keeps running while pg_ctl waits. */
async function run(command: string, args: string[]): Promise<void> {
  const [file, argv] = asClusterOwner(command, args);
  await promisify(execFile)(file, argv, { timeout: 120_000 });
}

function chownToPostgres(path: string): void {
  if (process.getuid?.() !== 0) return;
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  chownSync(path, uid, gid);
}

/** Direct children of `pid`, from /proc (the server processes the postmaster forked). */
function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces) start after the last ')'.
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent === pid) children.push(Number(entry));
    } catch {
      // the process ended meanwhile
    }
  }
  return children;
}

/** Gone, or a zombie (killed, not yet reaped). */
function isDead(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${String(pid)}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

async function waitUntilDead(pids: readonly number[]): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!pids.every(isDead)) {
    if (Date.now() > deadline) throw new Error(`processes ${pids.join(', ')} outlived SIGKILL`);
    await sleep(50);
  }
}

export async function createCluster(bin: string): Promise<ThrowawayCluster> {
  const home = mkdtempSync(join(tmpdir(), 'pb-faults-pg-'));
  chownToPostgres(home);
  const dataDir = join(home, 'data');
  const logFile = join(home, 'postgres.log');
  const port = await freePort();
  await run(join(bin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C']);
  const serverOptions = [
    `-p ${String(port)}`,
    `-k ${home}`,
    '-c listen_addresses=127.0.0.1',
    '-c fsync=on',
    '-c synchronous_commit=on',
    '-c max_connections=60',
    '-c shared_buffers=64MB',
  ].join(' ');
  const pgCtl = (...args: string[]) => run(join(bin, 'pg_ctl'), ['-D', dataDir, ...args]);
  const url = (database: string) => `postgres://postgres@127.0.0.1:${String(port)}/${database}`;
  const postmasterPid = (): number | undefined => {
    const file = join(dataDir, 'postmaster.pid');
    if (!existsSync(file)) return undefined;
    const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  };
  let running = false;
  const cluster: ThrowawayCluster = {
    port,
    url,
    async admin(statement) {
      const client = new pg.Client({ connectionString: url('postgres') });
      await client.connect();
      try {
        await client.query(statement);
      } finally {
        await client.end();
      }
    },
    async start() {
      try {
        await pgCtl('-l', logFile, '-w', '-t', '60', '-o', serverOptions, 'start');
      } catch (error) {
        throw new Error(`the cluster did not start; its log ends with:\n${cluster.logTail()}`, { cause: error });
      }
      running = true;
    },
    async stop() {
      await pgCtl('-m', 'fast', '-w', '-t', '60', 'stop');
      running = false;
    },
    async kill() {
      const pid = postmasterPid();
      if (pid === undefined) throw new Error('the cluster is not running');
      const processes = [pid, ...childrenOf(pid)];
      for (const each of processes) {
        try {
          process.kill(each, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      await waitUntilDead(processes);
      // pg_ctl leaves the postmaster to init, and a container's init may never reap it: its zombie
      // still answers kill(pid, 0), so PostgreSQL would take the lock files for a running server.
      rmSync(join(dataDir, 'postmaster.pid'), { force: true });
      rmSync(join(home, `.s.PGSQL.${String(port)}.lock`), { force: true });
      running = false;
    },
    async remove() {
      try {
        if (running || postmasterPid() !== undefined) await pgCtl('-m', 'immediate', '-w', '-t', '30', 'stop');
      } catch {
        // not running (or killed): nothing to stop
      }
      rmSync(home, { recursive: true, force: true });
    },
    logTail() {
      return existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-3000) : '';
    },
  };
  return cluster;
}
