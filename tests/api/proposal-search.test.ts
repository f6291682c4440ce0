import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Cycle, ProposalList } from '@pb/shared';
import { proposals } from '../../server/src/db/schema.js';
import { useTestApp } from '../helpers/app.js';
import { createAccount, type TestAccount } from '../helpers/accounts.js';

describe('proposal search across kana, widths and category names', () => {
  const current = useTestApp();
  const server = () => current().app.server;
  let staff: TestAccount;
  let cycle: Cycle;

  beforeAll(async () => {
    staff = await createAccount(current().app, ['staff']);
    const city = await request(server()).get('/api/city');
    const [cityWide = '', kita = ''] = (city.body.districts as { id: string }[]).map((district) => district.id);
    const created = await request(server())
      .post('/api/cycles')
      .set('authorization', staff.bearer)
      .send({
        titleJa: '検索テスト',
        titleEn: 'Search test',
        ballot: { method: 'approval' },
        districts: [
          { districtId: cityWide, budget: 50_000_000 },
          { districtId: kita, budget: 10_000_000 },
        ],
      });
    expect(created.status).toBe(201);
    cycle = created.body as Cycle;
    const moved = await request(server())
      .post(`/api/cycles/${cycle.id}/phase`)
      .set('authorization', staff.bearer)
      .send({ to: 'submission' });
    expect(moved.status).toBe(200);
    const rows = [
      { title: 'コウエンの花壇', summary: '駅前に花を植えます。', category: 'environment' },
      { title: 'Benches by the river', summary: 'Oak benches.', category: 'parks' },
      { title: 'ＷＩＦＩを図書館に', summary: '全館で使えるように。', category: 'culture' },
      { title: '夜間の防犯灯', summary: 'さくら通りを明るく。', category: 'safety' },
    ];
    for (const [index, row] of rows.entries()) {
      await current()
        .app.db.insert(proposals)
        .values({
          ...row,
          cycleId: cycle.id,
          districtId: kita,
          description: 'Details follow.',
          estimatedCost: 1_000_000,
          createdAt: new Date(Date.UTC(2026, 0, 1 + index)),
        });
    }
  });

  async function titles(q: string): Promise<string[]> {
    const response = await request(server()).get(`/api/cycles/${cycle.id}/proposals`).query({ q, sort: 'newest' });
    expect(response.status).toBe(200);
    return (response.body as ProposalList).items.map((item) => item.title).sort();
  }

  it('a hiragana search finds a katakana title, and a katakana search a hiragana summary', async () => {
    expect(await titles('こうえん')).toEqual(['コウエンの花壇']);
    expect(await titles('ｺｳｴﾝ')).toEqual(['コウエンの花壇']);
    expect(await titles('サクラ')).toEqual(['夜間の防犯灯']);
  });

  it('full-width and half-width letters find each other, whatever their case', async () => {
    expect(await titles('wifi')).toEqual(['ＷＩＦＩを図書館に']);
    expect(await titles('ＯＡＫ')).toEqual(['Benches by the river']);
  });

  it('a category name in Japanese or English finds the proposals of that category', async () => {
    expect(await titles('公園')).toEqual(['Benches by the river']);
    expect(await titles('parks')).toEqual(['Benches by the river']);
    expect(await titles('防災')).toEqual(['夜間の防犯灯']);
    expect(await titles('culture')).toEqual(['ＷＩＦＩを図書館に']);
  });

  it('a word found nowhere finds nothing', async () => {
    expect(await titles('すいえい')).toEqual([]);
  });
});
