import { sql } from 'drizzle-orm';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Cycle, ScheduledMove } from '@pb/shared';
import { queryRows } from '../../server/src/db/database.js';
import { proposals } from '../../server/src/db/schema.js';
import { runDueScheduledMoves } from '../../server/src/modules/cycles/cycles.schedule.js';
import { createTestApp, useTestApp } from '../helpers/app.js';
import { createAccount, type TestAccount } from '../helpers/accounts.js';
import { explainPostgresSkip, usingPostgres } from '../helpers/database.js';

explainPostgresSkip('the scheduled-move job on two server instances');

describe('scheduled phase moves', () => {
  const current = useTestApp();
  const server = () => current().app.server;
  let staff: TestAccount;
  let secondStaff: TestAccount;
  let districtId: string;

  beforeAll(async () => {
    staff = await createAccount(current().app, ['staff']);
    secondStaff = await createAccount(current().app, ['staff']);
    const city = await request(server()).get('/api/city');
    districtId = (city.body.districts as { id: string }[])[1]?.id ?? '';
  });

  async function newCycle(): Promise<Cycle> {
    const response = await request(server())
      .post('/api/cycles')
      .set('authorization', staff.bearer)
      .send({
        titleJa: '予定',
        titleEn: 'Scheduled',
        ballot: { method: 'approval' },
        districts: [{ districtId, budget: 1000 }],
      });
    return response.body as Cycle;
  }

  async function schedule(cycleId: string, to: string, at: string, account = staff) {
    return request(server())
      .post(`/api/cycles/${cycleId}/schedule`)
      .set('authorization', account.bearer)
      .send({ to, at });
  }

  /** Makes every pending entry of the cycle due now. */
  async function makeDue(cycleId: string): Promise<void> {
    await current().app.db.execute(
      sql`UPDATE cycle_schedule SET run_at = now() - interval '1 second' WHERE cycle_id = ${cycleId}`,
    );
  }

  async function phaseOf(cycleId: string): Promise<Cycle> {
    return (await request(server()).get(`/api/cycles/${cycleId}`).set('authorization', staff.bearer)).body as Cycle;
  }

  it("reads the date and time in the city's time zone (Tokyo: nine hours ahead of UTC)", async () => {
    const cycle = await newCycle();
    const response = await schedule(cycle.id, 'submission', '2099-05-01T09:00');
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      to: 'submission',
      at: '2099-05-01T00:00:00.000Z',
      atLocal: '2099-05-01T09:00',
      needsConfirmation: false,
      doneAt: null,
    });
    const again = await schedule(cycle.id, 'submission', '2099-05-02T09:00');
    expect(again.status).toBe(201);
    expect((await phaseOf(cycle.id)).schedule.map((entry) => entry.atLocal)).toEqual(['2099-05-02T09:00']);
  });

  it('refuses past times, times that do not exist and phases already reached', async () => {
    const cycle = await newCycle();
    for (const [to, at] of [
      ['submission', '2020-01-01T09:00'],
      ['submission', '2099-02-30T09:00'],
      ['draft', '2099-05-01T09:00'],
    ] as const) {
      const response = await schedule(cycle.id, to, at);
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('cycles.invalid_schedule');
    }
  });

  it('runs a due move once, records it as scheduled, and leaves nothing to run again', async () => {
    const cycle = await newCycle();
    await schedule(cycle.id, 'submission', '2099-05-01T09:00');
    await makeDue(cycle.id);
    expect(await runDueScheduledMoves(current().app.database)).toEqual({ moved: 1, skipped: 0 });
    expect(await runDueScheduledMoves(current().app.database)).toEqual({ moved: 0, skipped: 0 });
    const after = await phaseOf(cycle.id);
    expect(after.phase).toBe('submission');
    expect(after.history.at(-1)).toMatchObject({ from: 'draft', to: 'submission', scheduled: true });
    expect(after.schedule[0]).toMatchObject({ outcome: 'moved' });
  });

  it('a scheduled opening of voting runs only if a second staff member confirmed it', async () => {
    const cycle = await newCycle();
    await request(server())
      .post(`/api/cycles/${cycle.id}/phase`)
      .set('authorization', staff.bearer)
      .send({ to: 'submission' });
    await request(server())
      .post(`/api/cycles/${cycle.id}/phase`)
      .set('authorization', staff.bearer)
      .send({ to: 'review' });
    await current().app.db.insert(proposals).values({
      cycleId: cycle.id,
      districtId,
      title: 'Trees',
      summary: 'Trees',
      description: 'Trees',
      category: 'parks',
      estimatedCost: 100,
      cost: 100,
      status: 'feasible',
      ballotEligible: true,
    });
    const unconfirmed = (await schedule(cycle.id, 'voting', '2099-05-01T09:00')).body as ScheduledMove;
    await makeDue(cycle.id);
    expect(await runDueScheduledMoves(current().app.database)).toEqual({ moved: 0, skipped: 1 });
    expect((await phaseOf(cycle.id)).schedule.find((entry) => entry.id === unconfirmed.id)?.outcome).toMatch(
      /second staff/,
    );

    const entry = (await schedule(cycle.id, 'voting', '2099-05-01T09:00')).body as ScheduledMove;
    const self = await request(server())
      .post(`/api/cycles/${cycle.id}/schedule/${entry.id}/confirm`)
      .set('authorization', staff.bearer);
    expect(self.status).toBe(403);
    const confirmed = await request(server())
      .post(`/api/cycles/${cycle.id}/schedule/${entry.id}/confirm`)
      .set('authorization', secondStaff.bearer);
    expect(confirmed.body.confirmedBy).toBe(secondStaff.id);
    await makeDue(cycle.id);
    expect(await runDueScheduledMoves(current().app.database)).toEqual({ moved: 1, skipped: 0 });
    expect((await phaseOf(cycle.id)).phase).toBe('voting');
  });

  it('residents see the planned dates of moves that will run, not the staff schedule nor unconfirmed openings', async () => {
    const cycle = await newCycle();
    expect(
      (
        await request(server())
          .post(`/api/cycles/${cycle.id}/phase`)
          .set('authorization', staff.bearer)
          .send({ to: 'submission' })
      ).status,
    ).toBe(200);
    expect((await schedule(cycle.id, 'review', '2099-05-01T09:00')).status).toBe(201);
    const opening = await schedule(cycle.id, 'voting', '2099-06-01T09:00');
    expect(opening.status).toBe(201);
    const before = (await request(server()).get(`/api/cycles/${cycle.id}`)).body as Cycle;
    expect(before.schedule).toEqual([]);
    expect(before.plannedMoves).toEqual([
      { to: 'review', at: '2099-05-01T00:00:00.000Z', atLocal: '2099-05-01T09:00' },
    ]);
    const confirmed = await request(server())
      .post(`/api/cycles/${cycle.id}/schedule/${(opening.body as ScheduledMove).id}/confirm`)
      .set('authorization', secondStaff.bearer);
    expect(confirmed.status).toBe(200);
    const listed = (await request(server()).get('/api/cycles')).body as { items: Cycle[] };
    expect(listed.items.find((item) => item.id === cycle.id)?.plannedMoves.map((move) => move.to)).toEqual([
      'review',
      'voting',
    ]);
  });

  it('a cancelled move does not run', async () => {
    const cycle = await newCycle();
    const entry = (await schedule(cycle.id, 'submission', '2099-05-01T09:00')).body as ScheduledMove;
    const cancelled = await request(server())
      .delete(`/api/cycles/${cycle.id}/schedule/${entry.id}`)
      .set('authorization', staff.bearer);
    expect(cancelled.status).toBe(204);
    await makeDue(cycle.id);
    await runDueScheduledMoves(current().app.database);
    expect((await phaseOf(cycle.id)).phase).toBe('draft');
  });

  it.skipIf(!usingPostgres)('two server instances running the job at once move each cycle exactly once', async () => {
    const second = await createTestApp({ database: current().database });
    try {
      const cycles = await Promise.all([newCycle(), newCycle(), newCycle()]);
      for (const cycle of cycles) await schedule(cycle.id, 'submission', '2099-05-01T09:00');
      for (const cycle of cycles) await makeDue(cycle.id);
      const results = await Promise.all([
        runDueScheduledMoves(current().app.database),
        runDueScheduledMoves(second.app.database),
        runDueScheduledMoves(current().app.database),
      ]);
      const moved = results.reduce((sum, result) => sum + (result?.moved ?? 0), 0);
      expect(moved).toBe(3);
      const events = await queryRows<{ n: number }>(
        current().app.db,
        sql`SELECT count(*)::int AS n FROM cycle_phase_events WHERE to_phase = 'submission' AND cycle_id IN (${sql.join(
          cycles.map((cycle) => sql`${cycle.id}`),
          sql`, `,
        )})`,
      );
      expect(events[0]?.n).toBe(3);
    } finally {
      await second.app.close();
    }
  });
});
