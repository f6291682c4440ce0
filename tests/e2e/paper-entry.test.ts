import type { BallotSheet, Cycle } from '@pb/shared';
import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { createCensusEntry } from '../helpers/voting.js';
import {
  api,
  axeViolations,
  createAccount,
  describeInBrowser,
  districtIdOf,
  useBrowserPages,
  type E2eAccount,
} from './helpers.js';
import { focusedName, phoneLayoutProblems, tabTo, votingCycleOverApi } from './cycle-helpers.js';
import { KITA } from './voting-helpers.js';

/**
 * The paper entry page in the browser: the poll book (who received a paper ballot) and the ballot
 * box (returned sheets, with no voter field), by keyboard and by CSV, with the running counts per
 * district; in Japanese and English, at 1280 and 360 px, with axe-core.
 */
describeInBrowser('paper entry in Chromium: the poll book and the ballot box', () => {
  const pages = useBrowserPages();
  const open = pages.open;
  const current = pages.session;

  let staff: E2eAccount;
  let kita = '';
  let cycle: Cycle;
  let numbers: number[] = [];

  beforeAll(async () => {
    staff = await createAccount(current(), ['staff'], { label: 'staff' });
    const confirmer = await createAccount(current(), ['staff'], { label: 'staff' });
    kita = await districtIdOf(current(), 'kita');
    cycle = await votingCycleOverApi(
      current(),
      staff,
      confirmer,
      { method: 'approval', maxProjects: 2 },
      {
        kita: {
          budget: 5_000_000,
          projects: [
            { title: 'Benches by the river', cost: 2_000_000 },
            { title: 'Longer library hours', cost: 1_500_000 },
          ],
        },
      },
      { titleEn: 'Paper vote', titleJa: '紙の投票' },
    );
    for (const [index, number] of ['P5001', 'P5002', 'P5003', 'P5004'].entries()) {
      await createCensusEntry(current().testApp.app, number, kita, 1950 + index);
    }
    const sheet = (
      await api(current().baseUrl, 'GET', `/api/cycles/${cycle.id}/districts/${kita}/ballot?order=number`, {
        token: staff.token,
      })
    ).body as BallotSheet;
    numbers = sheet.projects.map((project) => project.number);
  });

  const path = () => `/staff/cycles/${cycle.id}/paper`;
  const kitaCounts = (page: Page) =>
    page.locator('#paper-counts tbody tr').filter({ hasText: KITA }).locator('td').textContent();

  it('staff record a resident in the poll book by keyboard: Enter sends, the keyboard returns to the voter field, the count rises', async () => {
    const page = await open(path(), { as: staff, locale: 'en-US' });
    await page.getByText('Open', { exact: true }).waitFor();
    expect((await kitaCounts(page))?.trim()).toBe('0 / 0');
    await tabTo(page, 'Voter (census number or voting code)');
    await page.keyboard.type('P5001');
    await page.getByText('Read as a census number.').waitFor();
    await page.keyboard.press('Enter');
    await page
      .getByRole('status')
      .filter({ hasText: `Recorded for ${KITA}: 1 ballot handed out there.` })
      .waitFor();
    expect(await focusedName(page)).toBe('Voter (census number or voting code)');
    expect(await page.getByLabel('Voter (census number or voting code)').inputValue()).toBe('');
    await expect.poll(async () => (await kitaCounts(page))?.trim()).toBe('0 / 1');

    // The same resident again is refused, on the voter field.
    await page.keyboard.type('P5001');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'already been cast for this person' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });

  it('staff enter a returned sheet by keyboard with no voter field, and the box refuses one beyond the poll book with both counts', async () => {
    const page = await open(path(), { as: staff, locale: 'en-US' });
    await page.getByText('Open', { exact: true }).waitFor();
    const box = page.getByRole('region', { name: 'Ballot box: the returned sheets' });
    expect(await box.getByRole('textbox').count()).toBe(1);
    expect(await box.getByLabel(/voter/i).count()).toBe(0);
    await tabTo(page, 'Choices');
    await page.keyboard.type(numbers.slice(0, 2).join(' '));
    await page.keyboard.press('Enter');
    await page
      .getByRole('status')
      .filter({ hasText: `Sheet entered for ${KITA}: 1 of 1 ballots handed out there are in the box.` })
      .waitFor();
    expect(await focusedName(page)).toBe('Choices');
    expect(await page.getByLabel('Choices').inputValue()).toBe('');
    await expect.poll(async () => (await kitaCounts(page))?.trim()).toBe('1 / 1');

    await page.keyboard.type(String(numbers[0]));
    await page.keyboard.press('Enter');
    await page
      .getByRole('alert')
      .filter({ hasText: `${KITA} already has 1 sheets for 1 ballots handed out` })
      .waitFor();
    expect(await focusedName(page)).toBe('Choices');
    expect((await kitaCounts(page))?.trim()).toBe('1 / 1');
    expect(await axeViolations(page)).toEqual([]);
  });

  async function upload(page: Page, label: string, csv: string): Promise<void> {
    await page.getByLabel(label).setInputFiles({ name: 'paper.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  }

  it('staff check a poll book CSV and a CSV of anonymous sheets in dry runs, see every line, then enter them', async () => {
    const page = await open(path(), { as: staff, locale: 'en-US' });
    await page.getByText('Open', { exact: true }).waitFor();
    const book = page.getByRole('region', { name: 'Poll book: who received a paper ballot' });
    await upload(page, 'CSV file of the poll book', 'voter,district\nP5002,kita\nNOBODY9,kita\n');
    await book.getByRole('button', { name: 'Check the file (dry run)' }).press('Enter');
    const bookReport = book.getByRole('table', { name: 'Lines of the file (CSV file of the poll book, dry run)' });
    await bookReport.waitFor();
    expect(await bookReport.locator('tbody tr').nth(0).textContent()).toContain('Accepted');
    expect(await bookReport.locator('tbody tr').nth(1).textContent()).toContain('Unknown voter');
    expect((await kitaCounts(page))?.trim()).toBe('1 / 1');
    await book.getByRole('button', { name: 'Record 1 resident' }).click();
    await book.getByRole('status').filter({ hasText: '1 resident recorded, 1 line refused.' }).waitFor();
    await expect.poll(async () => (await kitaCounts(page))?.trim()).toBe('1 / 2');

    const box = page.getByRole('region', { name: 'Ballot box: the returned sheets' });
    const first = String(numbers[0]);
    await upload(
      page,
      'CSV file of paper sheets',
      `district,choices\nkita,${first}\nkita,${first}\nnowhere,${first}\n`,
    );
    await box.getByRole('button', { name: 'Check the file (dry run)' }).press('Enter');
    const sheetReport = box.getByRole('table', { name: 'Lines of the file (CSV file of paper sheets, dry run)' });
    await sheetReport.waitFor();
    const rows = sheetReport.locator('tbody tr');
    expect(await rows.nth(0).textContent()).toContain('Accepted');
    expect(await rows.nth(1).textContent()).toContain('More sheets than ballots handed out');
    expect(await rows.nth(2).textContent()).toContain('Invalid line');
    expect((await kitaCounts(page))?.trim()).toBe('1 / 2');
    await box.getByRole('button', { name: 'Enter 1 sheet' }).click();
    await box.getByRole('status').filter({ hasText: '1 sheet entered, 2 lines refused.' }).waitFor();
    await expect.poll(async () => (await kitaCounts(page))?.trim()).toBe('2 / 2');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('in Japanese on a 360 px phone, staff record a resident by keyboard; the page has no sideways scroll', async () => {
    const page = await open(path(), { as: staff, locale: 'ja-JP' });
    await page.setViewportSize({ width: 360, height: 740 });
    await page.getByText('受付中', { exact: true }).waitFor();
    await tabTo(page, '投票者（住民番号または投票コード）');
    await page.keyboard.type('P5004');
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: '交付を記録しました（交付数 3）' }).waitFor();
    expect(await focusedName(page)).toBe('投票者（住民番号または投票コード）');
    expect((await phoneLayoutProblems(page)).overflow).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
  });

  it.each([
    ['ja-JP', '投票者名簿：紙の投票用紙を受け取った人', '投票箱：戻ってきた投票用紙'],
    ['en-US', 'Poll book: who received a paper ballot', 'Ballot box: the returned sheets'],
  ] as const)(
    'the paper entry page in %s passes axe-core at 1280 and 360 px and has no sideways scroll',
    async (locale, pollBook, ballotBox) => {
      for (const width of [1280, 360]) {
        const page = await open(path(), { as: staff, locale });
        await page.setViewportSize({ width, height: width === 360 ? 740 : 900 });
        await page.getByRole('heading', { level: 2, name: pollBook }).waitFor();
        await page.getByRole('heading', { level: 2, name: ballotBox }).waitFor();
        expect((await phoneLayoutProblems(page)).overflow, `${locale} ${String(width)}`).toBe(0);
        expect(await axeViolations(page), `${locale} ${String(width)}`).toEqual([]);
      }
    },
  );
});
