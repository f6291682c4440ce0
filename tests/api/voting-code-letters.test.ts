import type { CreatedVotingCodes, VotingCodeBatch, VotingCodesRejected } from '@pb/shared';
import { sql } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../server/src/app.js';
import { queryRows } from '../../server/src/db/database.js';
import { createAccount, type TestAccount } from '../helpers/accounts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { captureLogs } from '../helpers/logs.js';
import { districtIds, openVotingCycle } from '../helpers/voting.js';
import { codeOf, issueLetters, requestLetters, uploadCensusLines } from '../helpers/voting-codes.js';

async function count(app: App, table: 'voting_codes' | 'voting_code_batches'): Promise<number> {
  const rows = await queryRows<{ n: number }>(app.db, sql`SELECT count(*)::int AS n FROM ${sql.identifier(table)}`);
  return rows[0]?.n ?? 0;
}

async function auditDetails(app: App, action: string): Promise<unknown[]> {
  const rows = await queryRows<{ details: unknown }>(
    app.db,
    sql`SELECT details FROM audit_events WHERE action = ${action} ORDER BY id`,
  );
  return rows.map((row) => row.details);
}

/** Every code handed out in this file, to look for in the logs. */
const handedOut: string[] = [];

function redeem(app: App, account: TestAccount, code: string) {
  handedOut.push(code);
  return request(app.server).post('/api/me/verification/code').set('authorization', account.bearer).send({ code });
}

const logs = captureLogs();
let testApp: TestApp;
const app = () => testApp.app;

beforeAll(async () => {
  // Logged at the most verbose level, so that no resident number can hide below it.
  testApp = await createTestApp({ config: { seedDemo: true, logLevel: 'trace' }, logStream: logs.stream });
  await testApp.app.ready();
});

afterAll(async () => {
  await testApp.close();
});

describe('letters for residents of the census', () => {
  let staff: TestAccount;
  let confirmer: TestAccount;
  let district: Record<string, string>;

  beforeAll(async () => {
    [staff, confirmer] = await Promise.all([createAccount(app(), ['staff']), createAccount(app(), ['staff'])]);
    district = await districtIds(app());
    await uploadCensusLines(app(), staff, [
      'LTR-100,kita,1970',
      'LTR-101,kita,1971',
      'LTR-200,minami,1980',
      'LTR-300,nishi,1990',
    ]);
  });

  it('refuses resident numbers that are not on the census, not resident numbers or repeated with 422 listing them, and issues nothing', async () => {
    const sent = ['LTR-100', 'LTR-999', 'LTR-200', '!!!', 'ltr 100'];
    const response = await requestLetters(app(), staff, sent);
    expect(response.status, response.text).toBe(422);
    const body = response.body as VotingCodesRejected;
    expect(body.error.code).toBe('verification.resident_numbers_rejected');
    expect(body.rejected).toEqual([
      { index: 1, residentNumber: 'LTR-999', problem: 'not_on_census' },
      { index: 3, residentNumber: '!!!', problem: 'invalid' },
      { index: 4, residentNumber: 'ltr 100', problem: 'duplicate' },
    ]);
    expect(body.error.message).not.toContain('LTR-999');
    expect(await count(app(), 'voting_codes')).toBe(0);
    expect(await count(app(), 'voting_code_batches')).toBe(0);
    expect(await auditDetails(app(), 'verification.codes_issued')).toEqual([]);
  });

  it('refuses a resident whose census district is retired', async () => {
    const retire = await request(app().server)
      .patch(`/api/city/districts/${district.nishi ?? ''}`)
      .set('authorization', staff.bearer)
      .send({ retired: true });
    expect(retire.status, retire.text).toBe(200);
    const response = await requestLetters(app(), staff, ['LTR-300']);
    expect(response.status, response.text).toBe(422);
    expect((response.body as VotingCodesRejected).rejected).toEqual([
      { index: 0, residentNumber: 'LTR-300', problem: 'district_retired' },
    ]);
    expect(await count(app(), 'voting_codes')).toBe(0);
  });

  it('replaces an unused letter: the new code works, the old one no longer does, and the revocation is audited', async () => {
    const first = await issueLetters(app(), staff, ['LTR-100', 'LTR-101']);
    const again = await requestLetters(app(), staff, ['LTR-100']);
    expect(again.status, again.text).toBe(201);
    const replacement = (again.body as CreatedVotingCodes).codes;
    expect(replacement).toEqual([
      { residentNumber: 'LTR-100', districtId: district.kita, code: expect.any(String), replacesUnused: true },
    ]);
    const lost = await createAccount(app(), ['resident']);
    const refused = await redeem(app(), lost, codeOf(first, 'LTR-100'));
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('verification.code_invalid');
    const resident = await createAccount(app(), ['resident']);
    expect((await redeem(app(), resident, replacement[0]?.code ?? '')).status).toBe(200);
    // The other resident's letter of the first batch is untouched.
    expect((await redeem(app(), lost, codeOf(first, 'LTR-101'))).status).toBe(200);

    const batches = (await request(app().server).get('/api/voting-codes').set('authorization', staff.bearer)).body
      .items as VotingCodeBatch[];
    expect(batches.map((batch) => [batch.issued, batch.redeemed, batch.revoked]).sort()).toEqual([
      [1, 1, 0],
      [2, 1, 1],
    ]);
    expect(await auditDetails(app(), 'verification.codes_revoked')).toEqual([{ districtId: district.kita, count: 1 }]);
  });

  it('gives a resident whose letter was used a new code without revoking anything, which verifies no second account', async () => {
    const again = await requestLetters(app(), staff, ['LTR-100']);
    expect(again.status, again.text).toBe(201);
    expect((again.body as CreatedVotingCodes).codes[0]?.replacesUnused).toBe(false);
    const second = await createAccount(app(), ['resident']);
    const response = await redeem(app(), second, (again.body as CreatedVotingCodes).codes[0]?.code ?? '');
    expect(response.status, response.text).toBe(409);
    expect(response.body.error.code).toBe('verification.census_entry_used');
    expect(await auditDetails(app(), 'verification.codes_revoked')).toHaveLength(1);
  });

  it('answers 409 verification.voter_list_frozen while a cycle is in voting, and issues nothing', async () => {
    const before = await count(app(), 'voting_codes');
    await openVotingCycle(app(), staff, confirmer, {
      ballot: { method: 'approval' },
      districts: [{ districtId: district.kita ?? '', budget: 1000 }],
      projects: [{ districtId: district.kita ?? '', cost: 100 }],
    });
    const response = await requestLetters(app(), staff, ['LTR-101', 'LTR-200']);
    expect(response.status, response.text).toBe(409);
    expect(response.body.error.code).toBe('verification.voter_list_frozen');
    expect(await count(app(), 'voting_codes')).toBe(before);
  });

  it('never writes resident numbers or codes to the logs', async () => {
    const output = logs.lines.join('');
    expect(output).toContain('/api/voting-codes');
    expect(handedOut.length).toBeGreaterThan(0);
    for (const secret of ['LTR-100', 'LTR100', 'LTR-101', 'LTR-200', 'LTR-999', 'LTR-300', ...handedOut]) {
      expect(output).not.toContain(secret);
    }
  });
});
