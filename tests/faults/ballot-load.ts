import { setTimeout as sleep } from 'node:timers/promises';

/** One HTTP attempt to cast a ballot, as the client saw it. */
export interface CastAttempt {
  /** HTTP status, or 0 for a network failure or a client-side timeout. */
  status: number;
  /** The error code of the JSON body, the network error, or `timeout`. */
  code: string | undefined;
  receipt: string | undefined;
  /** `performance.now()` when the request left. */
  sentAt: number;
  ms: number;
}

export interface BallotLoadOptions {
  /** Read before every request: a restarted server may listen elsewhere. */
  baseUrl(): string;
  cycleId: string;
  districtId: string;
  proposalIds: readonly string[];
  tokens: readonly string[];
  concurrency: number;
  /** A request taking longer counts as hung (`timeout`). */
  timeoutMs: number;
}

/** Approval ballots of 1 to 3 distinct projects, chosen at random. */
function ballotBody(districtId: string, proposalIds: readonly string[]): string {
  const chosen = new Set<string>();
  const size = 1 + Math.floor(Math.random() * Math.min(3, proposalIds.length));
  while (chosen.size < size) chosen.add(proposalIds[Math.floor(Math.random() * proposalIds.length)] ?? '');
  return JSON.stringify({ districtId, choices: [...chosen].map((proposalId) => ({ proposalId })) });
}

/**
 * Voters casting one ballot each, `concurrency` at a time, like real clients: a failed attempt
 * (network error, 5xx) is retried after a short pause. A voter is done on a 201 (the receipt is
 * kept) or on `ballots.already_voted` after a failure (the ballot was stored, but its answer was
 * lost); the voter's outcome says which.
 */
export class BallotLoad {
  readonly attempts: CastAttempt[] = [];
  /** Receipt codes the clients received. */
  readonly receipts: string[] = [];
  /** Voters whose answer was lost but whose retry was told the ballot exists. */
  storedWithoutReceipt = 0;
  /** Voters still retrying when the load stopped. */
  unresolved = 0;
  private next = 0;
  private stopping = false;
  private workers: Promise<void>[] = [];

  constructor(private readonly options: BallotLoadOptions) {}

  start(): void {
    this.workers = Array.from({ length: this.options.concurrency }, () => this.work());
  }

  /** Waits until every voter is done (or `stop()`). */
  async finished(): Promise<void> {
    await Promise.all(this.workers);
  }

  /** Lets in-flight requests end, then returns; voters mid-retry count as unresolved. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.finished();
  }

  /** Resolves once `condition` holds, polling; rejects after `timeoutMs`. */
  async until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (!condition()) {
      if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(20);
    }
  }

  private async work(): Promise<void> {
    while (!this.stopping) {
      const token = this.options.tokens[this.next];
      if (token === undefined) return;
      this.next += 1;
      await this.castUntilDone(token);
    }
  }

  private async castUntilDone(token: string): Promise<void> {
    let failedBefore = false;
    for (;;) {
      const attempt = await this.attempt(token);
      this.attempts.push(attempt);
      if (attempt.status === 201 && attempt.receipt !== undefined) {
        this.receipts.push(attempt.receipt);
        return;
      }
      if (failedBefore && attempt.status === 409 && attempt.code === 'ballots.already_voted') {
        this.storedWithoutReceipt += 1;
        return;
      }
      if (attempt.status !== 0 && attempt.status < 500) {
        throw new Error(`unexpected answer ${String(attempt.status)} ${attempt.code ?? ''}`);
      }
      failedBefore = true;
      if (this.stopping) {
        this.unresolved += 1;
        return;
      }
      await sleep(200);
    }
  }

  private async attempt(token: string): Promise<CastAttempt> {
    const sentAt = performance.now();
    const done = (status: number, code: string | undefined, receipt?: string): CastAttempt => ({
      status,
      code,
      receipt,
      sentAt,
      ms: performance.now() - sentAt,
    });
    try {
      const response = await fetch(`${this.options.baseUrl()}/api/cycles/${this.options.cycleId}/ballots`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: ballotBody(this.options.districtId, this.options.proposalIds),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      const body = (await response.json().catch(() => undefined)) as
        { receipt?: string; error?: { code?: string } } | undefined;
      return done(response.status, body?.error?.code, body?.receipt);
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      if (name === 'TimeoutError' || name === 'AbortError') return done(0, 'timeout');
      return done(0, error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : 'error');
    }
  }

  /**
   * Answers other than a receipt, a 503 or `ballots.already_voted`. The last is what a retry meets
   * when the database committed a ballot whose answer the crash lost; `castUntilDone` throws on
   * it unless the voter's previous attempt had failed, so it is never a first answer here.
   */
  unexpectedAnswers(): Record<string, number> {
    return this.summary(
      this.attempts.filter(
        (attempt) => attempt.status !== 201 && attempt.status !== 503 && attempt.code !== 'ballots.already_voted',
      ),
    );
  }

  /** Attempts counted by `status code`, for assertion messages. */
  summary(attempts: readonly CastAttempt[] = this.attempts): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const attempt of attempts) {
      const key = `${String(attempt.status)} ${attempt.code ?? ''}`.trim();
      counts[key] = (counts[key] ?? 0) + 1;
    }
    return counts;
  }
}
