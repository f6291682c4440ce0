import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../server/src/db/database.js';
import { createCensusEntry, createVoter, movePhase } from '../helpers/voting.js';
import {
  approvalCycleInKita,
  castOnline,
  censusNumber,
  only,
  paper,
  staffPost,
  upload,
  useVotingApp,
} from '../helpers/voting-harness.js';

/** Why a statement failed, as PostgreSQL said it (drizzle wraps the driver's error). */
function refusal(error: unknown): string {
  const cause = (error as { cause?: { code?: string } }).cause;
  return cause?.code ?? (error as { code?: string }).code ?? String(error);
}

describe('ballot storage: every ballot has its participation, and every rewrite removes the link', () => {
  const h = useVotingApp();

  function execute(query: ReturnType<typeof sql>) {
    return h
      .app()
      .db.execute(query)
      .then(
        () => 'written',
        (error: unknown) => refusal(error),
      );
  }

  it('a ballot inserted with SQL during voting without a participation is refused at commit (PBV03)', async () => {
    const { cycleId, kita, p } = await approvalCycleInKita(h);
    const choices = JSON.stringify(only([p[0] ?? '']));
    expect(
      await execute(
        sql`INSERT INTO ballots (cycle_id, district_id, receipt_hash, choices) VALUES (${cycleId}, ${kita}, 'forged', ${choices}::jsonb)`,
      ),
    ).toBe('PBV03');
    // A participation of another district opens no slot for this one.
    const cityWide = h.district('city-wide');
    expect(
      await execute(sql`WITH p AS (
          INSERT INTO participations (cycle_id, district_id, voter_key, channel, cast_on_day)
          VALUES (${cycleId}, ${cityWide}, 'forged:1', 'paper', current_date) RETURNING 1)
        INSERT INTO ballots (cycle_id, district_id, choices) SELECT ${cycleId}, ${kita}, ${choices}::jsonb FROM p`),
    ).not.toBe('written');
    const stored = await queryRows<{ count: number }>(
      h.app().db,
      sql`SELECT count(*)::int AS count FROM ballots WHERE cycle_id = ${cycleId}`,
    );
    expect(stored[0]?.count).toBe(0);

    // The same insert together with its participation, in one transaction, is what the API does.
    expect(
      await execute(sql`WITH p AS (
          INSERT INTO participations (cycle_id, district_id, voter_key, channel, cast_on_day)
          VALUES (${cycleId}, ${kita}, 'forged:2', 'paper', current_date) RETURNING 1)
        INSERT INTO ballots (cycle_id, district_id, choices) SELECT ${cycleId}, ${kita}, ${choices}::jsonb FROM p`),
    ).toBe('written');
    // One participation, two ballots: the second finds no slot.
    expect(
      await execute(sql`WITH p AS (
          INSERT INTO participations (cycle_id, district_id, voter_key, channel, cast_on_day)
          VALUES (${cycleId}, ${kita}, 'forged:3', 'paper', current_date) RETURNING 1)
        INSERT INTO ballots (cycle_id, district_id, choices)
          SELECT ${cycleId}, ${kita}, ${choices}::jsonb FROM p, generate_series(1, 2)`),
    ).toBe('PBV03');
    const voter = await createVoter(h.app(), { districtId: kita });
    expect((await castOnline(h.app(), cycleId, voter, kita, only([p[1] ?? '']))).status).toBe(201);
    const counted = await queryRows<{ count: number }>(
      h.app().db,
      sql`SELECT count(*)::int AS count FROM ballots WHERE cycle_id = ${cycleId}`,
    );
    expect(counted[0]?.count).toBe(2);
  });

  async function storage(cycleId: string) {
    return queryRows<{ id: string; xmin: string }>(
      h.app().db,
      sql`SELECT id::text AS id, xmin::text AS xmin FROM ballots WHERE cycle_id = ${cycleId} ORDER BY ctid`,
    );
  }

  async function filenode(cycleId: string): Promise<string | undefined> {
    const partition = `ballots_${cycleId.replaceAll('-', '')}`;
    const rows = await queryRows<{ file: string }>(
      h.app().db,
      sql`SELECT pg_relation_filenode(${partition}::regclass)::text AS file`,
    );
    return rows[0]?.file;
  }

  it('closing paper entry rewrites the ballots in random order into fresh storage, for sheets entered one by one and by CSV during tallying', async () => {
    const { cycleId, kita, p } = await approvalCycleInKita(h);
    for (let index = 0; index < 3; index += 1) {
      const voter = await createVoter(h.app(), { districtId: kita });
      expect((await castOnline(h.app(), cycleId, voter, kita, only([p[0] ?? '']))).status).toBe(201);
    }
    await movePhase(h.app(), h.staff(), h.confirmer(), cycleId, 'tallying');
    const afterVoting = await storage(cycleId);

    // Twelve sheets one by one (each its own transaction), then a CSV of twelve (one transaction).
    for (let index = 0; index < 12; index += 1) {
      const number = censusNumber();
      await createCensusEntry(h.app(), number, kita, 1970);
      const entered = await paper(h, cycleId, { kind: 'census', value: number }, kita, only([p[index % 3] ?? '']));
      expect(entered.status, entered.text).toBe(201);
    }
    const csvNumbers = Array.from({ length: 12 }, censusNumber);
    for (const number of csvNumbers) await createCensusEntry(h.app(), number, kita, 1970);
    const csv = `voter,district,choices\n${csvNumbers.map((number, index) => `${number},kita,${String((index % 3) + 1)}`).join('\n')}\n`;
    const uploaded = await upload(h, cycleId, csv);
    expect(uploaded.status, uploaded.text).toBe(200);

    // Before the close the link is there: physical order is entry order, and each single sheet
    // shares its transaction id with its participation.
    const before = await storage(cycleId);
    expect(before).toHaveLength(27);
    expect(before.slice(0, 3)).toEqual(afterVoting);
    const singles = before.slice(3, 15);
    expect(new Set(singles.map((row) => row.xmin)).size).toBe(12);
    const participationXmins = async () =>
      (
        await queryRows<{ xmin: string }>(
          h.app().db,
          sql`SELECT xmin::text AS xmin FROM participations WHERE cycle_id = ${cycleId} AND channel = 'paper'`,
        )
      ).map((row) => row.xmin);
    const paperXmins = await participationXmins();
    for (const row of singles) expect(paperXmins).toContain(row.xmin);
    expect(new Set(before.slice(15).map((row) => row.xmin)).size).toBe(1);
    const fileBefore = await filenode(cycleId);

    const closed = await staffPost(h, `/api/cycles/${cycleId}/paper-entry/close`, {});
    expect(closed.status, closed.text).toBeLessThan(300);

    const after = await storage(cycleId);
    expect(await filenode(cycleId)).not.toBe(fileBefore);
    expect(new Set(after.map((row) => row.id))).toEqual(new Set(before.map((row) => row.id)));
    expect(after.map((row) => row.id)).not.toEqual(before.map((row) => row.id));
    expect(new Set(after.map((row) => row.xmin)).size).toBe(1);
    const rewrittenBy = after[0]?.xmin;
    expect(before.map((row) => row.xmin)).not.toContain(rewrittenBy);
    expect(await participationXmins()).not.toContain(rewrittenBy);
    // Still exactly the ballots entered, and nothing more can be entered.
    const late = censusNumber();
    await createCensusEntry(h.app(), late, kita, 1970);
    const refused = await paper(h, cycleId, { kind: 'census', value: late }, kita, only([p[0] ?? '']));
    expect(refused.status).toBe(409);
  });
});
