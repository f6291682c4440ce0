import { expect, it } from 'vitest';
import { proposals } from '../../server/src/db/schema.js';
import { axeViolations, describeInBrowser, districtIdOf, useBrowserPages, useRoleAccounts } from './helpers.js';
import { createCycleOverApi, moveOverApi, phoneLayoutProblems } from './cycle-helpers.js';

/**
 * What a Japanese reader meets: amounts typed with an IME, refusals worded in Japanese (not the
 * server's English), and a search that does not care whether a word is written in hiragana or
 * katakana. English readers get the same in English.
 */
describeInBrowser('Japanese polish: IME amounts, worded refusals, kana search', () => {
  const pages = useBrowserPages();
  const { open, session } = pages;
  const accounts = useRoleAccounts(pages);

  const TEXT = {
    'ja-JP': {
      takesPart: '北地区が参加する',
      budgetLabel: '北地区の予算',
      readsAs: '表示: 1,200,000円',
      openVoting: '投票を開始する…',
      requestVoting: '投票開始を依頼する',
      precondition: 'どの地区にも投票用紙に載せる提案が 1 件以上必要です。まだない地区: 北地区',
      search: 'キーワード',
      apply: '表示する',
    },
    'en-US': {
      takesPart: 'Kita (North) takes part',
      budgetLabel: 'Budget for Kita (North)',
      readsAs: 'Reads as ¥1,200,000',
      openVoting: 'Open voting…',
      requestVoting: 'Request opening of voting',
      precondition: 'Every district needs at least one proposal on the ballot; none yet in Kita (North).',
      search: 'Words to search for',
      apply: 'Show proposals',
    },
  } as const;

  for (const locale of ['ja-JP', 'en-US'] as const) {
    for (const width of [1280, 360]) {
      it(`${locale} at ${String(width)} px: a full-width budget is accepted and shown formatted`, async () => {
        const page = await open('/staff/cycles/new', { as: accounts.staff, locale });
        await page.setViewportSize({ width, height: 900 });
        await page.getByRole('checkbox', { name: TEXT[locale].takesPart }).check();
        const budget = page.getByLabel(TEXT[locale].budgetLabel, { exact: true });
        await budget.fill('１２０００００');
        await page.getByText(TEXT[locale].readsAs).waitFor();
        expect(await axeViolations(page)).toEqual([]);
        if (width === 360) expect((await phoneLayoutProblems(page)).overflow).toBeLessThanOrEqual(0);
      });

      it(`${locale} at ${String(width)} px: a refused phase move is worded in the reader's language`, async () => {
        const cycle = await createCycleOverApi(session(), accounts.staff, { kita: 10_000_000 });
        await moveOverApi(session(), accounts.staff, cycle.id, 'submission');
        await moveOverApi(session(), accounts.staff, cycle.id, 'review');
        const page = await open(`/staff/cycles/${cycle.id}`, { as: accounts.staff, locale });
        await page.setViewportSize({ width, height: 900 });
        await page.getByRole('button', { name: TEXT[locale].openVoting }).click();
        await page.getByRole('button', { name: TEXT[locale].requestVoting }).click();
        const detail = page.locator('.server-detail');
        await detail.waitFor();
        expect(await detail.textContent()).toContain(TEXT[locale].precondition);
        expect(await detail.locator('[lang="en"]').count()).toBe(0);
        expect(await axeViolations(page)).toEqual([]);
        if (width === 360) expect((await phoneLayoutProblems(page)).overflow).toBeLessThanOrEqual(0);
      });

      it(`${locale} at ${String(width)} px: a hiragana search finds a katakana proposal`, async () => {
        const cycle = await createCycleOverApi(session(), accounts.staff, { kita: 10_000_000 });
        await moveOverApi(session(), accounts.staff, cycle.id, 'submission');
        const kita = await districtIdOf(session(), 'kita');
        for (const title of ['コウエンのベンチ', '駅前の駐輪場']) {
          await session().testApp.app.db.insert(proposals).values({
            cycleId: cycle.id,
            districtId: kita,
            title,
            summary: '説明があります。',
            description: '詳しい説明。',
            category: 'streets',
            estimatedCost: 1_000_000,
          });
        }
        const page = await open(`/cycles/${cycle.id}`, { locale });
        await page.setViewportSize({ width, height: 900 });
        await page.getByLabel(TEXT[locale].search, { exact: true }).fill('こうえん');
        await page.getByRole('button', { name: TEXT[locale].apply }).click();
        await page.getByRole('link', { name: 'コウエンのベンチ' }).waitFor();
        await expect.poll(() => page.getByRole('link', { name: '駅前の駐輪場' }).count()).toBe(0);
        expect(await axeViolations(page)).toEqual([]);
        if (width === 360) expect((await phoneLayoutProblems(page)).overflow).toBeLessThanOrEqual(0);
      });
    }
  }
});
