import { CityResponse, ErrorResponse } from '@pb/shared';
import type { App } from '../../types.js';
import { getCity } from './city.service.js';

export default async function cityRoutes(app: App): Promise<void> {
  app.get(
    '/api/city',
    {
      schema: {
        tags: ['city'],
        summary: 'The city: names, time zone, currency and districts',
        security: [],
        response: { 200: CityResponse, 503: ErrorResponse },
      },
    },
    async () => getCity(app.db),
  );
}
