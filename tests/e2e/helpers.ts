import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { REPO_ROOT } from '../../server/src/config.js';
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

/** The real app (built web app, fresh database) listening on a free port, plus the shared browser. */
export async function startBrowserSession(): Promise<BrowserSession> {
  const testApp = await createTestApp({ config: { webDistDir: WEB_DIST, seedDemo: true } });
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

/** A fresh browser profile; `bypassCSP` only so axe-core can be injected into the page. */
export function newContext(browser: Browser, locale = 'ja-JP'): Promise<BrowserContext> {
  return browser.newContext({ locale, bypassCSP: true });
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core (WCAG 2.0/2.1 A and AA rules) on the page and returns the violations, summarised. */
export async function axeViolations(page: Page): Promise<string[]> {
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
  return violations.map(
    (violation) =>
      `${violation.id} (${String(violation.impact)}): ${violation.help} at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
  );
}
