import { sql } from 'drizzle-orm';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import type { CycleReconciliation, CycleResults, ExportManifest } from '@pb/shared';
import { queryRows } from '../../server/src/db/database.js';
import { countPendingCycles } from '../../server/src/modules/results/results.jobs.js';
import { recountAndWait, useResultsHarness } from '../helpers/results.js';

const COSTS = [100, 200, 300];
const BALLOTS = [[0], [0, 1], [2]];

describe('the count reconciles ballots with participations', () => {
  const h = useResultsHarness();
  const app = () => h.current().app;

  it('results, the recount and the reconciliation state the figures: online ballots equal their participations', async () => {
    const { cycleId } = await h.talliedCycle(COSTS, 1000, BALLOTS);
    await h.closePaperEntry(cycleId);
    const expected = {
      districtId: h.kita(),
      receiptedBallots: 3,
      receiptedParticipations: 3,
      paperBallots: 0,
      paperParticipations: 0,
      matches: true,
    };
    const results = (await h.get(`/api/cycles/${cycleId}/results`, h.auditor())).body as CycleResults;
    expect(results.districts.map((district) => district.reconciliation)).toEqual([expected]);
    const reconciliation = (await h.get(`/api/cycles/${cycleId}/reconciliation`, h.staff()))
      .body as CycleReconciliation;
    expect(reconciliation).toEqual({ cycleId, countStopped: false, districts: [expected] });
    const recount = await recountAndWait(app(), h.auditor(), cycleId);
    expect(recount).toMatchObject({ matches: true, reconciliation: [expected] });
    const manifest = await h.get(`/api/cycles/${cycleId}/exports/manifest.json`, h.auditor());
    expect(manifest.status, manifest.text).toBe(200);
    expect((manifest.body as ExportManifest).reconciliation).toEqual([expected]);
    // Before publication the figures are for staff and auditors only, as the results are.
    expect((await h.get(`/api/cycles/${cycleId}/reconciliation`, h.resident())).status).toBe(403);
  });

  it('a ballot slipped in behind the triggers stops the count: audited once, shown with both numbers, nothing published', async () => {
    const { cycleId, ids } = await h.talliedCycle(COSTS, 1000, BALLOTS);
    // A database owner can switch triggers off; the count must still notice the extra ballot.
    await app().db.transaction(async (tx) => {
      await tx.execute(sql`SET LOCAL session_replication_role = replica`);
      await tx.execute(
        sql`INSERT INTO ballots (cycle_id, district_id, receipt_hash, choices)
            VALUES (${cycleId}, ${h.kita()}, 'forged', ${JSON.stringify([{ proposalId: ids[2] }])}::jsonb)`,
      );
    });
    const closed = await request(app().server)
      .post(`/api/cycles/${cycleId}/paper-entry/close`)
      .set('authorization', h.staff().bearer);
    expect(closed.status).toBe(202);
    const stopsOf = () =>
      queryRows<{ details: unknown }>(
        app().db,
        sql`SELECT details FROM audit_events WHERE action = 'results.count_stopped' AND subject_id = ${cycleId}`,
      );
    // The count closing started runs in the background; wait for it to stop, then run the job
    // again as the scheduler would: it must not count, nor record the stop twice.
    await expect.poll(async () => (await stopsOf()).length, { timeout: 20_000 }).toBe(1);
    await countPendingCycles(app().database);
    const stops = await stopsOf();
    const mismatch = {
      districtId: h.kita(),
      receiptedBallots: 4,
      receiptedParticipations: 3,
      paperBallots: 0,
      paperParticipations: 0,
      matches: false,
    };
    expect(stops.map((row) => row.details)).toEqual([{ districts: [mismatch] }]);
    const stored = await queryRows<{ count: number }>(
      app().db,
      sql`SELECT count(*)::int AS count FROM cycle_results WHERE cycle_id = ${cycleId}`,
    );
    expect(stored[0]?.count).toBe(0);
    const results = await h.get(`/api/cycles/${cycleId}/results`, h.auditor());
    expect(results.status).toBe(409);
    expect(results.body.error.code).toBe('results.count_stopped');
    const reconciliation = (await h.get(`/api/cycles/${cycleId}/reconciliation`, h.auditor()))
      .body as CycleReconciliation;
    expect(reconciliation).toEqual({ cycleId, countStopped: true, districts: [mismatch] });
    const publish = await request(app().server)
      .post(`/api/cycles/${cycleId}/phase`)
      .set('authorization', h.staff().bearer)
      .send({ to: 'published' });
    expect(publish.status).toBe(409);
  });
});
