import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { DEMO_DISTRICTS, seedCity } from '../../server/src/modules/city/city.service.js';
import { useTestApp } from '../helpers/app.js';

describe('the demo city', () => {
  const currentApp = useTestApp({ config: { seedDemo: true } });

  it('is seeded on first start with its districts, city-wide first', async () => {
    const response = await request(currentApp().app.server).get('/api/city');
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
    const createdAgain = await seedCity(currentApp().app.db, {
      cityName: undefined,
      timeZone: 'Asia/Tokyo',
      demo: true,
    });
    expect(createdAgain).toBe(false);
    const response = await request(currentApp().app.server).get('/api/city');
    expect(response.body.districts).toHaveLength(DEMO_DISTRICTS.length);
  });
});

describe('a city configured without demo data', () => {
  const currentApp = useTestApp({
    config: { seedDemo: false, cityName: 'Example Ward', cityTimeZone: 'Europe/Warsaw' },
  });

  it('takes its name and time zone from the configuration and has no districts yet', async () => {
    const response = await request(currentApp().app.server).get('/api/city');
    expect(response.body).toMatchObject({ nameJa: 'Example Ward', nameEn: 'Example Ward', timeZone: 'Europe/Warsaw' });
    expect(response.body.districts).toEqual([]);
  });
});
