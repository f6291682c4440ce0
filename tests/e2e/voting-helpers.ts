import type { Cycle } from '@pb/shared';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import {
  axeViolations,
  createAccount,
  districtIdOf,
  type BrowserPages,
  type BrowserSession,
  type E2eAccount,
} from './helpers.js';
import { focusedName, tabTo, verifiedResident, votingCycleOverApi } from './cycle-helpers.js';

/** Shared setup and steps of the voting browser tests (voting-*.test.ts). */

export const KITA = 'Kita (North)';

export type VotingCycles = Record<'approval' | 'knapsack' | 'cumulative' | 'ranked', Cycle>;

export interface VotingSetup {
  staff: E2eAccount;
  confirmer: E2eAccount;
  viewer: E2eAccount;
  kita: string;
}

/** Two staff, a verified viewer in Kita and one cycle in voting per ballot method, filling `cycles`. */
export async function setUpVotingCycles(session: BrowserSession, cycles: VotingCycles): Promise<VotingSetup> {
  const staff = await createAccount(session, ['staff'], { label: 'staff' });
  const confirmer = await createAccount(session, ['staff'], { label: 'staff' });
  const viewer = await verifiedResident(session, 'kita', 'Viewer Resident');
  const kita = await districtIdOf(session, 'kita');
  const projects = [
    { title: 'Benches by the river', cost: 2_000_000 },
    { title: 'Longer library hours', cost: 1_500_000 },
    { title: 'Bicycle racks at the station', cost: 1_000_000 },
  ];
  cycles.approval = await votingCycleOverApi(
    session,
    staff,
    confirmer,
    { method: 'approval', maxProjects: 2 },
    { kita: { budget: 5_000_000, projects } },
    { titleEn: 'Approval vote', titleJa: '承認投票' },
  );
  cycles.knapsack = await votingCycleOverApi(
    session,
    staff,
    confirmer,
    { method: 'knapsack' },
    { kita: { budget: 3_000_000, projects } },
    { titleEn: 'Budget vote', titleJa: '予算配分投票' },
  );
  cycles.cumulative = await votingCycleOverApi(
    session,
    staff,
    confirmer,
    { method: 'cumulative', points: 5, maxPointsPerProject: 3 },
    { kita: { budget: 5_000_000, projects } },
    { titleEn: 'Points vote', titleJa: '点数配分投票' },
  );
  cycles.ranked = await votingCycleOverApi(
    session,
    staff,
    confirmer,
    { method: 'ranked', maxRanked: 3 },
    { kita: { budget: 5_000_000, projects } },
    { titleEn: 'Ranked vote', titleJa: '順位投票' },
  );
  return { staff, confirmer, viewer, kita };
}

/** From the cycle's page to the ballot of Kita, by keyboard only. */
export function ballotOpener(open: BrowserPages['open']): (cycle: Cycle, resident: E2eAccount) => Promise<Page> {
  return async (cycle, resident) => {
    const page = await open(`/cycles/${cycle.id}`, { as: resident, locale: 'en-US' });
    await tabTo(page, 'Vote');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: `Vote: ${cycle.titleEn}` }).waitFor();
    await page.getByRole('link', { name: `Vote in ${KITA}` }).waitFor();
    await tabTo(page, `Vote in ${KITA}`);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: `Ballot: ${KITA}` }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Your ballot' }).waitFor();
    return page;
  };
}

/** Review, check the choices listed, cast; returns the receipt code shown. */
export async function reviewAndCast(page: Page, expected: string[], castLabel = 'Cast my ballot'): Promise<string> {
  await tabTo(page, 'Review my choices');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 2, name: 'Check your choices' }).waitFor();
  expect(await focusedName(page)).toBe('Check your choices');
  const rows = page.locator('table tbody th');
  expect(await rows.allTextContents()).toEqual(expected);
  expect(await axeViolations(page)).toEqual([]);
  await tabTo(page, castLabel);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 2, name: /^Your receipt/ }).waitFor();
  const code = (await page.locator('[data-receipt]').textContent()) ?? '';
  expect(code).toMatch(/^([0-9A-Z]{4}-){6}[0-9A-Z]{2}$/);
  // The code never reaches the address.
  expect(page.url()).not.toContain(code.slice(0, 4));
  expect(new URL(page.url()).search).toBe('');
  expect(await axeViolations(page)).toEqual([]);
  return code;
}

/** On the receipt page: "Check my receipt", the code typed in, Enter; returns the status shown. */
export async function checkReceipt(page: Page, code: string, expected: string): Promise<void> {
  await tabTo(page, 'Check my receipt');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Check my receipt' }).waitFor();
  await tabTo(page, 'Receipt code');
  await page.keyboard.type(code.toLowerCase());
  await page.keyboard.press('Enter');
  await page.getByRole('status').filter({ hasText: expected }).waitFor();
}
