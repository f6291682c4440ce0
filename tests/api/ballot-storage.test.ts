import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../server/src/db/database.js';
import { createCensusEntry, createVoter, movePhase } from '../helpers/voting.js';
import {
  approvalCycleInKita,
  castOnline,
  censusNumber,
  enterSheet,
  issuePaper,
  only,
  staffPost,
  uploadPollBook,
  uploadSheets,
  useVotingApp,
} from '../helpers/voting-harness.js';

/** Why a statement failed, as PostgreSQL said it (drizzle wraps the driver's error). */
function refusal(error: unknown): string {
  const cause = (error as { cause?: { code?: string } }).cause;
  return cause?.code ?? (error as { code?: string }).code ?? String(error);
}

describe('ballot storage: every receipted ballot has its participation, no sheet outnumbers the poll book, and every rewrite removes the link', () => {
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

  it('a receipted ballot inserted with SQL during voting without its participation is refused at commit (PBV03)', async () => {
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
          INSERT INTO participations (cycle_id, district_id, voter_key, channel, cast_on_day, replace_tag)
          VALUES (${cycleId}, ${cityWide}, 'forged:1', 'online', current_date, 'tag-1') RETURNING 1)
        INSERT INTO ballots (cycle_id, district_id, receipt_hash, choices)
          SELECT ${cycleId}, ${kita}, 'forged-1', ${choices}::jsonb FROM p`),
    ).toBe('PBV03');
    const stored = await queryRows<{ count: number }>(
      h.app().db,
      sql`SELECT count(*)::int AS count FROM ballots WHERE cycle_id = ${cycleId}`,
    );
    expect(stored[0]?.count).toBe(0);

    // The same insert together with its participation, in one transaction, is what the API does.
    expect(
      await execute(sql`WITH p AS (
          INSERT INTO participations (cycle_id, district_id, voter_key, channel, cast_on_day, replace_tag)
          VALUES (${cycleId}, ${kita}, 'forged:2', 'online', current_date, 'tag-2') RETURNING 1)
        INSERT INTO ballots (cycle_id, district_id, receipt_hash, choices)
          SELECT ${cycleId}, ${kita}, 'forged-2', ${choices}::jsonb FROM p`),
    ).toBe('written');
    // One participation, two ballots: the second finds no slot.
    expect(
      await execute(sql`WITH p AS (
          INSERT INTO participations (cycle_id, district_id, voter_key, channel, cast_on_day, replace_tag)
          VALUES (${cycleId}, ${kita}, 'forged:3', 'online', current_date, 'tag-3') RETURNING 1)
        INSERT INTO ballots (cycle_id, district_id, receipt_hash, choices)
          SELECT ${cycleId}, ${kita}, 'forged-3-' || n, ${choices}::jsonb FROM p, generate_series(1, 2) AS n`),
    ).toBe('PBV03');
    // A paper participation in the poll book opens no way for a receipted ballot either.
    expect((await issuePaper(h, cycleId, { kind: 'census', value: await censusInKita(kita) }, kita)).status).toBe(201);
    expect(
      await execute(
        sql`INSERT INTO ballots (cycle_id, district_id, receipt_hash, choices) VALUES (${cycleId}, ${kita}, 'forged-4', ${choices}::jsonb)`,
      ),
    ).toBe('PBV03');
    const voter = await createVoter(h.app(), { districtId: kita });
    expect((await castOnline(h.app(), cycleId, voter, kita, only([p[1] ?? '']))).status).toBe(201);
    const counted = await queryRows<{ count: number }>(
      h.app().db,
      sql`SELECT count(*)::int AS count FROM ballots WHERE cycle_id = ${cycleId}`,
    );
    expect(counted[0]?.count).toBe(2);
  });

  async function censusInKita(kita: string): Promise<string> {
    const number = censusNumber();
    await createCensusEntry(h.app(), number, kita, 1970);
    return number;
  }

  async function receiptless(cycleId: string): Promise<number> {
    const rows = await queryRows<{ count: number }>(
      h.app().db,
      sql`SELECT count(*)::int AS count FROM ballots WHERE cycle_id = ${cycleId} AND receipt_hash IS NULL`,
    );
    return rows[0]?.count ?? 0;
  }

  it("a receipt-less ballot inserted with SQL is refused at commit once the district's sheets would outnumber its poll book (PBV04)", async () => {
    const { cycleId, kita, p } = await approvalCycleInKita(h);
    const choices = JSON.stringify(only([p[0] ?? '']));
    const sheet = sql`INSERT INTO ballots (cycle_id, district_id, choices) VALUES (${cycleId}, ${kita}, ${choices}::jsonb)`;
    expect(await execute(sheet)).toBe('PBV04');
    // Two paper ballots handed out in kita.
    for (let index = 0; index < 2; index += 1) {
      const issued = await issuePaper(h, cycleId, { kind: 'census', value: await censusInKita(kita) }, kita);
      expect(issued.status, issued.text).toBe(201);
    }
    expect(await execute(sheet)).toBe('written');
    expect(
      await execute(sql`INSERT INTO ballots (cycle_id, district_id, choices)
        SELECT ${cycleId}, ${kita}, ${choices}::jsonb FROM generate_series(1, 2)`),
    ).toBe('PBV04');
    // Checked when each row is written, too: the second insert of one transaction is refused.
    const immediate = await h
      .app()
      .db.transaction(async (tx) => {
        await tx.execute(sql`SET CONSTRAINTS ballots_use_ballot_slot IMMEDIATE`);
        await tx.execute(sheet);
        await tx.execute(sheet);
      })
      .then(
        () => 'written',
        (error: unknown) => refusal(error),
      );
    expect(immediate).toBe('PBV04');
    expect(await receiptless(cycleId)).toBe(1);
    expect(await execute(sheet)).toBe('written');
    expect(await execute(sheet)).toBe('PBV04');
    expect(await receiptless(cycleId)).toBe(2);
  });

  it('two transactions entering sheets at once with SQL cannot both take the last place in the poll book', async () => {
    const { cycleId, kita, p } = await approvalCycleInKita(h);
    expect((await issuePaper(h, cycleId, { kind: 'census', value: await censusInKita(kita) }, kita)).status).toBe(201);
    const choices = JSON.stringify(only([p[0] ?? '']));
    const sheet = sql`INSERT INTO ballots (cycle_id, district_id, choices) VALUES (${cycleId}, ${kita}, ${choices}::jsonb)`;
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let inserted: () => void = () => undefined;
    const first = new Promise<void>((resolve) => {
      inserted = resolve;
    });
    const slow = h
      .app()
      .db.transaction(async (tx) => {
        await tx.execute(sheet);
        inserted();
        await held;
      })
      .then(
        () => 'written',
        (error: unknown) => refusal(error),
      );
    await first;
    // PGlite runs one transaction at a time: there the second waits for the first to commit.
    const fast = execute(sheet);
    const raced = await Promise.race([
      fast,
      new Promise((resolve) => {
        setTimeout(() => {
          resolve('waiting');
        }, 300);
      }),
    ]);
    release();
    const outcomes = [await slow, await fast];
    expect(outcomes.sort()).toEqual(['PBV04', 'written']);
    expect(raced === 'waiting' || raced === 'written').toBe(true);
    expect(await receiptless(cycleId)).toBe(1);
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

  it('sheets share no transaction with any poll book entry, and closing paper entry rewrites them in random order into fresh storage', async () => {
    const { cycleId, kita, p } = await approvalCycleInKita(h);
    for (let index = 0; index < 3; index += 1) {
      const voter = await createVoter(h.app(), { districtId: kita });
      expect((await castOnline(h.app(), cycleId, voter, kita, only([p[0] ?? '']))).status).toBe(201);
    }
    await movePhase(h.app(), h.staff(), h.confirmer(), cycleId, 'tallying');
    const afterVoting = await storage(cycleId);

    // The poll book: twelve residents one by one, twelve by CSV.
    for (let index = 0; index < 12; index += 1) {
      const issued = await issuePaper(h, cycleId, { kind: 'census', value: await censusInKita(kita) }, kita);
      expect(issued.status, issued.text).toBe(201);
    }
    const csvNumbers = Array.from({ length: 12 }, censusNumber);
    for (const number of csvNumbers) await createCensusEntry(h.app(), number, kita, 1970);
    const book = await uploadPollBook(h, cycleId, `voter,district\n${csvNumbers.map((n) => `${n},kita`).join('\n')}\n`);
    expect(book.status, book.text).toBe(200);
    expect(book.body.accepted).toBe(12);
    // The ballot box: twelve sheets one by one (each its own transaction), then a CSV of twelve.
    for (let index = 0; index < 12; index += 1) {
      const entered = await enterSheet(h, cycleId, kita, only([p[index % 3] ?? '']));
      expect(entered.status, entered.text).toBe(201);
    }
    const csv = `district,choices\n${csvNumbers.map((_, index) => `kita,${String((index % 3) + 1)}`).join('\n')}\n`;
    const uploaded = await uploadSheets(h, cycleId, csv);
    expect(uploaded.status, uploaded.text).toBe(200);
    expect(uploaded.body.accepted).toBe(12);

    // Before the close, physical order is entry order and each single sheet has its own
    // transaction, but none is a transaction that wrote a participation.
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
    expect(paperXmins).toHaveLength(24);
    for (const row of before.slice(3)) expect(paperXmins).not.toContain(row.xmin);
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
    const sheets = await queryRows<{ receipt: string | null }>(
      h.app().db,
      sql`SELECT receipt_hash AS receipt FROM ballots WHERE cycle_id = ${cycleId} AND receipt_hash IS NULL`,
    );
    expect(sheets).toHaveLength(24);
    // Still exactly the ballots entered, and nothing more can be entered.
    const refused = await issuePaper(h, cycleId, { kind: 'census', value: await censusInKita(kita) }, kita);
    expect(refused.status).toBe(409);
    expect((await enterSheet(h, cycleId, kita, only([p[0] ?? '']))).status).toBe(409);
  });
});
