import type { Cycle, Proposal } from '@pb/shared';
import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { updateUser } from '../../server/src/modules/users/users.repository.js';
import {
  api,
  axeViolations,
  createAccount,
  describeInBrowser,
  districtIdOf,
  useBrowserPages,
  type E2eAccount,
  type PageOptions,
} from './helpers.js';
import {
  createCycleOverApi,
  moveOverApi,
  phoneLayoutProblems,
  proposeOverApi,
  verifiedResident,
} from './cycle-helpers.js';

describeInBrowser("residents' pages of budget cycles and proposals in Chromium", () => {
  const pages = useBrowserPages();
  const open = pages.open;
  const current = pages.session;

  let staff: E2eAccount;
  let author: E2eAccount;
  let cycle: Cycle;
  let reviewCycle: Cycle;
  let proposal: Proposal;
  let reviewProposal: Proposal;

  beforeAll(async () => {
    staff = await createAccount(current(), ['staff'], { label: 'staff' });
    author = await verifiedResident(current(), 'kita', '北野 花子');
    cycle = await createCycleOverApi(
      current(),
      staff,
      { kita: 30_000_000, 'city-wide': 50_000_000 },
      {
        titleJa: '受付中のサイクル',
        titleEn: 'Open cycle',
        descriptionJa: '身近な事業を提案してください。',
        descriptionEn: 'Propose projects for your neighbourhood.',
        proposalQuota: 30,
      },
    );
    await moveOverApi(current(), staff, cycle.id, 'submission');
    const kita = await districtIdOf(current(), 'kita');
    for (let index = 0; index < 21; index += 1) {
      await proposeOverApi(current(), author, cycle.id, {
        districtId: kita,
        title: `Small project ${String(index + 1).padStart(2, '0')}`,
        estimatedCost: 100_000 * (21 - index),
      });
    }
    proposal = await proposeOverApi(current(), author, cycle.id, {
      districtId: await districtIdOf(current(), 'city-wide'),
      title: 'Oak benches on the river path',
      description: '# Why\n\nOlder residents **need** places to rest.\n\n### Where\n\n- North bank\n- <b>not bold</b>',
      estimatedCost: 2_000_000,
    });
    reviewCycle = await createCycleOverApi(
      current(),
      staff,
      { kita: 1_000_000 },
      {
        titleJa: '審査中のサイクル',
        titleEn: 'Cycle in review',
        proposalQuota: 1,
      },
    );
    await moveOverApi(current(), staff, reviewCycle.id, 'submission');
    reviewProposal = await proposeOverApi(current(), author, reviewCycle.id, { districtId: kita });
  });

  /** Fills in the English proposal form for Kita and sends it. */
  async function submitProposal(page: Page, title: string): Promise<void> {
    await page.getByLabel('Title').fill(title);
    await page.getByLabel('Summary').fill('One more project for the district.');
    await page.getByLabel('Description').fill('People have asked for this for years.');
    await page.getByLabel('Category').selectOption({ label: 'Streets and transport' });
    await page.getByLabel('District', { exact: true }).selectOption({ label: 'Kita (North)' });
    await page.getByLabel('Estimated cost').fill('800000');
    await page.getByRole('button', { name: 'Submit proposal' }).click();
  }

  const cases: [string, () => string, () => PageOptions['as']][] = [
    ['the list of cycles', () => '/cycles', () => undefined],
    ['the proposals page', () => '/proposals', () => undefined],
    ["a cycle's page with its proposals", () => `/cycles/${cycle.id}`, () => undefined],
    ['a proposal, seen by its author', () => `/proposals/${proposal.id}`, () => author],
    ['the proposal form', () => `/cycles/${cycle.id}/propose`, () => author],
    ['the form editing a proposal', () => `/proposals/${proposal.id}/edit`, () => author],
  ];

  it.each(cases)('%s passes axe-core in Japanese and English', async (_name, path, as) => {
    for (const locale of ['ja-JP', 'en-US'] as const) {
      const page = await open(path(), { as: as(), locale });
      expect(await axeViolations(page), `${path()} ${locale}`).toEqual([]);
    }
  });

  it('renders the Markdown description safely, its headings below the page headings', async () => {
    const page = await open(`/proposals/${proposal.id}`, { locale: 'en-US' });
    const rendered = page.locator('.rendered');
    expect(await rendered.locator('h3').textContent()).toBe('Why');
    expect(await rendered.locator('h4').textContent()).toBe('Where');
    expect(await rendered.locator('strong').textContent()).toBe('need');
    expect(await rendered.locator('b').count()).toBe(0);
    expect(await rendered.textContent()).toContain('<b>not bold</b>');
    expect(await page.getByRole('link', { name: 'Edit this proposal' }).count()).toBe(0);
  });

  it("shows staff's review decisions on the proposal page, each with its public reason", async () => {
    const reviewed = await api(current().baseUrl, 'POST', `/api/proposals/${proposal.id}/review`, {
      token: staff.token,
      json: { status: 'feasible', cost: 2_400_000, ballotEligible: true, reason: 'Parks department quote.' },
    });
    expect(reviewed.status, JSON.stringify(reviewed.body)).toBe(200);
    const page = await open(`/proposals/${proposal.id}`, { locale: 'en-US' });
    const details = (await page.locator('dl.details').textContent()) ?? '';
    expect(details).toContain('¥2,400,000');
    expect(details).toContain('On the ballot');
    const history = page.getByRole('table', { name: 'Status, cost and ballot decisions, oldest first' });
    expect(await history.getByRole('row', { name: /Parks department quote\./ }).textContent()).toContain('Feasible');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('pages through the proposals and sorts them by cost, on a 360 px wide phone', async () => {
    const page = await open(`/cycles/${cycle.id}`, { locale: 'en-US' });
    await page.setViewportSize({ width: 360, height: 740 });
    const list = page.getByRole('list', { name: 'Proposals' });
    await page.getByRole('status').filter({ hasText: '22 proposals' }).waitFor();
    expect(await list.getByRole('article').count()).toBe(20);
    expect(await page.getByText('1–20 of 22').isVisible()).toBe(true);
    expect(await phoneLayoutProblems(page)).toEqual({ small: [], overflow: 0 });

    await page.getByRole('button', { name: 'Next page' }).click();
    await page.getByText('21–22 of 22').waitFor();
    await expect.poll(() => list.getByRole('article').count()).toBe(2);
    expect(new URL(page.url()).searchParams.get('offset')).toBe('20');

    await page.getByLabel('Order').selectOption({ label: 'Lowest cost first' });
    await page.getByRole('button', { name: 'Show proposals' }).click();
    await page.getByText('1–20 of 22').waitFor();
    const titles = await list.getByRole('heading').allTextContents();
    expect(titles.slice(0, 2)).toEqual(['Small project 21', 'Small project 20']);

    await page.getByLabel('District', { exact: true }).selectOption({ label: 'City-wide' });
    await page.getByRole('button', { name: 'Show proposals' }).click();
    await expect.poll(() => list.getByRole('heading').allTextContents()).toEqual(['Oak benches on the river path']);
    // The filters live in the address, so a reload shows the same list.
    await page.reload();
    await page
      .getByRole('status')
      .filter({ hasText: /^\s*1 proposal\s*$/ })
      .waitFor();
    expect(await page.getByLabel('District', { exact: true }).inputValue()).toBe(
      await districtIdOf(current(), 'city-wide'),
    );
  });

  it.each([
    ['en-US', 1280],
    ['ja-JP', 360],
  ] as const)(
    'each search is its own history entry: Back shows the previous results, a reload keeps them (%s, %i px)',
    async (locale, width) => {
      const page = await open(`/cycles/${cycle.id}`, { locale });
      await page.setViewportSize({ width, height: 800 });
      const list = page.locator('ul.card-list');
      const WAIT = { timeout: 10_000 };
      await expect.poll(() => list.getByRole('article').count(), WAIT).toBe(20);

      await page.locator('#proposal-search').fill('North bank');
      await page.locator('form[role="search"] button[type="submit"]').click();
      await expect
        .poll(() => list.getByRole('heading').allTextContents(), WAIT)
        .toEqual(['Oak benches on the river path']);
      expect(new URL(page.url()).searchParams.get('q')).toBe('North bank');
      expect(await axeViolations(page)).toEqual([]);
      expect(await phoneLayoutProblems(page)).toMatchObject({ overflow: 0 });

      await page.goBack();
      await expect.poll(() => new URL(page.url()).pathname, WAIT).toBe(`/cycles/${cycle.id}`);
      expect(new URL(page.url()).searchParams.get('q')).toBeNull();
      await expect.poll(() => list.getByRole('article').count(), WAIT).toBe(20);
      expect(await page.locator('#proposal-search').inputValue()).toBe('');

      await page.goForward();
      await expect
        .poll(() => list.getByRole('heading').allTextContents(), WAIT)
        .toEqual(['Oak benches on the river path']);
      await page.reload();
      await expect
        .poll(() => list.getByRole('heading').allTextContents(), WAIT)
        .toEqual(['Oak benches on the river path']);
      expect(await page.locator('#proposal-search').inputValue()).toBe('North bank');
    },
  );

  it.each([
    ['en-US', 360, 'District: City-wide'],
    ['ja-JP', 1280, '地区: 市全域'],
  ] as const)(
    "the review queue names each proposal's district and offers merges within it only (%s, %i px)",
    async (locale, width, cityWideTag) => {
      const page = await open(`/staff/cycles/${cycle.id}/review`, { as: staff, locale });
      await page.setViewportSize({ width, height: 800 });
      await page.locator('#review-status-filter').selectOption('');
      const item = (title: string) =>
        page.locator('section.review-item').filter({ has: page.getByRole('heading', { name: title, exact: true }) });
      await item('Oak benches on the river path').waitFor({ timeout: 10_000 });
      expect(await item('Oak benches on the river path').textContent()).toContain(cityWideTag);
      // The only city-wide proposal has nothing to merge into; Kita's offer Kita's, never the city-wide one.
      expect(await item('Oak benches on the river path').locator('select[id$="-merge"] option').count()).toBe(1);
      const kitaTargets = await item('Small project 01').locator('select[id$="-merge"] option').allTextContents();
      expect(kitaTargets).toContain('Small project 02');
      expect(kitaTargets).not.toContain('Oak benches on the river path');
      expect(await axeViolations(page)).toEqual([]);
      expect(await phoneLayoutProblems(page)).toMatchObject({ overflow: 0 });
    },
  );

  it('sends a resident without a verified residency to their profile instead of showing the form', async () => {
    const unverified = await createAccount(current(), ['resident'], { label: 'unverified' });
    const page = await open(`/cycles/${cycle.id}/propose`, { as: unverified, locale: 'en-US' });
    expect(await page.getByText('takes proposals from verified residents only').isVisible()).toBe(true);
    expect(await page.getByRole('link', { name: 'Verify my residency in my profile' }).getAttribute('href')).toBe(
      '/profile',
    );
    expect(await page.getByLabel('Title').count()).toBe(0);
  });

  it('explains a refusal for a lost verification, with a link to the profile', async () => {
    const resident = await verifiedResident(current(), 'kita', 'Kita Resident');
    const page = await open(`/cycles/${cycle.id}/propose`, { as: resident, locale: 'en-US' });
    await updateUser(current().testApp.app.db, resident.id, {
      verifiedAt: null,
      verificationMethod: null,
      districtId: null,
    });
    await submitProposal(page, 'Bicycle racks at the station');
    const alert = page.getByRole('alert').filter({ hasText: 'verify your residency in your profile first' });
    await alert.waitFor();
    expect(await alert.getByRole('link', { name: 'Verify my residency in my profile' }).count()).toBe(1);
  });

  it('explains a full quota, and a cycle that no longer takes proposals or edits', async () => {
    const page = await open(`/cycles/${reviewCycle.id}/propose`, { as: author, locale: 'en-US' });
    await submitProposal(page, 'A second idea');
    const alert = page.getByRole('alert').filter({ hasText: 'as many proposals as this cycle allows' });
    await alert.waitFor();
    expect(await alert.locator('.server-detail').textContent()).toContain('This cycle allows 1 proposal per resident.');

    const edit = await open(`/proposals/${reviewProposal.id}/edit`, { as: author, locale: 'en-US' });
    await moveOverApi(current(), staff, reviewCycle.id, 'review');
    await edit.getByLabel('Title').fill('Benches, revised');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await edit.getByRole('alert').filter({ hasText: 'Review has started' }).waitFor();
    const reopened = await open(`/proposals/${reviewProposal.id}/edit`, { as: author, locale: 'en-US' });
    expect(await reopened.getByText('This proposal can no longer be edited here').isVisible()).toBe(true);

    const closed = await open(`/cycles/${reviewCycle.id}/propose`, { as: author, locale: 'en-US' });
    expect(await closed.getByText('This budget cycle is not taking proposals now.').isVisible()).toBe(true);
    expect(await closed.getByLabel('Title').count()).toBe(0);
  });
});
