import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { createAccount, type TestAccount } from '../helpers/accounts.js';
import { contractViolation, fuzzRequest, type FuzzRequest } from '../helpers/fuzz.js';
import { targetedRequests } from '../helpers/fuzz-targeted.js';
import {
  listOperations,
  openObjectSchemas,
  type ApiOperation,
  type OpenApiDocument,
} from '../helpers/openapi-document.js';
import { createReviewCycle, districtIds } from '../helpers/voting.js';
import type { RouteAccess } from '../../server/src/plugins/app/access.js';

/** Fixed, so a failure replays exactly; printed so a run can be reproduced with another seed too. */
const SEED = Number(process.env.FUZZ_SEED ?? 20261130);
const MINIMUM_REQUESTS = 5_000;
/** Routes that end or replace the caller's session: fuzzed without a real one, so the others keep theirs. */
const SESSION_ENDING = new Set([
  'POST /api/auth/logout',
  'POST /api/auth/refresh',
  'DELETE /api/me',
  'POST /api/me/password',
]);

const current = useTestApp();

describe('fuzzing every route of the OpenAPI document', () => {
  let operations: ApiOperation[] = [];
  let bearers: string[] = [];
  let knownIds: string[] = [];
  /** A session whose roles pass each route's access check, so the targeted values reach validation. */
  let bearerFor: (operation: ApiOperation) => string | undefined = () => undefined;

  beforeAll(async () => {
    const app = current().app;
    const document = JSON.parse(
      (await app.inject({ method: 'GET', url: '/api/openapi.json' })).body,
    ) as OpenApiDocument;
    operations = listOperations(document);
    const staff: TestAccount = await createAccount(app, ['staff']);
    const accounts = [
      await createAccount(app, ['resident']),
      staff,
      await createAccount(app, ['admin']),
      await createAccount(app, ['moderator', 'auditor']),
    ];
    bearers = accounts.map((account) => account.bearer);
    const byRole = new Map([
      ['resident', accounts[0]],
      ['staff', staff],
      ['admin', accounts[2]],
      ['moderator', accounts[3]],
      ['auditor', accounts[3]],
    ]);
    // A session of its own: the routes that end sessions must refuse these requests before ending it.
    const expendable = await createAccount(app, ['resident']);
    const accessOf = (operation: ApiOperation): RouteAccess | undefined =>
      app.accessTable.find(
        (route) => route.method === operation.method && route.url === operation.path.replace(/\{(\w+)\}/g, ':$1'),
      )?.access;
    bearerFor = (operation) => {
      if (SESSION_ENDING.has(`${operation.method} ${operation.path}`)) return expendable.bearer;
      const access = accessOf(operation) ?? 'public';
      if (access === 'public' || access === 'signed-in') return accounts[0]?.bearer;
      return access.map((role) => byRole.get(role)?.bearer).find((bearer) => bearer !== undefined);
    };
    const districts = await districtIds(app);
    const kita = districts.kita ?? '';
    const { cycleId, projects } = await createReviewCycle(app, staff, {
      ballot: { method: 'approval' },
      districts: [{ districtId: kita, budget: 1000 }],
      projects: [{ districtId: kita, cost: 100 }],
    });
    knownIds = [cycleId, ...(projects.get(kita) ?? []), ...Object.values(districts)];
  });

  it('finds every request body object closed to unknown fields (additionalProperties: false)', () => {
    const open = operations.flatMap((operation) =>
      operation.bodySchema === undefined
        ? []
        : openObjectSchemas(operation.bodySchema, `${operation.method} ${operation.path} body`),
    );
    expect(operations.length).toBeGreaterThan(50);
    expect(open).toEqual([]);
  });

  it(`answers ${String(MINIMUM_REQUESTS)}+ malformed requests with no 5xx and the JSON error body on every 4xx`, async () => {
    const app = current().app;
    const runsPerOperation = Math.ceil(MINIMUM_REQUESTS / operations.length);
    const violations: string[] = [];
    let sent = 0;
    const statuses = new Map<number, number>();
    const started = performance.now();
    console.warn(
      `fuzz: seed ${String(SEED)}, ${String(operations.length)} operations × ${String(runsPerOperation)} runs`,
    );
    for (const [index, operation] of operations.entries()) {
      const key = `${operation.method} ${operation.path}`;
      const context = { knownIds, bearers, withSession: !SESSION_ENDING.has(key) };
      await fc.assert(
        fc.asyncProperty(fuzzRequest(operation, context), async (request: FuzzRequest) => {
          const response = await app.inject({
            method: request.method as 'GET',
            url: request.url,
            headers: request.headers,
            ...(request.payload === undefined ? {} : { payload: request.payload }),
          });
          sent += 1;
          statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
          const violation = contractViolation(
            response.statusCode,
            response.headers['content-type'] as string | undefined,
            response.body,
          );
          if (violation !== undefined && violations.length < 50) {
            violations.push(
              `${request.method} ${request.url.slice(0, 200)} ${JSON.stringify(request.headers)} body=${(request.payload ?? '').slice(0, 200)} → ${violation}`,
            );
          }
        }),
        // Each operation gets its own deterministic stream derived from the one seed.
        { seed: SEED + index, numRuns: runsPerOperation, endOnFailure: true },
      );
    }
    const seconds = (performance.now() - started) / 1000;
    console.warn(`fuzz: ${String(sent)} requests in ${seconds.toFixed(1)} s, ${String(violations.length)} violations`);
    const tally = [...statuses]
      .sort(([a], [b]) => a - b)
      .map(([status, count]) => `${String(status)}×${String(count)}`);
    console.warn(`fuzz: statuses ${tally.join(' ')}`);
    expect(violations).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(MINIMUM_REQUESTS);
  }, 300_000);

  /** Fields whose out-of-range values have a code of their own, so the app can explain them in plain words. */
  const FIELD_REFUSAL_CODES: Readonly<Record<string, string>> = {
    'body.point.latitude': 'proposals.point_out_of_range',
    'body.point.longitude': 'proposals.point_out_of_range',
  };

  it('answers a NUL or lone surrogate in every string and an out-of-range number in every numeric field with 400', async () => {
    const app = current().app;
    const wrong: string[] = [];
    let sent = 0;
    const started = performance.now();
    for (const operation of operations) {
      for (const request of targetedRequests(operation, knownIds, bearerFor(operation))) {
        const response = await app.inject({
          method: request.method as 'GET',
          url: request.url,
          headers: request.headers,
          ...(request.payload === undefined ? {} : { payload: request.payload }),
        });
        sent += 1;
        const violation = contractViolation(
          response.statusCode,
          response.headers['content-type'] as string | undefined,
          response.body,
        );
        const refused = response.statusCode === 400 && violation === undefined;
        const expectedCode = FIELD_REFUSAL_CODES[request.what.split(' = ')[0] ?? ''] ?? 'request.invalid';
        if (!refused || response.json<{ error: { code: string } }>().error.code !== expectedCode) {
          wrong.push(
            `${request.method} ${request.url} (${request.what}) → ${violation ?? `${String(response.statusCode)} ${response.body.slice(0, 200)}`}`,
          );
        }
      }
    }
    const seconds = (performance.now() - started) / 1000;
    console.warn(
      `fuzz: ${String(sent)} targeted requests in ${seconds.toFixed(1)} s, ${String(wrong.length)} not refused`,
    );
    expect(wrong).toEqual([]);
    expect(sent).toBeGreaterThan(operations.length * 2);
  }, 300_000);
});
