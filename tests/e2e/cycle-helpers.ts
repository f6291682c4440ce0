import type {
  BallotReceipt,
  CreateCycleBody,
  CreateProposalBody,
  Cycle,
  CycleResults,
  Phase,
  Proposal,
} from '@pb/shared';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { proposals } from '../../server/src/db/schema.js';
import { updateUser } from '../../server/src/modules/users/users.repository.js';
import { reviewedProposal } from '../helpers/voting.js';
import { api, createAccount, districtIdOf, type BrowserSession, type E2eAccount } from './helpers.js';

/** A cycle created over the API as `staff`, with the seeded districts named by slug and their budgets. */
export async function createCycleOverApi(
  session: BrowserSession,
  staff: E2eAccount,
  budgets: Record<string, number>,
  overrides: Partial<CreateCycleBody> = {},
): Promise<Cycle> {
  const districts = await Promise.all(
    Object.entries(budgets).map(async ([slug, budget]) => ({ districtId: await districtIdOf(session, slug), budget })),
  );
  const response = await api(session.baseUrl, 'POST', '/api/cycles', {
    token: staff.token,
    json: {
      titleJa: '市民予算テスト',
      titleEn: 'Civic budget test',
      ballot: { method: 'approval', maxProjects: 5 },
      districts,
      ...overrides,
    },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as Cycle;
}

/** Moves a cycle one phase over the API (opening voting and publishing then wait for `confirmer`). */
export async function moveOverApi(
  session: BrowserSession,
  staff: E2eAccount,
  cycleId: string,
  to: Phase,
  confirmer?: E2eAccount,
): Promise<void> {
  const moved = await api(session.baseUrl, 'POST', `/api/cycles/${cycleId}/phase`, {
    token: staff.token,
    json: { to },
  });
  expect(moved.status, JSON.stringify(moved.body)).toBeLessThan(300);
  if (confirmer === undefined) return;
  const confirmed = await api(session.baseUrl, 'POST', `/api/cycles/${cycleId}/phase/confirm`, {
    token: confirmer.token,
  });
  expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
}

/** Marks a resident verified for a district directly in the database, as the API tests do. */
export async function verifyResident(session: BrowserSession, account: E2eAccount, slug: string): Promise<void> {
  const districtId = await districtIdOf(session, slug);
  await updateUser(session.testApp.app.db, account.id, {
    districtId,
    verificationMethod: 'code',
    verifiedAt: new Date(),
  });
}

/** A resident account verified for the district `slug`. */
export async function verifiedResident(session: BrowserSession, slug: string, displayName: string) {
  const account = await createAccount(session, ['resident'], { label: 'resident', displayName });
  await verifyResident(session, account, slug);
  return account;
}

export async function proposeOverApi(
  session: BrowserSession,
  resident: E2eAccount,
  cycleId: string,
  body: Partial<CreateProposalBody> & { districtId: string },
): Promise<Proposal> {
  const response = await api(session.baseUrl, 'POST', `/api/cycles/${cycleId}/proposals`, {
    token: resident.token,
    json: {
      title: 'Benches along the river',
      summary: 'Ten oak benches on the river path.',
      description: 'Older residents need places to rest.',
      category: 'parks',
      estimatedCost: 1_500_000,
      ...body,
    },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as Proposal;
}

/**
 * Ballot-eligible proposals written straight into the database, one per district: the review API
 * that will set eligibility does not exist yet, and opening voting needs one in every district.
 */
export async function insertBallotProposals(session: BrowserSession, cycleId: string, slugs: string[]): Promise<void> {
  const rows = await Promise.all(
    slugs.map(async (slug, index) => ({
      cycleId,
      districtId: await districtIdOf(session, slug),
      title: `Reviewed project ${String(index + 1)}`,
      summary: 'A project that staff have reviewed.',
      description: 'Checked for feasibility and cost.',
      category: 'parks',
      estimatedCost: 1_000_000,
      cost: 1_200_000,
      status: 'feasible',
      ballotEligible: true,
    })),
  );
  await session.testApp.app.db.insert(proposals).values(rows);
}

/** The id at the end of the page's address (`/staff/cycles/<id>`, `/proposals/<id>`). */
export function idFromUrl(page: Page, pattern: RegExp): string {
  const match = pattern.exec(new URL(page.url()).pathname);
  if (match?.[1] === undefined) throw new Error(`no id in ${page.url()}`);
  return match[1];
}

/** Elements a finger cannot hit reliably (under 44 px), and whether the page scrolls sideways. */
export async function phoneLayoutProblems(page: Page): Promise<{ small: string[]; overflow: number }> {
  return page.evaluate(() => {
    const small = Array.from(
      document.querySelectorAll<HTMLElement>(
        'main button, main select, main input:not([type="checkbox"]):not([type="radio"]), main a.button',
      ),
    )
      .map((element) => ({ element, box: element.getBoundingClientRect() }))
      .filter(({ box }) => box.width > 0 && (box.height < 44 || box.width < 44))
      .map(({ element }) => element.outerHTML.slice(0, 100));
    return { small, overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth };
  });
}

export interface BallotProjectSeed {
  title: string;
  cost: number;
}

/** Reviewed, ballot-eligible projects of one district written straight into the database (review phase). */
export async function insertProjects(
  session: BrowserSession,
  cycleId: string,
  slug: string,
  projects: readonly BallotProjectSeed[],
): Promise<void> {
  const districtId = await districtIdOf(session, slug);
  await session.testApp.app.db.insert(proposals).values(
    projects.map((project) =>
      reviewedProposal({
        cycleId,
        districtId,
        title: project.title,
        summary: `${project.title}: reviewed by staff.`,
        cost: project.cost,
      }),
    ),
  );
}

/** A cycle in voting with the given ballot rules and projects per district (slug), opened by two staff members. */
export async function votingCycleOverApi(
  session: BrowserSession,
  staff: E2eAccount,
  confirmer: E2eAccount,
  ballot: CreateCycleBody['ballot'],
  projects: Record<string, { budget: number; projects: readonly BallotProjectSeed[] }>,
  overrides: Partial<CreateCycleBody> = {},
): Promise<Cycle> {
  const budgets = Object.fromEntries(Object.entries(projects).map(([slug, entry]) => [slug, entry.budget]));
  const cycle = await createCycleOverApi(session, staff, budgets, { ballot, ...overrides });
  await moveOverApi(session, staff, cycle.id, 'submission');
  await moveOverApi(session, staff, cycle.id, 'review');
  for (const [slug, entry] of Object.entries(projects)) await insertProjects(session, cycle.id, slug, entry.projects);
  await moveOverApi(session, staff, cycle.id, 'voting', confirmer);
  return cycle;
}

/** The accessible name of the focused element, near enough: its aria-label, its label, or its text. */
export function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!(element instanceof HTMLElement)) return '';
    const label = element.getAttribute('aria-label');
    if (label !== null) return label;
    if (element.id !== '') {
      const labelElement = document.querySelector(`label[for="${element.id}"]`);
      if (labelElement !== null) return labelElement.textContent.replace(/\s+/g, ' ').trim();
    }
    // Text as a screen reader hears it: without the parts hidden from it (a "+" drawn for the eye).
    const copy = element.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('[aria-hidden="true"]').forEach((hidden) => {
      hidden.remove();
    });
    return copy.textContent.replace(/\s+/g, ' ').trim();
  });
}

