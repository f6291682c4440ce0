import { VOTING_CODE_BATCH_MAX, VOTING_CODE_BITS, type CreatedVotingCodes } from '@pb/shared';
import { sql } from 'drizzle-orm';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../server/src/app.js';
import { queryRows } from '../../server/src/db/database.js';
import { hashResidentNumber, normalizeResidentNumber } from '../../server/src/modules/verification/census-csv.js';
import { insertCensusEntries } from '../../server/src/modules/verification/verification.repository.js';
import { createAccount, type TestAccount } from '../helpers/accounts.js';
import { TEST_SECRETS, useTestApp } from '../helpers/app.js';
import { districtIds } from '../helpers/voting.js';
import { codeOf, issueLetters, requestLetters, uploadCensusLines } from '../helpers/voting-codes.js';

const GROUPED_CODE = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/;

/** 200 residents of kita: K-001 … K-200. */
const KITA = Array.from({ length: 200 }, (_, index) => `K-${String(index + 1).padStart(3, '0')}`);

function residentHash(number: string): string {
  return hashResidentNumber(TEST_SECRETS.CENSUS_HMAC_KEY, normalizeResidentNumber(number) ?? number);
}

async function redeem(app: App, code: string) {
  const resident = await createAccount(app, ['resident']);
  const response = await request(app.server)
    .post('/api/me/verification/code')
    .set('authorization', resident.bearer)
    .send({ code });
  return { resident, response };
}

/** Bits of entropy in a grouped code: 5 per Crockford character. */
function codeBits(code: string): number {
  return code.replaceAll('-', '').length * 5;
}

describe('voting codes issued for census entries', () => {
  const currentApp = useTestApp({ config: { seedDemo: true } });
  const app = () => currentApp().app;
  let staff: TestAccount;
  let district: Record<string, string>;
  let created: CreatedVotingCodes;
  let codes: string[];

  beforeAll(async () => {
    staff = await createAccount(app(), ['staff']);
    district = await districtIds(app());
    await uploadCensusLines(app(), staff, [
      ...KITA.map((number) => `${number},kita,1970`),
      'M-1,minami,1980',
      'M-2,minami,1981',
    ]);
  });

  it('are issued by staff only', async () => {
    const resident = await createAccount(app(), ['resident']);
    expect((await requestLetters(app(), resident, ['K-001'])).status).toBe(403);
    const anonymous = await request(app().server)
      .post('/api/voting-codes')
      .send({ residentNumbers: ['K-001'] });
    expect(anonymous.status).toBe(401);
  });

  it('give each resident number one code, in the order sent, with the district of its census entry, grouped in Crockford base32 with at least 80 bits, all distinct', async () => {
    // As typed by staff: a full-width, lower-case number finds the census entry M-2.
    const sent = ['M-1', ...KITA.slice(0, 100), 'ｍ－２', ...KITA.slice(100)];
    const response = await requestLetters(app(), staff, sent);
    expect(response.status, response.text).toBe(201);
    created = response.body as CreatedVotingCodes;
    expect(created.codes.map((row) => row.residentNumber)).toEqual(sent);
    expect(created.codes.map((row) => row.districtId)).toEqual(
      sent.map((number) => (number.startsWith('K') ? district.kita : district.minami)),
    );
    expect(created.codes.every((row) => !row.replacesUnused)).toBe(true);
    codes = created.codes.filter((row) => row.districtId === district.kita).map((row) => row.code);
    expect(codes).toHaveLength(200);
    for (const code of codes) expect(code).toMatch(GROUPED_CODE);
    expect(codeBits(codes[0] ?? '')).toBeGreaterThanOrEqual(VOTING_CODE_BITS);
    expect(new Set(created.codes.map((row) => row.code)).size).toBe(202);
    expect(created.batches.map((batch) => [batch.districtId, batch.issued, batch.redeemed, batch.revoked])).toEqual([
      [district.minami, 2, 0, 0],
      [district.kita, 200, 0, 0],
    ]);
  });

  it('are stored only as hashes, each with the resident hash of its census entry', async () => {
    const rows = await queryRows<{ code_hash: string; census_hash: string | null; batch_id: string }>(
      app().db,
      sql`SELECT * FROM voting_codes`,
    );
    expect(rows).toHaveLength(202);
    const stored = JSON.stringify(rows);
    for (const { code, residentNumber } of created.codes) {
      expect(stored).not.toContain(code);
      expect(stored).not.toContain(code.replaceAll('-', ''));
      expect(stored).not.toContain(residentNumber);
    }
    for (const row of rows) expect(row.code_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows.map((row) => row.census_hash).sort()).toEqual(
      ['M-1', 'M-2', ...KITA].map((number) => residentHash(number)).sort(),
    );
  });

  it('verify the resident who redeems one for their district and bind the account to their census entry', async () => {
    const { resident, response } = await redeem(app(), codes[0] ?? '');
    expect(response.status, response.text).toBe(200);
    expect(response.body).toMatchObject({
      districtId: district.kita,
      verification: { verified: true, method: 'code' },
    });
    const me = await request(app().server).get('/api/me').set('authorization', resident.bearer);
    expect(me.body).toMatchObject({ districtId: district.kita, verification: { verified: true, method: 'code' } });
    const bound = await queryRows<{ census_hash: string | null }>(
      app().db,
      sql`SELECT census_hash FROM users WHERE id = ${resident.id}`,
    );
    expect(bound).toEqual([{ census_hash: residentHash('K-001') }]);
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

  it('are listed per batch with issued, redeemed and revoked counts, never the codes', async () => {
    const response = await request(app().server).get('/api/voting-codes').set('authorization', staff.bearer);
    expect(response.status).toBe(200);
    const kitaBatch = created.batches.find((batch) => batch.districtId === district.kita);
    expect(response.body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: kitaBatch?.id, issued: 200, redeemed: 8, revoked: 0 })]),
    );
    expect(response.body.items).toHaveLength(2);
    expect(JSON.stringify(response.body)).not.toContain(codes[1]);
  });

  it('are asked for at most 5000 and at least one resident number at a time, each at most 64 characters', async () => {
    const tooMany = Array.from({ length: VOTING_CODE_BATCH_MAX + 1 }, (_, index) => `X${String(index)}`);
    for (const residentNumbers of [tooMany, [], ['K'.repeat(65)], ['']]) {
      const response = await requestLetters(app(), staff, residentNumbers);
      expect(response.status, `${String(residentNumbers.length)} numbers`).toBe(400);
    }
    const old = await request(app().server).post('/api/voting-codes').set('authorization', staff.bearer).send({
      districtId: district.kita,
      count: 3,
    });
    expect(old.status, 'codes without a resident are no longer issued').toBe(400);
    const batches = await request(app().server).get('/api/voting-codes').set('authorization', staff.bearer);
    expect(batches.body.items).toHaveLength(2);
  });
});

