import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { CENSUS_MAX_BYTES } from '@pb/shared';
import { sql } from 'drizzle-orm';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../server/src/db/database.js';
import { hashResidentNumber } from '../../server/src/modules/verification/census-csv.js';
import { createAccount, type TestAccount } from '../helpers/accounts.js';
import { TEST_SECRETS, useTestApp } from '../helpers/app.js';

const HEADER = 'resident_number,district,birth_year';

function csv(...lines: string[]): string {
  return `${[HEADER, ...lines].join('\n')}\n`;
}

/** PUTs a census over a real socket with chunked transfer encoding, so no Content-Length is declared. */
async function putChunked(server: Server, bearer: string, chunks: Buffer[]): Promise<{ status: number; body: string }> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    return await new Promise((resolve, reject) => {
      const outgoing = httpRequest(
        { host: '127.0.0.1', port, method: 'PUT', path: '/api/census', agent: false },
        (incoming) => {
          let body = '';
          incoming.setEncoding('utf8');
          incoming.on('data', (text: string) => (body += text));
          incoming.on('end', () => {
            outgoing.destroy();
            resolve({ status: incoming.statusCode ?? 0, body });
          });
        },
      );
      outgoing.setHeader('authorization', bearer);
      outgoing.setHeader('content-type', 'text/csv');
      outgoing.on('error', reject);
      Readable.from(chunks, { objectMode: false }).pipe(outgoing);
    });
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

