import type { BallotSheet } from '@pb/shared';
import { beforeAll, expect, it } from 'vitest';
import { createCensusEntry } from '../helpers/voting.js';
import { api, axeViolations, describeInBrowser, useBrowserPages, type E2eAccount } from './helpers.js';
import { focusedName, moveOverApi, tabTo } from './cycle-helpers.js';
import { KITA, reviewAndCast, setUpVotingCycles, type VotingCycles } from './voting-helpers.js';

/**
 * Voting as staff do it in the browser: they enter paper ballots by keyboard and by CSV, vote with
 * a resident at the counter, print paper ballots and close paper entry in tallying.
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

  it('staff enter a paper ballot by keyboard: Enter sends, the keyboard returns to the voter field', async () => {
    await createCensusEntry(current().testApp.app, 'P2001', kita, 1950);
    const sheet = (
      await api(current().baseUrl, 'GET', `/api/cycles/${cycles.approval.id}/districts/${kita}/ballot?order=number`, {
        token: staff.token,
      })
    ).body as BallotSheet;
    const numbers = sheet.projects.slice(0, 2).map((project) => project.number);
    const page = await open(`/staff/cycles/${cycles.approval.id}/paper`, { as: staff, locale: 'en-US' });
    await page.getByText('Open', { exact: true }).waitFor();
    await tabTo(page, 'Voter (census number or voting code)');
    await page.keyboard.type('P2001');
    await page.getByText('Read as a census number.').waitFor();
    await tabTo(page, 'Choices');
    await page.keyboard.type(numbers.join(' '));
    await page.keyboard.press('Enter');
    await page
      .getByRole('status')
      .filter({ hasText: `Sheet 1 entered (${KITA}).` })
      .waitFor();
    expect(await focusedName(page)).toBe('Voter (census number or voting code)');
    expect(await page.getByLabel('Voter (census number or voting code)').inputValue()).toBe('');
    await expect.poll(() => page.locator('dl.details').textContent()).toContain('1');

    // The same voter again is refused, on the voter field.
    await page.keyboard.type('P2001');
    await tabTo(page, 'Choices');
    await page.keyboard.type(String(numbers[0]));
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'already been cast for this person' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });

  it('staff check a CSV of paper ballots in a dry run and see the report of every line', async () => {
    await createCensusEntry(current().testApp.app, 'P2002', kita, 1961);
    const sheet = (
      await api(current().baseUrl, 'GET', `/api/cycles/${cycles.approval.id}/districts/${kita}/ballot?order=number`, {
        token: staff.token,
      })
    ).body as BallotSheet;
    const first = String(sheet.projects[0]?.number);
    const csv = `voter,district,choices\nP2002,kita,${first}\nNOBODY9,kita,${first}\n`;
    const page = await open(`/staff/cycles/${cycles.approval.id}/paper`, { as: staff, locale: 'en-US' });
    await page.getByLabel('CSV file of paper ballots').setInputFiles({
      name: 'paper.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    await page.getByRole('button', { name: 'Check the file (dry run)' }).press('Enter');
    const table = page.getByRole('table', { name: 'Lines of the file (dry run)' });
    await table.waitFor();
    expect(await table.locator('tbody tr').count()).toBe(2);
    expect(await table.locator('tbody tr').nth(0).textContent()).toContain('Accepted');
    expect(await table.locator('tbody tr').nth(1).textContent()).toContain('Unknown voter');
    await page.getByRole('button', { name: 'Enter 1 ballot' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });

  it('staff enter a CSV of paper ballots after the dry run and see how many were accepted', async () => {
    await createCensusEntry(current().testApp.app, 'P2003', kita, 1957);
    const sheet = (
      await api(current().baseUrl, 'GET', `/api/cycles/${cycles.approval.id}/districts/${kita}/ballot?order=number`, {
        token: staff.token,
      })
    ).body as BallotSheet;
    const first = String(sheet.projects[0]?.number);
    const csv = `voter,district,choices\nP2003,kita,${first}\nNOBODY8,kita,${first}\n`;
    const page = await open(`/staff/cycles/${cycles.approval.id}/paper`, { as: staff, locale: 'en-US' });
    const count = async (): Promise<number> => Number(await page.locator('dl.details dd').nth(1).textContent());
    await page.getByText('Open', { exact: true }).waitFor();
    const before = await count();
    await page.getByLabel('CSV file of paper ballots').setInputFiles({
      name: 'paper.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    await page.getByRole('button', { name: 'Check the file (dry run)' }).press('Enter');
    await page.getByRole('table', { name: 'Lines of the file (dry run)' }).waitFor();
    await tabTo(page, 'Enter 1 ballot');
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: '1 ballot entered, 1 line refused.' }).waitFor();
    const table = page.getByRole('table', { name: 'Lines of the file', exact: true });
    expect(await table.locator('tbody tr').nth(0).textContent()).toContain('Accepted');
    expect(await table.locator('tbody tr').nth(1).textContent()).toContain('Unknown voter');
    await expect.poll(count).toBe(before + 1);
    // Nothing is left to apply: the same file again would only be refused.
    expect(await page.getByRole('button', { name: /^Enter \d+ ballots?$/ }).count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
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

  it('prints a paper ballot by ballot number in either language, passing axe-core', async () => {
    for (const [locale, language, show, title] of [
      ['en-US', '日本語', 'Show the ballot', '投票用紙'],
      ['ja-JP', 'English', '投票用紙を表示する', 'Ballot paper'],
    ] as const) {
      const page = await open(`/staff/cycles/${cycles.cumulative.id}/print`, { as: staff, locale });
      await page
        .getByLabel(locale === 'en-US' ? 'Language of the ballot' : '投票用紙の言語')
        .selectOption({ label: language });
      await page.getByRole('button', { name: show }).click();
      const sheet = page.locator('.ballot-print');
      await sheet.getByRole('heading', { level: 2, name: title }).waitFor();
      expect(await sheet.locator('tbody td.number').first().textContent()).toBe('1');
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
    expect(await page.getByText('Paper ballots cannot be entered now.').isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Close paper entry' }).count()).toBe(0);
    expect(await page.getByLabel('Voter (census number or voting code)').count()).toBe(0);
    expect(await page.getByLabel('CSV file of paper ballots').count()).toBe(0);
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