describe('5000 voting codes in one request', () => {
  const currentApp = useTestApp({ config: { seedDemo: true } });

  it('are issued, one per census entry of the longest number, in one batch per district', async () => {
    const app = currentApp().app;
    const staff = await createAccount(app, ['staff']);
    const { minami = '' } = await districtIds(app);
    // 64 characters each: the request is far larger than the default body limit.
    const numbers = Array.from({ length: VOTING_CODE_BATCH_MAX }, (_, index) => `BULK${String(index)}`.padEnd(64, 'X'));
    await insertCensusEntries(
      app.db,
      numbers.map((number) => ({ residentHash: residentHash(number), districtId: minami, birthYear: 1990 })),
    );
    const response = await requestLetters(app, staff, numbers);
    expect(response.status, response.text).toBe(201);
    const body = response.body as CreatedVotingCodes;
    expect(new Set(body.codes.map((row) => row.code)).size).toBe(VOTING_CODE_BATCH_MAX);
    expect(body.batches).toEqual([expect.objectContaining({ districtId: minami, issued: VOTING_CODE_BATCH_MAX })]);
  });
});

describe('twenty accounts redeeming one code at the same time', () => {
  const currentApp = useTestApp({ config: { seedDemo: true } });

  it('verifies exactly one of them', async () => {
    const app = currentApp().app;
    const staff = await createAccount(app, ['staff']);
    await uploadCensusLines(app, staff, ['RACE-1,higashi,1975']);
    const code = codeOf(await issueLetters(app, staff, ['RACE-1']), 'RACE-1');
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
    expect(batches.body.items[0]).toMatchObject({ issued: 1, redeemed: 1, revoked: 0 });
  });
});
