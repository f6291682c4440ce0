import { VOTING_CODE_BITS } from '@pb/shared';
import { sql } from 'drizzle-orm';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../server/src/app.js';
import { queryRows } from '../../server/src/db/database.js';
import { createAccount, type TestAccount } from '../helpers/accounts.js';
import { useTestApp } from '../helpers/app.js';

const GROUPED_CODE = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/;

async function issueCodes(app: App, staff: TestAccount, districtId: string | undefined, count: number) {
  return request(app.server).post('/api/voting-codes').set('authorization', staff.bearer).send({ districtId, count });
}

async function redeem(app: App, code: string) {
  const resident = await createAccount(app, ['resident']);
  const response = await request(app.server)
    .post('/api/me/verification/code')
    .set('authorization', resident.bearer)
    .send({ code });
  return { resident, response };
}

async function districtIds(app: App): Promise<Record<string, string>> {
  const city = await request(app.server).get('/api/city');
  return Object.fromEntries((city.body.districts as { slug: string; id: string }[]).map((d) => [d.slug, d.id]));
}

describe('one-time voting codes', () => {
  const currentApp = useTestApp({ config: { seedDemo: true } });
  const app = () => currentApp().app;
  let staff: TestAccount;
  let district: Record<string, string>;
  let codes: string[];
  let batchId: string;

  beforeAll(async () => {
    staff = await createAccount(app(), ['staff']);
    district = await districtIds(app());
  });

  it('are issued by staff only', async () => {
    const resident = await createAccount(app(), ['resident']);
    expect((await issueCodes(app(), resident, district.kita, 1)).status).toBe(403);
    const anonymous = await request(app().server)
      .post('/api/voting-codes')
      .send({ districtId: district.kita, count: 1 });
    expect(anonymous.status).toBe(401);
  });

  it('are returned once, grouped in Crockford base32 with at least 80 bits each, all distinct', async () => {
    const response = await issueCodes(app(), staff, district.kita, 200);
    expect(response.status).toBe(201);
    expect(response.body.batch).toMatchObject({ districtId: district.kita, issued: 200, redeemed: 0 });
    codes = response.body.codes as string[];
    batchId = response.body.batch.id as string;
    expect(codes).toHaveLength(200);
    for (const code of codes) expect(code).toMatch(GROUPED_CODE);
    expect(codeBits(codes[0] ?? '')).toBeGreaterThanOrEqual(VOTING_CODE_BITS);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('are stored only as hashes', async () => {
    const rows = await queryRows<Record<string, unknown>>(
      app().db,
      sql`SELECT * FROM voting_codes WHERE batch_id = ${batchId}`,
    );
    expect(rows).toHaveLength(200);
    const stored = JSON.stringify(rows);
    for (const code of codes) {
      expect(stored).not.toContain(code);
      expect(stored).not.toContain(code.replaceAll('-', ''));
    }
    for (const row of rows) expect(row.code_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("verify the resident who redeems one for the batch's district", async () => {
    const { resident, response } = await redeem(app(), codes[0] ?? '');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      districtId: district.kita,
      verification: { verified: true, method: 'code' },
    });
    const me = await request(app().server).get('/api/me').set('authorization', resident.bearer);
    expect(me.body).toMatchObject({ districtId: district.kita, verification: { verified: true, method: 'code' } });
  });

  it('refuse a used code to a second account', async () => {
    const { resident, response } = await redeem(app(), codes[0] ?? '');
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe('verification.code_invalid');
    const me = await request(app().server).get('/api/me').set('authorization', resident.bearer);
    expect(me.body.verification.verified).toBe(false);
  });

  it('are accepted as typed: lower case, without hyphens, with spaces, with O for 0 and I or L for 1', async () => {
    const unused = codes.slice(1);
    const withZero = unused.find((code) => code.includes('0'));
    const withOne = unused.filter((code) => code.includes('1') && code !== withZero).slice(0, 2);
    if (withZero === undefined || withOne.length < 2) throw new Error('199 random codes with too few 0s or 1s');
    const others = unused.filter((code) => code !== withZero && !withOne.includes(code));
    const typed = [
      others[0]?.toLowerCase(),
      others[1]?.replaceAll('-', ''),
      others[2]?.replaceAll('-', ' '),
      ` ${others[3]?.replaceAll('-', '  ').toLowerCase() ?? ''} `,
      withZero.replaceAll('0', 'O'),
      withOne[0]?.replaceAll('1', 'l'),
      withOne[1]?.replaceAll('1', 'I'),
    ];
    for (const code of typed) {
      const { response } = await redeem(app(), code ?? '');
      expect(response.status, `typed as "${String(code)}"`).toBe(200);
      expect(response.body.districtId).toBe(district.kita);
    }
  });

  it('refuse what cannot be a code', async () => {
    const { response } = await redeem(app(), 'UUUU-UUUU-UUUU-UUUU');
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe('verification.code_invalid');
  });

  it('are listed per batch with issued and redeemed counts, never the codes', async () => {
    const response = await request(app().server).get('/api/voting-codes').set('authorization', staff.bearer);
    expect(response.status).toBe(200);
    expect(response.body.items).toEqual([expect.objectContaining({ id: batchId, issued: 200, redeemed: 8 })]);
    expect(JSON.stringify(response.body)).not.toContain(codes[1]);
  });

  it('are refused for a retired district', async () => {
    const retire = await request(app().server)
      .patch(`/api/city/districts/${district.nishi ?? ''}`)
      .set('authorization', staff.bearer)
      .send({ retired: true });
    expect(retire.status).toBe(200);
    const response = await issueCodes(app(), staff, district.nishi, 5);
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('verification.district_retired');
  });

  it('are refused for an unknown district', async () => {
    const response = await issueCodes(app(), staff, '00000000-0000-4000-8000-000000000000', 5);
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('verification.district_not_found');
  });

  it('are issued at most 5000 at a time and at least one', async () => {
    for (const count of [5001, 0, -1]) {
      const response = await issueCodes(app(), staff, district.minami, count);
      expect(response.status, `count ${String(count)}`).toBe(400);
    }
    const batches = await request(app().server).get('/api/voting-codes').set('authorization', staff.bearer);
    expect(batches.body.items).toHaveLength(1);
  });

  it('are issued up to 5000 in one batch', async () => {
    const response = await issueCodes(app(), staff, district.minami, 5000);
    expect(response.status).toBe(201);
    expect(new Set(response.body.codes as string[]).size).toBe(5000);
  });
});

/** Bits of entropy in a grouped code: 5 per Crockford character. */
function codeBits(code: string): number {
  return code.replaceAll('-', '').length * 5;
}

describe('twenty accounts redeeming one code at the same time', () => {
  const currentApp = useTestApp({ config: { seedDemo: true } });

  it('verifies exactly one of them', async () => {
    const app = currentApp().app;
    const staff = await createAccount(app, ['staff']);
    const district = await districtIds(app);
    const issued = await issueCodes(app, staff, district.higashi, 1);
    const code = (issued.body.codes as string[])[0] ?? '';
    const accounts = await Promise.all(Array.from({ length: 20 }, () => createAccount(app, ['resident'])));
    const responses = await Promise.all(
      accounts.map((account) =>
        request(app.server).post('/api/me/verification/code').set('authorization', account.bearer).send({ code }),
      ),
    );
    expect(responses.map((response) => response.status).sort()).toEqual([200, ...Array<number>(19).fill(422)]);
    const winner = accounts[responses.findIndex((response) => response.status === 200)];
    const redeemedBy = await queryRows<{ redeemed_by: string }>(app.db, sql`SELECT redeemed_by FROM voting_codes`);
    expect(redeemedBy).toEqual([{ redeemed_by: winner?.id }]);
    const verified = await queryRows<{ id: string }>(app.db, sql`SELECT id FROM users WHERE verified_at IS NOT NULL`);
    expect(verified).toEqual([{ id: winner?.id }]);
    const batches = await request(app.server).get('/api/voting-codes').set('authorization', staff.bearer);
    expect(batches.body.items[0]).toMatchObject({ issued: 1, redeemed: 1 });
  });
});
