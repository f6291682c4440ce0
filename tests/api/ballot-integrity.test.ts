import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { normalizeCode, type BallotReceipt, type ErrorResponse } from '@pb/shared';
import { queryRows } from '../../server/src/db/database.js';
import { createTestApp, useTestApp, type TestApp } from '../helpers/app.js';
import { createAccount, type TestAccount } from '../helpers/accounts.js';
import { explainPostgresSkip, usingPostgres } from '../helpers/database.js';
import {
  createVoter,
  districtIds,
  movePhase,
  openVotingCycle,
  type Voter,
  type VotingCycle,
} from '../helpers/voting.js';

// PGlite serves one connection at a time, so its rounds prove no concurrency: a few show the path works.
const ROUNDS = usingPostgres ? 20 : 3;
const SIMULTANEOUS_CASTS = 50;

function ballotHashOf(receipt: string): string {
  return createHash('sha256')
    .update(`ballot:${normalizeCode(receipt) ?? ''}`)
    .digest('hex');
}

if (!usingPostgres) explainPostgresSkip('ballots cast through two server instances (PGlite serves one process)');

describe('ballot integrity under concurrency, and ballot secrecy in storage', () => {
  const current = useTestApp();
  const app = () => current().app;
  let staff: TestAccount;
  let confirmer: TestAccount;
  let kita: string;

  beforeAll(async () => {
    staff = await createAccount(app(), ['staff']);
    confirmer = await createAccount(app(), ['staff']);
    kita = (await districtIds(app())).kita ?? '';
  });

  async function approvalCycle(projectCount = 3): Promise<VotingCycle> {
    return openVotingCycle(app(), staff, confirmer, {
      ballot: { method: 'approval', maxProjects: 2 },
      districts: [{ districtId: kita, budget: 10_000_000 }],
      projects: Array.from({ length: projectCount }, () => ({ districtId: kita, cost: 1_000_000 })),
    });
  }

  function cast(target: TestApp['app'], cycleId: string, voter: Voter, proposalId: string) {
    return request(target.server)
      .post(`/api/cycles/${cycleId}/ballots`)
      .set('authorization', voter.bearer)
      .send({ districtId: kita, choices: [{ proposalId }] });
  }

  async function countRows(table: 'ballots' | 'participations', cycleId: string, extra = sql``): Promise<number> {
    const rows = await queryRows<{ count: number }>(
      app().db,
      sql`SELECT count(*)::int AS count FROM ${sql.identifier(table)} WHERE cycle_id = ${cycleId} ${extra}`,
    );
    return rows[0]?.count ?? -1;
  }

  it(`${String(SIMULTANEOUS_CASTS)} simultaneous casts by one resident leave one ballot and one participation (${String(ROUNDS)} rounds)`, async () => {
    const { cycle, projects } = await approvalCycle();
    const proposalId = projects.get(kita)?.[0] ?? '';
    for (let round = 1; round <= ROUNDS; round += 1) {
      const voter = await createVoter(app(), { districtId: kita });
      const responses = await Promise.all(
        Array.from({ length: SIMULTANEOUS_CASTS }, () => cast(app(), cycle.id, voter, proposalId)),
      );
      const statuses = responses.map((response) => response.status);
      expect(statuses.filter((status) => status === 201)).toHaveLength(1);
      expect(statuses.filter((status) => status === 409)).toHaveLength(SIMULTANEOUS_CASTS - 1);
      expect(
        new Set(
          responses
            .filter((response) => response.status === 409)
            .map((response) => (response.body as ErrorResponse).error.code),
        ),
      ).toEqual(new Set(['ballots.already_voted']));
      expect(await countRows('participations', cycle.id)).toBe(round);
      expect(await countRows('ballots', cycle.id)).toBe(round);
    }
  });

  it.skipIf(!usingPostgres)(
    'casts spread over two server instances on one database still leave one ballot per resident',
    async () => {
      const second = await createTestApp({ database: current().database });
      try {
        await second.app.ready();
        const { cycle, projects } = await approvalCycle();
        const proposalId = projects.get(kita)?.[0] ?? '';
        for (let round = 1; round <= ROUNDS; round += 1) {
          const voter = await createVoter(app(), { districtId: kita });
          const responses = await Promise.all(
            Array.from({ length: 20 }, (_, index) =>
              cast(index % 2 === 0 ? app() : second.app, cycle.id, voter, proposalId),
            ),
          );
          expect(responses.filter((response) => response.status === 201)).toHaveLength(1);
          expect(responses.every((response) => response.status === 201 || response.status === 409)).toBe(true);
          expect(await countRows('ballots', cycle.id)).toBe(round);
        }
      } finally {
        await second.app.close();
      }
    },
  );

  it(`simultaneous replacements with one receipt leave exactly one counted ballot (${String(ROUNDS)} rounds)`, async () => {
    const { cycle, projects } = await approvalCycle();
    const [first = '', second = ''] = projects.get(kita) ?? [];
    for (let round = 1; round <= ROUNDS; round += 1) {
      const voter = await createVoter(app(), { districtId: kita });
      const receipt = ((await cast(app(), cycle.id, voter, first)).body as BallotReceipt).receipt;
      const responses = await Promise.all(
        Array.from({ length: 10 }, () =>
          request(app().server)
            .post(`/api/cycles/${cycle.id}/ballots/replace`)
            .set('authorization', voter.bearer)
            .send({ receipt, choices: [{ proposalId: second }] }),
        ),
      );
      expect(responses.filter((response) => response.status === 200)).toHaveLength(1);
      expect(responses.filter((response) => response.status === 404)).toHaveLength(9);
      expect(await countRows('ballots', cycle.id, sql`AND status = 'counted'`)).toBe(round);
      expect(await countRows('ballots', cycle.id, sql`AND status = 'replaced'`)).toBe(round);
    }
  });

  it('a ballot racing the close of voting is either counted or refused, never lost', async () => {
    for (let round = 0; round < ROUNDS; round += 1) {
      const { cycle, projects } = await approvalCycle();
      const proposalId = projects.get(kita)?.[0] ?? '';
      const voters = await Promise.all(Array.from({ length: 10 }, () => createVoter(app(), { districtId: kita })));
      const requested = await request(app().server)
        .post(`/api/cycles/${cycle.id}/phase`)
        .set('authorization', staff.bearer)
        .send({ to: 'tallying' });
      expect(requested.status).toBe(202);
      // The second staff member's confirmation is what closes voting, so it is what races the casts.
      const casts = voters.map((voter) => cast(app(), cycle.id, voter, proposalId));
      const close = request(app().server)
        .post(`/api/cycles/${cycle.id}/phase/confirm`)
        .set('authorization', confirmer.bearer);
      const [closed, ...responses] = await Promise.all([close, ...casts]);
      expect(closed.status).toBe(200);
      const accepted = responses.filter((response) => response.status === 201);
      expect(
        responses
          .filter((response) => response.status !== 201 && response.status !== 409)
          .map((response) => response.text),
      ).toEqual([]);
      const stored = await queryRows<{ receiptHash: string }>(
        app().db,
        sql`SELECT receipt_hash AS "receiptHash" FROM ballots WHERE cycle_id = ${cycle.id}`,
      );
      expect(new Set(stored.map((row) => row.receiptHash))).toEqual(
        new Set(accepted.map((response) => ballotHashOf((response.body as BallotReceipt).receipt))),
      );
      expect(await countRows('participations', cycle.id)).toBe(accepted.length);
    }
  });

  it('the ballots table has no column for a user, a channel or a time, and no foreign key at all', async () => {
    const columns = await queryRows<{ name: string; type: string }>(
      app().db,
      sql`SELECT column_name AS name, data_type AS type FROM information_schema.columns
          WHERE table_schema = 'public' AND table_name = 'ballots' ORDER BY ordinal_position`,
    );
    expect(columns.map((column) => column.name)).toEqual([
      'id',
      'cycle_id',
      'district_id',
      'receipt_hash',
      'choices',
      'status',
    ]);
    for (const column of columns) {
      expect(column.name).not.toMatch(/(^|_)(user|voter|channel|time|date|day|created|author|session|ip)(_|$)|_at$/);
      expect(column.type).not.toMatch(/time|date|interval/);
    }
    const references = await queryRows<{ target: string }>(
      app().db,
      sql`SELECT confrelid::regclass::text AS target FROM pg_constraint
          WHERE conrelid = 'ballots'::regclass AND contype = 'f'`,
    );
    // Not even to cycles: see ballots.table.ts; the guard trigger checks cycle and district instead.
    expect(references.map((row) => row.target)).toEqual([]);
  });

  it('closing voting rewrites the ballots in random order into fresh storage in one transaction, so it no longer follows the participations', async () => {
    const { cycle, projects } = await approvalCycle();
    const proposalId = projects.get(kita)?.[0] ?? '';
    const castOrder: string[] = [];
    for (let index = 0; index < 30; index += 1) {
      const voter = await createVoter(app(), { districtId: kita });
      castOrder.push(ballotHashOf(((await cast(app(), cycle.id, voter, proposalId)).body as BallotReceipt).receipt));
    }
    const storage = () =>
      queryRows<{ receiptHash: string; xmin: string }>(
        app().db,
        sql`SELECT receipt_hash AS "receiptHash", xmin::text AS xmin FROM ballots WHERE cycle_id = ${cycle.id} ORDER BY ctid`,
      );
    // While voting is open the link exists: this is the threat the rewrite removes.
    const partition = `ballots_${cycle.id.replaceAll('-', '')}`;
    const fileOf = async () =>
      (
        await queryRows<{ file: string }>(
          app().db,
          sql`SELECT pg_relation_filenode(${partition}::regclass)::text AS file`,
        )
      )[0]?.file;
    const fileBefore = await fileOf();
    const before = await storage();
    expect(before.map((row) => row.receiptHash)).toEqual(castOrder);
    expect(new Set(before.map((row) => row.xmin)).size).toBe(castOrder.length);

    expect((await movePhase(app(), staff, confirmer, cycle.id, 'tallying')).phase).toBe('tallying');

    const after = await storage();
    expect(await fileOf()).not.toBe(fileBefore);
    expect(new Set(after.map((row) => row.receiptHash))).toEqual(new Set(castOrder));
    expect(after.map((row) => row.receiptHash)).not.toEqual(castOrder);
    expect(new Set(after.map((row) => row.xmin)).size).toBe(1);
    expect(before.map((row) => row.xmin)).not.toContain(after[0]?.xmin);
    const participationXmins = await queryRows<{ xmin: string }>(
      app().db,
      sql`SELECT xmin::text AS xmin FROM participations WHERE cycle_id = ${cycle.id}`,
    );
    expect(participationXmins.map((row) => row.xmin)).not.toContain(after[0]?.xmin);
    const leftovers = await queryRows<{ name: string }>(
      app().db,
      sql`SELECT relname AS name FROM pg_class WHERE relname LIKE ${`ballots_${cycle.id.replaceAll('-', '')}%`} AND relkind = 'r'`,
    );
    expect(leftovers.map((row) => row.name)).toEqual([`ballots_${cycle.id.replaceAll('-', '')}`]);
  });

  it('the database refuses to edit or delete a ballot or a participation, or to forge one, behind the API', async () => {
    const { cycle, projects } = await approvalCycle();
    const proposalId = projects.get(kita)?.[0] ?? '';
    const voter = await createVoter(app(), { districtId: kita });
    expect((await cast(app(), cycle.id, voter, proposalId)).status).toBe(201);
    const attempts = [
      sql`UPDATE ballots SET choices = '[]' WHERE cycle_id = ${cycle.id}`,
      sql`UPDATE ballots SET district_id = district_id WHERE cycle_id = ${cycle.id} AND status = 'replaced'`,
      sql`UPDATE ballots SET status = 'counted', choices = '[]' WHERE cycle_id = ${cycle.id}`,
      sql`DELETE FROM ballots WHERE cycle_id = ${cycle.id}`,
      sql`UPDATE participations SET channel = 'paper', replace_tag = NULL WHERE cycle_id = ${cycle.id}`,
      sql`UPDATE participations SET user_id = NULL WHERE cycle_id = ${cycle.id}`,
      sql`DELETE FROM participations WHERE cycle_id = ${cycle.id}`,
    ];
    for (const attempt of attempts) {
      const outcome = await app()
        .db.execute(attempt)
        .then(
          (result) => ({ refused: false, rows: (result as { rowCount?: number | null }).rowCount }),
          () => ({ refused: true, rows: 0 }),
        );
      // An UPDATE matching no row is harmless; every one that matches a row must be refused.
      if (!outcome.refused) expect(outcome.rows ?? 0).toBe(0);
    }
    expect(await countRows('ballots', cycle.id, sql`AND status = 'counted' AND jsonb_array_length(choices) = 1`)).toBe(
      1,
    );
    expect(await countRows('participations', cycle.id, sql`AND channel = 'online' AND user_id IS NOT NULL`)).toBe(1);

    const strayDistrict = await app()
      .db.execute(
        sql`INSERT INTO ballots (cycle_id, district_id, receipt_hash, choices) VALUES (${cycle.id}, gen_random_uuid(), 'x', '[]')`,
      )
      .then(
        () => 'inserted',
        () => 'refused',
      );
    expect(strayDistrict).toBe('refused');

    // The channel of imported elections is only for a cycle created by an import.
    const posingAsImported = await app()
      .db.execute(
        sql`INSERT INTO participations (cycle_id, district_id, voter_key, channel, cast_on_day)
            VALUES (${cycle.id}, ${kita}, 'imported:x', 'imported', current_date)`,
      )
      .then(
        () => 'inserted',
        (error: unknown) => String((error as { cause?: unknown }).cause ?? error),
      );
    expect(posingAsImported).toMatch(/channel imported is only for a cycle being imported/);

    await movePhase(app(), staff, confirmer, cycle.id, 'tallying');
    const lateOnline = await app()
      .db.execute(
        sql`INSERT INTO participations (cycle_id, district_id, voter_key, channel, cast_on_day, replace_tag)
            VALUES (${cycle.id}, ${kita}, 'user:late', 'online', current_date, 'tag')`,
      )
      .then(
        () => 'inserted',
        () => 'refused',
      );
    expect(lateOnline).toBe('refused');
  });
});
