import type { Cycle } from '@pb/shared';
import { beforeAll, expect, it } from 'vitest';
import {
  actionName,
  axeViolations,
  createAccount,
  describeInBrowser,
  useBrowserPages,
  type E2eAccount,
} from './helpers.js';
import { createCycleOverApi, insertBallotProposals, moveOverApi, phoneLayoutProblems } from './cycle-helpers.js';

describeInBrowser('staff pages of budget cycles in Chromium', () => {
  const pages = useBrowserPages();
  const open = pages.open;
  const current = pages.session;

  let staff: E2eAccount;
  let secondStaff: E2eAccount;
  let draft: Cycle;
  let frozen: Cycle;
  let pending: Cycle;

  beforeAll(async () => {
    staff = await createAccount(current(), ['staff'], { label: 'staff' });
    secondStaff = await createAccount(current(), ['staff'], { label: 'staff' });
    draft = await createCycleOverApi(
      current(),
      staff,
      { kita: 10_000_000, 'city-wide': 50_000_000 },
      {
        titleJa: '下書きのサイクル',
        titleEn: 'Draft cycle',
      },
    );
    frozen = await createCycleOverApi(
      current(),
      staff,
      { kita: 10_000_000 },
      {
        titleJa: '投票中のサイクル',
        titleEn: 'Cycle in voting',
        ballot: { method: 'cumulative', points: 10, maxPointsPerProject: 5 },
      },
    );
    await moveOverApi(current(), staff, frozen.id, 'submission');
    await moveOverApi(current(), staff, frozen.id, 'review');
    await insertBallotProposals(current(), frozen.id, ['kita']);
    await moveOverApi(current(), staff, frozen.id, 'voting', secondStaff);
    pending = await createCycleOverApi(
      current(),
      staff,
      { minami: 5_000_000 },
      {
        titleJa: '確認待ちのサイクル',
        titleEn: 'Cycle awaiting confirmation',
      },
    );
    await moveOverApi(current(), staff, pending.id, 'submission');
    await moveOverApi(current(), staff, pending.id, 'review');
    await insertBallotProposals(current(), pending.id, ['minami']);
    await moveOverApi(current(), staff, pending.id, 'voting');
  });

  const cases: [string, () => string][] = [
    ['the cycle list', () => '/staff/cycles'],
    ['the new-cycle form', () => '/staff/cycles/new'],
    ["a draft's settings form", () => `/staff/cycles/${draft.id}/edit`],
    ["a frozen cycle's read-only settings", () => `/staff/cycles/${frozen.id}/edit`],
    ["a draft's phase control", () => `/staff/cycles/${draft.id}`],
    ['a phase control with a move awaiting confirmation', () => `/staff/cycles/${pending.id}`],
    ["a frozen cycle's phase control", () => `/staff/cycles/${frozen.id}`],
  ];

  it.each(cases)('%s passes axe-core in Japanese and English', async (_name, path) => {
    for (const locale of ['ja-JP', 'en-US'] as const) {
      const page = await open(path(), { as: staff, locale });
      expect(await axeViolations(page), `${path()} ${locale}`).toEqual([]);
    }
  });

  it("shows only the chosen ballot method's fields and the chosen rule's options, each explained", async () => {
    const page = await open('/staff/cycles/new', { as: staff, locale: 'en-US' });
    const maxProjects = page.getByLabel('Most projects a ballot may choose (optional)');
    const points = page.getByLabel('Points each resident gives out');
    expect(await maxProjects.isVisible()).toBe(true);
    expect(await points.count()).toBe(0);

    await page.getByRole('radio', { name: 'Points', exact: true }).check();
    await points.waitFor();
    expect(await maxProjects.count()).toBe(0);
    // Points ballots follow their own product default utility.
    expect(await page.getByRole('radio', { name: /^Points or rank, times the cost/ }).isChecked()).toBe(true);

    const mesOptions = page.getByRole('heading', { name: 'Options of the Method of Equal Shares' });
    expect(await mesOptions.isVisible()).toBe(true);
    expect(await page.getByText('Add1 stops at the first outcome').isVisible()).toBe(true);
    await page.getByRole('radio', { name: 'Most votes first' }).check();
    await expect.poll(() => mesOptions.count()).toBe(0);
    expect(await page.getByRole('radiogroup', { name: 'When the rule leaves money unspent' }).count()).toBe(0);

    const seed = page.getByLabel('Lottery seed');
    expect(await seed.count()).toBe(0);
    await page.getByRole('radio', { name: 'Public lottery' }).check();
    await seed.waitFor();
    expect(await page.getByText('anyone can repeat the draw').first().isVisible()).toBe(true);
  });

  it("ties problems to their fields, and shows the server's refusal of inconsistent rules with its explanation", async () => {
    const page = await open('/staff/cycles/new', { as: staff, locale: 'en-US' });
    await page.getByLabel('Most projects a ballot may choose (optional)').fill('0');
    await page.getByRole('button', { name: 'Create as a draft' }).click();
    await expect.poll(() => page.locator('[aria-invalid="true"]').count()).toBe(4);
    expect(await page.getByText('Please fill in this field.').count()).toBe(2);
    expect(await page.getByText('Choose at least one district.').isVisible()).toBe(true);
    expect(await page.getByText('Please enter a whole number from 1 to 1000.').isVisible()).toBe(true);
    expect(await page.getByLabel('Title in Japanese').evaluate((element) => element === document.activeElement)).toBe(
      true,
    );
    expect(await axeViolations(page), 'with the problems shown').toEqual([]);

    await page.getByLabel('Title in Japanese').fill('ルール確認');
    await page.getByLabel('Title in English').fill('Rules check');
    await page.getByRole('checkbox', { name: 'Kita (North) takes part' }).check();
    await page.getByLabel('Budget for Kita (North)').fill('1000000');
    await page.getByLabel('Most projects a ballot may choose (optional)').fill('3');
    await page.getByLabel('Fewest projects a ballot must choose (optional)').fill('2');
    // The browser checks what it can; this stands for a rule only the server knows.
    await page.route('**/api/cycles', (route) =>
      route.fulfill({
        status: 400,
        json: {
          error: { code: 'cycles.invalid_rules', message: 'ballot.minProjects must not exceed ballot.maxProjects' },
        },
      }),
    );
    await page.getByRole('button', { name: 'Create as a draft' }).click();
    const fewest = page.getByLabel('Fewest projects a ballot must choose (optional)');
    await expect.poll(() => fewest.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByText('The voting rules contradict each other.').first().isVisible()).toBe(true);
    const detail = page.locator('.server-detail [lang="en"]');
    expect(await detail.textContent()).toBe('ballot.minProjects must not exceed ballot.maxProjects');
  });

  it("edits a draft's settings, with its budgets filled in as they are", async () => {
    const page = await open(`/staff/cycles/${draft.id}/edit`, { as: staff, locale: 'en-US' });
    expect(await page.getByLabel('Budget for City-wide').inputValue()).toBe('50000000');
    expect(await page.getByRole('checkbox', { name: 'Minami (South) takes part' }).isChecked()).toBe(false);
    await page.getByLabel('Title in English').fill('Draft cycle, renamed');
    await page.getByLabel('Budget for City-wide').fill('45,000,000');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('The settings have been saved.').waitFor();
    await page.getByRole('heading', { level: 1, name: 'Draft cycle, renamed' }).waitFor();
  });

  it('copies a cycle into a new draft and opens its settings', async () => {
    const page = await open('/staff/cycles', { as: staff, locale: 'en-US' });
    const table = page.getByRole('table', { name: 'Budget cycles, newest first' });
    expect(await table.getByRole('row', { name: /Cycle in voting/ }).textContent()).toContain('Voting');
    await table.getByRole('button', { name: actionName('Copy as a new draft', 'Cycle in voting') }).click();
    await page.getByText('A copy has been created as a draft').waitFor();
    expect(await page.getByLabel('Title in English').inputValue()).toBe('Cycle in voting (copy)');
    expect(await page.getByLabel('Points each resident gives out').inputValue()).toBe('10');
  });

  it('schedules moves at a local time, asks a second staff member to confirm an opening of voting, and cancels', async () => {
    const page = await open(`/staff/cycles/${draft.id}`, { as: staff, locale: 'en-US' });
    expect(await page.getByText("city's time zone (Asia/Tokyo)").isVisible()).toBe(true);
    const at = page.getByLabel('Date and time (Asia/Tokyo)');
    await page.getByLabel('Move to').selectOption({ label: 'Proposals open' });
    await at.fill('2000-01-01T09:00');
    await page.getByRole('button', { name: 'Schedule' }).click();
    await expect.poll(() => at.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByText('a future date and time that exists').first().isVisible()).toBe(true);

    await at.fill('2099-05-01T09:00');
    await page.getByRole('button', { name: 'Schedule' }).click();
    await page.getByRole('status').filter({ hasText: 'Scheduled: Proposals open on' }).waitFor();
    await page.getByLabel('Move to').selectOption({ label: 'Voting' });
    await at.fill('2099-06-01T09:00');
    await page.getByRole('button', { name: 'Schedule' }).click();
    const table = page.getByRole('table', { name: 'List of scheduled changes' });
    const voting = table.getByRole('row', { name: /^Voting/ });
    await voting.waitFor();
    expect(await voting.textContent()).toContain('Jun 1, 2099, 9:00');
    expect(await voting.textContent()).toContain('You scheduled this');
    expect(await voting.getByRole('button', { name: /^Confirm/ }).getAttribute('aria-disabled')).toBe('true');
    expect(await axeViolations(page), 'with scheduled moves').toEqual([]);

    await table
      .getByRole('row', { name: /^Proposals open/ })
      .getByRole('button', { name: /^Cancel this change/ })
      .click();
    await page.getByText('The scheduled change has been cancelled.').waitFor();
    await expect.poll(() => table.getByRole('row').count()).toBe(2);

    const second = await open(`/staff/cycles/${draft.id}`, { as: secondStaff, locale: 'en-US' });
    const row = second.getByRole('table', { name: 'List of scheduled changes' }).getByRole('row', { name: /^Voting/ });
    await row.getByRole('button', { name: /^Confirm/ }).click();
    await second.getByText('Confirmed. The change will run at its time').waitFor();
    await expect.poll(() => row.textContent()).toContain('Confirmed');
  });

  it('keeps the confirm button of a pending move usable by the second staff member only', async () => {
    const requester = await open(`/staff/cycles/${pending.id}`, { as: staff, locale: 'en-US' });
    const own = requester.getByRole('button', { name: 'Confirm: Voting' });
    expect(await own.getAttribute('aria-disabled')).toBe('true');
    const note = await own.getAttribute('aria-describedby');
    expect(await requester.locator(`[id="${note ?? ''}"]`).textContent()).toBe(
      'You asked for this change, so another staff member must confirm it.',
    );
    const other = await open(`/staff/cycles/${pending.id}`, { as: secondStaff, locale: 'en-US' });
    expect(await other.getByRole('button', { name: 'Confirm: Voting' }).getAttribute('aria-disabled')).toBe('false');
  });

  it('closing voting asks first and needs a second staff member, in Japanese and English, at 1280 and 360 px', async () => {
    const words = {
      'ja-JP': { button: '投票を締め切る…', dialog: 'いま投票を締め切りますか？', request: '投票の締め切りを依頼する' },
      'en-US': { button: 'Close voting…', dialog: 'Close voting now?', request: 'Request closing of voting' },
    } as const;
    for (const locale of ['ja-JP', 'en-US'] as const) {
      for (const width of [1280, 360]) {
        const page = await open(`/staff/cycles/${frozen.id}`, { as: staff, locale });
        await page.setViewportSize({ width, height: 800 });
        await page.getByRole('button', { name: words[locale].button }).click();
        const dialog = page.getByRole('dialog', { name: words[locale].dialog });
        await dialog.waitFor();
        expect(await dialog.getByRole('button', { name: words[locale].request }).isVisible()).toBe(true);
        expect(await axeViolations(page), `${locale} ${String(width)} px`).toEqual([]);
        expect(await phoneLayoutProblems(page).then((problems) => problems.overflow)).toBe(0);
        await page.keyboard.press('Escape');
        await expect.poll(() => dialog.count()).toBe(0);
      }
    }
    const page = await open(`/staff/cycles/${frozen.id}`, { as: staff, locale: 'en-US' });
    await page.getByRole('button', { name: 'Close voting…' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Request closing of voting' }).click();
    await page.getByRole('status').filter({ hasText: 'Requested.' }).waitFor();
    expect(await page.getByRole('button', { name: 'Confirm: Counting' }).getAttribute('aria-disabled')).toBe('true');
    const second = await open(`/staff/cycles/${frozen.id}`, { as: secondStaff, locale: 'en-US' });
    await second.getByRole('button', { name: 'Confirm: Counting' }).click();
    await second.getByRole('status').filter({ hasText: 'Counting' }).waitFor();
  });
});
