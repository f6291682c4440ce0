import { sql } from 'drizzle-orm';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Comment, CommentList, Cycle, ModerationQueue, Proposal } from '@pb/shared';
import { updateUser } from '../../server/src/modules/users/users.repository.js';
import { useTestApp } from '../helpers/app.js';
import { createAccount, type TestAccount } from '../helpers/accounts.js';

describe('discussion and moderation', () => {
  const current = useTestApp();
  const server = () => current().app.server;
  let staff: TestAccount;
  let moderator: TestAccount;
  let residents: TestAccount[];
  let kita: string;

  beforeAll(async () => {
    staff = await createAccount(current().app, ['staff']);
    moderator = await createAccount(current().app, ['moderator']);
    residents = await Promise.all([0, 1, 2].map(() => createAccount(current().app, ['resident'])));
    const city = await request(server()).get('/api/city');
    kita = (city.body.districts as { id: string }[])[1]?.id ?? '';
    for (const resident of residents) {
      await updateUser(current().app.db, resident.id, {
        districtId: kita,
        verificationMethod: 'code',
        verifiedAt: new Date(),
      });
    }
  });

  async function proposalInSubmission(extra: object = {}): Promise<{ cycle: Cycle; proposal: Proposal }> {
    const cycle = (
      await request(server())
        .post('/api/cycles')
        .set('authorization', staff.bearer)
        .send({
          titleJa: '議論',
          titleEn: 'Talk',
          ballot: { method: 'approval' },
          districts: [{ districtId: kita, budget: 1000 }],
          flagThreshold: 2,
          ...extra,
        })
    ).body as Cycle;
    await request(server())
      .post(`/api/cycles/${cycle.id}/phase`)
      .set('authorization', staff.bearer)
      .send({ to: 'submission' });
    const proposal = (
      await request(server())
        .post(`/api/cycles/${cycle.id}/proposals`)
        .set('authorization', residents[0]?.bearer ?? '')
        .send({
          title: 'Skate park',
          summary: 'A small skate park.',
          description: 'Next to the station.',
          category: 'sport',
          districtId: kita,
          estimatedCost: 500,
        })
    ).body as Proposal;
    return { cycle, proposal };
  }

  async function comment(account: TestAccount | undefined, proposalId: string, body: object) {
    return request(server())
      .post(`/api/proposals/${proposalId}/comments`)
      .set('authorization', account?.bearer ?? '')
      .send(body);
  }

  async function comments(proposalId: string): Promise<Comment[]> {
    return ((await request(server()).get(`/api/proposals/${proposalId}/comments`)).body as CommentList).items;
  }

  it('threads comments and replies, and counts them on the proposal', async () => {
    const { proposal } = await proposalInSubmission();
    const first = (await comment(residents[1], proposal.id, { body: 'Great idea!' })).body as Comment;
    const reply = await comment(residents[0], proposal.id, { body: 'Thank you.', parentId: first.id });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ parentId: first.id, body: 'Thank you.', deleted: false, hidden: false });
    const other = await proposalInSubmission();
    expect(
      (await comment(residents[1], other.proposal.id, { body: 'Wrong thread', parentId: first.id })).body.error.code,
    ).toBe('discussion.invalid_parent');
    expect((await comments(proposal.id)).map((item) => [item.body, item.parentId])).toEqual([
      ['Great idea!', null],
      ['Thank you.', first.id],
    ]);
    expect((await request(server()).get(`/api/proposals/${proposal.id}`)).body.commentCount).toBe(2);
  });

  it('lets authors edit for 15 minutes and delete their own, which leaves a placeholder', async () => {
    const { proposal } = await proposalInSubmission();
    const posted = (await comment(residents[1], proposal.id, { body: 'Typo heer' })).body as Comment;
    const edited = await request(server())
      .patch(`/api/comments/${posted.id}`)
      .set('authorization', residents[1]?.bearer ?? '')
      .send({ body: 'Typo here' });
    expect(edited.body).toMatchObject({ body: 'Typo here' });
    expect(edited.body.editedAt).not.toBeNull();
    const foreign = await request(server())
      .patch(`/api/comments/${posted.id}`)
      .set('authorization', residents[2]?.bearer ?? '')
      .send({ body: 'Mine' });
    expect(foreign.body.error.code).toBe('discussion.not_author');
    await current().app.db.execute(
      sql`UPDATE comments SET created_at = now() - interval '16 minutes' WHERE id = ${posted.id}`,
    );
    const late = await request(server())
      .patch(`/api/comments/${posted.id}`)
      .set('authorization', residents[1]?.bearer ?? '')
      .send({ body: 'Later' });
    expect(late.body.error.code).toBe('discussion.edit_window_closed');
    expect(
      (
        await request(server())
          .delete(`/api/comments/${posted.id}`)
          .set('authorization', residents[1]?.bearer ?? '')
      ).status,
    ).toBe(204);
    expect(await comments(proposal.id)).toMatchObject([{ id: posted.id, body: null, deleted: true, authorName: null }]);
    expect((await request(server()).get(`/api/proposals/${proposal.id}`)).body.commentCount).toBe(0);
  });

  it('renders comment bodies as limited Markdown with script, raw HTML and javascript: links neutralised', async () => {
    const { proposal } = await proposalInSubmission();
    const body =
      '**Yes** <script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1)) [map](https://example.org/)';
    const posted = (await comment(residents[1], proposal.id, { body })).body as Comment;
    expect(posted.body).toBe(body);
    const [listed] = await comments(proposal.id);
    for (const html of [posted.bodyHtml, listed?.bodyHtml]) {
      expect(html).toContain('<strong>Yes</strong>');
      expect(html).toContain('&lt;script&gt;');
      expect(html).not.toMatch(/<script|<img|href="javascript/);
      expect(html).toContain('<a href="https://example.org/" rel="nofollow ugc noopener">map</a>');
    }
    await request(server())
      .delete(`/api/comments/${posted.id}`)
      .set('authorization', residents[1]?.bearer ?? '');
    expect(await comments(proposal.id)).toMatchObject([{ body: null, bodyHtml: null }]);
  });

  it("opens comments only in the cycle's comment phases and to verified residents when required", async () => {
    const { cycle, proposal } = await proposalInSubmission({ commentPhases: ['submission'] });
    const unverified = await createAccount(current().app, ['resident']);
    expect((await comment(unverified, proposal.id, { body: 'Hello' })).body.error.code).toBe(
      'discussion.verification_required',
    );
    await request(server())
      .post(`/api/cycles/${cycle.id}/phase`)
      .set('authorization', staff.bearer)
      .send({ to: 'review' });
    expect((await comment(residents[1], proposal.id, { body: 'Too late?' })).body.error.code).toBe(
      'discussion.comments_closed',
    );
  });

  it('hides a comment at the flag threshold pending review; a moderator restores or hides it with a reason', async () => {
    const { proposal } = await proposalInSubmission();
    const posted = (await comment(residents[1], proposal.id, { body: 'Rude words' })).body as Comment;
    const flag = (account: TestAccount | undefined) =>
      request(server())
        .post(`/api/comments/${posted.id}/flags`)
        .set('authorization', account?.bearer ?? '')
        .send({ reason: 'Insulting' });
    expect((await flag(residents[0])).body).toEqual({ flags: 1, hidden: false });
    expect((await flag(residents[0])).body.error.code).toBe('discussion.already_flagged');
    expect((await flag(residents[2])).body).toEqual({ flags: 2, hidden: true });
    expect(await comments(proposal.id)).toMatchObject([{ id: posted.id, body: null, hidden: true }]);

    const queue = (await request(server()).get('/api/moderation/queue').set('authorization', moderator.bearer))
      .body as ModerationQueue;
    expect(queue.items.find((item) => item.id === posted.id)).toMatchObject({
      kind: 'comment',
      flags: 2,
      hidden: true,
      excerpt: 'Rude words',
      reasons: ['Insulting', 'Insulting'],
    });
    const restore = await request(server())
      .post(`/api/moderation/comment/${posted.id}/restore`)
      .set('authorization', moderator.bearer)
      .send({ reason: 'Robust but fair.' });
    expect(restore.status).toBe(204);
    expect(await comments(proposal.id)).toMatchObject([{ body: 'Rude words', hidden: false }]);
    const after = (await request(server()).get('/api/moderation/queue').set('authorization', moderator.bearer))
      .body as ModerationQueue;
    expect(after.items.some((item) => item.id === posted.id)).toBe(false);

    await request(server())
      .post(`/api/moderation/comment/${posted.id}/hide`)
      .set('authorization', moderator.bearer)
      .send({ reason: 'Personal attack.' });
    expect(await comments(proposal.id)).toMatchObject([{ body: null, hidden: true, hiddenReason: 'Personal attack.' }]);
  });

  it('hides a reported proposal behind a placeholder, not a hole', async () => {
    const { cycle, proposal } = await proposalInSubmission();
    for (const account of [residents[1], residents[2]]) {
      await request(server())
        .post(`/api/proposals/${proposal.id}/flags`)
        .set('authorization', account?.bearer ?? '')
        .send({ reason: 'Advertising' });
    }
    const hidden = (await request(server()).get(`/api/proposals/${proposal.id}`)).body as Proposal;
    expect(hidden).toMatchObject({ id: proposal.id, hidden: true, title: '', descriptionHtml: '' });
    const list = await request(server()).get(`/api/cycles/${cycle.id}/proposals`);
    expect(list.body.items).toMatchObject([{ id: proposal.id, hidden: true }]);
  });
});
