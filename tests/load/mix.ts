import { Agent } from 'node:http';
import { generateDemoPabulib } from '../../server/src/modules/demo/demo.import-seed.js';
import type { Endpoint, PhaseResult } from './load.js';
import { percentile, runOpenLoop } from './load.js';
import { startCpuMeter, type CpuReport } from './diagnostics.js';
import { ms, printTable, say } from './report.js';
import type { SeededCycle } from './seed.js';

/** One kind of request of the mixed phase, sent at its own fixed rate (open loop). */
export interface MixEndpoint extends Endpoint {
  ratePerSecond: number;
}

export interface ReadTargets {
  votingCycleId: string;
  proposalIds: readonly string[];
  resultsCycleId: string;
}

/**
 * A published cycle to read results from: the demo's generated past election imported through the
 * API, as staff would, into the benchmark's district.
 */
export async function importResultsCycle(baseUrl: string, cycle: SeededCycle): Promise<string> {
  const query = new URLSearchParams({ districtId: cycle.districtId, fileName: 'bench-past.pb' });
  const response = await fetch(`${baseUrl}/api/cycles/import?${query.toString()}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${cycle.staff[0].token}`, 'content-type': 'application/octet-stream' },
    body: generateDemoPabulib(),
  });
  const body = (await response.json()) as { cycleId?: string };
  if (response.status !== 201 || body.cycleId === undefined)
    throw new Error(`import for the results reads: ${String(response.status)} ${JSON.stringify(body)}`);
  return body.cycleId;
}

/** Reads residents make while voting goes on, in these shares of the read rate. */
export function readEndpoints(targets: ReadTargets, readsPerSecond: number): MixEndpoint[] {
  let turn = 0;
  const proposal = () => targets.proposalIds[(turn += 1) % targets.proposalIds.length] ?? '';
  return [
    {
      name: 'GET proposal list',
      ratePerSecond: readsPerSecond * 0.4,
      okStatus: 200,
      next: () => ({ method: 'GET', path: `/api/cycles/${targets.votingCycleId}/proposals` }),
    },
    {
      name: 'GET proposal page',
      ratePerSecond: readsPerSecond * 0.4,
      okStatus: 200,
      next: () => ({ method: 'GET', path: `/api/proposals/${proposal()}` }),
    },
    {
      name: 'GET results',
      ratePerSecond: readsPerSecond * 0.2,
      okStatus: 200,
      next: () => ({ method: 'GET', path: `/api/cycles/${targets.resultsCycleId}/results` }),
    },
  ];
}

/** Every endpoint at once, each at its own rate, for `seconds`. */
export async function runMix(
  port: number,
  endpoints: readonly MixEndpoint[],
  seconds: number,
): Promise<Map<string, PhaseResult>> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1024 });
  try {
    const results = await Promise.all(
      endpoints.map((endpoint) => runOpenLoop(port, endpoint, endpoint.ratePerSecond, seconds, agent)),
    );
    return new Map(results.map((result, index) => [endpoints[index]?.name ?? String(index), result]));
  } finally {
    agent.destroy();
  }
}

/** Whether every read's p95 is under the target. */
export function readsMeet(results: Map<string, PhaseResult>, targetReadP95Ms: number): boolean {
  return [...results].every(
    ([name, result]) => !name.startsWith('GET') || percentile(result.latenciesMs, 95) < targetReadP95Ms,
  );
}

/** Per endpoint: throughput, p50/p95/p99 and errors; the reads' p95 against the 50 ms target. */
export function printMix(results: Map<string, PhaseResult>, targetReadP95Ms: number): void {
  const rows: [string, string, string][] = [['endpoint', 'throughput, p50 / p95 / p99', 'errors']];
  for (const [name, result] of results) {
    const errors = [...result.errors].map(([key, count]) => `${String(count)} × ${key}`).join(', ');
    rows.push([
      name,
      `${(result.ok / Math.max(result.elapsedSeconds, 1e-9)).toFixed(0)}/s, ${ms(percentile(result.latenciesMs, 50))} / ${ms(percentile(result.latenciesMs, 95))} / ${ms(percentile(result.latenciesMs, 99))}`,
      errors === '' ? '0' : errors,
    ]);
  }
  printTable(rows);
  say(`reads p95 < ${String(targetReadP95Ms)} ms: ${readsMeet(results, targetReadP95Ms) ? 'met' : 'NOT MET'}`);
}

export interface MixStep {
  castRate: number;
  results: Map<string, PhaseResult>;
  cpu: CpuReport;
}

/**
 * The reads at their rate while ballots are cast at each rate in turn (highest first), until the
 * reads meet their target: the first step is the target's own rate where this machine can cast
 * it, the later ones find the cast rate the reads' target holds at.
 */
export async function runSteppedMix(options: {
  port: number;
  serverPid: number | undefined;
  cast: Endpoint;
  reads: readonly MixEndpoint[];
  castRates: readonly number[];
  seconds: number;
  targetReadP95Ms: number;
}): Promise<MixStep[]> {
  const steps: MixStep[] = [];
  for (const castRate of options.castRates) {
    say(
      `mix: ${String(options.reads.reduce((sum, read) => sum + read.ratePerSecond, 0))} reads/s with ballots at ${castRate.toFixed(0)}/s for ${String(options.seconds)} s…`,
    );
    const meter = startCpuMeter(options.serverPid);
    const results = await runMix(
      options.port,
      [{ ...options.cast, ratePerSecond: castRate }, ...options.reads],
      options.seconds,
    );
    steps.push({ castRate, results, cpu: meter() });
    if (readsMeet(results, options.targetReadP95Ms)) break;
  }
  return steps;
}
