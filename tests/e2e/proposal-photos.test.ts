import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Proposal } from '@pb/shared';
import { beforeAll, expect, it } from 'vitest';
import {
  api,
  axeViolations,
  createAccount,
  describeInBrowser,
  districtIdOf,
  useBrowserPages,
  type E2eAccount,
} from './helpers.js';
import { createCycleOverApi, idFromUrl, moveOverApi, verifiedResident } from './cycle-helpers.js';

const TEXT = {
  'ja-JP': {
    title: 'タイトル',
    summary: '概要',
    description: '説明',
    category: '分野',
    district: '地区',
    cost: '見積額',
    submit: '提案を提出する',
    photos: '写真',
    file: '写真ファイル',
    alt: '写真に写っているもの',
    altLocale: 'この説明の言語',
    add: '写真を追加する',
    added: '写真を追加しました。',
    altText: '池のほとりの古いベンチ',
    altLang: 'ja',
  },
  'en-US': {
    title: 'Title',
    summary: 'Summary',
    description: 'Description',
    category: 'Category',
    district: 'District',
    cost: 'Estimated cost',
    submit: 'Submit proposal',
    photos: 'Photos',
    file: 'Photo file',
    alt: 'What the photo shows',
    altLocale: 'Language of this description',
    add: 'Add the photo',
    added: 'The photo was added.',
    altText: 'An old wooden bench by the pond',
    altLang: 'en',
  },
} as const;

/**
 * A resident proposes in the browser, lands on the proposal page and adds a photo with its alt
 * text; everyone then sees the photo with that alt text in its language. Both languages, desktop
 * and phone widths.
 */
describeInBrowser('proposal photos in Chromium', () => {
  const pages = useBrowserPages();
  const open = pages.open;
  const current = pages.session;
  let cycleId = '';
  let kita = '';
  let photoPath = '';
  const proposalIds = new Map<string, string>();
  const residents = new Map<string, E2eAccount>();

  beforeAll(async () => {
    const staff = await createAccount(current(), ['staff'], { label: 'staff', displayName: '職員 一郎' });
    const cycle = await createCycleOverApi(current(), staff, { kita: 10_000_000 }, { proposalQuota: 10 });
    cycleId = cycle.id;
    await moveOverApi(current(), staff, cycleId, 'submission');
    kita = await districtIdOf(current(), 'kita');
    const directory = mkdtempSync(join(tmpdir(), 'pb-photo-'));
    photoPath = join(directory, 'bench.jpg');
    const photo = await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#6b8e23' } })
      .composite([
        {
          input: Buffer.from(
            '<svg width="1200" height="800"><rect x="300" y="450" width="600" height="80" fill="#8b5a2b"/></svg>',
          ),
        },
      ])
      .jpeg()
      .withExif({ IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '35/1 41/1 22/1' } })
      .toBuffer();
    writeFileSync(photoPath, photo);
  });

  for (const locale of ['ja-JP', 'en-US'] as const) {
    for (const width of [1280, 360]) {
      it(`${locale} at ${String(width)} px: a resident proposes and lands where photos are added`, async () => {
        const text = TEXT[locale];
        const resident = await verifiedResident(current(), 'kita', `北野 ${locale} ${String(width)}`);
        const page = await open(`/cycles/${cycleId}/propose`, { as: resident, locale });
        await page.setViewportSize({ width, height: 900 });
        await page.getByLabel(text.title, { exact: true }).fill(`Pond bench ${locale} ${String(width)}`);
        await page.getByLabel(text.summary, { exact: true }).fill('One wooden bench next to the pond in the park.');
        await page.getByLabel(text.description, { exact: true }).fill('Somewhere to sit and watch the ducks.');
        await page.getByLabel(text.category, { exact: true }).selectOption('parks');
        await page.getByLabel(text.district, { exact: true }).selectOption(kita);
        await page.getByLabel(text.cost, { exact: true }).fill('200000');
        await page.getByRole('button', { name: text.submit }).click();
        await page.getByRole('heading', { level: 2, name: text.photos, exact: true }).waitFor();
        proposalIds.set(`${locale} ${String(width)}`, idFromUrl(page, /^\/proposals\/([0-9a-f-]{36})$/));
        residents.set(`${locale} ${String(width)}`, resident);
      });

      it(`${locale} at ${String(width)} px: the author adds a photo with alt text on the proposal page`, async () => {
        const text = TEXT[locale];
        const proposalId = String(proposalIds.get(`${locale} ${String(width)}`));
        const page = await open(`/proposals/${proposalId}`, {
          as: residents.get(`${locale} ${String(width)}`),
          locale,
        });
        await page.setViewportSize({ width, height: 900 });

        await page.getByRole('button', { name: text.add }).click();
        expect(await page.getByLabel(text.alt, { exact: true }).getAttribute('aria-invalid')).toBe('true');
        await page.getByLabel(text.file, { exact: true }).setInputFiles(photoPath);
        await page.getByLabel(text.alt, { exact: true }).fill(text.altText);
        await page.getByLabel(text.altLocale, { exact: true }).selectOption(text.altLang);
        await page.getByRole('button', { name: text.add }).click();
        await page.getByRole('status').filter({ hasText: text.added }).waitFor();

        const image = page.getByRole('img', { name: text.altText });
        await image.waitFor();
        expect(await image.getAttribute('lang')).toBe(text.altLang);
        expect(await image.getAttribute('loading')).toBe('lazy');
        expect([await image.getAttribute('width'), await image.getAttribute('height')]).toEqual(['1200', '800']);
        await expect.poll(() => image.evaluate((element: HTMLImageElement) => element.naturalWidth)).toBe(1200);
        expect(await axeViolations(page), `${locale} ${String(width)} author`).toEqual([]);
        expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

        const stored = (await api(current().baseUrl, 'GET', `/api/proposals/${proposalId}`)).body as Proposal;
        expect(stored.images.map((item) => [item.alt, item.altLocale])).toEqual([[text.altText, text.altLang]]);
      });

      it(`${locale} at ${String(width)} px: a visitor sees the photo with its alt text`, async () => {
        const text = TEXT[locale];
        const proposalId = proposalIds.get(`${locale} ${String(width)}`);
        expect(proposalId).toBeDefined();
        const visitor = await open(`/proposals/${String(proposalId)}`, { locale });
        await visitor.setViewportSize({ width, height: 900 });
        await visitor.getByRole('img', { name: text.altText }).waitFor();
        expect(await visitor.getByRole('button', { name: text.add }).count()).toBe(0);
        expect(await axeViolations(visitor), `${locale} ${String(width)} visitor`).toEqual([]);
        expect(await visitor.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      });
    }
  }
});
