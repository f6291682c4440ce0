import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CityResponse, Cycle, Proposal, ProposalList } from '@pb/shared';
import { ConfigError, loadConfig } from '../../server/src/config.js';
import { updateUser } from '../../server/src/modules/users/users.repository.js';
import { TEST_SECRETS, useTestApp } from '../helpers/app.js';
import { createAccount, type TestAccount } from '../helpers/accounts.js';

const TILE_URL = 'https://tiles.example.org/std/{z}/{x}/{y}.png';
const MAP = {
  tileUrl: TILE_URL,
  attribution: '地理院タイル',
  center: { latitude: 36.3948, longitude: 139.2813 },
  zoom: 14,
};

describe('proposal places', () => {
  const current = useTestApp({ config: { map: MAP } });
  const server = () => current().app.server;
  let staff: TestAccount;
  let resident: TestAccount;
  let kita = '';
  let cycle: Cycle;

  function propose(overrides: object = {}) {
    return request(server())
      .post(`/api/cycles/${cycle.id}/proposals`)
      .set('authorization', resident.bearer)
      .send({
        title: 'Benches by the station',
        summary: 'Four benches in front of the north exit.',
        description: 'People wait for the bus standing up.',
        category: 'streets',
        districtId: kita,
        estimatedCost: 800_000,
        location: '駅前ロータリー北口',
        ...overrides,
      });
  }

  function edit(proposalId: string, body: object) {
    return request(server()).patch(`/api/proposals/${proposalId}`).set('authorization', resident.bearer).send(body);
  }

  async function listed(proposalId: string): Promise<ProposalList['items'][number] | undefined> {
    const response = await request(server()).get(`/api/cycles/${cycle.id}/proposals?limit=100`);
    return (response.body as ProposalList).items.find((item) => item.id === proposalId);
  }

  beforeAll(async () => {
    staff = await createAccount(current().app, ['staff']);
    resident = await createAccount(current().app, ['resident']);
    const city = (await request(server()).get('/api/city')).body as CityResponse;
    kita = city.districts.find((district) => district.slug === 'kita')?.id ?? '';
    await updateUser(current().app.db, resident.id, {
      districtId: kita,
      verificationMethod: 'code',
      verifiedAt: new Date(),
    });
    const created = await request(server())
      .post('/api/cycles')
      .set('authorization', staff.bearer)
      .send({
        titleJa: '場所のテスト',
        titleEn: 'Places test',
        ballot: { method: 'approval' },
        proposalQuota: 100,
        districts: [{ districtId: kita, budget: 10_000_000 }],
      });
    cycle = created.body as Cycle;
    await request(server())
      .post(`/api/cycles/${cycle.id}/phase`)
      .set('authorization', staff.bearer)
      .send({ to: 'submission' });
  });

  it('a point chosen with the proposal comes back on the proposal and in the list, next to the address text', async () => {
    const point = { latitude: 36.39812, longitude: 139.28501 };
    const response = await propose({ point });
    expect(response.status).toBe(201);
    const proposal = response.body as Proposal;
    expect(proposal.point).toEqual(point);
    expect(proposal.location).toBe('駅前ロータリー北口');
    const read = (await request(server()).get(`/api/proposals/${proposal.id}`)).body as Proposal;
    expect(read.point).toEqual(point);
    expect((await listed(proposal.id))?.point).toEqual(point);
  });

  it('a proposal without a point says so with null', async () => {
    const response = await propose();
    expect(response.status).toBe(201);
    expect((response.body as Proposal).point).toBeNull();
    expect((await listed((response.body as Proposal).id))?.point).toBeNull();
  });

  it('the author moves the point and then removes it, keeping the address text', async () => {
    const created = (await propose({ point: { latitude: 36.39, longitude: 139.28 } })).body as Proposal;
    const moved = await edit(created.id, { point: { latitude: -33.8568, longitude: 151.2153 } });
    expect(moved.status).toBe(200);
    expect((moved.body as Proposal).point).toEqual({ latitude: -33.8568, longitude: 151.2153 });

    const untouched = await edit(created.id, { title: 'Benches by the station, north exit' });
    expect((untouched.body as Proposal).point).toEqual({ latitude: -33.8568, longitude: 151.2153 });

    const cleared = await edit(created.id, { point: null });
    expect(cleared.status).toBe(200);
    expect((cleared.body as Proposal).point).toBeNull();
    expect((cleared.body as Proposal).location).toBe('駅前ロータリー北口');
    expect(((await request(server()).get(`/api/proposals/${created.id}`)).body as Proposal).point).toBeNull();
  });

  it.each([
    ['a latitude above 90', { latitude: 90.5, longitude: 139 }],
    ['a latitude below -90', { latitude: -91, longitude: 139 }],
    ['a longitude above 180', { latitude: 36, longitude: 180.01 }],
    ['a longitude below -180', { latitude: 36, longitude: -200 }],
  ])('%s is refused with proposals.point_out_of_range and nothing is stored', async (_name, point) => {
    const before = (await request(server()).get(`/api/cycles/${cycle.id}/proposals`)).body as ProposalList;
    const response = await propose({ point, title: 'Off the map' });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('proposals.point_out_of_range');
    const after = (await request(server()).get(`/api/cycles/${cycle.id}/proposals`)).body as ProposalList;
    expect(after.total).toBe(before.total);

    const existing = (await propose({ point: { latitude: 36.4, longitude: 139.3 } })).body as Proposal;
    const edited = await edit(existing.id, { point });
    expect(edited.status).toBe(400);
    expect(edited.body.error.code).toBe('proposals.point_out_of_range');
    expect(((await request(server()).get(`/api/proposals/${existing.id}`)).body as Proposal).point).toEqual({
      latitude: 36.4,
      longitude: 139.3,
    });
  });

  it.each([
    ['only a latitude', { latitude: 36.4 }],
    ['only a longitude', { longitude: 139.3 }],
    ['an extra field', { latitude: 36.4, longitude: 139.3, altitude: 12 }],
  ])('a point with %s is refused as an invalid request', async (_name, point) => {
    const response = await propose({ point, title: 'Half a place' });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('request.invalid');
  });

  it('other invalid fields still answer request.invalid when the point is fine', async () => {
    const response = await propose({ point: { latitude: 36.4, longitude: 139.3 }, estimatedCost: -1 });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('request.invalid');
  });

  it('the city tells the web app where its map tiles come from and where maps open', async () => {
    const city = (await request(server()).get('/api/city')).body as CityResponse;
    expect(city.map).toEqual(MAP);
  });

  it('the Content-Security-Policy admits images from the tile host and no other remote host', async () => {
    const response = await request(server()).get('/api/city');
    const policy = String(response.headers['content-security-policy']);
    const imgSrc = policy.split(';').find((directive) => directive.trim().startsWith('img-src')) ?? '';
    expect(imgSrc.trim().split(/\s+/)).toEqual(['img-src', "'self'", 'data:', 'https://tiles.example.org']);
  });
});

