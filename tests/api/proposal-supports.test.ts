import { eq, sql } from 'drizzle-orm';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Cycle, Proposal, ProposalList, SupportResult } from '@pb/shared';
import { proposalSupports } from '../../server/src/modules/proposals/proposals.table.js';
import { useTestApp } from '../helpers/app.js';
import { createAccount, type TestAccount } from '../helpers/accounts.js';
import { createVoter, districtIds, type Voter } from '../helpers/voting.js';

describe('supporting proposals', () => {
  const current = useTestApp();
  const server = () => current().app.server;
  let staff: TestAccount;
  let districts: Record<string, string>;
  let kita: string;
  let author: Voter;
  let residents: Voter[];

  beforeAll(async () => {
    staff = await createAccount(current().app, ['staff']);
    districts = await districtIds(current().app);
    kita = districts.kita ?? '';
    author = await createVoter(current().app, { districtId: kita });
    residents = await Promise.all([0, 1, 2].map(() => createVoter(current().app, { districtId: kita })));
  });

  async function cycleInSubmission(settings: object): Promise<Cycle> {
    const created = await request(server())
      .post('/api/cycles')
      .set('authorization', staff.bearer)
      .send({
        titleJa: '賛同',
        titleEn: 'Supports',
        ballot: { method: 'approval' },
        districts: [
          { districtId: kita, budget: 1000 },
          { districtId: districts.minami ?? '', budget: 1000 },
        ],
        ...settings,
      });
    expect(created.status).toBe(201);
    const moved = await request(server())
      .post(`/api/cycles/${(created.body as Cycle).id}/phase`)
      .set('authorization', staff.bearer)
      .send({ to: 'submission' });
    expect(moved.status).toBe(200);
    return created.body as Cycle;
  }

  async function propose(cycleId: string, title = 'Benches in the park'): Promise<Proposal> {
    const response = await request(server())
      .post(`/api/cycles/${cycleId}/proposals`)
      .set('authorization', author.bearer)
      .send({
        title,
        summary: 'Three benches by the pond.',
        description: 'Older residents need somewhere to rest.',
        category: 'parks',
        districtId: kita,
        estimatedCost: 300,
      });
    expect(response.status).toBe(201);
    return response.body as Proposal;
  }

  function support(voter: { bearer: string }, proposalId: string) {
    return request(server()).put(`/api/proposals/${proposalId}/support`).set('authorization', voter.bearer);
  }

  function unsupport(voter: { bearer: string }, proposalId: string) {
    return request(server()).delete(`/api/proposals/${proposalId}/support`).set('authorization', voter.bearer);
  }

  async function storedSupports(proposalId: string): Promise<number> {
    const rows = await current()
      .app.db.select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(proposalSupports)
      .where(eq(proposalSupports.proposalId, proposalId));
    return rows[0]?.n ?? 0;
  }

  it('stores the two settings on the cycle and lets staff change them before voting', async () => {
    const cycle = await cycleInSubmission({ supportsEnabled: true, supportThreshold: 5 });
    expect(cycle.supportsEnabled).toBe(true);
    expect(cycle.supportThreshold).toBe(5);
    const patched = await request(server())
      .patch(`/api/cycles/${cycle.id}`)
      .set('authorization', staff.bearer)
      .send({ supportThreshold: null, supportsEnabled: false });
    expect(patched.status).toBe(200);
    expect((patched.body as Cycle).supportThreshold).toBeNull();
    expect((patched.body as Cycle).supportsEnabled).toBe(false);
    for (const supportThreshold of [-1, 1.5, 'many']) {
      const refused = await request(server())
        .patch(`/api/cycles/${cycle.id}`)
        .set('authorization', staff.bearer)
        .send({ supportThreshold });
      expect(refused.status).toBe(400);
    }
    const stored = await request(server()).get(`/api/cycles/${cycle.id}`).set('authorization', staff.bearer);
    expect((stored.body as Cycle).supportThreshold).toBeNull();
  });

  it('counts one support per resident, shows it to the supporter and lets them withdraw it', async () => {
    const cycle = await cycleInSubmission({ supportsEnabled: true });
    const proposal = await propose(cycle.id);
    const first = await support(residents[0] ?? author, proposal.id);
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ supportCount: 1, supportedByMe: true, supportsNeeded: null });
    const again = await support(residents[0] ?? author, proposal.id);
    expect(again.status).toBe(200);
    expect((again.body as SupportResult).supportCount).toBe(1);
    expect(await storedSupports(proposal.id)).toBe(1);

    const seen = await request(server())
      .get(`/api/proposals/${proposal.id}`)
      .set('authorization', residents[0]?.bearer ?? '');
    expect(seen.body).toMatchObject({ supportCount: 1, supportedByMe: true });
    const anonymous = await request(server()).get(`/api/proposals/${proposal.id}`);
    expect(anonymous.body).toMatchObject({ supportCount: 1, supportedByMe: false });

    const withdrawn = await unsupport(residents[0] ?? author, proposal.id);
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({ supportCount: 0, supportedByMe: false });
    expect(await storedSupports(proposal.id)).toBe(0);
  });

  it('lets authors support their own proposal', async () => {
    const cycle = await cycleInSubmission({ supportsEnabled: true });
    const proposal = await propose(cycle.id);
    expect((await support(author, proposal.id)).status).toBe(201);
  });

  it('refuses an unverified resident with a clear code and stores nothing', async () => {
    const cycle = await cycleInSubmission({ supportsEnabled: true });
    const proposal = await propose(cycle.id);
    const unverified = await createVoter(current().app, { districtId: null });
    const refused = await support(unverified, proposal.id);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('supports.verification_required');
    expect(await storedSupports(proposal.id)).toBe(0);
  });

  it('refuses a resident of another district, as the ballot would', async () => {
    const cycle = await cycleInSubmission({ supportsEnabled: true });
    const proposal = await propose(cycle.id);
    const elsewhere = await createVoter(current().app, { districtId: districts.minami ?? '' });
    const refused = await support(elsewhere, proposal.id);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('supports.district_not_eligible');
  });

  it('refuses a resident under the minimum age', async () => {
    const cycle = await cycleInSubmission({ supportsEnabled: true, minimumAge: 16 });
    const proposal = await propose(cycle.id);
    const child = await createVoter(current().app, {
      districtId: kita,
      census: { number: '7001002003', birthYear: new Date().getFullYear() - 5 },
    });
    const refused = await support(child, proposal.id);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('supports.too_young');
  });

  it('refuses supports in a cycle that does not collect them', async () => {
    const cycle = await cycleInSubmission({});
    const proposal = await propose(cycle.id);
    const refused = await support(residents[0] ?? author, proposal.id);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('supports.disabled');
  });

  it('refuses supports and their withdrawal outside the submission phase', async () => {
    const cycle = await cycleInSubmission({ supportsEnabled: true });
    const proposal = await propose(cycle.id);
    expect((await support(residents[1] ?? author, proposal.id)).status).toBe(201);
    await request(server())
      .post(`/api/cycles/${cycle.id}/phase`)
      .set('authorization', staff.bearer)
      .send({ to: 'review' })
      .expect(200);
    const late = await support(residents[0] ?? author, proposal.id);
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('supports.closed');
    const withdrawal = await unsupport(residents[1] ?? author, proposal.id);
    expect(withdrawal.status).toBe(409);
    expect(await storedSupports(proposal.id)).toBe(1);
  });

  it('answers two simultaneous supports from one resident with one row, one 201 and one 200', async () => {
    const cycle = await cycleInSubmission({ supportsEnabled: true });
    const proposal = await propose(cycle.id);
    const voter = residents[2] ?? author;
    const answers = await Promise.all([0, 1, 2, 3].map(() => support(voter, proposal.id)));
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 200, 200, 201]);
    for (const answer of answers) expect((answer.body as SupportResult).supportCount).toBe(1);
    expect(await storedSupports(proposal.id)).toBe(1);
  });

  it('reports how many supports each proposal still needs, filters those below and sorts by support', async () => {
    const cycle = await cycleInSubmission({ supportsEnabled: true, supportThreshold: 2 });
    const quiet = await propose(cycle.id, 'Quiet proposal');
    const popular = await propose(cycle.id, 'Popular proposal');
    expect(quiet.supportsNeeded).toBe(2);
    for (const voter of residents.slice(0, 2)) expect((await support(voter, popular.id)).status).toBe(201);
    const one = await support(residents[2] ?? author, quiet.id);
    expect(one.body).toMatchObject({ supportCount: 1, supportsNeeded: 1 });

    const list = async (query: Record<string, string>) =>
      (await request(server()).get(`/api/cycles/${cycle.id}/proposals`).query(query)).body as ProposalList;
    const sorted = await list({ sort: 'supported' });
    expect(sorted.items.map((item) => [item.title, item.supportCount, item.supportsNeeded])).toEqual([
      ['Popular proposal', 2, 0],
      ['Quiet proposal', 1, 1],
    ]);
    expect((await list({ belowThreshold: 'true' })).items.map((item) => item.id)).toEqual([quiet.id]);
    expect((await list({ belowThreshold: 'false' })).items.map((item) => item.id)).toEqual([popular.id]);
  });
});
