import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { PHONE, axeViolations, describeInBrowser, newContext, useBrowserPages } from './helpers.js';

describeInBrowser('the app shell in Chromium', () => {
  const pages = useBrowserPages();
  let page: Page;

  async function openFreshPage(path: string, locale: 'ja-JP' | 'en-US' = 'ja-JP'): Promise<Page> {
    page = await pages.open(path, { locale });
    return page;
  }

  it('shows the city name, navigation, language switcher, sign-in link and footer', async () => {
    await openFreshPage('/');
    await expect.poll(() => page.locator('.brand-city').textContent()).toBe('みどり市');
    expect(await page.getByRole('navigation', { name: 'メイン' }).getByRole('link').count()).toBe(3);
    expect(await page.getByLabel('言語').inputValue()).toBe('ja');
    expect(await page.getByRole('link', { name: 'ログイン' }).isVisible()).toBe(true);
    expect(await page.getByRole('main').count()).toBe(1);
    expect(await page.getByRole('contentinfo').count()).toBe(1);
    expect(await page.getByRole('listitem').filter({ hasText: '北地区' }).count()).toBe(1);
  });

  it('has no axe-core violations in Japanese', async () => {
    await openFreshPage('/');
    await expect.poll(() => page.locator('.brand-city').textContent()).toBe('みどり市');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ja');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('has no axe-core violations in English', async () => {
    await openFreshPage('/', 'en-US');
    await expect.poll(() => page.locator('.brand-city').textContent()).toBe('Midori City');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('loads the home page for a visitor without console errors or failed requests', async () => {
    for (const locale of ['ja-JP', 'en-US'] as const) {
      const context = await newContext(pages.session().browser, locale);
      try {
        const fresh = await context.newPage();
        const problems: string[] = [];
        fresh.on('console', (message) => {
          if (message.type() === 'error') problems.push(`console: ${message.text()}`);
        });
        fresh.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
        fresh.on('requestfailed', (request) => problems.push(`failed: ${request.url()}`));
        fresh.on('response', (response) => {
          if (response.status() >= 400) problems.push(`${String(response.status())}: ${response.url()}`);
        });
        fresh.setDefaultTimeout(20_000);
        // Whichever path the app asks "who is signed in?" on, its answer must have arrived.
        const probe = fresh.waitForResponse((response) =>
          /\/api\/(me|session)$/.test(new URL(response.url()).pathname),
        );
        await fresh.goto(`${pages.session().baseUrl}/`);
        await probe;
        await fresh.getByRole('link', { name: locale === 'ja-JP' ? 'ログイン' : 'Sign in' }).waitFor();
        await fresh.getByRole('heading', { level: 1 }).waitFor();
        expect(problems, locale).toEqual([]);
      } finally {
        await context.close();
      }
    }
  });

  it('switches language, updates <html lang> and remembers the choice after a reload', async () => {
    await openFreshPage('/');
    await page.getByLabel('言語').selectOption('en');
    await page.getByRole('heading', { level: 1, name: "Shape your city's budget" }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: "Shape your city's budget" }).waitFor();
    expect(await page.getByLabel('Language').inputValue()).toBe('en');
  });

  it('opens a deep link directly and marks the current page in the navigation', async () => {
    await openFreshPage('/proposals');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('提案');
    expect(await page.getByRole('link', { name: '提案' }).getAttribute('aria-current')).toBe('page');
    expect(await page.title()).toContain('提案');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('navigates without reloading and moves focus to the main region', async () => {
    await openFreshPage('/');
    await page.evaluate(() => {
      (window as unknown as { marker: string }).marker = 'same document';
    });
    await page.getByRole('link', { name: '結果' }).click();
    await page.getByRole('heading', { level: 1, name: '結果' }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe('same document');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('main');
  });

  it('shows a not-found page for an unknown path', async () => {
    await openFreshPage('/no/such/page', 'en-US');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Page not found');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('offers a skip link as the first stop that moves focus to the main content', async () => {
    await openFreshPage('/');
    await page.keyboard.press('Tab');
    const skipLink = page.getByRole('link', { name: '本文へ移動' });
    expect(await skipLink.evaluate((element) => element === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('main');
  });

  it('serves proposals, results and sign-in pages that pass axe-core in both languages', async () => {
    for (const [path, locale] of [
      ['/proposals', 'en-US'],
      ['/sign-in', 'ja-JP'],
      ['/sign-in', 'en-US'],
      ['/results', 'ja-JP'],
      ['/results', 'en-US'],
    ] as const) {
      await openFreshPage(path, locale);
      expect(await axeViolations(page), `${path} ${locale}`).toEqual([]);
    }
  });

  it('on a phone folds the navigation and account links behind a Menu button that says whether it is open', async () => {
    page = await pages.open('/results', { locale: 'en-US', viewport: PHONE });
    const menu = page.getByRole('button', { name: 'Menu' });
    const navigation = page.getByRole('navigation', { name: 'Main' });
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await navigation.isVisible()).toBe(false);
    expect(await page.getByRole('link', { name: 'Sign in' }).isVisible()).toBe(false);
    await menu.click();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    expect(await navigation.getByRole('link', { name: 'Results' }).getAttribute('aria-current')).toBe('page');
    expect(await page.getByRole('link', { name: 'Sign in' }).isVisible()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    await menu.click();
    await navigation.getByRole('link', { name: 'Proposals' }).click();
    await page.getByRole('heading', { level: 1, name: 'Proposals' }).waitFor();
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
  });
});
