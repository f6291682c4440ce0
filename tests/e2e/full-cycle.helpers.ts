import { allocate, buildElection, type AllocationRules } from '@pb/shared';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { engineOptions } from '../../shared/src/results/canonical-export.fixtures.js';
import { axeViolations, type BrowserPages, type E2eAccount } from './helpers.js';

/** Steps and expectations of the full-cycle browser test (full-cycle.test.ts), in Japanese or English. */

export type Locale = 'ja-JP' | 'en-US';

/** The words of the pages the journey goes through, as each language shows them. */
const WORDS = {
  'ja-JP': {
    propose: '事業を提案する',
    title: 'タイトル',
    summary: '概要',
    description: '説明',
    category: '分野',
    district: '地区',
    estimatedCost: '見積額',
    submitProposal: '提案を提出する',
    proposalCreated: 'ありがとうございます。提案を受け付けました。',
    vote: '投票する',
    voteTitle: (cycle: string) => `投票：${cycle}`,
    voteIn: (district: string) => `${district}で投票する`,
    ballotTitle: (district: string) => `投票用紙：${district}`,
    yourBallot: 'あなたの投票',
    reviewChoices: '選んだ内容を確認する',
    checkChoices: '選んだ内容の確認',
    cast: 'この内容で投票する',
    receiptTitle: '受付番号',
    castDone: '投票が完了しました',
    fundedRegion: /採択された事業 \d+件$/,
  },
  'en-US': {
    propose: 'Propose a project',
    title: 'Title',
    summary: 'Summary',
    description: 'Description',
    category: 'Category',
    district: 'District',
    estimatedCost: 'Estimated cost',
    submitProposal: 'Submit proposal',
    proposalCreated: 'Thank you. Your proposal has been submitted.',
    vote: 'Vote',
    voteTitle: (cycle: string) => `Vote: ${cycle}`,
    voteIn: (district: string) => `Vote in ${district}`,
    ballotTitle: (district: string) => `Ballot: ${district}`,
    yourBallot: 'Your ballot',
    reviewChoices: 'Review my choices',
    checkChoices: 'Check your choices',
    cast: 'Cast my ballot',
    receiptTitle: 'Your receipt',
    castDone: 'Your ballot has been cast',
    fundedRegion: /projects? funded$/,
  },
} as const;

export interface ProposalDraft {
  title: string;
  summary: string;
  description: string;
  /** The category as the form lists it, in the page's language. */
  category: string;
  /** The district as the form lists it, in the page's language. */
  district: string;
  estimatedCost: number;
}

/**
 * From the cycle's public page, through "Propose a project", fills and submits the form; checks the
 * empty form with axe-core first. Returns the new proposal's id (from the address it lands on).
 */
export async function proposeThroughForm(
  open: BrowserPages['open'],
  cycleId: string,
  author: E2eAccount,
  locale: Locale,
  draft: ProposalDraft,
): Promise<string> {
  const words = WORDS[locale];
  const page = await open(`/cycles/${cycleId}`, { as: author, locale });
  await page.getByRole('link', { name: words.propose }).first().click();
  await page.getByRole('heading', { level: 1, name: words.propose }).waitFor();
  await page.getByLabel(words.title, { exact: true }).waitFor();
  expect(await axeViolations(page), `proposal form ${locale}`).toEqual([]);
  await page.getByLabel(words.title, { exact: true }).fill(draft.title);
  await page.getByLabel(words.summary, { exact: true }).fill(draft.summary);
  await page.getByLabel(words.description, { exact: true }).fill(draft.description);
  await page.getByLabel(words.category, { exact: true }).selectOption({ label: draft.category });
  await page.getByLabel(words.district, { exact: true }).selectOption({ label: draft.district });
  await page.getByLabel(words.estimatedCost, { exact: true }).fill(String(draft.estimatedCost));
  await page.getByRole('button', { name: words.submitProposal }).click();
  await page.getByRole('heading', { level: 1, name: draft.title }).waitFor();
  await page.getByText(words.proposalCreated).waitFor();
  const id = /^\/proposals\/([0-9a-f-]{36})$/.exec(new URL(page.url()).pathname)?.[1];
  if (id === undefined) throw new Error(`not on a proposal's page: ${page.url()}`);
  return id;
}

export type ReviewDecision = { feasible: true; cost: number; reason: string } | { feasible: false; reason: string };

