import type { Database } from '../../db/database.js';
import { recordAudit } from './audit.service.js';

export interface DenialRecorderOptions {
  /** Repeats of one user on one route within this window are counted, not written. */
  windowMs?: number;
  /** How many (user, route) pairs are remembered; the oldest is forgotten first. */
  maxPairs?: number;
  now?: () => number;
}

export type RecordDenial = (db: Database, actorId: string, method: string, route: string) => Promise<void>;

/**
 * `access.denied` entries, at most one per user, route and minute in each server process. Every
 * entry is appended under the audit chain's lock, so a script retrying a forbidden route would
 * otherwise make every audited action of the city wait on its refusals. The next entry of the
 * same pair says how many refusals the previous window held beyond the one written
 * (`repeatedBefore`); the metrics count every refusal.
 */
export function createDenialRecorder(options: DenialRecorderOptions = {}): RecordDenial {
  const windowMs = options.windowMs ?? 60_000;
  const maxPairs = options.maxPairs ?? 10_000;
  const now = options.now ?? Date.now;
  const recent = new Map<string, { since: number; repeats: number }>();
  return async (db, actorId, method, route) => {
    const key = `${actorId} ${method} ${route}`;
    const at = now();
    const seen = recent.get(key);
    if (seen !== undefined && at - seen.since < windowMs) {
      seen.repeats += 1;
      return;
    }
    recent.delete(key);
    if (recent.size >= maxPairs) {
      const oldest = recent.keys().next().value;
      if (oldest !== undefined) recent.delete(oldest);
    }
    recent.set(key, { since: at, repeats: 0 });
    const repeats = seen?.repeats ?? 0;
    await recordAudit(db, {
      actorId,
      action: 'access.denied',
      details: { method, route, ...(repeats > 0 ? { repeatedBefore: repeats } : {}) },
    });
  };
}
