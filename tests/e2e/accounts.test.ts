import type { CreatedVotingCodes, TemporaryPassword } from '@pb/shared';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { mailCatcher } from '../helpers/mail.js';
import {
  E2E_PASSWORD,
  api,
  axeViolations,
  createAccount,
  describeInBrowser,
  uniqueEmail,
  useBrowserPages,
  useRoleAccounts,
  type E2eAccount,
} from './helpers.js';

describeInBrowser('accounts and resident verification in Chromium', () => {
  // As with SMTP_URL set: the resident receives the link (the staff outbox would mask it).
  const mail = mailCatcher();
  const pages = useBrowserPages({ mailer: mail });
  const open = pages.open;
  const accounts = useRoleAccounts(pages);

  const current = pages.session;

  async function signUp(page: Page, email: string, name: string): Promise<void> {
    await page.getByLabel('メールアドレス', { exact: true }).fill(email);
    await page.getByLabel('表示名', { exact: true }).fill(name);
    await page.getByLabel('新しいパスワード', { exact: true }).fill(E2E_PASSWORD);
    await page.getByRole('button', { name: 'アカウントを作成' }).click();
    await page.getByRole('heading', { level: 1, name: 'プロフィール' }).waitFor();
  }

  async function signIn(page: Page, email: string, password: string): Promise<void> {
    await page.getByLabel('メールアドレス', { exact: true }).fill(email);
    await page.getByLabel('パスワード', { exact: true }).fill(password);
    await page.getByRole('main').getByRole('button', { name: 'ログイン' }).click();
  }

  async function resident(label = 'resident'): Promise<E2eAccount> {
    return createAccount(current(), ['resident'], { label });
  }

  it('signs up, lands on the profile signed in, signs out from the header and signs in again', async () => {
    const page = await open('/sign-up');
    const email = uniqueEmail('hanako');
    await signUp(page, email, '山田花子');
    expect(await page.getByRole('status').filter({ hasText: 'ようこそ' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: /山田花子/ }).isVisible()).toBe(true);
    expect(await page.getByText('このアカウントはまだ住民確認が済んでいません').isVisible()).toBe(true);

    await page.getByRole('button', { name: 'ログアウト' }).click();
    await page.getByText('ログアウトしました。').waitFor();
    expect(await page.getByRole('link', { name: 'ログイン' }).isVisible()).toBe(true);
    expect(await page.getByRole('link', { name: /山田花子/ }).count()).toBe(0);

    await page.getByRole('link', { name: 'ログイン' }).click();
    await page.getByRole('heading', { level: 1, name: 'ログイン' }).waitFor();
    await signIn(page, email, E2E_PASSWORD);
    await page.getByRole('link', { name: /山田花子/ }).waitFor();
    // The session is the server's httpOnly cookie: nothing a script on the page could read.
    expect(await page.evaluate(() => document.cookie)).toBe('');
    const cookies = await page.context().cookies();
    expect(cookies.find((cookie) => cookie.name === 'pb_session')?.httpOnly).toBe(true);
  });

  it('ties a taken email address to the email field and announces it', async () => {
    const taken = await resident();
    const page = await open('/sign-up');
    await page.getByLabel('メールアドレス', { exact: true }).fill(taken.email);
    await page.getByLabel('表示名', { exact: true }).fill('二人目');
    await page.getByLabel('新しいパスワード', { exact: true }).fill(E2E_PASSWORD);
    await page.getByRole('button', { name: 'アカウントを作成' }).click();
    const email = page.getByLabel('メールアドレス', { exact: true });
    await expect.poll(() => email.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await email.getAttribute('aria-describedby')) ?? '';
    const message = page.locator(`[id="${describedBy.split(' ').at(-1) ?? ''}"]`);
    expect(await message.textContent()).toContain('このメールアドレスのアカウントはすでにあります');
    expect(await message.getAttribute('role')).toBe('alert');
    expect(await email.evaluate((element) => element === document.activeElement)).toBe(true);
  });

  it('checks the fields before sending and shows each problem next to its field', async () => {
    const page = await open('/sign-up', { locale: 'en-US' });
    await page.getByLabel('Email address').fill('not-an-email');
    await page.getByLabel('New password', { exact: true }).fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByText('Please enter an email address like name@example.com.').waitFor();
    expect(await page.getByText('Please fill in this field.').isVisible()).toBe(true);
    expect(await page.getByText('The password is too short').isVisible()).toBe(true);
    expect(await page.locator('[aria-invalid="true"]').count()).toBe(3);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('refuses a wrong password with a message for the whole form', async () => {
    const account = await resident();
    const page = await open('/sign-in');
    await signIn(page, account.email, 'not the password at all');
    const alert = page.getByRole('alert').filter({ hasText: 'メールアドレスまたはパスワードが正しくありません' });
    await alert.waitFor();
    expect(await page.getByRole('heading', { level: 1, name: 'ログイン' }).isVisible()).toBe(true);
  });

  it('shows and hides the password with a toggle button', async () => {
    const page = await open('/sign-in', { locale: 'en-US' });
    const password = page.getByLabel('Password', { exact: true });
    await password.fill('secret words');
    const toggle = page.getByRole('button', { name: 'Show password' });
    expect(await password.getAttribute('type')).toBe('password');
    await toggle.click();
    expect(await password.getAttribute('type')).toBe('text');
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    expect(await password.getAttribute('autocomplete')).toBe('current-password');
  });

  it('verifies a resident against the census (resident number and year of birth)', async () => {
    const csv = 'resident_number,district,birth_year\nR-100200,kita,1958\nR-100201,minami,1990\n';
    const upload = await api(current().baseUrl, 'PUT', '/api/census?dryRun=false', {
      token: accounts.staff.token,
      body: csv,
      contentType: 'text/csv',
    });
    expect(upload.status).toBe(200);
    const account = await resident();
    const page = await open('/profile', { as: account });
    await page.getByLabel('住民番号', { exact: true }).fill('R-100200');
    await page.getByLabel('生まれた年（西暦）').fill('1957');
    await page.getByRole('button', { name: '確認する' }).click();
    await page.getByRole('alert').filter({ hasText: '一致する住民が名簿にありません' }).waitFor();

    await page.getByLabel('生まれた年（西暦）').fill('1958');
    await page.getByRole('button', { name: '確認する' }).click();
    await page.getByText('住民確認済み').first().waitFor();
    expect(await page.getByText('北地区').isVisible()).toBe(true);
    expect(await page.getByText('住民名簿との照合').isVisible()).toBe(true);
  });

  it('verifies a resident with a voting code typed in small letters without hyphens', async () => {
    const census =
      'resident_number,district,birth_year\nR-100200,kita,1958\nR-100201,minami,1990\nR-100300,kita,1966\n';
    const upload = await api(current().baseUrl, 'PUT', '/api/census?dryRun=false', {
      token: accounts.staff.token,
      body: census,
      contentType: 'text/csv',
    });
    expect(upload.status).toBe(200);
    const created = await api(current().baseUrl, 'POST', '/api/voting-codes', {
      token: accounts.staff.token,
      json: { residentNumbers: ['R-100300'] },
    });
    expect(created.status).toBe(201);
    const code = (created.body as CreatedVotingCodes).codes[0]?.code ?? '';
    const account = await resident();
    const page = await open('/profile', { as: account, locale: 'en-US' });
    const field = page.getByLabel('Voting code', { exact: true });
    await field.fill('ZZZZ-ZZZZ-ZZZZ-ZZZZ');
    await page.getByRole('button', { name: 'Use this code' }).click();
    await expect.poll(() => field.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByText('This code is not valid or has already been used').isVisible()).toBe(true);

    await field.fill(code.replaceAll('-', ' ').toLowerCase());
    await page.getByRole('button', { name: 'Use this code' }).click();
    await page.getByText('Verified resident').first().waitFor();
    expect(await page.getByText('Kita (North)').isVisible()).toBe(true);
    // The form is gone; the keyboard lands on the status that replaced it.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('verification-status');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('resets a forgotten password through the mailed link and signs in with the new one', async () => {
    const account = await resident();
    let page = await open('/forgot-password');
    await page.getByLabel('メールアドレス').fill(account.email);
    await page.getByRole('button', { name: 'リンクを送信' }).click();
    await page.getByRole('status').filter({ hasText: 'リンクを送信しました' }).waitFor();

    const token = mail.resetTokenFor(account.email);
    expect(token).toBeDefined();

    page = await open(`/reset-password#token=${token ?? ''}`);
    // The token leaves the address bar once read.
    expect(new URL(page.url()).hash).toBe('');
    const newPassword = 'quiet river meadow 92';
    await page.getByLabel('新しいパスワード', { exact: true }).fill(newPassword);
    await page.getByRole('button', { name: '新しいパスワードを保存' }).click();
    await page.getByRole('heading', { level: 1, name: 'ログイン' }).waitFor();
    await page.getByText('パスワードを変更しました。新しいパスワードでログインしてください。').waitFor();
    await signIn(page, account.email, newPassword);
    await page.getByRole('link', { name: new RegExp(account.displayName) }).waitFor();
  });

  it('sends a resident whose password was reset at the counter to choose a new one right after sign-in', async () => {
    const account = await resident();
    const reset = await api(current().baseUrl, 'POST', `/api/counter/residents/${account.id}/password-reset`, {
      token: accounts.staff.token,
    });
    expect(reset.status).toBe(200);
    const { temporaryPassword } = reset.body as TemporaryPassword;
    const page = await open('/sign-in');
    await signIn(page, account.email, temporaryPassword);
    await page.getByRole('heading', { level: 1, name: 'パスワードの変更' }).waitFor();
    expect(await page.getByText('窓口でパスワードが再設定されました').isVisible()).toBe(true);

    // Any other page leads back here until the password is changed.
    await page.goto(`${current().baseUrl}/profile`);
    await page.getByRole('heading', { level: 1, name: 'パスワードの変更' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel('仮パスワード（窓口で受け取ったもの）').fill(temporaryPassword);
    await page.getByLabel('新しいパスワード', { exact: true }).fill('amber kettle orchard 31');
    await page.getByRole('button', { name: '新しいパスワードを保存' }).click();
    await page.getByRole('heading', { level: 1, name: 'プロフィール' }).waitFor();
    expect(await page.getByText('パスワードを変更しました。').isVisible()).toBe(true);
  });

  it('saves the display name and language, and the app switches to that language', async () => {
    const account = await resident();
    const page = await open('/profile', { as: account });
    await page.getByLabel('表示名').fill('佐藤 一郎');
    await page.getByLabel('サイトとメールの言語').selectOption('en');
    await page.getByRole('button', { name: '保存する' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your profile' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await page.getByRole('link', { name: /佐藤 一郎/ }).isVisible()).toBe(true);
  });

  it('deletes the account after the password is confirmed, warning that ballots stay anonymous', async () => {
    const account = await resident();
    const page = await open('/profile', { as: account, locale: 'en-US' });
    expect(await page.getByText('Ballots you have already cast stay in the count').isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Delete my account' }).click();
    await page.getByText('Please tick this box to confirm.').waitFor();
    await page.getByLabel('I understand and want to delete my account').check();
    await page.getByLabel('Your password, to confirm').fill('wrong password here');
    await page.getByRole('button', { name: 'Delete my account' }).click();
    await page.getByText('The email address or password is not correct.').waitFor();
    await page.getByLabel('Your password, to confirm').fill(account.password);
    await page.getByRole('button', { name: 'Delete my account' }).click();
    await page.getByText('Your account has been deleted.').waitFor();
    const signIn = await api(current().baseUrl, 'POST', '/api/auth/login', {
      json: { email: account.email, password: account.password },
    });
    expect(signIn.status).toBe(401);
  });

  it('asks a signed-out visitor to sign in on the profile page, and returns there afterwards', async () => {
    const account = await resident();
    const page = await open('/profile');
    await page.getByText('このページを見るにはログインしてください。').waitFor();
    await page.getByRole('main').getByRole('link', { name: 'ログイン' }).click();
    await page.getByRole('heading', { level: 1, name: 'ログイン' }).waitFor();
    await signIn(page, account.email, account.password);
    await page.getByRole('heading', { level: 1, name: 'プロフィール' }).waitFor();
  });

  it.each([
    ['/sign-up', 'ja-JP'],
    ['/sign-up', 'en-US'],
    ['/sign-in', 'ja-JP'],
    ['/sign-in', 'en-US'],
    ['/forgot-password', 'ja-JP'],
    ['/forgot-password', 'en-US'],
    ['/reset-password', 'ja-JP'],
    ['/reset-password#token=abcdefghijklmnopqrstuvwxyz', 'en-US'],
  ] as const)('%s passes axe-core in %s', async (path, locale) => {
    const page = await open(path, { locale });
    expect(await axeViolations(page)).toEqual([]);
  });

  it.each(['ja-JP', 'en-US'] as const)('the profile and change-password pages pass axe-core in %s', async (locale) => {
    const account = await resident();
    let page = await open('/profile', { as: account, locale });
    await page.locator('#verify-resident-number').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    page = await open('/change-password', { as: account, locale });
    await page.locator('#new-password').waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });
});
