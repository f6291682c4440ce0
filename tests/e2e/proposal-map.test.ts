import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import type { Cycle, Proposal } from '@pb/shared';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../server/src/config.js';
import { TEST_SECRETS } from '../helpers/app.js';
import { api, axeViolations, describeInBrowser, districtIdOf, useBrowserPages, type E2eAccount } from './helpers.js';
import {
  createCycleOverApi,
  idFromUrl,
  moveOverApi,
  phoneLayoutProblems,
  proposeOverApi,
  verifiedResident,
} from './cycle-helpers.js';
import { createAccount } from './helpers.js';

/** A 1×1 grey PNG served for every tile: the browser test needs no internet. */
const TILE_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const CENTRE = { latitude: 36.3948, longitude: 139.2813 };

const TEXT = {
  'ja-JP': {
    title: 'タイトル',
    summary: '概要',
    description: '説明',
    category: '分野',
    parks: '公園・緑地',
    district: '地区',
    kita: '北地区',
    cost: '見積額',
    location: '場所（任意）',
    submit: '提案を提出する',
    pickerMap: '場所を選ぶ地図',
    chosen: '選んだ場所: 緯度',
    noPoint: 'まだ地図で場所を選んでいません。',
    useCentre: '地図の真ん中に印を置く',
    remove: '選んだ場所を取り消す',
    placeMap: '提案の場所の地図',
    mapView: '地図で見る',
    listView: '一覧で見る',
    listMap: '提案の場所の地図',
    list: '提案一覧',
  },
  'en-US': {
    title: 'Title',
    summary: 'Summary',
    description: 'Description',
    category: 'Category',
    parks: 'Parks and green spaces',
    district: 'District',
    kita: 'Kita (North)',
    cost: 'Estimated cost',
    location: 'Location (optional)',
    submit: 'Submit proposal',
    pickerMap: 'Map for choosing the place',
    chosen: 'Chosen place: latitude',
    noPoint: 'No place chosen on the map yet.',
    useCentre: 'Put the marker in the middle of the map',
    remove: 'Remove the chosen place',
    placeMap: "Map of the proposal's place",
    mapView: 'Show on a map',
    listView: 'Show as a list',
    listMap: "Map of the proposals' places",
    list: 'Proposals',
  },
} as const;

type Locale = keyof typeof TEXT;
const VIEWS: readonly (readonly [Locale, number])[] = [
  ['ja-JP', 1280],
  ['en-US', 360],
  ['en-US', 1280],
  ['ja-JP', 360],
];

async function fillProposal(page: Page, locale: Locale, title: string): Promise<void> {
  const text = TEXT[locale];
  await page.getByLabel(text.title).fill(title);
  await page.getByLabel(text.summary).fill('駅前に木のベンチを4基置きます。Four benches.');
  await page.getByLabel(text.description).fill('バスを待つ人が座れる場所が必要です。');
  await page.getByLabel(text.category).selectOption({ label: text.parks });
  await expect.poll(() => page.getByLabel(text.district, { exact: true }).locator('option').count()).toBe(2);
  await page.getByLabel(text.district, { exact: true }).selectOption({ label: text.kita });
  await page.getByLabel(text.cost).fill('800000');
  await page.getByLabel(text.location).fill('駅前ロータリー北口');
}

async function expectAccessibleAt(page: Page, width: number, what: string): Promise<void> {
  expect(await axeViolations(page), what).toEqual([]);
  if (width <= 360) expect((await phoneLayoutProblems(page)).overflow, what).toBeLessThanOrEqual(0);
}

