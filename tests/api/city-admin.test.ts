import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAccount, type TestAccount } from '../helpers/accounts.js';
import { useTestApp } from '../helpers/app.js';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

describe('city administration by staff', () => {
  const currentApp = useTestApp({ config: { seedDemo: true } });
  const server = () => currentApp().app.server;
  let staff: TestAccount;
  let resident: TestAccount;

  const patchCity = (body: object, account = staff) =>
    request(server()).patch('/api/city').set('authorization', account.bearer).send(body);
  const createDistrict = (body: object) =>
    request(server()).post('/api/city/districts').set('authorization', staff.bearer).send(body);
  const patchDistrict = (id: string, body: object) =>
    request(server()).patch(`/api/city/districts/${id}`).set('authorization', staff.bearer).send(body);
  const deleteDistrict = (id: string) =>
    request(server()).delete(`/api/city/districts/${id}`).set('authorization', staff.bearer);
  const districtList = async () =>
    (await request(server()).get('/api/city/districts')).body.items as { id: string; slug: string; retired: boolean }[];

  async function newDistrict(slug: string): Promise<string> {
    const response = await createDistrict({ slug, nameJa: `${slug}地区`, nameEn: slug });
    expect(response.status).toBe(201);
    return response.body.id as string;
  }

  beforeAll(async () => {
    staff = await createAccount(currentApp().app, ['staff']);
    resident = await createAccount(currentApp().app, ['resident']);
  });

  it('changes the names, time zone and currency', async () => {
    const body = { nameJa: 'さくら市', nameEn: 'Sakura City', timeZone: 'Europe/Warsaw', currency: 'PLN' };
    const response = await patchCity(body);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject(body);
    expect((await request(server()).get('/api/city')).body).toMatchObject(body);
  });

  it('refuses an unknown time zone and keeps the old one', async () => {
    const response = await patchCity({ timeZone: 'Mars/Olympus_Mons' });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('city.invalid_time_zone');
    expect((await request(server()).get('/api/city')).body.timeZone).toBe('Europe/Warsaw');
  });

  it('refuses a currency that is not three capital letters', async () => {
    for (const currency of ['jpy', 'YENS', 'J1Y', '']) {
      const response = await patchCity({ currency });
      expect(response.status, currency).toBe(400);
      expect(response.body.error.code).toBe('request.invalid');
    }
    expect((await request(server()).get('/api/city')).body.currency).toBe('PLN');
  });

  it('refuses unknown fields and empty patches instead of ignoring them', async () => {
    const unknown = await patchCity({ nameEn: 'Renamed', id: 2 });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain('unknown field "id"');
    expect((await patchCity({})).status).toBe(400);
    expect((await request(server()).get('/api/city')).body.nameEn).toBe('Sakura City');
  });

  it('is refused to residents and anonymous callers', async () => {
    expect((await patchCity({ nameEn: 'Hijacked' }, resident)).status).toBe(403);
    expect((await request(server()).patch('/api/city').send({ nameEn: 'Hijacked' })).status).toBe(401);
    const created = await request(server())
      .post('/api/city/districts')
      .set('authorization', resident.bearer)
      .send({ slug: 'sneaky', nameJa: 'x', nameEn: 'x' });
    expect(created.status).toBe(403);
    expect((await districtList()).map((district) => district.slug)).not.toContain('sneaky');
  });

  it('creates a district', async () => {
    const response = await createDistrict({ slug: 'chuo', nameJa: '中央地区', nameEn: 'Chuo', sortOrder: 9 });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      slug: 'chuo',
      nameEn: 'Chuo',
      cityWide: false,
      retired: false,
      sortOrder: 9,
    });
    expect(await districtList()).toContainEqual(expect.objectContaining({ id: response.body.id, slug: 'chuo' }));
  });

  it('refuses a second district with the same slug', async () => {
    const response = await createDistrict({ slug: 'chuo', nameJa: '別', nameEn: 'Other' });
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('city.district_slug_taken');
    expect((await districtList()).filter((district) => district.slug === 'chuo')).toHaveLength(1);
  });

  it('refuses slugs that are not lower-case words joined by hyphens', async () => {
    for (const slug of ['Chuo', 'chuo district', 'a--b', '-edge', 'edge-', '中央', '']) {
      const response = await createDistrict({ slug, nameJa: 'x', nameEn: 'x' });
      expect(response.status, slug).toBe(400);
    }
  });

  it('refuses unknown fields when creating or changing a district', async () => {
    const created = await createDistrict({ slug: 'extra', nameJa: 'x', nameEn: 'x', retiredAt: null });
    expect(created.status).toBe(400);
    expect(created.body.error.message).toContain('unknown field "retiredAt"');
    const chuo = (await districtList()).find((district) => district.slug === 'chuo');
    const patched = await patchDistrict(chuo?.id ?? UNKNOWN_ID, { slug: 'renamed' });
    expect(patched.status).toBe(400);
    expect((await districtList()).map((district) => district.slug)).toEqual(expect.arrayContaining(['chuo']));
  });

  it('retires and restores a district', async () => {
    const id = await newDistrict('retiring');
    const retired = await patchDistrict(id, { retired: true });
    expect(retired.status).toBe(200);
    expect(retired.body.retired).toBe(true);
    expect(await districtList()).toContainEqual(expect.objectContaining({ id, retired: true }));
    const restored = await patchDistrict(id, { retired: false, nameEn: 'Back again' });
    expect(restored.status).toBe(200);
    expect(await districtList()).toContainEqual(expect.objectContaining({ id, retired: false }));
  });

  it('answers 404 for an unknown district and 400 for an id that is no UUID', async () => {
    const patched = await patchDistrict(UNKNOWN_ID, { nameEn: 'Nowhere' });
    expect(patched.status).toBe(404);
    expect(patched.body.error.code).toBe('city.district_not_found');
    const deleted = await deleteDistrict(UNKNOWN_ID);
    expect(deleted.status).toBe(404);
    expect(deleted.body.error.code).toBe('city.district_not_found');
    expect((await deleteDistrict('not-a-uuid')).status).toBe(400);
  });

  it('deletes a district nothing refers to', async () => {
    const id = await newDistrict('unused');
    expect((await deleteDistrict(id)).status).toBe(204);
    expect((await districtList()).map((district) => district.id)).not.toContain(id);
  });

  describe('a district something refers to', () => {
    const inUse: Record<string, string> = {};

    beforeAll(async () => {
      for (const kind of ['resident', 'census', 'codes']) inUse[kind] = await newDistrict(`with-${kind}`);
      const upload = (body: string) =>
        request(server())
          .put('/api/census')
          .set('authorization', staff.bearer)
          .set('content-type', 'text/csv')
          .send(`resident_number,district,birth_year\n${body}\n`);
      expect((await upload('R-1,with-resident,1980')).status).toBe(200);
      const verified = await request(server())
        .post('/api/me/verification/census')
        .set('authorization', resident.bearer)
        .send({ residentNumber: 'R-1', birthYear: 1980 });
      expect(verified.body.districtId).toBe(inUse.resident);
      // Each new list leaves the earlier districts with one reference only: the verified resident,
      // then the batch of the letter issued for R-3.
      expect((await upload('R-3,with-codes,1982')).status).toBe(200);
      const codes = await request(server())
        .post('/api/voting-codes')
        .set('authorization', staff.bearer)
        .send({ residentNumbers: ['R-3'] });
      expect(codes.status).toBe(201);
      expect(codes.body.batches[0].districtId).toBe(inUse.codes);
      expect((await upload('R-2,with-census,1981')).status).toBe(200);
    });

    it.each([
      ['a verified resident', 'resident'],
      ['census entries', 'census'],
      ['a batch of voting codes', 'codes'],
    ])('is not deleted while it has %s', async (_what, kind) => {
      const id = inUse[kind] ?? UNKNOWN_ID;
      const response = await deleteDistrict(id);
      expect(response.status).toBe(409);
      expect(response.body.error.code).toBe('city.district_in_use');
      expect((await districtList()).map((district) => district.id)).toContain(id);
    });
  });
});
