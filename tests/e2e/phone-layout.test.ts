import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CycleList } from '@pb/shared';
import { and, eq, isNotNull } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { REPO_ROOT } from '../../server/src/config.js';
import { proposals } from '../../server/src/db/schema.js';
import { listDistricts } from '../../server/src/modules/city/city.repository.js';
import { seedDemoImportedCycle } from '../../server/src/modules/demo/demo.import-seed.js';
import { seedDemoCycle } from '../../server/src/modules/demo/demo.seed.js';
import { seedDemoVotingCycle } from '../../server/src/modules/demo/demo.voting-seed.js';
import { verifyResident } from './cycle-helpers.js';
import {
  PHONE,
  api,
  axeViolations,
  createAccount,
  describeInBrowser,
  horizontalOverflow,
  useBrowserPages,
  type E2eAccount,
} from './helpers.js';

/** The header at 360 px may take at most this much of a 740 px screen (a sixth of it). */
const HEADER_LIMIT = 120;
/** Chart text must stay readable on a phone. */
const CHART_TEXT_MIN = 12;

type Who = 'anonymous' | 'resident' | 'staff' | 'admin' | 'auditor' | 'moderator';

interface Demo {
  submissionCycle: string;
  votingCycle: string;
  pastCycle: string;
  proposal: string;
  district: string;
}

/** Every route of web/src/router.ts: the address to open with the demo data, who opens it, and whether it shows charts. */
const ROUTES: Record<string, { path: (demo: Demo) => string; as: Who; charts?: boolean }> = {
  '/': { path: () => '/', as: 'anonymous' },
  '/proposals': { path: () => '/proposals', as: 'anonymous' },
  '/proposals/:proposalId': { path: (d) => `/proposals/${d.proposal}`, as: 'resident' },
  '/proposals/:proposalId/edit': { path: (d) => `/proposals/${d.proposal}/edit`, as: 'resident' },
  '/cycles': { path: () => '/cycles', as: 'anonymous' },
  '/cycles/:cycleId': { path: (d) => `/cycles/${d.submissionCycle}`, as: 'anonymous' },
  '/cycles/:cycleId/propose': { path: (d) => `/cycles/${d.submissionCycle}/propose`, as: 'resident' },
  '/cycles/:cycleId/vote': { path: (d) => `/cycles/${d.votingCycle}/vote`, as: 'resident' },
  '/cycles/:cycleId/vote/:districtId': { path: (d) => `/cycles/${d.votingCycle}/vote/${d.district}`, as: 'resident' },
  '/cycles/:cycleId/vote/:districtId/replace': {
    path: (d) => `/cycles/${d.votingCycle}/vote/${d.district}/replace`,
    as: 'resident',
  },
  '/cycles/:cycleId/receipt': { path: (d) => `/cycles/${d.votingCycle}/receipt`, as: 'resident' },
  '/cycles/:cycleId/check-receipt': { path: (d) => `/cycles/${d.votingCycle}/check-receipt`, as: 'anonymous' },
  '/cycles/:cycleId/results': { path: (d) => `/cycles/${d.pastCycle}/results`, as: 'anonymous', charts: true },
  '/cycles/:cycleId/exports': { path: (d) => `/cycles/${d.pastCycle}/exports`, as: 'auditor' },
  '/cycles/:cycleId/bulletin': { path: (d) => `/cycles/${d.pastCycle}/bulletin`, as: 'anonymous' },
  '/cycles/:cycleId/statistics': { path: (d) => `/cycles/${d.votingCycle}/statistics`, as: 'staff', charts: true },
  '/cycles/:cycleId/progress': { path: (d) => `/cycles/${d.pastCycle}/progress`, as: 'anonymous' },
  '/results': { path: () => '/results', as: 'anonymous' },
  '/sign-in': { path: () => '/sign-in', as: 'anonymous' },
  '/sign-up': { path: () => '/sign-up', as: 'anonymous' },
  '/forgot-password': { path: () => '/forgot-password', as: 'anonymous' },
  '/reset-password': { path: () => '/reset-password', as: 'anonymous' },
  '/change-password': { path: () => '/change-password', as: 'resident' },
  '/profile': { path: () => '/profile', as: 'resident' },
  '/admin/users': { path: () => '/admin/users', as: 'admin' },
  '/audit-log': { path: () => '/audit-log', as: 'auditor' },
  '/staff': { path: () => '/staff', as: 'staff' },
  '/staff/city': { path: () => '/staff/city', as: 'staff' },
  '/staff/census': { path: () => '/staff/census', as: 'staff' },
  '/staff/voting-codes': { path: () => '/staff/voting-codes', as: 'staff' },
  '/staff/counter': { path: () => '/staff/counter', as: 'staff' },
  '/staff/outbox': { path: () => '/staff/outbox', as: 'staff' },
  '/staff/cycles': { path: () => '/staff/cycles', as: 'staff' },
  '/staff/cycles/new': { path: () => '/staff/cycles/new', as: 'staff' },
  '/staff/cycles/import': { path: () => '/staff/cycles/import', as: 'staff' },
  '/staff/cycles/:cycleId': { path: (d) => `/staff/cycles/${d.votingCycle}`, as: 'staff' },
  '/staff/cycles/:cycleId/edit': { path: (d) => `/staff/cycles/${d.submissionCycle}/edit`, as: 'staff' },
  '/staff/cycles/:cycleId/review': { path: (d) => `/staff/cycles/${d.submissionCycle}/review`, as: 'staff' },
  '/staff/cycles/:cycleId/assisted': { path: (d) => `/staff/cycles/${d.votingCycle}/assisted`, as: 'staff' },
  '/staff/cycles/:cycleId/paper': { path: (d) => `/staff/cycles/${d.votingCycle}/paper`, as: 'staff' },
  '/staff/cycles/:cycleId/print': { path: (d) => `/staff/cycles/${d.votingCycle}/print`, as: 'staff' },
  '/staff/cycles/:cycleId/progress': { path: (d) => `/staff/cycles/${d.pastCycle}/progress`, as: 'staff' },
  '/moderation': { path: () => '/moderation', as: 'moderator' },
  '/notifications': { path: () => '/notifications', as: 'resident' },
  '*notFound': { path: () => '/no/such/page', as: 'anonymous' },
};

