export const PG_UNIQUE_VIOLATION = '23505';
export const PG_FOREIGN_KEY_VIOLATION = '23503';
/** PostgreSQL 18 (PGlite) reports an ON DELETE RESTRICT reference with this code instead of 23503. */
export const PG_RESTRICT_VIOLATION = '23001';

/** Whether a PostgreSQL error with this SQLSTATE is the error or one of its causes (drizzle wraps them). */
export function hasPostgresCode(error: unknown, code: string): boolean {
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    if ((current as { code?: unknown }).code === code) return true;
  }
  return false;
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

/** The fields both drivers parse from PostgreSQL's ErrorResponse that name no value. */
interface PostgresError extends Error {
  code: string;
  severity: string;
  schema?: string;
  table?: string;
  column?: string;
  constraint?: string;
  routine?: string;
}

function isPostgresError(value: unknown): value is PostgresError {
  if (!(value instanceof Error)) return false;
  const { code, severity } = value as { code?: unknown; severity?: unknown };
  return typeof code === 'string' && SQLSTATE.test(code) && typeof severity === 'string';
}

/** The PostgreSQL error that `error` is or wraps (drizzle wraps every one in a DrizzleQueryError). */
export function findPostgresError(error: unknown): PostgresError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    if (isPostgresError(current)) return current;
    current = current.cause;
  }
  return undefined;
}

/** Names of the SQLSTATEs a log reader meets most; the others are looked up in the manual. */
const CONDITIONS: Record<string, string> = {
  '08006': 'connection_failure',
  '22P02': 'invalid_text_representation',
  '23001': 'restrict_violation',
  '23502': 'not_null_violation',
  '23503': 'foreign_key_violation',
  '23505': 'unique_violation',
  '23514': 'check_violation',
  '25P02': 'in_failed_sql_transaction',
  '40001': 'serialization_failure',
  '40P01': 'deadlock_detected',
  '42501': 'insufficient_privilege',
  '53300': 'too_many_connections',
  '55P03': 'lock_not_available',
  '57014': 'query_canceled',
  '57P01': 'admin_shutdown',
  '57P02': 'crash_shutdown',
  '57P03': 'cannot_connect_now',
  P0001: 'raise_exception',
};

export interface DatabaseErrorSummary {
  sqlState: string;
  condition?: string;
  severity: string;
  schema?: string;
  table?: string;
  column?: string;
  constraint?: string;
  routine?: string;
}

/**
 * What of a database error may be logged: identifiers only. PostgreSQL writes values into the
 * message, detail, hint and where ('Key (email)=(…) already exists', 'invalid input syntax for
 * type uuid: "…"'), and drizzle's message quotes the statement with its parameters.
 */
export function describeDatabaseError(error: unknown): DatabaseErrorSummary | undefined {
  const found = findPostgresError(error);
  if (found === undefined) return undefined;
  const summary: DatabaseErrorSummary = { sqlState: found.code, severity: found.severity };
  const condition = CONDITIONS[found.code];
  if (condition !== undefined) summary.condition = condition;
  for (const field of ['schema', 'table', 'column', 'constraint', 'routine'] as const) {
    const value = found[field];
    if (typeof value === 'string' && value !== '') summary[field] = value;
  }
  return summary;
}
