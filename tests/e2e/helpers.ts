import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { AuthResponse, DistrictList, Role } from '@pb/shared';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { REPO_ROOT, type AppConfig } from '../../server/src/config.js';
import type { Mailer } from '../../server/src/modules/mail/mail.service.js';
import { createUser } from '../../server/src/modules/users/users.service.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export const WEB_DIST = join(REPO_ROOT, 'web', 'dist');

/** Why the browser tests cannot run here, or undefined when they can (printed by the caller). */
export function browserSkipReason(): string | undefined {
  const reason = inject('browserUnavailableReason');
  if (reason !== '') return reason;
  if (!existsSync(join(WEB_DIST, 'index.html'))) {
    const message = 'the web app is not built (run `npm run build:web`; `npm test` does it first)';
    if (process.env.E2E_REQUIRED === '1') throw new Error(`E2E_REQUIRED=1 but ${message}`);
    return message;
  }
  return undefined;
}

export interface BrowserSession {
  testApp: TestApp;
  baseUrl: string;
  browser: Browser;
  close(): Promise<void>;
}

export interface BrowserSessionOptions {
  mailer?: Mailer;
  /** Configuration overrides; a function is read when the session starts (after earlier beforeAll hooks). */
  config?: Partial<AppConfig> | (() => Partial<AppConfig>);
}

/** The real app (built web app, fresh database) listening on a free port, plus the shared browser. */
export async function startBrowserSession(options: BrowserSessionOptions = {}): Promise<BrowserSession> {
  const { config, ...rest } = options;
  const overrides = typeof config === 'function' ? config() : config;
  const testApp = await createTestApp({
    ...rest,
    config: { webDistDir: WEB_DIST, seedDemo: true, ...overrides },
  });
  await testApp.app.listen({ port: 0, host: '127.0.0.1' });
  const address = testApp.app.server.address();
  if (address === null || typeof address === 'string') throw new Error('server has no TCP address');
  const browser = await chromium.connect(inject('browserWsEndpoint'));
  return {
    testApp,
    baseUrl: `http://127.0.0.1:${String(address.port)}`,
    browser,
    async close() {
      await browser.close();
      await testApp.close();
    },
  };
}

export interface Viewport {
  width: number;
  height: number;
}

/** A phone as the residents who use the app most hold it. */
export const PHONE: Viewport = { width: 360, height: 740 };

/** A fresh browser profile; `bypassCSP` only so axe-core can be injected into the page. */
export function newContext(browser: Browser, locale = 'ja-JP', viewport?: Viewport): Promise<BrowserContext> {
  return browser.newContext({ locale, bypassCSP: true, ...(viewport === undefined ? {} : { viewport }) });
}

/** How many pixels the page is wider than the window at its current size (0 when nothing scrolls sideways). */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => Math.max(0, document.documentElement.scrollWidth - window.innerWidth));
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * Runs axe-core (WCAG 2.0/2.1 A and AA rules) on the page and returns the violations, summarised;
 * a page that scrolls sideways at the current window size counts as one more (WCAG 1.4.10 Reflow).
 */
