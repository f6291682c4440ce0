import { Type } from 'typebox';
import {
  CityResponse,
  CreateDistrictBody,
  District,
  DistrictIdParams,
  DistrictList,
  ErrorResponse,
  UpdateCityBody,
  type MapSettings,
  UpdateDistrictBody,
} from '@pb/shared';
import { requireAuth } from '../../plugins/app/access.js';
import type { App } from '../../types.js';
import { createDistrict, deleteDistrict, updateCity, updateDistrict } from './city.admin.service.js';
import { getCity, toDistrictDto } from './city.service.js';
import { listDistricts } from './city.repository.js';

const denied = { 401: ErrorResponse, 403: ErrorResponse };

export default async function cityRoutes(app: App, options: { map: MapSettings | null }): Promise<void> {
  app.get(
    '/api/city',
    {
      config: { access: 'public' },
      schema: {
        tags: ['city'],
        summary: 'The city: names, time zone, currency, districts and map settings',
        security: [],
        response: { 200: CityResponse, 503: ErrorResponse },
      },
    },
    async () => ({ ...(await getCity(app.db)), map: options.map }),
  );

  app.patch(
    '/api/city',
    {
      config: { access: ['staff'] },
      schema: {
        tags: ['city'],
        summary: "Change the city's names, time zone or currency",
        body: UpdateCityBody,
        response: { 200: CityResponse, 400: ErrorResponse, ...denied, 503: ErrorResponse },
      },
    },
    async (request) => ({
      ...(await updateCity(app.db, requireAuth(request).userId, request.body)),
      map: options.map,
    }),
  );

  app.get(
    '/api/city/districts',
    {
      config: { access: 'public' },
      schema: {
        tags: ['city'],
        summary: 'Districts, retired ones included',
        security: [],
        response: { 200: DistrictList },
      },
    },
    async () => ({ items: (await listDistricts(app.db)).map(toDistrictDto) }),
  );

  app.post(
    '/api/city/districts',
    {
      config: { access: ['staff'] },
      schema: {
        tags: ['city'],
        summary: 'Add a district',
        body: CreateDistrictBody,
        response: { 201: District, 400: ErrorResponse, ...denied, 409: ErrorResponse },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createDistrict(app.db, requireAuth(request).userId, request.body)),
  );

  app.patch(
    '/api/city/districts/:districtId',
    {
      config: { access: ['staff'] },
      schema: {
        tags: ['city'],
        summary: 'Rename, reorder, retire or restore a district',
        params: DistrictIdParams,
        body: UpdateDistrictBody,
        response: { 200: District, 400: ErrorResponse, ...denied, 404: ErrorResponse },
      },
    },
    async (request) => updateDistrict(app.db, requireAuth(request).userId, request.params.districtId, request.body),
  );

  app.delete(
    '/api/city/districts/:districtId',
    {
      config: { access: ['staff'] },
      schema: {
        tags: ['city'],
        summary: 'Delete a district that was never used (otherwise 409: retire it instead)',
        params: DistrictIdParams,
        response: { 204: Type.Null(), 400: ErrorResponse, ...denied, 404: ErrorResponse, 409: ErrorResponse },
      },
    },
    async (request, reply) => {
      await deleteDistrict(app.db, requireAuth(request).userId, request.params.districtId);
      return reply.status(204).send(null);
    },
  );
}
