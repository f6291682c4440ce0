import { beforeAll, expect, it } from 'vitest';
import { createCensusEntry } from '../helpers/voting.js';
import { axeViolations, describeInBrowser, useBrowserPages, type E2eAccount } from './helpers.js';
import { focusedName, moveOverApi, tabTo } from './cycle-helpers.js';
import { KITA, reviewAndCast, setUpVotingCycles, type VotingCycles } from './voting-helpers.js';

/**
 * Voting as staff do it in the browser: they vote with a resident at the counter, print paper
 * ballots and close paper entry in tallying (the poll book and the ballot box themselves are in
 * paper-entry.test.ts).
 */
describeInBrowser('voting in Chromium: staff', () => {
  const pages = useBrowserPages();
  const open = pages.open;
  const current = pages.session;

  let staff: E2eAccount;
  let confirmer: E2eAccount;
  let kita = '';
  const cycles: VotingCycles = {} as never;

  beforeAll(async () => {
    ({ staff, confirmer, kita } = await setUpVotingCycles(current(), cycles));
  });

  it('staff help a resident vote at the counter and print the receipt', async () => {
    await createCensusEntry(current().testApp.app, 'C3001', kita, 1948);
    const page = await open(`/staff/cycles/${cycles.approval.id}/assisted`, { as: staff, locale: 'en-US' });
    await tabTo(page, 'Census number');
    await page.keyboard.type('C3001');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 2, name: 'Resident found' }).waitFor();
    expect(await page.locator('dl.details').textContent()).toContain('1948');
    await tabTo(page, `Ballot for ${KITA}`);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 2, name: 'Your ballot' }).waitFor();
    await tabTo(page, 'Longer library hours');
    await page.keyboard.press('Space');
    await reviewAndCast(page, ['Longer library hours']);
    expect(await page.getByText('Print it for the resident now.').isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Print the receipt' }).isVisible()).toBe(true);
  });

  let tallying = false;
  /** The ranked cycle moves on to tallying once, for the paper entry page in that phase. */
  async function rankedInTallying(): Promise<string> {
    if (!tallying) await moveOverApi(current(), staff, cycles.ranked.id, 'tallying', confirmer);
    tallying = true;
    return `/staff/cycles/${cycles.ranked.id}/paper`;
  }

  it('prints a paper ballot by ballot number in either language, asking for no voter identity, passing axe-core', async () => {
    for (const [locale, language, show, title, secrecy] of [
      [
        'en-US',
        '日本語',
        'Show the ballot',
        '投票用紙',
        'この用紙には名前、住民番号、投票コードを書かないでください。',
      ],
      [
        'ja-JP',
        'English',
        '投票用紙を表示する',
        'Ballot paper',
        'Do not write your name, census number or voting code',
      ],
    ] as const) {
      const page = await open(`/staff/cycles/${cycles.cumulative.id}/print`, { as: staff, locale });
      await page
        .getByLabel(locale === 'en-US' ? 'Language of the ballot' : '投票用紙の言語')
        .selectOption({ label: language });
      await page.getByRole('button', { name: show }).click();
      const sheet = page.locator('.ballot-print');
      await sheet.getByRole('heading', { level: 2, name: title }).waitFor();
      expect(await sheet.locator('tbody td.number').first().textContent()).toBe('1');
      // The sheet goes into the ballot box bare: it asks for no name or number, and says so.
      expect(await sheet.textContent()).toContain(secrecy);
      expect(await axeViolations(page), locale).toEqual([]);
    }
  });

  it('staff close paper entry in tallying after confirming, and the page then shows entry closed', async () => {
    const path = await rankedInTallying();
    const page = await open(path, { as: staff, locale: 'en-US' });
    await page.getByText('Open', { exact: true }).waitFor();
    const dialog = page.getByRole('dialog', { name: 'Close paper entry?' });

    // Cancelling leaves it open; the keyboard starts on Cancel, so an Enter out of habit closes nothing.
    await tabTo(page, 'Close paper entry');
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    expect(await focusedName(page)).toBe('Cancel');
    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    expect(await focusedName(page)).toBe('Close paper entry');
    expect(await page.getByText('Open', { exact: true }).isVisible()).toBe(true);

    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Close paper entry' }).click();
    await page.getByRole('status').filter({ hasText: 'Paper entry is closed.' }).waitFor();
    await page
      .locator('dl.details')
      .getByText(/^Closed on /)
      .waitFor();
    expect(await page.getByText('Paper ballots cannot be handed out or entered now.').isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Close paper entry' }).count()).toBe(0);
    expect(await page.getByLabel('Voter (census number or voting code)').count()).toBe(0);
    expect(await page.getByLabel('Choices').count()).toBe(0);
    expect(await page.getByLabel('CSV file of the poll book').count()).toBe(0);
    expect(await page.getByLabel('CSV file of paper sheets').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);

    // It stays closed for whoever opens the page next.
    const again = await open(path, { as: staff, locale: 'en-US' });
    await again
      .locator('dl.details')
      .getByText(/^Closed on /)
      .waitFor();
    expect(await again.getByRole('button', { name: 'Close paper entry' }).count()).toBe(0);
  });
});