export async function axeViolations(page: Page): Promise<string[]> {
  const overflow = await horizontalOverflow(page);
  const reflow =
    overflow > 0
      ? [
          `horizontal-overflow: the page is ${String(overflow)} px wider than the ${String(page.viewportSize()?.width)} px window`,
        ]
      : [];
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (context: Document, options: object) => Promise<{ violations: AxeViolation[] }> };
      }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return result.violations;
  });
  return [
    ...reflow,
    ...violations.map(
      (violation) =>
        `${violation.id} (${String(violation.impact)}): ${violation.help} at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
    ),
  ];
}

export const E2E_PASSWORD = 'plum harbour lantern 47';

export interface E2eAccount {
  id: string;
  email: string;
  password: string;
  displayName: string;
  /** Access token for API calls from the test (also the value of the session cookie). */
  token: string;
}

let accountCounter = 0;

export function uniqueEmail(label: string): string {
  accountCounter += 1;
  return `${label}-${String(accountCounter)}-${String(Date.now())}@example.org`;
}

/** Calls the test app's API as a script would (no cookie, bearer token when given). */
export async function api(
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string; json?: unknown; body?: string; contentType?: string } = {},
): Promise<{ status: number; body: unknown }> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined = options.body;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.contentType !== undefined) {
    headers['content-type'] = options.contentType;
  }
  const response = await fetch(`${baseUrl}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

/** Creates an account directly in the test database (any roles), then (unless told not to) signs it in over the API. */
export async function createAccount(
  session: BrowserSession,
  roles: Role[],
  options: { label?: string; displayName?: string; locale?: 'ja' | 'en'; signIn?: boolean } = {},
): Promise<E2eAccount> {
  const email = uniqueEmail(options.label ?? roles[0] ?? 'user');
  const displayName =
    options.displayName ??
    `${(options.label ?? roles[0] ?? 'user').replace(/^./, (c) => c.toUpperCase())} ${String(accountCounter)}`;
  const user = await createUser(session.testApp.app.db, {
    email,
    password: E2E_PASSWORD,
    displayName,
    roles,
    ...(options.locale === undefined ? {} : { locale: options.locale }),
  });
  // Sign-ins are rate-limited per address; accounts that only need to exist skip it.
  const token = options.signIn === false ? '' : await apiSignIn(session.baseUrl, email, E2E_PASSWORD);
  return { id: user.id, email, password: E2E_PASSWORD, displayName, token };
}

export async function apiSignIn(baseUrl: string, email: string, password: string): Promise<string> {
  const response = await api(baseUrl, 'POST', '/api/auth/login', { json: { email, password } });
  if (response.status !== 200)
    throw new Error(`sign-in failed: ${String(response.status)} ${JSON.stringify(response.body)}`);
  return (response.body as AuthResponse).token;
}

/** A fresh browser profile already signed in as `account` (its token as the session cookie). */
export async function signedInContext(
  session: BrowserSession,
  account: E2eAccount,
  locale = 'ja-JP',
  viewport?: Viewport,
): Promise<BrowserContext> {
  const context = await newContext(session.browser, locale, viewport);
  await context.addCookies([{ name: 'pb_session', value: account.token, url: session.baseUrl, httpOnly: true }]);
  return context;
}

/** A button named by its action plus, for screen readers, what it acts on ("Edit: North"). */
export function actionName(action: string, object: string): RegExp {
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escape(action)}\\s*:\\s*${escape(object)}$`);
}

const LOADING: Record<string, string> = { 'ja-JP': '読み込み中…', 'en-US': 'Loading…' };

export interface PageOptions {
  /** Signed in as this account; signed out when omitted. */
  as?: E2eAccount | undefined;
  locale?: 'ja-JP' | 'en-US';
  /** The window size; Playwright's default (1280 × 720) when omitted. */
  viewport?: Viewport;
}

export interface BrowserPages {
  session: () => BrowserSession;
  /**
   * A fresh browser profile on `path`, once its heading is shown and nothing says "Loading…" any
   * more; fails when the page then scrolls sideways at its window size.
   */
  open: (path: string, options?: PageOptions) => Promise<Page>;
}

/** Registers the hooks of a browser test file: one app and browser for the file, one profile per page opened. */
export function useBrowserPages(options: BrowserSessionOptions = {}): BrowserPages {
  let session: BrowserSession | undefined;
  let context: BrowserContext | undefined;

  function current(): BrowserSession {
    if (session === undefined) throw new Error('the browser session did not start');
    return session;
  }

  beforeAll(async () => {
    session = await startBrowserSession(options);
  });
  afterEach(async () => {
    await context?.close();
    context = undefined;
  });
  afterAll(async () => {
    await session?.close();
  });

  return {
    session: current,
    async open(path, options = {}) {
      await context?.close();
      const locale = options.locale ?? 'ja-JP';
      context =
        options.as === undefined
          ? await newContext(current().browser, locale, options.viewport)
          : await signedInContext(current(), options.as, locale, options.viewport);
      const page = await context.newPage();
      // Fail a step well within the test's own timeout, so the report names the step.
      page.setDefaultTimeout(10_000);
      await page.goto(`${current().baseUrl}${path}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await expect.poll(() => page.getByText(LOADING[locale] ?? '').count()).toBe(0);
      expect(await horizontalOverflow(page), `${path} scrolls sideways`).toBe(0);
      return page;
    },
  };
}

/** `describe` for browser tests: skipped, saying why, where there is no browser or no built app. */
export function describeInBrowser(title: string, body: () => void): void {
  const reason = browserSkipReason();
  if (reason !== undefined) console.warn(`[skipped] browser tests: ${reason}`);
  describe.skipIf(reason !== undefined)(title, body);
}

export interface RoleAccounts {
  staff: E2eAccount;
  admin: E2eAccount;
  auditor: E2eAccount;
}

/** One signed-in account per role with tools of its own, created once for the test file. */
export function useRoleAccounts(pages: BrowserPages): RoleAccounts {
  const accounts = {} as RoleAccounts;
  beforeAll(async () => {
    for (const role of ['staff', 'admin', 'auditor'] as const) {
      accounts[role] = await createAccount(pages.session(), [role], { label: role });
    }
  });
  return accounts;
}

/** The id of a seeded district (kita, minami, higashi, nishi, city-wide). */
export async function districtIdOf(session: BrowserSession, slug: string): Promise<string> {
  const list = (await api(session.baseUrl, 'GET', '/api/city/districts')).body as DistrictList;
  const found = list.items.find((district) => district.slug === slug);
  if (found === undefined) throw new Error(`no district ${slug}`);
  return found.id;
}

/** One test per page: no axe-core violations in Japanese nor in English, signed in with the role given. */
export function itPassesAxeInBothLanguages(
  pages: BrowserPages,
  accounts: RoleAccounts,
  cases: readonly (readonly [string, keyof RoleAccounts])[],
): void {
  it.each(cases)('%s passes axe-core in Japanese and English', async (path, role) => {
    for (const locale of ['ja-JP', 'en-US'] as const) {
      const page = await pages.open(path, { as: accounts[role], locale });
      expect(await axeViolations(page), `${path} ${locale}`).toEqual([]);
    }
  });
}
