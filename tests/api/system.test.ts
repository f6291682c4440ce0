import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { usingPostgres } from '../helpers/database.js';

const currentApp = useTestApp();

describe('health and readiness', () => {
  it('reports the process alive', async () => {
    const response = await request(currentApp().app.server).get('/api/health');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('reports ready when the database answers, naming the driver in use', async () => {
    const response = await request(currentApp().app.server).get('/api/ready');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ready', database: usingPostgres ? 'postgres' : 'pglite' });
  });

  it('gives every response a request id', async () => {
    const first = await request(currentApp().app.server).get('/api/health');
    const second = await request(currentApp().app.server).get('/api/health');
    expect(first.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(first.headers['x-request-id']).not.toBe(second.headers['x-request-id']);
  });

  it('ignores a request id chosen by the client', async () => {
    const response = await request(currentApp().app.server).get('/api/health').set('x-request-id', 'forged');
    expect(response.headers['x-request-id']).not.toBe('forged');
  });
});

describe('unknown routes', () => {
  it('answers an unknown API path with a JSON 404', async () => {
    const response = await request(currentApp().app.server).get('/api/no-such-thing');
    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toMatch(/application\/json/);
    expect(response.body).toEqual({ error: { code: 'route.not_found', message: expect.any(String) } });
  });

  it('answers an unknown API method with a JSON 404 too', async () => {
    const response = await request(currentApp().app.server).delete('/api/health');
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('route.not_found');
  });
});

describe('security headers', () => {
  it('sends a Content-Security-Policy that allows no inline scripts', async () => {
    const response = await request(currentApp().app.server).get('/api/health');
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
  });

  it('sends no HSTS outside production', async () => {
    const response = await request(currentApp().app.server).get('/api/health');
    expect(response.headers['strict-transport-security']).toBeUndefined();
  });
});