/** Presses Tab (only the keyboard, as a person without a mouse would) until the named element has the focus. */
export async function tabTo(page: Page, name: string | RegExp, limit = 250): Promise<void> {
  const matches = (text: string): boolean => (typeof name === 'string' ? text === name : name.test(text));
  for (let step = 0; step < limit; step += 1) {
    await page.keyboard.press('Tab');
    if (matches(await focusedName(page))) return;
  }
  throw new Error(`Tab never reached ${String(name)}`);
}

/** Casts an online ballot over the API as `resident` (approval: the projects chosen by id); returns the receipt code. */
export async function castBallotOverApi(
  session: BrowserSession,
  resident: E2eAccount,
  cycleId: string,
  districtId: string,
  proposalIds: readonly string[],
): Promise<string> {
  const cast = await api(session.baseUrl, 'POST', `/api/cycles/${cycleId}/ballots`, {
    token: resident.token,
    json: { districtId, choices: proposalIds.map((proposalId) => ({ proposalId })) },
  });
  expect(cast.status, JSON.stringify(cast.body)).toBe(201);
  return (cast.body as BallotReceipt).receipt;
}

/**
 * Closes paper entry over the API (the count then runs as a job) and waits, up to `timeoutMs`,
 * until the results answer 200 for staff; returns them.
 */
export async function closePaperEntryAndAwaitResults(
  session: BrowserSession,
  staff: E2eAccount,
  cycleId: string,
  timeoutMs = 10_000,
): Promise<CycleResults> {
  const closed = await api(session.baseUrl, 'POST', `/api/cycles/${cycleId}/paper-entry/close`, { token: staff.token });
  expect(closed.status, JSON.stringify(closed.body)).toBe(202);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const results = await api(session.baseUrl, 'GET', `/api/cycles/${cycleId}/results`, { token: staff.token });
    if (results.status === 200) return results.body as CycleResults;
    if (Date.now() > deadline)
      throw new Error(
        `no results after ${String(timeoutMs)} ms: ${String(results.status)} ${JSON.stringify(results.body)}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