/** On staff's review page (in Japanese): one proposal's decision, saved and acknowledged. */
export async function reviewOnPage(page: Page, title: string, decision: ReviewDecision): Promise<void> {
  const item = page.getByRole('region', { name: title, exact: true });
  if (decision.feasible) {
    await item.getByRole('radio', { name: '実現可能', exact: true }).check();
    await item.getByLabel('審査後の費用（任意）').fill(String(decision.cost));
    await item.getByRole('checkbox', { name: '投票の対象にする' }).check();
  } else {
    await item.getByRole('radio', { name: '実現不可能', exact: true }).check();
  }
  await item.getByLabel('公開する理由').fill(decision.reason);
  await item.getByRole('button', { name: '審査結果を保存する' }).click();
  await page
    .getByRole('status')
    .filter({ hasText: `「${title}」の審査結果を保存しました。` })
    .waitFor();
}

/**
 * A resident votes on an approval ballot through the pages: the cycle's page, "Vote", their
 * district, the projects ticked by title, review, cast. Checks that the ballot lists exactly
 * `onBallot`, runs axe-core on the ballot and the receipt page when `checkAccessibility`, and
 * returns the receipt code.
 */
export async function voteThroughBallot(
  open: BrowserPages['open'],
  cycle: { id: string; title: string },
  resident: E2eAccount,
  locale: Locale,
  district: string,
  onBallot: readonly string[],
  chosen: readonly string[],
  checkAccessibility: boolean,
): Promise<string> {
  const words = WORDS[locale];
  const page = await open(`/cycles/${cycle.id}`, { as: resident, locale });
  await page.getByRole('link', { name: words.vote, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: words.voteTitle(cycle.title) }).waitFor();
  await page.getByRole('link', { name: words.voteIn(district) }).click();
  await page.getByRole('heading', { level: 1, name: words.ballotTitle(district) }).waitFor();
  await page.getByRole('heading', { level: 2, name: words.yourBallot }).waitFor();
  const listed = await page.locator('ul.ballot-projects label').allTextContents();
  expect(listed.map((text) => text.trim()).sort()).toEqual([...onBallot].sort());
  for (const title of chosen) await page.getByRole('checkbox', { name: title, exact: true }).check();
  if (checkAccessibility) expect(await axeViolations(page), `ballot ${locale}`).toEqual([]);
  await page.getByRole('button', { name: words.reviewChoices }).click();
  await page.getByRole('heading', { level: 2, name: words.checkChoices }).waitFor();
  const rows = await page.locator('table tbody th').allTextContents();
  expect(rows.map((text) => text.trim()).sort()).toEqual([...chosen].sort());
  await page.getByRole('button', { name: words.cast }).click();
  await page.getByRole('heading', { level: 1, name: words.castDone }).waitFor();
  await page.getByRole('heading', { level: 2, name: words.receiptTitle }).waitFor();
  const code = ((await page.locator('[data-receipt]').textContent()) ?? '').trim();
  expect(code).toMatch(/^([0-9A-Z]{4}-){6}[0-9A-Z]{2}$/);
  if (checkAccessibility) expect(await axeViolations(page), `receipt ${locale}`).toEqual([]);
  return code;
}

/** The funded projects the results page lists for one district (by its name in the page's language). */
export async function fundedOnResultsPage(page: Page, locale: Locale, district: string): Promise<string[]> {
  const funded = page
    .getByRole('region', { name: district, exact: true })
    .getByRole('region', { name: WORDS[locale].fundedRegion });
  await funded.waitFor();
  const titles = await funded.getByRole('listitem').locator('h4').allTextContents();
  return titles.map((text) => text.trim());
}

export interface DistrictVotes {
  budget: number;
  /** Cost after review, by project title: the projects on the ballot. */
  costs: Record<string, number>;
  /** One entry per ballot cast: the titles chosen. */
  ballots: string[][];
}

/**
 * What the votes imply: the cycle's own allocation rule run on the ballots the test cast (projects
 * named by title), independently of the server's count. Returns the funded titles, sorted.
 */
export function expectedFunded(rules: AllocationRules, votes: DistrictVotes): string[] {
  const election = buildElection({
    voteType: 'approval',
    budget: String(votes.budget),
    projects: Object.entries(votes.costs).map(([id, cost]) => ({ id, cost: String(cost) })),
    ballots: votes.ballots.map((projects) => ({ projects })),
  });
  const result = allocate(election, engineOptions(rules));
  return [...result.selected].sort();
}