describe('without map tiles configured', () => {
  const current = useTestApp();

  it('the city has no map settings and images stay limited to our own origin', async () => {
    const response = await request(current().app.server).get('/api/city');
    expect((response.body as CityResponse).map).toBeNull();
    const policy = String(response.headers['content-security-policy']);
    expect(policy).toContain("img-src 'self' data:;");
  });
});

describe('map configuration', () => {
  const env = (extra: Record<string, string>) => ({ ...TEST_SECRETS, ...extra });

  it('reads the tile URL, attribution, centre and zoom', () => {
    const config = loadConfig(
      env({
        MAP_TILE_URL: 'https://cyberjapandata.gsi.go.jp/xyz/std/{z}/{x}/{y}.png',
        MAP_ATTRIBUTION: '地理院タイル',
        MAP_CENTER: '35.6812,139.7671',
        MAP_ZOOM: '15',
      }),
    );
    expect(config.map).toEqual({
      tileUrl: 'https://cyberjapandata.gsi.go.jp/xyz/std/{z}/{x}/{y}.png',
      attribution: '地理院タイル',
      center: { latitude: 35.6812, longitude: 139.7671 },
      zoom: 15,
    });
  });

  it('opens maps on the demo city at zoom 13 unless told otherwise', () => {
    const config = loadConfig(env({ MAP_TILE_URL: TILE_URL, MAP_ATTRIBUTION: '© OpenStreetMap contributors' }));
    expect(config.map?.center).toEqual({ latitude: 36.3948, longitude: 139.2813 });
    expect(config.map?.zoom).toBe(13);
  });

  it('has no map without a tile URL', () => {
    expect(loadConfig(env({ MAP_ATTRIBUTION: '地理院タイル' })).map).toBeUndefined();
  });

  it.each([
    ['a tile URL without an attribution', { MAP_TILE_URL: TILE_URL }, 'MAP_ATTRIBUTION'],
    ['a tile URL without {z}/{x}/{y}', { MAP_TILE_URL: 'https://tiles.example.org/map.png', MAP_ATTRIBUTION: 'x' }],
    ['an attribution with HTML', { MAP_TILE_URL: TILE_URL, MAP_ATTRIBUTION: '<a href="x">OSM</a>' }],
    ['a centre off the globe', { MAP_TILE_URL: TILE_URL, MAP_ATTRIBUTION: 'x', MAP_CENTER: '95,139' }],
    ['a zoom of 25', { MAP_TILE_URL: TILE_URL, MAP_ATTRIBUTION: 'x', MAP_ZOOM: '25' }],
  ])('refuses %s at boot', (_name, extra, key = '') => {
    expect(() => loadConfig(env(extra))).toThrow(ConfigError);
    if (key !== '') expect(() => loadConfig(env(extra))).toThrow(key);
  });
});
