import type { Cycle, CycleProgress } from '@pb/shared';
import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { api, axeViolations, describeInBrowser, useBrowserPages, type E2eAccount } from './helpers.js';
import { moveOverApi, phoneLayoutProblems } from './cycle-helpers.js';
import { countedCycleOverApi } from './counted-cycle.helpers.js';

/**
 * Implementation progress in the browser: a cycle is counted and published over the API; staff
 * record a funded project's status, percent and milestones on their page (deleting a mistaken
 * milestone after confirming); a signed-out visitor reads it on the public page, in both
 * languages. Both pages pass axe-core in Japanese and English and fit a 360 px phone.
 */
describeInBrowser('progress of funded projects in Chromium', () => {
  const pages = useBrowserPages();
  const open = pages.open;
  const current = pages.session;

  let staff: E2eAccount;
  let confirmer: E2eAccount;
  let cycle: Cycle;
  const TITLES = { stage: 'Open-air stage', reading: 'Reading corner', hall: 'Concert hall' } as const;

  beforeAll(async () => {
    ({ staff, confirmer, cycle } = await countedCycleOverApi(current(), {
      ballot: { method: 'approval', maxProjects: 3 },
      district: 'kita',
      budget: 2_000_000,
      projects: [
        { title: TITLES.stage, cost: 1_000_000 },
        { title: TITLES.reading, cost: 500_000 },
        // More than the whole budget: never funded.
        { title: TITLES.hall, cost: 5_000_000 },
      ],
      overrides: { titleEn: 'Progress test', titleJa: '進捗テスト' },
      ballots: [[TITLES.stage, TITLES.reading], [TITLES.stage], [TITLES.hall, TITLES.reading]],
      voterName: 'Progress voter',
    }));
  });

  const publicPath = (): string => `/cycles/${cycle.id}/progress`;
  const staffPath = (): string => `/staff/cycles/${cycle.id}/progress`;
  const projectSection = (page: Page, title: string) =>
    page.locator('section.progress-project').filter({ has: page.getByRole('heading', { level: 3, name: title }) });

  it('before publication a visitor is told there is no progress yet', async () => {
    const page = await open(publicPath(), { locale: 'en-US' });
    await page.getByRole('heading', { level: 2, name: 'No progress to show yet' }).waitFor();
    expect(await page.getByRole('progressbar').count()).toBe(0);
  });

  it('staff record status, percent and milestones, and delete a mistaken milestone after confirming', async () => {
    await moveOverApi(current(), staff, cycle.id, 'published', confirmer);
    const cyclePage = await open(`/staff/cycles/${cycle.id}`, { as: staff, locale: 'en-US' });
    await cyclePage.getByRole('link', { name: 'Record the progress of funded projects' }).click();
    const page = cyclePage;
    await page.getByRole('heading', { level: 1, name: 'Progress of funded projects: Progress test' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Kita (North)' }).waitFor();
    // The funded ones only, in the order funded; the hall cost more than the budget.
    expect((await page.locator('main').getByRole('heading', { level: 3 }).allTextContents()).sort()).toEqual([
      TITLES.stage,
      TITLES.reading,
    ]);

    const stage = projectSection(page, TITLES.stage);
    // A percent that contradicts the status is refused before anything is sent.
    await stage.getByLabel('Status').selectOption({ label: 'Done' });
    await stage.getByRole('textbox', { name: 'Percent complete' }).fill('50');
    await stage.getByRole('button', { name: 'Save progress' }).click();
    await stage.getByText('The percent does not fit the status', { exact: false }).first().waitFor();
    expect(await stage.getByRole('textbox', { name: 'Percent complete' }).getAttribute('aria-invalid')).toBe('true');

    await stage.getByLabel('Status').selectOption({ label: 'In progress' });
    await stage.getByRole('textbox', { name: 'Percent complete' }).fill('40');
    await stage.getByRole('textbox', { name: 'Note (Japanese)' }).fill('基礎工事が終わりました。');
    await stage.getByRole('textbox', { name: 'Note (English)' }).fill('The foundations are finished.');
    await stage.getByRole('button', { name: 'Save progress' }).click();
    await stage.getByText(`Saved the progress of ${TITLES.stage}.`).waitFor();
    await expect
      .poll(() => stage.getByRole('progressbar', { name: `Progress of ${TITLES.stage}` }).getAttribute('value'))
      .toBe('40');

    const milestones: [string, string, string][] = [
      ['2027-06-15', '着工', 'Construction started'],
      ['2027-04-10', '業者決定', 'Contractor chosen'],
      ['2027-05-01', '誤入力', 'Entered by mistake'],
    ];
    for (const [date, titleJa, titleEn] of milestones) {
      await stage.getByLabel('Date').fill(date);
      await stage.getByRole('textbox', { name: 'Title (Japanese)' }).fill(titleJa);
      await stage.getByRole('textbox', { name: 'Title (English)' }).fill(titleEn);
      await stage.getByRole('button', { name: 'Add milestone' }).click();
      await stage.getByRole('listitem').filter({ hasText: titleEn }).waitFor();
    }
    await stage.getByRole('button', { name: 'Delete milestone: Entered by mistake' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete this milestone?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Delete milestone' }).click();
    await stage.getByText('Deleted the milestone “Entered by mistake”.').waitFor();
    expect(await stage.locator('ol.milestones > li .milestone-title').allTextContents()).toEqual([
      'Contractor chosen',
      'Construction started',
    ]);

    const stored = (await api(current().baseUrl, 'GET', `/api/cycles/${cycle.id}/progress`)).body as CycleProgress;
    const project = stored.districts[0]?.projects.find((entry) => entry.title === TITLES.stage);
    expect(project).toMatchObject({ status: 'in_progress', percentComplete: 40 });
    expect(project?.milestones.map((milestone) => milestone.onDate)).toEqual(['2027-04-10', '2027-06-15']);
  });

  it('a signed-out visitor finds the progress from the results page, in English and in Japanese', async () => {
    const results = await open(`/cycles/${cycle.id}/results`, { locale: 'en-US' });
    await results.getByRole('link', { name: 'Progress of the funded projects' }).click();
    const page = results;
    await page.getByRole('heading', { level: 1, name: 'Progress: Progress test' }).waitFor();
    const stage = page.locator('article.progress-project').filter({ hasText: TITLES.stage });
    expect((await stage.locator('[data-status]').textContent())?.trim()).toBe('In progress');
    const bar = stage.getByRole('progressbar', { name: `Progress of ${TITLES.stage}` });
    expect(await bar.getAttribute('value')).toBe('40');
    expect((await stage.locator('.progress-figure').textContent())?.trim()).toBe('40% complete');
    await stage.getByText('The foundations are finished.').waitFor();
    const times = stage.locator('ol.milestones time');
    expect(await times.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('datetime')))).toEqual([
      '2027-04-10',
      '2027-06-15',
    ]);
    expect(await times.allTextContents()).toEqual(['April 10, 2027', 'June 15, 2027']);
    const reading = page.locator('article.progress-project').filter({ hasText: TITLES.reading });
    expect((await reading.locator('[data-status]').textContent())?.trim()).toBe('Planned');
    await reading.getByText('Not updated yet').waitFor();
    expect(await page.getByText(TITLES.hall).count()).toBe(0);

    const cyclePage = await open(`/cycles/${cycle.id}`, { locale: 'en-US' });
    expect(await cyclePage.getByRole('link', { name: 'Progress of the funded projects' }).getAttribute('href')).toBe(
      publicPath(),
    );

    const japanese = await open(publicPath(), { locale: 'ja-JP' });
    const stageJa = japanese.locator('article.progress-project').filter({ hasText: TITLES.stage });
    expect((await stageJa.locator('[data-status]').textContent())?.trim()).toBe('実施中');
    await stageJa.getByText('基礎工事が終わりました。').waitFor();
    expect(await stageJa.locator('ol.milestones .milestone-title').allTextContents()).toEqual(['業者決定', '着工']);
    expect(await stageJa.locator('ol.milestones time').allTextContents()).toEqual(['2027年4月10日', '2027年6月15日']);
  });

  it('both pages pass axe-core in Japanese and English', async () => {
    for (const locale of ['ja-JP', 'en-US'] as const) {
      const visitor = await open(publicPath(), { locale });
      await visitor.getByRole('progressbar').first().waitFor();
      expect(await axeViolations(visitor), `public ${locale}`).toEqual([]);
      const staffPage = await open(staffPath(), { as: staff, locale });
      await staffPage.getByRole('progressbar').first().waitFor();
      expect(await axeViolations(staffPage), `staff ${locale}`).toEqual([]);
    }
  });

  it('both pages fit a 360 px phone', async () => {
    for (const [path, as] of [
      [publicPath(), undefined],
      [staffPath(), staff],
    ] as const) {
      const page = await open(path, { as, locale: 'ja-JP' });
      await page.setViewportSize({ width: 360, height: 740 });
      await page.getByRole('progressbar').first().waitFor();
      expect(await phoneLayoutProblems(page), path).toEqual({ small: [], overflow: 0 });
    }
  });
});
