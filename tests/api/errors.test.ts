import request from 'supertest';
import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, defineErrors } from '../../server/src/errors.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

const ProbeErrors = defineErrors({
  conflict: { code: 'probe.conflict', status: 409, message: 'The probe is in conflict.' },
});

let testApp: TestApp;

/** Routes that exist only in this test, to drive the one error handler through every branch. */
beforeAll(async () => {
  testApp = await createTestApp();
  const { app } = testApp;
  app.post(
    '/api/test/echo',
    {
      config: { access: 'public' },
      schema: {
        body: Type.Object({ name: Type.String({ minLength: 1 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ name: Type.String() }) },
      },
    },
    async (request) => ({ name: request.body.name }),
  );
  app.get('/api/test/conflict', { config: { access: 'public' } }, async () => {
    throw new AppError(ProbeErrors.conflict);
  });
  app.get('/api/test/crash', { config: { access: 'public' } }, async () => {
    throw new Error('secret detail: password=hunter2 at /srv/app.ts:42');
  });
  app.get('/api/test/database-down', { config: { access: 'public' } }, async () => {
    throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
  });
  await app.ready();
});

afterAll(async () => {
  await testApp.close();
});

describe('the error handler', () => {
  it('accepts a valid body', async () => {
    const response = await request(testApp.app.server).post('/api/test/echo').send({ name: 'Aoi' });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ name: 'Aoi' });
  });

  it('refuses an unknown body field instead of dropping it', async () => {
    const response = await request(testApp.app.server).post('/api/test/echo').send({ name: 'Aoi', admin: true });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('request.invalid');
    expect(response.body.error.message).toContain('unknown field "admin"');
  });

  it('names a missing required field', async () => {
    const response = await request(testApp.app.server).post('/api/test/echo').send({});
    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain('missing required field "name"');
  });

  it('answers malformed JSON with a 400', async () => {
    const response = await request(testApp.app.server)
      .post('/api/test/echo')
      .set('content-type', 'application/json')
      .send('{"name": ');
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('request.invalid_json');
  });

  it('answers an unsupported content type with a 415', async () => {
    const response = await request(testApp.app.server)
      .post('/api/test/echo')
      .set('content-type', 'application/xml')
      .send('<name>Aoi</name>');
    expect(response.status).toBe(415);
    expect(response.body.error.code).toBe('request.unsupported_media_type');
  });

  it('answers an oversized body with a 413', async () => {
    const response = await request(testApp.app.server)
      .post('/api/test/echo')
      .send({ name: 'x'.repeat(200 * 1024) });
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('request.too_large');
  });

  it('renders a declared module error with its own code and status', async () => {
    const response = await request(testApp.app.server).get('/api/test/conflict');
    expect(response.status).toBe(409);
    expect(response.body).toEqual({ error: { code: 'probe.conflict', message: 'The probe is in conflict.' } });
  });

  it('hides the detail and stack of an unexpected error', async () => {
    const response = await request(testApp.app.server).get('/api/test/crash');
    expect(response.status).toBe(500);
    expect(response.body).toEqual({ error: { code: 'internal.error', message: 'Something went wrong on our side.' } });
    expect(response.text).not.toContain('hunter2');
    expect(response.text).not.toContain('app.ts');
  });

  it('reports a lost database connection as 503 service.unavailable', async () => {
    const response = await request(testApp.app.server).get('/api/test/database-down');
    expect(response.status).toBe(503);
    expect(response.body.error.code).toBe('service.unavailable');
  });
});

describe('declaring errors', () => {
  it('refuses a code that does not follow module.snake_case', () => {
    expect(() => defineErrors({ bad: { code: 'NotNamespaced', status: 400, message: 'x' } })).toThrow(
      /module\.snake_case/,
    );
  });
});
