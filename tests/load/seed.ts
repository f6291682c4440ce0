import { createHmac } from 'node:crypto';
import type pg from 'pg';
import { defaultAllocationRules } from '@pb/shared';
import { ACCESS_TOKEN_TTL_SECONDS, TOKEN_AUDIENCE, TOKEN_ISSUER } from '../../server/src/plugins/external/jwt.js';

/** A signed-in account as the benchmark uses it: the bearer token of a seeded session. */
export interface SeededAccount {
  userId: string;
  token: string;
}

export interface SeededCycle {
  cycleId: string;
  districtId: string;
  proposalIds: string[];
  staff: [SeededAccount, SeededAccount];
}

function base64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** The token the server's sign-in would issue for this session (HS256, issuer, audience, 30 min). */
export function signSessionToken(secret: string, userId: string, sessionId: string): string {
  const now = Math.floor(Date.now() / 1000);
  const unsigned = `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url({
    sub: userId,
    sid: sessionId,
    iat: now,
    exp: now + ACCESS_TOKEN_TTL_SECONDS,
    iss: TOKEN_ISSUER,
    aud: TOKEN_AUDIENCE,
  })}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

/**
 * Users with a session each, in one statement per table. Voters are verified residents of
 * `districtId` (census method, each with a census entry); staff are unverified staff accounts.
 */
async function insertAccounts(
  client: pg.Client,
  jwtSecret: string,
  options: { prefix: string; count: number; roles: string[]; districtId: string | undefined },
): Promise<SeededAccount[]> {
  const verified = options.districtId !== undefined;
  const users = await client.query<{ id: string }>(
    `INSERT INTO users (email, password_hash, display_name, roles, district_id, verification_method, verified_at, census_hash)
     SELECT $1 || g || '@bench.invalid', 'not-a-password-hash', 'Bench ' || $1 || g, $2::text[],
            $3::uuid, CASE WHEN $4 THEN 'census' END, CASE WHEN $4 THEN now() END,
            CASE WHEN $4 THEN 'bench-' || $1 || g END
     FROM generate_series(1, $5::int) AS g
     ORDER BY g
     RETURNING id`,
    [options.prefix, options.roles, options.districtId ?? null, verified, options.count],
  );
  const userIds = users.rows.map((row) => row.id);
  if (verified) {
    await client.query(
      `INSERT INTO census_entries (resident_hash, district_id, birth_year)
       SELECT census_hash, district_id, 1980 FROM users WHERE id = ANY($1::uuid[])`,
      [userIds],
    );
  }
  const sessions = await client.query<{ id: string; user_id: string }>(
    `INSERT INTO sessions (user_id, expires_at)
     SELECT id, now() + interval '12 hours' FROM unnest($1::uuid[]) AS id
     RETURNING id, user_id`,
    [userIds],
  );
  return sessions.rows.map((row) => ({ userId: row.user_id, token: signSessionToken(jwtSecret, row.user_id, row.id) }));
}

/**
 * A local district (the demo seed's first one, or one made here when the city has none), a cycle
 * with approval ballots (up to 5 projects) and `proposalCount` ballot-eligible proposals in that
 * district, moved by SQL one step at a time from draft to review. Opening voting is left to the
 * API (see openVoting), so the server does whatever it does on that move (ballot partition).
 */
export async function seedCycle(client: pg.Client, jwtSecret: string, proposalCount: number): Promise<SeededCycle> {
  let district = await client.query<{ id: string }>(
    'SELECT id FROM districts WHERE NOT city_wide AND retired_at IS NULL ORDER BY sort_order, slug LIMIT 1',
  );
  if (district.rows.length === 0) {
    district = await client.query<{ id: string }>(
      `INSERT INTO districts (slug, name_ja, name_en, sort_order) VALUES ('bench', 'ベンチ区', 'Bench ward', 1) RETURNING id`,
    );
  }
  const districtId = district.rows[0]!.id;
  const staff = await insertAccounts(client, jwtSecret, {
    prefix: 'staff',
    count: 2,
    roles: ['staff'],
    districtId: undefined,
  });
  const [first, second] = staff;
  if (first === undefined || second === undefined) throw new Error('staff accounts were not created');
  const cycle = await client.query<{ id: string }>(
    `INSERT INTO cycles (title_ja, title_en, ballot_rules, allocation_rules, requires_verification, created_by)
     VALUES ('負荷試験', 'Load benchmark', $1, $2, true, $3) RETURNING id`,
    [{ method: 'approval', maxProjects: 5 }, defaultAllocationRules('approval'), first.userId],
  );
  const cycleId = cycle.rows[0]!.id;
  await client.query('INSERT INTO cycle_districts (cycle_id, district_id, budget) VALUES ($1, $2, $3)', [
    cycleId,
    districtId,
    100_000_000,
  ]);
  await client.query(
    `INSERT INTO cycle_phase_events (cycle_id, from_phase, to_phase, actor_id) VALUES ($1, NULL, 'draft', $2)`,
    [cycleId, first.userId],
  );
  const proposals = await client.query<{ id: string }>(
    `INSERT INTO proposals (cycle_id, district_id, author_id, title, summary, description, category,
                            estimated_cost, cost, status, ballot_eligible)
     SELECT $1, $2, $3, 'Project ' || g, 'Summary of project ' || g, 'Description of project ' || g, 'parks',
            1000000 * g, 1000000 * g, 'feasible', true
     FROM generate_series(1, $4::int) AS g
     ORDER BY g
     RETURNING id`,
    [cycleId, districtId, first.userId, proposalCount],
  );
  // The freeze trigger allows one step at a time.
  for (const [from, to] of [
    ['draft', 'submission'],
    ['submission', 'review'],
  ] as const) {
    await client.query('UPDATE cycles SET phase = $2, updated_at = now() WHERE id = $1', [cycleId, to]);
    await client.query(
      'INSERT INTO cycle_phase_events (cycle_id, from_phase, to_phase, actor_id) VALUES ($1, $2, $3, $4)',
      [cycleId, from, to, first.userId],
    );
  }
  return { cycleId, districtId, proposalIds: proposals.rows.map((row) => row.id), staff: [first, second] };
}

export async function seedVoters(
  client: pg.Client,
  jwtSecret: string,
  districtId: string,
  count: number,
): Promise<SeededAccount[]> {
  const voters: SeededAccount[] = [];
  // In batches, so a large count does not build one huge array parameter.
  const batch = 20_000;
  for (let start = 0; start < count; start += batch) {
    voters.push(
      ...(await insertAccounts(client, jwtSecret, {
        prefix: `voter${String(start / batch)}-`,
        count: Math.min(batch, count - start),
        roles: ['resident'],
        districtId,
      })),
    );
  }
  await client.query('ANALYZE users; ANALYZE sessions; ANALYZE census_entries');
  return voters;
}

async function post(baseUrl: string, path: string, token: string, body: unknown): Promise<unknown> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`POST ${path} answered ${String(response.status)}: ${text}`);
  return text === '' ? undefined : JSON.parse(text);
}

/** Opens voting through the API: one staff member requests the move, the other confirms it. */
export async function openVoting(baseUrl: string, cycle: SeededCycle): Promise<void> {
  const [requester, confirmer] = cycle.staff;
  const requested = (await post(baseUrl, `/api/cycles/${cycle.cycleId}/phase`, requester.token, { to: 'voting' })) as {
    status?: string;
  };
  if (requested.status !== 'moved') {
    await post(baseUrl, `/api/cycles/${cycle.cycleId}/phase/confirm`, confirmer.token, {});
  }
}
