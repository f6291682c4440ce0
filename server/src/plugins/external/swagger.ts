import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { ErrorResponse } from '@pb/shared';
import { referenceErrorResponses } from './openapi-error-refs.js';

export const API_TAGS = [
  { name: 'system', description: 'Health, readiness, metrics and this document' },
  { name: 'city', description: 'The city and its districts' },
  { name: 'accounts', description: 'Sign-up, sign-in, sessions and your own account' },
  { name: 'verification', description: 'Residency verification: census list and voting codes' },
  { name: 'counter', description: 'Service counter: staff helping residents in person' },
  { name: 'admin', description: 'Users and roles' },
  { name: 'audit', description: 'Audit log' },
  { name: 'cycles', description: 'Budget cycles, their rules, budgets and phases' },
  { name: 'proposals', description: 'Project proposals: submission, editing, listing and search' },
  { name: 'discussion', description: 'Comments, reports and moderation' },
  { name: 'ballots', description: 'Ballot sheets, casting and replacing your ballot, receipts' },
  { name: 'results', description: 'Counts, published results, statistics and exports' },
  { name: 'progress', description: 'Progress of the funded projects after the vote' },
] as const;

/** OpenAPI 3 document at /api/openapi.json and interactive docs at /api/docs. */
export default fp(
  async function swaggerPlugin(app: FastifyInstance) {
    app.addSchema(ErrorResponse);
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Participatory budgeting API',
          description:
            'Budget cycles, proposals, secret ballots with receipts and proportional allocation. Errors always have the body `{"error":{"code","message"}}`.',
          version: '0.1.0',
          license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
        },
        servers: [{ url: '/' }],
        components: {
          securitySchemes: {
            bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
            cookie: { type: 'apiKey', in: 'cookie', name: 'pb_session' },
            metricsToken: { type: 'http', scheme: 'bearer', description: 'The METRICS_TOKEN of the server' },
          },
        },
        security: [{ bearer: [] }, { cookie: [] }],
        tags: [...API_TAGS],
      },
      transformObject: (document) =>
        'openapiObject' in document ? referenceErrorResponses(document.openapiObject) : document.swaggerObject,
      refResolver: {
        buildLocalReference: (json, _baseUri, _fragment, index) =>
          typeof json.$id === 'string' ? json.$id : `def-${index}`,
      },
    });
    await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
    app.get(
      '/api/openapi.json',
      {
        config: { access: 'public' },
        schema: {
          tags: ['system'],
          summary: 'The OpenAPI 3 document of this API',
          response: { 200: { type: 'object', additionalProperties: true } },
        },
      },
      async () => app.swagger(),
    );
  },
  { name: 'swagger' },
);
