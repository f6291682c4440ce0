import { existsSync } from 'node:fs';
import { chromium, type BrowserServer } from 'playwright-core';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Empty when no Chromium is available and E2E_REQUIRED is not set (the tests then skip). */
    browserWsEndpoint: string;
    browserUnavailableReason: string;
  }
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

/** One system Chromium for the whole e2e suite; never a downloaded browser. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  const required = process.env.E2E_REQUIRED === '1';
  if (!existsSync(executablePath)) {
    const reason = `no Chromium at ${executablePath} (install the Debian package chromium or set CHROMIUM_PATH)`;
    if (required) throw new Error(`E2E_REQUIRED=1 but ${reason}`);
    project.provide('browserWsEndpoint', '');
    project.provide('browserUnavailableReason', reason);
    return async () => undefined;
  }
  const server: BrowserServer = await chromium.launchServer({ executablePath, headless: true, args: CHROMIUM_ARGS });
  project.provide('browserWsEndpoint', server.wsEndpoint());
  project.provide('browserUnavailableReason', '');
  return async () => {
    await server.close();
  };
}
