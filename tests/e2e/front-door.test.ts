import type { Cycle } from '@pb/shared';
import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { createCensusEntry } from '../helpers/voting.js';
import { countedCycleOverApi } from './counted-cycle.helpers.js';
import {
  api,
  axeViolations,
  createAccount,
  describeInBrowser,
  districtIdOf,
  useBrowserPages,
  type E2eAccount,
} from './helpers.js';
import { castBallotOverApi, moveOverApi, verifiedResident, votingCycleOverApi } from './cycle-helpers.js';

const LOCALES = ['ja-JP', 'en-US'] as const;
type Locale = (typeof LOCALES)[number];

const TEXT = {
  'ja-JP': {
    title: '玄関の投票テスト',
    pastTitle: '玄関の過去の予算',
    countdown: '投票締切まで あと3日',
    signInToVote: 'ログインして投票する',
    vote: '投票する',
    voted: '投票済みです — 受付番号を確認する',
    dates: '日程',
    votingPhase: '投票',
    proposals: '提案',
    proposalList: '提案一覧',
    allCycles: 'すべての予算サイクル',
    past: '過去のサイクル',
    cycle: '予算サイクル',
    show: 'このサイクルを表示する',
    goToBallot: '投票に進む',
  },
  'en-US': {
    title: 'Front door vote test',
    pastTitle: 'Front door past budget',
    countdown: 'Voting closes in 3 days',
    signInToVote: 'Sign in to vote',
    vote: 'Vote now',
    voted: 'You have voted — see your receipt',
    dates: 'Dates',
    votingPhase: 'Voting',
    proposals: 'Proposals',
    proposalList: 'Proposals',
    allCycles: 'All budget cycles',
    past: 'Past',
    cycle: 'Budget cycle',
    show: 'Show this cycle',
    goToBallot: 'Go to the ballot',
  },
} as const;

/** The page scrolls sideways when the document is wider than the window. */
function overflows(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
}

