import type { Comment, Proposal } from '@pb/shared';
import { beforeAll, expect, it } from 'vitest';
import {
  api,
  axeViolations,
  createAccount,
  describeInBrowser,
  districtIdOf,
  useBrowserPages,
  type E2eAccount,
} from './helpers.js';
import {
  createCycleOverApi,
  moveOverApi,
  phoneLayoutProblems,
  proposeOverApi,
  verifiedResident,
} from './cycle-helpers.js';

/**
 * Supports and following in the browser: resident A proposes; resident B supports and follows the
 * proposal and comments; A replies; B reads the notification naming the proposal and follows its
 * link. The steps share the cycle and run in order; every page is checked in ja and en at 1280
 * and 360 px wide.
 */
describeInBrowser('supports, following and notifications naming the proposal in Chromium', () => {
  const pages = useBrowserPages();
  const open = pages.open;
  const current = pages.session;
  const TITLE = '公園のベンチ';

  let staff: E2eAccount;
  let author: E2eAccount;
  let supporter: E2eAccount;
  let neighbour: E2eAccount;
  let cycleId = '';
  let proposal: Proposal;
  let proposalPath = '';

  /** Zero axe violations at 1280 px, then at 360 px with no sideways scrolling and no small targets of ours. */
  async function checkPage(path: string, as: E2eAccount, locale: 'ja-JP' | 'en-US'): Promise<void> {
    const page = await open(path, { as, locale });
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 800 });
      expect(await axeViolations(page), `${path} ${locale} ${String(width)}`).toEqual([]);
      const problems = await phoneLayoutProblems(page);
      expect(problems.overflow, `${path} ${locale} ${String(width)}`).toBe(0);
      expect(problems.small.filter((html) => /support-button|follow-button/.test(html))).toEqual([]);
    }
  }

  beforeAll(async () => {
    staff = await createAccount(current(), ['staff'], { label: 'staff', displayName: '職員 一郎' });
    author = await verifiedResident(current(), 'kita', '北野 花子');
    supporter = await verifiedResident(current(), 'kita', '北川 次郎');
    neighbour = await verifiedResident(current(), 'kita', 'Kate North');
    const cycle = await createCycleOverApi(
      current(),
      staff,
      { kita: 10_000_000 },
      { supportsEnabled: true, supportThreshold: 3 },
    );
    cycleId = cycle.id;
    await moveOverApi(current(), staff, cycleId, 'submission');
    proposal = await proposeOverApi(current(), author, cycleId, {
      districtId: await districtIdOf(current(), 'kita'),
      title: TITLE,
    });
    proposalPath = `/proposals/${proposal.id}`;
  });

  it('resident B supports and follows the proposal; the count and the pressed state are shown', async () => {
    const page = await open(proposalPath, { as: supporter });
    await page.getByRole('heading', { level: 2, name: '賛同とフォロー' }).waitFor();
    await page.getByText('まだ賛同はありません').waitFor();
    await page.getByText('審査に進むには、あと 3 件の賛同が必要です').waitFor();
    const support = page.getByRole('button', { name: /この提案に賛同する/ });
    expect(await support.getAttribute('aria-pressed')).toBe('false');
    await support.click();
    await expect.poll(() => support.getAttribute('aria-pressed')).toBe('true');
    await page.getByRole('status').filter({ hasText: '賛同 1 件' }).waitFor();
    await page.getByText('審査に進むには、あと 2 件の賛同が必要です').waitFor();

    const follow = page.getByRole('button', { name: 'この提案をフォローする' });
    expect(await follow.getAttribute('aria-pressed')).toBe('false');
    await follow.click();
    await expect.poll(() => follow.getAttribute('aria-pressed')).toBe('true');
    await page.getByText('フォロー中です。').waitFor();
  });

  it('resident B comments, and on a new visit still sees their support pressed', async () => {
    const page = await open(proposalPath, { as: supporter });
    await page.getByLabel('コメントを書く').fill('ベンチがあると散歩が楽になります。');
    await page.getByRole('button', { name: 'コメントを投稿する' }).click();
    await page.locator('.comment-body').filter({ hasText: 'ベンチがあると散歩が楽になります。' }).waitFor();

    const reloaded = await open(proposalPath, { as: supporter });
    await reloaded.getByRole('status').filter({ hasText: '賛同 1 件' }).waitFor();
    expect(await reloaded.getByRole('button', { name: /この提案に賛同する/ }).getAttribute('aria-pressed')).toBe(
      'true',
    );
  });

  for (const locale of ['ja-JP', 'en-US'] as const) {
    it(`the proposal page with supports and following passes axe and fits a phone (${locale})`, async () => {
      await checkPage(proposalPath, supporter, locale);
    });
  }

  it('an English-speaking neighbour supports it from the list of proposals on a phone', async () => {
    const page = await open(`/cycles/${cycleId}`, { as: neighbour, locale: 'en-US' });
    await page.setViewportSize({ width: 360, height: 800 });
    const card = page.getByRole('article').filter({ hasText: TITLE });
    await card.getByText('1 support', { exact: true }).waitFor();
    await card.getByText('Needs 2 more supports to go to review').waitFor();
    await card.getByRole('button', { name: /Support this proposal/ }).click();
    await card.getByText('2 supports', { exact: true }).waitFor();
    await card.getByText('Needs 1 more support to go to review').waitFor();
    expect(await card.getByRole('button', { name: /Support this proposal/ }).getAttribute('aria-pressed')).toBe('true');
    expect((await phoneLayoutProblems(page)).overflow).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('A replies to B, and B reads a notification naming the proposal and follows its link', async () => {
    const comments = await api(current().baseUrl, 'GET', `/api/proposals/${proposal.id}/comments`);
    const first = (comments.body as { items: Comment[] }).items[0];
    const reply = await api(current().baseUrl, 'POST', `/api/proposals/${proposal.id}/comments`, {
      token: author.token,
      json: { body: 'ありがとうございます。池のそばに置きます。', parentId: first?.id },
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);

    const page = await open('/notifications', { as: supporter });
    const link = page.getByRole('link', { name: `「${TITLE}」であなたのコメントに返信がありました` });
    await link.click();
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    expect(new URL(page.url()).pathname).toBe(proposalPath);

    const english = await open('/notifications', { as: supporter, locale: 'en-US' });
    await english.getByRole('link', { name: `Someone replied to your comment on "${TITLE}"` }).waitFor();
  });

  for (const locale of ['ja-JP', 'en-US'] as const) {
    it(`the notifications page passes axe and fits a phone (${locale})`, async () => {
      await checkPage('/notifications', supporter, locale);
    });
  }

  it('staff see the threshold in the settings and filter the review list by it', async () => {
    const page = await open(`/staff/cycles/${cycleId}/review`, { as: staff });
    await page.getByLabel('賛同数（必要数: 3）').selectOption('below');
    await page.locator('.review-item').filter({ hasText: TITLE }).getByText('賛同が不足: あと 1 件').waitFor();
    await page.getByLabel('賛同数（必要数: 3）').selectOption('reached');
    await page.getByText('0 件の提案').waitFor();
    expect(await page.locator('.review-item').count()).toBe(0);

    const edit = await open(`/staff/cycles/${cycleId}/edit`, { as: staff, locale: 'en-US' });
    expect(await edit.getByLabel('Residents can support proposals during submission').isChecked()).toBe(true);
    expect(await edit.getByLabel(/^Supports a proposal needs to go to review/).inputValue()).toBe('3');
    expect(await axeViolations(edit)).toEqual([]);
  });
});
