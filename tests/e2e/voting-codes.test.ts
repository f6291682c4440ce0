import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { phoneLayoutProblems } from './cycle-helpers.js';
import { api, axeViolations, describeInBrowser, useBrowserPages, useRoleAccounts } from './helpers.js';

type Locale = 'ja-JP' | 'en-US';

const WORDS = {
  'ja-JP': {
    field: '住民番号（1 行に 1 件）',
    create: '通知を作成',
    unknown: /2 行目（EU-404）：\s*住民名簿にありません。/,
    slips: (count: number) => `コード用紙 ${String(count)} 枚`,
    batches: '発行履歴（新しい順）',
    district: '東地区',
    replaced: '未使用のコードがありました',
  },
  'en-US': {
    field: 'Resident numbers, one per line',
    create: 'Create the letters',
    unknown: /Line 2 \(EU-404\):\s*not on the census list\./,
    slips: (count: number) => `${String(count)} code slip${count === 1 ? '' : 's'}`,
    batches: 'Code batches, newest first',
    district: 'Higashi (East)',
    replaced: 'had an unused code',
  },
} as const;

describeInBrowser('the voting-code letters page in Chromium', () => {
  const pages = useBrowserPages();
  const accounts = useRoleAccounts(pages);

  beforeAll(async () => {
    // "U" is no Crockford character, so a resident number with one never shows up inside a code.
    const census = await api(pages.session().baseUrl, 'PUT', '/api/census?dryRun=false', {
      token: accounts.staff.token,
      body: 'resident_number,district,birth_year\nEU-1,higashi,1970\nEU-2,higashi,1971\nEU-3,higashi,1972\n',
      contentType: 'text/csv',
    });
    expect(census.status).toBe(200);
  });

  /** Sends the list with an unknown number in line 2 from the keyboard, then the list alone. */
  async function issueLetters(locale: Locale, width: number, residents: readonly string[]): Promise<Page> {
    const word = WORDS[locale];
    const page = await pages.open('/staff/voting-codes', { as: accounts.staff, locale });
    await page.setViewportSize({ width, height: 800 });
    const field = page.getByLabel(word.field, { exact: true });
    const [first = '', ...rest] = residents;
    await field.fill([first, 'EU-404', ...rest].join('\n'));
    await field.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByText(word.unknown).waitFor();
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('codes-residents');
    expect(await axeViolations(page), `${locale} ${String(width)} px, with a refused number`).toEqual([]);
    expect((await phoneLayoutProblems(page)).overflow).toBe(0);

    await field.fill(`\n${residents.join('\n')}\n`);
    await page.getByRole('button', { name: word.create }).click();
    const slips = page.getByRole('list', { name: word.slips(residents.length) }).getByRole('listitem');
    await expect.poll(() => slips.count()).toBe(residents.length);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('code-sheet-title');
    for (const [index, slip] of (await slips.all()).entries()) {
      const mailed = (await slip.locator('.slip-resident').textContent()) ?? '';
      expect(mailed).toMatch(/[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/);
      for (const text of ['みどり市', 'Midori City', '東地区', 'Higashi (East)']) expect(mailed).toContain(text);
      expect(mailed).toContain('プロフィールでこのコードを入力してください');
      expect(mailed).toContain('open your profile and enter this code');
      expect(mailed, 'the mailed part names no resident').not.toContain('EU-');
      const stub = (await slip.locator('.slip-stub').textContent()) ?? '';
      expect(stub).toContain(residents[index]);
      expect(stub).toContain('市役所控え');
      expect(stub).toContain('Kept by the city office');
    }
    const batches = page.getByRole('table', { name: word.batches });
    await expect.poll(() => batches.getByRole('row', { name: word.district }).count()).toBeGreaterThan(0);
    expect(await axeViolations(page), `${locale} ${String(width)} px, with the code sheet`).toEqual([]);
    expect((await phoneLayoutProblems(page)).overflow).toBe(0);
    return page;
  }

  it('in Japanese at 1280 and 360 px: refuses a number not on the census, prints a slip per code with the resident number on the stub only, and prints nothing else', async () => {
    const page = await issueLetters('ja-JP', 1280, ['EU-1', 'EU-2']);
    expect(await page.getByText(WORDS['ja-JP'].replaced).count()).toBe(0);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.site-header').isVisible()).toBe(false);
    expect(await page.locator('.site-footer').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: WORDS['ja-JP'].create }).isVisible()).toBe(false);
    expect(await page.locator('.slip').first().isVisible()).toBe(true);

    const again = await issueLetters('ja-JP', 360, ['EU-1', 'EU-2']);
    expect(await again.getByText(WORDS['ja-JP'].replaced).count(), 'the unused codes were replaced').toBe(1);
  });

  it('in English at 1280 and 360 px, and says when a letter replaced an unused code', async () => {
    const page = await issueLetters('en-US', 1280, ['EU-3']);
    expect(await page.getByText(WORDS['en-US'].replaced).count()).toBe(0);
    const again = await issueLetters('en-US', 360, ['EU-3', 'EU-1']);
    expect(await again.getByText(WORDS['en-US'].replaced).count()).toBe(1);
  });
});
