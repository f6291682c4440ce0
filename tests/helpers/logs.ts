import { Writable } from 'node:stream';

export interface CapturedLogs {
  /** Pass as `logStream` to createTestApp. */
  stream: Writable;
  /** Every line written so far, in order. */
  lines: string[];
  /** The lines carrying this request id (from the `x-request-id` response header). */
  of(requestId: string): Record<string, unknown>[];
}

/** Collects the app's log lines in memory, so a test can search them. */
export function captureLogs(): CapturedLogs {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return {
    stream,
    lines,
    of: (requestId) =>
      lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((entry) => entry.requestId === requestId),
  };
}
