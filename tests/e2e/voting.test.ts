import type { BallotSheet, Cycle } from '@pb/shared';
import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { createCensusEntry } from '../helpers/voting.js';
import {
  api,
  actionName,
  axeViolations,
  createAccount,
  describeInBrowser,
  districtIdOf,
  useBrowserPages,
  type E2eAccount,
} from './helpers.js';
import {
  focusedName,
  moveOverApi,
  phoneLayoutProblems,
  tabTo,
  verifiedResident,
  votingCycleOverApi,
} from './cycle-helpers.js';

/**
 * Voting as residents and staff do it in the browser: a resident votes with each of the four
 * ballot methods using only the keyboard, keeps the receipt, checks it and replaces the ballot;
 * staff enter a paper ballot and vote with a resident at the counter; every voting page passes
 * axe-core in Japanese and English.
 */
describeInBrowser('voting in Chromium', () => {
  const pages = useBrowserPages();
  const open = pages.open;
  const current = pages.session;
  const KITA = 'Kita (North)';

  let staff: E2eAccount;
  let confirmer: E2eAccount;
  let viewer: E2eAccount;
  let kita = '';
  const cycles: Record<'approval' | 'knapsack' | 'cumulative' | 'ranked', Cycle> = {} as never;

  beforeAll(async () => {
    staff = await createAccount(current(), ['staff'], { label: 'staff' });
    confirmer = await createAccount(current(), ['staff'], { label: 'staff' });
    viewer = await verifiedResident(current(), 'kita', 'Viewer Resident');
    kita = await districtIdOf(current(), 'kita');
    const projects = [
      { title: 'Benches by the river', cost: 2_000_000 },
      { title: 'Longer library hours', cost: 1_500_000 },
      { title: 'Bicycle racks at the station', cost: 1_000_000 },
    ];
    cycles.approval = await votingCycleOverApi(
      current(),
      staff,
      confirmer,
      { method: 'approval', maxProjects: 2 },
      { kita: { budget: 5_000_000, projects } },
      { titleEn: 'Approval vote', titleJa: '承認投票' },
    );
    cycles.knapsack = await votingCycleOverApi(
      current(),
      staff,
      confirmer,
      { method: 'knapsack' },
      { kita: { budget: 3_000_000, projects } },
      { titleEn: 'Budget vote', titleJa: '予算配分投票' },
    );
    cycles.cumulative = await votingCycleOverApi(
      current(),
      staff,
      confirmer,
      { method: 'cumulative', points: 5, maxPointsPerProject: 3 },
      { kita: { budget: 5_000_000, projects } },
      { titleEn: 'Points vote', titleJa: '点数配分投票' },
    );
    cycles.ranked = await votingCycleOverApi(
      current(),
      staff,
      confirmer,
      { method: 'ranked', maxRanked: 3 },
      { kita: { budget: 5_000_000, projects } },
      { titleEn: 'Ranked vote', titleJa: '順位投票' },
    );
  });

  /** From the cycle's page to the ballot of Kita, by keyboard only. */
  async function openBallot(cycle: Cycle, resident: E2eAccount): Promise<Page> {
    const page = await open(`/cycles/${cycle.id}`, { as: resident, locale: 'en-US' });
    await tabTo(page, 'Vote');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: `Vote: ${cycle.titleEn}` }).waitFor();
    await page.getByRole('link', { name: `Vote in ${KITA}` }).waitFor();
    await tabTo(page, `Vote in ${KITA}`);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: `Ballot: ${KITA}` }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Your ballot' }).waitFor();
    return page;
  }

  /** Review, check the choices listed, cast; returns the receipt code shown. */
  async function reviewAndCast(page: Page, expected: string[], castLabel = 'Cast my ballot'): Promise<string> {
    await tabTo(page, 'Review my choices');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 2, name: 'Check your choices' }).waitFor();
    expect(await focusedName(page)).toBe('Check your choices');
    const rows = page.locator('table tbody th');
    expect(await rows.allTextContents()).toEqual(expected);
    expect(await axeViolations(page)).toEqual([]);
    await tabTo(page, castLabel);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 2, name: /^Your receipt/ }).waitFor();
    const code = (await page.locator('[data-receipt]').textContent()) ?? '';
    expect(code).toMatch(/^([0-9A-Z]{4}-){6}[0-9A-Z]{2}$/);
    // The code never reaches the address.
    expect(page.url()).not.toContain(code.slice(0, 4));
    expect(new URL(page.url()).search).toBe('');
    expect(await axeViolations(page)).toEqual([]);
    return code;
  }

  /** On the receipt page: "Check my receipt", the code typed in, Enter; returns the status shown. */
  async function checkReceipt(page: Page, code: string, expected: string): Promise<void> {
    await tabTo(page, 'Check my receipt');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Check my receipt' }).waitFor();
    await tabTo(page, 'Receipt code');
    await page.keyboard.type(code.toLowerCase());
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: expected }).waitFor();
  }

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

  it('tells a resident without a verified residency why they cannot vote, with the way to verification', async () => {
    const unverified = await createAccount(current(), ['resident'], { label: 'unverified' });
    const page = await open(`/cycles/${cycles.approval.id}/vote`, { as: unverified, locale: 'en-US' });
    await page.getByText('This cycle asks for a verified residency.').first().waitFor();
    expect(await page.getByRole('link', { name: 'Verify my residency in my profile' }).getAttribute('href')).toBe(
      '/profile',
    );
    expect(await page.getByRole('link', { name: /^Vote in / }).count()).toBe(0);
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
    if (!tallying) await moveOverApi(current(), staff, cycles.ranked.id, 'tallying');
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
