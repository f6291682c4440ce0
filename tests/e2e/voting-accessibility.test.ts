import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { actionName, axeViolations, describeInBrowser, useBrowserPages, type E2eAccount } from './helpers.js';
import { moveOverApi, phoneLayoutProblems, verifiedResident } from './cycle-helpers.js';
import { ballotOpener, setUpVotingCycles, type VotingCycles } from './voting-helpers.js';

/**
 * The voting pages for everyone: the ballots fit a phone and a resident votes on one, and every
 * voting page passes axe-core in Japanese and English.
 */
describeInBrowser('voting in Chromium: accessibility', () => {
  const pages = useBrowserPages();
  const open = pages.open;
  const current = pages.session;
  const openBallot = ballotOpener(open);

  let staff: E2eAccount;
  let confirmer: E2eAccount;
  let viewer: E2eAccount;
  let kita = '';
  const cycles: VotingCycles = {} as never;

  beforeAll(async () => {
    ({ staff, confirmer, viewer, kita } = await setUpVotingCycles(current(), cycles));
  });

  /** Problems a 360 × 740 phone shows on the page as it is now: sideways scrolling, small targets. */
  async function onPhone(page: Page): Promise<{ small: string[]; overflow: number }> {
    await page.setViewportSize({ width: 360, height: 740 });
    return phoneLayoutProblems(page);
  }

  it.each(['approval', 'cumulative', 'ranked'] as const)(
    'the %s ballot fits a 360 px phone with targets a finger can hit',
    async (method) => {
      const page = await openBallot(cycles[method], viewer);
      expect(await onPhone(page)).toEqual({ small: [], overflow: 0 });
      if (method === 'ranked') {
        // With projects in the ranking, the move and remove buttons are there too.
        await page.getByRole('button', { name: actionName('Add to my ranking', 'Benches by the river') }).click();
        await page.getByRole('button', { name: actionName('Add to my ranking', 'Longer library hours') }).click();
        await page.getByRole('button', { name: actionName('Move up', 'Longer library hours') }).waitFor();
      } else if (method === 'cumulative') {
        await page.getByRole('button', { name: actionName('One point more', 'Benches by the river') }).click();
      } else {
        await page.getByRole('checkbox', { name: 'Benches by the river' }).check();
      }
      expect(await phoneLayoutProblems(page)).toEqual({ small: [], overflow: 0 });
      await page.getByRole('button', { name: 'Review my choices' }).click();
      await page.getByRole('heading', { level: 2, name: 'Check your choices' }).waitFor();
      expect(await phoneLayoutProblems(page)).toEqual({ small: [], overflow: 0 });
    },
  );

  it('on a 360 px phone, a resident fills a knapsack ballot, reviews it, keeps the receipt and checks it', async () => {
    const resident = await verifiedResident(current(), 'kita', 'Phone Voter');
    const page = await openBallot(cycles.knapsack, resident);
    expect(await onPhone(page)).toEqual({ small: [], overflow: 0 });
    await page.getByRole('checkbox', { name: 'Benches by the river' }).check();
    await page.getByText('¥1,000,000 left').waitFor();
    await page.screenshot({ path: '/tmp/phone-knapsack-ballot.png' });
    await page.evaluate(() => {
      window.scrollTo(0, 0);
    });
    await page.screenshot({ path: '/tmp/phone-knapsack-ballot-full.png', fullPage: true });
    expect(await phoneLayoutProblems(page)).toEqual({ small: [], overflow: 0 });

    await page.getByRole('button', { name: 'Review my choices' }).click();
    await page.getByRole('heading', { level: 2, name: 'Check your choices' }).waitFor();
    await page.screenshot({ path: '/tmp/phone-knapsack-review.png', fullPage: true });
    expect(await phoneLayoutProblems(page)).toEqual({ small: [], overflow: 0 });

    await page.getByRole('button', { name: 'Cast my ballot' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your ballot has been cast' }).waitFor();
    const code = (await page.locator('[data-receipt]').textContent()) ?? '';
    await page.screenshot({ path: '/tmp/phone-receipt.png', fullPage: true });
    expect(await phoneLayoutProblems(page)).toEqual({ small: [], overflow: 0 });
    // The code stays on one line per group at least: no group of four is broken in two.
    const codeBox = await page.locator('[data-receipt]').boundingBox();
    expect(codeBox?.width ?? 0).toBeLessThanOrEqual(360);

    await page.getByRole('link', { name: 'Check my receipt' }).click();
    await page.getByRole('heading', { level: 1, name: 'Check my receipt' }).waitFor();
    expect(await phoneLayoutProblems(page)).toEqual({ small: [], overflow: 0 });
    await page.getByLabel('Receipt code').fill(code);
    // The whole code stays visible in the field, to compare with the paper.
    expect(
      await page.getByLabel('Receipt code').evaluate((input) => input.scrollWidth - input.clientWidth),
    ).toBeLessThanOrEqual(0);
    await page.getByRole('button', { name: 'Check', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Your ballot is counted.' }).waitFor();
    await page.screenshot({ path: '/tmp/phone-receipt-check.png', fullPage: true });
    expect(await phoneLayoutProblems(page)).toEqual({ small: [], overflow: 0 });
  });

  let tallying = false;
  /** The ranked cycle moves on to tallying once, for the paper entry page in that phase. */
  async function rankedInTallying(): Promise<string> {
    if (!tallying) await moveOverApi(current(), staff, cycles.ranked.id, 'tallying', confirmer);
    tallying = true;
    return `/staff/cycles/${cycles.ranked.id}/paper`;
  }

  const axeCases: [string, () => Promise<string> | string, 'viewer' | 'staff'][] = [
    ['the voting status', () => `/cycles/${cycles.approval.id}/vote`, 'viewer'],
    ['an approval ballot', () => `/cycles/${cycles.approval.id}/vote/${kita}`, 'viewer'],
    ['a knapsack ballot', () => `/cycles/${cycles.knapsack.id}/vote/${kita}`, 'viewer'],
    ['a cumulative ballot', () => `/cycles/${cycles.cumulative.id}/vote/${kita}`, 'viewer'],
    ['a ranked ballot', () => `/cycles/${cycles.ranked.id}/vote/${kita}`, 'viewer'],
    ['replacing a ballot', () => `/cycles/${cycles.approval.id}/vote/${kita}/replace`, 'viewer'],
    ['the receipt page after a reload', () => `/cycles/${cycles.approval.id}/receipt`, 'viewer'],
    ['checking a receipt', () => `/cycles/${cycles.approval.id}/check-receipt`, 'viewer'],
    ["the cycle's page with the vote button", () => `/cycles/${cycles.approval.id}`, 'viewer'],
    ['assisted voting', () => `/staff/cycles/${cycles.approval.id}/assisted`, 'staff'],
    ['paper entry in voting', () => `/staff/cycles/${cycles.approval.id}/paper`, 'staff'],
    ['paper entry in tallying', rankedInTallying, 'staff'],
    ["staff's cycle page with the voting links", () => `/staff/cycles/${cycles.approval.id}`, 'staff'],
  ];

  it.each(axeCases)('%s passes axe-core in Japanese and English', async (_name, path, role) => {
    const target = await path();
    for (const locale of ['ja-JP', 'en-US'] as const) {
      const page = await open(target, { as: role === 'staff' ? staff : viewer, locale });
      expect(await axeViolations(page), `${target} ${locale}`).toEqual([]);
    }
  });
});
