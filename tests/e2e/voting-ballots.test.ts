import { beforeAll, expect, it } from 'vitest';
import { createAccount, describeInBrowser, useBrowserPages } from './helpers.js';
import { focusedName, tabTo, verifiedResident } from './cycle-helpers.js';
import {
  KITA,
  ballotOpener,
  checkReceipt,
  reviewAndCast,
  setUpVotingCycles,
  type VotingCycles,
} from './voting-helpers.js';

/**
 * Voting as residents do it in the browser: a resident votes with each of the four ballot methods
 * using only the keyboard, keeps the receipt, checks it and replaces the ballot.
 */
describeInBrowser('voting in Chromium: ballots', () => {
  const pages = useBrowserPages();
  const open = pages.open;
  const current = pages.session;
  const openBallot = ballotOpener(open);

  const cycles: VotingCycles = {} as never;

  beforeAll(async () => {
    await setUpVotingCycles(current(), cycles);
  });

  it('a resident votes on an approval ballot by keyboard, is told when the limit is reached, checks the receipt and replaces the ballot', async () => {
    const resident = await verifiedResident(current(), 'kita', 'Approval Voter');
    const page = await openBallot(cycles.approval, resident);
    await page.getByText('0 of 2 chosen').waitFor();
    await tabTo(page, 'Benches by the river');
    await page.keyboard.press('Space');
    await tabTo(page, 'Longer library hours');
    await page.keyboard.press('Space');
    await page.getByText('2 of 2 chosen').waitFor();
    await tabTo(page, 'Bicycle racks at the station');
    await page.keyboard.press('Space');
    await page
      .getByRole('status')
      .filter({ hasText: 'Bicycle racks at the station was not added: you can choose at most 2 projects.' })
      .waitFor();
    expect(await page.getByRole('checkbox', { name: 'Bicycle racks at the station' }).isChecked()).toBe(false);
    const code = await reviewAndCast(page, ['Benches by the river', 'Longer library hours']);
    await page.getByRole('heading', { level: 1, name: 'Your ballot has been cast' }).waitFor();
    expect(await page.getByText('We cannot show this code again.').isVisible()).toBe(true);
    await checkReceipt(page, code, 'Your ballot is counted.');

    // Replace it: from the voting status, with the receipt code, then the ballot again.
    const status = await open(`/cycles/${cycles.approval.id}/vote`, { as: resident, locale: 'en-US' });
    await status.getByText('You have voted here online.').waitFor();
    await tabTo(status, `Replace my ballot: ${KITA}`);
    await status.keyboard.press('Enter');
    await status.getByRole('heading', { level: 1, name: `Replace my ballot: ${KITA}` }).waitFor();
    await tabTo(status, 'Receipt code');
    await status.keyboard.type('XXXX-XXXX');
    await status.keyboard.press('Enter');
    await status.getByRole('alert').filter({ hasText: 'No ballot of yours in this district' }).waitFor();
    expect(await focusedName(status)).toBe('Receipt code');
    await status.keyboard.press('Control+A');
    await status.keyboard.type(code);
    await status.keyboard.press('Enter');
    await status.getByRole('heading', { level: 2, name: 'Your ballot' }).waitFor();
    await tabTo(status, 'Bicycle racks at the station');
    await status.keyboard.press('Space');
    const newCode = await reviewAndCast(status, ['Bicycle racks at the station'], 'Replace my ballot');
    await status.getByRole('heading', { level: 1, name: 'Your ballot has been replaced' }).waitFor();
    expect(newCode).not.toBe(code);
    await checkReceipt(status, code, 'This ballot was replaced by a newer one');
  });

  it('a resident fills a knapsack ballot by keyboard; a project over the remaining budget is refused with the reason', async () => {
    const resident = await verifiedResident(current(), 'kita', 'Knapsack Voter');
    const page = await openBallot(cycles.knapsack, resident);
    await page.getByText('¥3,000,000 left').waitFor();
    await tabTo(page, 'Benches by the river');
    await page.keyboard.press('Space');
    await page.getByText('¥1,000,000 left').waitFor();
    await tabTo(page, 'Longer library hours');
    await page.keyboard.press('Space');
    await page
      .getByRole('status')
      .filter({ hasText: 'Longer library hours costs ¥1,500,000, but only ¥1,000,000 is left.' })
      .waitFor();
    expect(await page.getByRole('checkbox', { name: 'Longer library hours' }).isChecked()).toBe(false);
    await tabTo(page, 'Bicycle racks at the station');
    await page.keyboard.press('Space');
    await page.getByText('¥0 left').waitFor();
    const code = await reviewAndCast(page, ['Benches by the river', 'Bicycle racks at the station']);
    await checkReceipt(page, code, 'Your ballot is counted.');
  });

  it('a resident gives points with the − and + buttons by keyboard, within the limits', async () => {
    const resident = await verifiedResident(current(), 'kita', 'Points Voter');
    const page = await openBallot(cycles.cumulative, resident);
    await page.getByText('5 of 5 points left').waitFor();
    await tabTo(page, 'One point more: Longer library hours');
    for (let press = 0; press < 4; press += 1) await page.keyboard.press('Space');
    await page
      .getByRole('status')
      .filter({ hasText: 'Longer library hours already has the most points one project can get (3).' })
      .waitFor();
    await tabTo(page, 'One point more: Benches by the river');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.getByText('0 of 5 points left').waitFor();
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'No points are left.' }).waitFor();
    await page.keyboard.press('Shift+Tab');
    expect(await focusedName(page)).toBe('One point less: Benches by the river');
    await page.keyboard.press('Enter');
    await page.getByText('1 of 5 points left').waitFor();
    const code = await reviewAndCast(page, ['Longer library hours', 'Benches by the river']);
    await checkReceipt(page, code, 'Your ballot is counted.');
  });

  it('a resident ranks projects and reorders them with move buttons, the keyboard staying on the moved project', async () => {
    const resident = await verifiedResident(current(), 'kita', 'Ranked Voter');
    const page = await openBallot(cycles.ranked, resident);
    await page.getByText('Your ranking is empty.').waitFor();
    await tabTo(page, 'Add to my ranking: Benches by the river');
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Added Benches by the river as number 1.' }).waitFor();
    // The keyboard moves on to the next project to add.
    await expect.poll(() => focusedName(page)).toMatch(/^Add to my ranking: /);
    await tabTo(page, 'Add to my ranking: Bicycle racks at the station');
    await page.keyboard.press('Enter');
    await tabTo(page, 'Move up: Bicycle racks at the station');
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Bicycle racks at the station is now number 1.' }).waitFor();
    expect(await focusedName(page)).toBe('Move up: Bicycle racks at the station');
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Bicycle racks at the station is already first.' }).waitFor();
    expect(await page.locator('ol.ranking .project-title').allTextContents()).toEqual([
      'No. 1 Bicycle racks at the station',
      'No. 2 Benches by the river',
    ]);
    const code = await reviewAndCast(page, ['Bicycle racks at the station', 'Benches by the river']);
    await checkReceipt(page, code, 'Your ballot is counted.');
  });

  it('tells a resident without a verified residency why they cannot vote, with the way to verification', async () => {
    const unverified = await createAccount(current(), ['resident'], { label: 'unverified' });
    const page = await open(`/cycles/${cycles.approval.id}/vote`, { as: unverified, locale: 'en-US' });
    await page.getByText('This cycle asks for a verified residency.').first().waitFor();
    expect(await page.getByRole('link', { name: 'Verify my residency in my profile' }).getAttribute('href')).toBe(
      '/profile',
    );
    expect(await page.getByRole('link', { name: /^Vote in / }).count()).toBe(0);
  });
});
