import { createHash } from 'node:crypto';
import { normalizeCode, type Cycle, type ExportManifest } from '@pb/shared';
import { beforeAll, expect, it } from 'vitest';
import { api, axeViolations, createAccount, describeInBrowser, useBrowserPages, type E2eAccount } from './helpers.js';
import { moveOverApi, phoneLayoutProblems } from './cycle-helpers.js';
import { countedCycleOverApi } from './counted-cycle.helpers.js';

/**
 * The transparency pages in the browser: residents vote over the API, staff close voting and paper
 * entry, the count runs and two staff members publish; then an anonymous visitor downloads the
 * ballot files with their hashes and the recount command, finds a ballot on the bulletin board by
 * its receipt code, and reads the participation statistics. Every page passes axe-core in Japanese
 * and English and fits a 360 px phone.
 */
describeInBrowser('exports, bulletin board and statistics in Chromium', () => {
  const pages = useBrowserPages();
  const open = pages.open;
  const current = pages.session;

  let staff: E2eAccount;
  let confirmer: E2eAccount;
  let auditor: E2eAccount;
  let cycle: Cycle;
  let kita: string;
  let receipt: string;
  const TITLES = { playground: 'Open-air stage', library: 'Reading corner', benches: 'Shade trees' } as const;

  beforeAll(async () => {
    auditor = await createAccount(current(), ['auditor'], { label: 'auditor' });
    const counted = await countedCycleOverApi(current(), {
      ballot: { method: 'approval', maxProjects: 3 },
      district: 'kita',
      budget: 2_000_000,
      projects: [
        { title: TITLES.playground, cost: 1_000_000 },
        { title: TITLES.library, cost: 500_000 },
        { title: TITLES.benches, cost: 800_000 },
      ],
      overrides: { titleEn: 'Open count test', titleJa: '公開集計テスト' },
      ballots: [[TITLES.playground, TITLES.library], [TITLES.playground], [TITLES.benches, TITLES.library]],
      voterName: 'Open voter',
    });
    ({ staff, confirmer, cycle, districtId: kita } = counted);
    receipt = counted.receipts[0] ?? '';
  });

  const path = (page: 'exports' | 'bulletin' | 'statistics'): string => `/cycles/${cycle.id}/${page}`;

  it('during tallying an auditor sees the exports, and a visitor is told they are not public yet', async () => {
    const page = await open(path('exports'), { as: auditor, locale: 'en-US' });
    await page.locator('[data-file-hash]').waitFor();
    const visitor = await open(path('bulletin'), { locale: 'en-US' });
    await visitor.getByRole('heading', { level: 2, name: 'Not public yet' }).waitFor();
    expect(await visitor.getByRole('table').count()).toBe(0);
  });

  it('once published, a visitor downloads each file with its hashes and reads how to recount', async () => {
    await moveOverApi(current(), staff, cycle.id, 'published', confirmer);
    const manifest = (await api(current().baseUrl, 'GET', `/api/cycles/${cycle.id}/exports/manifest.json`))
      .body as ExportManifest;
    const file = manifest.files.find((entry) => entry.districtId === kita);
    expect(file?.sha256).toMatch(/^[0-9a-f]{64}$/);

    const results = await open(`/cycles/${cycle.id}/results`, { locale: 'en-US' });
    await results.getByRole('link', { name: 'Download the ballots and recount' }).click();
    const page = results;
    await page.getByRole('heading', { level: 1, name: 'Ballot files: Open count test' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Kita (North)' }).waitFor();
    expect((await page.locator('[data-file-hash]').textContent())?.trim()).toBe(file?.sha256);
    expect((await page.locator('[data-ballots-hash]').textContent())?.trim()).toBe(file?.ballotsSha256);
    const download = page.getByRole('link', { name: `Download ${kita}.pb` });
    expect(await download.getAttribute('href')).toBe(`/api/cycles/${cycle.id}/exports/${kita}.pb`);
    expect(await download.getAttribute('download')).toBe(`${kita}.pb`);
    expect(
      await page.getByRole('link', { name: 'Download the list of files (manifest.json)' }).getAttribute('href'),
    ).toBe(`/api/cycles/${cycle.id}/exports/manifest.json`);
    expect((await page.locator('[data-verify-command]').textContent())?.trim()).toBe(
      `npm run -s verify -- ${kita}.pb --manifest manifest.json`,
    );
    expect(await page.getByText(file?.selected.join(', ') ?? 'none', { exact: true }).count()).toBe(1);
    const cyclePage = await open(`/cycles/${cycle.id}`, { locale: 'en-US' });
    expect(await cyclePage.getByRole('link', { name: 'Download the ballots and recount' }).getAttribute('href')).toBe(
      path('exports'),
    );
    expect(await cyclePage.getByRole('link', { name: 'Bulletin board of ballots' }).getAttribute('href')).toBe(
      path('bulletin'),
    );
    const served = await fetch(`${current().baseUrl}/api/cycles/${cycle.id}/exports/${kita}.pb`);
    expect(served.status).toBe(200);
    expect(
      createHash('sha256')
        .update(await served.text())
        .digest('hex'),
    ).toBe(file?.sha256);
  });

  it('a resident types the receipt code received when voting and finds their ballot on the board', async () => {
    const page = await open(`/cycles/${cycle.id}/check-receipt`, { locale: 'en-US' });
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Bulletin board of ballots' }).click();
    await page.getByRole('heading', { level: 1, name: 'Bulletin board: Open count test' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Counted ballots, page 1' }).waitFor();
    expect(await page.locator('tbody tr[data-ballot]').count()).toBe(3);
    // Typed in lower case, as people do: the page hashes the canonical code.
    await page.getByRole('textbox', { name: 'Receipt code' }).fill(receipt.toLowerCase());
    await page.getByRole('button', { name: 'Find my ballot' }).click();
    await page.getByText('Your ballot is on the board and was counted as shown below.').waitFor();
    const expected = createHash('sha256')
      .update(`ballot:${normalizeCode(receipt) ?? ''}`)
      .digest('hex');
    expect((await page.locator('[data-my-hash]').textContent())?.trim()).toBe(expected);
    const ballot = page.locator('.receipt-result').getByRole('table');
    const rows = (await ballot.locator('tbody').getByRole('rowheader').allTextContents()).map((text) => text.trim());
    expect(rows.sort()).toEqual([TITLES.playground, TITLES.library].sort());
    const mine = page.locator('tr.mine');
    expect(await mine.count()).toBe(1);
    expect(await mine.locator('code').getAttribute('title')).toBe(expected);
    expect(await mine.getByText('(yours)').count()).toBe(1);
    // Choices on the board are ballot numbers, in order.
    expect((await mine.locator('td').last().textContent())?.trim()).toMatch(/^\d+, \d+$/);
  });

  it('the board pages through the ballots with "next page", moving focus to the new page', async () => {
    const page = await open(`${path('bulletin')}?per=2`, { locale: 'en-US' });
    await page.getByRole('heading', { level: 2, name: 'Counted ballots, page 1' }).waitFor();
    expect(await page.locator('tbody tr[data-ballot]').count()).toBe(2);
    const first = await page.locator('tbody tr[data-ballot]').first().getAttribute('data-ballot');
    await page.getByRole('button', { name: 'Next page' }).click();
    await page.getByRole('heading', { level: 2, name: 'Counted ballots, page 2' }).waitFor();
    expect(await page.locator('tbody tr[data-ballot]').count()).toBe(1);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('bulletin-board-title');
    expect(await page.getByRole('button', { name: 'Next page' }).count()).toBe(0);
    await page.getByRole('button', { name: 'First page' }).click();
    await page.getByRole('heading', { level: 2, name: 'Counted ballots, page 1' }).waitFor();
    expect(await page.locator('tbody tr[data-ballot]').first().getAttribute('data-ballot')).toBe(first);
  });

  it('the statistics show each breakdown as a named chart and a table, small counts as "< 10"', async () => {
    const results = await open(`/cycles/${cycle.id}/results`, { locale: 'en-US' });
    await results.getByRole('link', { name: 'Participation statistics' }).click();
    const page = results;
    await page.getByRole('heading', { level: 1, name: 'Participation: Open count test' }).waitFor();
    await page.locator('[data-suppression]').waitFor();
    for (const name of [
      'Participation by district',
      'Participation by way of voting',
      'Participation by day',
      'Voters by age',
    ]) {
      await page.getByRole('img', { name: new RegExp(`^${name}`) }).waitFor();
      await page.getByRole('table', { name: `${name}: figures` }).waitFor();
    }
    const district = page.getByRole('table', { name: 'Participation by district: figures' });
    expect(await district.getByRole('row', { name: /Kita \(North\) < 10/ }).count()).toBe(1);
  });

  it('the staff cycle page links to the statistics, and passes axe-core', async () => {
    const page = await open(`/staff/cycles/${cycle.id}`, { as: staff, locale: 'en-US' });
    expect(await page.getByRole('link', { name: 'Participation statistics' }).getAttribute('href')).toBe(
      path('statistics'),
    );
    expect(await axeViolations(page)).toEqual([]);
  });

  it('the three pages pass axe-core in Japanese and English', async () => {
    for (const locale of ['ja-JP', 'en-US'] as const) {
      for (const which of ['exports', 'bulletin', 'statistics'] as const) {
        const page = await open(path(which), { locale });
        await page.locator('table, [data-file-hash]').first().waitFor();
        expect(await axeViolations(page), `${which} ${locale}`).toEqual([]);
      }
    }
  });

  it('the three pages fit a 360 px phone', async () => {
    for (const which of ['exports', 'bulletin', 'statistics'] as const) {
      const page = await open(path(which), { locale: 'ja-JP' });
      await page.setViewportSize({ width: 360, height: 740 });
      await page.locator('table, [data-file-hash]').first().waitFor();
      expect(await phoneLayoutProblems(page), which).toEqual({ small: [], overflow: 0 });
    }
  });

  it('once the cycle is closed, the staff page says personal data was removed and what stays, in both languages', async () => {
    await moveOverApi(current(), staff, cycle.id, 'closed');
    for (const locale of ['en-US', 'ja-JP'] as const) {
      const page = await open(`/staff/cycles/${cycle.id}`, { as: staff, locale });
      const heading = locale === 'en-US' ? 'Personal data' : '個人データ';
      const section = page.getByRole('region', { name: heading });
      await section.waitFor();
      const text = (await section.textContent()) ?? '';
      expect(text).toMatch(locale === 'en-US' ? /Removed on .*census list/ : /に削除しました.*住民名簿/);
      expect(await axeViolations(page), locale).toEqual([]);
    }
  });
});
