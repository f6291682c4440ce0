import { createHash } from 'node:crypto';

/**
 * An audit entry's fields as the chain hashes them, read from the database as plain values: the
 * hash is then recomputed here, never by `pb_audit_hash`, which whoever owns the database can
 * redefine to agree with whatever the table holds.
 */
export interface HashedAuditFields {
  chainSeq: string;
  id: string;
  /** `at` in whole microseconds since 1970-01-01 UTC (a JavaScript Date keeps only milliseconds). */
  atMicros: string;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  subjectId: string | null;
  /**
   * `details` in jsonb's own text form (sorted keys, numbers as stored): parsing it into
   * JavaScript would lose what the hash was taken of, e.g. `1.50` or integers beyond 2^53.
   */
  detailsText: string;
  prevHash: string | null;
}

const MICROS_PER_SECOND = 1_000_000n;

/** `to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')` for years 0001 to 9999. */
export function formatAuditTimestamp(atMicros: string): string {
  const micros = BigInt(atMicros);
  let seconds = micros / MICROS_PER_SECOND;
  let fraction = micros % MICROS_PER_SECOND;
  if (fraction < 0n) {
    fraction += MICROS_PER_SECOND;
    seconds -= 1n;
  }
  const whole = new Date(Number(seconds) * 1000).toISOString().slice(0, 19);
  return `${whole}.${fraction.toString().padStart(6, '0')}Z`;
}

/** PostgreSQL's concat_ws: NULL arguments are left out, separator and all. */
function concatWs(separator: string, parts: readonly (string | null)[]): string {
  return parts.filter((part): part is string => part !== null).join(separator);
}

/**
 * The same text as `pb_audit_payload` (migration 0013) followed by the actor's role as
 * `pb_audit_hash` (migration 0016) appends it, hashed the same way (SHA-256 of the UTF-8 bytes, hex).
 */
export function auditEntryHash(fields: HashedAuditFields): string {
  const payload = concatWs('|', [
    fields.chainSeq,
    fields.id,
    formatAuditTimestamp(fields.atMicros),
    fields.actorId ?? '',
    fields.action,
    fields.subjectId ?? '',
    fields.detailsText,
    fields.prevHash,
  ]);
  return createHash('sha256')
    .update(concatWs('|', [payload, fields.actorRole]), 'utf8')
    .digest('hex');
}
