import type { AuthResponse } from '@pb/shared';
import { expect, it } from 'vitest';
import {
  api,
  axeViolations,
  itPassesAxeInBothLanguages,
  createAccount,
  describeInBrowser,
  useBrowserPages,
  useRoleAccounts,
  type E2eAccount,
} from './helpers.js';

describeInBrowser('staff tools in Chromium', () => {
  const pages = useBrowserPages();
  const open = pages.open;
  const accounts = useRoleAccounts(pages);

  const current = pages.session;

  itPassesAxeInBothLanguages(pages, accounts, [
    ['/staff', 'staff'],
    ['/staff/city', 'staff'],
    ['/staff/census', 'staff'],
    ['/staff/voting-codes', 'staff'],
    ['/staff/counter', 'staff'],
    ['/staff/outbox', 'staff'],
  ]);

  it('shows each role its own links in the main navigation, and nobody else', async () => {
    const links = async (account: E2eAccount): Promise<string[]> => {
      const page = await open('/', { as: account });
      await page.getByRole('button', { name: 'ログアウト' }).waitFor();
      return page.getByRole('navigation', { name: 'メイン' }).getByRole('link').allTextContents();
    };
    const resident = await createAccount(current(), ['resident'], { label: 'resident' });
    expect(await links(resident)).toEqual(['ホーム', '提案', '結果']);
    expect(await links(accounts.staff)).toEqual(['ホーム', '提案', '結果', '職員']);
    expect(await links(accounts.admin)).toEqual(['ホーム', '提案', '結果', '利用者管理', '監査ログ']);
    expect(await links(accounts.auditor)).toEqual(['ホーム', '提案', '結果', '監査ログ']);

    const page = await open('/staff/census', { as: resident });
    expect(await page.getByText('このアカウントにはこのページを利用する権限がありません').isVisible()).toBe(true);
    expect(await page.locator('#census-file').count()).toBe(0);
  });

  it('checks a census file first, lists bad lines, then applies a good one and purges it', async () => {
    const page = await open('/staff/census', { as: accounts.staff });
    const file = page.locator('#census-file');
    await file.setInputFiles({
      name: 'census.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('resident_number,district,birth_year\nA-1,kita,1970\nA-2,atlantis,1971\n'),
    });
    await page.getByRole('button', { name: 'ファイルを確認' }).click();
    await page.getByText('3 行目').waitFor();
    await page.getByText('地区「atlantis」はないか、廃止されています', { exact: false }).waitFor();
    expect(await page.getByRole('status').filter({ hasText: '1 行に問題があります' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: /名簿を置き換える/ }).count()).toBe(0);

    await file.setInputFiles({
      name: 'census.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('resident_number,district,birth_year\nA-1,kita,1970\nA-2,minami,1971\nA-3,kita,1980\n'),
    });
    await page.getByRole('button', { name: 'ファイルを確認' }).click();
    await page.getByText('ファイルに問題はありません').waitFor();
    const table = page.getByRole('table', { name: '地区ごとの件数' });
    expect(await table.getByRole('row', { name: /北地区/ }).textContent()).toContain('2');
    await page.getByRole('button', { name: 'この 3 件で名簿を置き換える' }).click();
    await page.getByText('名簿は 3 件になりました。').waitFor();
    const summary = page.getByRole('table', { name: '地区ごとの住民確認' });
    await expect.poll(() => summary.getByRole('row', { name: /南地区/ }).textContent()).toContain('1');
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: '名簿を削除' }).click();
    await page.getByText('名簿のすべての行を削除しますか').waitFor();
    await page.getByRole('button', { name: '名簿を削除する' }).click();
    await page.getByText('名簿を削除しました。').waitFor();
  });

  it('looks up a resident at the counter and shows a temporary password once', async () => {
    const resident = await createAccount(current(), ['resident'], { label: 'counter' });
    const page = await open('/staff/counter', { as: accounts.staff });
    const email = page.getByLabel('住民のメールアドレス');
    await email.fill('nobody-here@example.org');
    await page.getByRole('button', { name: '検索' }).click();
    await expect.poll(() => email.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByText('このメールアドレスのアカウントはありません').isVisible()).toBe(true);

    await email.fill(resident.email);
    await page.getByRole('button', { name: '検索' }).click();
    await page.getByRole('heading', { level: 2, name: resident.displayName }).waitFor();
    await page.getByRole('button', { name: 'パスワードを再設定' }).click();
    await page.getByRole('button', { name: '再設定する' }).click();
    await page.getByRole('heading', { name: '仮パスワード' }).waitFor();
    const temporary = (await page.locator('.password code').textContent()) ?? '';
    expect(temporary.length).toBeGreaterThan(8);
    expect(await page.getByText('最初にログインしたときに、新しいパスワードを設定する必要があります').isVisible()).toBe(
      true,
    );
    const signIn = await api(current().baseUrl, 'POST', '/api/auth/login', {
      json: { email: resident.email, password: temporary },
    });
    expect((signIn.body as AuthResponse).user.mustChangePassword).toBe(true);
  });

  it('lists the mail that would have been sent in the outbox, with the reset link withheld from staff', async () => {
    const resident = await createAccount(current(), ['resident'], { label: 'outbox', signIn: false });
    await api(current().baseUrl, 'POST', '/api/auth/password-reset/request', { json: { email: resident.email } });
    await api(current().baseUrl, 'POST', `/api/counter/residents/${resident.id}/password-reset`, {
      token: accounts.staff.token,
    });
    const page = await open('/staff/outbox', { as: accounts.staff, locale: 'en-US' });
    const message = page.getByRole('listitem').filter({ hasText: `To ${resident.email}` });
    await message.getByText(/To /).click();
    const body = (await message.locator('pre').textContent()) ?? '';
    expect(body).toContain('Link withheld: no mail server is configured');
    expect(body).not.toContain('#token=');
  });
});