/** The route patterns web/src/router.ts declares, read from its source. */
function declaredRoutes(): string[] {
  const source = readFileSync(join(REPO_ROOT, 'web', 'src', 'router.ts'), 'utf8');
  return Array.from(source.matchAll(/^\s+'([^']+)':/gm), (match) => match[1] ?? '');
}

/** The smallest text of the page's charts as drawn on screen (an SVG's own scale included), or undefined without charts. */
function smallestChartText(page: Page): Promise<number | undefined> {
  return page.evaluate(() => {
    const sizes = Array.from(document.querySelectorAll('figure [role="img"] *, figure svg text'))
      .filter((element) =>
        Array.from(element.childNodes).some((node) => node.nodeType === 3 && (node.textContent ?? '').trim() !== ''),
      )
      .filter((element) => element.getClientRects().length > 0)
      .map((element) => {
        const size = parseFloat(getComputedStyle(element).fontSize);
        const scale = element instanceof SVGGraphicsElement ? (element.getScreenCTM()?.a ?? 1) : 1;
        return size * scale;
      });
    return sizes.length === 0 ? undefined : Math.min(...sizes);
  });
}

describeInBrowser('every page on a 360 px phone', () => {
  const pages = useBrowserPages();
  const accounts = {} as Record<Exclude<Who, 'anonymous'>, E2eAccount>;
  const demo = {} as Demo;

  beforeAll(async () => {
    const session = pages.session();
    for (const role of ['staff', 'admin', 'auditor', 'moderator', 'resident'] as const) {
      accounts[role] = await createAccount(session, [role], { label: role });
    }
    const db = session.testApp.app.db;
    const districts = await listDistricts(db);
    const local = districts.find((district) => !district.cityWide);
    if (local === undefined) throw new Error('no local district seeded');
    await verifyResident(session, accounts.resident, local.slug);
    // The demo a person sees with `npm start`: tables and charts with rows in them.
    const supporterIds = Object.values(accounts).map((account) => account.id);
    await seedDemoCycle(db, { staffId: accounts.staff.id, residentId: accounts.resident.id, supporterIds }, districts);
    await seedDemoVotingCycle(db, { staffId: accounts.staff.id, confirmerId: accounts.admin.id }, districts);
    await seedDemoImportedCycle(db, accounts.staff.id);
    const cycles = (await api(session.baseUrl, 'GET', '/api/cycles', { token: accounts.staff.token }))
      .body as CycleList;
    const idOf = (phrase: string): string => {
      const found = cycles.items.find((cycle) => cycle.titleEn.includes(phrase));
      if (found === undefined) throw new Error(`no demo cycle "${phrase}"`);
      return found.id;
    };
    demo.submissionCycle = idOf('2027');
    demo.votingCycle = idOf('(voting)');
    demo.pastCycle = idOf('imported');
    demo.district = local.id;
    const [own] = await db
      .select({ id: proposals.id })
      .from(proposals)
      .where(and(eq(proposals.cycleId, demo.submissionCycle), isNotNull(proposals.authorId)));
    if (own === undefined) throw new Error('no demo proposal');
    demo.proposal = own.id;
  });

  it('covers every route the web app declares', () => {
    expect(Object.keys(ROUTES).sort()).toEqual(declaredRoutes().sort());
  });

  const cases = Object.entries(ROUTES).flatMap(([pattern, route]) =>
    (['ja-JP', 'en-US'] as const).map((locale) => [pattern, locale, route] as const),
  );

  it.each(cases)(
    '%s in %s fits the phone: no sideways scrolling, a compact header, readable charts, no axe-core violations',
    async (_pattern, locale, route) => {
      const path = route.path(demo);
      const page = await pages.open(path, {
        as: route.as === 'anonymous' ? undefined : accounts[route.as],
        locale,
        viewport: PHONE,
      });
      const where = `${path} ${locale}`;
      expect(await horizontalOverflow(page), where).toBe(0);
      const header = await page.locator('header.site-header').boundingBox();
      expect(header?.height ?? Infinity, where).toBeLessThanOrEqual(HEADER_LIMIT);
      if (route.charts === true) {
        await page.locator('figure [role="img"]').first().waitFor();
        expect(await smallestChartText(page), where).toBeGreaterThanOrEqual(CHART_TEXT_MIN);
      }
      expect(await axeViolations(page), where).toEqual([]);
    },
  );
});
