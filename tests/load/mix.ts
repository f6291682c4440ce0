import { Agent, request } from 'node:http';
import { generateDemoPabulib } from '../../server/src/modules/demo/demo.import-seed.js';
import type { PhaseResult, VoterQueue } from './load.js';
import { percentile } from './load.js';
import { ms, printTable, say } from './report.js';
import type { SeededCycle } from './seed.js';

/** One kind of request of the mixed phase, sent at its own fixed rate (open loop). */
export interface MixEndpoint {
  name: string;
  ratePerSecond: number;
  okStatus: number;
  /** The next request; undefined when it cannot be made (no voter left). */
  next(): { method: 'GET' | 'POST'; path: string; token?: string; body?: string } | undefined;
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

export function castEndpoint(
  cycleId: string,
  voters: VoterQueue,
  ratePerSecond: number,
  body: () => string,
): MixEndpoint {
  return {
    name: 'POST ballot',
    ratePerSecond,
    okStatus: 201,
    next: () => {
      const token = voters.take();
      return token === undefined
        ? undefined
        : { method: 'POST', path: `/api/cycles/${cycleId}/ballots`, token, body: body() };
    },
  };
}

function send(
  agent: Agent,
  port: number,
  call: NonNullable<ReturnType<MixEndpoint['next']>>,
): Promise<{ status: number; code?: string }> {
  return new Promise((resolve) => {
    const headers: Record<string, string | number> = {};
    if (call.token !== undefined) headers.authorization = `Bearer ${call.token}`;
    if (call.body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(call.body);
    }
    const req = request({ agent, host: '127.0.0.1', port, method: call.method, path: call.path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        let code: string | undefined;
        try {
          code = (JSON.parse(Buffer.concat(chunks).toString()) as { error?: { code?: string } }).error?.code;
        } catch {
          code = undefined;
        }
        resolve({ status: res.statusCode ?? 0, code });
      });
      res.on('error', (error) => {
        resolve({ status: 0, code: error.message });
      });
    });
    req.on('error', (error) => {
      resolve({ status: 0, code: error.message });
    });
    req.end(call.body);
  });
}

/** One endpoint at its fixed rate; latency counts from each request's scheduled start. */
async function openLoop(agent: Agent, port: number, endpoint: MixEndpoint, seconds: number): Promise<PhaseResult> {
  const result: PhaseResult = {
    requests: 0,
    ok: 0,
    errors: new Map(),
    latenciesMs: [],
    elapsedSeconds: 0,
    ranOutOfVoters: false,
  };
  const intervalMs = 1000 / endpoint.ratePerSecond;
  const total = Math.floor(endpoint.ratePerSecond * seconds);
  const inFlight = new Set<Promise<void>>();
  const started = performance.now();
  let index = 0;
  while (index < total) {
    const now = performance.now();
    while (index < total && started + index * intervalMs <= now) {
      const call = endpoint.next();
      if (call === undefined) {
        result.ranOutOfVoters = true;
        index = total;
        break;
      }
      const scheduled = started + index * intervalMs;
      const pending = send(agent, port, call).then((outcome) => {
        result.requests += 1;
        result.latenciesMs.push(performance.now() - scheduled);
        if (outcome.status === endpoint.okStatus) result.ok += 1;
        else {
          const key = `${String(outcome.status)} ${outcome.code ?? ''}`;
          result.errors.set(key, (result.errors.get(key) ?? 0) + 1);
        }
        inFlight.delete(pending);
      });
      inFlight.add(pending);
      index += 1;
    }
    const wait = started + index * intervalMs - performance.now();
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.min(wait, 50))));
  }
  await Promise.all(inFlight);
  result.elapsedSeconds = (performance.now() - started) / 1000;
  return result;
}

/** Every endpoint at once, each at its own rate, for `seconds`. */
export async function runMix(
  port: number,
  endpoints: readonly MixEndpoint[],
  seconds: number,
): Promise<Map<string, PhaseResult>> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1024 });
  try {
    const results = await Promise.all(endpoints.map((endpoint) => openLoop(agent, port, endpoint, seconds)));
    return new Map(results.map((result, index) => [endpoints[index]?.name ?? String(index), result]));
  } finally {
    agent.destroy();
  }
}

/** Per endpoint: throughput, p50/p95/p99 and errors; the reads' p95 against the 50 ms target. */
export function printMix(results: Map<string, PhaseResult>, targetReadP95Ms: number): boolean {
  const rows: [string, string, string][] = [['endpoint', 'throughput, p50 / p95 / p99', 'errors']];
  let readsMet = true;
  for (const [name, result] of results) {
    const p95 = percentile(result.latenciesMs, 95);
    if (name.startsWith('GET') && !(p95 < targetReadP95Ms)) readsMet = false;
    const errors = [...result.errors].map(([key, count]) => `${String(count)} × ${key}`).join(', ');
    rows.push([
      name,
      `${(result.ok / Math.max(result.elapsedSeconds, 1e-9)).toFixed(0)}/s, ${ms(percentile(result.latenciesMs, 50))} / ${ms(p95)} / ${ms(percentile(result.latenciesMs, 99))}`,
      errors === '' ? '0' : errors,
    ]);
  }
  printTable(rows);
  say(`reads p95 < ${String(targetReadP95Ms)} ms: ${readsMet ? 'met' : 'NOT MET'}`);
  return readsMet;
}
