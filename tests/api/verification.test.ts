import { Readable } from 'node:stream';
import type { CreatedVotingCodes } from '@pb/shared';
import { sql } from 'drizzle-orm';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../server/src/app.js';
import { queryRows } from '../../server/src/db/database.js';
import { hashResidentNumber } from '../../server/src/modules/verification/census-csv.js';
import { uploadCensus } from '../../server/src/modules/verification/verification.service.js';
import { createAccount, type TestAccount } from '../helpers/accounts.js';
import { TEST_SECRETS, useTestApp } from '../helpers/app.js';

/**
 * Loads a census list through the service (the upload route itself is tested in census.test.ts);
 * returns the district ids by slug.
 */
async function loadCensus(app: App, lines: string[]): Promise<Record<string, string>> {
  const staff = await createAccount(app, ['staff']);
  const body = Readable.from([Buffer.from(['resident_number,district,birth_year', ...lines].join('\n'))]);
  const report = await uploadCensus(app.db, {
    hmacKey: TEST_SECRETS.CENSUS_HMAC_KEY,
    actorId: staff.id,
    dryRun: false,
    body,
  });
  if (!report.applied) throw new Error(`census not applied: ${JSON.stringify(report.errors)}`);
  const city = await request(app.server).get('/api/city');
  return Object.fromEntries((city.body.districts as { slug: string; id: string }[]).map((d) => [d.slug, d.id]));
}

function verifyCensus(app: App, account: TestAccount, residentNumber: string, birthYear: number) {
  return request(app.server)
    .post('/api/me/verification/census')
    .set('authorization', account.bearer)
    .send({ residentNumber, birthYear });
}

async function usersWithCensusHash(app: App, residentNumber: string): Promise<string[]> {
  const hash = hashResidentNumber(TEST_SECRETS.CENSUS_HMAC_KEY, residentNumber);
  const rows = await queryRows<{ id: string }>(app.db, sql`SELECT id FROM users WHERE census_hash = ${hash}`);
  return rows.map((row) => row.id);
}

describe('verifying residency against the census', () => {
  const currentApp = useTestApp({ config: { seedDemo: true } });
  let district: Record<string, string>;
  const app = () => currentApp().app;

  beforeAll(async () => {
    district = await loadCensus(app(), [
      'K-100,kita,1980',
      'M-200,minami,1990',
      'N-300,nishi,1970',
      'H-400,higashi,1960',
    ]);
  });

  it('is refused to anonymous callers', async () => {
    const response = await request(app().server)
      .post('/api/me/verification/census')
      .send({ residentNumber: 'K-100', birthYear: 1980 });
    expect(response.status).toBe(401);
  });

  it('verifies a matching resident with method census and the census district', async () => {
    const resident = await createAccount(app(), ['resident']);
    const response = await verifyCensus(app(), resident, 'K-100', 1980);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      id: resident.id,
      districtId: district.kita,
      verification: { verified: true, method: 'census' },
    });
    const me = await request(app().server).get('/api/me').set('authorization', resident.bearer);
    expect(me.body.districtId).toBe(district.kita);
    expect(me.body.verification).toMatchObject({ verified: true, method: 'census' });
    expect(Date.parse(me.body.verification.verifiedAt as string)).not.toBeNaN();
    expect(await usersWithCensusHash(app(), 'K100')).toEqual([resident.id]);
  });

  it('answers a wrong birth year exactly as an unknown resident number', async () => {
    const resident = await createAccount(app(), ['resident']);
    const wrongYear = await verifyCensus(app(), resident, 'M-200', 1991);
    const unknown = await verifyCensus(app(), resident, 'Z-999', 1990);
    expect(wrongYear.status).toBe(422);
    expect(wrongYear.body.error.code).toBe('verification.census_no_match');
    expect(unknown.status).toBe(wrongYear.status);
    expect(unknown.body).toEqual(wrongYear.body);
    const me = await request(app().server).get('/api/me').set('authorization', resident.bearer);
    expect(me.body.verification.verified).toBe(false);
    expect(me.body.districtId).toBeNull();
  });

  it('lets one census entry verify only one account', async () => {
    const first = await createAccount(app(), ['resident']);
    const second = await createAccount(app(), ['resident']);
    expect((await verifyCensus(app(), first, 'M-200', 1990)).status).toBe(200);
    const response = await verifyCensus(app(), second, 'm200', 1990);
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('verification.census_entry_used');
    const me = await request(app().server).get('/api/me').set('authorization', second.bearer);
    expect(me.body.verification.verified).toBe(false);
  });

  it('refuses to verify an account that is already verified', async () => {
    const resident = await createAccount(app(), ['resident']);
    expect((await verifyCensus(app(), resident, 'N-300', 1970)).status).toBe(200);
    const response = await verifyCensus(app(), resident, 'H-400', 1960);
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('verification.already_verified');
    const me = await request(app().server).get('/api/me').set('authorization', resident.bearer);
    expect(me.body.districtId).toBe(district.nishi);
    expect(await usersWithCensusHash(app(), 'H400')).toEqual([]);
  });

  it('keeps verified residents verified after the census is purged, and matches no one afterwards', async () => {
    const staff = await createAccount(app(), ['staff']);
    const verified = await createAccount(app(), ['resident']);
    expect((await verifyCensus(app(), verified, 'H-400', 1960)).status).toBe(200);
    const purge = await request(app().server).delete('/api/census').set('authorization', staff.bearer);
    expect(purge.status).toBe(204);
    const me = await request(app().server).get('/api/me').set('authorization', verified.bearer);
    expect(me.body).toMatchObject({ districtId: district.higashi, verification: { verified: true, method: 'census' } });
    const late = await createAccount(app(), ['resident']);
    const response = await verifyCensus(app(), late, 'K-100', 1980);
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe('verification.census_no_match');
  });
});

