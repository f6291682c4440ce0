import { Agent, request } from 'node:http';

/** Hands out each voter's token once, across every phase of the run. */
export class VoterQueue {
  private next = 0;
  constructor(private readonly tokens: readonly string[]) {}
  take(): string | undefined {
    const token = this.tokens[this.next];
    if (token !== undefined) this.next += 1;
    return token;
  }
  get remaining(): number {
    return this.tokens.length - this.next;
  }
}

export interface PhaseResult {
  requests: number;
  ok: number;
  /** Unexpected answers and network failures, by `status code` or `network message`. */
  errors: Map<string, number>;
  latenciesMs: number[];
  elapsedSeconds: number;
  /** Open loop only: how far behind schedule requests left on average (the client's own lag). */
  meanSendLagMs?: number;
  /** True when the voters ran out before the phase's time was up. */
  ranOutOfVoters: boolean;
}

/** One request of a load phase. */
export interface HttpCall {
  method: 'GET' | 'POST';
  path: string;
  token?: string;
  body?: string;
}

/** A kind of request: how to make the next one (undefined: no voter left) and what answers it well. */
export interface Endpoint {
  name: string;
  okStatus: number;
  next(): HttpCall | undefined;
}

interface Outcome {
  status: number;
  code?: string;
}

function emptyResult(): PhaseResult {
  return { requests: 0, ok: 0, errors: new Map(), latenciesMs: [], elapsedSeconds: 0, ranOutOfVoters: false };
}

/** One request over a kept-alive connection; resolves with the status and error code, never rejects. */
function send(agent: Agent, port: number, call: HttpCall, okStatus: number): Promise<Outcome> {
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
        const status = res.statusCode ?? 0;
        if (status === okStatus) {
          resolve({ status });
          return;
        }
        let code: string | undefined;
        try {
          code = (JSON.parse(Buffer.concat(chunks).toString()) as { error?: { code?: string } }).error?.code;
        } catch {
          code = undefined;
        }
        resolve({ status, code: code ?? 'no error body' });
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

function record(result: PhaseResult, outcome: Outcome, okStatus: number, latencyMs: number): void {
  result.requests += 1;
  result.latenciesMs.push(latencyMs);
  if (outcome.status === okStatus) result.ok += 1;
  else {
    const key = outcome.status === 0 ? `network ${outcome.code ?? ''}` : `${outcome.status} ${outcome.code}`;
    result.errors.set(key, (result.errors.get(key) ?? 0) + 1);
  }
}

/** Closed loop: `concurrency` requests in flight at all times, for `seconds` or until the voters run out. */
export async function runClosedLoop(
  port: number,
  endpoint: Endpoint,
  concurrency: number,
  seconds: number,
): Promise<PhaseResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const result = emptyResult();
  const started = performance.now();
  const deadline = started + seconds * 1000;
  async function worker(): Promise<void> {
    while (performance.now() < deadline) {
      const call = endpoint.next();
      if (call === undefined) {
        result.ranOutOfVoters = true;
        return;
      }
      const sent = performance.now();
      const outcome = await send(agent, port, call, endpoint.okStatus);
      record(result, outcome, endpoint.okStatus, performance.now() - sent);
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  result.elapsedSeconds = (performance.now() - started) / 1000;
  agent.destroy();
  return result;
}

/**
 * Open loop: requests start at a fixed rate whatever the answers do (no coordinated omission).
 * Latency counts from each request's scheduled start, so client lag and queueing show up in it.
 */
export async function runOpenLoop(
  port: number,
  endpoint: Endpoint,
  ratePerSecond: number,
  seconds: number,
  sharedAgent?: Agent,
): Promise<PhaseResult> {
  const agent = sharedAgent ?? new Agent({ keepAlive: true, maxSockets: 1024 });
  const result = emptyResult();
  const intervalMs = 1000 / ratePerSecond;
  const total = Math.floor(ratePerSecond * seconds);
  const inFlight = new Set<Promise<void>>();
  let lagSum = 0;
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
      lagSum += now - scheduled;
      const pending = send(agent, port, call, endpoint.okStatus).then((outcome) => {
        record(result, outcome, endpoint.okStatus, performance.now() - scheduled);
        inFlight.delete(pending);
      });
      inFlight.add(pending);
      index += 1;
    }
    // Wake at the next start (setTimeout has about 1 ms resolution; late starts are caught up at once).
    const wait = started + index * intervalMs - performance.now();
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.min(wait, 50))));
  }
  await Promise.all(inFlight);
  result.elapsedSeconds = (performance.now() - started) / 1000;
  result.meanSendLagMs = result.requests === 0 ? 0 : lagSum / result.requests;
  if (sharedAgent === undefined) agent.destroy();
  return result;
}

/** Each voter's one ballot, with a fresh random choice each time. */
export function castEndpoint(cycleId: string, voters: VoterQueue, body: () => string): Endpoint {
  return {
    name: 'POST ballot',
    okStatus: 201,
    next: () => {
      const token = voters.take();
      return token === undefined
        ? undefined
        : { method: 'POST', path: `/api/cycles/${cycleId}/ballots`, token, body: body() };
    },
  };
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

export function mergeErrors(...results: PhaseResult[]): Map<string, number> {
  const merged = new Map<string, number>();
  for (const result of results) {
    for (const [key, count] of result.errors) merged.set(key, (merged.get(key) ?? 0) + count);
  }
  return merged;
}
