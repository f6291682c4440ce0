import { expect, it } from 'vitest';
import { moveOverApi } from './cycle-helpers.js';
import {
  actionName,
  api,
  axeViolations,
  itPassesAxeInBothLanguages,
  createAccount,
  describeInBrowser,
  districtIdOf,
  useBrowserPages,
  useRoleAccounts,
} from './helpers.js';

describeInBrowser('administration and city settings in Chromium', () => {
  const pages = useBrowserPages();
  const open = pages.open;
  const accounts = useRoleAccounts(pages);

  const current = pages.session;

  itPassesAxeInBothLanguages(pages, accounts, [
    ['/admin/users', 'admin'],
    ['/staff/city', 'staff'],
    ['/audit-log', 'auditor'],
  ]);

  it('lets an admin find a user, change roles and disable the account, but not change their own roles', async () => {
    const resident = await createAccount(current(), ['resident'], { label: 'roles' });
    const page = await open('/admin/users', { as: accounts.admin });
    await page.getByLabel('名前またはメールアドレス').fill(resident.email);
    await page.getByRole('button', { name: '検索' }).click();
    const table = page.getByRole('table', { name: '利用者' });
    await expect.poll(() => table.getByRole('row').count()).toBe(2);
    await table.getByRole('button', { name: actionName('編集', resident.email) }).click();
    await page.getByRole('checkbox', { name: 'モデレーター' }).check();
    expect(await axeViolations(page), 'with the role editor open').toEqual([]);
    await page.getByRole('checkbox', { name: 'アカウントを停止する（ログイン不可）' }).check();
    await page.getByRole('button', { name: '保存する' }).click();
    const dialog = page.getByRole('dialog', { name: '役割を変更しますか' });
    await dialog.getByRole('button', { name: '役割を変更する' }).click();
    const row = table.getByRole('row', { name: new RegExp(resident.displayName) });
    await expect.poll(() => row.textContent()).toContain('モデレーター');
    expect(await row.textContent()).toContain('停止中');
    const signIn = await api(current().baseUrl, 'POST', '/api/auth/login', {
      json: { email: resident.email, password: resident.password },
    });
    expect(signIn.status).toBe(401);

    await page.getByLabel('名前またはメールアドレス').fill(accounts.admin.email);
    await page.getByRole('button', { name: '検索' }).click();
    await table.getByRole('button', { name: actionName('編集', accounts.admin.email) }).click();
    await page.getByRole('checkbox', { name: '管理者' }).uncheck();
    await page.getByRole('button', { name: '保存する' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '役割を変更する' }).click();
    await page.getByRole('alert').filter({ hasText: '自分自身の権限は変更できません' }).waitFor();
  });

  it('states a role change in a confirmation before saving it, and cancelling saves nothing (English, 360 px)', async () => {
    const resident = await createAccount(current(), ['resident'], { label: 'confirm' });
    const page = await open('/admin/users', { as: accounts.admin, locale: 'en-US' });
    await page.setViewportSize({ width: 360, height: 740 });
    await page.getByLabel('Name or email').fill(resident.email);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const table = page.getByRole('table', { name: 'Users' });
    await expect.poll(() => table.getByRole('row').count(), { timeout: 10_000 }).toBe(2);
    await table.getByRole('button', { name: actionName('Edit', resident.email) }).click();
    await page.getByRole('checkbox', { name: 'Staff' }).check();
    await page.getByRole('checkbox', { name: 'Resident' }).uncheck();
    await page.getByRole('button', { name: 'Save' }).click();
    const dialog = page.getByRole('dialog', { name: 'Change roles?' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(resident.email);
    expect(await dialog.locator('dt').allTextContents()).toEqual(['Roles added', 'Roles removed']);
    expect(await dialog.locator('dd').allTextContents()).toEqual(['Staff', 'Resident']);
    expect(await axeViolations(page), 'with the confirmation open').toEqual([]);
    // The dialog fits the phone's width (the users table behind it scrolls on its own).
    const box = await dialog.boundingBox();
    expect(box !== null && box.x >= 0 && box.x + box.width <= 360).toBe(true);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const unchanged = await api(current().baseUrl, 'GET', `/api/admin/users?q=${encodeURIComponent(resident.email)}`, {
      token: accounts.admin.token,
    });
    expect(unchanged.body).toMatchObject({ items: [{ roles: ['resident'] }] });
  });

  it('pages through the user list', async () => {
    for (let index = 0; index < 26; index += 1) {
      await createAccount(current(), ['resident'], { label: 'paging', signIn: false });
    }
    const page = await open('/admin/users', { as: accounts.admin, locale: 'en-US' });
    await page.getByLabel('Role').selectOption('resident');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const pager = page.getByRole('navigation', { name: 'Pages of users' });
    await expect.poll(() => pager.textContent()).toMatch(/1–25 of \d+/);
    await pager.getByRole('button', { name: 'Next page' }).click();
    await expect.poll(() => pager.textContent()).toMatch(/26–\d+ of \d+/);
    expect(await pager.getByRole('button', { name: 'Previous page' }).isDisabled()).toBe(false);
  });

  it('adds, edits, retires and deletes a district; offers to retire one that is in use', async () => {
    const page = await open('/staff/city', { as: accounts.staff });
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
    expect(await axeViolations(page), 'with a deletion to confirm').toEqual([]);
    await page.getByRole('button', { name: '削除する' }).click();
    await page.getByText('地区を削除しました。').waitFor();
    expect(await page.getByRole('row', { name: /駅前地区/ }).count()).toBe(0);

    // A letter to a resident of the west district, whose census list is then purged: the batch of
    // codes is what still refers to the district.
    const census = await api(current().baseUrl, 'PUT', '/api/census?dryRun=false', {
      token: accounts.staff.token,
      body: 'resident_number,district,birth_year\nW-500,nishi,1970\n',
      contentType: 'text/csv',
    });
    expect(census.status).toBe(200);
    const letter = await api(current().baseUrl, 'POST', '/api/voting-codes', {
      token: accounts.staff.token,
      json: { residentNumbers: ['W-500'] },
    });
    expect(letter.status).toBe(201);
    expect((await api(current().baseUrl, 'DELETE', '/api/census', { token: accounts.staff.token })).status).toBe(204);
    const west = page.getByRole('row', { name: /西地区/ });
    await west.getByRole('button', { name: actionName('削除', '西地区') }).click();
    await page.getByRole('button', { name: '削除する' }).click();
    await page.getByRole('alert').filter({ hasText: '代わりに廃止にできます' }).waitFor();
    await page.getByRole('button', { name: '代わりに廃止する' }).click();
    await expect.poll(() => west.textContent()).toContain('廃止');
  });

  it('saves the city settings and the header shows the new name', async () => {
    const page = await open('/staff/city', { as: accounts.staff, locale: 'en-US' });
    await page.getByLabel('City name in English').fill('Midori City Hall Test');
    await page.getByRole('button', { name: 'Save' }).first().click();
    await page.getByText('The city settings have been saved.').waitFor();
    await expect.poll(() => page.locator('.brand-city').textContent()).toBe('Midori City Hall Test');
    await page.getByLabel('City name in English').fill('Midori City');
    await page.getByRole('button', { name: 'Save' }).first().click();
    await expect.poll(() => page.locator('.brand-city').textContent()).toBe('Midori City');
  });

  it('lists events in the audit log, filters them by action and role, and checks the hash chain', async () => {
    const resident = await createAccount(current(), ['resident'], { label: 'audit', signIn: false });
    await api(current().baseUrl, 'POST', `/api/counter/residents/${resident.id}/password-reset`, {
      token: accounts.staff.token,
    });
    const page = await open('/audit-log', { as: accounts.auditor, locale: 'en-US' });
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
    await page.getByLabel('Role').selectOption({ label: 'Auditor' });
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(() => table.getByRole('row').allTextContents()).toEqual([expect.any(String), 'No events.']);
    await page.getByLabel('Role').selectOption({ label: 'Staff' });
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect
      .poll(async () =>
        (await table.getByRole('row').allTextContents()).slice(1).every((text) => text.includes('Staff')),
      )
      .toBe(true);
    await page.getByRole('button', { name: 'Check the whole chain' }).click();
    await expect.poll(() => page.getByText(/The chain is intact: [\d,]+ entries checked/).count()).toBe(1);
  });

  it.each([
    ['en-US', 360],
    ['ja-JP', 1280],
  ] as const)(
    'shows audit entries in words (names, titles with links, translated actions, details as a list) and keeps its filters in the address (%s, %i px)',
    async (locale, width) => {
      const created = await api(current().baseUrl, 'POST', '/api/cycles', {
        token: accounts.staff.token,
        json: {
          titleJa: '監査ログの表示',
          titleEn: 'Audit log display',
          ballot: { method: 'approval' },
          districts: [{ districtId: await districtIdOf(current(), 'kita'), budget: 1000 }],
        },
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const cycleId = (created.body as { id: string }).id;
      await moveOverApi(current(), accounts.staff, cycleId, 'submission');
      const page = await open('/audit-log?action=cycle.', { as: accounts.auditor, locale });
      await page.setViewportSize({ width, height: 800 });
      const table = page.locator('table.data-table');
      const row = table
        .getByRole('row')
        .filter({ has: page.locator(`a[href="/cycles/${cycleId}"]`) })
        .filter({ hasText: locale === 'en-US' ? 'Phase changed' : '段階を変更' });
      await row.waitFor();
      const text = (await row.textContent()) ?? '';
      expect(text).toContain(accounts.staff.displayName);
      expect(text).toContain('submission');
      expect(await row.getByRole('link').textContent()).toBe(
        locale === 'en-US' ? 'Audit log display' : '監査ログの表示',
      );
      expect(text).not.toContain(accounts.staff.id);
      expect(await row.locator('dl.details dt').count()).toBeGreaterThan(0);
      expect(text).not.toMatch(/[{}]/);
      expect(await axeViolations(page), locale).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth)).toBe(true);

      // Filters live in the address: a new filter is a history entry, Back restores the one before, reload keeps it.
      await page.locator('#audit-role').selectOption('staff');
      await page.locator('form[role="search"] button[type="submit"]').click();
      await expect.poll(() => new URL(page.url()).searchParams.get('role'), { timeout: 10_000 }).toBe('staff');
      expect(new URL(page.url()).searchParams.get('action')).toBe('cycle.');
      await page.reload();
      await row.waitFor();
      expect(await page.locator('#audit-role').inputValue()).toBe('staff');
      expect(await page.locator('#audit-action').inputValue()).toBe('cycle.');
      await page.goBack();
      await expect.poll(() => new URL(page.url()).searchParams.get('role'), { timeout: 10_000 }).toBeNull();
      await expect.poll(() => page.locator('#audit-role').inputValue(), { timeout: 10_000 }).toBe('');
      expect(await page.locator('#audit-action').inputValue()).toBe('cycle.');
    },
  );
});
