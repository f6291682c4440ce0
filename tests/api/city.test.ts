import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DISTRICTS, seedCity } from '../../server/src/modules/city/city.service.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

describe('the demo city', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp({ config: { seedDemo: true } });
    await testApp.app.ready();
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('is seeded on first start with its districts, city-wide first', async () => {
    const response = await request(testApp.app.server).get('/api/city');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      nameJa: 'みどり市',
      nameEn: 'Midori City',
      timeZone: 'Asia/Tokyo',
      currency: 'JPY',
    });
    const districts = response.body.districts as { slug: string }[];
    expect(districts.map((district) => district.slug)).toEqual(DEMO_DISTRICTS.map((district) => district.slug));
    expect(response.body.districts[0]).toMatchObject({ cityWide: true, retired: false });
  });

  it('is not seeded twice', async () => {
    const createdAgain = await seedCity(testApp.app.db, { cityName: undefined, timeZone: 'Asia/Tokyo', demo: true });
    expect(createdAgain).toBe(false);
    const response = await request(testApp.app.server).get('/api/city');
    expect(response.body.districts).toHaveLength(DEMO_DISTRICTS.length);
  });
});

describe('a city configured without demo data', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp({
      config: { seedDemo: false, cityName: 'Example Ward', cityTimeZone: 'Europe/Warsaw' },
    });
    await testApp.app.ready();
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('takes its name and time zone from the configuration and has no districts yet', async () => {
    const response = await request(testApp.app.server).get('/api/city');
    expect(response.body).toMatchObject({ nameJa: 'Example Ward', nameEn: 'Example Ward', timeZone: 'Europe/Warsaw' });
    expect(response.body.districts).toEqual([]);
  });
});
