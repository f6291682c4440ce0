import type { Cycle } from '@pb/shared';
import { beforeAll, expect, it } from 'vitest';
import {
  api,
  axeViolations,
  createAccount,
  describeInBrowser,
  districtIdOf,
  useBrowserPages,
  type E2eAccount,
} from './helpers.js';
import { idFromUrl, insertBallotProposals, proposeOverApi, verifiedResident } from './cycle-helpers.js';

/**
 * One budget cycle from set-up to voting, as people do it in the browser: staff set it up and open
 * it, a verified resident proposes and edits a project, staff move on to review, and two staff
 * members open voting together. The steps share the cycle and run in order.
 */
describeInBrowser('a budget cycle from set-up to voting in Chromium', () => {
  const pages = useBrowserPages();
  const open = pages.open;
  const current = pages.session;
  const TITLE = '2027年度 みどり市民予算';

  let staff: E2eAccount;
  let secondStaff: E2eAccount;
  let resident: E2eAccount;
  let cycleId = '';
  let proposalId = '';

  beforeAll(async () => {
    staff = await createAccount(current(), ['staff'], { label: 'staff', displayName: '職員 一郎' });
    secondStaff = await createAccount(current(), ['staff'], { label: 'staff', displayName: '職員 二郎' });
    resident = await verifiedResident(current(), 'kita', '北野 花子');
  });

  it('staff set up a cycle with two districts and open it for proposals', async () => {
    const page = await open('/staff/cycles', { as: staff });
    await page.getByRole('link', { name: '新しい予算サイクル' }).click();
    await page.getByRole('heading', { level: 1, name: '新しい予算サイクル' }).waitFor();
    await page.getByLabel('タイトル（日本語）').fill(TITLE);
    await page.getByLabel('タイトル（英語）').fill('Midori civic budget 2027');
    await page.getByLabel('説明（日本語）').fill('公園や道路など、身近な事業を提案してください。');
    await page.getByRole('checkbox', { name: '北地区が参加する' }).check();
    await page.getByRole('checkbox', { name: '南地区が参加する' }).check();
    await page.getByLabel('北地区の予算').fill('30,000,000');
    await page.getByText('表示: 30,000,000円').waitFor();
    await page.getByLabel('南地区の予算').fill('20000000');
    await page.getByText('予算総額: 50,000,000円').waitFor();
    await page.getByLabel('選べる事業の上限（任意）').fill('5');
    // The product defaults are chosen and explained.
    expect(await page.getByRole('radio', { name: '均等配分法（MES、推奨）' }).isChecked()).toBe(true);
    expect(await page.getByText('大きなグループが予算を独占することはありません').isVisible()).toBe(true);
    await page.getByRole('button', { name: '下書きとして作成する' }).click();

    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    await page.getByText('予算サイクルを下書きとして作成しました。').waitFor();
    cycleId = idFromUrl(page, /^\/staff\/cycles\/([0-9a-f-]{36})$/);
    await page.getByRole('button', { name: '次へ進める: 提案受付' }).click();
    await page.getByRole('status').filter({ hasText: 'サイクルは「提案受付」の段階になりました。' }).waitFor();
    const currentStep = page.locator('.timeline [aria-current="step"]');
    expect(await currentStep.textContent()).toContain('提案受付');
    const cycle = (await api(current().baseUrl, 'GET', `/api/cycles/${cycleId}`)).body as Cycle;
    expect(cycle.districts.map((entry) => entry.budget).sort()).toEqual([20_000_000, 30_000_000]);
    expect(cycle.ballot).toEqual({ method: 'approval', maxProjects: 5 });
  });

  it('a verified resident finds the cycle and proposes a project for their own district', async () => {
    const page = await open('/proposals', { as: resident });
    await page.getByRole('link', { name: TITLE }).click();
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    expect(await page.getByRole('table', { name: '地区ごとの予算' }).textContent()).toContain('30,000,000円');
    await page.getByRole('link', { name: '事業を提案する' }).first().click();
    await page.getByRole('heading', { level: 1, name: '事業を提案する' }).waitFor();

    // Only the resident's own district is on offer (the cycle has no city-wide district).
    // The options arrive with the resident's districts, after the form itself has rendered.
    await expect
      .poll(() => page.getByLabel('地区', { exact: true }).locator('option').allTextContents())
      .toEqual(['地区を選んでください', '北地区']);

    await page.getByRole('button', { name: '提案を提出する' }).click();
    await expect.poll(() => page.locator('[aria-invalid="true"]').count()).toBe(6);
    expect(await page.getByLabel('タイトル').evaluate((element) => element === document.activeElement)).toBe(true);

    await page.getByLabel('タイトル').fill('川沿いのベンチ Riverside benches');
    await page.getByLabel('概要').fill('川沿いの遊歩道に木のベンチを 10 基置きます。');
    expect(await page.getByText('Markdown が使えます').isVisible()).toBe(true);
    await page.getByLabel('説明').fill('高齢の方が**休める場所**が必要です。\n\n- 桜並木の下\n- oak wood');
    await page.getByLabel('分野').selectOption({ label: '公園・緑地' });
    await page.getByLabel('地区', { exact: true }).selectOption({ label: '北地区' });
    await page.getByLabel('見積額').fill('1500000');
    await page.getByLabel('場所（任意）').fill('北橋のたもと');
    await page.getByRole('button', { name: '提案を提出する' }).click();

    await page.getByRole('heading', { level: 1, name: '川沿いのベンチ Riverside benches' }).waitFor();
    await page.getByText('ありがとうございます。提案を受け付けました。').waitFor();
    proposalId = idFromUrl(page, /^\/proposals\/([0-9a-f-]{36})$/);
    expect(await page.locator('.rendered strong').textContent()).toBe('休める場所');
    const details = (await page.locator('dl.details').textContent()) ?? '';
    for (const text of [
      '提出済み',
      '公園・緑地',
      '北地区',
      '1,500,000円',
      'まだ審査されていません',
      '北野 花子',
      '北橋のたもと',
    ]) {
      expect(details).toContain(text);
    }
    expect(await axeViolations(page)).toEqual([]);
  });

  it('the resident sees the proposal in the list and finds it by a Japanese word and by an English word', async () => {
    const neighbour = await verifiedResident(current(), 'minami', '南 太郎');
    await proposeOverApi(current(), neighbour, cycleId, {
      districtId: await districtIdOf(current(), 'minami'),
      title: '図書館の夜間開館 Library open late',
      summary: '南図書館を平日は夜 9 時まで開けます。',
      description: 'Students and workers need a quiet place after hours.',
      category: 'education',
    });
    const page = await open(`/cycles/${cycleId}`, { as: resident });
    const list = page.getByRole('list', { name: '提案一覧' });
    await expect.poll(() => list.getByRole('article').count()).toBe(2);
    expect(await page.getByRole('status').filter({ hasText: '2 件の提案' }).count()).toBe(1);

    const search = page.getByRole('searchbox', { name: 'キーワード' });
    await search.fill('ベンチ');
    await page.getByRole('button', { name: '表示する' }).click();
    await page.getByRole('status').filter({ hasText: '1 件の提案' }).waitFor();
    expect(await list.getByRole('heading').allTextContents()).toEqual(['川沿いのベンチ Riverside benches']);
    expect(new URL(page.url()).searchParams.get('q')).toBe('ベンチ');

    await search.fill('library');
    await page.getByRole('button', { name: '表示する' }).click();
    await expect
      .poll(() => list.getByRole('heading').allTextContents())
      .toEqual(['図書館の夜間開館 Library open late']);

    await search.fill('benches');
    await page.getByLabel('分野').selectOption({ label: '公園・緑地' });
    await page.getByRole('button', { name: '表示する' }).click();
    await expect.poll(() => list.getByRole('heading').allTextContents()).toEqual(['川沿いのベンチ Riverside benches']);
  });

  it('the author edits the proposal while proposals are open', async () => {
    const page = await open(`/proposals/${proposalId}`, { as: resident });
    await page.getByRole('link', { name: 'この提案を編集する' }).click();
    await page.getByRole('heading', { level: 1, name: '提案を編集する' }).waitFor();
    expect(await page.getByLabel('タイトル').inputValue()).toBe('川沿いのベンチ Riverside benches');
    expect(await page.getByLabel('見積額').inputValue()).toBe('1500000');
    await page.getByLabel('タイトル').fill('川沿いの木のベンチ Riverside oak benches');
    await page.getByLabel('見積額').fill('1,800,000');
    await page.getByRole('button', { name: '変更を保存する' }).click();
    await page.getByRole('heading', { level: 1, name: '川沿いの木のベンチ Riverside oak benches' }).waitFor();
    await page.getByText('変更を保存しました。').waitFor();
    expect(await page.locator('dl.details').textContent()).toContain('1,800,000円');
  });

  it('staff move the cycle to review, after which the author can no longer edit', async () => {
    const page = await open(`/staff/cycles/${cycleId}`, { as: staff });
    await page.getByRole('button', { name: '次へ進める: 審査' }).click();
    await page.getByRole('status').filter({ hasText: 'サイクルは「審査」の段階になりました。' }).waitFor();
    expect(await page.getByRole('button', { name: '前に戻す: 提案受付' }).isVisible()).toBe(true);

    const author = await open(`/proposals/${proposalId}`, { as: resident });
    expect(await author.getByRole('link', { name: 'この提案を編集する' }).count()).toBe(0);
  });

  it('opening voting asks first, says clearly what is missing, and refuses without a ballot proposal per district', async () => {
    const page = await open(`/staff/cycles/${cycleId}`, { as: staff });
    const openVoting = page.getByRole('button', { name: '投票を開始する…' });
    await openVoting.click();
    const dialog = page.getByRole('dialog', { name: '投票を開始しますか？' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('ルール・地区・予算・投票対象の一覧が確定し');
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(await openVoting.evaluate((element) => element === document.activeElement)).toBe(true);

    await openVoting.click();
    await dialog.getByRole('button', { name: '投票開始を依頼する' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'このサイクルはまだこの段階に進む準備ができていません。' });
    await alert.waitFor();
    // The explanation names the districts, by their Japanese names, not by id nor in English.
    expect(await alert.textContent()).toContain('まだない地区: ');
    expect(await alert.textContent()).toContain('南地区');
    expect(await alert.textContent()).not.toContain('Minami (South)');
  });

  it('two staff members open voting: the first asks, cannot confirm it, and the second confirms', async () => {
    await insertBallotProposals(current(), cycleId, ['kita', 'minami']);
    const first = await open(`/staff/cycles/${cycleId}`, { as: staff });
    await first.getByRole('button', { name: '投票を開始する…' }).click();
    await first.getByRole('dialog').getByRole('button', { name: '投票開始を依頼する' }).click();
    await first.getByRole('status').filter({ hasText: '依頼しました。実行には別の職員の確認が必要です。' }).waitFor();
    const pending = first.getByRole('group', { name: '別の職員の確認待ち' });
    expect(await pending.textContent()).toContain(
      'この変更を依頼したのはあなたなので、別の職員が確認する必要があります。',
    );
    const ownConfirm = pending.getByRole('button', { name: '確認して実行: 投票' });
    expect(await ownConfirm.getAttribute('aria-disabled')).toBe('true');
    // Still reachable by keyboard, so its explanation is read out; pressing it changes nothing.
    await ownConfirm.focus();
    await first.keyboard.press('Enter');
    expect(((await api(current().baseUrl, 'GET', `/api/cycles/${cycleId}`)).body as Cycle).phase).toBe('review');
    expect(await axeViolations(first)).toEqual([]);

    const second = await open(`/staff/cycles/${cycleId}`, { as: secondStaff });
    const confirm = second.getByRole('button', { name: '確認して実行: 投票' });
    expect(await confirm.getAttribute('aria-disabled')).toBe('false');
    expect(await second.getByText('別の職員がこの変更を依頼しました。').isVisible()).toBe(true);
    await confirm.click();
    await second.getByRole('status').filter({ hasText: 'サイクルは「投票」の段階になりました。' }).waitFor();
    expect(await second.getByText('投票が始まったため、前の段階には戻せません。').isVisible()).toBe(true);
    expect(await second.locator('.timeline [aria-current="step"]').textContent()).toContain('投票');

    await second.getByRole('link', { name: '確定した設定を見る' }).click();
    await second.getByRole('heading', { level: 2, name: '設定は確定しています' }).waitFor();
    expect(await second.locator('main input, main textarea, main select').count()).toBe(0);
    expect(await second.getByText('30,000,000円').first().isVisible()).toBe(true);
  });
});
