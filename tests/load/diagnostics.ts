import { readFileSync } from 'node:fs';
import pg from 'pg';

/** CPU seconds (user + system) a process has used so far, from /proc; undefined off Linux. */
function processCpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${String(pid)}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of stat (utime, stime), counted after the command name.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/** Busy and total jiffies of the whole machine. */
function machineJiffies(): { busy: number; total: number } | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const values = line.trim().split(/\s+/).slice(1).map(Number);
    const total = values.reduce((sum, value) => sum + value, 0);
    const idle = (values[3] ?? 0) + (values[4] ?? 0);
    return { busy: total - idle, total };
  } catch {
    return undefined;
  }
}

export interface CpuReport {
  /** Cores used by the server process on average (1.0 = one core fully busy). */
  serverCores: number | undefined;
  /** Share of all cores busy on the machine (server, PostgreSQL and this benchmark together). */
  machineBusy: number | undefined;
  /** Cores used by this process, the load generator. */
  clientCores: number;
}

export function startCpuMeter(serverPid: number | undefined): () => CpuReport {
  const started = performance.now();
  const serverBefore = serverPid === undefined ? undefined : processCpuSeconds(serverPid);
  const machineBefore = machineJiffies();
  const clientBefore = process.cpuUsage();
  return () => {
    const client = process.cpuUsage(clientBefore);
    const seconds = (performance.now() - started) / 1000;
    const serverAfter = serverPid === undefined ? undefined : processCpuSeconds(serverPid);
    const machineAfter = machineJiffies();
    return {
      serverCores:
        serverBefore === undefined || serverAfter === undefined ? undefined : (serverAfter - serverBefore) / seconds,
      machineBusy:
        machineBefore === undefined || machineAfter === undefined
          ? undefined
          : (machineAfter.busy - machineBefore.busy) / Math.max(1, machineAfter.total - machineBefore.total),
      clientCores: (client.user + client.system) / 1e6 / seconds,
    };
  };
}

/** Share of the machine's cores busy over `ms` before the run: other work skews every figure. */
export async function machineBusyBefore(ms = 1000): Promise<number | undefined> {
  const meter = startCpuMeter(undefined);
  await new Promise((resolve) => setTimeout(resolve, ms));
  return meter().machineBusy;
}

export interface ActivityReport {
  samples: number;
  /** Mean number of the server's connections that were running a statement. */
  meanActive: number;
  /** Mean number of the server's connections that were open (the pool's size in use). */
  meanConnections: number;
  /** What connections were doing (`wait event | statement`): mean number of connections per sample. */
  top: { what: string; share: number }[];
}

/**
 * Samples pg_stat_activity for the server's connections (application_name pb-server) every
 * `intervalMs`: how busy the pool is and which statements and waits dominate.
 */
export async function startActivitySampler(url: string, intervalMs = 25): Promise<() => Promise<ActivityReport>> {
  const client = new pg.Client({ connectionString: url, application_name: 'pb-bench-sampler' });
  await client.connect();
  const counts = new Map<string, number>();
  let samples = 0;
  let active = 0;
  let connections = 0;
  const state = { stopped: false };
  const loop = (async () => {
    while (!state.stopped) {
      const rows = await client.query<{ state: string | null; wait: string | null; query: string }>(
        `SELECT state, wait_event_type || ':' || wait_event AS wait, regexp_replace(left(query, 160), '\\s+', ' ', 'g') AS query
         FROM pg_stat_activity WHERE application_name = 'pb-server' AND datname = current_database()`,
      );
      samples += 1;
      connections += rows.rows.length;
      for (const row of rows.rows) {
        if (row.state !== 'active') {
          if (row.state === 'idle in transaction') {
            const key = `(idle in transaction, waiting for the server) | ${row.query}`;
            counts.set(key, (counts.get(key) ?? 0) + 1);
          }
          continue;
        }
        active += 1;
        const key = `${row.wait ?? 'cpu'} | ${row.query}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  return async () => {
    state.stopped = true;
    await loop;
    await client.end();
    const top = [...counts.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 12)
      .map(([what, count]) => ({ what, share: count / Math.max(1, samples) }));
    return {
      samples,
      meanActive: active / Math.max(1, samples),
      meanConnections: connections / Math.max(1, samples),
      top,
    };
  };
}
