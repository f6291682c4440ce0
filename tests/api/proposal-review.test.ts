import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Cycle, NotificationList, Proposal } from '@pb/shared';
import { updateUser } from '../../server/src/modules/users/users.repository.js';
import { useTestApp } from '../helpers/app.js';
import { createAccount, type TestAccount } from '../helpers/accounts.js';

describe('reviewing and withdrawing proposals', () => {
  const current = useTestApp();
  const server = () => current().app.server;
  let staff: TestAccount;
  let secondStaff: TestAccount;
  let author: TestAccount;
  let kita: string;

  beforeAll(async () => {
    staff = await createAccount(current().app, ['staff']);
    secondStaff = await createAccount(current().app, ['staff']);
    author = await createAccount(current().app, ['resident']);
    const city = await request(server()).get('/api/city');
    kita = (city.body.districts as { id: string }[])[1]?.id ?? '';
    await updateUser(current().app.db, author.id, {
      districtId: kita,
      verificationMethod: 'code',
      verifiedAt: new Date(),
    });
  });

  async function cycleInSubmission(): Promise<Cycle> {
    const created = await request(server())
      .post('/api/cycles')
      .set('authorization', staff.bearer)
      .send({
        titleJa: '審査',
        titleEn: 'Review',
        ballot: { method: 'approval' },
        districts: [{ districtId: kita, budget: 5_000_000 }],
        proposalQuota: 10,
      });
    await request(server())
      .post(`/api/cycles/${String(created.body.id)}/phase`)
      .set('authorization', staff.bearer)
      .send({ to: 'submission' });
    return created.body as Cycle;
  }

  async function propose(cycleId: string, title: string): Promise<Proposal> {
    const response = await request(server())
      .post(`/api/cycles/${cycleId}/proposals`)
      .set('authorization', author.bearer)
      .send({
        title,
        summary: 'A summary long enough.',
        description: 'A description long enough.',
        category: 'parks',
        districtId: kita,
        estimatedCost: 1_000_000,
      });
    expect(response.status).toBe(201);
    return response.body as Proposal;
  }

  async function review(proposalId: string, body: object) {
    return request(server()).post(`/api/proposals/${proposalId}/review`).set('authorization', staff.bearer).send(body);
  }

  async function move(cycleId: string, to: string) {
    const response = await request(server())
      .post(`/api/cycles/${cycleId}/phase`)
      .set('authorization', staff.bearer)
      .send({ to });
    if (response.status === 202) {
      return request(server()).post(`/api/cycles/${cycleId}/phase/confirm`).set('authorization', secondStaff.bearer);
    }
    return response;
  }

  it('records feasibility, an adjusted cost and eligibility in a public history, and tells the author', async () => {
    const cycle = await cycleInSubmission();
    const proposal = await propose(cycle.id, 'Oak benches');
    const reviewed = await review(proposal.id, {
      status: 'feasible',
      cost: 1_350_000,
      ballotEligible: true,
      reason: 'Includes installation.',
    });
    expect(reviewed.status).toBe(200);
    expect(reviewed.body).toMatchObject({ status: 'feasible', cost: 1_350_000, ballotEligible: true });
    const publicView = (await request(server()).get(`/api/proposals/${proposal.id}`)).body as Proposal;
    expect(publicView.history.map((event) => [event.status, event.cost, event.ballotEligible, event.reason])).toEqual([
      ['submitted', null, false, null],
      ['feasible', 1_350_000, true, 'Includes installation.'],
    ]);
    const inbox = (await request(server()).get('/api/me/notifications').set('authorization', author.bearer))
      .body as NotificationList;
    expect(inbox.unread).toBeGreaterThanOrEqual(1);
    expect(inbox.items[0]).toMatchObject({ kind: 'proposal.status_changed', proposalId: proposal.id, read: false });
    expect(
      (await request(server()).post('/api/me/notifications/read').set('authorization', author.bearer).send({})).status,
    ).toBe(204);
    const after = (await request(server()).get('/api/me/notifications').set('authorization', author.bearer))
      .body as NotificationList;
    expect(after.unread).toBe(0);
  });

  it('refuses impossible decisions: eligible while infeasible or unreviewed, merges into itself, reviews of merged ones', async () => {
    const cycle = await cycleInSubmission();
    const first = await propose(cycle.id, 'Crossing A');
    const second = await propose(cycle.id, 'Crossing B');
    expect(
      (await review(first.id, { status: 'infeasible', ballotEligible: true, reason: 'No land.' })).body.error.code,
    ).toBe('proposals.invalid_review');
    expect((await review(first.id, { ballotEligible: true, reason: 'Looks fine.' })).body.error.code).toBe(
      'proposals.invalid_review',
    );
    expect((await review(first.id, { mergeInto: first.id, reason: 'Same.' })).body.error.code).toBe(
      'proposals.invalid_review',
    );
    const infeasible = await review(first.id, { status: 'infeasible', reason: 'Not city land.' });
    expect(infeasible.body).toMatchObject({ status: 'infeasible', ballotEligible: false });
    const merged = await review(second.id, { mergeInto: first.id, reason: 'Same crossing.' });
    expect(merged.body).toMatchObject({ status: 'merged', mergedInto: first.id, ballotEligible: false });
    expect((await review(second.id, { status: 'feasible', reason: 'Again.' })).body.error.code).toBe(
      'proposals.invalid_review',
    );
    expect((await review(first.id, { reason: 'Nothing decided' })).status).toBe(400);
  });

  it('refuses to merge a proposal into one of another district with 409, and leaves both as they were', async () => {
    const city = await request(server()).get('/api/city');
    const cityWide = (city.body.districts as { id: string; cityWide: boolean }[]).find((d) => d.cityWide)?.id ?? '';
    const created = await request(server())
      .post('/api/cycles')
      .set('authorization', staff.bearer)
      .send({
        titleJa: '地区をまたぐ統合',
        titleEn: 'Merge across districts',
        ballot: { method: 'approval' },
        districts: [
          { districtId: kita, budget: 5_000_000 },
          { districtId: cityWide, budget: 5_000_000 },
        ],
        proposalQuota: 10,
      });
    expect(created.status, created.text).toBe(201);
    const cycleId = String(created.body.id);
    expect((await move(cycleId, 'submission')).status).toBe(200);
    const local = await propose(cycleId, 'Bench by the Kita station');
    const wide = await request(server())
      .post(`/api/cycles/${cycleId}/proposals`)
      .set('authorization', author.bearer)
      .send({
        title: 'Benches in every district',
        summary: 'A summary long enough.',
        description: 'A description long enough.',
        category: 'parks',
        districtId: cityWide,
        estimatedCost: 1_000_000,
      });
    expect(wide.status, wide.text).toBe(201);
    const refused = await review(local.id, { mergeInto: String(wide.body.id), reason: 'Same benches.' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('proposals.merge_other_district');
    const after = (await request(server()).get(`/api/proposals/${local.id}`)).body as Proposal;
    expect(after).toMatchObject({ status: 'submitted', mergedInto: null });
    expect(after.history).toHaveLength(1);
  });

  it('withdraws a proposal during voting: it keeps its ballot place, the change is public and final', async () => {
    const cycle = await cycleInSubmission();
    const kept = await propose(cycle.id, 'Playground');
    const pulled = await propose(cycle.id, 'Fountain');
    for (const proposal of [kept, pulled])
      await review(proposal.id, { status: 'feasible', ballotEligible: true, reason: 'Checked.' });
    expect((await move(cycle.id, 'review')).status).toBe(200);
    expect((await move(cycle.id, 'voting')).status).toBe(200);
    expect((await review(kept.id, { cost: 1, reason: 'Cheaper now.' })).body.error.code).toBe(
      'proposals.review_closed',
    );
    const withdrawn = await request(server())
      .post(`/api/proposals/${pulled.id}/withdraw`)
      .set('authorization', staff.bearer)
      .send({ reason: 'The site was sold.' });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({
      status: 'withdrawn',
      withdrawn: true,
      ballotEligible: true,
      withdrawalReason: 'The site was sold.',
    });
    const again = await request(server())
      .post(`/api/proposals/${pulled.id}/withdraw`)
      .set('authorization', staff.bearer)
      .send({ reason: 'Twice.' });
    expect(again.body.error.code).toBe('proposals.withdraw_closed');
    expect((await move(cycle.id, 'tallying')).status).toBe(200);
    const late = await request(server())
      .post(`/api/proposals/${kept.id}/withdraw`)
      .set('authorization', staff.bearer)
      .send({ reason: 'Too late.' });
    expect(late.body.error.code).toBe('proposals.withdraw_closed');
  });
});
