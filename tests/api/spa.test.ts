import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.js';

/** A stand-in build of the web app, so these tests do not depend on `vite build` having run. */
function fakeWebBuild(): string {
  const dist = join(mkdtempSync(join(tmpdir(), 'pb-web-')), 'dist');
  mkdirSync(join(dist, 'assets'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), '<!doctype html><html lang="ja"><body><div id="app"></div></body></html>');
  writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'console.log("app")');
  writeFileSync(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  return dist;
}

describe('serving the web app', () => {
  const currentApp = useTestApp({ config: { webDistDir: fakeWebBuild() } });

  it('serves the app shell at /', async () => {
    const response = await request(currentApp().app.server).get('/');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(response.text).toContain('<div id="app">');
    expect(response.headers['cache-control']).toBe('no-cache');
  });

  it('answers a deep link with the app shell so the client router can take over', async () => {
    for (const path of ['/proposals', '/proposals/123?tab=comments', '/results/']) {
      const response = await request(currentApp().app.server).get(path);
      expect(response.status, path).toBe(200);
      expect(response.text, path).toContain('<div id="app">');
    }
  });

  it('caches hashed assets for a year', async () => {
    const response = await request(currentApp().app.server).get('/assets/index-abc123.js');
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toContain('immutable');
  });

  it('keeps unknown API paths a JSON 404, not the shell', async () => {
    const response = await request(currentApp().app.server).get('/api/proposals-that-do-not-exist');
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('route.not_found');
  });

  it('does not answer a POST to a page path with the shell', async () => {
    const response = await request(currentApp().app.server).post('/proposals').send({});
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('route.not_found');
  });
});

describe('before the web app is built', () => {
  const currentApp = useTestApp({ config: { webDistDir: join(tmpdir(), 'pb-no-such-build') } });

  it('still serves the API and answers page paths with a JSON 404', async () => {
    expect((await request(currentApp().app.server).get('/api/health')).status).toBe(200);
    const response = await request(currentApp().app.server).get('/');
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('route.not_found');
  });
});
