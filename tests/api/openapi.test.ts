import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.js';

const currentApp = useTestApp();

interface Operation {
  tags?: string[];
  summary?: string;
  responses?: Record<string, unknown>;
}

describe('OpenAPI document', () => {
  it('is served as OpenAPI 3 at /api/openapi.json', async () => {
    const response = await request(currentApp().app.server).get('/api/openapi.json');
    expect(response.status).toBe(200);
    expect(response.body.openapi).toMatch(/^3\./);
    expect(Object.keys(response.body.paths)).toEqual(
      expect.arrayContaining(['/api/health', '/api/ready', '/api/city', '/api/openapi.json']),
    );
  });

  it('gives every operation tags, a summary and a success response schema', async () => {
    const response = await request(currentApp().app.server).get('/api/openapi.json');
    const paths = response.body.paths as Record<string, Record<string, Operation>>;
    const incomplete: string[] = [];
    for (const [path, operations] of Object.entries(paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const statuses = Object.keys(operation.responses ?? {});
        if (!operation.tags?.length || !operation.summary || !statuses.some((status) => status.startsWith('2'))) {
          incomplete.push(`${method.toUpperCase()} ${path}`);
        }
      }
    }
    expect(incomplete).toEqual([]);
  });

  it('describes error responses with the error body', async () => {
    const response = await request(currentApp().app.server).get('/api/openapi.json');
    const ready = response.body.paths['/api/ready'].get.responses['503'];
    expect(ready.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/ErrorResponse' });
    const schema = response.body.components.schemas.ErrorResponse;
    expect(schema.required).toEqual(['error']);
    expect(schema.properties.error.required).toEqual(['code', 'message']);
  });

  it('serves the interactive documentation', async () => {
    const response = await request(currentApp().app.server).get('/api/docs/').redirects(1);
    expect(response.status).toBe(200);
    expect(response.text).toContain('swagger');
  });
});