describe('the census upload', () => {
  const currentApp = useTestApp({ config: { seedDemo: true } });
  let staff: TestAccount;
  let district: Record<string, string>;

  const server = () => currentApp().app.server;
  const upload = (body: string | Buffer, query = '') =>
    request(server())
      .put(`/api/census${query}`)
      .set('authorization', staff.bearer)
      .set('content-type', 'text/csv')
      .send(body);

  /** The HMACs in the current list, as the server would compute them from clear resident numbers. */
  async function storedHashes(): Promise<string[]> {
    const rows = await queryRows<{ resident_hash: string }>(
      currentApp().app.db,
      sql`SELECT resident_hash FROM census_entries ORDER BY resident_hash`,
    );
    return rows.map((row) => row.resident_hash);
  }
  const hashesOf = (...numbers: string[]) =>
    numbers.map((number) => hashResidentNumber(TEST_SECRETS.CENSUS_HMAC_KEY, number)).sort();

  async function verifyAs(residentNumber: string, birthYear: number) {
    const resident = await createAccount(currentApp().app, ['resident']);
    return request(server())
      .post('/api/me/verification/census')
      .set('authorization', resident.bearer)
      .send({ residentNumber, birthYear });
  }

  beforeAll(async () => {
    staff = await createAccount(currentApp().app, ['staff']);
    const city = await request(server()).get('/api/city');
    district = Object.fromEntries((city.body.districts as { slug: string; id: string }[]).map((d) => [d.slug, d.id]));
  });

  it('is refused to anonymous callers and to residents', async () => {
    const anonymous = await request(server()).put('/api/census').set('content-type', 'text/csv').send(csv());
    expect(anonymous.status).toBe(401);
    const resident = await createAccount(currentApp().app, ['resident']);
    const forbidden = await request(server())
      .put('/api/census')
      .set('authorization', resident.bearer)
      .set('content-type', 'text/csv')
      .send(csv('A1,kita,1980'));
    expect(forbidden.status).toBe(403);
    expect(await storedHashes()).toEqual([]);
  });

  it('applies a clean file and counts its rows per district', async () => {
    const response = await upload(csv('A1,kita,1980', 'A2,kita,1991', 'A3,minami,1975', 'A4,nishi,2001'));
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      applied: true,
      dryRun: false,
      rows: 4,
      accepted: 4,
      rejected: 0,
      errors: [],
    });
    expect(response.body.byDistrict).toHaveLength(3);
    expect(response.body.byDistrict).toEqual(
      expect.arrayContaining([
        { districtId: district.kita, entries: 2 },
        { districtId: district.minami, entries: 1 },
        { districtId: district.nishi, entries: 1 },
      ]),
    );
    expect(await storedHashes()).toEqual(hashesOf('A1', 'A2', 'A3', 'A4'));
  });

  it('stores only HMACs of resident numbers, never a number in clear', async () => {
    const rows = await queryRows<Record<string, unknown>>(currentApp().app.db, sql`SELECT * FROM census_entries`);
    expect(rows).toHaveLength(4);
    for (const row of rows) {
      expect(row.resident_hash).toMatch(/^[0-9a-f]{64}$/);
      const cells = Object.values(row).map(String);
      for (const number of ['A1', 'A2', 'A3', 'A4']) expect(cells).not.toContain(number);
    }
  });

  it('reports a dry run without replacing the list', async () => {
    const response = await upload(csv('B1,higashi,1960', 'B2,kita,1961'), '?dryRun=true');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ applied: false, dryRun: true, rows: 2, accepted: 2, rejected: 0 });
    expect(await storedHashes()).toEqual(hashesOf('A1', 'A2', 'A3', 'A4'));
  });

  it('refuses a file with invalid lines, lists them by line number and keeps the previous list', async () => {
    const response = await upload(
      csv('C1,kita,1980', 'C2,kita,19x0', 'C3,atlantis,1980', 'C1,minami,1990', ',kita,1980', 'C6,nishi,1850'),
    );
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe('verification.census_invalid_rows');
    expect(response.body.report).toMatchObject({ applied: false, rows: 6, accepted: 1, rejected: 5 });
    expect((response.body.report.errors as { line: number }[]).map((error) => error.line)).toEqual([3, 4, 5, 6, 7]);
    expect(await storedHashes()).toEqual(hashesOf('A1', 'A2', 'A3', 'A4'));
    const stillListed = await verifyAs('A3', 1975);
    expect(stillListed.status).toBe(200);
    expect(stillListed.body.districtId).toBe(district.minami);
  });

  it('refuses a file whose header does not name the columns, on line 1', async () => {
    const response = await upload('number,area,year\nD1,kita,1980\n');
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe('verification.census_invalid_rows');
    expect(response.body.report.errors).toEqual([
      {
        line: 1,
        code: 'header_missing',
        params: expect.any(Object),
        message: expect.stringContaining('resident_number'),
      },
    ]);
    expect(await storedHashes()).toEqual(hashesOf('A1', 'A2', 'A3', 'A4'));
  });

  it('refuses a file with a header and no data rows, keeping the list', async () => {
    const response = await upload(csv());
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe('verification.census_empty');
    expect(await storedHashes()).toEqual(hashesOf('A1', 'A2', 'A3', 'A4'));
  });

  it('replaces the whole previous list with a new upload', async () => {
    const response = await upload(csv('E1,higashi,1970', 'E2,nishi,1971'));
    expect(response.status).toBe(200);
    expect(await storedHashes()).toEqual(hashesOf('E1', 'E2'));
    const dropped = await verifyAs('A1', 1980);
    expect(dropped.status).toBe(422);
    expect(dropped.body.error.code).toBe('verification.census_no_match');
  });

  it('accepts columns in another order, extra columns and a UTF-8 byte order mark', async () => {
    const body = '\uFEFFbirth_year,note,district,resident_number\r\n1988,x,minami,F1\r\n1999,y,kita,F2\r\n';
    const response = await upload(Buffer.from(body, 'utf8'));
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ applied: true, rows: 2, accepted: 2 });
    expect(await storedHashes()).toEqual(hashesOf('F1', 'F2'));
  });

  it('matches full-width digits in resident numbers with ASCII ones, both ways', async () => {
    const response = await upload(csv('１２３４５６,kita,1980', '654321,minami,1981'));
    expect(response.status).toBe(200);
    expect(await storedHashes()).toEqual(hashesOf('123456', '654321'));
    const typedAscii = await verifyAs('123456', 1980);
    expect(typedAscii.status).toBe(200);
    expect(typedAscii.body.districtId).toBe(district.kita);
    const typedFullWidth = await verifyAs('６５４３２１', 1981);
    expect(typedFullWidth.status).toBe(200);
    expect(typedFullWidth.body.districtId).toBe(district.minami);
  });

  it('accepts full-width characters that arrive split across two chunks of the upload', async () => {
    const body = Buffer.from(csv('７７７７,kita,1980'), 'utf8');
    // Cut inside the second full-width digit (three bytes each in UTF-8), as a network read may.
    const cut = body.indexOf(Buffer.from('７７７７', 'utf8')) + 4;
    const response = await currentApp().app.inject({
      method: 'PUT',
      url: '/api/census',
      headers: { authorization: staff.bearer, 'content-type': 'text/csv' },
      payload: Readable.from([body.subarray(0, cut), body.subarray(cut)], { objectMode: false }),
    });
    expect(response.statusCode).toBe(200);
    expect(await storedHashes()).toEqual(hashesOf('7777'));
  });

  it('answers 413 to a file over 20 MB that declares its length, keeping the list', async () => {
    const before = await storedHashes();
    const body = Buffer.alloc(CENSUS_MAX_BYTES + 1, 'G1,kita,1980\n');
    body.write(`${HEADER}\n`);
    const response = await upload(body);
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('request.too_large');
    expect(await storedHashes()).toEqual(before);
  });

  it('answers 413 to a streamed upload (no Content-Length) that grows over 20 MB, keeping the list', async () => {
    const before = await storedHashes();
    // Long lines keep the parsing quick; the size limit counts bytes, whatever the lines hold.
    const line = Buffer.from(`H1,nowhere,1980,${'x'.repeat(64_000)}\n`);
    const lines = Array.from({ length: Math.ceil(CENSUS_MAX_BYTES / line.length) + 1 }, () => line);
    const response = await putChunked(server(), staff.bearer, [Buffer.from(`${HEADER},note\n`), ...lines]);
    expect(response.status).toBe(413);
    expect(JSON.parse(response.body).error.code).toBe('request.too_large');
    expect(await storedHashes()).toEqual(before);
  });

  it('refuses entries for a retired district', async () => {
    const before = await storedHashes();
    const retire = await request(server())
      .patch(`/api/city/districts/${district.higashi ?? ''}`)
      .set('authorization', staff.bearer)
      .send({ retired: true });
    expect(retire.status).toBe(200);
    const response = await upload(csv('J1,kita,1980', 'J2,higashi,1981'));
    expect(response.status).toBe(422);
    expect(response.body.report.errors).toEqual([
      {
        line: 3,
        code: 'district_unknown',
        params: { district: 'higashi' },
        message: expect.stringContaining('retired'),
      },
    ]);
    expect(await storedHashes()).toEqual(before);
  });

  it('purges the list on DELETE', async () => {
    const response = await request(server()).delete('/api/census').set('authorization', staff.bearer);
    expect(response.status).toBe(204);
    expect(await storedHashes()).toEqual([]);
  });
});
