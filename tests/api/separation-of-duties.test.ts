import { sql } from 'drizzle-orm';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import type { Cycle, PhaseMoveResult } from '@pb/shared';
import { runDueScheduledMoves } from '../../server/src/modules/cycles/cycles.schedule.js';
import { createAccount } from '../helpers/accounts.js';
import { createCensusEntry, createReviewCycle, movePhase } from '../helpers/voting.js';
import { approvalCycleInKita, censusNumber, staffPost, useVotingApp } from '../helpers/voting-harness.js';

describe('separation of duties: no single person changes who may vote or when voting ends', () => {
  const h = useVotingApp();
  const server = () => h.app().server;

  async function cycleOf(cycleId: string): Promise<Cycle> {
    return (await request(server()).get(`/api/cycles/${cycleId}`).set('authorization', h.staff().bearer)).body as Cycle;
  }

  it('closing voting waits for a second staff member; the requester cannot confirm it', async () => {
    const { cycleId } = await approvalCycleInKita(h);
    const asked = await staffPost(h, `/api/cycles/${cycleId}/phase`, { to: 'tallying' });
    expect(asked.status, asked.text).toBe(202);
    expect((asked.body as PhaseMoveResult).status).toBe('awaiting_confirmation');
    expect((await cycleOf(cycleId)).phase).toBe('voting');
    const self = await staffPost(h, `/api/cycles/${cycleId}/phase/confirm`, {});
    expect(self.status).toBe(403);
    expect(self.body.error.code).toBe('cycles.confirmation_by_requester');
    expect((await cycleOf(cycleId)).phase).toBe('voting');
    const confirmed = await request(server())
      .post(`/api/cycles/${cycleId}/phase/confirm`)
      .set('authorization', h.confirmer().bearer);
    expect(confirmed.status, confirmed.text).toBe(200);
    expect((confirmed.body as PhaseMoveResult).cycle.phase).toBe('tallying');
  });

  it('a scheduled close of voting runs only if a second staff member confirmed it when it was scheduled', async () => {
    const { cycleId } = await approvalCycleInKita(h);
    const scheduled = await staffPost(h, `/api/cycles/${cycleId}/schedule`, { to: 'tallying', at: '2099-01-01T20:00' });
    expect(scheduled.status, scheduled.text).toBe(201);
    expect(scheduled.body.needsConfirmation).toBe(true);
    await h
      .app()
      .db.execute(sql`UPDATE cycle_schedule SET run_at = now() - interval '1 second' WHERE cycle_id = ${cycleId}`);
    await runDueScheduledMoves(h.app().database);
    expect((await cycleOf(cycleId)).phase).toBe('voting');
    expect((await cycleOf(cycleId)).schedule[0]?.outcome).toMatch(/no second staff member/);
  });

  it('an account made staff after a move was requested cannot confirm it, so an admin cannot confirm with a second account', async () => {
    const admin = await createAccount(h.app(), ['admin']);
    const { cycleId } = await createReviewCycle(h.app(), h.staff(), {
      ballot: { method: 'approval' },
      districts: [{ districtId: h.district('kita'), budget: 1000 }],
      projects: [{ districtId: h.district('kita'), cost: 100 }],
    });
    const asked = await staffPost(h, `/api/cycles/${cycleId}/phase`, { to: 'voting' });
    expect(asked.status).toBe(202);
    const helper = await createAccount(h.app(), ['resident']);
    const promoted = await request(server())
      .patch(`/api/admin/users/${helper.id}`)
      .set('authorization', admin.bearer)
      .send({ roles: ['resident', 'staff'] });
    expect(promoted.status, promoted.text).toBe(200);
    const byHelper = await request(server())
      .post(`/api/cycles/${cycleId}/phase/confirm`)
      .set('authorization', helper.bearer);
    expect(byHelper.status).toBe(403);
    expect(byHelper.body.error.code).toBe('cycles.confirmer_staff_too_recent');
    // The admin cannot make themself staff either.
    const selfPromotion = await request(server())
      .patch(`/api/admin/users/${admin.id}`)
      .set('authorization', admin.bearer)
      .send({ roles: ['admin', 'staff'] });
    expect(selfPromotion.status).toBe(403);
    expect((await cycleOf(cycleId)).phase).toBe('review');
    // A request made after the promotion can be confirmed by the new staff member.
    await staffPost(h, `/api/cycles/${cycleId}/phase`, { to: 'voting' });
    await h
      .app()
      .db.execute(
        sql`UPDATE cycle_phase_requests SET requested_at = now() + interval '1 second' WHERE cycle_id = ${cycleId}`,
      );
    const later = await request(server())
      .post(`/api/cycles/${cycleId}/phase/confirm`)
      .set('authorization', helper.bearer);
    expect(later.status, later.text).toBe(200);
    await movePhase(h.app(), h.staff(), h.confirmer(), cycleId, 'tallying');
  });

  it('while a cycle is in voting or tallying the census cannot be replaced or deleted and no voting codes are issued (409); a dry run still works', async () => {
    // On the census, so that only the frozen list can refuse the letter.
    const resident = censusNumber();
    await createCensusEntry(h.app(), resident, h.district('kita'), 1980);
    const { cycleId } = await approvalCycleInKita(h);
    const upload = (dryRun: boolean) =>
      request(server())
        .put('/api/census')
        .query(dryRun ? { dryRun: 'true' } : {})
        .set('authorization', h.staff().bearer)
        .set('content-type', 'text/csv')
        .send('resident_number,district,birth_year\nINVENTED0001,kita,1980\n');
    for (const response of [
      await upload(false),
      await request(server()).delete('/api/census').set('authorization', h.staff().bearer),
      await staffPost(h, '/api/voting-codes', { residentNumbers: [resident] }),
    ]) {
      expect(response.status, response.text).toBe(409);
      expect(response.body.error.code).toBe('verification.voter_list_frozen');
    }
    const dryRun = await upload(true);
    expect(dryRun.status, dryRun.text).toBe(200);
    expect(dryRun.body.applied).toBe(false);
    await movePhase(h.app(), h.staff(), h.confirmer(), cycleId, 'tallying');
    expect((await upload(false)).status).toBe(409);
  });
});