describe('ten accounts verifying with one census entry at the same time', () => {
  const currentApp = useTestApp({ config: { seedDemo: true } });

  it('verifies exactly one of them and answers 409 to the others', async () => {
    const app = currentApp().app;
    const district = await loadCensus(app, ['RACE-1,minami,1985']);
    const accounts = await Promise.all(Array.from({ length: 10 }, () => createAccount(app, ['resident'])));
    const responses = await Promise.all(accounts.map((account) => verifyCensus(app, account, 'RACE-1', 1985)));
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([200, ...Array<number>(9).fill(409)]);
    for (const response of responses.filter((candidate) => candidate.status === 409)) {
      expect(response.body.error.code).toBe('verification.census_entry_used');
    }
    const winner = accounts[responses.findIndex((response) => response.status === 200)];
    expect(await usersWithCensusHash(app, 'RACE1')).toEqual([winner?.id]);
    const verified = await queryRows<{ n: number }>(
      app.db,
      sql`SELECT count(*)::int AS n FROM users WHERE verified_at IS NOT NULL AND district_id = ${district.minami}`,
    );
    expect(verified[0]?.n).toBe(1);
  });
});

describe('the verification rate limit', () => {
  const currentApp = useTestApp({ config: { seedDemo: true } });

  it('refuses the 11th census attempt of one user within an hour with 429 and Retry-After', async () => {
    const app = currentApp().app;
    await loadCensus(app, ['LIM-1,kita,1975']);
    const resident = await createAccount(app, ['resident']);
    for (let attempt = 1; attempt <= 10; attempt += 1) {
      const response = await verifyCensus(app, resident, 'LIM-1', 1900 + attempt);
      expect(response.status).toBe(422);
    }
    // Even the right answer is refused now: the limit stops guessing birth years.
    const eleventh = await verifyCensus(app, resident, 'LIM-1', 1975);
    expect(eleventh.status).toBe(429);
    expect(eleventh.body.error.code).toBe('auth.rate_limited');
    const retryAfter = Number(eleventh.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    const me = await request(app.server).get('/api/me').set('authorization', resident.bearer);
    expect(me.body.verification.verified).toBe(false);
    // The limit is per user: another resident may still verify.
    const other = await createAccount(app, ['resident']);
    expect((await verifyCensus(app, other, 'LIM-1', 1975)).status).toBe(200);
  });
});

describe('the verification summary', () => {
  const currentApp = useTestApp({ config: { seedDemo: true } });

  it('counts census entries, codes issued and redeemed, and verified residents per district', async () => {
    const app = currentApp().app;
    const district = await loadCensus(app, [
      'S-1,kita,1981',
      'S-2,kita,1982',
      'S-3,kita,1983',
      'S-4,minami,1984',
      'S-5,minami,1985',
      'S-6,nishi,1986',
      'S-7,minami,1987',
      'S-8,minami,1988',
      'S-9,higashi,1989',
      'S-10,higashi,1990',
    ]);
    const staff = await createAccount(app, ['staff']);
    const issue = (residentNumbers: string[]) =>
      request(app.server).post('/api/voting-codes').set('authorization', staff.bearer).send({ residentNumbers });
    const minami = await issue(['S-4', 'S-5', 'S-7', 'S-8']);
    expect(minami.status, minami.text).toBe(201);
    const minamiCodes = (minami.body as CreatedVotingCodes).codes.map((row) => row.code);
    expect((await issue(['S-9', 'S-10'])).status).toBe(201);
    expect((await verifyCensus(app, await createAccount(app, ['resident']), 'S-1', 1981)).status).toBe(200);
    for (const code of minamiCodes.slice(0, 2)) {
      const resident = await createAccount(app, ['resident']);
      const redeemed = await request(app.server)
        .post('/api/me/verification/code')
        .set('authorization', resident.bearer)
        .send({ code });
      expect(redeemed.status).toBe(200);
    }

    const auditor = await createAccount(app, ['auditor']);
    for (const reader of [staff, auditor]) {
      const response = await request(app.server).get('/api/verification/summary').set('authorization', reader.bearer);
      expect(response.status).toBe(200);
      // The two redeemed letters bound their accounts to their census entries.
      expect(response.body.census).toMatchObject({ entries: 10, used: 3 });
      expect(Date.parse(response.body.census.uploadedAt as string)).not.toBeNaN();
      const counts = (
        slug: string,
        censusEntries: number,
        codesIssued: number,
        codesRedeemed: number,
        verified: number,
      ) => ({
        districtId: district[slug],
        censusEntries,
        codesIssued,
        codesRedeemed,
        verifiedResidents: verified,
      });
      expect(response.body.byDistrict).toEqual([
        counts('city-wide', 0, 0, 0, 0),
        counts('kita', 3, 0, 0, 1),
        counts('minami', 4, 4, 2, 2),
        counts('higashi', 2, 2, 0, 0),
        counts('nishi', 1, 0, 0, 0),
      ]);
    }
  });

  it('is refused to residents and anonymous callers', async () => {
    const resident = await createAccount(currentApp().app, ['resident']);
    const server = currentApp().app.server;
    expect((await request(server).get('/api/verification/summary').set('authorization', resident.bearer)).status).toBe(
      403,
    );
    expect((await request(server).get('/api/verification/summary')).status).toBe(401);
  });
});
