import type { CreatedVotingCodes, IssuedVotingCode } from '@pb/shared';
import request from 'supertest';
import type { App } from '../../server/src/app.js';
import type { TestAccount } from './accounts.js';

/** Replaces the census over the API with `number,district-slug,birth-year` lines. */
export async function uploadCensusLines(app: App, staff: TestAccount, lines: readonly string[]): Promise<void> {
  const response = await request(app.server)
    .put('/api/census')
    .set('authorization', staff.bearer)
    .set('content-type', 'text/csv')
    .send(['resident_number,district,birth_year', ...lines].join('\n') + '\n');
  if (response.status !== 200) throw new Error(`census: ${String(response.status)} ${response.text}`);
}

/** POST /api/voting-codes for these resident numbers, as the staff page sends it. */
export function requestLetters(app: App, account: TestAccount, residentNumbers: readonly string[]) {
  return request(app.server).post('/api/voting-codes').set('authorization', account.bearer).send({ residentNumbers });
}

/** Issues one letter per resident number and returns the codes by resident number as sent. */
export async function issueLetters(
  app: App,
  staff: TestAccount,
  residentNumbers: readonly string[],
): Promise<Map<string, string>> {
  const response = await requestLetters(app, staff, residentNumbers);
  if (response.status !== 201) throw new Error(`voting codes: ${String(response.status)} ${response.text}`);
  const codes = (response.body as CreatedVotingCodes).codes;
  return new Map(codes.map((row: IssuedVotingCode) => [row.residentNumber, row.code]));
}

/** The code issued for `residentNumber`, which the test must have asked for. */
export function codeOf(codes: ReadonlyMap<string, string>, residentNumber: string): string {
  const code = codes.get(residentNumber);
  if (code === undefined) throw new Error(`no code was issued for ${residentNumber}`);
  return code;
}
