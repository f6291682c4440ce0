import type { CycleResults } from '@pb/shared';
import { beforeAll, expect, it } from 'vitest';
import { api, axeViolations, createAccount, describeInBrowser, useBrowserPages, type E2eAccount } from './helpers.js';

/**
 * Importing a past election in the browser: staff find the page from the cycles list, upload a
 * small pabulib file, are told what was imported and follow the link to its results, which say
 * where they came from. A malformed file is refused with the line at fault. Every page passes
 * axe-core in Japanese and English.
 */
describeInBrowser('importing a pabulib file in Chromium', () => {
  const pages = useBrowserPages();
  const open = pages.open;
  let staff: E2eAccount;

  const FILE = [
    'META',
    'key;value',
    'description;Riverside ward vote 2024',
    'budget;1000000',
    'vote_type;approval',
    'rule;equalshares/add1',
    'date_end;30.06.2024',
    'PROJECTS',
    'project_id;cost;name;category',
    'p1;600000;Skate park;sport',
    'p2;400000;Night library;culture',
    'p3;500000;Street trees;urban greenery',
    'VOTES',
    'voter_id;vote',
    ...Array.from({ length: 12 }, (_, index) => `v${String(index)};${['p1,p2', 'p1,p2', 'p3'][index % 3] ?? ''}`),
  ].join('\n');

  beforeAll(async () => {
    staff = await createAccount(pages.session(), ['staff'], { label: 'staff' });
  });

  function upload(name: string, text: string) {
    return { name, mimeType: 'application/octet-stream', buffer: Buffer.from(text) };
  }

  it('staff import a file from the cycles list and see its results, marked as imported', async () => {
    const list = await open('/staff/cycles', { as: staff, locale: 'en-US' });
    await list.getByRole('link', { name: 'Import a past election (.pb)' }).click();
    await list.getByRole('heading', { level: 1, name: 'Import a past election' }).waitFor();
    await list.getByLabel('Pabulib file (.pb)').setInputFiles(upload('riverside-2024.pb', FILE));
    await list.getByLabel('Title in English (optional)').fill('Riverside 2024');
    await list.getByRole('button', { name: 'Import' }).click();
    await list.getByRole('heading', { level: 2, name: 'Imported' }).waitFor();
    const cycleId = (await list.locator('[data-imported-cycle]').getAttribute('data-imported-cycle')) ?? '';
    const results = (await api(pages.session().baseUrl, 'GET', `/api/cycles/${cycleId}/results`)).body as CycleResults;
    const funded = (results.districts[0]?.projects ?? []).filter((project) => project.selected).map((p) => p.title);
    expect(funded.length).toBeGreaterThan(0);
    await list.getByText(/“Riverside 2024” was imported with 3 projects and 12 ballots/).waitFor();

    await list.getByRole('link', { name: 'View the results' }).click();
    await list.getByRole('heading', { level: 1, name: 'Results: Riverside 2024' }).waitFor();
    await list.getByText('Imported from riverside-2024.pb.').waitFor();
    const shown = list.getByRole('region', { name: /projects? funded$/ }).locator('h4');
    await expect.poll(async () => (await shown.allTextContents()).map((text) => text.trim())).toEqual(funded);

    for (const locale of ['ja-JP', 'en-US'] as const) {
      const page = await open(`/cycles/${cycleId}/results`, { locale });
      await page.locator('[data-imported-file="riverside-2024.pb"]').waitFor();
      expect(await axeViolations(page), `results ${locale}`).toEqual([]);
    }
  });

  it('a malformed file is refused with the line at fault, and the page passes axe-core in both languages', async () => {
    for (const locale of ['ja-JP', 'en-US'] as const) {
      const page = await open('/staff/cycles/import', { as: staff, locale });
      expect(await axeViolations(page), `empty form ${locale}`).toEqual([]);
      await page.locator('#import-file').setInputFiles(upload('broken.pb', FILE.replace('v4;p1,p2', 'v4;p1,p9')));
      await page.locator('form button[type="submit"]').click();
      await page.locator('#import-file-error').waitFor();
      await page.getByText(/Line 19: the vote names project "p9"/).waitFor();
      expect(await page.locator('#import-file').getAttribute('aria-invalid')).toBe('true');
      expect(await axeViolations(page), `refused ${locale}`).toEqual([]);
    }
  });
});
