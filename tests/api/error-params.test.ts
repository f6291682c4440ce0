import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CreateCycleBody, Cycle } from '@pb/shared';
import { updateUser } from '../../server/src/modules/users/users.repository.js';
import { useTestApp } from '../helpers/app.js';
import { createAccount, type TestAccount } from '../helpers/accounts.js';

/**
 * Refusals a person reads in the app carry `params`: the case (`reason`) and its figures, so the
 * app words them in Japanese or English. `message` stays the English explanation for API users.
 */
describe("error params for messages in the reader's language", () => {
  const current = useTestApp();
  const server = () => current().app.server;
  let staff: TestAccount;
  let districtIds: string[];

  beforeAll(async () => {
    staff = await createAccount(current().app, ['staff']);
    const city = await request(server()).get('/api/city');
    districtIds = (city.body.districts as { id: string }[]).map((district) => district.id).slice(1, 3);
  });

  function cycleBody(overrides: Partial<CreateCycleBody> = {}): CreateCycleBody {
    return {
      titleJa: 'エラー文言テスト',
      titleEn: 'Error wording test',
      ballot: { method: 'approval' },
      districts: districtIds.map((districtId) => ({ districtId, budget: 10_000_000 })),
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

  async function move(cycleId: string, to: string) {
    return request(server()).post(`/api/cycles/${cycleId}/phase`).set('authorization', staff.bearer).send({ to });
  }

  it('a refused phase move names the phases, and a missing proposal the districts concerned', async () => {
    const cycle = await createCycle();
    const skip = await move(cycle.id, 'review');
    expect(skip.status).toBe(409);
    expect(skip.body.error).toEqual({
      code: 'cycles.invalid_phase_move',
      message: 'From draft the cycle can move to submission, not to review.',
      params: { reason: 'one_step_forward', from: 'draft', to: 'review', next: 'submission' },
    });
    expect((await move(cycle.id, 'submission')).status).toBe(200);
    expect((await move(cycle.id, 'review')).status).toBe(200);
    const early = await move(cycle.id, 'voting');
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('cycles.precondition_failed');
    expect(early.body.error.message).toContain('Every district needs at least one ballot-eligible proposal');
    expect(early.body.error.params).toEqual({
      reason: 'districts_without_proposals',
      districts: districtIds.join(','),
    });
  });

  it('inconsistent rules and unknown districts name their case', async () => {
    const rules = await request(server())
      .post('/api/cycles')
      .set('authorization', staff.bearer)
      .send(cycleBody({ ballot: { method: 'approval', minProjects: 5, maxProjects: 2 } }));
    expect(rules.status).toBe(400);
    expect(rules.body.error).toMatchObject({ code: 'cycles.invalid_rules', params: { reason: 'min_above_max' } });
    const unknownId = '00000000-0000-4000-8000-000000000000';
    const unknown = await request(server())
      .post('/api/cycles')
      .set('authorization', staff.bearer)
      .send(cycleBody({ districts: [{ districtId: unknownId, budget: 1 }] }));
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.params).toEqual({ reason: 'unknown_district', districts: unknownId });
  });

  it('a schedule in the past names the time and the time zone', async () => {
    const cycle = await createCycle();
    const response = await request(server())
      .post(`/api/cycles/${cycle.id}/schedule`)
      .set('authorization', staff.bearer)
      .send({ to: 'submission', at: '2020-01-01T09:00' });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({
      code: 'cycles.invalid_schedule',
      params: { reason: 'not_future', at: '2020-01-01T09:00', timeZone: 'Asia/Tokyo' },
    });
  });

  it('a proposal over the quota gives the quota as a number', async () => {
    const resident = await createAccount(current().app, ['resident']);
    await updateUser(current().app.db, resident.id, {
      districtId: districtIds[0] ?? null,
      verificationMethod: 'code',
      verifiedAt: new Date(),
    });
    const cycle = await createCycle({ proposalQuota: 1 });
    expect((await move(cycle.id, 'submission')).status).toBe(200);
    const propose = () =>
      request(server()).post(`/api/cycles/${cycle.id}/proposals`).set('authorization', resident.bearer).send({
        title: 'Benches along the river',
        summary: 'Ten oak benches on the river path.',
        description: 'Older residents need places to rest.',
        category: 'parks',
        districtId: districtIds[0],
        estimatedCost: 1_500_000,
      });
    expect((await propose()).status).toBe(201);
    const refused = await propose();
    expect(refused.status).toBe(409);
    expect(refused.body.error).toEqual({
      code: 'proposals.quota_reached',
      message: 'This cycle allows 1 proposal per resident.',
      params: { reason: 'quota', quota: 1 },
    });
  });
});
