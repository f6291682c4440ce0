import { sql } from 'drizzle-orm';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Cycle, Proposal, ProposalList } from '@pb/shared';
import { countQueries, queryRows } from '../../server/src/db/database.js';
import { proposals } from '../../server/src/db/schema.js';
import { listProposals } from '../../server/src/modules/proposals/proposals.service.js';
import { updateUser } from '../../server/src/modules/users/users.repository.js';
import { useTestApp } from '../helpers/app.js';
import { createAccount, type TestAccount } from '../helpers/accounts.js';
import { explainPostgresSkip, usingPostgres } from '../helpers/database.js';

explainPostgresSkip('the proposal quota under concurrent submissions');

describe('proposals', () => {
  const current = useTestApp();
  const server = () => current().app.server;
  let staff: TestAccount;
  let resident: TestAccount;
  let unverified: TestAccount;
  let cityWide: string;
  let kita: string;
  let minami: string;
  let cycle: Cycle;

  async function verify(account: TestAccount, districtId: string): Promise<void> {
    await updateUser(current().app.db, account.id, { districtId, verificationMethod: 'code', verifiedAt: new Date() });
  }

  async function newCycle(extra: object = {}): Promise<Cycle> {
    const response = await request(server())
      .post('/api/cycles')
      .set('authorization', staff.bearer)
      .send({
        titleJa: '提案テスト',
        titleEn: 'Proposal test',
        ballot: { method: 'approval' },
        districts: [
          { districtId: cityWide, budget: 50_000_000 },
          { districtId: kita, budget: 10_000_000 },
        ],
        ...extra,
      });
    return response.body as Cycle;
  }

  function proposal(overrides: object = {}) {
    return {
      title: 'Benches along the river',
      summary: 'Ten oak benches on the river path.',
      description: 'Older residents **need** places to rest.\n\n<script>alert(1)</script>',
      category: 'parks',
      districtId: kita,
      estimatedCost: 1_500_000,
      ...overrides,
    };
  }

  async function propose(account: TestAccount, cycleId: string, overrides: object = {}) {
    return request(server())
      .post(`/api/cycles/${cycleId}/proposals`)
      .set('authorization', account.bearer)
      .send(proposal(overrides));
  }

  beforeAll(async () => {
    staff = await createAccount(current().app, ['staff']);
    resident = await createAccount(current().app, ['resident']);
    unverified = await createAccount(current().app, ['resident']);
    const city = await request(server()).get('/api/city');
    const ids = (city.body.districts as { id: string }[]).map((district) => district.id);
    [cityWide = '', kita = '', minami = ''] = ids;
    await verify(resident, kita);
    cycle = await newCycle();
    await request(server())
      .post(`/api/cycles/${cycle.id}/phase`)
      .set('authorization', staff.bearer)
      .send({ to: 'submission' });
  });

  it('a verified resident proposes for their district; the description is rendered to safe HTML', async () => {
    const response = await propose(resident, cycle.id);
    expect(response.status).toBe(201);
    const created = response.body as Proposal;
    expect(created).toMatchObject({
      status: 'submitted',
      ballotEligible: false,
      cost: null,
      editable: true,
      districtId: kita,
    });
    expect(created.descriptionHtml).toContain('<strong>need</strong>');
    expect(created.descriptionHtml).not.toContain('<script>');
    const anonymous = await request(server()).get(`/api/proposals/${created.id}`);
    expect(anonymous.body).toMatchObject({ id: created.id, editable: false });
  });

  it('refuses unverified residents, districts outside the cycle or not their own, and mass assignment', async () => {
    expect((await propose(unverified, cycle.id)).body.error.code).toBe('proposals.verification_required');
    expect((await propose(resident, cycle.id, { districtId: minami })).body.error.code).toBe(
      'proposals.district_not_in_cycle',
    );
    const smuggled = await propose(resident, cycle.id, { ballotEligible: true, status: 'feasible' });
    expect(smuggled.status).toBe(400);
    expect((await propose(resident, cycle.id, { estimatedCost: -5 })).status).toBe(400);
    expect((await propose(staff, cycle.id)).status).toBe(403);
  });

  it('accepts city-wide proposals from any verified resident, up to the quota', async () => {
    const own = await createAccount(current().app, ['resident']);
    await verify(own, kita);
    const quotaCycle = await newCycle({ proposalQuota: 2 });
    await request(server())
      .post(`/api/cycles/${quotaCycle.id}/phase`)
      .set('authorization', staff.bearer)
      .send({ to: 'submission' });
    expect((await propose(own, quotaCycle.id, { districtId: cityWide })).status).toBe(201);
    expect((await propose(own, quotaCycle.id)).status).toBe(201);
    const third = await propose(own, quotaCycle.id);
    expect(third.status).toBe(409);
    expect(third.body.error.code).toBe('proposals.quota_reached');
  });

  it.skipIf(!usingPostgres)('holds the quota when one resident submits many at once', async () => {
    const eager = await createAccount(current().app, ['resident']);
    await verify(eager, kita);
    const quotaCycle = await newCycle({ proposalQuota: 3 });
    await request(server())
      .post(`/api/cycles/${quotaCycle.id}/phase`)
      .set('authorization', staff.bearer)
      .send({ to: 'submission' });
    const results = await Promise.all(Array.from({ length: 8 }, () => propose(eager, quotaCycle.id)));
    expect(results.filter((response) => response.status === 201)).toHaveLength(3);
    expect(results.filter((response) => response.status === 409)).toHaveLength(5);
  });

  it('authors edit their own proposal until review starts; nobody else can', async () => {
    const editCycle = await newCycle();
    await request(server())
      .post(`/api/cycles/${editCycle.id}/phase`)
      .set('authorization', staff.bearer)
      .send({ to: 'submission' });
    const created = (await propose(resident, editCycle.id)).body as Proposal;
    const edited = await request(server())
      .patch(`/api/proposals/${created.id}`)
      .set('authorization', resident.bearer)
      .send({ title: 'Oak benches along the river', estimatedCost: 1_800_000 });
    expect(edited.body).toMatchObject({ title: 'Oak benches along the river', estimatedCost: 1_800_000 });
    const other = await createAccount(current().app, ['resident']);
    const foreign = await request(server())
      .patch(`/api/proposals/${created.id}`)
      .set('authorization', other.bearer)
      .send({ title: 'Mine now' });
    expect(foreign.body.error.code).toBe('proposals.not_author');
    await request(server())
      .post(`/api/cycles/${editCycle.id}/phase`)
      .set('authorization', staff.bearer)
      .send({ to: 'review' });
    const late = await request(server())
      .patch(`/api/proposals/${created.id}`)
      .set('authorization', resident.bearer)
      .send({ title: 'Too late now' });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('proposals.editing_closed');
    expect((await propose(resident, editCycle.id)).body.error.code).toBe('proposals.submission_closed');
  });

  it('hides the proposals of a draft cycle from everyone but staff', async () => {
    const draft = await newCycle();
    expect((await request(server()).get(`/api/cycles/${draft.id}/proposals`)).status).toBe(404);
    expect(
      (await request(server()).get(`/api/cycles/${draft.id}/proposals`).set('authorization', staff.bearer)).status,
    ).toBe(200);
  });

  describe('the list', () => {
    let listCycle: Cycle;

    beforeAll(async () => {
      listCycle = await newCycle();
      await request(server())
        .post(`/api/cycles/${listCycle.id}/phase`)
        .set('authorization', staff.bearer)
        .send({ to: 'submission' });
      const rows = [
        {
          title: '中央公園に桜並木を',
          summary: '公園の遊歩道に桜を植えます。',
          category: 'parks',
          estimatedCost: 3_000_000,
          commentCount: 5,
        },
        {
          title: 'Benches by the river',
          summary: 'Oak benches for older residents.',
          category: 'parks',
          estimatedCost: 900_000,
          commentCount: 1,
        },
        {
          title: '図書館の開館時間延長',
          summary: '平日夜も開館します。',
          category: 'culture',
          estimatedCost: 2_000_000,
          commentCount: 9,
        },
        {
          title: 'Safer crossings',
          summary: 'Raised crossings near schools (100% of them).',
          category: 'safety',
          estimatedCost: 5_000_000,
          commentCount: 0,
        },
      ];
      for (const [index, row] of rows.entries()) {
        await current()
          .app.db.insert(proposals)
          .values({
            ...row,
            cycleId: listCycle.id,
            districtId: index % 2 === 0 ? kita : cityWide,
            description: 'Details follow.',
            createdAt: new Date(Date.UTC(2026, 0, 1 + index)),
          });
      }
    });

    async function list(query: Record<string, string | number>): Promise<ProposalList> {
      const response = await request(server()).get(`/api/cycles/${listCycle.id}/proposals`).query(query);
      expect(response.status).toBe(200);
      return response.body as ProposalList;
    }

    const titles = (page: ProposalList) => page.items.map((item) => item.title);

    it('searches Japanese, including two-character words that make no trigram, and English', async () => {
      expect(titles(await list({ q: '並木' }))).toEqual(['中央公園に桜並木を']);
      expect(titles(await list({ q: '桜並木' }))).toEqual(['中央公園に桜並木を']);
      expect(titles(await list({ q: '夜' }))).toEqual(['図書館の開館時間延長']);
      expect(titles(await list({ q: 'OAK' }))).toEqual(['Benches by the river']);
      expect(titles(await list({ q: '100%' }))).toEqual(['Safer crossings']);
      expect(titles(await list({ q: '%' }))).toEqual(['Safer crossings']);
    });

    it('filters by district, category and status, sorts, and pages', async () => {
      expect(titles(await list({ category: 'parks', sort: 'cost' }))).toEqual([
        'Benches by the river',
        '中央公園に桜並木を',
      ]);
      expect((await list({ district: kita })).total).toBe(2);
      expect((await list({ status: 'feasible' })).total).toBe(0);
      expect(titles(await list({ sort: 'discussed', limit: 2 }))).toEqual([
        '図書館の開館時間延長',
        '中央公園に桜並木を',
      ]);
      const page = await list({ sort: 'newest', limit: 2, offset: 2 });
      expect(page).toMatchObject({ total: 4 });
      expect(titles(page)).toEqual(['Benches by the river', '中央公園に桜並木を']);
      // A page past the end is empty but still tells the total.
      expect(await list({ sort: 'newest', limit: 2, offset: 10 })).toMatchObject({ items: [], total: 4 });
    });

    it('costs the same number of SQL queries whatever the page size', async () => {
      async function queriesFor(limit: number): Promise<number> {
        const { value, queries } = await countQueries(() =>
          listProposals(current().app.db, listCycle.id, { sort: 'newest', limit, offset: 0 }, null),
        );
        expect(value.items).toHaveLength(Math.min(limit, value.total));
        return queries;
      }
      const one = await queriesFor(1);
      const all = await queriesFor(100);
      expect(all).toBe(one);
      // The cycle's visibility, then the page with its total.
      expect(one).toBe(2);
    });

    it('serves queries of three or more characters, Japanese included, from the trigram index', async () => {
      const plan = await current().app.db.transaction(async (tx) => {
        await tx.execute(sql`SET LOCAL enable_seqscan = off`);
        return queryRows<{ 'QUERY PLAN': string }>(
          tx,
          sql`EXPLAIN SELECT id FROM proposals WHERE (title || ' ' || summary || ' ' || description) ILIKE '%桜並木%'`,
        );
      });
      expect(plan.map((row) => row['QUERY PLAN']).join('\n')).toContain('proposals_search_trgm');
    });
  });
});
