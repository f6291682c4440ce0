import { sql } from 'drizzle-orm';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CreateCycleBody, Cycle } from '@pb/shared';
import { queryRows } from '../../server/src/db/database.js';
import { proposals } from '../../server/src/db/schema.js';
import { useTestApp } from '../helpers/app.js';
import { createAccount, type TestAccount } from '../helpers/accounts.js';
import { awaitCount } from '../helpers/voting.js';

/** The SQLSTATE a statement failed with (drizzle wraps the driver's error), or 'succeeded'. */
async function sqlStateOf(statement: Promise<unknown>): Promise<string> {
  try {
    await statement;
    return 'succeeded';
  } catch (error) {
    for (let current: unknown = error; current instanceof Error; current = current.cause) {
      const code = (current as { code?: unknown }).code;
      if (typeof code === 'string') return code;
    }
    return 'unknown';
  }
}

describe('budget cycles and their phases', () => {
  const current = useTestApp();
  const server = () => current().app.server;
  let staff: TestAccount;
  let secondStaff: TestAccount;
  let resident: TestAccount;
  let districtIds: string[];

  beforeAll(async () => {
    staff = await createAccount(current().app, ['staff']);
    secondStaff = await createAccount(current().app, ['staff']);
    resident = await createAccount(current().app, ['resident']);
    const city = await request(server()).get('/api/city');
    districtIds = (city.body.districts as { id: string }[]).map((district) => district.id).slice(1, 3);
  });

  function cycleBody(overrides: Partial<CreateCycleBody> = {}): CreateCycleBody {
    return {
      titleJa: '2027年度 市民予算',
      titleEn: 'Civic budget 2027',
      ballot: { method: 'approval', maxProjects: 5 },
      districts: districtIds.map((districtId, index) => ({ districtId, budget: 10_000_000 * (index + 1) })),
      ...overrides,
    };
  }

  async function createCycle(overrides: Partial<CreateCycleBody> = {}): Promise<Cycle> {
    const response = await request(server())
      .post('/api/cycles')
      .set('authorization', staff.bearer)
      .send(cycleBody(overrides));
    expect(response.status).toBe(201);
    return response.body as Cycle;
  }

  async function move(cycleId: string, to: string, account: TestAccount = staff) {
    return request(server()).post(`/api/cycles/${cycleId}/phase`).set('authorization', account.bearer).send({ to });
  }

  async function addBallotProposals(cycleId: string): Promise<void> {
    await current()
      .app.db.insert(proposals)
      .values(
        districtIds.map((districtId, index) => ({
          cycleId,
          districtId,
          title: `Benches ${String(index)}`,
          summary: 'More benches',
          description: 'Benches along the river.',
          category: 'parks',
          estimatedCost: 1_000_000,
          cost: 1_200_000,
          status: 'feasible',
          ballotEligible: true,
        })),
      );
  }

  /** A cycle in voting, reached through every phase with the second confirmation. */
  async function cycleInVoting(): Promise<Cycle> {
    const cycle = await createCycle();
    expect((await move(cycle.id, 'submission')).status).toBe(200);
    expect((await move(cycle.id, 'review')).status).toBe(200);
    await addBallotProposals(cycle.id);
    expect((await move(cycle.id, 'voting')).status).toBe(202);
    const confirmed = await request(server())
      .post(`/api/cycles/${cycle.id}/phase/confirm`)
      .set('authorization', secondStaff.bearer);
    expect(confirmed.status).toBe(200);
    return confirmed.body.cycle as Cycle;
  }

  it('creates a draft with the product defaults: MES with Add1, one vote needed, cost-votes-id ties', async () => {
    const cycle = await createCycle();
    expect(cycle).toMatchObject({
      phase: 'draft',
      frozen: false,
      requiresVerification: true,
      allocation: {
        rule: 'mes',
        utility: 'cost',
        completion: 'add1',
        add1Stop: 'exhaustive',
        minVotes: 1,
        ties: 'cost-votes-id',
      },
      districts: [
        { districtId: districtIds[0], budget: 10_000_000 },
        { districtId: districtIds[1], budget: 20_000_000 },
      ],
      history: [{ from: null, to: 'draft' }],
    });
  });

  it('shows drafts to staff only', async () => {
    const cycle = await createCycle();
    expect((await request(server()).get(`/api/cycles/${cycle.id}`)).status).toBe(404);
    expect((await request(server()).get(`/api/cycles/${cycle.id}`).set('authorization', resident.bearer)).status).toBe(
      404,
    );
    expect((await request(server()).get(`/api/cycles/${cycle.id}`).set('authorization', staff.bearer)).status).toBe(
      200,
    );
    const publicList = await request(server()).get('/api/cycles');
    expect((publicList.body.items as Cycle[]).some((item) => item.id === cycle.id)).toBe(false);
    await move(cycle.id, 'submission');
    expect((await request(server()).get(`/api/cycles/${cycle.id}`)).body.phase).toBe('submission');
  });

  it.each([
    [{ ballot: { method: 'approval' as const, minProjects: 4, maxProjects: 2 } }, 'minProjects'],
    [{ ballot: { method: 'approval' as const, points: 10 } }, 'does not apply'],
    [{ ballot: { method: 'cumulative' as const, maxPointsPerProject: 3 } }, 'needs ballot.points'],
    [{ ballot: { method: 'cumulative' as const, points: 5, maxPointsPerProject: 6 } }, 'maxPointsPerProject'],
    [{ ballot: { method: 'ranked' as const } }, 'maxRanked'],
  ])('refuses inconsistent ballot rules (%j)', async (overrides, fragment) => {
    const response = await request(server())
      .post('/api/cycles')
      .set('authorization', staff.bearer)
      .send(cycleBody(overrides));
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('cycles.invalid_rules');
    expect(response.body.error.message).toContain(fragment);
  });

  it('refuses unknown or repeated districts and negative budgets', async () => {
    const unknown = await request(server())
      .post('/api/cycles')
      .set('authorization', staff.bearer)
      .send(cycleBody({ districts: [{ districtId: '00000000-0000-4000-8000-000000000000', budget: 1 }] }));
    expect(unknown.body.error.code).toBe('cycles.unknown_district');
    const negative = await request(server())
      .post('/api/cycles')
      .set('authorization', staff.bearer)
      .send(cycleBody({ districts: [{ districtId: districtIds[0] ?? '', budget: -1 }] }));
    expect(negative.status).toBe(400);
  });

  it('moves one step at a time and back one step before voting', async () => {
    const cycle = await createCycle();
    const skip = await move(cycle.id, 'review');
    expect(skip.status).toBe(409);
    expect(skip.body.error.code).toBe('cycles.invalid_phase_move');
    expect((await move(cycle.id, 'submission')).status).toBe(200);
    expect((await move(cycle.id, 'review')).status).toBe(200);
    const back = await move(cycle.id, 'submission');
    expect(back.status).toBe(200);
    expect((back.body.cycle as Cycle).history.map((event) => event.to)).toEqual([
      'draft',
      'submission',
      'review',
      'submission',
    ]);
  });

  it('opens voting only with a ballot-eligible proposal in every district and a second staff member', async () => {
    const cycle = await createCycle();
    await move(cycle.id, 'submission');
    await move(cycle.id, 'review');
    const early = await move(cycle.id, 'voting');
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('cycles.precondition_failed');
    await addBallotProposals(cycle.id);
    const requested = await move(cycle.id, 'voting');
    expect(requested.status).toBe(202);
    expect(requested.body).toMatchObject({
      status: 'awaiting_confirmation',
      cycle: { phase: 'review', pendingMove: { to: 'voting' } },
    });
    const publicView = await request(server()).get(`/api/cycles/${cycle.id}`);
    expect(publicView.body).toMatchObject({ phase: 'review', pendingMove: null, schedule: [] });
    const self = await request(server())
      .post(`/api/cycles/${cycle.id}/phase/confirm`)
      .set('authorization', staff.bearer);
    expect(self.status).toBe(403);
    expect(self.body.error.code).toBe('cycles.confirmation_by_requester');
    const confirmed = await request(server())
      .post(`/api/cycles/${cycle.id}/phase/confirm`)
      .set('authorization', secondStaff.bearer);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.cycle).toMatchObject({ phase: 'voting', frozen: true, pendingMove: null });
    const again = await request(server())
      .post(`/api/cycles/${cycle.id}/phase/confirm`)
      .set('authorization', secondStaff.bearer);
    expect(again.body.error.code).toBe('cycles.no_pending_move');
  });

  it('freezes rules, budgets and the ballot list once voting opens, in the API and in the database', async () => {
    const cycle = await cycleInVoting();
    const patch = await request(server())
      .patch(`/api/cycles/${cycle.id}`)
      .set('authorization', staff.bearer)
      .send({ ballot: { method: 'approval', maxProjects: 9 } });
    expect(patch.status).toBe(409);
    expect(patch.body.error.code).toBe('cycles.rules_frozen');
    const back = await move(cycle.id, 'review');
    expect(back.body.error.code).toBe('cycles.invalid_phase_move');

    const { db } = current().app;
    const bypasses = [
      sql`UPDATE cycles SET ballot_rules = '{"method":"approval","maxProjects":9}' WHERE id = ${cycle.id}`,
      sql`UPDATE cycles SET allocation_rules = jsonb_set(allocation_rules, '{rule}', '"greedy"') WHERE id = ${cycle.id}`,
      sql`UPDATE cycles SET phase = 'review' WHERE id = ${cycle.id}`,
      sql`UPDATE cycle_districts SET budget = budget + 1 WHERE cycle_id = ${cycle.id}`,
      sql`DELETE FROM cycle_districts WHERE cycle_id = ${cycle.id}`,
      sql`UPDATE proposals SET cost = cost + 1 WHERE cycle_id = ${cycle.id}`,
      sql`UPDATE proposals SET ballot_eligible = false WHERE cycle_id = ${cycle.id}`,
      sql`DELETE FROM proposals WHERE cycle_id = ${cycle.id}`,
      sql`DELETE FROM cycles WHERE id = ${cycle.id}`,
    ];
    for (const statement of bypasses) expect(await sqlStateOf(db.execute(statement))).toBe('PBF01');
    const after = await request(server()).get(`/api/cycles/${cycle.id}`);
    expect(after.body).toMatchObject({ phase: 'voting', ballot: { maxProjects: 5 }, districts: cycle.districts });
  });

  it('lets a proposal be withdrawn during voting, and nothing else about it change', async () => {
    const cycle = await cycleInVoting();
    const { db } = current().app;
    await db.execute(
      sql`UPDATE proposals SET status = 'withdrawn', withdrawn_at = now(), withdrawal_reason = 'Land no longer available' WHERE cycle_id = ${cycle.id} AND district_id = ${districtIds[0] ?? ''}`,
    );
    const rename = db.execute(
      sql`UPDATE proposals SET title = 'Renamed' WHERE cycle_id = ${cycle.id} AND district_id = ${districtIds[1] ?? ''}`,
    );
    expect(await sqlStateOf(rename)).toBe('PBF01');
    const rows = await queryRows<{ status: string; withdrawal_reason: string | null }>(
      db,
      sql`SELECT status, withdrawal_reason FROM proposals WHERE cycle_id = ${cycle.id} ORDER BY withdrawn_at NULLS LAST`,
    );
    expect(rows).toEqual([
      { status: 'withdrawn', withdrawal_reason: 'Land no longer available' },
      { status: 'feasible', withdrawal_reason: null },
    ]);
  });

  it('publishing needs paper entry closed and a second staff member, and a published cycle cannot go back', async () => {
    const cycle = await cycleInVoting();
    expect((await move(cycle.id, 'tallying')).status).toBe(202);
    const tallying = await request(server())
      .post(`/api/cycles/${cycle.id}/phase/confirm`)
      .set('authorization', secondStaff.bearer);
    expect(tallying.body.cycle.phase).toBe('tallying');
    const early = await move(cycle.id, 'published');
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('cycles.precondition_failed');
    const closed = await request(server())
      .post(`/api/cycles/${cycle.id}/paper-entry/close`)
      .set('authorization', staff.bearer);
    expect(closed.status).toBe(202);
    expect(closed.body).toMatchObject({ open: false });
    await awaitCount(current().app, cycle.id);
    expect((await move(cycle.id, 'published')).status).toBe(202);
    const published = await request(server())
      .post(`/api/cycles/${cycle.id}/phase/confirm`)
      .set('authorization', secondStaff.bearer);
    expect(published.body.cycle.phase).toBe('published');
    expect((await move(cycle.id, 'tallying')).status).toBe(409);
    expect((await move(cycle.id, 'closed')).status).toBe(200);
  });

  it('clones a past cycle into a new draft with its districts, budgets and rules', async () => {
    const source = await cycleInVoting();
    const clone = await request(server()).post(`/api/cycles/${source.id}/clone`).set('authorization', staff.bearer);
    expect(clone.status).toBe(201);
    expect(clone.body).toMatchObject({
      phase: 'draft',
      clonedFrom: source.id,
      ballot: source.ballot,
      allocation: source.allocation,
      districts: source.districts,
      titleEn: 'Civic budget 2027 (copy)',
    });
    expect(clone.body.id).not.toBe(source.id);
  });
});
