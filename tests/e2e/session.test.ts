import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import {
  api,
  createAccount,
  describeInBrowser,
  newContext,
  signedInContext,
  useBrowserPages,
  type E2eAccount,
} from './helpers.js';

describeInBrowser('the session in Chromium', () => {
  const pages = useBrowserPages();

  /** A signed-in page whose clock the test moves (timers included). */
  async function openWithClock(account: E2eAccount): Promise<{ page: Page; refreshes: () => number }> {
    const context = await signedInContext(pages.session(), account);
    await context.clock.install();
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    let count = 0;
    page.on('request', (request) => {
      if (request.url().endsWith('/api/auth/refresh')) count += 1;
    });
    await page.goto(`${pages.session().baseUrl}/profile`);
    await page.getByRole('button', { name: 'ログアウト' }).waitFor();
    return { page, refreshes: () => count };
  }

  it('keeps the session alive: refreshes every 10 minutes while the app is open', async () => {
    const account = await createAccount(pages.session(), ['resident'], { label: 'alive' });
    const { page, refreshes } = await openWithClock(account);
    expect(refreshes()).toBe(0);
    await page.clock.runFor(10 * 60 * 1000);
    await expect.poll(refreshes).toBe(1);
    await page.clock.runFor(20 * 60 * 1000);
    await expect.poll(refreshes).toBe(3);
    // 30 minutes after signing in (the life of the first token), the app is still signed in.
    expect(await page.getByRole('button', { name: 'ログアウト' }).isVisible()).toBe(true);
    await page.context().close();
  });

  it('shows the visitor as signed out once the session has ended elsewhere', async () => {
    const account = await createAccount(pages.session(), ['resident'], { label: 'ended' });
    const { page, refreshes } = await openWithClock(account);
    const logout = await api(pages.session().baseUrl, 'POST', '/api/auth/logout', { token: account.token });
    expect(logout.status).toBe(204);
    await page.clock.runFor(10 * 60 * 1000);
    await expect.poll(refreshes).toBe(1);
    await page.getByText('ログインの有効期限が切れました。もう一度ログインしてください。').waitFor();
    expect(await page.getByRole('banner').getByRole('link', { name: 'ログイン' }).isVisible()).toBe(true);
    expect(await page.getByText('このページを見るにはログインしてください。').isVisible()).toBe(true);
    await page.context().close();
  });

  it('signs in with the keyboard alone, with the focus always visible', async () => {
    const account = await createAccount(pages.session(), ['resident'], {
      label: 'keyboard',
      locale: 'en',
      signIn: false,
    });
    const page = await pages.open('/sign-in', { locale: 'en-US' });
    const focused = () =>
      page.evaluate(() => {
        const element = document.activeElement as HTMLElement | null;
        return { id: element?.id ?? '', outline: element === null ? 'none' : getComputedStyle(element).outlineStyle };
      });
    for (let presses = 0; presses < 20 && (await focused()).id !== 'sign-in-email'; presses += 1) {
      await page.keyboard.press('Tab');
      expect((await focused()).outline).not.toBe('none');
    }
    expect((await focused()).id).toBe('sign-in-email');
    await page.keyboard.type(account.email);
    await page.keyboard.press('Tab');
    expect((await focused()).id).toBe('sign-in-password');
    await page.keyboard.type(account.password);
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
  });

  it('gives every button and field a touch target of at least 44 pixels on a phone', async () => {
    const account = await createAccount(pages.session(), ['resident'], { label: 'phone' });
    const context = await signedInContext(pages.session(), account);
    const page = await context.newPage();
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(`${pages.session().baseUrl}/profile`);
    await page.locator('#verify-code').waitFor();
    const small = await page.evaluate(() =>
      Array.from(
        document.querySelectorAll<HTMLElement>('button, select, input:not([type="checkbox"]), .header-button, nav a'),
      )
        .map((element) => ({ element, box: element.getBoundingClientRect() }))
        .filter(({ box }) => box.width > 0 && (box.height < 44 || box.width < 44))
        .map(({ element }) => element.outerHTML.slice(0, 80)),
    );
    expect(small).toEqual([]);
    await context.close();

    const signedOut = await newContext(pages.session().browser);
    const signIn = await signedOut.newPage();
    await signIn.setViewportSize({ width: 360, height: 740 });
    await signIn.goto(`${pages.session().baseUrl}/sign-in`);
    await signIn.locator('#sign-in-email').waitFor();
    const box = await signIn.getByRole('button', { name: 'ログイン' }).boundingBox();
    expect(box?.height).toBeGreaterThanOrEqual(44);
    await signedOut.close();
  });
});
