import { sql } from 'drizzle-orm';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import type { AuditEventList, BallotReceipt, CreatedVotingCodes, Cycle } from '@pb/shared';
import { queryRows } from '../../server/src/db/database.js';
import { purgePending } from '../../server/src/modules/cycles/cycles.jobs.js';
import { useResultsHarness } from '../helpers/results.js';
import { createCensusEntry, createVoter, movePhase, openVotingCycle, type Voter } from '../helpers/voting.js';

describe('the purge of personal data when a cycle closes', () => {
  const h = useResultsHarness();
  const app = () => h.current().app;
  let censusCounter = 0;

  async function count(query: ReturnType<typeof sql>): Promise<number> {
    const [row] = await queryRows<{ count: number }>(app().db, query);
    return row?.count ?? -1;
  }

  async function votedCycle(voters: number): Promise<{ cycleId: string; people: Voter[]; receipt: string }> {
    const { cycle, projects } = await openVotingCycle(app(), h.staff(), h.confirmer(), {
      ballot: { method: 'approval' },
      districts: [{ districtId: h.kita(), budget: 1000 }],
      projects: [{ districtId: h.kita(), cost: 100 }],
    });
    const proposalId = projects.get(h.kita())?.[0] ?? '';
    const people: Voter[] = [];
    let receipt = '';
    for (let index = 0; index < voters; index += 1) {
      censusCounter += 1;
      const voter = await createVoter(app(), {
        districtId: h.kita(),
        census: { number: `P${String(Date.now())}${String(censusCounter)}`, birthYear: 1950 + index },
      });
      const cast = await request(app().server)
        .post(`/api/cycles/${cycle.id}/ballots`)
        .set('authorization', voter.bearer)
        .send({ districtId: h.kita(), choices: [{ proposalId }] });
      expect(cast.status, cast.text).toBe(201);
      receipt = (cast.body as BallotReceipt).receipt;
      people.push(voter);
    }
    return { cycleId: cycle.id, people, receipt };
  }

  async function publish(cycleId: string): Promise<void> {
    await movePhase(app(), h.staff(), h.confirmer(), cycleId, 'tallying');
    await h.closePaperEntry(cycleId);
    await h.publish(cycleId);
  }

  const verifiedByCensus = (people: Voter[]) =>
    count(
      sql`SELECT count(*)::int AS count FROM users WHERE id IN (${sql.join(
        people.map((person) => sql`${person.id}::uuid`),
        sql`, `,
      )}) AND (census_hash IS NOT NULL OR verified_at IS NOT NULL)`,
    );

  it('closing removes participations, census, census verifications, unused codes and lookup counters, and keeps ballots, results and statistics', async () => {
    // Issued before voting opens: the voter list is frozen from then until the count.
    const letters = ['RET-LETTER-1', 'RET-LETTER-2', 'RET-LETTER-3', 'RET-LETTER-4'];
    for (const number of letters) await createCensusEntry(app(), number, h.kita(), 1970);
    const codes = await request(app().server)
      .post('/api/voting-codes')
      .set('authorization', h.staff().bearer)
      .send({ residentNumbers: letters });
    expect(codes.status, codes.text).toBe(201);
    const [redeemed = ''] = (codes.body as CreatedVotingCodes).codes.map((row) => row.code);
    const letterHolder = await createVoter(app(), { districtId: null });
    const redemption = await request(app().server)
      .post('/api/me/verification/code')
      .set('authorization', letterHolder.bearer)
      .send({ code: redeemed });
    expect(redemption.status, redemption.text).toBe(200);
    const { cycleId, people, receipt } = await votedCycle(12);
    const lookup = await request(app().server).post(`/api/cycles/${cycleId}/receipts/lookup`).send({ receipt });
    expect(lookup.status).toBe(200);
    await publish(cycleId);

    const statisticsBefore = (await h.get(`/api/cycles/${cycleId}/statistics`)).body as unknown;
    const resultsBefore = (await h.get(`/api/cycles/${cycleId}/results`)).body as unknown;
    const ballots = sql`SELECT count(*)::int AS count FROM ballots WHERE cycle_id = ${cycleId}`;
    expect(await count(ballots)).toBe(12);
    expect(await count(sql`SELECT count(*)::int AS count FROM participations WHERE cycle_id = ${cycleId}`)).toBe(12);
    expect(await count(sql`SELECT count(*)::int AS count FROM census_entries`)).toBeGreaterThanOrEqual(12);
    expect(await verifiedByCensus(people)).toBe(12);
    expect(await verifiedByCensus([letterHolder])).toBe(1);
    const censusHashesOnCodes = sql`SELECT count(*)::int AS count FROM voting_codes WHERE census_hash IS NOT NULL`;
    expect(await count(censusHashesOnCodes)).toBe(4);
    const lookups = sql`SELECT count(*)::int AS count FROM rate_limit_counters WHERE key LIKE '%receipt-lookup-ip:%'`;
    expect(await count(lookups)).toBeGreaterThan(0);

    await movePhase(app(), h.staff(), h.confirmer(), cycleId, 'closed');

    expect(await count(sql`SELECT count(*)::int AS count FROM participations WHERE cycle_id = ${cycleId}`)).toBe(0);
    expect(await count(sql`SELECT count(*)::int AS count FROM census_entries`)).toBe(0);
    expect(await verifiedByCensus(people)).toBe(0);
    expect(await verifiedByCensus([letterHolder]), 'the letter put a census hash on the account').toBe(0);
    expect(await count(sql`SELECT count(*)::int AS count FROM voting_codes WHERE redeemed_by IS NULL`)).toBe(0);
    expect(await count(censusHashesOnCodes)).toBe(0);
    expect(await count(lookups)).toBe(0);
    expect(
      await count(
        sql`SELECT count(*)::int AS count FROM cycles WHERE id = ${cycleId} AND personal_data_purged_at IS NOT NULL`,
      ),
    ).toBe(1);

    expect(((await h.get(`/api/cycles/${cycleId}`, h.staff())).body as Cycle).personalDataPurgedAt).toEqual(
      expect.any(String),
    );
    expect(await count(ballots)).toBe(12);
    const resultsAfter = (await h.get(`/api/cycles/${cycleId}/results`)).body as Record<string, unknown>;
    expect({ ...resultsAfter, phase: 'published' }).toEqual(resultsBefore);
    const statisticsAfter = (await h.get(`/api/cycles/${cycleId}/statistics`)).body as Record<string, unknown>;
    expect({ ...statisticsAfter, phase: 'published' }).toEqual(statisticsBefore);
    const bulletin = await request(app().server).post(`/api/cycles/${cycleId}/receipts/lookup`).send({ receipt });
    expect(bulletin.body).toMatchObject({ found: true, status: 'published' });

    const audit = await h.get(`/api/audit-log?action=cycle.personal_data_purged&subjectId=${cycleId}`, h.auditor());
    expect((audit.body as AuditEventList).items.map((entry) => [entry.actorRole, entry.details])).toEqual([
      [
        'system',
        {
          participations: 12,
          censusEntries: expect.any(Number) as number,
          verificationsCleared: expect.any(Number) as number,
          unusedCodes: 3,
          complete: true,
        },
      ],
    ]);
  });

  it('while another cycle still needs the census only participations go; the rest follows later and spares a newer census', async () => {
    const live = await openVotingCycle(app(), h.staff(), h.confirmer(), {
      ballot: { method: 'approval' },
      districts: [{ districtId: h.kita(), budget: 1000 }],
      projects: [{ districtId: h.kita(), cost: 100 }],
    });
    const { cycleId, people } = await votedCycle(3);
    await publish(cycleId);
    await movePhase(app(), h.staff(), h.confirmer(), cycleId, 'closed');

    expect(await count(sql`SELECT count(*)::int AS count FROM participations WHERE cycle_id = ${cycleId}`)).toBe(0);
    expect(await verifiedByCensus(people)).toBe(3);
    const purged = sql`SELECT count(*)::int AS count FROM cycles WHERE id = ${cycleId} AND personal_data_purged_at IS NOT NULL`;
    expect(await count(purged)).toBe(0);
    expect(((await h.get(`/api/cycles/${cycleId}`, h.staff())).body as Cycle).personalDataPurgedAt).toBeNull();

    await purgePending(app());
    expect(await count(purged)).toBe(0);

    // The live cycle ends without closing (a cycle never opened for voting could go back to
    // draft the same way): once nothing needs the census, the next run finishes the purge. A
    // census uploaded meanwhile (the voter list thaws once no cycle is in voting or tallying) is
    // newer than the closed cycle and stays.
    await movePhase(app(), h.staff(), h.confirmer(), live.cycle.id, 'tallying');
    await h.closePaperEntry(live.cycle.id);
    await h.publish(live.cycle.id);
    const census = `resident_number,district,birth_year\nNEWER0001,kita,1980\nNEWER0002,kita,1990\n`;
    const uploaded = await request(app().server)
      .put('/api/census')
      .set('authorization', h.staff().bearer)
      .set('content-type', 'text/csv')
      .send(census);
    expect(uploaded.status, uploaded.text).toBe(200);
    await purgePending(app());
    expect(await count(purged)).toBe(1);
    expect(await verifiedByCensus(people)).toBe(0);
    expect(await count(sql`SELECT count(*)::int AS count FROM census_entries`)).toBe(2);
  });
});
