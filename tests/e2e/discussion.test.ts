import type { CommentList } from '@pb/shared';
import { beforeAll, expect, it } from 'vitest';
import {
  actionName,
  api,
  axeViolations,
  createAccount,
  describeInBrowser,
  districtIdOf,
  useBrowserPages,
  type E2eAccount,
} from './helpers.js';
import { createCycleOverApi, moveOverApi, proposeOverApi, verifiedResident } from './cycle-helpers.js';

/**
 * Discussion and review in the browser: a resident comments and replies, a neighbour reports the
 * comment (one report hides it in this cycle), staff review the proposal and its author reads the
 * notification, and a moderator restores the comment. The steps share the cycle and run in order.
 */
describeInBrowser('comments, reports, review, notifications and moderation in Chromium', () => {
  const pages = useBrowserPages();
  const open = pages.open;
  const current = pages.session;
  const COMMENT = '桜の木の下にも置いてほしいです。';
  const REPLY = 'Yes, near the north bridge too.';

  let staff: E2eAccount;
  let moderator: E2eAccount;
  let author: E2eAccount;
  let neighbour: E2eAccount;
  let cycleId = '';
  let proposalId = '';
  let proposalPath = '';

  async function expectNoAxeViolations(path: string, as: E2eAccount): Promise<void> {
    for (const locale of ['ja-JP', 'en-US'] as const) {
      const page = await open(path, { as, locale });
      expect(await axeViolations(page), `${path} ${locale}`).toEqual([]);
    }
  }

  beforeAll(async () => {
    staff = await createAccount(current(), ['staff'], { label: 'staff', displayName: '職員 一郎' });
    moderator = await createAccount(current(), ['moderator'], { label: 'moderator', displayName: '調整 三郎' });
    author = await verifiedResident(current(), 'kita', '北野 花子');
    neighbour = await verifiedResident(current(), 'kita', '北川 次郎');
    const cycle = await createCycleOverApi(current(), staff, { kita: 10_000_000 }, { flagThreshold: 1 });
    cycleId = cycle.id;
    await moveOverApi(current(), staff, cycleId, 'submission');
    const proposal = await proposeOverApi(current(), author, cycleId, {
      districtId: await districtIdOf(current(), 'kita'),
      title: '川沿いのベンチ',
    });
    proposalId = proposal.id;
    proposalPath = `/proposals/${proposalId}`;
  });

  it('a resident comments on the proposal and replies to the comment', async () => {
    const page = await open(proposalPath, { as: author });
    await page.getByRole('heading', { level: 2, name: 'コメント' }).waitFor();
    await page.getByText('まだコメントはありません。').waitFor();
    await page.getByRole('button', { name: 'コメントを投稿する' }).click();
    expect(await page.getByLabel('コメントを書く').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('コメントを書く').fill(COMMENT);
    await page.getByRole('button', { name: 'コメントを投稿する' }).click();
    await page.locator('.comment-body').filter({ hasText: COMMENT }).waitFor();

    await page.getByRole('button', { name: actionName('返信', '北野 花子') }).click();
    // The reply box takes the focus, so one can type straight away.
    await expect
      .poll(() => page.getByLabel('北野 花子さんへの返信').evaluate((box) => box === document.activeElement))
      .toBe(true);
    await page.getByLabel('北野 花子さんへの返信').fill(REPLY);
    await page.getByRole('button', { name: '返信を投稿する' }).click();
    await page.locator('.replies .comment-body').filter({ hasText: REPLY }).waitFor();
    // Own comments may be edited within 15 minutes and deleted; they are not reported by their author.
    expect(await page.getByRole('button', { name: actionName('編集', '北野 花子') }).count()).toBe(2);
    expect(await page.getByRole('button', { name: actionName('通報', '北野 花子') }).count()).toBe(0);
    await expectNoAxeViolations(proposalPath, author);
  });

  it('another resident reports the comment with a reason, which hides it', async () => {
    const page = await open(proposalPath, { as: neighbour });
    await page
      .getByRole('button', { name: actionName('通報', '北野 花子') })
      .first()
      .click();
    await page.getByRole('button', { name: '通報する' }).click();
    expect(await page.getByLabel('モデレーターに確認してほしい理由').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('モデレーターに確認してほしい理由').fill('話題と関係のない宣伝です。');
    await page.getByRole('button', { name: '通報する' }).click();
    await page.getByRole('status').filter({ hasText: 'モデレーターが通報を確認します。' }).waitFor();

    const comments = (await api(current().baseUrl, 'GET', `/api/proposals/${proposalId}/comments`)).body as CommentList;
    expect(comments.items.map((comment) => comment.hidden)).toEqual([true, false]);
  });

  it('staff review the proposal as feasible and on the ballot, with a public reason', async () => {
    await expectNoAxeViolations(`/staff/cycles/${cycleId}/review`, staff);
    let page = await open(`/staff/cycles/${cycleId}`, { as: staff });
    await page.getByRole('link', { name: '提案を審査する' }).click();
    await page.getByRole('heading', { level: 1, name: '提案の審査' }).waitFor();
    await page.getByRole('heading', { level: 2, name: '川沿いのベンチ' }).waitFor();

    await page.getByRole('button', { name: '審査結果を保存する' }).click();
    expect(await page.getByLabel('公開する理由').getAttribute('aria-invalid')).toBe('true');
    await page.getByRole('radio', { name: '実現可能' }).check();
    await page.getByRole('checkbox', { name: '投票の対象にする' }).check();
    await page.getByLabel('公開する理由').fill('現地を確認し、費用も妥当です。');
    await page.getByRole('button', { name: '審査結果を保存する' }).click();
    await page.getByRole('status').filter({ hasText: '「川沿いのベンチ」の審査結果を保存しました。' }).waitFor();

    page = await open(proposalPath, { as: staff });
    const details = (await page.locator('dl.details').textContent()) ?? '';
    expect(details).toContain('実現可能');
    expect(details).toContain('投票対象');
  });

  it('the author sees the unread notification in the header and marks it read', async () => {
    const page = await open('/', { as: author });
    const link = page.getByRole('link', { name: /^お知らせ\s*1/ });
    await link.click();
    await page.getByRole('heading', { level: 1, name: 'お知らせ' }).waitFor();
    await page.getByRole('link', { name: '「川沿いのベンチ」の状況が「実現可能」になりました' }).waitFor();
    await page.getByText('理由: 現地を確認し、費用も妥当です。').waitFor();
    await expectNoAxeViolations('/notifications', author);

    const again = await open('/notifications', { as: author });
    await again.getByRole('button', { name: 'すべて既読にする' }).click();
    await again.getByText('未読のお知らせはありません').waitFor();
    // The header's unread count refreshes after the list has said so: wait for it too.
    await expect.poll(() => again.getByRole('link', { name: /^お知らせ\s*1/ }).count()).toBe(0);
  });

  it('a moderator finds the report in the queue and restores the comment', async () => {
    await expectNoAxeViolations('/moderation', moderator);
    const page = await open('/', { as: moderator });
    await page.getByRole('link', { name: 'モデレーション' }).click();
    await page.getByRole('heading', { level: 1, name: 'モデレーション' }).waitFor();
    const item = page.locator('.moderation-item').filter({ hasText: COMMENT });
    await item.waitFor();
    expect(await item.textContent()).toContain('話題と関係のない宣伝です。');
    expect(await item.textContent()).toContain('非表示');

    await item.getByLabel('判断の理由').fill('宣伝ではありませんでした。');
    await item.getByRole('button', { name: /^再表示する/ }).click();
    await page.getByRole('status').filter({ hasText: '再表示しました。' }).waitFor();
    const comments = (await api(current().baseUrl, 'GET', `/api/proposals/${proposalId}/comments`)).body as CommentList;
    expect(comments.items.every((comment) => !comment.hidden)).toBe(true);
  });

  it('shows a comment written in Markdown as formatted text, with script, raw HTML and javascript: links neutralised', async () => {
    const body =
      '**Please** add *shade* too:\n\n- oak\n- `maple`\n\n<script>window.pwned = 1</script> <b>raw</b> [bad](javascript:alert(1)) [map](https://example.org/map)';
    const posted = await api(current().baseUrl, 'POST', `/api/proposals/${proposalId}/comments`, {
      token: neighbour.token,
      json: { body },
    });
    expect(posted.status, JSON.stringify(posted.body)).toBe(201);
    for (const [locale, width] of [
      ['en-US', 360],
      ['ja-JP', 1280],
    ] as const) {
      const page = await open(proposalPath, { locale });
      await page.setViewportSize({ width, height: 800 });
      const rendered = page.locator('.comment-body').filter({ hasText: 'Please' });
      await rendered.waitFor();
      expect(await rendered.locator('strong').textContent()).toBe('Please');
      expect(await rendered.locator('li').allTextContents()).toEqual(['oak', 'maple']);
      expect(await rendered.locator('script, b, img').count()).toBe(0);
      expect(await rendered.textContent()).toContain('<b>raw</b>');
      expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
      expect(await rendered.locator('a[href^="javascript"]').count()).toBe(0);
      expect(await rendered.getByRole('link', { name: 'map' }).getAttribute('rel')).toBe('nofollow ugc noopener');
      expect(await axeViolations(page), locale).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth)).toBe(true);
    }
  });
});
