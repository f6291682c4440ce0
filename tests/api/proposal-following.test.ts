import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Comment, Cycle, FollowResult, Notification, NotificationList, Proposal } from '@pb/shared';
import { useTestApp } from '../helpers/app.js';
import { createAccount, type TestAccount } from '../helpers/accounts.js';
import { mailCatcher } from '../helpers/mail.js';
import { createVoter, districtIds, type Voter } from '../helpers/voting.js';

describe('following proposals', () => {
  const mail = mailCatcher();
  const current = useTestApp({ mailer: mail });
  const server = () => current().app.server;
  let staff: TestAccount;
  let kita: string;

  beforeAll(async () => {
    staff = await createAccount(current().app, ['staff']);
    kita = (await districtIds(current().app)).kita ?? '';
  });

  async function proposalInSubmission(author: Voter, title: string): Promise<Proposal> {
    const cycle = (
      await request(server())
        .post('/api/cycles')
        .set('authorization', staff.bearer)
        .send({
          titleJa: 'フォロー',
          titleEn: 'Following',
          ballot: { method: 'approval' },
          districts: [{ districtId: kita, budget: 1000 }],
        })
    ).body as Cycle;
    await request(server())
      .post(`/api/cycles/${cycle.id}/phase`)
      .set('authorization', staff.bearer)
      .send({ to: 'submission' })
      .expect(200);
    const created = await request(server())
      .post(`/api/cycles/${cycle.id}/proposals`)
      .set('authorization', author.bearer)
      .send({
        title,
        summary: 'Three benches by the pond.',
        description: 'Older residents need somewhere to rest.',
        category: 'parks',
        districtId: kita,
        estimatedCost: 300,
      });
    expect(created.status).toBe(201);
    return created.body as Proposal;
  }

  async function inbox(person: { bearer: string }): Promise<Notification[]> {
    const response = await request(server()).get('/api/me/notifications').set('authorization', person.bearer);
    expect(response.status).toBe(200);
    return (response.body as NotificationList).items;
  }

  function follow(person: { bearer: string }, proposalId: string, on = true) {
    const path = `/api/proposals/${proposalId}/follow`;
    return (on ? request(server()).put(path) : request(server()).delete(path)).set('authorization', person.bearer);
  }

  function comment(person: { bearer: string }, proposalId: string, body: object) {
    return request(server())
      .post(`/api/proposals/${proposalId}/comments`)
      .set('authorization', person.bearer)
      .send(body);
  }

  function review(proposalId: string) {
    return request(server())
      .post(`/api/proposals/${proposalId}/review`)
      .set('authorization', staff.bearer)
      .send({ status: 'feasible', reason: 'The parks office can do it.' });
  }

  it('follows and unfollows, and shows it on the proposal; authors follow their own', async () => {
    const author = await createVoter(current().app, { districtId: kita });
    const reader = await createVoter(current().app, { districtId: null });
    const proposal = await proposalInSubmission(author, 'Follow me');
    expect(proposal.followedByMe).toBe(true);
    const followed = await follow(reader, proposal.id);
    expect(followed.status).toBe(200);
    expect(followed.body as FollowResult).toEqual({ followedByMe: true });
    expect((await follow(reader, proposal.id)).status).toBe(200);
    const seen = await request(server()).get(`/api/proposals/${proposal.id}`).set('authorization', reader.bearer);
    expect((seen.body as Proposal).followedByMe).toBe(true);
    expect((await follow(reader, proposal.id, false)).body).toEqual({ followedByMe: false });
    const after = await request(server()).get(`/api/proposals/${proposal.id}`).set('authorization', reader.bearer);
    expect((after.body as Proposal).followedByMe).toBe(false);
    const missing = await follow(reader, '00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('proposals.not_found');
    expect((await request(server()).put(`/api/proposals/${proposal.id}/follow`)).status).toBe(401);
  });

  it('tells followers and the author of a status change, naming the proposal, but not the staff member', async () => {
    const author = await createVoter(current().app, { districtId: kita });
    const follower = await createVoter(current().app, { districtId: kita });
    const bystander = await createVoter(current().app, { districtId: kita });
    const proposal = await proposalInSubmission(author, '公園のベンチ');
    await follow(follower, proposal.id).expect(200);
    await follow(staff, proposal.id).expect(200);
    await review(proposal.id).expect(200);
    for (const person of [author, follower]) {
      const [news] = await inbox(person);
      expect(news).toMatchObject({
        kind: 'proposal.status_changed',
        proposalId: proposal.id,
        proposalTitle: '公園のベンチ',
        read: false,
      });
      expect(news?.details).toMatchObject({ status: 'feasible' });
    }
    expect(await inbox(staff)).toEqual([]);
    expect(await inbox(bystander)).toEqual([]);
  });

  it('tells followers of a new comment, never the commenter, and makes the commenter a follower', async () => {
    const author = await createVoter(current().app, { districtId: kita });
    const commenter = await createVoter(current().app, { districtId: kita });
    const proposal = await proposalInSubmission(author, 'Library hours');
    const posted = await comment(commenter, proposal.id, { body: 'Please open on Sundays.' });
    expect(posted.status).toBe(201);
    const [news] = await inbox(author);
    expect(news).toMatchObject({
      kind: 'proposal.commented',
      proposalId: proposal.id,
      proposalTitle: 'Library hours',
      details: { commentId: (posted.body as Comment).id },
    });
    expect(await inbox(commenter)).toEqual([]);
    const seen = await request(server()).get(`/api/proposals/${proposal.id}`).set('authorization', commenter.bearer);
    expect((seen.body as Proposal).followedByMe).toBe(true);

    // Now following, the commenter hears of the author's answer to the thread (not their own words).
    await comment(author, proposal.id, { body: 'Good idea, I will add it.' }).expect(201);
    expect((await inbox(commenter)).map((item) => item.kind)).toEqual(['proposal.commented']);
    expect(await inbox(author)).toHaveLength(1);
  });

  it('tells the author of a comment of a reply even when they unfollowed, once, as a reply', async () => {
    const author = await createVoter(current().app, { districtId: kita });
    const commenter = await createVoter(current().app, { districtId: kita });
    const proposal = await proposalInSubmission(author, 'Crossing light');
    const first = (await comment(commenter, proposal.id, { body: 'The light is too short.' })).body as Comment;
    await follow(commenter, proposal.id, false).expect(200);
    await comment(author, proposal.id, { body: 'Agreed, thank you.', parentId: first.id }).expect(201);
    const news = await inbox(commenter);
    expect(news).toHaveLength(1);
    expect(news[0]).toMatchObject({
      kind: 'comment.replied',
      proposalId: proposal.id,
      proposalTitle: 'Crossing light',
    });
    // The author replied: they hear nothing of their own reply.
    expect((await inbox(author)).map((item) => item.kind)).toEqual(['proposal.commented']);
  });

  it('mails followers in their language with a link to the proposal, after the comment is saved', async () => {
    const author = await createVoter(current().app, { districtId: kita });
    const commenter = await createVoter(current().app, { districtId: kita });
    const proposal = await proposalInSubmission(author, '駅前の花壇');
    const before = mail.sent.length;
    await comment(commenter, proposal.id, { body: '賛成です。' }).expect(201);
    await expect.poll(() => mail.sent.length - before).toBe(1);
    const message = mail.sent.at(-1);
    expect(message?.subject).toBe('「駅前の花壇」に新しいコメントがありました');
    expect(message?.body).toContain(`/proposals/${proposal.id}`);
  });
});
