import type { AuthResponse, DistrictList } from '@pb/shared';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  axeViolations,
  browserSkipReason,
  createAccount,
  signedInContext,
  startBrowserSession,
  type BrowserSession,
  type E2eAccount,
} from './helpers.js';

const skipReason = browserSkipReason();
if (skipReason !== undefined) console.warn(`[skipped] browser tests: ${skipReason}`);

/** A button named by its action plus, for screen readers, what it acts on ("Edit: North"). */
function actionName(action: string, object: string): RegExp {
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escape(action)}\\s*:\\s*${escape(object)}$`);
}

const LOADING = { 'ja-JP': '読み込み中…', 'en-US': 'Loading…' } as const;
type Locale = keyof typeof LOADING;

describe.skipIf(skipReason !== undefined)('staff, admin and auditor pages in Chromium', () => {
  let session: BrowserSession | undefined;
  let context: BrowserContext | undefined;
  let staff: E2eAccount;
  let admin: E2eAccount;
  let auditor: E2eAccount;
  let districts: DistrictList['items'];

  function current(): BrowserSession {
    if (session === undefined) throw new Error('the browser session did not start');
    return session;
  }

  function districtId(slug: string): string {
    const found = districts.find((district) => district.slug === slug);
    if (found === undefined) throw new Error(`no district ${slug}`);
    return found.id;
  }

  beforeAll(async () => {
    session = await startBrowserSession();
    staff = await createAccount(session, ['staff'], { label: 'staff' });
    admin = await createAccount(session, ['admin'], { label: 'admin' });
    auditor = await createAccount(session, ['auditor'], { label: 'auditor' });
    districts = ((await api(session.baseUrl, 'GET', '/api/city/districts')).body as DistrictList).items;
  });

  afterEach(async () => {
    await context?.close();
    context = undefined;
  });

  afterAll(async () => {
    await session?.close();
  });

  /** Opens `path` signed in as `account` and waits until nothing says "Loading…" any more. */
  async function open(path: string, account: E2eAccount, locale: Locale = 'ja-JP'): Promise<Page> {
    await context?.close();
    context = await signedInContext(current(), account, locale);
    const page = await context.newPage();
    // Fail a step well within the test's own timeout, so the report names the step.
    page.setDefaultTimeout(10_000);
    await page.goto(`${current().baseUrl}${path}`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await expect.poll(() => page.getByText(LOADING[locale]).count()).toBe(0);
    return page;
  }

  it.each([
    ['/staff', 'staff'],
    ['/staff/city', 'staff'],
    ['/staff/census', 'staff'],
    ['/staff/voting-codes', 'staff'],
    ['/staff/counter', 'staff'],
    ['/staff/outbox', 'staff'],
    ['/admin/users', 'admin'],
    ['/audit-log', 'auditor'],
  ] as const)('%s passes axe-core in Japanese and English', async (path, role) => {
    const account = { staff, admin, auditor }[role];
    for (const locale of ['ja-JP', 'en-US'] as const) {
      const page = await open(path, account, locale);
      expect(await axeViolations(page), `${path} ${locale}`).toEqual([]);
    }
  });

  it('shows each role its own links in the main navigation, and nobody else', async () => {
    const links = async (account: E2eAccount): Promise<string[]> => {
      const page = await open('/', account);
      await page.getByRole('button', { name: 'ログアウト' }).waitFor();
      return page.getByRole('navigation', { name: 'メイン' }).getByRole('link').allTextContents();
    };
    const resident = await createAccount(current(), ['resident'], { label: 'resident' });
    expect(await links(resident)).toEqual(['ホーム', '提案', '結果']);
    expect(await links(staff)).toEqual(['ホーム', '提案', '結果', '職員']);
    expect(await links(admin)).toEqual(['ホーム', '提案', '結果', '利用者管理', '監査ログ']);
    expect(await links(auditor)).toEqual(['ホーム', '提案', '結果', '監査ログ']);

    const page = await open('/staff/census', resident);
    expect(await page.getByText('このアカウントにはこのページを利用する権限がありません').isVisible()).toBe(true);
    expect(await page.locator('#census-file').count()).toBe(0);
  });

  it('checks a census file first, lists bad lines, then applies a good one and purges it', async () => {
    const page = await open('/staff/census', staff);
    const file = page.locator('#census-file');
    await file.setInputFiles({
      name: 'census.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('resident_number,district,birth_year\nA-1,kita,1970\nA-2,atlantis,1971\n'),
    });
    await page.getByRole('button', { name: 'ファイルを確認' }).click();
    await page.getByText('3 行目').waitFor();
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

  it('creates voting codes and prints one slip per code, in Japanese and English, without the app around it', async () => {
    const page = await open('/staff/voting-codes', staff);
    await page.getByLabel('地区', { exact: true }).selectOption({ label: '東地区' });
    await page.getByLabel('発行数').fill('3');
    await page.getByRole('button', { name: 'コードを発行' }).click();
    const slips = page.getByRole('list', { name: 'コード用紙 3 枚' }).getByRole('listitem');
    await expect.poll(() => slips.count()).toBe(3);
    for (const slip of await slips.all()) {
      const text = (await slip.textContent()) ?? '';
      expect(text).toMatch(/[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/);
      expect(text).toContain('みどり市');
      expect(text).toContain('Midori City');
      expect(text).toContain('東地区');
      expect(text).toContain('Higashi (East)');
      expect(text).toContain('プロフィールでこのコードを入力してください');
      expect(text).toContain('open your profile and enter this code');
    }
    const batches = page.getByRole('table', { name: '発行履歴（新しい順）' });
    await expect.poll(() => batches.getByRole('row', { name: /東地区/ }).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);

    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.site-header').isVisible()).toBe(false);
    expect(await page.locator('.site-footer').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'コードを発行' }).isVisible()).toBe(false);
    expect(await slips.first().isVisible()).toBe(true);
  });

  it('lets an admin find a user, change roles and disable the account, but not remove their own admin role', async () => {
    const resident = await createAccount(current(), ['resident'], { label: 'roles' });
    const page = await open('/admin/users', admin);
    await page.getByLabel('名前またはメールアドレス').fill(resident.email);
    await page.getByRole('button', { name: '検索' }).click();
    const table = page.getByRole('table', { name: '利用者' });
    await expect.poll(() => table.getByRole('row').count()).toBe(2);
    await table.getByRole('button', { name: actionName('編集', resident.email) }).click();
    await page.getByRole('checkbox', { name: 'モデレーター' }).check();
    await page.getByRole('checkbox', { name: 'アカウントを停止する（ログイン不可）' }).check();
    await page.getByRole('button', { name: '保存する' }).click();
    const row = table.getByRole('row', { name: new RegExp(resident.displayName) });
    await expect.poll(() => row.textContent()).toContain('モデレーター');
    expect(await row.textContent()).toContain('停止中');
    const signIn = await api(current().baseUrl, 'POST', '/api/auth/login', {
      json: { email: resident.email, password: resident.password },
    });
    expect(signIn.status).toBe(401);

    await page.getByLabel('名前またはメールアドレス').fill(admin.email);
    await page.getByRole('button', { name: '検索' }).click();
    await table.getByRole('button', { name: actionName('編集', admin.email) }).click();
    await page.getByRole('checkbox', { name: '管理者' }).uncheck();
    await page.getByRole('button', { name: '保存する' }).click();
    await page.getByRole('alert').filter({ hasText: '自分自身の管理者権限を外したり' }).waitFor();
  });

  it('pages through the user list', async () => {
    for (let index = 0; index < 26; index += 1) {
      await createAccount(current(), ['resident'], { label: 'paging', signIn: false });
    }
    const page = await open('/admin/users', admin, 'en-US');
    await page.getByLabel('Role').selectOption('resident');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const pager = page.getByRole('navigation', { name: 'Pages of users' });
    await expect.poll(() => pager.textContent()).toMatch(/1–25 of \d+/);
    await pager.getByRole('button', { name: 'Next page' }).click();
    await expect.poll(() => pager.textContent()).toMatch(/26–\d+ of \d+/);
    expect(await pager.getByRole('button', { name: 'Previous page' }).isDisabled()).toBe(false);
  });

  it('adds, edits, retires and deletes a district; offers to retire one that is in use', async () => {
    const page = await open('/staff/city', staff);
    await page.getByLabel('識別子').fill('ekimae');
    await page.getByLabel('名前（日本語）', { exact: true }).fill('駅前地区');
    await page.getByLabel('名前（英語）', { exact: true }).fill('Ekimae');
    await page.getByRole('button', { name: '地区を追加' }).click();
    await page.getByText('地区「駅前地区」を追加しました。').waitFor();
    const row = page.getByRole('row', { name: /駅前地区/ });

    await row.getByRole('button', { name: actionName('編集', '駅前地区') }).click();
    const nameEn = page.getByRole('table', { name: '地区（表示順）' }).getByLabel('名前（英語）', { exact: true });
    await nameEn.fill('Station Square');
    await page.getByRole('table', { name: '地区（表示順）' }).getByRole('button', { name: '保存する' }).click();
    await page.getByText('地区「駅前地区」を保存しました。').waitFor();
    await expect.poll(() => row.textContent()).toContain('Station Square');

    await row.getByRole('button', { name: actionName('廃止する', '駅前地区') }).click();
    await expect.poll(() => row.textContent()).toContain('廃止');
    await row.getByRole('button', { name: actionName('削除', '駅前地区') }).click();
    await page.getByRole('button', { name: '削除する' }).click();
    await page.getByText('地区を削除しました。').waitFor();
    expect(await page.getByRole('row', { name: /駅前地区/ }).count()).toBe(0);

    await api(current().baseUrl, 'POST', '/api/voting-codes', {
      token: staff.token,
      json: { districtId: districtId('nishi'), count: 1 },
    });
    const west = page.getByRole('row', { name: /西地区/ });
    await west.getByRole('button', { name: actionName('削除', '西地区') }).click();
    await page.getByRole('button', { name: '削除する' }).click();
    await page.getByRole('alert').filter({ hasText: '代わりに廃止にできます' }).waitFor();
    await page.getByRole('button', { name: '代わりに廃止する' }).click();
    await expect.poll(() => west.textContent()).toContain('廃止');
  });

  it('saves the city settings and the header shows the new name', async () => {
    const page = await open('/staff/city', staff, 'en-US');
    await page.getByLabel('City name in English').fill('Midori City Hall Test');
    await page.getByRole('button', { name: 'Save' }).first().click();
    await page.getByText('The city settings have been saved.').waitFor();
    await expect.poll(() => page.locator('.brand-city').textContent()).toBe('Midori City Hall Test');
    await page.getByLabel('City name in English').fill('Midori City');
    await page.getByRole('button', { name: 'Save' }).first().click();
    await expect.poll(() => page.locator('.brand-city').textContent()).toBe('Midori City');
  });

  it('looks up a resident at the counter and shows a temporary password once', async () => {
    const resident = await createAccount(current(), ['resident'], { label: 'counter' });
    const page = await open('/staff/counter', staff);
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

  it('lists mail in the outbox and events in the audit log', async () => {
    const resident = await createAccount(current(), ['resident'], { label: 'outbox', signIn: false });
    await api(current().baseUrl, 'POST', '/api/auth/password-reset/request', { json: { email: resident.email } });
    await api(current().baseUrl, 'POST', `/api/counter/residents/${resident.id}/password-reset`, {
      token: staff.token,
    });
    let page = await open('/staff/outbox', staff, 'en-US');
    const message = page.getByRole('listitem').filter({ hasText: `To ${resident.email}` });
    await message.getByText(/To /).click();
    expect(await message.locator('pre').textContent()).toContain('/reset-password#token=');

    page = await open('/audit-log', auditor, 'en-US');
    const table = page.getByRole('table', { name: 'Events, newest first' });
    expect(await table.getByRole('row').count()).toBeGreaterThan(1);
    await page.getByLabel('Action').fill('user.password_reset_at_counter');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect
      .poll(async () => {
        const rows = (await table.getByRole('row').allTextContents()).slice(1);
        return rows.length > 0 && rows.every((text) => text.includes('user.password_reset_at_counter'));
      })
      .toBe(true);
  });
});