describeInBrowser('proposal places on a map in Chromium (tiles from a local server)', () => {
  let tileServer: Server | undefined;
  let tileRequests = 0;
  let tileOrigin = '';

  beforeAll(async () => {
    tileServer = createServer((request, response) => {
      if (/^\/tiles\/\d+\/\d+\/\d+\.png$/.test(request.url ?? '')) {
        tileRequests += 1;
        response.writeHead(200, { 'content-type': 'image/png', 'cache-control': 'no-store' });
        response.end(TILE_PNG);
        return;
      }
      response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => tileServer?.listen(0, '127.0.0.1', resolve));
    tileOrigin = `http://127.0.0.1:${String((tileServer.address() as AddressInfo).port)}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => tileServer?.close(resolve));
  });

  // Read through loadConfig, as MAP_TILE_URL and friends would be at boot.
  const pages = useBrowserPages({
    config: () => ({
      map: loadConfig({
        ...TEST_SECRETS,
        MAP_TILE_URL: `${tileOrigin}/tiles/{z}/{x}/{y}.png`,
        MAP_ATTRIBUTION: '地理院タイル',
        MAP_CENTER: `${String(CENTRE.latitude)},${String(CENTRE.longitude)}`,
        MAP_ZOOM: '14',
      }).map,
    }),
  });
  const current = pages.session;
  let resident: E2eAccount;
  let cycle: Cycle;

  beforeAll(async () => {
    const staff = await createAccount(current(), ['staff'], { label: 'staff' });
    resident = await verifiedResident(current(), 'kita', '北野 花子');
    cycle = await createCycleOverApi(current(), staff, { kita: 10_000_000 }, { proposalQuota: 20 });
    await moveOverApi(current(), staff, cycle.id, 'submission');
  });

  async function proposalOf(page: Page): Promise<Proposal> {
    const id = idFromUrl(page, /^\/proposals\/([0-9a-f-]{36})$/);
    return (await api(current().baseUrl, 'GET', `/api/proposals/${id}`)).body as Proposal;
  }

  async function openAt(path: string, locale: Locale, width: number): Promise<Page> {
    const page = await pages.open(path, { as: resident, locale });
    await page.setViewportSize({ width, height: 800 });
    return page;
  }

  async function expectMarkerOnProposalPage(page: Page, locale: Locale, title: string): Promise<void> {
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    const map = page.getByRole('region', { name: TEXT[locale].placeMap });
    await map.locator('.leaflet-marker-icon').waitFor();
    expect(await map.locator('.leaflet-marker-icon').count()).toBe(1);
    expect(await map.locator('.leaflet-control-attribution').textContent()).toContain('地理院タイル');
    expect(await page.locator('dl.details').textContent()).toMatch(/緯度|Latitude/);
  }

  it.each(VIEWS.slice(0, 2))(
    'in %s at %i px a resident clicks the map to place the proposal, and its page shows the marker',
    async (locale, width) => {
      const text = TEXT[locale];
      const page = await openAt(`/cycles/${cycle.id}/propose`, locale, width);
      const title = `Click ${locale} ${String(width)}`;
      await fillProposal(page, locale, title);
      const map = page.getByRole('region', { name: text.pickerMap });
      await map.locator('.leaflet-tile-loaded').first().waitFor();
      expect(await page.getByRole('status').filter({ hasText: text.noPoint }).count()).toBe(1);
      const box = await map.boundingBox();
      if (box === null) throw new Error('the map has no size');
      // Up and to the right of the centre: north-east of it, away from the zoom buttons.
      await map.click({ position: { x: box.width / 2 + 40, y: box.height / 2 - 40 } });
      await page.getByRole('status').filter({ hasText: text.chosen }).waitFor();
      expect(await map.locator('.leaflet-marker-icon').count()).toBe(1);
      await page.getByRole('button', { name: text.submit }).click();

      await expectMarkerOnProposalPage(page, locale, title);
      const saved = await proposalOf(page);
      expect(saved.location).toBe('駅前ロータリー北口');
      expect(saved.point?.latitude).toBeGreaterThan(CENTRE.latitude);
      expect(saved.point?.longitude).toBeGreaterThan(CENTRE.longitude);
      expect(Math.abs((saved.point?.latitude ?? 0) - CENTRE.latitude)).toBeLessThan(0.05);
      expect((await phoneLayoutProblems(page)).overflow).toBeLessThanOrEqual(0);
    },
  );

  it.each(VIEWS.slice(2))(
    'in %s at %i px a resident places the proposal with the keyboard only, and can remove the place again',
    async (locale, width) => {
      const text = TEXT[locale];
      const page = await openAt(`/cycles/${cycle.id}/propose`, locale, width);
      const title = `Keyboard ${locale} ${String(width)}`;
      await fillProposal(page, locale, title);
      const map = page.getByRole('region', { name: text.pickerMap });
      await map.locator('.leaflet-tile-loaded').first().waitFor();

      const useCentre = page.getByRole('button', { name: text.useCentre });
      await useCentre.focus();
      await page.keyboard.press('Enter');
      await page.getByRole('status').filter({ hasText: text.chosen }).waitFor();
      // The marker takes the focus; arrow keys move it north (up) and east (right).
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.classList.contains('leaflet-marker-icon')))
        .toBe(true);
      for (const key of ['ArrowUp', 'ArrowUp', 'ArrowRight']) await page.keyboard.press(key);

      await page.getByRole('button', { name: text.remove }).focus();
      await page.keyboard.press('Enter');
      await page.getByRole('status').filter({ hasText: text.noPoint }).waitFor();
      expect(await map.locator('.leaflet-marker-icon').count()).toBe(0);

      await useCentre.focus();
      await page.keyboard.press('Enter');
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.classList.contains('leaflet-marker-icon')))
        .toBe(true);
      for (const key of ['ArrowUp', 'ArrowUp', 'ArrowRight']) await page.keyboard.press(key);
      const status = page.getByRole('status').filter({ hasText: text.chosen });
      await status.waitFor();
      expect((await phoneLayoutProblems(page)).overflow).toBeLessThanOrEqual(0);
      await page.getByRole('button', { name: text.submit }).click();

      await expectMarkerOnProposalPage(page, locale, title);
      const saved = await proposalOf(page);
      expect(saved.point?.latitude).toBeGreaterThan(CENTRE.latitude);
      expect(saved.point?.longitude).toBeGreaterThan(CENTRE.longitude);
      expect(Math.abs((saved.point?.longitude ?? 0) - CENTRE.longitude)).toBeLessThan(0.05);
    },
  );

  it.each(VIEWS)('in %s at %i px the form with a chosen place passes axe-core', async (locale, width) => {
    const text = TEXT[locale];
    const form = await openAt(`/cycles/${cycle.id}/propose`, locale, width);
    await form.getByRole('region', { name: text.pickerMap }).locator('.leaflet-tile-loaded').first().waitFor();
    await form.getByRole('button', { name: text.useCentre }).click();
    await form.getByRole('status').filter({ hasText: text.chosen }).waitFor();
    await expectAccessibleAt(form, width, `form ${locale} ${String(width)}`);
  });

  it.each(VIEWS)('in %s at %i px the proposal page with its map passes axe-core', async (locale, width) => {
    const placed = await proposeOverApi(current(), resident, cycle.id, {
      districtId: await districtIdOf(current(), 'kita'),
      title: `Checked ${locale} ${String(width)}`,
      point: { latitude: 36.401, longitude: 139.29 },
    });
    const page = await openAt(`/proposals/${placed.id}`, locale, width);
    await expectMarkerOnProposalPage(page, locale, placed.title);
    await expectAccessibleAt(page, width, `proposal ${locale} ${String(width)}`);
  });

  it.each(VIEWS)(
    "in %s at %i px the list's map view shows a marker per placed proposal, each linking to it",
    async (locale, width) => {
      const text = TEXT[locale];
      // Each run adds its own marker, apart from the others, so it can be clicked.
      const spread = VIEWS.findIndex(([l, w]) => l === locale && w === width) * 0.004;
      const placed = await proposeOverApi(current(), resident, cycle.id, {
        districtId: await districtIdOf(current(), 'kita'),
        title: `On the map ${locale} ${String(width)}`,
        point: { latitude: 36.385 - spread, longitude: 139.265 - spread },
      });
      const listed = (await api(current().baseUrl, 'GET', `/api/cycles/${cycle.id}/proposals?limit=20`)).body as {
        items: Proposal[];
      };
      const withPoint = listed.items.filter((item) => item.point !== null);
      const requestsBefore = tileRequests;
      const page = await openAt(`/cycles/${cycle.id}`, locale, width);
      await page.getByRole('list', { name: text.list }).waitFor();
      await page.getByRole('button', { name: text.mapView }).click();
      expect(await page.getByRole('button', { name: text.mapView }).getAttribute('aria-pressed')).toBe('true');
      const map = page.getByRole('region', { name: text.listMap });
      await map.locator('.leaflet-tile-loaded').first().waitFor();
      await expect.poll(() => map.locator('.leaflet-marker-icon').count()).toBe(withPoint.length);
      expect(tileRequests).toBeGreaterThan(requestsBefore);
      expect(await map.locator('.leaflet-control-attribution').isVisible()).toBe(true);
      await expectAccessibleAt(page, width, `list map ${locale} ${String(width)}`);

      const marker = map.getByRole('button', { name: placed.title, exact: true });
      await marker.click();
      const link = map.locator('.leaflet-popup').getByRole('link', { name: placed.title });
      await link.click();
      await page.getByRole('heading', { level: 1, name: placed.title }).waitFor();
      expect(idFromUrl(page, /^\/proposals\/([0-9a-f-]{36})$/)).toBe(placed.id);

      await page.goBack();
      await page.getByRole('button', { name: text.listView }).click();
      await page.getByRole('list', { name: text.list }).getByRole('link', { name: placed.title }).waitFor();
    },
  );
});

describeInBrowser('proposals without map tiles configured in Chromium', () => {
  const pages = useBrowserPages();
  const current = pages.session;

  it.each(VIEWS.slice(0, 2))('in %s at %i px no map appears and proposing still works', async (locale, width) => {
    const text = TEXT[locale];
    const staff = await createAccount(current(), ['staff'], { label: 'staff' });
    const resident = await verifiedResident(current(), 'kita', '北野 花子');
    const cycle = await createCycleOverApi(current(), staff, { kita: 10_000_000 });
    await moveOverApi(current(), staff, cycle.id, 'submission');
    const page = await pages.open(`/cycles/${cycle.id}/propose`, { as: resident, locale });
    await page.setViewportSize({ width, height: 800 });
    const title = `No map ${locale} ${String(width)}`;
    await fillProposal(page, locale, title);
    expect(await page.locator('.leaflet-container').count()).toBe(0);
    expect(await page.getByText(text.useCentre).count()).toBe(0);
    await page.getByRole('button', { name: text.submit }).click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    expect(await page.locator('dl.details').textContent()).toContain('駅前ロータリー北口');
    expect(await page.locator('.leaflet-container').count()).toBe(0);
    await expectAccessibleAt(page, width, `proposal without map ${locale}`);

    await page.goto(`${current().baseUrl}/cycles/${cycle.id}`);
    await page.getByRole('list', { name: text.list }).getByRole('link', { name: title }).waitFor();
    expect(await page.getByRole('button', { name: text.mapView }).count()).toBe(0);
  });
});
