import type { CensusReport } from '@pb/shared';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from './client.js';
import { uploadCensus } from './verification.js';

const REPORT: CensusReport = {
  applied: false,
  dryRun: true,
  rows: 3,
  accepted: 2,
  rejected: 1,
  errors: [{ line: 3, code: 'district_unknown', params: { district: 'atlantis' }, message: 'unknown district' }],
  byDistrict: [],
};

function stubFetch(status: number, body: unknown) {
  const fetch = vi.fn((_path: string, _init?: RequestInit) =>
    Promise.resolve(new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })),
  );
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the census upload', () => {
  it('sends the file as it is, as text/csv, with the dry-run flag', async () => {
    const fetch = stubFetch(200, { ...REPORT, rejected: 0, errors: [] });
    const file = new Blob(['resident_number,district,birth_year\n1,north,1958\n'], { type: 'text/csv' });
    await uploadCensus(file, true);
    const [path, init] = fetch.mock.calls[0]!;
    expect(path).toBe('/api/census?dryRun=true');
    expect(init?.method).toBe('PUT');
    expect(new Headers(init?.headers).get('content-type')).toBe('text/csv');
    expect(init?.body).toBe(file);
  });

  it('returns the report of a refused file (422) so staff see which lines are wrong', async () => {
    stubFetch(422, { error: { code: 'verification.census_invalid_rows', message: 'invalid' }, report: REPORT });
    await expect(uploadCensus(new Blob(['x']), false)).resolves.toEqual(REPORT);
  });

  it('throws other refusals, an empty file included, as errors', async () => {
    stubFetch(422, {
      error: { code: 'verification.census_empty', message: 'empty' },
      report: { ...REPORT, rows: 0, accepted: 0, rejected: 0, errors: [] },
    });
    const error = await uploadCensus(new Blob(['']), true).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'verification.census_empty' });
  });
});
