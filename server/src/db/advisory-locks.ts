/**
 * Keys of PostgreSQL advisory locks, in one place so no two jobs share one by accident.
 * The high 32 bits spell "pb" so they do not collide with other applications on the database.
 */
const NAMESPACE = 0x7062n << 32n;

export const ADVISORY_LOCKS = {
  migrations: NAMESPACE | 1n,
  seed: NAMESPACE | 2n,
  phaseSchedule: NAMESPACE | 3n,
  tally: NAMESPACE | 4n,
  purge: NAMESPACE | 5n,
  /** Changes of the voter list (census, voting codes) and the opening of voting, one at a time. */
  voterList: NAMESPACE | 6n,
} as const;
