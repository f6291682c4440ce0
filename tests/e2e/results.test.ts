import { defaultAllocationRules, type AuditAnchor, type Cycle, type CycleResults } from '@pb/shared';
import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { api, axeViolations, createAccount, describeInBrowser, useBrowserPages, type E2eAccount } from './helpers.js';
import { moveOverApi, phoneLayoutProblems, verifiedResident, votingCycleOverApi } from './cycle-helpers.js';
import { countedCycleOverApi } from './counted-cycle.helpers.js';

/**
 * The results in the browser: residents vote over the API, staff close voting and paper entry, the
 * count runs; staff and auditors see the explained results and can recount, residents are told the
 * results are not public yet, and after publication anyone sees them. Every page passes axe-core
 * in Japanese and English and fits a 360 px phone.
 */
describeInBrowser('results in Chromium', () => {
  const pages = useBrowserPages();
  const open = pages.open;
  const current = pages.session;

  let staff: E2eAccount;
  let confirmer: E2eAccount;
  let auditor: E2eAccount;
  let resident: E2eAccount;
  let cycle: Cycle;
  let results: CycleResults;
  const TITLES = {
    playground: 'New playground',
    library: 'Longer library hours',
    benches: 'Benches by the river',
    trees: 'Street trees',
  } as const;

  beforeAll(async () => {
    auditor = await createAccount(current(), ['auditor'], { label: 'auditor' });
    // Verified in the district, but never votes.
    resident = await verifiedResident(current(), 'kita', 'Curious Resident');
    ({ staff, confirmer, cycle, results } = await countedCycleOverApi(current(), {
      ballot: { method: 'approval', maxProjects: 4 },
      district: 'kita',
      budget: 3_000_000,
      projects: [
        { title: TITLES.playground, cost: 2_000_000 },
        { title: TITLES.library, cost: 1_000_000 },
        { title: TITLES.benches, cost: 1_000_000 },
        { title: TITLES.trees, cost: 1_000_000 },
      ],
      overrides: {
        titleEn: 'Civic results test',
        titleJa: '市民予算の結果テスト',
        // Add1 in steps of ¥10,000 per voter, as a city may set it; the explanations checked below follow from it.
        allocation: { ...defaultAllocationRules('approval'), increment: '10000' },
      },
      // Three like-minded voters and two others: greedy-by-votes gives the three everything.
      ballots: [
        [TITLES.playground, TITLES.library],
        [TITLES.playground, TITLES.library],
        [TITLES.playground, TITLES.library],
        [TITLES.benches, TITLES.trees],
        [TITLES.benches, TITLES.trees],
      ],
      voterName: 'Voter',
    }));
  });

  function district() {
    const found = results.districts[0];
    if (found === undefined) throw new Error('no district in the results');
    return found;
  }

  function resultsPath(): string {
    return `/cycles/${cycle.id}/results`;
  }

  /** The funded projects as the page lists them, in order. */
  async function fundedTitles(page: Page): Promise<string[]> {
    const list = page.getByRole('region', { name: /projects? funded$/ }).getByRole('listitem');
    return (await list.locator('h4').allTextContents()).map((text) => text.trim());
  }

  it('staff see the funded projects in funding order, explained, with the chart, its data table and the hash', async () => {
    const page = await open(resultsPath(), { as: staff, locale: 'en-US' });
    await page.getByRole('heading', { level: 1, name: 'Results: Civic results test' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Kita (North)' }).waitFor();
    const funded = district().projects.filter((project) => project.selected);
    expect(funded.length).toBeGreaterThan(0);
    expect(await fundedTitles(page)).toEqual(funded.map((project) => project.title));
    await page.getByText('Not published yet: you see these results because you are staff or an auditor.').waitFor();
    // Every project is explained in words; an MES purchase names its round and its supporters' payments.
    await page.getByText('Bought in round 1: each of its 3 supporters paid up to ¥333,333.').waitFor();
    await page.getByText('Bought in round 2: each of its 2 supporters paid up to ¥500,000.').waitFor();
    // The meter, the chart as one image with a name, and the same figures in a table.
    expect(await page.getByRole('meter', { name: 'Budget used' }).count()).toBe(1);
    await page.getByText('¥2,000,000 of ¥3,000,000 used (67%); ¥1,000,000 left over.').waitFor();
    await page.getByRole('img', { name: /^Votes and cost of each project in Kita \(North\)/ }).waitFor();
    const table = page.getByRole('table', { name: 'Every project in Kita (North): votes, cost and outcome' });
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBe(4);
    const playground = rows.filter({ hasText: TITLES.playground });
    expect((await playground.locator('td').allTextContents()).slice(1, 3)).toEqual(['3', '¥2,000,000']);
    // Equal shares fund the two voters' project too; greedy-by-votes gives the three like-minded voters everything.
    // (Benches and trees tie; the tie-break ends with the project id, so either may be funded.)
    expect(funded[0]?.title).toBe(TITLES.library);
    expect([TITLES.benches, TITLES.trees]).toContain(funded[1]?.title);
    await page.getByText('Not affordable: its supporters had only ¥1,970,000 left in round 2.').waitFor();
    await page
      .getByText(`would have funded ${TITLES.library}, ${TITLES.playground}, spending ¥3,000,000.`, { exact: false })
      .waitFor();
    await page.getByText(/^Why a proportional rule:/).waitFor();
    await page.getByText(/^Method of Equal Shares:/).waitFor();
    expect((await page.locator('[data-hash]').textContent())?.trim()).toBe(district().ballotsSha256);
    expect(district().ballotsSha256).toMatch(/^[0-9a-f]{64}$/);
    await page.getByText(/^Anyone can recount:/).waitFor();
    expect(await page.locator('dd').filter({ hasText: /^5$/ }).count()).toBeGreaterThan(0);
  });

  it("staff's cycle page links to the results and recounts them", async () => {
    const page = await open(`/staff/cycles/${cycle.id}`, { as: staff, locale: 'en-US' });
    const link = page.getByRole('link', { name: 'See the results' });
    expect(await link.getAttribute('href')).toBe(resultsPath());
    await page.getByRole('button', { name: 'Recount the ballots' }).click();
    await page.getByRole('status').filter({ hasText: 'The recount matches' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });

  it('an auditor sees the results during tallying and the cycle page links to them', async () => {
    const page = await open(`/cycles/${cycle.id}`, { as: auditor, locale: 'en-US' });
    await page.getByRole('link', { name: 'See the results' }).click();
    await page.getByRole('heading', { level: 1, name: 'Results: Civic results test' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Kita (North)' }).waitFor();
  });

  it('a resident, and a visitor, are told the results are not public yet', async () => {
    const page = await open(resultsPath(), { as: resident, locale: 'en-US' });
    await page.getByRole('heading', { level: 2, name: 'The results are not public yet' }).waitFor();
    expect(await page.getByRole('table').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    const cyclePage = await open(`/cycles/${cycle.id}`, { as: resident, locale: 'en-US' });
    expect(await cyclePage.getByRole('link', { name: 'See the results' }).count()).toBe(0);
    const visitor = await open(resultsPath(), { locale: 'ja-JP' });
    await visitor.getByRole('heading', { level: 2, name: '結果はまだ公開されていません' }).waitFor();
  });

  it('says "not ready yet" while voting is still open', async () => {
    const voting = await votingCycleOverApi(
      current(),
      staff,
      confirmer,
      { method: 'approval' },
      { minami: { budget: 1_000_000, projects: [{ title: 'Crossing lights', cost: 500_000 }] } },
      { titleEn: 'Still voting', titleJa: '投票中' },
    );
    const page = await open(`/cycles/${voting.id}/results`, { as: staff, locale: 'en-US' });
    await page.getByRole('heading', { level: 2, name: 'The results are not ready yet' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });

  it('the results pass axe-core in Japanese and English', async () => {
    for (const locale of ['ja-JP', 'en-US'] as const) {
      const page = await open(resultsPath(), { as: staff, locale });
      await page.locator('[data-hash]').waitFor();
      expect(await axeViolations(page), locale).toEqual([]);
    }
  });

  it('the results fit a 360 px phone: no sideways scrolling, the hash wraps, targets a finger can hit', async () => {
    const page = await open(resultsPath(), { as: staff, locale: 'ja-JP' });
    await page.setViewportSize({ width: 360, height: 740 });
    await page.locator('[data-hash]').waitFor();
    expect(await phoneLayoutProblems(page)).toEqual({ small: [], overflow: 0 });
    const hashBox = await page.locator('[data-hash]').boundingBox();
    expect(hashBox?.width ?? 999).toBeLessThanOrEqual(360);
  });

  it('once two staff members publish, an anonymous visitor finds and sees the results', async () => {
    await moveOverApi(current(), staff, cycle.id, 'published', confirmer);
    const list = await open('/results', { locale: 'en-US' });
    await list.getByRole('link', { name: 'Results: Civic results test' }).click();
    await list.getByRole('heading', { level: 1, name: 'Results: Civic results test' }).waitFor();
    await list.getByRole('heading', { level: 2, name: 'Kita (North)' }).waitFor();
    expect(await fundedTitles(list)).toEqual(
      district()
        .projects.filter((project) => project.selected)
        .map((project) => project.title),
    );
    expect(await list.getByText('Not published yet', { exact: false }).count()).toBe(0);
    expect(await list.getByRole('button', { name: 'Recount the ballots' }).count()).toBe(0);
    for (const locale of ['ja-JP', 'en-US'] as const) {
      for (const path of ['/results', resultsPath(), `/cycles/${cycle.id}`]) {
        const page = await open(path, { locale });
        expect(await axeViolations(page), `${path} ${locale}`).toEqual([]);
      }
    }
    const cyclePage = await open(`/cycles/${cycle.id}`, { locale: 'en-US' });
    expect(await cyclePage.getByRole('link', { name: 'See the results' }).getAttribute('href')).toBe(resultsPath());
  });

  it('once published, the results page shows the audit entry of the publication as the anchor to keep, and passes axe-core with it', async () => {
    const anchor = (await api(current().baseUrl, 'GET', `/api/cycles/${cycle.id}/results/audit-anchor`))
      .body as AuditAnchor;
    expect(anchor.kind).toBe('publication');
    for (const locale of ['ja-JP', 'en-US'] as const) {
      const page = await open(resultsPath(), { locale });
      const section = page.locator('[data-audit-anchor="publication"]');
      await section.waitFor();
      expect(await section.locator('[data-anchor-hash]').textContent()).toBe(anchor.hash);
      expect(await section.locator('[data-anchor-position]').textContent()).toBe(
        anchor.chainSeq.toLocaleString(locale),
      );
      expect(await axeViolations(page), locale).toEqual([]);
    }
    const page = await open(resultsPath(), { locale: 'en-US' });
    await page
      .getByRole('region', { name: 'Anchor in the audit log' })
      .getByText('npm run audit:verify -- --anchor', { exact: false })
      .waitFor();
  });
});