/** `YYYY-MM-DDTHH:mm` in the city's time zone, as the schedule form takes it. */
function localDateTime(at: Date, timeZone: string): string {
  const part = (options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('en-CA', { timeZone, ...options });
  const parts = part({
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string) => parts.find((entry) => entry.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}`;
}

describeInBrowser('the front door: home page, current cycle, proposals and cycles in Chromium', () => {
  const pages = useBrowserPages();
  const open = pages.open;
  const current = pages.session;

  let staff: E2eAccount;
  let confirmer: E2eAccount;
  let voting: Cycle;
  let past: Cycle;
  let closesAt: Date;
  let timeZone: string;

  beforeAll(async () => {
    const counted = await countedCycleOverApi(current(), {
      ballot: { method: 'approval', maxProjects: 2 },
      district: 'kita',
      budget: 2_000_000,
      projects: [{ title: 'Past library shelves', cost: 1_000_000 }],
      overrides: { titleJa: TEXT['ja-JP'].pastTitle, titleEn: TEXT['en-US'].pastTitle },
      ballots: [['Past library shelves']],
      voterName: 'Past voter',
    });
    ({ staff, confirmer } = counted);
    await moveOverApi(current(), staff, counted.cycle.id, 'published', confirmer);
    past = counted.cycle;
    voting = await votingCycleOverApi(
      current(),
      staff,
      confirmer,
      { method: 'approval', maxProjects: 2 },
      { kita: { budget: 3_000_000, projects: [{ title: 'Front door benches', cost: 1_000_000 }] } },
      { titleJa: TEXT['ja-JP'].title, titleEn: TEXT['en-US'].title },
    );
    timeZone = ((await api(current().baseUrl, 'GET', '/api/city')).body as { timeZone: string }).timeZone;
    // Three days and five hours from now, to the minute: "in 3 days", whatever the test's pace.
    closesAt = new Date(Math.ceil((Date.now() + (3 * 24 + 5) * 3_600_000) / 60_000) * 60_000);
    const scheduled = await api(current().baseUrl, 'POST', `/api/cycles/${voting.id}/schedule`, {
      token: staff.token,
      json: { to: 'tallying', at: localDateTime(closesAt, timeZone) },
    });
    expect(scheduled.status, JSON.stringify(scheduled.body)).toBe(201);
    const confirmed = await api(
      current().baseUrl,
      'POST',
      `/api/cycles/${voting.id}/schedule/${(scheduled.body as { id: string }).id}/confirm`,
      { token: confirmer.token },
    );
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
  }, 120_000);

  it.each(LOCALES)(
    'in %s a newcomer sees the voting cycle with its dates, the countdown and "sign in to vote", at 1280 and 360 px',
    async (locale: Locale) => {
      const text = TEXT[locale];
      const page = await open('/', { locale });
      for (const width of [1280, 360]) {
        await page.setViewportSize({ width, height: 800 });
        const card = page.getByRole('article', { name: text.title });
        await card.waitFor();
        expect(await card.getByText(text.countdown).count(), `${locale} ${String(width)}`).toBe(1);
        const dates = card.getByRole('list', { name: text.dates });
        const now = dates.locator('[aria-current="step"]');
        expect(await now.textContent()).toContain(text.votingPhase);
        const closingDay = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone }).format(closesAt);
        expect(await dates.textContent()).toContain(closingDay);
        const action = card.getByRole('link', { name: text.signInToVote });
        expect(new URL(String(await action.getAttribute('href')), 'http://x').pathname).toBe('/sign-in');
        // The past cycle is not presented as current while one is running.
        expect(await page.getByRole('article', { name: text.pastTitle }).count()).toBe(0);
        expect(await page.locator('.steps [aria-current="step"] a').getAttribute('href')).toBe(
          `/cycles/${voting.id}/vote`,
        );
        expect(await overflows(page), `${locale} ${String(width)}`).toBe(false);
        expect(await axeViolations(page), `${locale} ${String(width)}`).toEqual([]);
      }
    },
  );

  it.each(LOCALES)(
    'in %s a verified resident reaches the Vote button from the home page in one click, then sees they voted',
    async (locale: Locale) => {
      const text = TEXT[locale];
      const resident = await verifiedResident(current(), 'kita', `Front door ${locale}`);
      const page = await open('/', { as: resident, locale });
      let clicks = 0;
      await page.getByRole('article', { name: text.title }).getByRole('link', { name: text.vote }).click();
      clicks += 1;
      await page.waitForURL(`**/cycles/${voting.id}/vote`);
      expect(clicks).toBeLessThanOrEqual(2);

      const kita = await districtIdOf(current(), 'kita');
      const sheet = await api(
        current().baseUrl,
        'GET',
        `/api/cycles/${voting.id}/districts/${kita}/ballot?order=number`,
        {
          token: staff.token,
        },
      );
      const projectId = (sheet.body as { projects: { id: string }[] }).projects[0]?.id ?? '';
      await castBallotOverApi(current(), resident, voting.id, kita, [projectId]);
      const after = await open('/', { as: resident, locale });
      const voted = after.getByRole('article', { name: text.title }).getByRole('link', { name: text.voted });
      await voted.waitFor();
      expect(await voted.getAttribute('href')).toBe(`/cycles/${voting.id}/check-receipt`);
      expect(await after.getByRole('link', { name: text.vote, exact: true }).count()).toBe(0);
    },
  );

  it.each(LOCALES)(
    'in %s the list of cycles labels the published cycle past, and the voting cycle card has a Vote button',
    async (locale: Locale) => {
      const text = TEXT[locale];
      const page = await open('/cycles', { locale });
      const pastCard = page.getByRole('article', { name: text.pastTitle });
      expect(await pastCard.getByText(text.past, { exact: true }).count()).toBe(1);
      expect(await page.locator('section', { has: page.locator('#current-cycles-title') }).textContent()).not.toContain(
        text.pastTitle,
      );
      const votingCard = page.getByRole('article', { name: text.title });
      expect(await votingCard.getByText(text.past, { exact: true }).count()).toBe(0);
      expect(await votingCard.locator('a.button').getAttribute('href')).toBe(`/cycles/${voting.id}/vote`);
      expect(await axeViolations(page)).toEqual([]);
    },
  );

  it.each(LOCALES)(
    'in %s the Proposals navigation lists the current cycle’s proposals with a switcher kept in the address',
    async (locale: Locale) => {
      const text = TEXT[locale];
      const page = await open('/', { locale });
      await page.getByRole('navigation').getByRole('link', { name: text.proposals, exact: true }).click();
      await page.waitForURL('**/proposals**');
      const list = page.getByRole('list', { name: text.proposalList });
      await expect.poll(() => list.getByRole('heading').allTextContents()).toEqual(['Front door benches']);
      expect(
        await page
          .getByRole('navigation')
          .getByRole('link', { name: text.proposals, exact: true })
          .getAttribute('aria-current'),
      ).toBe('page');
      expect(await page.getByLabel(text.cycle, { exact: true }).inputValue()).toBe(voting.id);
      for (const width of [1280, 360]) {
        await page.setViewportSize({ width, height: 800 });
        expect(await overflows(page), `${locale} ${String(width)}`).toBe(false);
        expect(await axeViolations(page), `${locale} ${String(width)}`).toEqual([]);
      }

      await page.getByLabel(text.cycle, { exact: true }).selectOption(past.id);
      await page.getByRole('button', { name: text.show }).click();
      await page.waitForURL(`**/proposals?cycle=${past.id}`);
      await expect.poll(() => list.getByRole('heading').allTextContents()).toEqual(['Past library shelves']);
      await page.goBack();
      await expect.poll(() => list.getByRole('heading').allTextContents()).toEqual(['Front door benches']);
      expect(
        await page.locator('main').getByRole('link', { name: text.allCycles, exact: true }).getAttribute('href'),
      ).toBe('/cycles');
    },
  );

  it.each(LOCALES)(
    'in %s verifying residency with the census says so and links straight to the ballot',
    async (locale: Locale) => {
      const text = TEXT[locale];
      const number = `FD-${locale}-${String(Date.now())}`;
      await createCensusEntry(current().testApp.app, number, await districtIdOf(current(), 'kita'), 1950);
      const resident = await createAccount(current(), ['resident'], { label: 'unverified' });
      const page = await open('/profile', { as: resident, locale });
      await page.locator('#verify-resident-number').fill(number);
      await page.locator('#verify-birth-year').fill('1950');
      await page.locator('#verify-birth-year').press('Enter');
      const status = page.locator('#verification-status[role="status"]');
      await status.waitFor();
      const link = status.getByRole('link', { name: text.goToBallot });
      await link.waitFor();
      expect(await link.getAttribute('href')).toBe(`/cycles/${voting.id}/vote`);
      expect(await axeViolations(page)).toEqual([]);
    },
  );
});
