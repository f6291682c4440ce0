import { deflateSync } from 'node:zlib';
import { count, eq, sql } from 'drizzle-orm';
import sharp from 'sharp';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Cycle, Proposal, ProposalList } from '@pb/shared';
import { queryRows } from '../../server/src/db/database.js';
import { proposalImages } from '../../server/src/db/schema.js';
import { updateUser } from '../../server/src/modules/users/users.repository.js';
import { useTestApp } from '../helpers/app.js';
import { createAccount, type TestAccount } from '../helpers/accounts.js';

/** A GPS datum string we can look for in the raw bytes: it is in the input and must not be in the output. */
const GPS_MARKER = 'TOKYO-GPS-MARKER';

function photo(width: number, height: number, colour = '#3a7d44') {
  return sharp({ create: { width, height, channels: 3, background: colour } });
}

async function jpegWithGps(): Promise<Buffer> {
  return photo(2400, 1200)
    .jpeg()
    .withExif({
      IFD0: { Make: 'PhoneMaker', Model: 'Phone 12' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '35/1 41/1 22/1', GPSLongitudeRef: 'E', GPSMapDatum: GPS_MARKER },
    })
    .toBuffer();
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A few hundred bytes that declare 20000 × 20000 pixels (400 megapixels, 1.2 GB decoded). */
function decompressionBomb(): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(20_000, 0);
  header.writeUInt32BE(20_000, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  const rows = deflateSync(Buffer.alloc((20_000 * 3 + 1) * 4));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', rows),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('proposal photos', () => {
  const current = useTestApp();
  const server = () => current().app.server;
  let staff: TestAccount;
  let author: TestAccount;
  let neighbour: TestAccount;
  let moderator: TestAccount;
  let cycle: Cycle;
  let kita: string;

  async function propose(account: TestAccount): Promise<Proposal> {
    const response = await request(server())
      .post(`/api/cycles/${cycle.id}/proposals`)
      .set('authorization', account.bearer)
      .send({
        title: 'A bench by the pond',
        summary: 'One wooden bench next to the pond in the park.',
        description: 'Somewhere to sit and watch the ducks.',
        category: 'parks',
        districtId: kita,
        estimatedCost: 200_000,
      });
    expect(response.status).toBe(201);
    return response.body as Proposal;
  }

  function upload(account: TestAccount, proposalId: string, bytes: Buffer, type: string, alt = 'A pond in a park') {
    return request(server())
      .post(`/api/proposals/${proposalId}/images`)
      .query({ alt, altLocale: 'en' })
      .set('authorization', account.bearer)
      .set('content-type', type)
      .send(bytes);
  }

  async function storedImages(proposalId: string): Promise<number> {
    const rows = await current()
      .app.db.select({ n: count() })
      .from(proposalImages)
      .where(eq(proposalImages.proposalId, proposalId));
    return rows[0]?.n ?? -1;
  }

  function served(url: string, account?: TestAccount) {
    const pending = request(server()).get(url).buffer(true).parse(binaryParser);
    return account === undefined ? pending : pending.set('authorization', account.bearer);
  }

  beforeAll(async () => {
    staff = await createAccount(current().app, ['staff']);
    author = await createAccount(current().app, ['resident']);
    neighbour = await createAccount(current().app, ['resident']);
    moderator = await createAccount(current().app, ['moderator']);
    const city = await request(server()).get('/api/city');
    const ids = (city.body.districts as { id: string }[]).map((district) => district.id);
    const cityWide = ids[0] ?? '';
    kita = ids[1] ?? '';
    for (const account of [author, neighbour]) {
      await updateUser(current().app.db, account.id, {
        districtId: kita,
        verificationMethod: 'code',
        verifiedAt: new Date(),
      });
    }
    const created = await request(server())
      .post('/api/cycles')
      .set('authorization', staff.bearer)
      .send({
        titleJa: '写真テスト',
        titleEn: 'Photo test',
        ballot: { method: 'approval' },
        proposalQuota: 10,
        districts: [
          { districtId: cityWide, budget: 50_000_000 },
          { districtId: kita, budget: 10_000_000 },
        ],
      });
    cycle = created.body as Cycle;
    const moved = await request(server())
      .post(`/api/cycles/${cycle.id}/phase`)
      .set('authorization', staff.bearer)
      .send({ to: 'submission' });
    expect(moved.status).toBe(200);
  });

  it('a JPEG carrying GPS EXIF is served resized with no EXIF, GPS or XMP at all', async () => {
    const input = await jpegWithGps();
    const inputMetadata = await sharp(input).metadata();
    expect(inputMetadata.exif?.length).toBeGreaterThan(0);
    expect(input.includes(GPS_MARKER)).toBe(true);
    expect(input.includes('Exif')).toBe(true);

    const proposal = await propose(author);
    const response = await upload(author, proposal.id, input, 'image/jpeg');
    expect(response.status).toBe(201);
    const image = (response.body as Proposal).images[0];
    expect(image).toMatchObject({ width: 1600, height: 800, alt: 'A pond in a park', altLocale: 'en', hidden: false });
    expect(image?.url).toMatch(/\?v=[0-9a-f]{64}$/);

    const bytes = await served(String(image?.url));
    expect(bytes.status).toBe(200);
    expect(bytes.headers['content-type']).toBe('image/jpeg');
    expect(bytes.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(bytes.headers['x-content-type-options']).toBe('nosniff');
    const body = bytes.body as Buffer;
    const metadata = await sharp(body).metadata();
    expect(metadata.exif).toBeUndefined();
    expect(metadata.xmp).toBeUndefined();
    expect(metadata.iptc).toBeUndefined();
    expect(metadata.icc).toBeUndefined();
    expect(body.includes('Exif')).toBe(false);
    expect(body.includes(GPS_MARKER)).toBe(false);
    expect(body.includes('PhoneMaker')).toBe(false);
    expect([metadata.width, metadata.height]).toEqual([1600, 800]);

    const again = await served(String(image?.url)).set('if-none-match', String(bytes.headers.etag));
    expect(again.status).toBe(304);

    const list = await request(server()).get(`/api/cycles/${cycle.id}/proposals`);
    const listed = (list.body as ProposalList).items.find((item) => item.id === proposal.id);
    expect(listed?.thumbnailUrl).toBe(image?.url);
  });

  it('refuses bad files with a clear 400 (or 413, 415) in the error shape and stores nothing', async () => {
    const proposal = await propose(author);
    const png = await photo(64, 48).png().toBuffer();
    const animated = await sharp([await photo(16, 16, '#f00').png().toBuffer(), await photo(16, 16).png().toBuffer()], {
      join: { animated: true },
    })
      .webp()
      .toBuffer();
    const oversize = Buffer.concat([await photo(8, 8).jpeg().toBuffer(), Buffer.alloc(10 * 1024 * 1024)]);
    const cases: [string, Buffer, string, number, string][] = [
      ['not an image', Buffer.from('just some text, not a photo'), 'image/png', 400, 'proposals.image_invalid'],
      ['a PNG declared as JPEG', png, 'image/jpeg', 400, 'proposals.image_type_mismatch'],
      ['a PNG declaring 20000×20000', decompressionBomb(), 'image/png', 400, 'proposals.image_too_large'],
      ['an animated WebP', animated, 'image/webp', 400, 'proposals.image_animated'],
      ['a body over 10 MB', oversize, 'image/jpeg', 413, 'request.too_large'],
      ['a GIF type', png, 'image/gif', 415, 'request.unsupported_media_type'],
      ['a truncated JPEG', (await photo(64, 48).jpeg().toBuffer()).subarray(0, 200), 'image/jpeg', 400, ''],
    ];
    for (const [what, bytes, type, status, code] of cases) {
      const response = await upload(author, proposal.id, bytes, type);
      expect(response.status, what).toBe(status);
      expect(typeof response.body.error?.message, what).toBe('string');
      if (code !== '') expect(response.body.error.code, what).toBe(code);
      else expect(response.body.error.code, what).toMatch(/^proposals\.image_/);
      expect(await storedImages(proposal.id), what).toBe(0);
    }
    const noAlt = await upload(author, proposal.id, png, 'image/png', '   ');
    expect(noAlt.status).toBe(400);
    expect(noAlt.body.error.code).toBe('proposals.image_alt_required');
    expect(await storedImages(proposal.id)).toBe(0);
  });

  it('takes three photos in the smallest free positions and refuses a fourth', async () => {
    const proposal = await propose(author);
    const png = await photo(300, 200).png().toBuffer();
    const webp = await photo(300, 200, '#224488').webp().toBuffer();
    for (const [bytes, type] of [
      [png, 'image/png'],
      [webp, 'image/webp'],
      [png, 'image/png'],
    ] as const) {
      expect((await upload(author, proposal.id, bytes, type)).status).toBe(201);
    }
    const fourth = await upload(author, proposal.id, png, 'image/png');
    expect(fourth.status).toBe(409);
    expect(fourth.body.error.code).toBe('proposals.image_limit');
    expect(await storedImages(proposal.id)).toBe(3);

    const before = (await request(server()).get(`/api/proposals/${proposal.id}`)).body as Proposal;
    expect(before.images.map((image) => image.url.includes(`/images/${image.id}?`))).toEqual([true, true, true]);
    const removed = await request(server())
      .delete(`/api/proposals/${proposal.id}/images/${String(before.images[0]?.id)}`)
      .set('authorization', author.bearer);
    expect(removed.status).toBe(204);
    const refilled = await upload(author, proposal.id, webp, 'image/webp');
    expect(refilled.status).toBe(201);
    const rows = await current()
      .app.db.select({ position: proposalImages.position, type: proposalImages.contentType })
      .from(proposalImages)
      .where(eq(proposalImages.proposalId, proposal.id));
    expect(rows.map((row) => row.position).sort()).toEqual([1, 2, 3]);
    expect(rows.find((row) => row.position === 1)?.type).toBe('image/webp');
  });

  it('refuses photos from anyone but the author, and once the proposal can no longer be edited', async () => {
    const proposal = await propose(author);
    const png = await photo(64, 48).png().toBuffer();
    const stranger = await upload(neighbour, proposal.id, png, 'image/png');
    expect(stranger.status).toBe(403);
    expect(stranger.body.error.code).toBe('proposals.not_author');
    const anonymous = await request(server())
      .post(`/api/proposals/${proposal.id}/images?alt=x`)
      .set('content-type', 'image/png')
      .send(png);
    expect(anonymous.status).toBe(401);
    expect(await storedImages(proposal.id)).toBe(0);

    expect((await upload(author, proposal.id, png, 'image/png')).status).toBe(201);
    const [image] = ((await request(server()).get(`/api/proposals/${proposal.id}`)).body as Proposal).images;
    const strangerDelete = await request(server())
      .delete(`/api/proposals/${proposal.id}/images/${String(image?.id)}`)
      .set('authorization', neighbour.bearer);
    expect(strangerDelete.status).toBe(403);
    expect(await storedImages(proposal.id)).toBe(1);

    const withdrawn = await request(server())
      .post(`/api/proposals/${proposal.id}/withdraw`)
      .set('authorization', staff.bearer)
      .send({ reason: 'Merged with a neighbour proposal.' });
    expect(withdrawn.status).toBe(200);
    const late = await upload(author, proposal.id, png, 'image/png');
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('proposals.editing_closed');
    expect(await storedImages(proposal.id)).toBe(1);
  });

  it('a photo hidden by a moderator is not served to the public, only to moderators, until restored', async () => {
    const proposal = await propose(author);
    const uploaded = await upload(author, proposal.id, await photo(64, 48).png().toBuffer(), 'image/png');
    const image = (uploaded.body as Proposal).images[0];
    const url = String(image?.url);
    const path = `/api/proposals/${proposal.id}/images/${String(image?.id)}`;

    const byResident = await request(server())
      .post(`${path}/hide`)
      .set('authorization', neighbour.bearer)
      .send({ reason: 'Shows a face' });
    expect(byResident.status).toBe(403);
    const hidden = await request(server())
      .post(`${path}/hide`)
      .set('authorization', moderator.bearer)
      .send({ reason: 'Shows a face' });
    expect(hidden.status).toBe(204);

    const publicly = await served(url);
    expect(publicly.status).toBe(404);
    expect(publicly.headers['content-type']).toMatch(/application\/json/);
    const forModerator = await served(url, moderator);
    expect(forModerator.status).toBe(200);
    expect(forModerator.headers['cache-control']).toBe('private, no-store');
    const page = (await request(server()).get(`/api/proposals/${proposal.id}`)).body as Proposal;
    expect(page.images[0]).toMatchObject({ hidden: true, alt: '', hiddenReason: 'Shows a face' });
    expect(page.thumbnailUrl).toBeNull();

    const audit = await queryRows<{ action: string }>(
      current().app.db,
      sql`SELECT action FROM audit_events WHERE subject_id = ${String(image?.id)} ORDER BY id`,
    );
    expect(audit.map((row) => row.action)).toEqual(['moderation.hide']);

    const restored = await request(server())
      .post(`${path}/restore`)
      .set('authorization', moderator.bearer)
      .send({ reason: 'Blurred by the author' });
    expect(restored.status).toBe(204);
    expect((await served(url)).status).toBe(200);
  });

  it('a moderator may remove a photo; an unknown photo is a 404', async () => {
    const proposal = await propose(author);
    const uploaded = await upload(author, proposal.id, await photo(64, 48).png().toBuffer(), 'image/png');
    const image = (uploaded.body as Proposal).images[0];
    const removed = await request(server())
      .delete(`/api/proposals/${proposal.id}/images/${String(image?.id)}`)
      .set('authorization', moderator.bearer);
    expect(removed.status).toBe(204);
    expect(await storedImages(proposal.id)).toBe(0);
    const missing = await served(String(image?.url));
    expect(missing.status).toBe(404);
    expect((missing.body as Buffer).toString()).toContain('proposals.image_not_found');
  });
});

function binaryParser(response: request.Response, callback: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  const stream = response as unknown as NodeJS.ReadableStream;
  stream.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
  });
  stream.on('end', () => {
    callback(null, Buffer.concat(chunks));
  });
}
