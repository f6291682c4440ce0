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
