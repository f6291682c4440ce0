import type { Cycle } from '@pb/shared';
import { beforeAll, expect, it } from 'vitest';
import { api, axeViolations, createAccount, describeInBrowser, useBrowserPages, type E2eAccount } from './helpers.js';
import { idFromUrl, verifiedResident } from './cycle-helpers.js';
import {
  expectedFunded,
  fundedOnResultsPage,
  proposeThroughForm,
  reviewOnPage,
  voteThroughBallot,
  type DistrictVotes,
} from './full-cycle.helpers.js';

/**
 * A whole budget cycle through the web app, from proposals to published results: staff set the
 * cycle up, residents propose, staff review and open voting with a second staff member's
 * confirmation, residents vote, staff close voting and paper entry and publish (again with a second
 * staff member), and a signed-out visitor finds the funded projects and a kept receipt on the
 * bulletin board. The key pages pass axe-core in Japanese and English. The steps share the cycle
 * and run in order.
 *
 * Not through the UI, because other browser tests already cover it there: accounts are created in
 * the database and residents marked verified (sign-up and residency verification: accounts.test.ts).
 */
describeInBrowser('a full budget cycle, from proposals to published results, in Chromium', () => {
  const pages = useBrowserPages();
  const open = pages.open;
  const current = pages.session;
  const TITLE = { ja: '2028年度 みどり市民予算', en: 'Midori civic budget 2028' };
  const KITA = { ja: '北地区', en: 'Kita (North)' };
  const MINAMI = { ja: '南地区', en: 'Minami (South)' };
  const BUDGET = { kita: 3_000_000, minami: 1_000_000 };
  const PROJECT = {
    benches: '川沿いのベンチ',
    fountain: '駅前の大噴水',
    library: 'Longer library hours',
    lights: 'Street lights on the hill',
    crossing: '横断歩道の信号機',
  } as const;
  /** Costs after review: what the ballots and the count use. */
  const COST = { benches: 1_000_000, library: 2_000_000, lights: 2_500_000, crossing: 800_000 };
  const KITA_BALLOT = [PROJECT.benches, PROJECT.library, PROJECT.lights];

  let staff: E2eAccount;
  let secondStaff: E2eAccount;
  let hanako: E2eAccount;
  let ben: E2eAccount;
  let taro: E2eAccount;
  let cycleId = '';
  /** The ballots cast in each district, by project title, for working out what they imply. */
  const kitaBallots: string[][] = [];
  const minamiBallots: string[][] = [];
  let keptReceipt = '';

  beforeAll(async () => {
    staff = await createAccount(current(), ['staff'], { label: 'staff', displayName: '職員 一郎' });
    secondStaff = await createAccount(current(), ['staff'], { label: 'staff', displayName: '職員 二郎' });
    hanako = await verifiedResident(current(), 'kita', '北野 花子');
    ben = await verifiedResident(current(), 'kita', 'Ben Carter');
    taro = await verifiedResident(current(), 'minami', '南 太郎');
  });

  async function openStaffCycle(as: E2eAccount) {
    const page = await open(`/staff/cycles/${cycleId}`, { as });
    await page.getByRole('heading', { level: 1, name: TITLE.ja }).waitFor();
    return page;
  }

  it('staff create a cycle with two districts and their budgets and open it for proposals', async () => {
    const page = await open('/staff/cycles', { as: staff });
    await page.getByRole('link', { name: '新しい予算サイクル' }).click();
    await page.getByRole('heading', { level: 1, name: '新しい予算サイクル' }).waitFor();
    await page.getByLabel('タイトル（日本語）').fill(TITLE.ja);
    await page.getByLabel('タイトル（英語）').fill(TITLE.en);
    await page.getByRole('checkbox', { name: '北地区が参加する' }).check();
    await page.getByRole('checkbox', { name: '南地区が参加する' }).check();
    await page.getByLabel('北地区の予算').fill(String(BUDGET.kita));
    await page.getByLabel('南地区の予算').fill(String(BUDGET.minami));
    await page.getByText('予算総額: 4,000,000円').waitFor();
    await page.getByLabel('選べる事業の上限（任意）').fill('3');
    await page.getByRole('button', { name: '下書きとして作成する' }).click();
    await page.getByText('予算サイクルを下書きとして作成しました。').waitFor();
    cycleId = idFromUrl(page, /^\/staff\/cycles\/([0-9a-f-]{36})$/);
    await page.getByRole('button', { name: '次へ進める: 提案受付' }).click();
    await page.getByRole('status').filter({ hasText: 'サイクルは「提案受付」の段階になりました。' }).waitFor();
  });

  it('verified residents propose projects through the proposal form, in Japanese and in English', async () => {
    const proposal = (title: string, district: string, category: string, estimatedCost: number) => ({
      title,
      summary: `${title}: 地域の人が毎日使えるようにします。`,
      description: `${title} for everyone in the district, all year round.`,
      category,
      district,
      estimatedCost,
    });
    await proposeThroughForm(open, cycleId, hanako, 'ja-JP', proposal(PROJECT.benches, KITA.ja, '公園・緑地', 900_000));
    await proposeThroughForm(
      open,
      cycleId,
      hanako,
      'ja-JP',
      proposal(PROJECT.fountain, KITA.ja, '公園・緑地', 2_000_000),
    );
    await proposeThroughForm(open, cycleId, ben, 'en-US', proposal(PROJECT.library, KITA.en, 'Education', 1_800_000));
    await proposeThroughForm(open, cycleId, ben, 'en-US', proposal(PROJECT.lights, KITA.en, 'Safety', 2_500_000));
    await proposeThroughForm(
      open,
      cycleId,
      taro,
      'ja-JP',
      proposal(PROJECT.crossing, MINAMI.ja, '安全・防災', 800_000),
    );

    const page = await open(`/cycles/${cycleId}`, { as: hanako });
    const list = page.getByRole('list', { name: '提案一覧' });
    await expect.poll(() => list.getByRole('article').count()).toBe(5);
  });

  it('staff move to review and decide on every proposal on the review page, one of them not feasible', async () => {
    let page = await openStaffCycle(staff);
    await page.getByRole('button', { name: '次へ進める: 審査' }).click();
    await page.getByRole('status').filter({ hasText: 'サイクルは「審査」の段階になりました。' }).waitFor();

    const review = await open(`/staff/cycles/${cycleId}/review`, { as: staff, locale: 'en-US' });
    await review.getByRole('region', { name: PROJECT.benches }).waitFor();
    expect(await axeViolations(review), 'review page en-US').toEqual([]);

    page = await openStaffCycle(staff);
    await page.getByRole('link', { name: '提案を審査する' }).click();
    await page.getByRole('heading', { level: 1, name: '提案の審査' }).waitFor();
    await page.getByText('5 件の提案').waitFor();
    expect(await axeViolations(page), 'review page ja-JP').toEqual([]);
    await reviewOnPage(page, PROJECT.benches, {
      feasible: true,
      cost: COST.benches,
      reason: '現地を確認し、見積もりを業者の価格に合わせました。',
    });
    await reviewOnPage(page, PROJECT.fountain, {
      feasible: false,
      reason: '駅前の地下に水道の本管があり、噴水は設置できません。',
    });
    await reviewOnPage(page, PROJECT.library, {
      feasible: true,
      cost: COST.library,
      reason: '職員の人件費を加えた費用です。',
    });
    await reviewOnPage(page, PROJECT.lights, { feasible: true, cost: COST.lights, reason: '見積もりどおりです。' });
    await reviewOnPage(page, PROJECT.crossing, { feasible: true, cost: COST.crossing, reason: '警察と協議済みです。' });
    await page.getByText('0 件の提案').waitFor();

    const fountain = await open(`/cycles/${cycleId}`, { as: hanako });
    await fountain.getByRole('link', { name: PROJECT.fountain }).click();
    await fountain.getByRole('heading', { level: 1, name: PROJECT.fountain }).waitFor();
    const details = (await fountain.locator('dl.details').textContent()) ?? '';
    // Residents read the status in the words staff chose it with on the review page.
    expect(details).toContain('実現不可能');
    expect(details).not.toContain('投票対象');
    await fountain.getByText('駅前の地下に水道の本管があり、噴水は設置できません。').waitFor();
  });

  it('one staff member asks to open voting and a second staff member confirms it', async () => {
    const first = await openStaffCycle(staff);
    await first.getByRole('button', { name: '投票を開始する…' }).click();
    await first.getByRole('dialog').getByRole('button', { name: '投票開始を依頼する' }).click();
    await first.getByRole('status').filter({ hasText: '依頼しました。実行には別の職員の確認が必要です。' }).waitFor();
    expect(await first.getByRole('button', { name: '確認して実行: 投票' }).getAttribute('aria-disabled')).toBe('true');

    const second = await openStaffCycle(secondStaff);
    await second.getByRole('button', { name: '確認して実行: 投票' }).click();
    await second.getByRole('status').filter({ hasText: 'サイクルは「投票」の段階になりました。' }).waitFor();
  });

  it('residents vote on the ballot page in Japanese and in English, and one keeps the receipt code', async () => {
    const cycle = { id: cycleId, title: TITLE.ja };
    const chosen = [PROJECT.benches, PROJECT.library];
    keptReceipt = await voteThroughBallot(open, cycle, hanako, 'ja-JP', KITA.ja, KITA_BALLOT, chosen, true);
    kitaBallots.push(chosen);
    const inEnglish = { id: cycleId, title: TITLE.en };
    await voteThroughBallot(open, inEnglish, ben, 'en-US', KITA.en, KITA_BALLOT, chosen, true);
    kitaBallots.push(chosen);
  });

  it('more residents vote, in both districts', async () => {
    const cycle = { id: cycleId, title: TITLE.ja };
    const jiro = await verifiedResident(current(), 'kita', '北川 次郎');
    const mika = await verifiedResident(current(), 'kita', '東 美香');
    for (const [resident, chosen] of [
      [jiro, [PROJECT.benches, PROJECT.library]],
      [mika, [PROJECT.lights]],
    ] as const) {
      await voteThroughBallot(open, cycle, resident, 'ja-JP', KITA.ja, KITA_BALLOT, chosen, false);
      kitaBallots.push([...chosen]);
    }
    await voteThroughBallot(open, cycle, taro, 'ja-JP', MINAMI.ja, [PROJECT.crossing], [PROJECT.crossing], false);
    minamiBallots.push([PROJECT.crossing]);
  });

  it('staff close voting and paper entry, and two staff members publish the results once counted', async () => {
    const closing = await openStaffCycle(staff);
    await closing.getByRole('button', { name: '投票を締め切る…' }).click();
    const closeDialog = closing.getByRole('dialog', { name: 'いま投票を締め切りますか？' });
    await closeDialog.getByRole('button', { name: '投票の締め切りを依頼する' }).click();
    await closing.getByRole('status').filter({ hasText: '依頼しました。実行には別の職員の確認が必要です。' }).waitFor();
    let page = await openStaffCycle(secondStaff);
    await page.getByRole('button', { name: '確認して実行: 集計' }).click();
    await page.getByRole('status').filter({ hasText: 'サイクルは「集計」の段階になりました。' }).waitFor();
    await page.getByRole('link', { name: '紙の投票用紙' }).click();
    await page.getByRole('heading', { level: 1, name: '紙の投票用紙' }).waitFor();
    await page.getByRole('button', { name: '紙の投票の入力を締め切る' }).click();
    const dialog = page.getByRole('dialog', { name: '紙の投票の入力を締め切りますか？' });
    await dialog.getByRole('button', { name: '紙の投票の入力を締め切る' }).click();
    await page.getByRole('status').filter({ hasText: '紙の投票の入力を締め切りました。' }).waitFor();

    // The count runs as a job once paper entry closes: wait for its results before publishing them.
    await expect
      .poll(
        async () =>
          (await api(current().baseUrl, 'GET', `/api/cycles/${cycleId}/results`, { token: staff.token })).status,
        {
          timeout: 15_000,
        },
      )
      .toBe(200);

    page = await openStaffCycle(staff);
    await page.getByRole('button', { name: '結果を公開する…' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '公開を依頼する' }).click();
    await page.getByRole('status').filter({ hasText: '依頼しました。実行には別の職員の確認が必要です。' }).waitFor();
    const second = await openStaffCycle(secondStaff);
    await second.getByRole('button', { name: '確認して実行: 結果公開' }).click();
    await second.getByRole('status').filter({ hasText: 'サイクルは「結果公開」の段階になりました。' }).waitFor();
  });

  it('a signed-out visitor sees the funded projects the votes imply, in Japanese and in English', async () => {
    const cycle = (await api(current().baseUrl, 'GET', `/api/cycles/${cycleId}`)).body as Cycle;
    const kita: DistrictVotes = {
      budget: BUDGET.kita,
      costs: { [PROJECT.benches]: COST.benches, [PROJECT.library]: COST.library, [PROJECT.lights]: COST.lights },
      ballots: kitaBallots,
    };
    const minami: DistrictVotes = {
      budget: BUDGET.minami,
      costs: { [PROJECT.crossing]: COST.crossing },
      ballots: minamiBallots,
    };
    const expected = { kita: expectedFunded(cycle.allocation, kita), minami: expectedFunded(cycle.allocation, minami) };
    // The votes leave a real choice: not every project on the ballot can be funded.
    expect(expected.kita.length).toBeGreaterThan(0);
    expect(expected.kita.length).toBeLessThan(KITA_BALLOT.length);

    const page = await open('/results');
    await page.getByRole('link', { name: `結果：${TITLE.ja}` }).click();
    await page.getByRole('heading', { level: 1, name: `結果：${TITLE.ja}` }).waitFor();
    expect((await fundedOnResultsPage(page, 'ja-JP', KITA.ja)).sort()).toEqual(expected.kita);
    expect((await fundedOnResultsPage(page, 'ja-JP', MINAMI.ja)).sort()).toEqual(expected.minami);
    expect(await axeViolations(page), 'results ja-JP').toEqual([]);

    const english = await open(`/cycles/${cycleId}/results`, { locale: 'en-US' });
    expect((await fundedOnResultsPage(english, 'en-US', KITA.en)).sort()).toEqual(expected.kita);
    expect(await axeViolations(english), 'results en-US').toEqual([]);
  });

  it('the visitor types the kept receipt code on the bulletin board and sees that ballot', async () => {
    const page = await open(`/cycles/${cycleId}/results`);
    await page.getByRole('link', { name: '投票の公開掲示板' }).click();
    await page.getByRole('heading', { level: 1, name: `公開掲示板：${TITLE.ja}` }).waitFor();
    await page.locator('tbody tr[data-ballot]').first().waitFor();
    expect(await page.locator('tbody tr[data-ballot]').count()).toBe(kitaBallots.length + minamiBallots.length);
    await page.getByRole('textbox', { name: '受付番号' }).fill(keptReceipt);
    await page.getByRole('button', { name: '自分の投票を探す' }).click();
    await page.getByText('あなたの投票は掲示板にあり、下のとおり集計されました。').waitFor();
    const ballot = page.locator('.receipt-result').getByRole('table');
    const rows = await ballot.locator('tbody').getByRole('rowheader').allTextContents();
    expect(rows.map((text) => text.trim()).sort()).toEqual([PROJECT.benches, PROJECT.library].sort());
    expect(await page.locator('tr.mine').count()).toBe(1);
    expect(await axeViolations(page), 'bulletin board ja-JP, with the ballot found').toEqual([]);

    const english = await open(`/cycles/${cycleId}/bulletin`, { locale: 'en-US' });
    await english.locator('tbody tr[data-ballot]').first().waitFor();
    expect(await axeViolations(english), 'bulletin board en-US').toEqual([]);
  });
});
