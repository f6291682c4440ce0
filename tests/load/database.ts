import pg from 'pg';

/** The PostgreSQL server the benchmark runs on (its `postgres` database for admin statements). */
export const PG_URL_BASE = process.env.PG_URL_BASE ?? 'postgres://postgres@127.0.0.1:5432';

export function databaseUrl(name: string): string {
  const url = new URL(PG_URL_BASE);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl('postgres') });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

export async function countStored(url: string, cycleId: string): Promise<{ ballots: number; participations: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ ballots: number; participations: number }>(
      `SELECT (SELECT count(*)::int FROM ballots WHERE cycle_id = $1) AS ballots,
              (SELECT count(*)::int FROM participations WHERE cycle_id = $1) AS participations`,
      [cycleId],
    );
    return result.rows[0] ?? { ballots: 0, participations: 0 };
  } finally {
    await client.end();
  }
}
